// Scaffolding shared by the ".str" kernels: argument and parameter checks, and the column loops
// that map a String column to fixed-width values, to substrings of itself, or to new strings.
#pragma once

#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compute/function_registry.h"
#include "core/column_builder.h"
#include "core/error.h"

namespace floe::compute {

/// Checks that `fn` got exactly one String column; names the function and the type otherwise.
inline void expect_string_input(std::string_view fn, std::span<const DataType> types) {
  FLOE_USER_CHECK(types.size() == 1, InvalidOperation, "{} expects 1 column argument, got {}", fn,
                  types.size());
  FLOE_USER_CHECK(types[0].id == TypeId::kString, SchemaMismatch,
                  "{} expects a String column, got {}", fn, types[0].to_string());
}

/// The single String column argument of `fn`, checked as `expect_string_input` does (execute
/// checks again, so a caller that skipped resolve still gets a clear error).
inline const Column& string_input(std::string_view fn, std::span<const ColumnPtr> args) {
  FLOE_USER_CHECK(args.size() == 1 && args[0], InvalidOperation, "{} expects 1 column argument, got {}", fn,
                  args.size());
  DataType t = args[0]->type();
  expect_string_input(fn, std::span<const DataType>(&t, 1));
  return *args[0];
}

/// The String parameter `i` (`name` in messages), or nullopt when missing or null.
inline std::optional<std::string> string_param(std::string_view fn, const FunctionOptions& options,
                                               size_t i, std::string_view name) {
  if (!options.has(i)) return std::nullopt;
  const Scalar& s = options.params[i];
  FLOE_USER_CHECK(s.type().id == TypeId::kString, InvalidArgument,
                  "{}: parameter '{}' must be a String, got {}", fn, name, s.type().to_string());
  return s.as_string();
}

/// The Boolean parameter `i`, or `fallback` when missing or null.
inline bool bool_param(std::string_view fn, const FunctionOptions& options, size_t i,
                       std::string_view name, bool fallback) {
  if (!options.has(i)) return fallback;
  const Scalar& s = options.params[i];
  FLOE_USER_CHECK(s.type().id == TypeId::kBoolean, InvalidArgument,
                  "{}: parameter '{}' must be a Boolean, got {}", fn, name, s.type().to_string());
  return s.as_bool();
}

/// The integer parameter `i`, or nullopt when missing or null.
inline std::optional<int64_t> int_param(std::string_view fn, const FunctionOptions& options,
                                        size_t i, std::string_view name) {
  if (!options.has(i)) return std::nullopt;
  const Scalar& s = options.params[i];
  FLOE_USER_CHECK(s.type().is_integer(), InvalidArgument,
                  "{}: parameter '{}' must be an integer, got {}", fn, name, s.type().to_string());
  return s.as_int64();
}

/// Calls `fn(i, view)` for every valid row of a String column, skipping nulls word by word.
template <typename Fn>
void for_each_valid_string(const Column& in, Fn&& fn) {
  const StringView* views = in.values<StringView>();
  const int64_t n = in.length();
  if (!in.has_nulls()) {
    for (int64_t i = 0; i < n; ++i) fn(i, views[i]);
    return;
  }
  const uint8_t* valid = in.validity();
  for (int64_t i = 0; i < n; ++i) {
    if (bitmap::get(valid, i)) fn(i, views[i]);
  }
}

/// Maps every valid string to one value of type `T` with `fn(const StringView&) -> T`; null rows
/// stay null and hold T{}. The input's validity buffer is shared, not copied.
template <typename T, typename Fn>
ColumnPtr map_strings_to_fixed(const Column& in, const DataType& out_type, Fn&& fn) {
  const int64_t n = in.length();
  auto values = Buffer::allocate(sizeof(T) * static_cast<size_t>(n));
  T* out = values->as<T>();
  if (in.has_nulls()) std::memset(out, 0, sizeof(T) * static_cast<size_t>(n));
  for_each_valid_string(in, [&](int64_t i, const StringView& v) { out[i] = fn(v); });
  return std::make_shared<Column>(out_type, n, std::move(values), in.validity_buffer());
}

/// A view of bytes [begin, begin + size) of the string `v`, pointing into the same data buffer
/// when the result is too long to inline (no copy).
inline StringView substring_view(const StringView& v, std::string_view bytes, size_t begin,
                                 size_t size) {
  if (size <= StringView::kInlineSize) return StringView::make_inline(bytes.substr(begin, size));
  return StringView::make_ref(bytes.substr(begin, size), v.ref.buffer_index,
                              v.ref.offset + static_cast<uint32_t>(begin));
}

/// Maps every valid string to a substring of itself with `fn(std::string_view) -> pair(begin,
/// size)` in bytes. The output shares the input's data buffers and validity.
template <typename Fn>
ColumnPtr map_strings_to_substrings(const Column& in, Fn&& fn) {
  const int64_t n = in.length();
  auto values = Buffer::allocate(sizeof(StringView) * static_cast<size_t>(n));
  StringView* out = values->as<StringView>();
  if (in.has_nulls()) std::memset(out, 0, sizeof(StringView) * static_cast<size_t>(n));
  const auto& buffers = in.data_buffers();
  for_each_valid_string(in, [&](int64_t i, const StringView& v) {
    std::string_view s = Column::view_string(v, buffers);
    auto [begin, size] = fn(s);
    out[i] = substring_view(v, s, begin, size);
  });
  return std::make_shared<Column>(in.type(), n, std::move(values), in.validity_buffer(), buffers);
}

/// Maps every valid string to a new string with `fn(std::string_view in, std::string& scratch)
/// -> std::string_view` (the result may point into the input, into `scratch`, or anywhere that
/// outlives the call). Nulls stay null.
template <typename Fn>
ColumnPtr map_strings(const Column& in, Fn&& fn) {
  const int64_t n = in.length();
  const StringView* views = in.values<StringView>();
  // Size the output like the input's out-of-line bytes. Not the size of its data buffers: a
  // morsel sliced from a large column shares all of that column's buffers.
  size_t bytes = 0;
  for (int64_t i = 0; i < n; ++i) bytes += views[i].is_inline() ? 0 : views[i].size;
  StringBuilder builder(TypeId::kString, n, bytes + 64);
  std::string scratch;
  const auto& buffers = in.data_buffers();
  for (int64_t i = 0; i < n; ++i) {
    if (in.is_null(i)) {
      builder.append_null();
    } else {
      builder.append(fn(Column::view_string(views[i], buffers), scratch));
    }
  }
  return builder.finish();
}

/// A column of `n` nulls of `type`, for parameters that make every result null (Polars gives
/// null when a pattern is a null literal).
inline ColumnPtr all_null(const DataType& type, int64_t n) { return Column::nulls(type, n); }

/// Registers ".str" functions of one family; each is called from register_string_functions.
void register_string_case_functions(FunctionRegistry& registry);
void register_string_regex_functions(FunctionRegistry& registry);

}  // namespace floe::compute
