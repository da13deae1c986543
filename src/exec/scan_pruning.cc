// Range-based pruning of scan blocks: interval reasoning over comparison predicates.
#include "exec/scan_pruning.h"

#include <algorithm>
#include <cmath>

#include "compute/selection.h"
#include "core/data_frame.h"
#include "core/error.h"
#include "expr/evaluate.h"

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

/// True when `e` is built of casts over one column and literals; sets `*column` to it.
bool column_and_literals(const BoundExpr& e, int* column) {
  switch (e.kind) {
    case ExprKind::kColumn:
      if (*column >= 0 && *column != e.column_index) return false;
      *column = e.column_index;
      return true;
    case ExprKind::kLiteral: return true;
    case ExprKind::kCast: return column_and_literals(*e.children[0], column);
    default: return false;
  }
}

/// The column a comparison or is_in with literals tests, or a conjunction or disjunction of
/// such tests of one column, or -1: the nodes whose result depends on a row's value of that
/// column alone.
int value_tested_column(const BoundExpr& e) {
  if (e.kind == ExprKind::kBool && (e.source->bool_op == BoolOp::kAnd || e.source->bool_op == BoolOp::kOr)) {
    const int a = value_tested_column(*e.children[0]);
    return a >= 0 && value_tested_column(*e.children[1]) == a ? a : -1;
  }
  if (e.kind != ExprKind::kCompare && e.kind != ExprKind::kIsIn) return -1;
  int column = -1;
  // The listed values of an is_in with a constant set are literals: a join's keys pushed into
  // a scan can be a million of them, and this runs for every block.
  const size_t checked = e.is_in_set ? 1 : e.children.size();
  for (size_t i = 0; i < checked; ++i) {
    if (!column_and_literals(*e.children[i], &column)) return -1;
  }
  return column;
}

/// Evaluates `e` (a value-tested node of `column`) over the distinct values of a block: true
/// when any of them satisfies it.
bool values_may_match(const BoundExpr& e, const ColumnRange& r, int column) {
  ColumnPtr values = r.values;
  if (!r.null_count || *r.null_count > 0) values = concat_columns({values, Column::nulls(values->type(), 1)});
  const int64_t n = values->length();
  std::vector<ColumnPtr> columns(static_cast<size_t>(column) + 1, Column::nulls(TypeId::kNull, n));
  columns[static_cast<size_t>(column)] = values;
  Chunk chunk(std::move(columns), n);
  try {
    EvalContext ctx(chunk);
    ColumnPtr mask = compute::broadcast(evaluate(e, ctx), n);
    return !compute::mask_to_selection(*mask).empty();
  } catch (const Error&) {
    // A dictionary may hold values no row uses; one the expression rejects (a failing strict
    // cast) proves nothing about the rows.
    return true;
  }
}

/// False when the distinct values of the column `e` tests are known and none satisfies it.
bool values_may_match(const BoundExpr& e, const std::function<const ColumnRange*(int)>& range) {
  const int column = value_tested_column(e);
  if (column < 0) return true;
  const ColumnRange* r = range(column);
  return r == nullptr || !r->values || values_may_match(e, *r, column);
}

/// Lists up to this long are compared with a block's range value by value.
constexpr size_t kListedOneByOne = 64;

/// The smallest and largest value an is_in lists, into `set` (left unset for a null, a value
/// that is not a literal, or values that do not order).
void list_bounds(const BoundExpr& e, IsInSet& set) {
  std::optional<Scalar> lo, hi;
  for (size_t i = 1; i < e.children.size(); ++i) {
    const BoundExpr& literal = *e.children[i];
    if (literal.kind != ExprKind::kLiteral || !literal.literal) return;
    Scalar value = Scalar::from_column(*literal.literal, 0);
    if (value.is_null()) return;
    if (!lo) {
      lo = hi = value;
      continue;
    }
    auto below = compare_scalars(value, *lo);
    auto above = compare_scalars(value, *hi);
    if (!below || !above) return;
    if (*below < 0) lo = value;
    if (*above > 0) hi = std::move(value);
  }
  set.min = std::move(lo);
  set.max = std::move(hi);
}

bool is_in_may_match(const BoundExpr& e, const std::function<const ColumnRange*(int)>& range) {
  if (!values_may_match(e, range)) return false;
  const BoundExpr* column = column_of(*e.children[0]);
  if (column == nullptr) return true;
  const ColumnRange* r = range(column->column_index);
  if (r == nullptr || !r->min || !r->max) return true;
  if (e.is_in_set && e.children.size() > 1 + kListedOneByOne) {
    // A long list (a join's keys pushed into a scan): only its ends, found once per query,
    // are compared with each block's range.
    IsInSet& set = *e.is_in_set;
    std::call_once(set.bounds_once, [&] { list_bounds(e, set); });
    if (!set.min || !set.max) return true;
    auto below = compare_scalars(*set.max, *r->min);
    auto above = compare_scalars(*set.min, *r->max);
    return !(below && *below < 0) && !(above && *above > 0);
  }
  for (size_t i = 1; i < e.children.size(); ++i) {
    const BoundExpr& literal = *e.children[i];
    if (literal.kind != ExprKind::kLiteral || !literal.literal) return true;
    Scalar value = Scalar::from_column(*literal.literal, 0);
    if (value.is_null()) return true;
    auto lo = compare_scalars(*r->min, value);
    auto hi = compare_scalars(*r->max, value);
    if (!lo || !hi || (*lo <= 0 && *hi >= 0)) return true;
  }
  return false;
}

/// Sorted disjoint ranges: the rows in both / in either.
std::vector<RowRange> intersect(const std::vector<RowRange>& a, const std::vector<RowRange>& b) {
  std::vector<RowRange> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const int64_t begin = std::max(a[i].begin, b[j].begin), end = std::min(a[i].end, b[j].end);
    if (begin < end) out.push_back({begin, end});
    (a[i].end < b[j].end) ? ++i : ++j;
  }
  return out;
}

void append_range(std::vector<RowRange>& out, RowRange r) {
  if (!out.empty() && r.begin <= out.back().end) {
    out.back().end = std::max(out.back().end, r.end);
  } else {
    out.push_back(r);
  }
}

std::vector<RowRange> unite(const std::vector<RowRange>& a, const std::vector<RowRange>& b) {
  std::vector<RowRange> out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const bool take_a = j == b.size() || (i < a.size() && a[i].begin <= b[j].begin);
    append_range(out, take_a ? a[i++] : b[j++]);
  }
  return out;
}

/// Every column index `e` reads.
void column_indexes(const BoundExpr& e, std::vector<int>& out) {
  if (e.kind == ExprKind::kColumn) out.push_back(e.column_index);
  for (const auto& c : e.children) column_indexes(*c, out);
}

bool comparison_may_match(const BoundExpr& e, const std::function<const ColumnRange*(int)>& range, int64_t rows) {
  if (!values_may_match(e, range)) return false;
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
      // Tests of one column together (`a > 1 & a < 3`) are decided by its values as a whole.
      if (!values_may_match(e, range)) return false;
      if (e.source->bool_op == BoolOp::kAnd) return may_match(*e.children[0], range, rows) && may_match(*e.children[1], range, rows);
      if (e.source->bool_op == BoolOp::kOr) return may_match(*e.children[0], range, rows) || may_match(*e.children[1], range, rows);
      return true;
    case ExprKind::kCompare: return comparison_may_match(e, range, rows);
    case ExprKind::kIsIn: return is_in_may_match(e, range);
    case ExprKind::kIsNull: {
      if (e.children[0]->kind != ExprKind::kColumn) return true;
      const ColumnRange* r = range(e.children[0]->column_index);
      if (r == nullptr || !r->null_count) return true;
      return e.source->negate ? *r->null_count < rows : *r->null_count > 0;
    }
    default: return true;
  }
}

std::vector<int> value_tested_columns(const BoundExpr& e) {
  std::vector<int> out;
  const bool junction =
      e.kind == ExprKind::kBool && (e.source->bool_op == BoolOp::kAnd || e.source->bool_op == BoolOp::kOr);
  if (junction && value_tested_column(e) < 0) {
    for (const auto& c : e.children) {
      for (int column : value_tested_columns(*c)) out.push_back(column);
    }
  } else if (int column = value_tested_column(e); column >= 0) {
    out.push_back(column);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<RowRange> matching_rows(const BoundExpr& e, const std::function<const ColumnPages*(int)>& pages,
                                    int64_t rows) {
  if (rows <= 0) return {};
  if (e.kind == ExprKind::kBool && (e.source->bool_op == BoolOp::kAnd || e.source->bool_op == BoolOp::kOr)) {
    auto a = matching_rows(*e.children[0], pages, rows);
    auto b = matching_rows(*e.children[1], pages, rows);
    return e.source->bool_op == BoolOp::kAnd ? intersect(a, b) : unite(a, b);
  }
  std::vector<int> columns;
  column_indexes(e, columns);
  const bool one_column = !columns.empty() && std::all_of(columns.begin(), columns.end(), [&](int c) { return c == columns[0]; });
  const ColumnPages* p = one_column ? pages(columns[0]) : nullptr;
  if (p == nullptr || p->first_row.size() != p->pages.size() || p->pages.empty()) return {{0, rows}};
  std::vector<RowRange> out;
  for (size_t i = 0; i < p->pages.size(); ++i) {
    const int64_t begin = p->first_row[i];
    const int64_t end = std::min(i + 1 < p->pages.size() ? p->first_row[i + 1] : rows, rows);
    if (begin >= end) continue;
    const ColumnRange& page = p->pages[i];
    auto range = [&](int index) -> const ColumnRange* { return index == columns[0] ? &page : nullptr; };
    if (may_match(e, range, end - begin)) append_range(out, {begin, end});
  }
  return out;
}

}  // namespace floe
