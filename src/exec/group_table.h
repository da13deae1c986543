// GroupTable: a hash table from group keys to dense group ids, with fixed-width and row-encoded keys.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/schema.h"

namespace floe {

/// The keys of one morsel prepared for lookup: a hash per row plus either one 64-bit integer key
/// per row (a single integer-like key column) or a row encoding of all key columns.
struct EncodedKeys {
  int64_t rows = 0;
  std::vector<uint64_t> hashes;
  std::vector<uint64_t> ints;       // fixed mode
  std::vector<uint8_t> int_valid;   // fixed mode: 0 for a null key
  std::vector<uint32_t> offsets;    // row mode: rows + 1 offsets into bytes
  std::vector<char> bytes;          // row mode
  std::vector<uint32_t> scratch;    // row mode: write positions while encoding

  /// Rows `rows[0..n)` of this encoding, with their hashes or without them (KeyLayout::hash()
  /// restores them).
  EncodedKeys select_rows(const uint32_t* rows, size_t n, bool with_hashes) const;
  /// All rows, with hashes, row i moved to position `to[i]` (a permutation). Reads in order and
  /// writes to a few sequential streams, so it runs at memory speed where select_rows() through
  /// the inverse permutation would wait on a cache miss per row.
  EncodedKeys scattered(const uint32_t* to) const;
};

/// How keys are stored, decided once from the key types.
class KeyLayout {
 public:
  explicit KeyLayout(std::vector<DataType> types);
  bool fixed() const { return fixed_; }
  const std::vector<DataType>& types() const { return types_; }
  /// Encodes and hashes the key columns (all of `rows` rows).
  void encode(const std::vector<ColumnPtr>& keys, int64_t rows, EncodedKeys& out) const;
  /// Fills `keys.hashes` from the encoded keys (encode() does this itself).
  void hash(EncodedKeys& keys) const;

 private:
  std::vector<DataType> types_;
  bool fixed_;
};

/// Open-addressing table (linear probing) assigning group ids in order of first appearance.
class GroupTable {
 public:
  /// `first_seen`: remember where each group first appeared (for maintain_order).
  explicit GroupTable(const KeyLayout* layout, bool first_seen = false) : layout_(layout), track_first_(first_seen) {}

  uint32_t size() const { return static_cast<uint32_t>(hashes_.size()); }
  uint64_t hash_of(uint32_t g) const { return hashes_[g]; }
  /// (sequence << 32 | row) of the first row that created group g, for maintain_order (0 unless
  /// the table was made to remember it).
  uint64_t first_seen(uint32_t g) const { return track_first_ ? first_seen_[g] : 0; }

  /// Group id of each row of `keys` (inserting new groups), written to `gids`.
  void find_or_insert(const EncodedKeys& keys, int64_t sequence, uint32_t* gids);
  /// Like find_or_insert for rows `rows[0..n)` of `keys` only; the group id of `rows[i]` goes
  /// to `gids[i]`.
  void find_or_insert_rows(const EncodedKeys& keys, int64_t sequence, const uint32_t* rows, size_t n, uint32_t* gids);
  /// Group id of each row of `keys` without inserting: kNoGroup for keys not in the table and,
  /// unless `nulls_match`, for null keys.
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  void find(const EncodedKeys& keys, bool nulls_match, uint32_t* gids) const;
  /// find() for row r of `keys` alone.
  uint32_t lookup(const EncodedKeys& keys, size_t r, bool nulls_match) const {
    if (slots_.empty()) return kNoGroup;
    if (!layout_->fixed()) return lookup_row(keys, r);
    if (!keys.int_valid[r]) return nulls_match && null_group_ >= 0 ? static_cast<uint32_t>(null_group_) : kNoGroup;
    for (uint64_t s = keys.hashes[r] & mask_; slots_[s].group != 0; s = (s + 1) & mask_) {
      if (slots_[s].key == keys.ints[r]) return slots_[s].group - 1;
    }
    return kNoGroup;
  }

  /// Sizes the table for about `groups` groups without rehashing on the way.
  void reserve(size_t groups);
  /// Hints that a lookup of `hash` follows soon.
  void prefetch(uint64_t hash) const;
  /// Finds or inserts group `g` of `other`; returns its id here.
  uint32_t insert_from(const GroupTable& other, uint32_t g);

  /// The key columns of groups [0, size()).
  std::vector<ColumnPtr> key_columns() const;

 private:
  uint32_t probe_fixed(uint64_t hash, uint64_t key, uint64_t first_seen);
  uint32_t null_group(uint64_t first_seen);
  uint32_t probe_row(uint64_t hash, std::string_view key, uint64_t first_seen);
  uint32_t lookup_row(const EncodedKeys& keys, size_t r) const;
  uint32_t add_group(uint64_t hash, uint64_t first_seen);
  void grow();
  /// Rebuilds the slots with `capacity` (a power of two) of them.
  void rehash(size_t capacity);

  /// A slot holds what a probe compares first, so a miss costs one cache line: the key itself
  /// (fixed mode) or the full hash (row mode), and the group id + 1 (0 = empty).
  struct Slot {
    uint64_t key;
    uint32_t group;
  };

  const KeyLayout* layout_;
  bool track_first_;
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  int64_t null_group_ = -1;  // fixed mode: the group of the null key
  std::vector<uint64_t> hashes_;
  std::vector<uint64_t> first_seen_;
  std::vector<uint64_t> ints_;
  std::vector<uint8_t> int_valid_;
  std::vector<uint32_t> offsets_{0};
  std::vector<char> bytes_;
};

}  // namespace floe
