// StringBuilder growth policy.
#include "core/column_builder.h"

#include <algorithm>

namespace floe {

namespace {
constexpr size_t kMinBlock = 32 * 1024;
constexpr size_t kMaxBlock = 64u * 1024 * 1024;
}  // namespace

StringBuilder::StringBuilder(DataType type, int64_t expected_rows, size_t expected_bytes)
    : type_(std::move(type)), next_block_(std::clamp(expected_bytes, kMinBlock, kMaxBlock)) {
  if (expected_rows > 0) grow_views(expected_rows);
}

void StringBuilder::reserve(int64_t rows) {
  if (rows > capacity_) grow_views(rows);
}

void StringBuilder::grow_views(int64_t min_capacity) {
  int64_t cap = std::max<int64_t>(min_capacity, std::max<int64_t>(16, capacity_ * 2));
  auto nv = Buffer::allocate(sizeof(StringView) * static_cast<size_t>(cap));
  if (size_ > 0) std::memcpy(nv->data(), views_->data(), sizeof(StringView) * static_cast<size_t>(size_));
  views_ = std::move(nv);
  if (validity_) {
    auto nb = Buffer::allocate(bitmap::bytes_for(cap));
    std::memset(nb->data(), 0xff, bitmap::bytes_for(cap));
    std::memcpy(nb->data(), validity_->data(), bitmap::bytes_for(capacity_));
    validity_ = std::move(nb);
  }
  capacity_ = cap;
}

void StringBuilder::mark_null(int64_t i) {
  if (!validity_) {
    validity_ = Buffer::allocate(bitmap::bytes_for(capacity_));
    std::memset(validity_->data(), 0xff, bitmap::bytes_for(capacity_));
  }
  bitmap::clear(validity_->data(), i);
}

StringView StringBuilder::store(std::string_view s) {
  if (!current_ || current_used_ + s.size() > current_->size()) {
    size_t block = std::max(next_block_, s.size());
    next_block_ = std::min(next_block_ * 2, kMaxBlock);
    current_ = Buffer::allocate(block);
    current_used_ = 0;
    buffers_.push_back(current_);
  }
  std::memcpy(current_->data() + current_used_, s.data(), s.size());
  StringView v = StringView::make_ref(s, static_cast<uint32_t>(buffers_.size() - 1),
                                      static_cast<uint32_t>(current_used_));
  current_used_ += s.size();
  return v;
}

uint32_t StringBuilder::adopt_buffers(const std::vector<BufferPtr>& buffers) {
  // Appending after foreign buffers would change their index, so the block we write into stays
  // last only if we start a fresh one afterwards.
  uint32_t base = static_cast<uint32_t>(buffers_.size());
  buffers_.insert(buffers_.end(), buffers.begin(), buffers.end());
  current_ = nullptr;
  return base;
}

ColumnPtr StringBuilder::finish() {
  if (!views_) views_ = Buffer::allocate(0);
  if (current_) current_->set_size(current_used_);
  BufferPtr validity = validity_;
  auto col = std::make_shared<Column>(type_, size_, std::move(views_), std::move(validity), std::move(buffers_));
  *this = StringBuilder(type_);
  return col;
}

}  // namespace floe
