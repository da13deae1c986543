// Chunk slicing.
#include "core/chunk.h"

#include "core/error.h"

namespace floe {

Chunk Chunk::slice(int64_t offset, int64_t length) const {
  FLOE_CHECK(!selection_, "slice of a chunk with a selection");
  std::vector<ColumnPtr> cols;
  cols.reserve(columns_.size());
  for (const auto& c : columns_) cols.push_back(c->slice(offset, length));
  Chunk out(std::move(cols), length);
  out.sequence_ = sequence_;
  return out;
}

}  // namespace floe
