// Column construction, slicing and retyping.
#include "core/column.h"

#include "core/error.h"

namespace floe {

Column::Column(DataType type, int64_t length, BufferPtr values, BufferPtr validity,
               std::vector<BufferPtr> data_buffers)
    : type_(std::move(type)),
      length_(length),
      null_count_(0),
      values_(std::move(values)),
      validity_(std::move(validity)),
      data_buffers_(std::move(data_buffers)) {
  if (type_.id == TypeId::kNull) {
    // Every value of the Null type is null; keep an all-zero bitmap so is_valid() needs no
    // special case.
    null_count_ = length_;
    if (!validity_) validity_ = Buffer::zeroed(bitmap::bytes_for(length_));
  } else if (validity_) {
    null_count_ = length_ - bitmap::count_set(validity_->data(), length_);
    if (null_count_ == 0) validity_ = nullptr;
  }
}

ColumnPtr Column::slice(int64_t offset, int64_t length) const {
  FLOE_CHECK(offset >= 0 && length >= 0 && offset + length <= length_, "slice [{}, +{}) of column of length {}",
             offset, length, length_);
  if (offset == 0 && length == length_) return std::make_shared<Column>(*this);
  BufferPtr values;
  if (values_) {
    size_t w = static_cast<size_t>(byte_width(type_.id));
    values = Buffer::view(values_, static_cast<size_t>(offset) * w, static_cast<size_t>(length) * w);
  }
  BufferPtr validity;
  if (validity_) {
    if (offset % 8 == 0) {
      validity = Buffer::view(validity_, static_cast<size_t>(offset / 8), bitmap::bytes_for(length));
    } else {
      validity = Buffer::allocate(bitmap::bytes_for(length));
      bitmap::copy_bits(validity_->data(), offset, validity->data(), length);
    }
  }
  return std::make_shared<Column>(type_, length, std::move(values), std::move(validity), data_buffers_);
}

ColumnPtr Column::nulls(const DataType& type, int64_t length) {
  if (type.id == TypeId::kNull) return std::make_shared<Column>(type, length, nullptr);
  size_t w = static_cast<size_t>(byte_width(type.id));
  auto values = Buffer::zeroed(w * static_cast<size_t>(length));
  auto validity = Buffer::zeroed(bitmap::bytes_for(length));
  return std::make_shared<Column>(type, length, std::move(values), std::move(validity));
}

ColumnPtr Column::with_type(const DataType& type) const {
  return std::make_shared<Column>(type, length_, values_, validity_, data_buffers_);
}

ColumnPtr Column::with_validity(BufferPtr validity) const {
  return std::make_shared<Column>(type_, length_, values_, std::move(validity), data_buffers_);
}

}  // namespace floe
