// Range-based pruning of scan blocks: interval reasoning over comparison predicates.
#include "exec/scan_pruning.h"

#include <cmath>

namespace floe {

namespace {

using compute::BoolOp;
using compute::CompareOp;

/// The column a comparison side reads, looking through value-preserving numeric casts.
const BoundExpr* column_of(const BoundExpr& e) {
  if (e.kind == ExprKind::kColumn) return &e;
  if (e.kind == ExprKind::kCast && e.children.size() == 1 && e.children[0]->kind == ExprKind::kColumn &&
      e.type.is_numeric() && e.children[0]->type.is_numeric()) {
    return e.children[0].get();
  }
  // A decimal widened to a larger precision keeps its values (comparisons cast to Decimal(38, s)).
  if (e.kind == ExprKind::kCast && e.children.size() == 1 && e.children[0]->kind == ExprKind::kColumn &&
      e.type.is_decimal() && e.children[0]->type.is_decimal() && e.type.scale == e.children[0]->type.scale) {
    return e.children[0].get();
  }
  return nullptr;
}

CompareOp flipped(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return CompareOp::kGt;
    case CompareOp::kLe: return CompareOp::kGe;
    case CompareOp::kGt: return CompareOp::kLt;
    case CompareOp::kGe: return CompareOp::kLe;
    default: return op;
  }
}

bool comparison_may_match(const BoundExpr& e, const std::function<const ColumnRange*(int)>& range, int64_t rows) {
  const BoundExpr* column = column_of(*e.children[0]);
  const BoundExpr* literal = e.children[1].get();
  CompareOp op = e.source->compare_op;
  if (column == nullptr) {
    column = column_of(*e.children[1]);
    literal = e.children[0].get();
    op = flipped(op);
  }
  if (column == nullptr || literal->kind != ExprKind::kLiteral || !literal->literal) return true;
  const ColumnRange* r = range(column->column_index);
  if (r == nullptr) return true;
  // Comparisons with null are null, and a filter drops those rows.
  if (r->null_count && *r->null_count >= rows) return false;
  Scalar value = Scalar::from_column(*literal->literal, 0);
  if (value.is_null() || !r->min || !r->max) return true;
  if (std::holds_alternative<double>(value.value()) && std::isnan(std::get<double>(value.value()))) return true;
  const bool floats = column->type.is_float();  // may hold NaN
  auto lo = compare_scalars(*r->min, value);
  auto hi = compare_scalars(*r->max, value);
  if (!lo || !hi) return true;
  switch (op) {
    case CompareOp::kEq: return *lo <= 0 && *hi >= 0;
    case CompareOp::kNe: return floats || !(*lo == 0 && *hi == 0);
    case CompareOp::kLt: return *lo < 0;
    case CompareOp::kLe: return *lo <= 0;
    // NaN sorts above every number and statistics leave it out: a float column may hold
    // values above its recorded maximum.
    case CompareOp::kGt: return floats || *hi > 0;
    case CompareOp::kGe: return floats || *hi >= 0;
    default: return true;
  }
}

}  // namespace

std::optional<int> compare_scalars(const Scalar& a, const Scalar& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  const auto& x = a.value();
  const auto& y = b.value();
  auto sign = [](auto l, auto r) { return l < r ? -1 : (r < l ? 1 : 0); };
  if (std::holds_alternative<std::string>(x) || std::holds_alternative<std::string>(y)) {
    if (!std::holds_alternative<std::string>(x) || !std::holds_alternative<std::string>(y)) return std::nullopt;
    int c = std::get<std::string>(x).compare(std::get<std::string>(y));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  // Decimals of one scale compare exactly by their unscaled values (the binder cast the literal
  // to the column's type); other mixes fall through to doubles.
  if (std::holds_alternative<__int128>(x) && std::holds_alternative<__int128>(y) && a.type().scale == b.type().scale) {
    return sign(std::get<__int128>(x), std::get<__int128>(y));
  }
  if (std::holds_alternative<int64_t>(x) && std::holds_alternative<int64_t>(y)) return sign(std::get<int64_t>(x), std::get<int64_t>(y));
  if (std::holds_alternative<uint64_t>(x) && std::holds_alternative<uint64_t>(y)) return sign(std::get<uint64_t>(x), std::get<uint64_t>(y));
  if (std::holds_alternative<int64_t>(x) && std::holds_alternative<uint64_t>(y)) {
    int64_t l = std::get<int64_t>(x);
    return l < 0 ? -1 : sign(static_cast<uint64_t>(l), std::get<uint64_t>(y));
  }
  if (std::holds_alternative<uint64_t>(x) && std::holds_alternative<int64_t>(y)) {
    int64_t r = std::get<int64_t>(y);
    return r < 0 ? 1 : sign(std::get<uint64_t>(x), static_cast<uint64_t>(r));
  }
  // Floats (and booleans) against anything numeric: compare as doubles.
  double l = a.as_double(), r = b.as_double();
  if (std::isnan(l) || std::isnan(r)) return std::nullopt;
  return sign(l, r);
}

bool may_match(const BoundExpr& e, const std::function<const ColumnRange*(int)>& range, int64_t rows) {
  switch (e.kind) {
    case ExprKind::kBool:
      if (e.source->bool_op == BoolOp::kAnd) return may_match(*e.children[0], range, rows) && may_match(*e.children[1], range, rows);
      if (e.source->bool_op == BoolOp::kOr) return may_match(*e.children[0], range, rows) || may_match(*e.children[1], range, rows);
      return true;
    case ExprKind::kCompare: return comparison_may_match(e, range, rows);
    case ExprKind::kIsNull: {
      if (e.children[0]->kind != ExprKind::kColumn) return true;
      const ColumnRange* r = range(e.children[0]->column_index);
      if (r == nullptr || !r->null_count) return true;
      return e.source->negate ? *r->null_count < rows : *r->null_count > 0;
    }
    default: return true;
  }
}

}  // namespace floe
