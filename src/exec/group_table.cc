// The group hash table: open addressing with linear probing, one slot layout per key mode.
#include "exec/group_table.h"

#include <cstring>

#include "core/column_builder.h"
#include "core/error.h"

namespace floe {

void GroupTable::grow() { rehash(capacity() == 0 ? 1024 : capacity() * 2); }

void GroupTable::rehash(size_t cap) {
  mask_ = cap - 1;
  const uint32_t n = static_cast<uint32_t>(hashes_.size());
  // Slots are written in random order: prefetch a few groups ahead so the misses overlap.
  constexpr uint32_t kAhead = 16;
  if (layout_->mode() == KeyMode::kString) {
    string_slots_.assign(cap, StringSlot{{0, 0}, 0, 0});
    for (uint32_t g = 0; g < n; ++g) {
      if (g + kAhead < n) __builtin_prefetch(&string_slots_[hashes_[g + kAhead] & mask_], 1);
      if (!valid_[g]) continue;
      uint64_t s = hashes_[g] & mask_;
      while (string_slots_[s].group != 0) s = (s + 1) & mask_;
      string_slots_[s] = StringSlot{strings_[g], hashes_[g], g + 1};
    }
    return;
  }
  slots_.assign(cap, Slot{0, 0});
  const bool fixed = layout_->fixed();
  for (uint32_t g = 0; g < n; ++g) {
    if (g + kAhead < n) __builtin_prefetch(&slots_[hashes_[g + kAhead] & mask_], 1);
    if (fixed && !valid_[g]) continue;
    uint64_t s = hashes_[g] & mask_;
    while (slots_[s].group != 0) s = (s + 1) & mask_;
    slots_[s] = Slot{fixed ? ints_[g] : hashes_[g], g + 1};
  }
}

uint32_t GroupTable::add_group(uint64_t hash, uint64_t first_seen) {
  uint32_t g = size();
  hashes_.push_back(hash);
  if (track_first_) first_seen_.push_back(first_seen);
  return g;
}

uint32_t GroupTable::null_group(uint64_t first_seen) {
  if (null_group_ < 0) {
    null_group_ = add_group(kNullKeyHash, first_seen);
    valid_.push_back(0);
    if (layout_->mode() == KeyMode::kString) {
      strings_.push_back(KeyString::null());
    } else {
      ints_.push_back(0);
    }
  }
  return static_cast<uint32_t>(null_group_);
}

uint32_t GroupTable::probe_fixed(uint64_t hash, uint64_t key, uint64_t first_seen) {
  uint64_t s = hash & mask_;
  while (true) {
    const Slot& slot = slots_[s];
    if (slot.group == 0) break;
    if (slot.key == key) return slot.group - 1;
    s = (s + 1) & mask_;
  }
  uint32_t g = add_group(hash, first_seen);
  ints_.push_back(key);
  valid_.push_back(1);
  slots_[s] = Slot{key, g + 1};
  if (hashes_.size() * 2 > capacity()) grow();
  return g;
}

inline bool GroupTable::same_tail(const KeyString& stored, const KeyString& key) const {
  if (key.is_inline()) return stored.tail == key.tail;
  // The heads matched, so the first 4 bytes did: compare the rest.
  return std::memcmp(arena_.data() + stored.tail + 4, reinterpret_cast<const char*>(key.tail) + 4, key.size() - 4) == 0;
}

KeyString GroupTable::probe_key(const KeyString& stored) const {
  KeyString k = stored;
  if (!k.is_inline()) k.tail = reinterpret_cast<uintptr_t>(arena_.data() + stored.tail);
  return k;
}

// Inline, so that a key already in the table costs the loop over its slots and nothing else;
// adding a group is the rare case and stays out of line.
inline uint32_t GroupTable::probe_string(uint64_t hash, const KeyString& key, uint64_t first_seen) {
  uint64_t s = hash & mask_;
  while (true) {
    const StringSlot& slot = string_slots_[s];
    if (slot.group == 0) return add_string(s, hash, key, first_seen);
    if (slot.hash == hash && slot.key.head == key.head && same_tail(slot.key, key)) return slot.group - 1;
    s = (s + 1) & mask_;
  }
}

uint32_t GroupTable::add_string(uint64_t slot, uint64_t hash, const KeyString& key, uint64_t first_seen) {
  uint32_t g = add_group(hash, first_seen);
  KeyString stored = key;
  if (!key.is_inline()) {
    stored.tail = arena_.size();
    const char* bytes = reinterpret_cast<const char*>(key.tail);
    arena_.insert(arena_.end(), bytes, bytes + key.size());
  }
  strings_.push_back(stored);
  valid_.push_back(1);
  string_slots_[slot] = StringSlot{stored, hash, g + 1};
  if (hashes_.size() * 2 > capacity()) grow();
  return g;
}

uint32_t GroupTable::lookup_string(uint64_t hash, const KeyString& key) const {
  for (uint64_t s = hash & mask_; string_slots_[s].group != 0; s = (s + 1) & mask_) {
    const StringSlot& slot = string_slots_[s];
    if (slot.hash == hash && slot.key.head == key.head && same_tail(slot.key, key)) return slot.group - 1;
  }
  return kNoGroup;
}

uint32_t GroupTable::probe_row(uint64_t hash, std::string_view key, uint64_t first_seen) {
  uint64_t s = hash & mask_;
  while (true) {
    const Slot& slot = slots_[s];
    if (slot.group == 0) break;
    if (slot.key == hash) {
      uint32_t g = slot.group - 1;
      std::string_view k(bytes_.data() + offsets_[g], offsets_[g + 1] - offsets_[g]);
      if (k == key) return g;
    }
    s = (s + 1) & mask_;
  }
  uint32_t g = add_group(hash, first_seen);
  bytes_.insert(bytes_.end(), key.begin(), key.end());
  offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
  slots_[s] = Slot{hash, g + 1};
  if (hashes_.size() * 2 > capacity()) grow();
  return g;
}

template <bool kSelected>
void GroupTable::insert_strings(const EncodedKeys& keys, uint64_t seq, const uint32_t* rows, size_t n,
                                uint32_t* gids) {
  const uint64_t* hashes = keys.hashes.data();
  const KeyString* strings = keys.strings.data();
  const uint8_t* valid = keys.valid.data();
  // Large tables miss the cache on every probe: prefetch the slot a few rows ahead so the misses
  // overlap.
  constexpr size_t kAhead = 16;
  // Clustered data repeats a key on neighbouring rows: only a key other than the previous row's
  // is looked up. Equal words mean equal keys (short, long or null); these match none.
  uint64_t previous_head = ~uint64_t{0}, previous_tail = 0;
  uint32_t gid = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&string_slots_[hashes[kSelected ? rows[i + kAhead] : i + kAhead] & mask_]);
    const size_t r = kSelected ? rows[i] : i;
    const KeyString& key = strings[r];
    if (key.head != previous_head || key.tail != previous_tail) {
      const uint64_t first = seq | r;
      gid = valid[r] ? probe_string(hashes[r], key, first) : null_group(first);
      previous_head = key.head;
      previous_tail = key.tail;
    }
    gids[i] = gid;
  }
}

void GroupTable::find_or_insert(const EncodedKeys& keys, int64_t sequence, uint32_t* gids) {
  if (mask_ == 0) grow();
  const uint64_t seq = static_cast<uint64_t>(sequence) << 32;
  if (layout_->mode() == KeyMode::kString) {
    insert_strings<false>(keys, seq, nullptr, static_cast<size_t>(keys.rows), gids);
    return;
  }
  if (layout_->fixed()) {
    // Large tables miss the cache on every probe: prefetch the slot a few rows ahead so the
    // misses overlap.
    constexpr int64_t kAhead = 16;
    for (int64_t i = 0; i < keys.rows; ++i) {
      size_t r = static_cast<size_t>(i);
      if (i + kAhead < keys.rows) __builtin_prefetch(&slots_[keys.hashes[r + kAhead] & mask_]);
      // Clustered data repeats a key on neighbouring rows: reuse the previous row's group.
      if (i > 0 && keys.valid[r] && keys.valid[r - 1] && keys.ints[r] == keys.ints[r - 1]) {
        gids[i] = gids[i - 1];
        continue;
      }
      uint64_t first = seq | static_cast<uint64_t>(i);
      gids[i] = keys.valid[r] ? probe_fixed(keys.hashes[r], keys.ints[r], first) : null_group(first);
    }
    return;
  }
  for (int64_t i = 0; i < keys.rows; ++i) {
    size_t r = static_cast<size_t>(i);
    std::string_view k(keys.bytes.data() + keys.offsets[r], keys.offsets[r + 1] - keys.offsets[r]);
    gids[i] = probe_row(keys.hashes[r], k, seq | static_cast<uint64_t>(i));
  }
}

void GroupTable::find_or_insert_rows(const EncodedKeys& keys, int64_t sequence, const uint32_t* rows, size_t n,
                                     uint32_t* gids) {
  if (mask_ == 0) grow();
  const uint64_t seq = static_cast<uint64_t>(sequence) << 32;
  if (layout_->mode() == KeyMode::kString) {
    insert_strings<true>(keys, seq, rows, n, gids);
    return;
  }
  if (layout_->fixed()) {
    constexpr size_t kAhead = 16;
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) __builtin_prefetch(&slots_[keys.hashes[rows[i + kAhead]] & mask_]);
      const size_t r = rows[i];
      // Clustered data repeats a key on neighbouring rows: reuse the previous row's group.
      if (i > 0 && keys.valid[r] && keys.valid[rows[i - 1]] && keys.ints[r] == keys.ints[rows[i - 1]]) {
        gids[i] = gids[i - 1];
        continue;
      }
      uint64_t first = seq | r;
      gids[i] = keys.valid[r] ? probe_fixed(keys.hashes[r], keys.ints[r], first) : null_group(first);
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const size_t r = rows[i];
    std::string_view k(keys.bytes.data() + keys.offsets[r], keys.offsets[r + 1] - keys.offsets[r]);
    gids[i] = probe_row(keys.hashes[r], k, seq | r);
  }
}

void GroupTable::find(const EncodedKeys& keys, bool nulls_match, uint32_t* gids) const {
  // Large tables miss the cache on every probe: prefetch a few rows ahead so the misses overlap.
  constexpr size_t kAhead = 16;
  const size_t n = static_cast<size_t>(keys.rows);
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) prefetch(keys.hashes[i + kAhead]);
    gids[i] = lookup(keys, i, nulls_match);
  }
}

uint32_t GroupTable::lookup_row(const EncodedKeys& keys, size_t r) const {
  const std::string_view key(keys.bytes.data() + keys.offsets[r], keys.offsets[r + 1] - keys.offsets[r]);
  for (uint64_t s = keys.hashes[r] & mask_; slots_[s].group != 0; s = (s + 1) & mask_) {
    if (slots_[s].key != keys.hashes[r]) continue;
    const uint32_t g = slots_[s].group - 1;
    if (std::string_view(bytes_.data() + offsets_[g], offsets_[g + 1] - offsets_[g]) == key) return g;
  }
  return kNoGroup;
}

void GroupTable::reserve(size_t groups) {
  if (capacity() >= groups * 2) return;
  size_t cap = 1024;
  while (cap < groups * 2) cap *= 2;
  hashes_.reserve(groups);
  if (track_first_) first_seen_.reserve(groups);
  if (layout_->mode() != KeyMode::kRow) valid_.reserve(groups);
  if (layout_->mode() == KeyMode::kFixed) ints_.reserve(groups);
  if (layout_->mode() == KeyMode::kString) strings_.reserve(groups);
  rehash(cap);
}

void GroupTable::prefetch(uint64_t hash) const {
  if (mask_ == 0) return;
  if (layout_->mode() == KeyMode::kString) {
    __builtin_prefetch(&string_slots_[hash & mask_]);
  } else {
    __builtin_prefetch(&slots_[hash & mask_]);
  }
}

uint32_t GroupTable::insert_from(const GroupTable& other, uint32_t g) {
  if (mask_ == 0) grow();
  uint32_t before = size();
  uint32_t id;
  if (layout_->mode() == KeyMode::kString) {
    id = other.valid_[g] ? probe_string(other.hashes_[g], other.probe_key(other.strings_[g]), other.first_seen(g))
                         : null_group(other.first_seen(g));
  } else if (layout_->fixed()) {
    id = other.valid_[g] ? probe_fixed(other.hashes_[g], other.ints_[g], other.first_seen(g))
                         : null_group(other.first_seen(g));
  } else {
    std::string_view k(other.bytes_.data() + other.offsets_[g], other.offsets_[g + 1] - other.offsets_[g]);
    id = probe_row(other.hashes_[g], k, other.first_seen(g));
  }
  if (track_first_ && id < before && other.first_seen(g) < first_seen_[id]) first_seen_[id] = other.first_seen(g);
  return id;
}

std::vector<ColumnPtr> GroupTable::key_columns() const {
  const auto& types = layout_->types();
  const int64_t n = size();
  std::vector<ColumnPtr> out;
  if (layout_->fixed()) {
    const DataType& t = types[0];
    out.push_back(visit_numeric(physical_type(t), [&](auto tag) -> ColumnPtr {
      using T = decltype(tag);
      FixedBuilder<T> b(t, n);
      for (int64_t g = 0; g < n; ++g) {
        b.data()[g] = static_cast<T>(ints_[static_cast<size_t>(g)]);
        if (!valid_[static_cast<size_t>(g)]) b.set_null(g);
      }
      return b.finish();
    }));
    return out;
  }
  if (layout_->mode() == KeyMode::kString) {
    StringBuilder b(types[0], n, arena_.size());
    for (size_t g = 0; g < static_cast<size_t>(n); ++g) {
      const KeyString& k = strings_[g];
      if (!valid_[g]) {
        b.append_null();
      } else {
        b.append(k.is_inline() ? std::string_view(k.inline_data(), k.size())
                               : std::string_view(arena_.data() + k.tail, k.size()));
      }
    }
    out.push_back(b.finish());
    return out;
  }
  // Decode the row encoding column by column.
  std::vector<uint32_t> pos(offsets_.begin(), offsets_.end() - 1);
  for (const auto& t : types) {
    if (t.is_string_like()) {
      StringBuilder b(t, n);
      for (int64_t g = 0; g < n; ++g) {
        const char* p = bytes_.data() + pos[static_cast<size_t>(g)];
        uint32_t len;
        std::memcpy(&len, p + 1, 4);
        p[0] ? b.append(std::string_view(p + 5, len)) : b.append_null();
        pos[static_cast<size_t>(g)] += 5 + len;
      }
      out.push_back(b.finish());
    } else if (t.id == TypeId::kNull) {
      for (int64_t g = 0; g < n; ++g) pos[static_cast<size_t>(g)] += 1;
      out.push_back(Column::nulls(t, n));
    } else {
      int w = byte_width(t.id);
      auto values = Buffer::allocate(static_cast<size_t>(w) * static_cast<size_t>(n));
      BufferPtr validity;
      for (int64_t g = 0; g < n; ++g) {
        const char* p = bytes_.data() + pos[static_cast<size_t>(g)];
        std::memcpy(values->data() + static_cast<size_t>(g) * static_cast<size_t>(w), p + 1, static_cast<size_t>(w));
        if (!p[0]) {
          if (!validity) {
            validity = Buffer::allocate(bitmap::bytes_for(n));
            std::memset(validity->data(), 0xff, bitmap::bytes_for(n));
          }
          bitmap::clear(validity->data(), g);
        }
        pos[static_cast<size_t>(g)] += 1 + static_cast<uint32_t>(w);
      }
      out.push_back(std::make_shared<Column>(t, n, values, validity));
    }
  }
  return out;
}

}  // namespace floe
