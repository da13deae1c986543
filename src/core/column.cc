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

void throw_nested_unsupported(TypeId id) {
  throw InvalidOperation(fmt::format("this operation is not supported for {} columns",
                                     id == TypeId::kList ? "List" : "Struct"));
}

ColumnPtr Column::make_list(DataType type, int64_t length, BufferPtr offsets, ColumnPtr items, BufferPtr validity) {
  FLOE_USER_CHECK(type.id == TypeId::kList && type.children, InvalidArgument, "make_list needs a List type, got {}",
                  type.to_string());
  FLOE_USER_CHECK(items && items->type() == type.list_item(), InvalidArgument,
                  "list items of type {} do not match the list type {}",
                  items ? items->type().to_string() : "(none)", type.to_string());
  FLOE_USER_CHECK(length >= 0 && offsets && offsets->size() >= sizeof(int64_t) * static_cast<size_t>(length + 1),
                  InvalidArgument, "a list of {} rows needs {} offsets", length, length + 1);
  const int64_t* o = offsets->as<int64_t>();
  // One pass over the offsets: a malformed list must fail here, not when its items are read.
  bool ordered = o[0] >= 0;
  for (int64_t i = 0; i < length; ++i) ordered &= o[i] <= o[i + 1];
  FLOE_USER_CHECK(ordered && o[length] <= items->length(), InvalidArgument,
                  "list offsets must ascend from 0 or more to at most the {} items", items->length());
  auto c = std::make_shared<Column>(std::move(type), length, std::move(offsets), std::move(validity));
  c->children_.push_back(std::move(items));
  return c;
}

ColumnPtr Column::make_struct(DataType type, int64_t length, std::vector<ColumnPtr> fields, BufferPtr validity) {
  FLOE_USER_CHECK(type.id == TypeId::kStruct && type.children, InvalidArgument,
                  "make_struct needs a Struct type, got {}", type.to_string());
  const auto& declared = type.struct_fields();
  FLOE_USER_CHECK(fields.size() == declared.size(), InvalidArgument, "a {} needs {} field columns, got {}",
                  type.to_polars_repr(), declared.size(), fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    FLOE_USER_CHECK(fields[i] && fields[i]->type() == declared[i].type && fields[i]->length() == length,
                    InvalidArgument, "struct field '{}' must be a column of {} rows of {}, got {} rows of {}",
                    declared[i].name, length, declared[i].type.to_string(), fields[i] ? fields[i]->length() : 0,
                    fields[i] ? fields[i]->type().to_string() : "(none)");
  }
  auto c = std::make_shared<Column>(std::move(type), length, nullptr, std::move(validity));
  c->children_ = std::move(fields);
  return c;
}

ColumnPtr Column::slice(int64_t offset, int64_t length) const {
  FLOE_CHECK(offset >= 0 && length >= 0 && offset + length <= length_, "slice [{}, +{}) of column of length {}",
             offset, length, length_);
  if (offset == 0 && length == length_) return std::make_shared<Column>(*this);
  BufferPtr values;
  if (values_) {
    size_t w = static_cast<size_t>(byte_width(type_.id));
    // A list keeps one offset more than it has rows; its items are shared whole.
    size_t count = static_cast<size_t>(length) + (type_.id == TypeId::kList ? 1 : 0);
    values = Buffer::view(values_, static_cast<size_t>(offset) * w, count * w);
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
  auto out = std::make_shared<Column>(type_, length, std::move(values), std::move(validity), data_buffers_);
  if (type_.id == TypeId::kStruct) {
    out->children_.reserve(children_.size());
    for (const auto& child : children_) out->children_.push_back(child->slice(offset, length));
  } else {
    out->children_ = children_;
  }
  return out;
}

ColumnPtr Column::nulls(const DataType& type, int64_t length) {
  if (type.id == TypeId::kNull) return std::make_shared<Column>(type, length, nullptr);
  if (type.id == TypeId::kList) {
    return make_list(type, length, Buffer::zeroed(sizeof(int64_t) * static_cast<size_t>(length + 1)),
                     nulls(type.list_item(), 0), Buffer::zeroed(bitmap::bytes_for(length)));
  }
  if (type.id == TypeId::kStruct) {
    std::vector<ColumnPtr> fields;
    for (const auto& f : type.struct_fields()) fields.push_back(nulls(f.type, length));
    return make_struct(type, length, std::move(fields), Buffer::zeroed(bitmap::bytes_for(length)));
  }
  size_t w = static_cast<size_t>(byte_width(type.id));
  auto values = Buffer::zeroed(w * static_cast<size_t>(length));
  auto validity = Buffer::zeroed(bitmap::bytes_for(length));
  return std::make_shared<Column>(type, length, std::move(values), std::move(validity));
}

ColumnPtr Column::with_type(const DataType& type) const {
  FLOE_CHECK(type.is_nested() == type_.is_nested(), "with_type from {} to {}", type_.to_string(), type.to_string());
  auto out = std::make_shared<Column>(type, length_, values_, validity_, data_buffers_);
  out->children_ = children_;
  return out;
}

ColumnPtr Column::with_validity(BufferPtr validity) const {
  auto out = std::make_shared<Column>(type_, length_, values_, std::move(validity), data_buffers_);
  out->children_ = children_;
  return out;
}

}  // namespace floe
