// Writing a TPC-H data set to files: which tables, which format, how many files per table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tpch/table_generator.h"

namespace floe::tpch {

enum class FileFormat : uint8_t { kCsv, kParquet };

/// What `floe tpch generate` was asked for.
struct GenerateOptions {
  double scale_factor = 1.0;
  std::string output_dir;
  FileFormat format = FileFormat::kCsv;
  std::vector<Table> tables;  // empty: all eight
  int files_per_table = 1;
  Money money = Money::kFloat64;  // --decimal: Decimal(15,2) money columns
};

/// What was written for one table.
struct WrittenTable {
  Table table = Table::kRegion;
  int64_t rows = 0;
  std::vector<std::string> files;
};

/// The file part `part` of `table` is written to. One file per table is DIR/<table>.<ext>
/// (DIR/lineitem.csv); several are DIR/<table>/part-<i>.<ext> (DIR/lineitem/part-0.csv ...),
/// each holding a contiguous range of the table's keys, so part order is key order.
std::string table_file_path(const GenerateOptions& options, Table table, int part);

/// Generates the requested tables and writes them, creating the output directory. Rows are
/// generated and written in batches, so memory stays bounded whatever the scale factor. Throws
/// InvalidArgument for bad options and IoError when a file cannot be written.
std::vector<WrittenTable> generate_dataset(const GenerateOptions& options);

}  // namespace floe::tpch
