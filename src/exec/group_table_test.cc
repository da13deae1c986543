// Tests of the group table with one string key: KeyString comparison edge cases, growth,
// merging tables, lookups and the key columns it gives back.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string>

#include "core/column_builder.h"
#include "exec/group_table.h"

namespace floe {
namespace {

using Key = std::optional<std::string>;

ColumnPtr strings(const std::vector<Key>& values, DataType type = TypeId::kString) {
  StringBuilder b(type);
  for (const auto& v : values) v ? b.append(*v) : b.append_null();
  return b.finish();
}

std::vector<Key> values_of(const Column& c) {
  std::vector<Key> out;
  for (int64_t i = 0; i < c.length(); ++i) out.push_back(c.is_null(i) ? Key() : Key(std::string(c.string_at(i))));
  return out;
}

/// Group ids of `keys` in a fresh table, checked against first-appearance numbering. With
/// `one_hash` every key gets the same hash, so that only the key comparison tells them apart.
void expect_groups_of(const std::vector<Key>& keys, DataType type = TypeId::kString, bool one_hash = false) {
  KeyLayout layout({type});
  ASSERT_EQ(layout.mode(), KeyMode::kString);
  GroupTable table(&layout);
  EncodedKeys encoded;
  layout.encode({strings(keys, type)}, static_cast<int64_t>(keys.size()), encoded);
  if (one_hash) std::fill(encoded.hashes.begin(), encoded.hashes.end(), 42);
  std::vector<uint32_t> gids(keys.size());
  table.find_or_insert(encoded, 0, gids.data());
  std::map<Key, uint32_t> expect;
  std::vector<Key> distinct;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto [it, added] = expect.emplace(keys[i], static_cast<uint32_t>(expect.size()));
    if (added) distinct.push_back(keys[i]);
    EXPECT_EQ(gids[i], it->second) << "row " << i;
  }
  ASSERT_EQ(table.size(), expect.size());
  EXPECT_EQ(values_of(*table.key_columns()[0]), distinct);
  EXPECT_EQ(table.key_columns()[0]->type(), type);
}

TEST(GroupTableStrings, ShortLongEmptyAndNullKeys) {
  const std::string long_a = "a long key with more than twelve bytes";
  expect_groups_of({"x", "", std::nullopt, "x", "", std::nullopt, long_a, long_a, "twelve bytes", "twelve byte",
                    "thirteen byte", "thirteen bytf", "thirteen byte", std::string("\0", 1), std::string("\0\0", 2),
                    std::string("\0", 1)});
}

TEST(GroupTableStrings, KeysEqualInSizeAndPrefixDifferLater) {
  // Same size and first 4 bytes: only the bytes after the prefix (inline tail or arena) differ.
  std::vector<Key> keys;
  for (int i = 0; i < 300; ++i) {
    keys.push_back("pref" + std::to_string(1000 + i % 100));                            // 8 bytes, inline
    keys.push_back("pref" + std::string(20, 'x') + std::to_string(1000 + i % 100));      // 28 bytes
    keys.push_back("pref" + std::to_string(1000 + i % 100) + std::string(20, 'y'));      // differs early
  }
  expect_groups_of(keys);
  expect_groups_of(keys, TypeId::kBinary);
  // Equal hashes (a collision, in every slot) leave the comparison of sizes and bytes to decide.
  expect_groups_of(keys, TypeId::kString, /*one_hash=*/true);
  expect_groups_of({"x", "", std::nullopt, "y", "twelve bytes", "twelve bytez", "thirteen byte", "thirteen bytf",
                    std::string("\0", 1), "", "x", "thirteen bytf"},
                   TypeId::kString, true);
}

TEST(GroupTableStrings, InlinePaddingIsIgnored) {
  // Views whose bytes past the size hold garbage still group with equal strings.
  const int64_t n = 4;
  auto views = Buffer::allocate(n * sizeof(StringView));
  auto* v = views->as<StringView>();
  std::memset(static_cast<void*>(v), 0x5a, n * sizeof(StringView));
  v[0].size = 2;
  std::memcpy(v[0].inlined, "ab", 2);
  v[1] = StringView::make_inline("ab");
  v[2].size = 0;
  v[3].size = 7;
  std::memcpy(v[3].inlined, "abcdefg", 7);
  auto column = std::make_shared<Column>(DataType(TypeId::kString), n, views);
  KeyLayout layout({DataType(TypeId::kString)});
  GroupTable table(&layout);
  EncodedKeys encoded;
  layout.encode({column}, n, encoded);
  std::vector<uint32_t> gids(n);
  table.find_or_insert(encoded, 0, gids.data());
  EXPECT_EQ(gids, (std::vector<uint32_t>{0, 0, 1, 2}));
  EncodedKeys clean;
  layout.encode({strings({"", "abcdefg", "ab"})}, 3, clean);
  std::vector<uint32_t> found(3);
  table.find(clean, false, found.data());
  EXPECT_EQ(found, (std::vector<uint32_t>{1, 2, 0}));
}

TEST(GroupTableStrings, GrowsMergesAndLooksUp) {
  // Enough distinct keys to rehash several times, short and long mixed.
  KeyLayout layout({DataType(TypeId::kString)});
  std::vector<Key> keys;
  for (int i = 0; i < 20000; ++i) {
    keys.push_back(i % 3 == 0 ? "k" + std::to_string(i) : "a rather long key number " + std::to_string(i));
  }
  keys.push_back(std::nullopt);
  const auto n = static_cast<int64_t>(keys.size());
  GroupTable table(&layout, /*first_seen=*/true);
  EncodedKeys encoded;
  layout.encode({strings(keys)}, n, encoded);
  std::vector<uint32_t> gids(keys.size());
  table.find_or_insert(encoded, 3, gids.data());
  ASSERT_EQ(table.size(), keys.size());
  for (uint32_t g = 0; g < table.size(); ++g) {
    EXPECT_EQ(gids[g], g);
    EXPECT_EQ(table.first_seen(g), (uint64_t{3} << 32) | g);
  }

  // Merging into a table holding every other key (in reverse) keeps its ids and appends the rest.
  GroupTable merged(&layout, true);
  std::vector<uint32_t> odd;
  for (size_t i = keys.size(); i-- > 0;) {
    if (i % 2) odd.push_back(static_cast<uint32_t>(i));
  }
  EncodedKeys part = encoded.select_rows(odd.data(), odd.size(), /*with_hashes=*/false);
  encoded = EncodedKeys{};  // the selection keeps the long keys' column alive by itself
  layout.hash(part);
  std::vector<uint32_t> part_gids(odd.size());
  merged.find_or_insert(part, 9, part_gids.data());
  for (uint32_t g = 0; g < table.size(); ++g) {
    const uint32_t id = merged.insert_from(table, g);
    if (g % 2) {
      EXPECT_EQ(id, part_gids[odd.size() - 1 - g / 2]) << g;
      EXPECT_EQ(merged.first_seen(id), (uint64_t{3} << 32) | g);  // the earlier sighting wins
    }
  }
  ASSERT_EQ(merged.size(), keys.size());
  std::vector<Key> got = values_of(*merged.key_columns()[0]);
  std::map<Key, int> count;
  for (const auto& k : got) ++count[k];
  for (const auto& k : keys) EXPECT_EQ(count[k], 1);

  // Lookups: absent keys and, unless nulls match, the null key find nothing.
  EncodedKeys probe;
  layout.encode({strings({"k3", "a rather long key number 4", "a rather long key number 40000", "k", std::nullopt})},
                5, probe);
  std::vector<uint32_t> found(5);
  table.find(probe, false, found.data());
  EXPECT_EQ(found, (std::vector<uint32_t>{3, 4, GroupTable::kNoGroup, GroupTable::kNoGroup, GroupTable::kNoGroup}));
  table.find(probe, true, found.data());
  EXPECT_EQ(found[4], static_cast<uint32_t>(keys.size() - 1));
}

TEST(GroupTableStrings, ScatteredKeepsKeysAndHashes) {
  KeyLayout layout({DataType(TypeId::kString)});
  const std::vector<Key> keys = {"b", "a long string of some length", std::nullopt, "b", "c"};
  EncodedKeys encoded;
  layout.encode({strings(keys)}, 5, encoded);
  const uint32_t to[] = {4, 0, 3, 1, 2};
  EncodedKeys moved = encoded.scattered(to);
  GroupTable a(&layout), b(&layout);
  std::vector<uint32_t> ga(5), gb(5);
  a.find_or_insert(encoded, 0, ga.data());
  b.find_or_insert(moved, 0, gb.data());
  // Row i of `encoded` is row to[i] of `moved`: same keys, so the same group keys.
  auto ka = values_of(*a.key_columns()[0]), kb = values_of(*b.key_columns()[0]);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(moved.hashes[to[i]], encoded.hashes[i]);
    EXPECT_EQ(ka[ga[i]], kb[gb[to[i]]]);
  }
}

}  // namespace
}  // namespace floe
