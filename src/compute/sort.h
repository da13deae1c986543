// Sorting: the row order of one or more key columns, and row comparison.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/column.h"

namespace floe::compute {

struct SortKeyOptions {
  bool descending = false;
  bool nulls_last = false;
};

/// A permutation that sorts the rows by `keys` (all of equal length), each with its own
/// direction and null placement. Stable: equal rows keep their input order. Floats order NaN
/// above every number, as Polars. With `limit`, only the first `limit` rows of the order are
/// returned (top-k, without sorting the rest). Runs on all cores for large inputs.
std::vector<uint32_t> sort_indices(const std::vector<ColumnPtr>& keys, const std::vector<SortKeyOptions>& options,
                                   std::optional<int64_t> limit = std::nullopt);

/// Convenience overload: per-key `descending` and `nulls_last` flags.
std::vector<uint32_t> sort_indices(const std::vector<ColumnPtr>& keys, const std::vector<bool>& descending,
                                   const std::vector<bool>& nulls_last);

/// Whether row `i` of `a` equals row `j` of `b` (same type; null equals null, NaN equals NaN).
bool rows_equal(const Column& a, int64_t i, const Column& b, int64_t j);

/// Three-way comparison of row `i` of `a` with row `j` of `b` (same type), nulls first.
int compare_rows(const Column& a, int64_t i, const Column& b, int64_t j);

}  // namespace floe::compute
