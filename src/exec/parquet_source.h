// Parquet datasets as a streaming scan source (scan_parquet, read_parquet).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "exec/executor.h"
#include "io/dataset.h"
#include "io/parquet/parquet_reader.h"

namespace floe {

struct ParquetScanOptions {
  /// Parse `key=value` folders into columns; by default on when a source is a directory.
  std::optional<bool> hive_partitioning;
  /// Adds a String column of this name holding each row's file path.
  std::optional<std::string> include_file_paths;
  /// Skip row groups whose statistics rule out the predicate.
  bool use_statistics = true;
  /// Columns of the first file missing from a later file read as nulls instead of failing.
  bool allow_missing_columns = false;
  /// Columns of a later file that the first file lacks are skipped instead of failing.
  bool ignore_extra_columns = false;
  /// Only these row groups, numbered across the dataset's files in order (file 0's row groups
  /// first); all when unset. The distributed planner splits a scan into tasks this way.
  std::optional<std::vector<int64_t>> row_groups;
};

/// One or more Parquet files scanned as one table. Footers are read when the plan is built
/// (schema from the first file, checked against the others); at run time each row group is a
/// morsel: row groups ruled out by statistics or partition values are skipped, predicate
/// columns are decoded first and the other columns only for rows that pass.
class ParquetSource final : public StreamingSource {
 public:
  ParquetSource(const std::vector<std::string>& sources, ParquetScanOptions options);
  const Schema& schema() const override { return schema_; }
  std::string describe() const override;
  bool handles_predicate() const override { return true; }
  std::optional<int64_t> estimated_rows() const override { return total_rows_; }
  /// From the row groups' statistics (and partition values), computed once per column.
  std::optional<std::pair<double, double>> column_range(const std::string& column) const override;
  std::unique_ptr<MorselSource> open(const ScanRequest& request) const override;
  bool use_statistics() const { return options_.use_statistics; }
  const std::vector<std::string>& sources() const { return sources_; }
  const ParquetScanOptions& options() const { return options_; }
  /// The same dataset cut to `row_groups` (numbered as `ParquetScanOptions::row_groups`), without
  /// reading the footers again.
  std::shared_ptr<const ParquetSource> with_row_groups(std::vector<int64_t> row_groups) const;
  /// Rows of each row group of the dataset, numbered as `ParquetScanOptions::row_groups` does.
  std::vector<int64_t> row_group_rows() const;

  /// One file of the dataset and where its columns come from.
  struct File {
    std::shared_ptr<const io::ParquetFile> reader;
    std::vector<int> file_column;      // per dataset column: index in the file, or -1
    std::vector<Scalar> constants;     // per dataset column where file_column is -1: partition value, path or null
  };

 private:
  std::vector<std::string> sources_;
  ParquetScanOptions options_;
  Schema schema_;
  std::vector<File> files_;
  int64_t total_rows_ = 0;
  struct RangeCache {
    std::mutex mutex;
    std::map<std::string, std::optional<std::pair<double, double>>> ranges;
  };
  std::shared_ptr<RangeCache> ranges_ = std::make_shared<RangeCache>();
};

class LazyFrame;
/// `scan_parquet(sources)` as a LazyFrame; `sources` are files, directories or glob patterns.
LazyFrame scan_parquet(const std::vector<std::string>& sources, const ParquetScanOptions& options = {});

}  // namespace floe
