// Column factories for unit tests: a column from a list of optional values.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/column_builder.h"
#include "core/table_format.h"

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

/// A List column over `items`: row i holds items [offsets[i], offsets[i + 1]); rows listed in
/// `null_rows` are null.
inline ColumnPtr list_column(ColumnPtr items, const std::vector<int64_t>& offsets,
                             const std::vector<int64_t>& null_rows = {}) {
  const auto n = static_cast<int64_t>(offsets.size()) - 1;
  auto buffer = Buffer::allocate(sizeof(int64_t) * offsets.size());
  std::memcpy(buffer->data(), offsets.data(), sizeof(int64_t) * offsets.size());
  BufferPtr validity;
  if (!null_rows.empty()) {
    validity = Buffer::allocate(bitmap::bytes_for(n));
    std::memset(validity->data(), 0xff, bitmap::bytes_for(n));
    for (int64_t r : null_rows) bitmap::clear(validity->data(), r);
  }
  DataType type = DataType::list(items->type());
  return Column::make_list(std::move(type), n, std::move(buffer), std::move(items), std::move(validity));
}

/// A Struct column of the named `fields` (all of one length); rows in `null_rows` are null.
inline ColumnPtr struct_column(const std::vector<std::pair<std::string, ColumnPtr>>& fields,
                               const std::vector<int64_t>& null_rows = {}) {
  std::vector<Field> declared;
  std::vector<ColumnPtr> children;
  for (const auto& [name, column] : fields) {
    declared.push_back(Field{name, column->type()});
    children.push_back(column);
  }
  const int64_t n = children.empty() ? 0 : children[0]->length();
  BufferPtr validity;
  if (!null_rows.empty()) {
    validity = Buffer::allocate(bitmap::bytes_for(n));
    std::memset(validity->data(), 0xff, bitmap::bytes_for(n));
    for (int64_t r : null_rows) bitmap::clear(validity->data(), r);
  }
  return Column::make_struct(DataType::struct_(std::move(declared)), n, std::move(children), std::move(validity));
}

/// Every row of `c` as a table prints it, without cutting long lists or strings.
inline std::vector<std::string> printed_values(const Column& c) {
  TableFormatOptions o;
  o.max_str_len = -1;
  o.max_list_len = -1;
  std::vector<std::string> out;
  for (int64_t i = 0; i < c.length(); ++i) out.push_back(format_value(c, i, o));
  return out;
}

}  // namespace floe::testing
