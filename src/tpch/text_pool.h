// The pool of grammar-generated text that TPC-H comment columns are cut from (clause 4.2.2.10).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/buffer.h"
#include "tpch/row_random.h"

namespace floe::tpch {

/// A few megabytes of sentences built from the specification's grammar (noun phrases, verb
/// phrases, prepositional phrases and terminators over weighted word lists). A comment of
/// length in [min, max] is a random slice of it, as dbgen cuts its own 300 MB pool. Built once
/// per process with a fixed seed, so it is the same everywhere.
class TextPool {
 public:
  /// The process-wide pool.
  static const TextPool& instance();

  /// The pool's bytes, shared with the comment columns whose views point into it.
  const BufferPtr& buffer() const { return buffer_; }
  std::string_view text() const { return {reinterpret_cast<const char*>(buffer_->data()), size_}; }

  /// Offset and length of a random slice with length uniform in [min_length, max_length].
  struct Slice {
    uint32_t offset;
    uint32_t length;
  };
  Slice slice(RowRandom& random, int min_length, int max_length) const {
    const auto length = static_cast<uint32_t>(random.uniform(min_length, max_length));
    const auto offset = static_cast<uint32_t>(random.uniform(0, static_cast<int64_t>(size_ - length)));
    return {offset, length};
  }

  /// Generates a pool of `size` bytes from `seed` (instance() uses kDefaultSize).
  TextPool(size_t size, uint64_t seed);

  static constexpr size_t kDefaultSize = 8 << 20;

 private:
  BufferPtr buffer_;
  size_t size_;
};

}  // namespace floe::tpch
