// The expression interpreter: one kernel call per node and chunk, never per row.
#include "expr/evaluate.h"

#include <algorithm>
#include <unordered_set>

#include "compute/boolean.h"
#include "compute/cast.h"
#include "compute/selection.h"
#include "compute/sort.h"
#include "compute/validity.h"
#include "compute/window_functions.h"
#include "core/column_builder.h"
#include "core/error.h"

namespace floe {

EvalContext::EvalContext(const Chunk& chunk) : chunk_(chunk), dense_(chunk.num_columns()) {}

const ColumnPtr& EvalContext::column(int index) {
  ColumnPtr& c = dense_[static_cast<size_t>(index)];
  if (!c) {
    const ColumnPtr& raw = chunk_.column(static_cast<size_t>(index));
    c = chunk_.selection() ? compute::gather(raw, *chunk_.selection()) : raw;
  }
  return c;
}

namespace {

ColumnPtr concat_strings(const ColumnPtr& a, const ColumnPtr& b) {
  const int64_t n = compute::broadcast_length(*a, *b);
  StringBuilder out(TypeId::kString, n);
  const bool as = a->length() == 1 && n != 1, bs = b->length() == 1 && n != 1;
  std::string buf;
  for (int64_t i = 0; i < n; ++i) {
    int64_t ia = as ? 0 : i, ib = bs ? 0 : i;
    if (a->is_null(ia) || b->is_null(ib)) {
      out.append_null();
      continue;
    }
    buf.assign(a->string_at(ia));
    buf.append(b->string_at(ib));
    out.append(buf);
  }
  return out.finish();
}

ColumnPtr fill_nan(const ColumnPtr& v, const ColumnPtr& fill) {
  if (!v->type().is_float()) return v;
  return visit_numeric(v->type().id, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    if constexpr (std::is_floating_point_v<T>) {
      FixedBuilder<uint8_t> mask(TypeId::kBoolean, v->length());
      const T* p = v->values<T>();
      for (int64_t i = 0; i < v->length(); ++i) mask.data()[i] = std::isnan(p[i]);
      return compute::if_else(mask.finish(), fill, v);
    }
    return v;
  });
}

ColumnPtr is_in(const ColumnPtr& v, const std::vector<ColumnPtr>& values) {
  const int64_t n = v->length();
  FixedBuilder<uint8_t> out(TypeId::kBoolean, n);
  uint8_t* dst = out.data();
  bool list_has_null = false;
  for (const auto& c : values) list_has_null |= c->is_null(0);
  if (v->type().is_string_like()) {
    std::unordered_set<std::string_view> set;
    for (const auto& c : values) {
      if (c->is_valid(0)) set.insert(c->string_at(0));
    }
    for (int64_t i = 0; i < n; ++i) dst[i] = set.count(v->string_at(i)) > 0;
  } else if (v->type().id != TypeId::kNull) {
    TypeId phys = physical_type(v->type());
    visit_numeric(phys, [&](auto tag) {
      using T = decltype(tag);
      std::vector<T> set;
      for (const auto& c : values) {
        if (c->is_valid(0)) set.push_back(c->values<T>()[0]);
      }
      std::sort(set.begin(), set.end());
      const T* p = v->values<T>();
      if (set.size() <= 8) {
        for (int64_t i = 0; i < n; ++i) {
          uint8_t hit = 0;
          for (T s : set) hit |= p[i] == s;
          dst[i] = hit;
        }
      } else {
        for (int64_t i = 0; i < n; ++i) dst[i] = std::binary_search(set.begin(), set.end(), p[i]);
      }
    });
  } else {
    std::memset(dst, 0, static_cast<size_t>(n));
  }
  // Null input stays null (Polars); a miss is null rather than false when the list has a null.
  if (v->has_nulls() || list_has_null) {
    BufferPtr validity = compute::copy_validity(*v);
    if (list_has_null) {
      for (int64_t i = 0; i < n; ++i) {
        if (!dst[i]) bitmap::clear(validity->data(), i);
      }
    }
    out.set_validity(validity);
  }
  return out.finish();
}

}  // namespace

ColumnPtr evaluate(const BoundExpr& e, EvalContext& ctx) {
  auto child = [&](size_t i) { return evaluate(*e.children[i], ctx); };
  switch (e.kind) {
    case ExprKind::kColumn: return ctx.column(e.column_index);
    case ExprKind::kLiteral: return e.literal;
    case ExprKind::kAlias: return child(0);
    case ExprKind::kArith: {
      ColumnPtr a = child(0), b = child(1);
      if (e.type.id == TypeId::kString) return concat_strings(a, b);
      if (e.source->arith_op == compute::ArithOp::kPow && e.children[1]->type.id == TypeId::kUInt32 && e.type.is_integer()) {
        return compute::integer_pow(a, b);
      }
      return compute::arithmetic(e.source->arith_op, a, b);
    }
    case ExprKind::kCompare: return compute::compare(e.source->compare_op, child(0), child(1));
    case ExprKind::kBool: return compute::boolean_op(e.source->bool_op, child(0), child(1));
    case ExprKind::kNot: return compute::boolean_not(child(0));
    case ExprKind::kNegate: return compute::negate(child(0));
    case ExprKind::kCast: return compute::cast(child(0), e.type, e.source->strict, e.children[0]->name);
    case ExprKind::kIsNull: return compute::is_null(child(0), e.source->negate);
    case ExprKind::kFillNull: {
      ColumnPtr v = child(0);
      if (!v->has_nulls()) return v;
      return compute::if_else(compute::is_null(v, true), v, child(1));
    }
    case ExprKind::kFillNan: return fill_nan(child(0), child(1));
    case ExprKind::kIsIn: {
      std::vector<ColumnPtr> values;
      for (size_t i = 1; i < e.children.size(); ++i) values.push_back(child(i));
      return is_in(child(0), values);
    }
    case ExprKind::kTernary: return compute::if_else(child(0), child(1), child(2));
    case ExprKind::kFunction: {
      std::vector<ColumnPtr> args;
      for (size_t i = 0; i < e.children.size(); ++i) args.push_back(child(i));
      return e.function->execute(args, e.source->options);
    }
    case ExprKind::kAgg: return compute::aggregate(e.source->agg, child(0), e.source->agg_options);
    case ExprKind::kLen: return Scalar(TypeId::kUInt32, static_cast<uint64_t>(ctx.rows())).to_column(1);
    case ExprKind::kFilter: {
      ColumnPtr v = compute::broadcast(child(0), ctx.rows());
      ColumnPtr mask = compute::broadcast(child(1), v->length());
      FLOE_USER_CHECK(mask->length() == v->length(), ShapeMismatch, "filter predicate has length {}, values {}",
                      mask->length(), v->length());
      return compute::gather(v, compute::mask_to_selection(*mask));
    }
    case ExprKind::kSortExpr: {
      ColumnPtr v = child(0);
      auto order = compute::sort_indices({v}, std::vector<bool>{e.source->negate}, std::vector<bool>{false});
      return compute::gather(v, order.data(), static_cast<int64_t>(order.size()));
    }
    case ExprKind::kWindowFunction: return compute::window_function(e.source->name, child(0), e.source->options);
    case ExprKind::kOver:
      // The executor computes over() nodes on the whole input (exec/window.h) before evaluating.
      throw InvalidOperation(fmt::format("over() is not supported in this context: `{}`", Expr(e.source).to_string()));
    case ExprKind::kIntRange: {
      const auto& p = e.source->options.params;
      int64_t start = p[0].as_int64(), end = p[1].as_int64(), step = p[2].as_int64();
      int64_t n = step > 0 ? (end > start ? (end - start + step - 1) / step : 0)
                           : (start > end ? (start - end - step - 1) / -step : 0);
      FixedBuilder<int64_t> b(TypeId::kInt64, n);
      for (int64_t i = 0; i < n; ++i) b.data()[i] = start + i * step;
      return b.finish();
    }
    default: break;
  }
  throw InternalError(fmt::format("cannot evaluate expression kind {}", static_cast<int>(e.kind)));
}

ColumnPtr evaluate_full(const BoundExpr& e, EvalContext& ctx) {
  ColumnPtr c = evaluate(e, ctx);
  if (c->length() == ctx.rows()) return c;
  FLOE_USER_CHECK(c->length() == 1, ShapeMismatch, "expression `{}` has length {} but the frame has {} rows", e.name,
                  c->length(), ctx.rows());
  return compute::broadcast(c, ctx.rows());
}

}  // namespace floe
