// Printing frames exactly as Polars prints them: "shape: (r, c)" and a box-drawn table.
#pragma once

#include <cstdint>
#include <string>

namespace floe {

class DataFrame;
class Column;

/// Polars' `pl.Config` settings that change how tables print. A negative limit means no limit
/// (Polars' -1).
struct TableFormatOptions {
  int max_rows = 10;      // tbl_rows: beyond this, the middle rows are elided as "…"
  int max_cols = 8;       // tbl_cols: beyond this, the middle columns are elided as "…"
  int max_str_len = 30;   // fmt_str_lengths: longer strings are cut and end in "…"
  int table_width = 100;  // tbl_width_chars: wider tables wrap their cells to fit
  int max_list_len = 3;   // fmt_table_cell_list_len: longer lists show their first len - 1
                          // items, "…" and the last

  /// Defaults, overridden by POLARS_FMT_MAX_ROWS, POLARS_FMT_MAX_COLS, POLARS_FMT_STR_LEN,
  /// POLARS_TABLE_WIDTH and POLARS_FMT_TABLE_CELL_LIST_LEN (the environment variables Polars' Config sets). Values that are not
  /// integers are ignored, as Polars ignores them.
  static TableFormatOptions from_env();
};

/// Polars' printed form of a frame: "shape: (3, 2)", then the header (name, "---", dtype) and
/// the rows in a box table. Only the rows and columns that are shown are formatted, so printing
/// a frame of any size is instant. The table is fitted into `table_width` columns the way
/// Polars fits it when not writing to a terminal (100 by default).
std::string format_table(const DataFrame& df, const TableFormatOptions& options);

/// Polars' repr of a Series: "shape: (n,)\nSeries: 'name' [i64]\n[\n\t1\n\t2\n]". Strings are
/// quoted; more than `max_rows` values are elided in the middle.
std::string format_series(const std::string& name, const Column& column, const TableFormatOptions& options);

/// Value `i` exactly as its table cell shows it before wrapping: "null", "true", "1.5",
/// "2024-01-31", strings unquoted and cut to `max_str_len` characters plus "…".
std::string format_value(const Column& column, int64_t i, const TableFormatOptions& options);

}  // namespace floe
