// Hash partitioning: hash whole key columns, map hashes to partitions, gather each partition.
#include "cluster/partitioner.h"

#include "compute/selection.h"
#include "core/error.h"
#include "exec/group_table.h"

namespace floe::cluster {

namespace {

// Far more than any cluster has tasks; it keeps the per-partition bookkeeping small.
constexpr int kMaxPartitions = 1 << 16;

/// The partition of a key hash. The local engine downstream reuses the same hash: its group
/// and join tables index slots by the low bits and its radix partitions by the top bits. Taking
/// the shuffle partition straight from either would leave each partition's keys sharing those
/// bits (crowded slots, empty radix partitions), so the hash is remixed first; the remixed high
/// half is then scaled to [0, partitions) with a multiply instead of a division.
inline uint32_t partition_for(uint64_t hash, uint64_t partitions) {
  uint64_t x = hash ^ 0x2545f4914f6cdd1dULL;
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 29;
  return static_cast<uint32_t>(((x >> 32) * partitions) >> 32);
}

}  // namespace

std::vector<DataFrame> hash_partition(const DataFrame& frame, const std::vector<std::string>& keys, int partitions) {
  FLOE_USER_CHECK(partitions >= 1 && partitions <= kMaxPartitions, InvalidArgument,
                  "hash_partition needs between 1 and {} partitions, got {}", kMaxPartitions, partitions);
  FLOE_USER_CHECK(!keys.empty(), InvalidArgument, "hash_partition needs at least one key column");
  const Schema& schema = frame.schema();
  std::vector<size_t> key_index;
  std::vector<DataType> key_types;
  for (const auto& k : keys) {
    key_index.push_back(schema.index_of(k));
    key_types.push_back(schema[key_index.back()].type);
  }
  if (partitions == 1) return {frame};

  const auto p_count = static_cast<size_t>(partitions);
  const KeyLayout layout(std::move(key_types));
  EncodedKeys encoded;
  std::vector<ColumnPtr> key_columns(keys.size());
  std::vector<uint32_t> pid, order;
  std::vector<uint32_t> starts(p_count + 1);
  std::vector<std::vector<Chunk>> out(p_count);
  for (const auto& chunk : frame.chunks()) {
    const int64_t rows = chunk.num_rows();
    if (rows == 0) continue;
    const auto n = static_cast<size_t>(rows);
    for (size_t k = 0; k < key_index.size(); ++k) key_columns[k] = chunk.column(key_index[k]);
    layout.encode(key_columns, rows, encoded);
    pid.resize(n);
    for (size_t i = 0; i < n; ++i) pid[i] = partition_for(encoded.hashes[i], p_count);
    // A stable counting sort of the row numbers by partition keeps the input order inside
    // each partition.
    std::fill(starts.begin(), starts.end(), 0);
    for (size_t i = 0; i < n; ++i) ++starts[pid[i] + 1];
    for (size_t p = 0; p < p_count; ++p) starts[p + 1] += starts[p];
    order.resize(n);
    std::vector<uint32_t> next(starts.begin(), starts.end() - 1);
    for (size_t i = 0; i < n; ++i) order[next[pid[i]]++] = static_cast<uint32_t>(i);
    for (size_t p = 0; p < p_count; ++p) {
      const int64_t count = starts[p + 1] - starts[p];
      if (count == 0) continue;
      std::vector<ColumnPtr> cols;
      cols.reserve(chunk.num_columns());
      for (const auto& c : chunk.columns()) cols.push_back(compute::gather(c, order.data() + starts[p], count));
      out[p].emplace_back(std::move(cols), count);
    }
  }
  std::vector<DataFrame> result;
  result.reserve(p_count);
  for (auto& chunks : out) {
    if (chunks.empty()) {
      std::vector<ColumnPtr> cols;
      for (const auto& f : schema) cols.push_back(Column::nulls(f.type, 0));
      result.emplace_back(schema, std::move(cols));
    } else {
      result.emplace_back(schema, std::move(chunks));
    }
  }
  return result;
}

}  // namespace floe::cluster
