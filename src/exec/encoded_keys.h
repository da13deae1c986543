// Group keys prepared for hashing and lookup: the key mode chosen from the key types, the
// encoded keys of one morsel and their hashes.
#pragma once

#include <cstdint>
#include <vector>

#include "core/chunk.h"
#include "core/schema.h"

namespace floe {

/// The hash every null key of a single-column layout gets.
inline constexpr uint64_t kNullKeyHash = 0x9e3779b97f4a7c15ULL;

/// How keys are stored, decided once from the key types: one integer-like key as a 64-bit
/// integer, one string or binary key as a KeyString, anything else as a row encoding of all
/// key columns.
enum class KeyMode : uint8_t { kFixed, kString, kRow };

/// A string key as the group table compares it, in 16 bytes: the size and the first 4 bytes in
/// `head`, then in `tail` bytes 4..12 (zero-padded) when the string fits in 12 bytes, else where
/// its bytes are (a pointer into the input's buffers for keys being looked up, an offset into
/// the table's arena for keys it stores). Two short strings are equal exactly when both words
/// are; two long ones need a comparison of their bytes only when `head` (and the hash) agree.
struct KeyString {
  static constexpr uint32_t kInlineSize = 12;
  uint64_t head;
  uint64_t tail;
  /// What a null key is encoded as: no string has these words (its size would be 4 GiB and
  /// its bytes at the last address).
  static constexpr KeyString null() { return KeyString{~uint64_t{0}, ~uint64_t{0}}; }
  uint32_t size() const { return static_cast<uint32_t>(head); }
  bool is_inline() const { return size() <= kInlineSize; }
  /// The bytes of an inline string (they live in the KeyString itself).
  const char* inline_data() const { return reinterpret_cast<const char*>(this) + 4; }
};
static_assert(sizeof(KeyString) == 16);

/// The keys of one morsel prepared for lookup: a hash per row plus one 64-bit integer per row
/// (KeyMode::kFixed), one KeyString per row (kString) or a row encoding of all key columns (kRow).
struct EncodedKeys {
  int64_t rows = 0;
  KeyMode mode = KeyMode::kFixed;
  std::vector<uint64_t> hashes;
  std::vector<uint64_t> ints;       // fixed mode
  std::vector<uint8_t> valid;       // fixed and string modes: 0 for a null key
  std::vector<KeyString> strings;   // string mode
  std::vector<ColumnPtr> owners;    // string mode: the columns whose buffers long strings point into
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
  KeyMode mode() const { return mode_; }
  bool fixed() const { return mode_ == KeyMode::kFixed; }
  const std::vector<DataType>& types() const { return types_; }
  /// Encodes and hashes the key columns (all of `rows` rows).
  void encode(const std::vector<ColumnPtr>& keys, int64_t rows, EncodedKeys& out) const;
  /// Fills `keys.hashes` from the encoded keys (encode() does this itself).
  void hash(EncodedKeys& keys) const;

 private:
  void encode_strings(const ColumnPtr& column, int64_t rows, EncodedKeys& out) const;
  void encode_rows(const std::vector<ColumnPtr>& keys, int64_t rows, EncodedKeys& out) const;

  std::vector<DataType> types_;
  KeyMode mode_;
};

}  // namespace floe
