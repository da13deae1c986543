// Column: one typed array of values with an optional validity bitmap (Arrow-compatible).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/bitmap.h"
#include "core/buffer.h"
#include "core/data_type.h"
#include "core/string_view.h"

namespace floe {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

/// An immutable array of `length` values of one type. Fixed-width values are stored densely
/// (booleans one byte each, 0 or 1); strings and binary as 16-byte `StringView`s into
/// `data_buffers`. A List stores `length + 1` int64 offsets (Arrow's large_list layout) in its
/// values buffer and its items as its one child; a Struct has one child per field, each of the
/// struct's length, and no values buffer. A null `validity` means every value is valid. Columns
/// are shared between chunks and plans through `ColumnPtr` and never change once built.
class Column {
 public:
  Column(DataType type, int64_t length, BufferPtr values, BufferPtr validity = nullptr,
         std::vector<BufferPtr> data_buffers = {});

  const DataType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  bool has_nulls() const { return null_count_ > 0; }

  const BufferPtr& values_buffer() const { return values_; }
  const BufferPtr& validity_buffer() const { return validity_; }
  const std::vector<BufferPtr>& data_buffers() const { return data_buffers_; }

  template <typename T>
  const T* values() const { return values_ ? values_->as<T>() : nullptr; }
  const uint8_t* validity() const { return validity_ ? validity_->data() : nullptr; }

  bool is_valid(int64_t i) const { return validity_ == nullptr || bitmap::get(validity_->data(), i); }
  bool is_null(int64_t i) const { return !is_valid(i); }

  /// The bytes of string or binary value `i` (valid or not).
  std::string_view string_at(int64_t i) const {
    const StringView& v = values<StringView>()[i];
    if (v.is_inline()) return {v.inlined, v.size};
    return {reinterpret_cast<const char*>(data_buffers_[v.ref.buffer_index]->data()) + v.ref.offset, v.size};
  }
  static std::string_view view_string(const StringView& v, const std::vector<BufferPtr>& buffers) {
    if (v.is_inline()) return {v.inlined, v.size};
    return {reinterpret_cast<const char*>(buffers[v.ref.buffer_index]->data()) + v.ref.offset, v.size};
  }

  /// A List column: row i holds items [offsets[i], offsets[i + 1]) of `items`. `offsets` holds
  /// length + 1 int64 values, ascending, the last at most items->length(); they need not start
  /// at 0. Throws InvalidArgument when the offsets do not fit the items.
  static ColumnPtr make_list(DataType type, int64_t length, BufferPtr offsets, ColumnPtr items,
                             BufferPtr validity = nullptr);
  /// A Struct column with one child of `length` rows per field of `type`. Throws
  /// InvalidArgument when the children do not match the fields.
  static ColumnPtr make_struct(DataType type, int64_t length, std::vector<ColumnPtr> fields,
                               BufferPtr validity = nullptr);

  /// List: {items}; Struct: one column per field; other types: empty.
  const std::vector<ColumnPtr>& children() const { return children_; }
  /// List only: the length + 1 offsets of this column's rows into children()[0].
  const int64_t* list_offsets() const { return values<int64_t>(); }

  /// Rows [offset, offset + length), sharing memory with this column.
  ColumnPtr slice(int64_t offset, int64_t length) const;

  /// A column of `length` nulls of `type`.
  static ColumnPtr nulls(const DataType& type, int64_t length);

  /// The same values reinterpreted as another type of equal physical width (e.g. Int64 as
  /// Datetime). Used by casts that change only the logical type.
  ColumnPtr with_type(const DataType& type) const;

  /// The same values with a replaced validity bitmap (nullptr: all valid).
  ColumnPtr with_validity(BufferPtr validity) const;

 private:
  DataType type_;
  int64_t length_;
  int64_t null_count_;
  BufferPtr values_;
  BufferPtr validity_;
  std::vector<BufferPtr> data_buffers_;
  std::vector<ColumnPtr> children_;
};

/// Throws InvalidOperation: a flat-value kernel met a List or Struct column.
[[noreturn]] void throw_nested_unsupported(TypeId id);

/// Calls `fn(T{})` with the C++ type that physically stores values of `id` (bool as uint8_t,
/// Date as int32_t, Datetime/Duration/Time as int64_t, strings as StringView, Decimal as its
/// unscaled __int128). Throws InvalidOperation for List and Struct, which have no flat values.
template <typename Fn>
decltype(auto) visit_physical(TypeId id, Fn&& fn) {
  switch (id) {
    case TypeId::kBoolean:
    case TypeId::kUInt8: return fn(uint8_t{});
    case TypeId::kInt8: return fn(int8_t{});
    case TypeId::kInt16: return fn(int16_t{});
    case TypeId::kInt32:
    case TypeId::kDate: return fn(int32_t{});
    case TypeId::kInt64:
    case TypeId::kDatetime:
    case TypeId::kDuration:
    case TypeId::kTime: return fn(int64_t{});
    case TypeId::kUInt16: return fn(uint16_t{});
    case TypeId::kUInt32: return fn(uint32_t{});
    case TypeId::kUInt64: return fn(uint64_t{});
    case TypeId::kFloat32: return fn(float{});
    case TypeId::kFloat64: return fn(double{});
    case TypeId::kString:
    case TypeId::kBinary: return fn(StringView{});
    case TypeId::kDecimal: return fn(static_cast<__int128>(0));
    case TypeId::kNull: return fn(uint8_t{});
    case TypeId::kList:
    case TypeId::kStruct: throw_nested_unsupported(id);
  }
  return fn(uint8_t{});
}

/// Calls `fn(T{})` for numeric types only (bool counts as uint8_t, Decimal as its unscaled
/// __int128: callers that care about the scale check for kDecimal first).
template <typename Fn>
decltype(auto) visit_numeric(TypeId id, Fn&& fn) {
  switch (id) {
    case TypeId::kBoolean:
    case TypeId::kUInt8: return fn(uint8_t{});
    case TypeId::kInt8: return fn(int8_t{});
    case TypeId::kInt16: return fn(int16_t{});
    case TypeId::kInt32:
    case TypeId::kDate: return fn(int32_t{});
    case TypeId::kUInt16: return fn(uint16_t{});
    case TypeId::kUInt32: return fn(uint32_t{});
    case TypeId::kUInt64: return fn(uint64_t{});
    case TypeId::kFloat32: return fn(float{});
    case TypeId::kFloat64: return fn(double{});
    case TypeId::kDecimal: return fn(static_cast<__int128>(0));
    case TypeId::kList:
    case TypeId::kStruct: throw_nested_unsupported(id);
    default: return fn(int64_t{});
  }
}

}  // namespace floe
