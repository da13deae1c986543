// CSV files as a scan source of lazy plans (scan_csv).
#pragma once

#include "exec/executor.h"
#include "io/csv_reader.h"

namespace floe {

/// A CSV file scanned lazily: the schema is inferred when the plan is built, and only the
/// columns and rows the optimized plan asks for are parsed.
class CsvSource final : public MaterializingSource {
 public:
  CsvSource(std::string path, io::CsvReadOptions options);
  const Schema& schema() const override { return schema_; }
  std::string describe() const override;
  DataFrame read(const ScanRequest& request) const override;
  const std::string& path() const { return path_; }
  /// The options reads use: `schema` holds the schema inferred when the source was built.
  const io::CsvReadOptions& options() const { return options_; }

 private:
  std::string path_;
  io::CsvReadOptions options_;
  Schema schema_;
};

/// `scan_csv(path, options)` as a LazyFrame.
class LazyFrame;
LazyFrame scan_csv(const std::string& path, const io::CsvReadOptions& options = {});

}  // namespace floe
