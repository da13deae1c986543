// Task outputs on the worker's disk: one file of blocks per (query, stage, task, partition).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_frame.h"

namespace floe::cluster {

/// Rows per block: a partition is written as blocks of at most this many rows, so readers
/// stream it and no message grows with the partition.
inline constexpr int64_t kBlockRows = 128 * 1024;

/// The shuffle directory of one worker: `<root>/<query>/<stage>-<task>-<partition>.blocks`, each
/// file a sequence of (8-byte little-endian length, block of the block format).
class ShuffleStore {
 public:
  explicit ShuffleStore(std::string root);

  /// Writes one task's output partitions; returns the bytes written per partition.
  std::vector<int64_t> write(const std::string& query, int stage, int task, const std::vector<DataFrame>& partitions);

  /// Hands each block of a partition, in order, to `block`. Throws IoError when the partition
  /// does not exist (never written, or released).
  void read_blocks(const std::string& query, int stage, int task, int partition,
                   const std::function<void(std::string_view)>& block) const;

  /// Deletes every file of `query`.
  void release(const std::string& query);

  const std::string& root() const { return root_; }

 private:
  std::string path(const std::string& query, int stage, int task, int partition) const;

  std::string root_;
};

/// Throws InvalidArgument unless `id` is a plausible query id (letters, digits, '-', '_'): ids
/// become directory names.
void check_query_id(const std::string& id);

/// Every block of a stream decoded and stacked into one frame of `schema`.
DataFrame decode_blocks(const Schema& schema, const std::vector<std::string>& blocks);

}  // namespace floe::cluster
