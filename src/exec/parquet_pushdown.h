// A scan predicate pushed into Parquet row groups past their footer statistics: dictionary
// pages rule out whole row groups, the page index rules out pages of the predicate columns.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "exec/parquet_source.h"
#include "expr/bound_expr.h"

namespace floe {

/// Process-wide counts of what Parquet scans read and skipped, for tests and diagnostics
/// (`floe._floe.parquet_scan_counters()` in Python).
struct ParquetScanCounters {
  std::atomic<int64_t> row_groups_read{0};  // row groups whose predicate columns were decoded
  std::atomic<int64_t> row_groups_skipped_by_statistics{0};
  std::atomic<int64_t> row_groups_skipped_by_dictionary{0};
  std::atomic<int64_t> row_groups_skipped_by_page_index{0};
  std::atomic<int64_t> pages_skipped_by_page_index{0};  // predicate columns' data pages left undecoded
  void reset();
};
ParquetScanCounters& parquet_scan_counters();

/// What a predicate lets a scan skip inside the row groups its statistics kept.
class ParquetPushdown {
 public:
  /// `predicate` is bound against the predicate's columns, whose dataset column indexes are
  /// `columns` in that order.
  ParquetPushdown(BoundExprPtr predicate, std::vector<int> columns);

  /// False when the dictionary pages of the columns the predicate compares with literals
  /// prove that no row of the row group (of `rows` rows) matches. Reads the dictionary page
  /// of each such column whose data pages are all dictionary-encoded, and nothing else.
  bool dictionaries_may_match(const ParquetSource::File& file, int row_group, int64_t rows) const;

  /// The rows among the first `rows` of the row group that pages of the predicate columns may
  /// hold matches in, ascending; nullopt when the page index (if any) keeps them all.
  std::optional<SelectionVector> candidate_rows(const ParquetSource::File& file, int row_group, int64_t rows) const;

 private:
  BoundExprPtr predicate_;
  std::vector<int> columns_;
  std::vector<int> value_tested_;  // predicate column indexes compared with literals
};

}  // namespace floe
