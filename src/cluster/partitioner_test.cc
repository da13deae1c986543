// Tests of hash partitioning: placement of equal keys, order, completeness and determinism.
#include "cluster/partitioner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "compute/selection.h"
#include "core/error.h"
#include "core/test_columns.h"

namespace floe::cluster {
namespace {

using testing::fixed_column;
using testing::string_column;

/// An Int64 column 0..n-1 that identifies each input row.
ColumnPtr row_ids(int64_t n) {
  std::vector<std::optional<int64_t>> v;
  for (int64_t i = 0; i < n; ++i) v.push_back(i);
  return fixed_column<int64_t>(TypeId::kInt64, v);
}

/// partition of each input row, read back through the "id" column (first column); checks
/// that every row lands in exactly one partition and that ids ascend inside each partition.
std::vector<int> partition_of_rows(const std::vector<DataFrame>& parts, int64_t rows) {
  std::vector<int> where(static_cast<size_t>(rows), -1);
  for (size_t p = 0; p < parts.size(); ++p) {
    const ColumnPtr ids = parts[p].column("id");
    int64_t last = -1;
    for (int64_t r = 0; r < ids->length(); ++r) {
      const int64_t id = ids->values<int64_t>()[r];
      EXPECT_GT(id, last) << "order changed in partition " << p;
      last = id;
      EXPECT_EQ(where[static_cast<size_t>(id)], -1) << "row " << id << " twice";
      where[static_cast<size_t>(id)] = static_cast<int>(p);
    }
  }
  for (int64_t i = 0; i < rows; ++i) EXPECT_NE(where[static_cast<size_t>(i)], -1) << "row " << i << " lost";
  return where;
}

/// Rows with the same `group` must share a partition.
void expect_groups_together(const std::vector<int>& where, const std::vector<int>& group) {
  std::map<int, int> partition_of_group;
  for (size_t i = 0; i < where.size(); ++i) {
    auto [it, fresh] = partition_of_group.emplace(group[i], where[i]);
    EXPECT_EQ(it->second, where[i]) << "group " << group[i] << " split (row " << i << ")";
  }
}

TEST(HashPartition, RowsLandOnceInOrderWithTheirValues) {
  const int64_t n = 5000;
  std::vector<std::optional<int64_t>> keys;
  std::vector<std::optional<std::string>> payload;
  std::vector<int> group;
  for (int64_t i = 0; i < n; ++i) {
    const bool null = i % 17 == 3;
    keys.push_back(null ? std::nullopt : std::optional<int64_t>(i % 97 - 40));
    group.push_back(null ? 1000 : static_cast<int>(i % 97));
    payload.push_back(std::string(static_cast<size_t>(i % 20), static_cast<char>('a' + i % 26)));
  }
  Schema schema;
  schema.add("id", TypeId::kInt64);
  schema.add("k", TypeId::kInt64);
  schema.add("s", TypeId::kString);
  const DataFrame frame(schema, {row_ids(n), fixed_column<int64_t>(TypeId::kInt64, keys), string_column(payload)});
  const auto parts = hash_partition(frame, {"k"}, 7);
  ASSERT_EQ(parts.size(), 7u);
  int64_t total = 0;
  int used = 0;
  for (const auto& p : parts) {
    EXPECT_EQ(p.schema(), schema);
    total += p.num_rows();
    used += p.num_rows() > 0;
    // The union equals the input: every row carries the values of the input row of its id.
    const ColumnPtr ids = p.column("id"), k = p.column("k"), s = p.column("s");
    for (int64_t r = 0; r < p.num_rows(); ++r) {
      const auto id = static_cast<size_t>(ids->values<int64_t>()[r]);
      ASSERT_EQ(k->is_valid(r), keys[id].has_value());
      if (keys[id]) {
        EXPECT_EQ(k->values<int64_t>()[r], *keys[id]);
      }
      EXPECT_EQ(s->string_at(r), *payload[id]);
    }
  }
  EXPECT_EQ(total, n);
  EXPECT_EQ(used, 7);  // 98 distinct keys spread over every partition
  expect_groups_together(partition_of_rows(parts, n), group);
}

TEST(HashPartition, FloatKeysNormalizeZeroAndNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double other_nan;
  const uint64_t bits = 0x7ff8dead00000001ULL;
  std::memcpy(&other_nan, &bits, 8);
  std::vector<std::optional<double>> keys;
  std::vector<int> group;
  for (int rep = 0; rep < 40; ++rep) {
    for (auto [v, g] : std::vector<std::pair<std::optional<double>, int>>{
             {0.0, 0}, {-0.0, 0}, {nan, 1}, {-nan, 1}, {other_nan, 1}, {std::nullopt, 2}, {1.5 + rep, 3 + rep}}) {
      keys.push_back(v);
      group.push_back(g);
    }
  }
  const auto n = static_cast<int64_t>(keys.size());
  Schema schema;
  schema.add("id", TypeId::kInt64);
  schema.add("f", TypeId::kFloat64);
  const DataFrame frame(schema, {row_ids(n), fixed_column<double>(TypeId::kFloat64, keys)});
  const auto where = partition_of_rows(hash_partition(frame, {"f"}, 16), n);
  expect_groups_together(where, group);

  std::vector<std::optional<float>> fkeys = {0.0f, -0.0f, std::nanf(""), -std::nanf(""), std::nullopt, std::nullopt};
  Schema fschema;
  fschema.add("id", TypeId::kInt64);
  fschema.add("f", TypeId::kFloat32);
  const DataFrame fframe(fschema, {row_ids(6), fixed_column<float>(TypeId::kFloat32, fkeys)});
  expect_groups_together(partition_of_rows(hash_partition(fframe, {"f"}, 16), 6), {0, 0, 1, 1, 2, 2});
}

TEST(HashPartition, EveryKeyTypeAndMultiColumnKeys) {
  // Each key column repeats a few distinct values (row i holds value i % 11), so rows with
  // equal i % 11 have equal keys of every type.
  const int64_t n = 440;
  const std::vector<DataType> types = {TypeId::kBoolean, TypeId::kInt8,    TypeId::kInt16,  TypeId::kInt32,
                                       TypeId::kInt64,   TypeId::kUInt8,   TypeId::kUInt16, TypeId::kUInt32,
                                       TypeId::kUInt64,  TypeId::kFloat32, TypeId::kFloat64, TypeId::kString,
                                       TypeId::kBinary,  TypeId::kDate,    DataType::datetime(TimeUnit::kNano, "UTC"),
                                       DataType::duration(TimeUnit::kMilli), TypeId::kTime, TypeId::kNull};
  std::vector<uint32_t> pick;
  std::vector<int> group;
  for (int64_t i = 0; i < n; ++i) {
    pick.push_back(static_cast<uint32_t>(i % 11));
    group.push_back(static_cast<int>(i % 11));
  }
  Schema schema;
  schema.add("id", TypeId::kInt64);
  std::vector<ColumnPtr> cols = {row_ids(n)};
  for (size_t t = 0; t < types.size(); ++t) {
    ColumnPtr base;
    if (types[t].is_string_like()) {
      base = string_column({"", "x", "twelve bytes", "a longer string than twelve", std::nullopt, "y", "zz",
                            "another long string value", "q", "r", "s"},
                           types[t]);
    } else if (types[t].id == TypeId::kNull) {
      base = Column::nulls(types[t], 11);
    } else {
      std::vector<std::optional<int64_t>> v = {0, 1, 2, 3, std::nullopt, 5, 6, 7, 8, 9, 10};
      base = visit_physical(types[t].id, [&](auto tag) -> ColumnPtr {
        using T = decltype(tag);
        if constexpr (std::is_same_v<T, StringView>) {
          return nullptr;  // strings are built above
        } else {
          std::vector<std::optional<T>> tv;
          for (const auto& x : v) {
            if (!x) {
              tv.push_back(std::nullopt);
            } else {
              tv.push_back(static_cast<T>(types[t].id == TypeId::kBoolean ? *x % 2 : *x));
            }
          }
          return fixed_column<T>(types[t], tv);
        }
      });
    }
    schema.add("k" + std::to_string(t), types[t]);
    cols.push_back(compute::gather(base, pick.data(), n));
  }
  const DataFrame frame(schema, std::move(cols));
  for (size_t t = 0; t < types.size(); ++t) {
    SCOPED_TRACE(types[t].to_string());
    const auto where = partition_of_rows(hash_partition(frame, {"k" + std::to_string(t)}, 5), n);
    expect_groups_together(where, group);
  }
  const auto multi = partition_of_rows(hash_partition(frame, {"k11", "k3", "k10", "k17"}, 5), n);
  expect_groups_together(multi, group);
}

TEST(HashPartition, MultiChunkInputMatchesOneChunk) {
  const int64_t n = 1000;
  std::vector<std::optional<std::string>> s;
  std::vector<std::optional<int32_t>> k;
  for (int64_t i = 0; i < n; ++i) {
    s.push_back(i % 9 == 0 ? std::nullopt : std::optional<std::string>("key number " + std::to_string(i % 23)));
    k.push_back(static_cast<int32_t>(i % 4));
  }
  Schema schema;
  schema.add("id", TypeId::kInt64);
  schema.add("s", TypeId::kString);
  schema.add("k", TypeId::kInt32);
  const DataFrame whole(schema, {row_ids(n), string_column(s), fixed_column<int32_t>(TypeId::kInt32, k)});
  std::vector<Chunk> chunks;
  for (int64_t off = 0; off < n; off += 137) chunks.push_back(whole.chunks()[0].slice(off, std::min<int64_t>(137, n - off)));
  const DataFrame multi(schema, chunks);
  const auto a = partition_of_rows(hash_partition(whole, {"s", "k"}, 6), n);
  const auto b = partition_of_rows(hash_partition(multi, {"s", "k"}, 6), n);
  EXPECT_EQ(a, b);
  // Deterministic: the same call twice gives the same placement.
  EXPECT_EQ(a, partition_of_rows(hash_partition(whole, {"s", "k"}, 6), n));
}

TEST(HashPartition, PinnedPlacementOfSmallIntegers) {
  // Processes of one cluster must agree on the partition of a key; they do because all of
  // them run the same build. These pinned values notice when a change to the hash (KeyLayout's
  // or partition_for's) moves keys: fine within one build, but then clusters must not mix
  // builds, so change the pins deliberately.
  Schema schema;
  schema.add("id", TypeId::kInt64);
  schema.add("k", TypeId::kInt64);
  std::vector<std::optional<int64_t>> keys = {0, 1, 2, 3, 4, 5, -1, std::nullopt};
  const DataFrame frame(schema, {row_ids(8), fixed_column<int64_t>(TypeId::kInt64, keys)});
  const auto where = partition_of_rows(hash_partition(frame, {"k"}, 8), 8);
  EXPECT_EQ(where, (std::vector<int>{6, 1, 3, 1, 6, 7, 4, 5}));
}

TEST(HashPartition, OnePartitionEmptyInputAndErrors) {
  Schema schema;
  schema.add("id", TypeId::kInt64);
  const DataFrame frame(schema, {row_ids(10)});
  const auto one = hash_partition(frame, {"id"}, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].column(0), frame.column(0));  // the frame itself, not a copy

  const auto empty = hash_partition(frame.slice(0, 0), {"id"}, 3);
  ASSERT_EQ(empty.size(), 3u);
  for (const auto& p : empty) {
    EXPECT_EQ(p.num_rows(), 0);
    EXPECT_EQ(p.schema(), schema);
  }

  try {
    hash_partition(frame, {"idd"}, 4);
    FAIL() << "expected ColumnNotFound";
  } catch (const ColumnNotFound& e) {
    EXPECT_NE(std::string(e.what()).find("idd"), std::string::npos) << e.what();
  }
  EXPECT_THROW(hash_partition(frame, {"id"}, 0), InvalidArgument);
  EXPECT_THROW(hash_partition(frame, {"id"}, 1 << 20), InvalidArgument);
  EXPECT_THROW(hash_partition(frame, {}, 4), InvalidArgument);
}

}  // namespace
}  // namespace floe::cluster
