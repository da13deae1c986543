// Key encoding and hashing: integer keys as 64-bit values, string keys as KeyStrings, other
// keys as a row encoding.
#include "exec/encoded_keys.h"

// Inlined: keys are short, and a call per row costs as much as hashing them.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

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

/// The low `n` bytes (at most 8) of a little-endian word, the others zeroed.
inline uint64_t low_bytes(uint64_t x, uint32_t n) { return n >= 8 ? x : x & ((uint64_t{1} << (8 * n)) - 1); }

/// `v` as a KeyString. An inline string gets its padding zeroed (a column's producer need not
/// have zeroed it), so that equal strings have equal words; a long one points at its bytes.
inline KeyString key_string(const StringView& v, const BufferPtr* buffers) {
  KeyString k;
  std::memcpy(&k, &v, sizeof(k));
  const uint32_t n = v.size;
  if (n <= KeyString::kInlineSize) {
    k.head = low_bytes(k.head, 4 + std::min(n, 4u));
    k.tail = low_bytes(k.tail, n > 4 ? n - 4 : 0);
  } else {
    k.tail = reinterpret_cast<uintptr_t>(buffers[v.ref.buffer_index]->data() + v.ref.offset);
  }
  return k;
}

/// Short strings hash their 16 normalized bytes (a fixed-size hash the compiler unrolls), long
/// ones their bytes: a short and a long string are never equal, so the two may differ.
inline uint64_t hash_string(const KeyString& k) {
  if (k.is_inline()) return XXH3_64bits(&k, sizeof(KeyString));
  return XXH3_64bits(reinterpret_cast<const char*>(k.tail), k.size());
}

}  // namespace

KeyLayout::KeyLayout(std::vector<DataType> types) : types_(std::move(types)), mode_(KeyMode::kRow) {
  if (types_.size() != 1) return;
  const DataType& t = types_[0];
  if (t.is_string_like()) {
    mode_ = KeyMode::kString;
  } else if (!t.is_float() && t.id != TypeId::kNull && t.id != TypeId::kDecimal) {
    // One integer-like key of at most 64 bits is kept as a uint64 (decimals are 128 bits wide).
    mode_ = KeyMode::kFixed;
  }
}

void KeyLayout::encode(const std::vector<ColumnPtr>& keys, int64_t rows, EncodedKeys& out) const {
  out.rows = rows;
  out.mode = mode_;
  out.hashes.resize(static_cast<size_t>(rows));
  if (mode_ == KeyMode::kString) {
    encode_strings(keys[0], rows, out);
    return;
  }
  if (mode_ == KeyMode::kFixed) {
    const Column& c = *keys[0];
    out.ints.resize(static_cast<size_t>(rows));
    out.valid.assign(static_cast<size_t>(rows), 1);
    visit_numeric(physical_type(c.type()), [&](auto tag) {
      using T = decltype(tag);
      const T* v = c.values<T>();
      for (int64_t i = 0; i < rows; ++i) out.ints[static_cast<size_t>(i)] = static_cast<uint64_t>(v[i]);
    });
    if (c.has_nulls()) {
      for (int64_t i = 0; i < rows; ++i) {
        if (c.is_null(i)) {
          out.valid[static_cast<size_t>(i)] = 0;
          out.ints[static_cast<size_t>(i)] = 0;
        }
      }
    }
    hash(out);
    return;
  }
  encode_rows(keys, rows, out);
}

void KeyLayout::encode_strings(const ColumnPtr& column, int64_t rows, EncodedKeys& out) const {
  // The views are read once, normalized and hashed in the same pass; the bytes of long strings
  // stay where they are, so the encoding keeps their column alive.
  const Column& c = *column;
  const size_t n = static_cast<size_t>(rows);
  out.strings.resize(n);
  out.valid.assign(n, 1);
  out.owners.clear();
  const StringView* views = c.values<StringView>();
  const BufferPtr* buffers = c.data_buffers().data();
  KeyString* keys = out.strings.data();
  uint64_t* hashes = out.hashes.data();
  bool any_long = false;
  if (c.has_nulls()) {
    for (size_t i = 0; i < n; ++i) {
      if (c.is_null(static_cast<int64_t>(i))) {  // a null's view may hold anything: never read it
        out.valid[i] = 0;
        keys[i] = KeyString::null();
        hashes[i] = kNullKeyHash;
        continue;
      }
      keys[i] = key_string(views[i], buffers);
      any_long |= !keys[i].is_inline();
      hashes[i] = hash_string(keys[i]);
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      keys[i] = key_string(views[i], buffers);
      any_long |= !keys[i].is_inline();
      hashes[i] = hash_string(keys[i]);
    }
  }
  if (any_long) out.owners.push_back(column);
}

void KeyLayout::encode_rows(const std::vector<ColumnPtr>& keys, int64_t rows, EncodedKeys& out) const {
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
  switch (mode_) {
    case KeyMode::kFixed: {
      const uint64_t* ints = keys.ints.data();
      const uint8_t* valid = keys.valid.data();
      for (size_t i = 0; i < n; ++i) hashes[i] = valid[i] ? mix(ints[i]) : kNullKeyHash;
      return;
    }
    case KeyMode::kString: {
      const KeyString* strings = keys.strings.data();
      const uint8_t* valid = keys.valid.data();
      for (size_t i = 0; i < n; ++i) hashes[i] = valid[i] ? hash_string(strings[i]) : kNullKeyHash;
      return;
    }
    case KeyMode::kRow:
      break;
  }
  const uint32_t* offsets = keys.offsets.data();
  const char* bytes = keys.bytes.data();
  for (size_t i = 0; i < n; ++i) hashes[i] = XXH3_64bits(bytes + offsets[i], offsets[i + 1] - offsets[i]);
}

EncodedKeys EncodedKeys::select_rows(const uint32_t* sel, size_t n, bool with_hashes) const {
  EncodedKeys out;
  out.rows = static_cast<int64_t>(n);
  out.mode = mode;
  if (with_hashes) {
    out.hashes.resize(n);
    for (size_t i = 0; i < n; ++i) out.hashes[i] = hashes[sel[i]];
  }
  if (mode != KeyMode::kRow) {
    out.valid.resize(n);
    for (size_t i = 0; i < n; ++i) out.valid[i] = valid[sel[i]];
  }
  if (mode == KeyMode::kFixed) {
    out.ints.resize(n);
    for (size_t i = 0; i < n; ++i) out.ints[i] = ints[sel[i]];
    return out;
  }
  if (mode == KeyMode::kString) {
    out.strings.resize(n);
    for (size_t i = 0; i < n; ++i) out.strings[i] = strings[sel[i]];
    out.owners = owners;
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
  out.mode = mode;
  out.hashes.resize(n);
  for (size_t i = 0; i < n; ++i) out.hashes[to[i]] = hashes[i];
  if (mode != KeyMode::kRow) {
    out.valid.resize(n);
    for (size_t i = 0; i < n; ++i) out.valid[to[i]] = valid[i];
  }
  if (mode == KeyMode::kFixed) {
    out.ints.resize(n);
    for (size_t i = 0; i < n; ++i) out.ints[to[i]] = ints[i];
    return out;
  }
  if (mode == KeyMode::kString) {
    out.strings.resize(n);
    for (size_t i = 0; i < n; ++i) out.strings[to[i]] = strings[i];
    out.owners = owners;
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

}  // namespace floe
