// Casting columns between data types (Polars' `cast`, strict and non-strict).
#pragma once

#include <string>

#include "core/column.h"
#include "core/value_format.h"

namespace floe::compute {

/// Converts `input` to `to`. With `strict`, a value that cannot be represented (overflow, a
/// string that is not a number, NaN to integer) raises InvalidOperation listing the failing
/// values; without it, such values become null. `column_name` only names the column in errors.
ColumnPtr cast(const ColumnPtr& input, const DataType& to, bool strict = true,
               const std::string& column_name = "");

/// Whether a cast from `from` to `to` is supported at all (independent of the values).
bool can_cast(const DataType& from, const DataType& to);

/// A float as a cast to String writes it; the cast itself calls core's format_float_for_cast.
/// Kept for expr_format.cc's literals (which Polars writes as Rust's `{}`: rust_display_float).
inline std::string format_float(double v) { return format_float_for_cast(v); }

}  // namespace floe::compute
