// Casting columns between data types (Polars' `cast`, strict and non-strict).
#pragma once

#include <string>

#include "core/column.h"

namespace floe::compute {

/// Converts `input` to `to`. With `strict`, a value that cannot be represented (overflow, a
/// string that is not a number, NaN to integer) raises InvalidOperation listing the failing
/// values; without it, such values become null. `column_name` only names the column in errors.
ColumnPtr cast(const ColumnPtr& input, const DataType& to, bool strict = true,
               const std::string& column_name = "");

/// Whether a cast from `from` to `to` is supported at all (independent of the values).
bool can_cast(const DataType& from, const DataType& to);

/// A float formatted as Polars formats it in strings and CSV: shortest round-trip digits,
/// "1.0" rather than "1", "NaN", "inf".
std::string format_float(double v);
std::string format_float(float v);

}  // namespace floe::compute
