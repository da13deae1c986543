// Column factories for unit tests: a column from a list of optional values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/column_builder.h"

namespace floe::testing {

/// A fixed-width column of `type` holding `values` (nullopt: null).
template <typename T>
ColumnPtr fixed_column(const DataType& type, const std::vector<std::optional<T>>& values) {
  FixedBuilder<T> b(type, static_cast<int64_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    b.data()[i] = values[i].value_or(T{});
    if (!values[i]) b.set_null(static_cast<int64_t>(i));
  }
  return b.finish();
}

/// A String (or Binary) column holding `values` (nullopt: null).
inline ColumnPtr string_column(const std::vector<std::optional<std::string>>& values,
                               const DataType& type = TypeId::kString) {
  StringBuilder b(type);
  for (const auto& v : values) {
    if (v) {
      b.append(*v);
    } else {
      b.append_null();
    }
  }
  return b.finish();
}

}  // namespace floe::testing
