// Dictionary building with open-addressing hash tables keyed by value bits (fixed width) or bytes.
#include "io/parquet/dictionary_encoder.h"

#include <bit>
#include <cstring>
#include <functional>
#include <string_view>
#include <type_traits>

#include "core/bitmap.h"
#include "core/column_builder.h"
#include "io/parquet/plain_encoder.h"

namespace floe::io::parquet {

namespace {

/// Fibonacci hashing: the table takes the product's high bits, which depend on every key bit.
inline uint64_t mix(uint64_t x) { return (x ^ (x >> 32)) * 0x9E3779B97F4A7C15ull; }

/// Open addressing, linear probing; a slot holds the key (or its hash) and index + 1.
template <typename Key>
struct Slot {
  Key key;
  uint32_t index_plus_one;
};

template <typename Key>
class SlotTable {
 public:
  SlotTable() { resize(10); }
  Slot<Key>* slots() { return slots_.data(); }
  uint64_t mask() const { return mask_; }
  /// The home slot of a mixed hash.
  uint64_t home(uint64_t hash) const { return hash >> shift_; }
  /// Keeps the load at most one half.
  template <typename HashOf>
  void grow_if_needed(size_t entries, HashOf&& hash_of) {
    if (entries * 2 <= slots_.size()) return;
    std::vector<Slot<Key>> old = std::move(slots_);
    resize(std::countr_zero(old.size()) + 1);
    for (const auto& s : old) {
      if (s.index_plus_one == 0) continue;
      uint64_t h = home(hash_of(s));
      while (slots_[h].index_plus_one != 0) h = (h + 1) & mask_;
      slots_[h] = s;
    }
  }

 private:
  void resize(int log2) {
    slots_.assign(size_t{1} << log2, Slot<Key>{Key{}, 0});
    mask_ = slots_.size() - 1;
    shift_ = 64 - log2;
  }
  std::vector<Slot<Key>> slots_;
  uint64_t mask_ = 0;
  int shift_ = 64;
};

template <typename T>
uint64_t key_bits(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    // Bits, not values: -0.0 and 0.0 stay apart and each NaN keeps its payload.
    std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t> b;
    std::memcpy(&b, &v, sizeof(T));
    return b;
  } else {
    return static_cast<uint64_t>(v);
  }
}

template <typename T>
std::optional<DictionaryEncoding> encode_fixed(const Column& column, const DictionaryLimits& limits) {
  const T* v = column.values<T>();
  const uint8_t* validity = column.validity();
  const int64_t n = column.length();
  const int64_t max_entries = limits.max_dictionary_bytes / plain_width(column.type().id);
  DictionaryEncoding out;
  out.indices.resize(static_cast<size_t>(n - column.null_count()));
  std::vector<T> dict;
  SlotTable<uint64_t> table;
  auto hash_of = [](const Slot<uint64_t>& s) { return mix(s.key); };
  uint64_t last_key = 0;
  uint32_t last_index = UINT32_MAX;
  int64_t k = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (validity && !bitmap::get(validity, i)) continue;
    const uint64_t key = key_bits(v[i]);
    if (key != last_key || last_index == UINT32_MAX) {  // sorted and repetitive columns skip the probe
      Slot<uint64_t>* slots = table.slots();
      uint64_t h = table.home(mix(key));
      while (slots[h].index_plus_one != 0 && slots[h].key != key) h = (h + 1) & table.mask();
      if (slots[h].index_plus_one == 0) {
        if (static_cast<int64_t>(dict.size()) >= max_entries) return std::nullopt;
        dict.push_back(v[i]);
        slots[h] = {key, static_cast<uint32_t>(dict.size())};
        table.grow_if_needed(dict.size(), hash_of);
        last_index = static_cast<uint32_t>(dict.size() - 1);
      } else {
        last_index = slots[h].index_plus_one - 1;
      }
      last_key = key;
    }
    out.indices[static_cast<size_t>(k++)] = last_index;
    if (k == limits.probe_values && static_cast<int64_t>(dict.size()) * 4 > k * 3) return std::nullopt;
  }
  if (dict.empty()) return std::nullopt;
  FixedBuilder<T> values(column.type(), static_cast<int64_t>(dict.size()));
  std::memcpy(values.data(), dict.data(), sizeof(T) * dict.size());
  out.values = values.finish();
  return out;
}

/// A string of at most 12 bytes as two words: its bytes (those past the size masked off, as
/// views need not zero them) and its size. Equal keys mean equal strings.
struct ShortKey {
  uint64_t bytes;
  uint64_t rest_and_size;
  bool operator==(const ShortKey&) const = default;
};

inline ShortKey short_key(const StringView& v) {
  uint64_t lo;
  uint32_t hi;
  std::memcpy(&lo, v.inlined, 8);
  std::memcpy(&hi, v.inlined + 8, 4);
  if (v.size < 8) {
    lo &= v.size == 0 ? 0 : ~uint64_t{0} >> (64 - 8 * v.size);
    hi = 0;
  } else {
    hi &= v.size == 8 ? 0 : ~uint32_t{0} >> (32 - 8 * (v.size - 8));
  }
  return {lo, (static_cast<uint64_t>(hi) << 32) | v.size};
}

std::optional<DictionaryEncoding> encode_strings(const Column& column, const DictionaryLimits& limits) {
  const StringView* v = column.values<StringView>();
  const uint8_t* validity = column.validity();
  const auto& buffers = column.data_buffers();
  const int64_t n = column.length();
  DictionaryEncoding out;
  out.indices.resize(static_cast<size_t>(n - column.null_count()));
  std::vector<std::string_view> dict;
  std::vector<ShortKey> dict_keys;     // short strings: the key; long ones: {0, size}
  std::vector<StringView> dict_views;  // the same values as views into the input's buffers
  SlotTable<uint64_t> table;  // keys are hashes of the bytes
  auto hash_of = [](const Slot<uint64_t>& s) { return s.key; };
  const std::hash<std::string_view> hasher;
  int64_t dict_bytes = 0;
  int64_t k = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (validity && !bitmap::get(validity, i)) continue;
    // Short strings hash and compare as two words; long ones by their bytes.
    const bool is_short = v[i].size <= StringView::kInlineSize;
    const ShortKey key = is_short ? short_key(v[i]) : ShortKey{0, v[i].size};
    const std::string_view s = is_short ? std::string_view() : Column::view_string(v[i], buffers);
    const uint64_t hash = is_short ? mix(key.bytes ^ mix(key.rest_and_size)) : mix(hasher(s));
    Slot<uint64_t>* slots = table.slots();
    uint64_t h = table.home(hash);
    while (slots[h].index_plus_one != 0) {
      if (slots[h].key == hash) {
        const uint32_t e = slots[h].index_plus_one - 1;
        if (dict_keys[e] == key && (is_short || dict[e] == s)) break;
      }
      h = (h + 1) & table.mask();
    }
  uint32_t index;
    if (slots[h].index_plus_one == 0) {
      dict_bytes += 4 + static_cast<int64_t>(v[i].size);
      if (dict_bytes > limits.max_dictionary_bytes) return std::nullopt;
      dict.push_back(s);
      dict_keys.push_back(key);
      dict_views.push_back(v[i]);
      slots[h] = {hash, static_cast<uint32_t>(dict.size())};
      table.grow_if_needed(dict.size(), hash_of);
      index = static_cast<uint32_t>(dict.size() - 1);
    } else {
      index = slots[h].index_plus_one - 1;
    }
    out.indices[static_cast<size_t>(k++)] = index;
    if (k == limits.probe_values && static_cast<int64_t>(dict.size()) * 4 > k * 3) return std::nullopt;
  }
  if (dict.empty()) return std::nullopt;
  auto views = Buffer::allocate(sizeof(StringView) * dict_views.size());
  std::memcpy(views->data(), dict_views.data(), sizeof(StringView) * dict_views.size());
  out.values = std::make_shared<Column>(column.type(), static_cast<int64_t>(dict_views.size()), std::move(views),
                                        nullptr, buffers);
  return out;
}

}  // namespace

// Decimals are written PLAIN: their dictionary would need its own 128-bit hash set.
bool dictionary_supported(TypeId type) {
  return type != TypeId::kNull && type != TypeId::kBoolean && type != TypeId::kDecimal;
}

std::optional<DictionaryEncoding> dictionary_encode(const Column& column, const DictionaryLimits& limits) {
  const TypeId id = column.type().id;
  if (!dictionary_supported(id) || column.null_count() == column.length()) return std::nullopt;
  if (id == TypeId::kString || id == TypeId::kBinary) return encode_strings(column, limits);
  return visit_numeric(physical_type(column.type()),
                       [&](auto tag) { return encode_fixed<decltype(tag)>(column, limits); });
}

}  // namespace floe::io::parquet
