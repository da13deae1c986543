// Skipping whole blocks of a scan (Parquet row groups, files) by the value ranges of their
// columns: a predicate that cannot hold for any value in the ranges needs no rows read.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>
#include <optional>

#include "core/scalar.h"
#include "expr/bound_expr.h"

namespace floe {

/// What is known of one column over a block of rows. Absent parts are unknown.
struct ColumnRange {
  std::optional<Scalar> min, max;
  std::optional<int64_t> null_count;
  /// Every distinct non-null value the block may hold (a Parquet dictionary), when known.
  ColumnPtr values = nullptr;
};

/// False only when no row of a block of `rows` rows can satisfy `predicate` (bound against the
/// scan's schema), given the ranges `range(column_index)` returns (null when unknown).
/// Understands conjunctions and disjunctions of comparisons between a column and a literal,
/// `is_in` with literals, `is_null` and `is_not_null`; anything else may match. Where a range
/// has `values`, comparisons and `is_in` on its column are evaluated over those values (and a
/// null, unless the range has no nulls).
bool may_match(const BoundExpr& predicate, const std::function<const ColumnRange*(int)>& range, int64_t rows);

/// Dataset columns (indexes as the predicate binds them) that `values_may_match` can test by
/// a block's distinct values: those compared with literals (==, !=, <, ... and is_in).
std::vector<int> value_tested_columns(const BoundExpr& predicate);

/// Rows [begin, end) of a block.
struct RowRange {
  int64_t begin = 0, end = 0;
  bool operator==(const RowRange&) const = default;
};

/// What a page index says of one column over a block: each page's first row (ascending from
/// 0; a page ends where the next begins) and its range.
struct ColumnPages {
  std::vector<int64_t> first_row;
  std::vector<ColumnRange> pages;
};

/// The rows of a block of `rows` rows that may satisfy `predicate`, as sorted, disjoint,
/// non-adjacent ranges, given the pages `pages(column_index)` returns (null when unknown).
/// Conjunctions intersect the ranges of their sides and disjunctions unite them; any other
/// node that reads one column with known pages keeps the pages `may_match` cannot rule out;
/// the rest keeps every row.
std::vector<RowRange> matching_rows(const BoundExpr& predicate, const std::function<const ColumnPages*(int)>& pages,
                                    int64_t rows);

/// Orders two scalars of comparable types: negative, zero or positive; nullopt when the types
/// do not compare (strings with numbers, nulls).
std::optional<int> compare_scalars(const Scalar& a, const Scalar& b);

}  // namespace floe
