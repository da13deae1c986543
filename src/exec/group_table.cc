// Key encoding, hashing and the group hash table.
#include "exec/group_table.h"

// Inlined: keys are short, and a call per row costs as much as hashing them.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstring>

#include "core/column_builder.h"
#include "core/error.h"

namespace floe {

namespace {

/// A strong 64-bit mix for integer keys (murmur3's finalizer): consecutive keys spread over
/// all partitions and slots.
inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

constexpr uint64_t kNullHash = 0x9e3779b97f4a7c15ULL;

}  // namespace

KeyLayout::KeyLayout(std::vector<DataType> types) : types_(std::move(types)) {
  // One integer-like key of at most 64 bits is kept as a uint64 (decimals are 128 bits wide).
  fixed_ = types_.size() == 1 && !types_[0].is_string_like() && !types_[0].is_float() && types_[0].id != TypeId::kNull &&
           types_[0].id != TypeId::kDecimal;
}

void KeyLayout::encode(const std::vector<ColumnPtr>& keys, int64_t rows, EncodedKeys& out) const {
  out.rows = rows;
  out.hashes.resize(static_cast<size_t>(rows));
  if (fixed_) {
    const Column& c = *keys[0];
    out.ints.resize(static_cast<size_t>(rows));
    out.int_valid.assign(static_cast<size_t>(rows), 1);
    visit_numeric(physical_type(c.type()), [&](auto tag) {
      using T = decltype(tag);
      const T* v = c.values<T>();
      for (int64_t i = 0; i < rows; ++i) out.ints[static_cast<size_t>(i)] = static_cast<uint64_t>(v[i]);
    });
    if (c.has_nulls()) {
      for (int64_t i = 0; i < rows; ++i) {
        if (c.is_null(i)) {
          out.int_valid[static_cast<size_t>(i)] = 0;
          out.ints[static_cast<size_t>(i)] = 0;
        }
      }
    }
    hash(out);
    return;
  }
  // Row encoding: per key a null byte, then fixed-width bytes or a 4-byte length and the bytes.
  // Floats are normalized so -0.0 groups with 0.0 and every NaN with every other NaN. Built a
  // column at a time: the type is looked at once per column, not once per row.
  const size_t n = static_cast<size_t>(rows);
  uint32_t fixed_size = 0;  // bytes every row takes whatever its values
  for (const auto& k : keys) {
    const DataType& t = k->type();
    fixed_size += 1 + (t.is_string_like() ? 4 : (t.id == TypeId::kNull ? 0 : static_cast<uint32_t>(byte_width(t.id))));
  }
  out.offsets.assign(n + 1, fixed_size);
  uint32_t* sizes = out.offsets.data();
  for (const auto& k : keys) {
    if (!k->type().is_string_like()) continue;
    const StringView* v = k->values<StringView>();
    if (k->has_nulls()) {
      for (size_t i = 0; i < n; ++i) sizes[i] += k->is_valid(static_cast<int64_t>(i)) ? v[i].size : 0;
    } else {
      for (size_t i = 0; i < n; ++i) sizes[i] += v[i].size;
    }
  }
  uint32_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t size = sizes[i];
    sizes[i] = total;  // now the offset of row i
    total += size;
  }
  sizes[n] = total;
  out.bytes.resize(total);
  char* bytes = out.bytes.data();
  // `pos[i]`: where row i's next key goes.
  std::vector<uint32_t>& pos = out.scratch;
  pos.assign(out.offsets.begin(), out.offsets.end() - 1);
  for (const auto& k : keys) {
    const Column& c = *k;
    const DataType& t = c.type();
    const bool nulls = c.has_nulls();
    if (t.id == TypeId::kNull) {
      for (size_t i = 0; i < n; ++i) bytes[pos[i]++] = 0;
    } else if (t.is_string_like()) {
      const StringView* v = c.values<StringView>();
      for (size_t i = 0; i < n; ++i) {
        char* dst = bytes + pos[i];
        const bool valid = !nulls || c.is_valid(static_cast<int64_t>(i));
        const uint32_t len = valid ? v[i].size : 0;
        dst[0] = valid ? 1 : 0;
        std::memcpy(dst + 1, &len, 4);
        if (len) std::memcpy(dst + 5, c.string_at(static_cast<int64_t>(i)).data(), len);
        pos[i] += 5 + len;
      }
    } else {
      visit_physical(t.id, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_same_v<T, StringView>) {
          const T* v = c.values<T>();
          for (size_t i = 0; i < n; ++i) {
            char* dst = bytes + pos[i];
            const bool valid = !nulls || c.is_valid(static_cast<int64_t>(i));
            T x = valid ? v[i] : T{};
            if constexpr (std::is_floating_point_v<T>) {
              x = std::isnan(x) ? std::numeric_limits<T>::quiet_NaN() : (x == 0 ? T{0} : x);
            }
            dst[0] = valid ? 1 : 0;
            std::memcpy(dst + 1, &x, sizeof(T));
            pos[i] += 1 + sizeof(T);
          }
        }
      });
    }
  }
  hash(out);
}

void KeyLayout::hash(EncodedKeys& keys) const {
  const size_t n = static_cast<size_t>(keys.rows);
  keys.hashes.resize(n);
  uint64_t* hashes = keys.hashes.data();
  if (fixed_) {
    const uint64_t* ints = keys.ints.data();
    const uint8_t* valid = keys.int_valid.data();
    for (size_t i = 0; i < n; ++i) hashes[i] = valid[i] ? mix(ints[i]) : kNullHash;
    return;
  }
  const uint32_t* offsets = keys.offsets.data();
  const char* bytes = keys.bytes.data();
  for (size_t i = 0; i < n; ++i) hashes[i] = XXH3_64bits(bytes + offsets[i], offsets[i + 1] - offsets[i]);
}

EncodedKeys EncodedKeys::select_rows(const uint32_t* sel, size_t n, bool with_hashes) const {
  EncodedKeys out;
  out.rows = static_cast<int64_t>(n);
  if (with_hashes) {
    out.hashes.resize(n);
    for (size_t i = 0; i < n; ++i) out.hashes[i] = hashes[sel[i]];
  }
  if (offsets.empty()) {  // fixed mode
    out.ints.resize(n);
    out.int_valid.resize(n);
    for (size_t i = 0; i < n; ++i) {
      out.ints[i] = ints[sel[i]];
      out.int_valid[i] = int_valid[sel[i]];
    }
    return out;
  }
  out.offsets.resize(n + 1);
  uint32_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    out.offsets[i] = total;
    total += offsets[sel[i] + 1] - offsets[sel[i]];
  }
  out.offsets[n] = total;
  out.bytes.resize(total);
  for (size_t i = 0; i < n; ++i) {
    std::memcpy(out.bytes.data() + out.offsets[i], bytes.data() + offsets[sel[i]], out.offsets[i + 1] - out.offsets[i]);
  }
  return out;
}

EncodedKeys EncodedKeys::scattered(const uint32_t* to) const {
  const size_t n = static_cast<size_t>(rows);
  EncodedKeys out;
  out.rows = rows;
  out.hashes.resize(n);
  for (size_t i = 0; i < n; ++i) out.hashes[to[i]] = hashes[i];
  if (offsets.empty()) {  // fixed mode
    out.ints.resize(n);
    out.int_valid.resize(n);
    for (size_t i = 0; i < n; ++i) {
      out.ints[to[i]] = ints[i];
      out.int_valid[to[i]] = int_valid[i];
    }
    return out;
  }
  out.offsets.resize(n + 1);
  for (size_t i = 0; i < n; ++i) out.offsets[to[i]] = offsets[i + 1] - offsets[i];  // sizes first
  uint32_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t size = out.offsets[i];
    out.offsets[i] = total;
    total += size;
  }
  out.offsets[n] = total;
  out.bytes.resize(total);
  for (size_t i = 0; i < n; ++i) {
    std::memcpy(out.bytes.data() + out.offsets[to[i]], bytes.data() + offsets[i], offsets[i + 1] - offsets[i]);
  }
  return out;
}

void GroupTable::grow() { rehash(slots_.empty() ? 1024 : slots_.size() * 2); }

void GroupTable::rehash(size_t cap) {
  slots_.assign(cap, Slot{0, 0});
  mask_ = cap - 1;
  const bool fixed = layout_->fixed();
  const uint32_t n = static_cast<uint32_t>(hashes_.size());
  for (uint32_t g = 0; g < n; ++g) {
    // Slots are written in random order: prefetch a few groups ahead so the misses overlap.
    if (g + 16 < n) __builtin_prefetch(&slots_[hashes_[g + 16] & mask_], 1);
    if (fixed && !int_valid_[g]) continue;
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
    null_group_ = add_group(kNullHash, first_seen);
    ints_.push_back(0);
    int_valid_.push_back(0);
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
  int_valid_.push_back(1);
  slots_[s] = Slot{key, g + 1};
  if (hashes_.size() * 2 > slots_.size()) grow();
  return g;
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
  if (hashes_.size() * 2 > slots_.size()) grow();
  return g;
}

void GroupTable::find_or_insert(const EncodedKeys& keys, int64_t sequence, uint32_t* gids) {
  if (slots_.empty()) grow();
  const uint64_t seq = static_cast<uint64_t>(sequence) << 32;
  if (layout_->fixed()) {
    // Large tables miss the cache on every probe: prefetch the slot a few rows ahead so the
    // misses overlap.
    constexpr int64_t kAhead = 16;
    for (int64_t i = 0; i < keys.rows; ++i) {
      size_t r = static_cast<size_t>(i);
      if (i + kAhead < keys.rows) __builtin_prefetch(&slots_[keys.hashes[r + kAhead] & mask_]);
      // Clustered data repeats a key on neighbouring rows: reuse the previous row's group.
      if (i > 0 && keys.int_valid[r] && keys.int_valid[r - 1] && keys.ints[r] == keys.ints[r - 1]) {
        gids[i] = gids[i - 1];
        continue;
      }
      uint64_t first = seq | static_cast<uint64_t>(i);
      gids[i] = keys.int_valid[r] ? probe_fixed(keys.hashes[r], keys.ints[r], first) : null_group(first);
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
  if (slots_.empty()) grow();
  const uint64_t seq = static_cast<uint64_t>(sequence) << 32;
  if (layout_->fixed()) {
    constexpr size_t kAhead = 16;
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) __builtin_prefetch(&slots_[keys.hashes[rows[i + kAhead]] & mask_]);
      const size_t r = rows[i];
      // Clustered data repeats a key on neighbouring rows: reuse the previous row's group.
      if (i > 0 && keys.int_valid[r] && keys.int_valid[rows[i - 1]] && keys.ints[r] == keys.ints[rows[i - 1]]) {
        gids[i] = gids[i - 1];
        continue;
      }
      uint64_t first = seq | r;
      gids[i] = keys.int_valid[r] ? probe_fixed(keys.hashes[r], keys.ints[r], first) : null_group(first);
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
  if (slots_.size() >= groups * 2) return;
  size_t cap = 1024;
  while (cap < groups * 2) cap *= 2;
  hashes_.reserve(groups);
  if (track_first_) first_seen_.reserve(groups);
  if (layout_->fixed()) {
    ints_.reserve(groups);
    int_valid_.reserve(groups);
  }
  rehash(cap);
}

void GroupTable::prefetch(uint64_t hash) const {
  if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
}

uint32_t GroupTable::insert_from(const GroupTable& other, uint32_t g) {
  if (slots_.empty()) grow();
  uint32_t before = size();
  uint32_t id;
  if (layout_->fixed()) {
    id = other.int_valid_[g] ? probe_fixed(other.hashes_[g], other.ints_[g], other.first_seen(g))
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
        if (!int_valid_[static_cast<size_t>(g)]) b.set_null(g);
      }
      return b.finish();
    }));
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
