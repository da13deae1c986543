// DataFrame assembly, rechunking and slicing.
#include "core/data_frame.h"

#include <algorithm>

#include "core/column_builder.h"
#include "core/error.h"
#include "core/table_format.h"

namespace floe {

DataFrame::DataFrame(Schema schema, std::vector<Chunk> chunks) : schema_(std::move(schema)) {
  for (auto& c : chunks) {
    FLOE_CHECK(!c.selection(), "DataFrame chunks must not carry selections");
    FLOE_CHECK(c.num_columns() == schema_.size(), "chunk has {} columns, schema {}", c.num_columns(), schema_.size());
    if (c.num_rows() == 0 && !chunks_.empty()) continue;
    rows_ += c.num_rows();
    chunks_.push_back(std::move(c));
  }
}

DataFrame::DataFrame(Schema schema, std::vector<ColumnPtr> columns) : schema_(std::move(schema)) {
  FLOE_CHECK(columns.size() == schema_.size(), "{} columns for a schema of {}", columns.size(), schema_.size());
  int64_t n = columns.empty() ? 0 : columns[0]->length();
  for (size_t i = 0; i < columns.size(); ++i) {
    FLOE_USER_CHECK(columns[i]->length() == n, ShapeMismatch,
                    "could not create a new DataFrame: height of column '{}' ({}) does not match height of column '{}' ({})",
                    schema_[i].name, columns[i]->length(), schema_[0].name, n);
  }
  rows_ = n;
  chunks_.emplace_back(std::move(columns), n);
}

ColumnPtr DataFrame::column(size_t i) const {
  if (chunks_.size() == 1) return chunks_[0].column(i);
  std::vector<ColumnPtr> parts;
  parts.reserve(chunks_.size());
  for (const auto& c : chunks_) parts.push_back(c.column(i));
  if (parts.empty()) return Column::nulls(schema_[i].type, 0);
  return concat_columns(parts);
}

DataFrame DataFrame::rechunk() const {
  if (chunks_.size() <= 1) return *this;
  std::vector<ColumnPtr> cols;
  for (size_t i = 0; i < schema_.size(); ++i) cols.push_back(column(i));
  return DataFrame(schema_, std::move(cols));
}

DataFrame DataFrame::slice(int64_t offset, int64_t length) const {
  offset = std::clamp<int64_t>(offset, 0, rows_);
  length = std::clamp<int64_t>(length, 0, rows_ - offset);
  std::vector<Chunk> out;
  int64_t pos = 0;
  for (const auto& c : chunks_) {
    int64_t begin = std::max(offset, pos), end = std::min(offset + length, pos + c.num_rows());
    if (begin < end) out.push_back(c.slice(begin - pos, end - begin));
    pos += c.num_rows();
  }
  if (out.empty()) {
    std::vector<ColumnPtr> cols;
    for (const auto& f : schema_) cols.push_back(Column::nulls(f.type, 0));
    return DataFrame(schema_, std::move(cols));
  }
  return DataFrame(schema_, std::move(out));
}

std::string DataFrame::to_string() const { return format_table(*this, TableFormatOptions::from_env()); }

namespace {

/// A string column gathered from many small pieces would otherwise reference every piece's
/// buffers, and each slice of it copies that list: past this many, the long strings are copied.
constexpr size_t kMaxDataBuffers = 64;

/// Copies the long strings of `views` into fresh buffers of at most 1 GiB each (offsets are 32
/// bits) and re-points the views at them.
std::vector<BufferPtr> compact_strings(StringView* views, int64_t n, const uint8_t* validity,
                                       const std::vector<BufferPtr>& from) {
  constexpr size_t kBufferLimit = size_t{1} << 30;
  // A null's view is not looked at: make it the empty string.
  if (validity) {
    for (int64_t i = 0; i < n; ++i) {
      if (!bitmap::get(validity, i)) views[i] = StringView::make_inline({});
    }
  }
  std::vector<BufferPtr> out;
  size_t begin = 0;  // first view of the buffer being filled
  while (begin < static_cast<size_t>(n)) {
    size_t bytes = 0, end = begin;
    for (; end < static_cast<size_t>(n); ++end) {
      const size_t size = views[end].is_inline() ? 0 : views[end].size;
      if (bytes + size > kBufferLimit && bytes > 0) break;
      bytes += size;
    }
    auto buffer = Buffer::allocate(bytes);
    size_t offset = 0;
    const uint32_t index = static_cast<uint32_t>(out.size());
    for (size_t i = begin; i < end; ++i) {
      StringView& v = views[i];
      if (v.is_inline()) continue;
      std::memcpy(buffer->data() + offset, from[v.ref.buffer_index]->data() + v.ref.offset, v.size);
      v.ref.buffer_index = index;
      v.ref.offset = static_cast<uint32_t>(offset);
      offset += v.size;
    }
    out.push_back(std::move(buffer));
    begin = end;
  }
  return out;
}

/// Lists end to end: each part's offsets rebased onto the items gathered so far, and the items
/// each part's rows address (a sliced part may address only some of its items).
ColumnPtr concat_lists(const std::vector<ColumnPtr>& parts, const DataType& type, int64_t n, BufferPtr validity) {
  auto offsets = Buffer::allocate(sizeof(int64_t) * static_cast<size_t>(n + 1));
  int64_t* out = offsets->as<int64_t>();
  out[0] = 0;
  std::vector<ColumnPtr> items;
  items.reserve(parts.size());
  int64_t row = 0;
  for (const auto& p : parts) {
    const int64_t* in = p->list_offsets();
    const int64_t len = p->length();
    const int64_t shift = out[row] - in[0];
    for (int64_t i = 1; i <= len; ++i) out[row + i] = in[i] + shift;
    items.push_back(p->children()[0]->slice(in[0], in[len] - in[0]));
    row += len;
  }
  return Column::make_list(type, n, std::move(offsets), concat_columns(items), std::move(validity));
}

}  // namespace

ColumnPtr concat_columns(const std::vector<ColumnPtr>& parts) {
  FLOE_CHECK(!parts.empty(), "concat of no columns");
  if (parts.size() == 1) return parts[0];
  const DataType& type = parts[0]->type();
  int64_t n = 0;
  bool any_null = false;
  for (const auto& p : parts) {
    FLOE_CHECK(p->type() == type, "concat of {} and {}", type.to_string(), p->type().to_string());
    n += p->length();
    any_null |= p->has_nulls();
  }
  if (type.id == TypeId::kNull) return Column::nulls(type, n);
  BufferPtr validity;
  if (any_null) {
    validity = Buffer::allocate(bitmap::bytes_for(n));
    std::memset(validity->data(), 0xff, bitmap::bytes_for(n));
    int64_t pos = 0;
    for (const auto& p : parts) {
      if (p->has_nulls()) {
        for (int64_t i = 0; i < p->length(); ++i) {
          if (p->is_null(i)) bitmap::clear(validity->data(), pos + i);
        }
      }
      pos += p->length();
    }
  }
  if (type.id == TypeId::kList) return concat_lists(parts, type, n, std::move(validity));
  if (type.id == TypeId::kStruct) {
    std::vector<ColumnPtr> fields;
    for (size_t f = 0; f < type.struct_fields().size(); ++f) {
      std::vector<ColumnPtr> field_parts;
      field_parts.reserve(parts.size());
      for (const auto& p : parts) field_parts.push_back(p->children()[f]);
      fields.push_back(concat_columns(field_parts));
    }
    return Column::make_struct(type, n, std::move(fields), std::move(validity));
  }
  size_t w = static_cast<size_t>(byte_width(type.id));
  auto values = Buffer::allocate(w * static_cast<size_t>(n));
  std::vector<BufferPtr> data_buffers;
  size_t pos = 0;
  for (const auto& p : parts) {
    size_t bytes = w * static_cast<size_t>(p->length());
    if (bytes) std::memcpy(values->data() + pos, p->values_buffer()->data(), bytes);
    if (type.is_string_like()) {
      // Re-point long views at the concatenated buffer list.
      uint32_t base = static_cast<uint32_t>(data_buffers.size());
      if (base != 0) {
        auto* views = reinterpret_cast<StringView*>(values->data() + pos);
        for (int64_t i = 0; i < p->length(); ++i) {
          if (!views[i].is_inline()) views[i].ref.buffer_index += base;
        }
      }
      data_buffers.insert(data_buffers.end(), p->data_buffers().begin(), p->data_buffers().end());
    }
    pos += bytes;
  }
  if (data_buffers.size() > kMaxDataBuffers) {
    data_buffers = compact_strings(reinterpret_cast<StringView*>(values->data()), n,
                                   validity ? validity->data() : nullptr, data_buffers);
  }
  return std::make_shared<Column>(type, n, std::move(values), std::move(validity), std::move(data_buffers));
}

}  // namespace floe
