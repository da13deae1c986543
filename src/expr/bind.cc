// Type resolution and implicit casts, following Polars' promotion rules.
#include <algorithm>
#include <cmath>

#include "compute/cast.h"
#include "compute/window_functions.h"
#include "core/error.h"
#include "expr/bound_expr.h"

namespace floe {

using compute::ArithOp;

std::string output_name(const ExprNode& e) {
  switch (e.kind) {
    case ExprKind::kColumn: return e.name;
    case ExprKind::kAlias: return e.name;
    case ExprKind::kLiteral: return "literal";
    case ExprKind::kLen: return "len";
    case ExprKind::kIntRange: return "literal";
    case ExprKind::kTernary: return output_name(*e.children[1]);
    default:
      if (!e.children.empty()) return output_name(*e.children[0]);
      return "";
  }
}

void collect_columns(const ExprNode& e, std::vector<std::string>& out) {
  if (e.kind == ExprKind::kColumn) {
    if (std::find(out.begin(), out.end(), e.name) == out.end()) out.push_back(e.name);
    return;
  }
  if (e.kind == ExprKind::kColumns) {
    for (const auto& n : e.names) {
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
  }
  for (const auto& c : e.children) collect_columns(*c, out);
}

namespace {

/// Replaces the multi-column leaf of `node` by `col(name)` (Polars expands `col("a","b") + 1`
/// into `col("a") + 1, col("b") + 1`).
ExprNodePtr substitute_leaf(const ExprNodePtr& node, const std::string& name) {
  if (node->kind == ExprKind::kColumns || node->kind == ExprKind::kWildcard || node->kind == ExprKind::kDtypeColumns) {
    return col(name).node();
  }
  auto copy = std::make_shared<ExprNode>(*node);
  for (auto& c : copy->children) c = substitute_leaf(c, name);
  return copy;
}

const ExprNode* find_multi(const ExprNode& e) {
  if (e.kind == ExprKind::kColumns || e.kind == ExprKind::kWildcard || e.kind == ExprKind::kDtypeColumns) return &e;
  for (const auto& c : e.children) {
    if (auto* m = find_multi(*c)) return m;
  }
  return nullptr;
}

}  // namespace

std::vector<Expr> expand_expressions(const std::vector<Expr>& exprs, const Schema& schema) {
  std::vector<Expr> out;
  for (const auto& e : exprs) {
    const ExprNode* multi = find_multi(*e);
    if (!multi) {
      out.push_back(e);
      continue;
    }
    std::vector<std::string> names;
    if (multi->kind == ExprKind::kColumns) {
      for (const auto& n : multi->names) {
        schema.index_of(n);
        names.push_back(n);
      }
    } else if (multi->kind == ExprKind::kWildcard) {
      for (const auto& ex : multi->names) schema.index_of(ex);
      for (const auto& f : schema) {
        if (std::find(multi->names.begin(), multi->names.end(), f.name) == multi->names.end()) names.push_back(f.name);
      }
    } else {
      for (const auto& f : schema) {
        for (const auto& t : multi->dtypes) {
          bool match = t == f.type || (t.id == f.type.id && (t.id == TypeId::kDatetime || t.id == TypeId::kDuration) && t.tz == "*");
          if (match) {
            names.push_back(f.name);
            break;
          }
        }
      }
    }
    for (const auto& n : names) out.emplace_back(substitute_leaf(e.node(), n));
  }
  return out;
}

namespace {

BoundExprPtr cast_to(const BoundExprPtr& e, const DataType& t, bool strict = true) {
  if (e->type == t) return e;
  auto b = std::make_shared<BoundExpr>(*e);
  if (e->kind == ExprKind::kLiteral) {
    // Fold the cast into the literal now rather than per morsel.
    b->literal = compute::cast(e->literal, t, strict, "literal");
    b->type = t;
    return b;
  }
  FLOE_USER_CHECK(compute::can_cast(e->type, t), InvalidOperation, "casting from {} to {} not supported",
                  e->type.to_string(), t.to_string());
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprKind::kCast;
  n->cast_to = t;
  n->strict = strict;
  b->kind = ExprKind::kCast;
  b->type = t;
  b->source = n;
  b->children = {e};
  b->literal = nullptr;
  b->column_index = -1;
  b->function = nullptr;
  return b;
}

bool is_dynamic(const BoundExprPtr& e) { return e->kind == ExprKind::kLiteral && e->source->dynamic; }

/// The smallest integer type holding a dynamic int literal, as Polars materializes it.
DataType smallest_int(int64_t v) {
  if (v >= INT8_MIN && v <= INT8_MAX) return TypeId::kInt8;
  if (v >= INT16_MIN && v <= INT16_MAX) return TypeId::kInt16;
  if (v >= INT32_MIN && v <= INT32_MAX) return TypeId::kInt32;
  return TypeId::kInt64;
}

bool fits(const Scalar& s, const DataType& t) {
  if (!t.is_integer()) return t.is_float();
  if (s.type().is_float()) return false;
  int64_t v = s.as_int64();
  switch (t.id) {
    case TypeId::kInt8: return v >= INT8_MIN && v <= INT8_MAX;
    case TypeId::kInt16: return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInt32: return v >= INT32_MIN && v <= INT32_MAX;
    case TypeId::kInt64: return true;
    case TypeId::kUInt8: return v >= 0 && v <= UINT8_MAX;
    case TypeId::kUInt16: return v >= 0 && v <= UINT16_MAX;
    case TypeId::kUInt32: return v >= 0 && v <= UINT32_MAX;
    case TypeId::kUInt64: return v >= 0;
    default: return false;
  }
}

/// Common type of two operands, honouring dynamic literals (`i8_col + 1` stays i8, `i8_col +
/// 300` becomes i16, `i64_col * 1.5` becomes f64, `f32_col * 1.5` stays f32).
DataType common_type(const BoundExprPtr& a, const BoundExprPtr& b) {
  bool da = is_dynamic(a), db = is_dynamic(b);
  if (da && db) return supertype(a->type, b->type);
  if (da || db) {
    const BoundExprPtr& lit = da ? a : b;
    const BoundExprPtr& other = da ? b : a;
    const Scalar& s = lit->source->literal;
    const DataType& t = other->type;
    if (t.id == TypeId::kNull) return lit->type;
    if (s.type().is_float()) {
      if (t.is_float()) return t;
      if (t.is_integer() || t.id == TypeId::kBoolean) return TypeId::kFloat64;
      return supertype(t, TypeId::kFloat64);
    }
    if (t.is_numeric()) {
      if (fits(s, t)) return t;
      // A non-negative literal next to an unsigned column stays unsigned (u8 * 1000 -> u16).
      if (t.is_unsigned_integer() && s.as_int64() >= 0) {
        for (TypeId u : {TypeId::kUInt16, TypeId::kUInt32, TypeId::kUInt64}) {
          if (fits(s, u)) return supertype(t, u);
        }
      }
      return supertype(t, smallest_int(s.as_int64()));
    }
    if (t.id == TypeId::kBoolean) return TypeId::kInt32;
    return supertype(t, lit->type);
  }
  return supertype(a->type, b->type);
}

[[noreturn]] void arith_not_allowed(ArithOp op, const BoundExprPtr& a, const BoundExprPtr& b) {
  auto describe = [](const BoundExprPtr& e) {
    if (e->kind == ExprKind::kColumn) return fmt::format("column '{}'", e->name);
    return fmt::format("expression `{}`", Expr(e->source).to_string());
  };
  auto dtype = [](const BoundExprPtr& e) {
    if (is_dynamic(e)) return std::string(e->type.is_float() ? "dyn float" : "dyn int");
    return e->type.to_string();
  };
  throw InvalidOperation(fmt::format(
      "arithmetic on dtypes {} and {} is not allowed (lhs: {}, rhs: {}); try an explicit cast first", dtype(a),
      dtype(b), describe(a), describe(b)));
}

TimeUnit finer(TimeUnit a, TimeUnit b) { return std::max(a, b); }

/// Arithmetic involving dates, datetimes and durations, lowered to integer arithmetic on ticks
/// with casts around it.
BoundExprPtr bind_temporal_arith(std::shared_ptr<BoundExpr> b, BoundExprPtr l, BoundExprPtr r) {
  ArithOp op = b->source->arith_op;
  const DataType lt = l->type, rt = r->type;
  auto ticks = [](const BoundExprPtr& e) { return cast_to(e, TypeId::kInt64); };
  auto finish = [&](BoundExprPtr li, BoundExprPtr ri, DataType result) -> BoundExprPtr {
    b->children = {li, ri};
    b->type = TypeId::kInt64;
    auto n = std::make_shared<ExprNode>(*b->source);
    b->source = n;
    // The integer result is reinterpreted as the temporal result type.
    auto wrap = std::make_shared<BoundExpr>(*b);
    auto cn = std::make_shared<ExprNode>();
    cn->kind = ExprKind::kCast;
    cn->cast_to = result;
    wrap->kind = ExprKind::kCast;
    wrap->type = result;
    wrap->source = cn;
    wrap->children = {b};
    return wrap;
  };
  bool sub = op == ArithOp::kSub, add = op == ArithOp::kAdd;
  // date/datetime - date/datetime -> duration
  if (sub && (lt.id == TypeId::kDate || lt.id == TypeId::kDatetime) && (rt.id == TypeId::kDate || rt.id == TypeId::kDatetime)) {
    TimeUnit u = TimeUnit::kMicro;
    std::string tz;
    if (lt.id == TypeId::kDatetime) u = lt.unit, tz = lt.tz;
    if (rt.id == TypeId::kDatetime) u = lt.id == TypeId::kDatetime ? finer(u, rt.unit) : rt.unit;
    DataType dt = DataType::datetime(u, tz);
    return finish(ticks(cast_to(l, dt)), ticks(cast_to(r, DataType::datetime(u, rt.id == TypeId::kDatetime ? rt.tz : tz))),
                  DataType::duration(u));
  }
  // datetime +/- duration -> datetime; date +/- duration -> date
  if ((add || sub) && (lt.id == TypeId::kDatetime || lt.id == TypeId::kDate) && rt.id == TypeId::kDuration) {
    if (lt.id == TypeId::kDate) {
      DataType dt = DataType::datetime(rt.unit);
      auto inner = finish(ticks(cast_to(l, dt)), r->type == DataType::duration(rt.unit) ? ticks(r) : ticks(r), dt);
      return cast_to(inner, TypeId::kDate);
    }
    // The datetime's unit wins, as in Polars (the duration is converted to it).
    TimeUnit u = lt.unit;
    return finish(ticks(l), ticks(cast_to(r, DataType::duration(u))), DataType::datetime(u, lt.tz));
  }
  if (add && lt.id == TypeId::kDuration && (rt.id == TypeId::kDatetime || rt.id == TypeId::kDate)) {
    b->children = {r, l};
    return bind_temporal_arith(b, r, l);
  }
  // duration +/- duration
  if ((add || sub) && lt.id == TypeId::kDuration && rt.id == TypeId::kDuration) {
    TimeUnit u = finer(lt.unit, rt.unit);
    return finish(ticks(cast_to(l, DataType::duration(u))), ticks(cast_to(r, DataType::duration(u))), DataType::duration(u));
  }
  // duration * int, duration / int, duration // int
  if (lt.id == TypeId::kDuration && rt.is_integer() &&
      (op == ArithOp::kMul || op == ArithOp::kTrueDiv || op == ArithOp::kFloorDiv)) {
    if (op == ArithOp::kTrueDiv) {
      auto n = std::make_shared<ExprNode>(*b->source);
      n->arith_op = ArithOp::kFloorDiv;
      b->source = n;
    }
    return finish(ticks(l), cast_to(r, TypeId::kInt64), lt);
  }
  if (op == ArithOp::kMul && rt.id == TypeId::kDuration && lt.is_integer()) {
    return finish(cast_to(l, TypeId::kInt64), ticks(r), rt);
  }
  arith_not_allowed(op, l, r);
}

BoundExprPtr bind_node(const ExprNodePtr& node, const Schema& schema);

BoundExprPtr bind_arith(std::shared_ptr<BoundExpr> b) {
  BoundExprPtr l = b->children[0], r = b->children[1];
  ArithOp op = b->source->arith_op;
  const DataType& lt = l->type;
  const DataType& rt = r->type;
  if (lt.is_temporal() || rt.is_temporal()) {
    if (lt.id == TypeId::kNull || rt.id == TypeId::kNull) {
      DataType t = lt.id == TypeId::kNull ? rt : lt;
      b->kind = ExprKind::kLiteral;
      b->literal = Column::nulls(t, 1);
      b->type = t;
      b->children.clear();
      return b;
    }
    return bind_temporal_arith(b, l, r);
  }
  // String concatenation with +.
  if (op == ArithOp::kAdd && (lt.id == TypeId::kString || rt.id == TypeId::kString)) {
    if ((lt.id == TypeId::kString || lt.id == TypeId::kNull) && (rt.id == TypeId::kString || rt.id == TypeId::kNull)) {
      b->children = {cast_to(l, TypeId::kString), cast_to(r, TypeId::kString)};
      b->type = TypeId::kString;
      return b;
    }
    arith_not_allowed(op, l, r);
  }
  if (lt.is_decimal() || rt.is_decimal()) {
    // Polars: a float operand makes the result Float64; otherwise the result is Decimal(38, s)
    // with s the larger scale (integers have scale 0).
    auto operand = [](const DataType& t) {
      return t.is_numeric() || t.is_decimal() || t.id == TypeId::kBoolean || t.id == TypeId::kNull;
    };
    if (!operand(lt) || !operand(rt)) arith_not_allowed(op, l, r);
    DataType t = TypeId::kFloat64;
    if (!lt.is_float() && !rt.is_float() && op != ArithOp::kPow) {
      t = DataType::decimal(38, std::max(lt.is_decimal() ? lt.scale : 0, rt.is_decimal() ? rt.scale : 0));
    }
    b->children = {cast_to(l, t), cast_to(r, t)};
    b->type = t;
    return b;
  }
  bool numeric_like = [](const DataType& t) { return t.is_numeric() || t.id == TypeId::kBoolean || t.id == TypeId::kNull; }(lt) &&
                      [](const DataType& t) { return t.is_numeric() || t.id == TypeId::kBoolean || t.id == TypeId::kNull; }(rt);
  if (!numeric_like) arith_not_allowed(op, l, r);
  DataType t = common_type(l, r);
  if (t.id == TypeId::kBoolean) t = (op == ArithOp::kAdd || op == ArithOp::kSub) ? DataType(TypeId::kInt32) : DataType(TypeId::kInt32);
  if (t.id == TypeId::kNull) t = TypeId::kInt32;
  if (op == ArithOp::kTrueDiv && !t.is_float()) t = TypeId::kFloat64;
  if (op == ArithOp::kPow) {
    // int ** int keeps the base's integer type with a u32 exponent; anything with a float is float.
    if (lt.is_integer() && (rt.is_integer() || (is_dynamic(r) && !r->type.is_float()))) {
      b->children = {l, cast_to(r, TypeId::kUInt32)};
      b->type = lt;
      return b;
    }
    // Polars: an f32 base stays f32 whatever the exponent; an integer base with an f32 exponent
    // gives f32; everything else f64.
    bool f32 = lt.id == TypeId::kFloat32 || (!lt.is_float() && rt.id == TypeId::kFloat32);
    t = f32 ? TypeId::kFloat32 : TypeId::kFloat64;
  }
  b->children = {cast_to(l, t), cast_to(r, t)};
  b->type = t;
  return b;
}

bool contains_over(const ExprNode& e) {
  if (e.kind == ExprKind::kOver) return true;
  for (const auto& c : e.children) {
    if (contains_over(*c)) return true;
  }
  return false;
}

BoundExprPtr bind_node(const ExprNodePtr& node, const Schema& schema) {
  const ExprNode& e = *node;
  auto b = std::make_shared<BoundExpr>();
  b->kind = e.kind;
  b->source = node;
  b->name = output_name(e);
  for (const auto& c : e.children) b->children.push_back(bind_node(c, schema));
  for (const auto& c : b->children) {
    b->has_agg |= c->has_agg;
    b->has_column |= c->has_column;
  }
  auto child_type = [&](size_t i) -> const DataType& { return b->children[i]->type; };

  switch (e.kind) {
    case ExprKind::kColumn: {
      size_t i = schema.index_of(e.name);
      b->column_index = static_cast<int>(i);
      b->type = schema[i].type;
      b->has_column = true;
      return b;
    }
    case ExprKind::kColumns:
    case ExprKind::kWildcard:
    case ExprKind::kDtypeColumns:
      throw InvalidOperation("a multi-column selection must be expanded before binding (internal)");
    case ExprKind::kLiteral: {
      const Scalar& s = e.literal;
      DataType t = s.type();
      if (e.dynamic && t.is_integer()) t = smallest_int(s.as_int64()).id == TypeId::kInt64 ? DataType(TypeId::kInt64) : DataType(TypeId::kInt32);
      b->literal = Scalar(t, s.value()).to_column(1);
      b->type = t;
      b->is_scalar = true;
      return b;
    }
    case ExprKind::kAlias:
      b->type = child_type(0);
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    case ExprKind::kArith: {
      b->is_scalar = b->children[0]->is_scalar && b->children[1]->is_scalar;
      return bind_arith(b);
    }
    case ExprKind::kCompare: {
      BoundExprPtr l = b->children[0], r = b->children[1];
      FLOE_USER_CHECK(!l->type.is_nested() && !r->type.is_nested(), InvalidOperation,
                      "comparison ({} {} {}) is not supported for nested types", l->type.to_string(),
                      compute::compare_op_symbol(e.compare_op), r->type.to_string());
      DataType t;
      if (l->type.id == TypeId::kDate && r->type.id == TypeId::kDatetime) {
        t = r->type;
      } else if (r->type.id == TypeId::kDate && l->type.id == TypeId::kDatetime) {
        t = l->type;
      } else if ((l->type.is_string_like() || r->type.is_string_like()) && l->type != r->type &&
                 l->type.id != TypeId::kNull && r->type.id != TypeId::kNull) {
        throw ComputeError(fmt::format("cannot compare string with numeric type ({} {} {})", l->type.to_string(),
                                           compute::compare_op_symbol(e.compare_op), r->type.to_string()));
      } else {
        t = common_type(l, r);
      }
      b->children = {cast_to(l, t), cast_to(r, t)};
      b->type = TypeId::kBoolean;
      b->is_scalar = l->is_scalar && r->is_scalar;
      return b;
    }
    case ExprKind::kBool: {
      BoundExprPtr l = b->children[0], r = b->children[1];
      DataType t = l->type.id == TypeId::kNull ? r->type : (r->type.id == TypeId::kNull ? l->type : supertype(l->type, r->type));
      if (t.id == TypeId::kNull) t = TypeId::kBoolean;
      FLOE_USER_CHECK(t.id == TypeId::kBoolean || t.is_integer(), InvalidOperation,
                      "logical operations are not supported for dtypes {} and {}", l->type.to_string(), r->type.to_string());
      b->children = {cast_to(l, t), cast_to(r, t)};
      b->type = t;
      b->is_scalar = l->is_scalar && r->is_scalar;
      return b;
    }
    case ExprKind::kNot:
      FLOE_USER_CHECK(child_type(0).id == TypeId::kBoolean || child_type(0).is_integer() || child_type(0).id == TypeId::kNull,
                      InvalidOperation, "`not` operation not supported for dtype `{}`", child_type(0).to_string());
      b->type = child_type(0).id == TypeId::kNull ? DataType(TypeId::kBoolean) : child_type(0);
      b->children[0] = cast_to(b->children[0], b->type);
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    case ExprKind::kNegate:
      FLOE_USER_CHECK(child_type(0).is_signed_integer() || child_type(0).is_float() || child_type(0).id == TypeId::kDuration ||
                          child_type(0).is_decimal(),
                      InvalidOperation, "`neg` operation not supported for dtype `{}`", child_type(0).to_string());
      b->type = child_type(0);
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    case ExprKind::kCast:
      FLOE_USER_CHECK(compute::can_cast(child_type(0), e.cast_to), InvalidOperation, "casting from {} to {} not supported",
                      child_type(0).to_string(), e.cast_to.to_string());
      b->type = e.cast_to;
      b->is_scalar = b->children[0]->is_scalar;
      if (b->children[0]->kind == ExprKind::kLiteral) return cast_to(b->children[0], e.cast_to, e.strict);
      return b;
    case ExprKind::kIsNull:
      b->type = TypeId::kBoolean;
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    case ExprKind::kFillNull: {
      DataType t = common_type(b->children[0], b->children[1]);
      b->children = {cast_to(b->children[0], t), cast_to(b->children[1], t)};
      b->type = t;
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    }
    case ExprKind::kFillNan: {
      FLOE_USER_CHECK(child_type(0).is_float() || child_type(0).id == TypeId::kNull, InvalidOperation,
                      "fill_nan is only valid on floating point columns, got {}", child_type(0).to_string());
      DataType t = common_type(b->children[0], b->children[1]);
      b->children = {cast_to(b->children[0], t), cast_to(b->children[1], t)};
      b->type = t;
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    }
    case ExprKind::kIsIn: {
      DataType t = child_type(0);
      for (size_t i = 1; i < b->children.size(); ++i) {
        const DataType& vt = child_type(i);
        FLOE_USER_CHECK(vt.id == TypeId::kNull || (t.is_string_like() == vt.is_string_like()), InvalidOperation,
                        "'is_in' cannot check for {} values in {} data", vt.to_string(), t.to_string());
        if (vt.id != TypeId::kNull) t = (t.is_numeric() && vt.is_numeric()) ? supertype(t, vt) : t;
      }
      for (size_t i = 0; i < b->children.size(); ++i) b->children[i] = cast_to(b->children[i], t, i == 0);
      b->type = TypeId::kBoolean;
      b->is_scalar = b->children[0]->is_scalar;
      bool constant = true;
      for (size_t i = 1; i < b->children.size(); ++i) constant &= !b->children[i]->has_column && !b->children[i]->has_agg;
      if (constant) b->is_in_set = std::make_shared<IsInSet>();
      return b;
    }
    case ExprKind::kTernary: {
      FLOE_USER_CHECK(child_type(0).id == TypeId::kBoolean || child_type(0).id == TypeId::kNull, SchemaMismatch,
                      "when/then/otherwise: the condition must be a Boolean expression, got {}", child_type(0).to_string());
      DataType t = common_type(b->children[1], b->children[2]);
      if (t.id == TypeId::kNull && b->children[1]->type.id == TypeId::kNull) t = TypeId::kNull;
      b->children = {cast_to(b->children[0], TypeId::kBoolean), cast_to(b->children[1], t), cast_to(b->children[2], t)};
      b->type = t;
      b->is_scalar = b->children[0]->is_scalar && b->children[1]->is_scalar && b->children[2]->is_scalar;
      return b;
    }
    case ExprKind::kFunction: {
      const auto& fn = compute::FunctionRegistry::global().get(e.name);
      std::vector<DataType> types;
      for (const auto& c : b->children) types.push_back(c->type);
      b->function = &fn;
      b->type = fn.resolve(types, e.options);
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    }
    case ExprKind::kAgg: {
      FLOE_USER_CHECK(!b->children[0]->has_agg, InvalidOperation,
                      "cannot aggregate an aggregate: `{}`", Expr(node).to_string());
      b->type = compute::agg_output_type(e.agg, child_type(0));
      b->is_scalar = true;
      b->has_agg = true;
      b->has_column = false;
      return b;
    }
    case ExprKind::kLen:
      b->type = TypeId::kUInt32;
      b->is_scalar = true;
      b->has_agg = true;
      return b;
    case ExprKind::kFilter:
      FLOE_USER_CHECK(child_type(1).id == TypeId::kBoolean, InvalidOperation,
                      "filter predicate must be of type Boolean, got {}", child_type(1).to_string());
      b->type = child_type(0);
      return b;
    case ExprKind::kSortExpr:
      b->type = child_type(0);
      return b;
    case ExprKind::kIntRange:
      b->type = TypeId::kInt64;
      return b;
    case ExprKind::kWindowFunction:
      b->type = compute::window_output_type(e.name, child_type(0), e.options);
      b->is_scalar = b->children[0]->is_scalar;
      return b;
    case ExprKind::kOver: {
      // Aggregates inside over() are per group and mapped back to rows: not an aggregate here.
      for (size_t i = 1; i < b->children.size(); ++i) {
        FLOE_USER_CHECK(!b->children[i]->has_agg, InvalidOperation, "over() key `{}` cannot be an aggregation",
                        Expr(e.children[i]).to_string());
      }
      FLOE_USER_CHECK(!contains_over(*e.children[0]), InvalidOperation,
                      "over() cannot be nested inside another over(): `{}`", Expr(node).to_string());
      b->type = child_type(0);
      b->has_agg = false;
      b->has_column = true;
      return b;
    }
  }
  throw InternalError("unknown expression kind");
}

}  // namespace

BoundExprPtr bind(const Expr& expr, const Schema& schema) {
  FLOE_CHECK(expr.node() != nullptr, "binding an empty expression");
  return bind_node(expr.node(), schema);
}

}  // namespace floe
