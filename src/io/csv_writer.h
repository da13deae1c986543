// CSV writing: values formatted as Polars' write_csv formats them, in parallel over row blocks.
#pragma once

#include <optional>
#include <string>

#include "core/data_frame.h"

namespace floe::io {

/// When fields are put in quotes (Polars' `quote_style`).
enum class QuoteStyle {
  kNecessary,   // only fields holding the separator, the quote, \r or \n, and empty strings
  kAlways,      // every field, nulls included
  kNever,       // no field
  kNonNumeric,  // every non-null field that is not a number, and the header
};

/// Options of `write_csv`, named as Polars' `write_csv` arguments.
struct CsvWriteOptions {
  bool include_header = true;
  char separator = ',';
  char quote_char = '"';
  std::string null_value;
  std::string line_terminator = "\n";
  QuoteStyle quote_style = QuoteStyle::kNecessary;
  /// Digits after the decimal point for floats; unset writes the shortest text that reads back
  /// as the same value (1.0, 0.1, 1e+20).
  std::optional<int> float_precision;
};

/// Writes `df` as CSV to `path`. Dates are ISO (2024-01-02), datetimes ISO with 'T' and the
/// unit's fraction digits (2024-01-02T03:04:05.000000), with "+0000" when the column has a time
/// zone (values are written in UTC: Floe has no time zone database). Durations cannot be
/// written, as in Polars.
void write_csv(const DataFrame& df, const std::string& path, const CsvWriteOptions& options = {});

/// The CSV text of `df`.
std::string write_csv_string(const DataFrame& df, const CsvWriteOptions& options = {});

}  // namespace floe::io
