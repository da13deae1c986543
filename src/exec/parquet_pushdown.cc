// Dictionary and page-index pruning of Parquet row groups.
#include "exec/parquet_pushdown.h"

#include <algorithm>

#include "exec/scan_pruning.h"

namespace floe {

void ParquetScanCounters::reset() {
  row_groups_read = 0;
  row_groups_skipped_by_statistics = 0;
  row_groups_skipped_by_dictionary = 0;
  row_groups_skipped_by_page_index = 0;
  pages_skipped_by_page_index = 0;
}

ParquetScanCounters& parquet_scan_counters() {
  static ParquetScanCounters counters;
  return counters;
}

ParquetPushdown::ParquetPushdown(BoundExprPtr predicate, std::vector<int> columns)
    : predicate_(std::move(predicate)), columns_(std::move(columns)), value_tested_(value_tested_columns(*predicate_)) {}

bool ParquetPushdown::dictionaries_may_match(const ParquetSource::File& file, int row_group, int64_t rows) const {
  std::vector<ColumnRange> ranges(columns_.size());
  bool any = false;
  for (int i : value_tested_) {
    const int fc = file.file_column[static_cast<size_t>(columns_[static_cast<size_t>(i)])];
    if (fc < 0) continue;
    ColumnPtr values = file.reader->dictionary_values(row_group, fc);
    if (!values) continue;
    auto stats = file.reader->statistics(row_group, fc);
    ranges[static_cast<size_t>(i)] = ColumnRange{stats.min, stats.max, stats.null_count, std::move(values)};
    any = true;
  }
  if (!any) return true;
  // Only the columns with dictionaries answer: the statistics of the others were tried when
  // the scan was planned.
  auto range = [&](int index) -> const ColumnRange* {
    const ColumnRange& r = ranges[static_cast<size_t>(index)];
    return r.values ? &r : nullptr;
  };
  return may_match(*predicate_, range, rows);
}

std::optional<SelectionVector> ParquetPushdown::candidate_rows(const ParquetSource::File& file, int row_group,
                                                               int64_t rows) const {
  std::vector<std::optional<ColumnPages>> pages(columns_.size());
  bool any = false;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const int fc = file.file_column[static_cast<size_t>(columns_[i])];
    if (fc < 0) continue;
    auto index = file.reader->page_index(row_group, fc);
    if (!index || index->pages.size() < 2) continue;  // one page: the statistics said it all
    ColumnPages p;
    p.first_row = std::move(index->first_row);
    for (auto& s : index->pages) p.pages.push_back(ColumnRange{std::move(s.min), std::move(s.max), s.null_count, nullptr});
    pages[i] = std::move(p);
    any = true;
  }
  if (!any) return std::nullopt;
  const int64_t group_rows = file.reader->row_group_rows(row_group);
  auto ranges = matching_rows(
      *predicate_, [&](int index) { return pages[static_cast<size_t>(index)] ? &*pages[static_cast<size_t>(index)] : nullptr; },
      group_rows);
  // Pages of the predicate columns that no kept range touches are never decoded.
  int64_t skipped = 0;
  for (const auto& p : pages) {
    if (!p) continue;
    for (size_t k = 0; k < p->first_row.size(); ++k) {
      const int64_t begin = p->first_row[k], end = k + 1 < p->first_row.size() ? p->first_row[k + 1] : group_rows;
      if (begin >= rows) break;
      const bool touched = std::any_of(ranges.begin(), ranges.end(),
                                       [&](const RowRange& r) { return r.begin < end && begin < r.end; });
      skipped += !touched;
    }
  }
  parquet_scan_counters().pages_skipped_by_page_index += skipped;
  SelectionVector out;
  for (const auto& r : ranges) {
    for (int64_t row = r.begin; row < std::min(r.end, rows); ++row) out.push_back(static_cast<uint32_t>(row));
  }
  if (static_cast<int64_t>(out.size()) == rows) return std::nullopt;
  return out;
}

}  // namespace floe
