// Hash partitioning: hash whole key columns, map hashes to partitions, gather each partition.
#include "cluster/partitioner.h"

#include "compute/selection.h"
#include "core/error.h"
#include "exec/group_table.h"
#include "plan/lazy_frame.h"

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

/// The rows of `frame` split into `partitions` frames by the partition ids `fill` writes for
/// each chunk (given the chunk and its first row's number). A stable counting sort of the row
/// numbers by partition keeps the input order inside each partition.
template <typename Fill>
std::vector<DataFrame> scatter(const DataFrame& frame, int partitions, Fill fill) {
  const auto p_count = static_cast<size_t>(partitions);
  std::vector<uint32_t> pid, order;
  std::vector<uint32_t> starts(p_count + 1);
  std::vector<std::vector<Chunk>> out(p_count);
  int64_t offset = 0;
  for (const auto& chunk : frame.chunks()) {
    const int64_t rows = chunk.num_rows();
    if (rows == 0) continue;
    const auto n = static_cast<size_t>(rows);
    pid.resize(n);
    fill(chunk, offset, pid);
    offset += rows;
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
  const Schema& schema = frame.schema();
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

  const auto p_count = static_cast<uint64_t>(partitions);
  const KeyLayout layout(std::move(key_types));
  EncodedKeys encoded;
  std::vector<ColumnPtr> key_columns(keys.size());
  return scatter(frame, partitions, [&](const Chunk& chunk, int64_t, std::vector<uint32_t>& pid) {
    for (size_t k = 0; k < key_index.size(); ++k) key_columns[k] = chunk.column(key_index[k]);
    layout.encode(key_columns, chunk.num_rows(), encoded);
    for (size_t i = 0; i < pid.size(); ++i) pid[i] = partition_for(encoded.hashes[i], p_count);
  });
}

std::vector<DataFrame> range_partition(const DataFrame& frame, const std::string& key, const ColumnPtr& bounds,
                                       bool descending, bool nulls_last) {
  const int partitions = static_cast<int>(bounds->length()) + 1;
  FLOE_USER_CHECK(partitions <= kMaxPartitions, InvalidArgument, "range_partition got {} bounds", bounds->length());
  const DataType type = frame.schema().field(key).type;
  FLOE_USER_CHECK(bounds->type() == type, SchemaMismatch, "range bounds are {} but key '{}' is {}",
                  bounds->type().to_string(), key, type.to_string());
  if (partitions == 1) return {frame};
  // A row's partition is the number of bounds it sorts after; nulls go to the end the sort puts
  // them at, and so do NaNs (greater than every number).
  Expr after = lit(Scalar(TypeId::kUInt32, uint64_t{0}));
  for (int64_t b = 0; b < bounds->length(); ++b) {
    Expr bound = lit(Scalar::from_column(*bounds, b));
    Expr sorts_after = descending ? col(key) < bound : col(key) > bound;
    after = after + sorts_after.cast(TypeId::kUInt32);
  }
  const auto last = Scalar(TypeId::kUInt32, static_cast<uint64_t>(partitions - 1));
  const auto first = Scalar(TypeId::kUInt32, uint64_t{0});
  if (type.is_float()) after = when(col(key).function("is_nan")).then(lit(descending ? first : last)).otherwise(after);
  after = when(col(key).is_null()).then(lit(nulls_last ? last : first)).otherwise(after);
  const ColumnPtr ids = LazyFrame::from_frame(frame).select({after.alias("p")}).collect().column(0);
  FLOE_CHECK(ids->length() == frame.num_rows() && !ids->has_nulls(), "range partition ids do not cover the rows");
  const auto* id = ids->values<uint32_t>();
  return scatter(frame, partitions, [&](const Chunk&, int64_t offset, std::vector<uint32_t>& pid) {
    std::copy(id + offset, id + offset + static_cast<int64_t>(pid.size()), pid.begin());
  });
}

DataFrame range_sample(const DataFrame& frame, const std::string& key, int64_t max_rows) {
  const ColumnPtr column = frame.column(key);
  const int64_t n = column->length();
  std::vector<uint32_t> rows;
  const int64_t take = std::min(n, max_rows);
  for (int64_t i = 0; i < take; ++i) rows.push_back(static_cast<uint32_t>(i * n / take));
  Schema schema;
  schema.add(key, column->type());
  return DataFrame(schema, std::vector<ColumnPtr>{compute::gather(column, rows.data(), take)});
}

ColumnPtr range_bounds(const std::vector<DataFrame>& samples, const std::string& key, bool descending, int partitions) {
  FLOE_USER_CHECK(!samples.empty(), InvalidArgument, "range_bounds needs at least one sample");
  std::vector<Chunk> chunks;
  for (const auto& s : samples) {
    for (const auto& c : s.chunks()) chunks.push_back(c);
  }
  LazyFrame all = LazyFrame::from_frame(DataFrame(samples[0].schema(), std::move(chunks)));
  // Nulls and NaNs have partitions of their own choosing; bounds are ordinary values.
  Expr keep = col(key).is_not_null();
  if (samples[0].schema().field(key).type.is_float()) keep = keep & !col(key).function("is_nan");
  SortOptions order;
  order.descending = {descending};
  const ColumnPtr sorted = all.filter(keep).sort({col(key)}, order).collect().column(0);
  const int64_t n = sorted->length();
  std::vector<uint32_t> picks;
  if (n > 0) {
    for (int p = 1; p < partitions; ++p) picks.push_back(static_cast<uint32_t>(std::min<int64_t>(n - 1, p * n / partitions)));
  }
  return compute::gather(sorted, picks.data(), static_cast<int64_t>(picks.size()));
}

}  // namespace floe::cluster
