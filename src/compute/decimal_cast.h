// Casts to and from Decimal, kept apart from cast.cc's numeric and temporal kernels.
#pragma once

#include <string>
#include <vector>

#include "core/column.h"

namespace floe::compute {

/// Whether `from` -> `to` is a supported cast where either side is a Decimal: integers, floats
/// and strings both ways, decimal to decimal, and decimal to bool (not bool to decimal, as in
/// Polars).
bool can_cast_decimal(const DataType& from, const DataType& to);

/// Casts where `from` or `to` is a Decimal. Digits dropped by a smaller scale round half to
/// even; decimals to integers truncate toward zero. A value that does not fit the target's
/// precision or range fails as cast() describes.
ColumnPtr cast_decimal(const Column& in, const DataType& to, bool strict, const std::string& column_name);

namespace detail {
/// Raises Polars' cast error listing up to ten of the failing rows.
[[noreturn]] void cast_failed(const Column& in, const DataType& to, const std::string& name,
                              const std::vector<int64_t>& bad_rows, int64_t bad_count);
}  // namespace detail

}  // namespace floe::compute
