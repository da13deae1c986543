// Expression builders.
#include "expr/expr.h"

#include "core/error.h"

namespace floe {

namespace {

std::shared_ptr<ExprNode> make(ExprKind kind, std::vector<ExprNodePtr> children = {}) {
  auto n = std::make_shared<ExprNode>();
  n->kind = kind;
  n->children = std::move(children);
  return n;
}

}  // namespace

Expr col(const std::string& name) {
  if (name == "*") return all();
  auto n = make(ExprKind::kColumn);
  n->name = name;
  return Expr(n);
}

Expr cols(const std::vector<std::string>& names) {
  if (names.size() == 1) return col(names[0]);
  auto n = make(ExprKind::kColumns);
  n->names = names;
  return Expr(n);
}

Expr dtype_cols(const std::vector<DataType>& dtypes) {
  auto n = make(ExprKind::kDtypeColumns);
  n->dtypes = dtypes;
  return Expr(n);
}

Expr all() { return Expr(make(ExprKind::kWildcard)); }

Expr lit(const Scalar& value) {
  auto n = make(ExprKind::kLiteral);
  n->literal = value;
  return Expr(n);
}
Expr lit(int64_t v) {
  // A literal int is i32 when it fits (Polars), i64 otherwise.
  if (v >= INT32_MIN && v <= INT32_MAX) return lit(Scalar(TypeId::kInt32, v));
  return lit(Scalar::int64(v));
}
Expr lit(double v) { return lit(Scalar::float64(v)); }
Expr lit(const char* v) { return lit(Scalar::string(v)); }
Expr lit(const std::string& v) { return lit(Scalar::string(v)); }
Expr lit(bool v) { return lit(Scalar::boolean(v)); }

Expr dynamic_lit(const Scalar& value) {
  auto n = make(ExprKind::kLiteral);
  n->literal = value;
  n->dynamic = value.type().is_numeric();
  return Expr(n);
}

Expr len() { return Expr(make(ExprKind::kLen)); }

Expr int_range(int64_t start, int64_t end, int64_t step) {
  FLOE_USER_CHECK(step != 0, InvalidArgument, "int_range: step must not be zero");
  auto n = make(ExprKind::kIntRange);
  n->options.params = {Scalar::int64(start), Scalar::int64(end), Scalar::int64(step)};
  return Expr(n);
}

Expr Expr::alias(const std::string& name) const {
  auto n = make(ExprKind::kAlias, {node_});
  n->name = name;
  return Expr(n);
}

Expr Expr::cast(const DataType& type, bool strict) const {
  auto n = make(ExprKind::kCast, {node_});
  n->cast_to = type;
  n->strict = strict;
  return Expr(n);
}

Expr Expr::is_null() const { return Expr(make(ExprKind::kIsNull, {node_})); }
Expr Expr::is_not_null() const {
  auto n = make(ExprKind::kIsNull, {node_});
  n->negate = true;
  return Expr(n);
}
Expr Expr::fill_null(const Expr& value) const { return Expr(make(ExprKind::kFillNull, {node_, value.node()})); }
Expr Expr::fill_nan(const Expr& value) const { return Expr(make(ExprKind::kFillNan, {node_, value.node()})); }

Expr Expr::is_in(const std::vector<Scalar>& values) const {
  auto n = make(ExprKind::kIsIn, {node_});
  for (const auto& v : values) n->children.push_back(lit(v).node());
  return Expr(n);
}

Expr Expr::is_between(const Expr& lower, const Expr& upper, const std::string& closed) const {
  using compute::CompareOp;
  FLOE_USER_CHECK(closed == "both" || closed == "left" || closed == "right" || closed == "none", InvalidArgument,
                  "closed must be one of 'both', 'left', 'right', 'none'; got '{}'", closed);
  bool left = closed == "both" || closed == "left";
  bool right = closed == "both" || closed == "right";
  return compare(left ? CompareOp::kGe : CompareOp::kGt, *this, lower) &
         compare(right ? CompareOp::kLe : CompareOp::kLt, *this, upper);
}

Expr Expr::exclude(const std::vector<std::string>& names) const {
  FLOE_USER_CHECK(node_->kind == ExprKind::kWildcard, InvalidOperation, "exclude applies to all() or col(\"*\")");
  auto n = std::make_shared<ExprNode>(*node_);
  n->names.insert(n->names.end(), names.begin(), names.end());
  return Expr(n);
}

Expr Expr::filter(const Expr& predicate) const { return Expr(make(ExprKind::kFilter, {node_, predicate.node()})); }

Expr Expr::window(const std::string& name, std::vector<Scalar> params) const {
  auto n = make(ExprKind::kWindowFunction, {node_});
  n->name = name;
  n->options.params = std::move(params);
  return Expr(n);
}

Expr Expr::over(const std::vector<Expr>& partition_by, const std::vector<Expr>& order_by, bool descending,
                bool nulls_last) const {
  FLOE_USER_CHECK(!partition_by.empty() || !order_by.empty(), InvalidArgument,
                  "over() needs at least one partition_by or order_by expression");
  auto n = make(ExprKind::kOver, {node_});
  for (const auto& k : partition_by) n->children.push_back(k.node());
  for (const auto& k : order_by) n->children.push_back(k.node());
  n->options.params = {Scalar::int64(static_cast<int64_t>(partition_by.size())), Scalar::boolean(descending),
                       Scalar::boolean(nulls_last)};
  return Expr(n);
}

bool needs_whole_column(const ExprNode& e) {
  if (e.kind == ExprKind::kWindowFunction || e.kind == ExprKind::kOver) return true;
  for (const auto& c : e.children) {
    if (needs_whole_column(*c)) return true;
  }
  return false;
}

bool is_row_wise(const ExprNode& e) {
  switch (e.kind) {
    case ExprKind::kAgg:
    case ExprKind::kLen:
    case ExprKind::kFilter:
    case ExprKind::kSortExpr:
    case ExprKind::kWindowFunction:
    case ExprKind::kOver: return false;
    default: break;
  }
  for (const auto& c : e.children) {
    if (!is_row_wise(*c)) return false;
  }
  return true;
}

Expr Expr::sort(bool descending) const {
  auto n = make(ExprKind::kSortExpr, {node_});
  n->negate = descending;
  return Expr(n);
}

Expr Expr::round(int decimals) const { return function("round", {Scalar::int64(decimals)}); }
Expr Expr::log(double base) const { return function("log", {Scalar::float64(base)}); }
Expr Expr::pow(const Expr& exponent) const { return arith(compute::ArithOp::kPow, *this, exponent); }
Expr Expr::clip(std::optional<Scalar> lower, std::optional<Scalar> upper) const {
  return function("clip", {lower.value_or(Scalar()), upper.value_or(Scalar())});
}

Expr Expr::std(int ddof) const {
  compute::AggOptions o;
  o.ddof = ddof;
  return agg(compute::AggKind::kStd, o);
}
Expr Expr::var(int ddof) const {
  compute::AggOptions o;
  o.ddof = ddof;
  return agg(compute::AggKind::kVar, o);
}
Expr Expr::quantile(double q, const std::string& interpolation) const {
  compute::AggOptions o;
  o.quantile = q;
  o.interpolation = interpolation;
  return agg(compute::AggKind::kQuantile, o);
}
Expr Expr::agg(compute::AggKind kind, compute::AggOptions options) const {
  auto n = make(ExprKind::kAgg, {node_});
  n->agg = kind;
  n->agg_options = std::move(options);
  return Expr(n);
}

Expr Expr::function(const std::string& name, std::vector<Scalar> params, std::vector<Expr> extra) const {
  auto n = make(ExprKind::kFunction, {node_});
  for (auto& e : extra) n->children.push_back(e.node());
  n->name = name;
  n->options.params = std::move(params);
  return Expr(n);
}

Expr arith(compute::ArithOp op, const Expr& a, const Expr& b) {
  auto n = make(ExprKind::kArith, {a.node(), b.node()});
  n->arith_op = op;
  return Expr(n);
}
Expr compare(compute::CompareOp op, const Expr& a, const Expr& b) {
  auto n = make(ExprKind::kCompare, {a.node(), b.node()});
  n->compare_op = op;
  return Expr(n);
}
static Expr boolean(compute::BoolOp op, const Expr& a, const Expr& b) {
  auto n = make(ExprKind::kBool, {a.node(), b.node()});
  n->bool_op = op;
  return Expr(n);
}

Expr operator+(const Expr& a, const Expr& b) { return arith(compute::ArithOp::kAdd, a, b); }
Expr operator-(const Expr& a, const Expr& b) { return arith(compute::ArithOp::kSub, a, b); }
Expr operator*(const Expr& a, const Expr& b) { return arith(compute::ArithOp::kMul, a, b); }
Expr operator/(const Expr& a, const Expr& b) { return arith(compute::ArithOp::kTrueDiv, a, b); }
Expr operator%(const Expr& a, const Expr& b) { return arith(compute::ArithOp::kMod, a, b); }
Expr floor_div(const Expr& a, const Expr& b) { return arith(compute::ArithOp::kFloorDiv, a, b); }
Expr operator==(const Expr& a, const Expr& b) { return compare(compute::CompareOp::kEq, a, b); }
Expr operator!=(const Expr& a, const Expr& b) { return compare(compute::CompareOp::kNe, a, b); }
Expr operator<(const Expr& a, const Expr& b) { return compare(compute::CompareOp::kLt, a, b); }
Expr operator<=(const Expr& a, const Expr& b) { return compare(compute::CompareOp::kLe, a, b); }
Expr operator>(const Expr& a, const Expr& b) { return compare(compute::CompareOp::kGt, a, b); }
Expr operator>=(const Expr& a, const Expr& b) { return compare(compute::CompareOp::kGe, a, b); }
Expr operator&(const Expr& a, const Expr& b) { return boolean(compute::BoolOp::kAnd, a, b); }
Expr operator|(const Expr& a, const Expr& b) { return boolean(compute::BoolOp::kOr, a, b); }
Expr operator^(const Expr& a, const Expr& b) { return boolean(compute::BoolOp::kXor, a, b); }
Expr operator!(const Expr& a) { return Expr(make(ExprKind::kNot, {a.node()})); }
Expr operator-(const Expr& a) { return Expr(make(ExprKind::kNegate, {a.node()})); }

When when(const Expr& condition) { return When({}, condition); }
Then When::then(const Expr& value) const {
  auto b = branches_;
  b.emplace_back(condition_, value);
  return Then(std::move(b));
}
When Then::when(const Expr& condition) const { return When(branches_, condition); }
Expr Then::otherwise(const Expr& value) const {
  // Build from the last branch outwards: when(c1, v1, when(c2, v2, otherwise)).
  Expr result = value;
  for (auto it = branches_.rbegin(); it != branches_.rend(); ++it) {
    auto n = make(ExprKind::kTernary, {it->first.node(), it->second.node(), result.node()});
    result = Expr(n);
  }
  return result;
}
Expr Then::end() const { return otherwise(lit(Scalar())); }

// ---- .str ----
Expr StrNamespace::contains(const std::string& pattern, bool literal, bool strict) const {
  return e_.function("str.contains", {Scalar::string(pattern), Scalar::boolean(literal), Scalar::boolean(strict)});
}
Expr StrNamespace::starts_with(const std::string& prefix) const { return e_.function("str.starts_with", {Scalar::string(prefix)}); }
Expr StrNamespace::ends_with(const std::string& suffix) const { return e_.function("str.ends_with", {Scalar::string(suffix)}); }
Expr StrNamespace::len_bytes() const { return e_.function("str.len_bytes"); }
Expr StrNamespace::len_chars() const { return e_.function("str.len_chars"); }
Expr StrNamespace::to_uppercase() const { return e_.function("str.to_uppercase"); }
Expr StrNamespace::to_lowercase() const { return e_.function("str.to_lowercase"); }
Expr StrNamespace::slice(int64_t offset, std::optional<int64_t> length) const {
  return e_.function("str.slice", {Scalar::int64(offset), length ? Scalar::int64(*length) : Scalar::null(TypeId::kInt64)});
}
Expr StrNamespace::replace(const std::string& pattern, const std::string& value, bool literal, int64_t n) const {
  return e_.function("str.replace", {Scalar::string(pattern), Scalar::string(value), Scalar::boolean(literal), Scalar::int64(n)});
}
Expr StrNamespace::replace_all(const std::string& pattern, const std::string& value, bool literal) const {
  return e_.function("str.replace_all", {Scalar::string(pattern), Scalar::string(value), Scalar::boolean(literal)});
}
Expr StrNamespace::strip_chars(std::optional<std::string> characters) const {
  return e_.function("str.strip_chars", {characters ? Scalar::string(*characters) : Scalar::null(TypeId::kString)});
}

// ---- .dt ----
Expr DtNamespace::year() const { return e_.function("dt.year"); }
Expr DtNamespace::month() const { return e_.function("dt.month"); }
Expr DtNamespace::day() const { return e_.function("dt.day"); }
Expr DtNamespace::hour() const { return e_.function("dt.hour"); }
Expr DtNamespace::minute() const { return e_.function("dt.minute"); }
Expr DtNamespace::second() const { return e_.function("dt.second"); }
Expr DtNamespace::weekday() const { return e_.function("dt.weekday"); }
Expr DtNamespace::ordinal_day() const { return e_.function("dt.ordinal_day"); }
Expr DtNamespace::quarter() const { return e_.function("dt.quarter"); }
Expr DtNamespace::truncate(const std::string& every) const { return e_.function("dt.truncate", {Scalar::string(every)}); }

}  // namespace floe
