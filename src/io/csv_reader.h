// CSV reading: a parallel, zero-copy reader with Polars' type inference and options.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_frame.h"
#include "core/schema.h"

namespace floe::io {

/// Options of `read_csv`, named and behaving as Polars' `read_csv` / `scan_csv` arguments.
struct CsvReadOptions {
  /// The first record (after `skip_rows` and comment lines) holds the column names. Without a
  /// header the columns are named column_0, column_1, ... (as Polars 2 names them).
  bool has_header = true;
  char separator = ',';
  /// Fields starting with this character are quoted: they may hold separators, newlines and
  /// doubled quotes. nullopt disables quoting.
  std::optional<char> quote_char = '"';
  /// Field contents read as null, in every column. Besides these, an empty field is null in
  /// every column, except that a quoted empty field ("") is the empty string in a String column.
  std::vector<std::string> null_values;
  /// Types that replace the inferred ones, by column name (unknown names are ignored, as in
  /// Polars). Ignored when `schema` is given.
  std::map<std::string, DataType> schema_overrides;
  /// The full schema: no inference. With a header its names must be the header's names (the
  /// columns come out in the schema's order); without one they name the columns in file order.
  std::optional<Schema> schema;
  /// Rows read to infer the column types: 0 reads every column as String, -1 uses every row.
  int64_t infer_schema_length = 100;
  /// Only these columns are parsed, and they come out in this order.
  std::optional<std::vector<std::string>> columns;
  /// Stop after this many data rows.
  std::optional<int64_t> n_rows;
  /// Lines skipped before the header (comment lines are skipped without being counted). As in
  /// Polars, these lines are not quote-aware.
  int64_t skip_rows = 0;
  /// Infer Date, Datetime and Time columns; otherwise such values stay strings.
  bool try_parse_dates = false;
  /// Lines starting with this character are skipped.
  std::optional<char> comment_prefix;
  /// Drop the fields past the last column instead of raising an error. (A row with too few
  /// fields always reads the missing ones as null, as Polars does.)
  bool truncate_ragged_lines = false;
  /// Values that do not parse as their column's type become null instead of raising an error.
  bool ignore_errors = false;
};

/// The schema `read_csv` would produce for `path` (every column, overrides applied).
Schema infer_csv_schema(const std::string& path, const CsvReadOptions& options = {});
Schema infer_csv_schema_buffer(std::string_view data, const CsvReadOptions& options = {});

/// Reads a CSV file in parallel. Local files are memory-mapped, and strings without escaped
/// quotes point straight into the mapping (which the returned frame keeps alive). The frame's
/// chunks are morsels of at most `morsel_rows()` rows, in file order.
DataFrame read_csv(const std::string& path, const CsvReadOptions& options = {});

/// Reads CSV text held in memory (the text is copied once, so it need not outlive the frame).
DataFrame read_csv_buffer(std::string_view data, const CsvReadOptions& options = {});

}  // namespace floe::io
