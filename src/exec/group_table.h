// GroupTable: a hash table from group keys to dense group ids, with integer, string and row-encoded keys.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "exec/encoded_keys.h"

namespace floe {

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
    if (mask_ == 0) return kNoGroup;
    if (layout_->mode() == KeyMode::kRow) return lookup_row(keys, r);
    if (!keys.valid[r]) return nulls_match && null_group_ >= 0 ? static_cast<uint32_t>(null_group_) : kNoGroup;
    if (layout_->mode() == KeyMode::kString) return lookup_string(keys.hashes[r], keys.strings[r]);
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
  uint32_t probe_string(uint64_t hash, const KeyString& key, uint64_t first_seen);
  /// Adds `key` as a new group in empty slot `slot`.
  [[gnu::noinline]] uint32_t add_string(uint64_t slot, uint64_t hash, const KeyString& key, uint64_t first_seen);
  /// find_or_insert() of string keys: rows `rows[0..n)` of `keys` if `kSelected`, else rows [0, n).
  template <bool kSelected>
  void insert_strings(const EncodedKeys& keys, uint64_t seq, const uint32_t* rows, size_t n, uint32_t* gids);
  uint32_t null_group(uint64_t first_seen);
  uint32_t probe_row(uint64_t hash, std::string_view key, uint64_t first_seen);
  uint32_t lookup_string(uint64_t hash, const KeyString& key) const;
  uint32_t lookup_row(const EncodedKeys& keys, size_t r) const;
  uint32_t add_group(uint64_t hash, uint64_t first_seen);
  /// Whether stored key `stored` (long strings in the arena) equals `key` (long strings behind
  /// a pointer), given that their heads are equal.
  bool same_tail(const KeyString& stored, const KeyString& key) const;
  /// `key` with its tail turned from an arena offset into a pointer, as lookups take it.
  KeyString probe_key(const KeyString& stored) const;
  void grow();
  /// Rebuilds the slots with `capacity` (a power of two) of them.
  void rehash(size_t capacity);
  size_t capacity() const { return mask_ == 0 ? 0 : mask_ + 1; }

  /// A slot holds what a probe compares first, so a miss costs one cache line: the key itself
  /// (fixed mode) or the full hash (row mode), and the group id + 1 (0 = empty).
  struct Slot {
    uint64_t key;
    uint32_t group;
  };
  /// A string mode slot holds the key's KeyString beside its hash, so that a probe of a short
  /// string, or of a long one with another head, is settled without leaving the slot's line.
  struct StringSlot {
    KeyString key;
    uint64_t hash;
    uint32_t group;
  };
  static_assert(sizeof(StringSlot) == 32);

  const KeyLayout* layout_;
  bool track_first_;
  std::vector<Slot> slots_;              // fixed and row modes
  std::vector<StringSlot> string_slots_;  // string mode
  uint64_t mask_ = 0;                     // capacity - 1, 0 before the first insert
  int64_t null_group_ = -1;  // fixed and string modes: the group of the null key
  std::vector<uint64_t> hashes_;
  std::vector<uint64_t> first_seen_;
  std::vector<uint64_t> ints_;        // fixed mode, per group
  std::vector<uint8_t> valid_;        // fixed and string modes, per group
  std::vector<KeyString> strings_;    // string mode, per group; long strings' tails index arena_
  std::vector<char> arena_;           // string mode: the bytes of long keys
  std::vector<uint32_t> offsets_{0};  // row mode
  std::vector<char> bytes_;           // row mode
};

}  // namespace floe
