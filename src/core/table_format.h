// Printing frames exactly as Polars prints them: "shape: (r, c)" and a box-drawn table.
#pragma once

#include <string>

namespace floe {

class DataFrame;
class Column;

/// Polars' `pl.Config` settings that change how tables print.
struct TableFormatOptions {
  int max_rows = 10;      // tbl_rows: beyond this, the middle rows are elided as "…"
  int max_cols = 8;       // tbl_cols: beyond this, the middle columns are elided as "…"
  int max_str_len = 32;   // fmt_str_lengths: longer strings are cut and end in "…"

  /// Defaults, overridden by POLARS_FMT_MAX_ROWS, POLARS_FMT_MAX_COLS, POLARS_FMT_STR_LEN
  /// (the environment variables Polars' Config sets).
  static TableFormatOptions from_env();
};

std::string format_table(const DataFrame& df, const TableFormatOptions& options);

/// Polars' repr of a Series: "shape: (n,)\nSeries: 'name' [i64]\n[\n\t1\n\t2\n]".
std::string format_series(const std::string& name, const Column& column, const TableFormatOptions& options);

/// One value as Polars prints it inside a table cell ("null", "true", "2024-01-31", "1.5").
std::string format_value(const Column& column, int64_t i, const TableFormatOptions& options);

}  // namespace floe
