// Builders that produce Columns: fixed-width values with a validity bitmap, and string views.
#pragma once

#include <string_view>
#include <vector>

#include "core/column.h"

namespace floe {

/// Builds a column of `n` fixed-width values in place. Callers write through `data()` and mark
/// nulls with `set_null(i)`; the validity bitmap is only allocated once a null appears.
template <typename T>
class FixedBuilder {
 public:
  FixedBuilder(DataType type, int64_t n)
      : type_(std::move(type)), n_(n), values_(Buffer::allocate(sizeof(T) * static_cast<size_t>(n))) {}

  T* data() { return values_->as<T>(); }
  void set_null(int64_t i) {
    if (!validity_) {
      validity_ = Buffer::allocate(bitmap::bytes_for(n_));
      std::memset(validity_->data(), 0xff, bitmap::bytes_for(n_));
    }
    bitmap::clear(validity_->data(), i);
  }
  /// Uses `validity` (may be null) as the bitmap, replacing any nulls set so far.
  void set_validity(BufferPtr validity) { validity_ = std::move(validity); }
  uint8_t* validity_bits() {
    if (!validity_) {
      validity_ = Buffer::allocate(bitmap::bytes_for(n_));
      std::memset(validity_->data(), 0xff, bitmap::bytes_for(n_));
    }
    return validity_->data();
  }

  ColumnPtr finish() { return std::make_shared<Column>(type_, n_, std::move(values_), std::move(validity_)); }

 private:
  DataType type_;
  int64_t n_;
  BufferPtr values_;
  BufferPtr validity_;
};

/// Appends strings one by one into views plus large data buffers.
class StringBuilder {
 public:
  explicit StringBuilder(DataType type = TypeId::kString, int64_t expected_rows = 0, size_t expected_bytes = 0);

  void reserve(int64_t rows);
  void append(std::string_view s) {
    if (size_ == capacity_) grow_views(size_ + 1);
    views()[size_] = s.size() <= StringView::kInlineSize ? StringView::make_inline(s) : store(s);
    ++size_;
  }
  void append_null() {
    if (size_ == capacity_) grow_views(size_ + 1);
    views()[size_] = StringView::make_inline({});
    mark_null(size_);
    ++size_;
  }
  /// Appends a view that already points into `buffers` of another column; the buffers are
  /// shared, not copied. `buffer_base` maps the source's buffer indexes into ours (returned
  /// by `adopt_buffers`).
  void append_view(const StringView& v, uint32_t buffer_base) {
    if (size_ == capacity_) grow_views(size_ + 1);
    StringView out = v;
    if (!v.is_inline()) out.ref.buffer_index += buffer_base;
    views()[size_] = out;
    ++size_;
  }
  uint32_t adopt_buffers(const std::vector<BufferPtr>& buffers);

  int64_t size() const { return size_; }
  ColumnPtr finish();

 private:
  StringView* views() { return views_->as<StringView>(); }
  StringView store(std::string_view s);
  void grow_views(int64_t min_capacity);
  void mark_null(int64_t i);

  DataType type_;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
  BufferPtr views_;
  BufferPtr validity_;
  std::vector<BufferPtr> buffers_;
  BufferPtr current_;  // last of `buffers_` that we own and append into, or null
  size_t current_used_ = 0;
  size_t next_block_ = 0;
};

}  // namespace floe
