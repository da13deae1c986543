// Decoder of Parquet's RLE / bit-packed hybrid encoding (levels, dictionary indices, booleans).
#pragma once

#include <cstdint>

namespace floe::io::parquet {

/// Reads a ULEB128 varint at `*pos` (before `end`), advancing `*pos`. Throws ComputeError when
/// the input ends early or the value exceeds 64 bits.
uint64_t read_uleb128(const uint8_t** pos, const uint8_t* end);

/// Decodes runs of `bit_width`-bit values: `(count << 1)` headers followed by one repeated value
/// (RLE runs) and `(groups << 1) | 1` headers followed by groups of 8 bit-packed values.
class RleDecoder {
 public:
  RleDecoder() = default;
  RleDecoder(const uint8_t* data, int64_t size, int bit_width);

  /// Decodes up to `n` values into `out`; returns how many were available (fewer only at the
  /// end of the data). Throws ComputeError on malformed runs.
  int64_t get(uint32_t* out, int64_t n);
  /// The same into bytes (levels and booleans; values must fit).
  int64_t get(uint8_t* out, int64_t n);

  /// Decodes `n` values that must be 0 or `one` into a validity bitmap starting at bit
  /// `offset` of `bits`; returns the number of values equal to `one`. Used for the definition
  /// levels of flat optional columns. Throws ComputeError when fewer than `n` values remain.
  int64_t get_validity(uint8_t* bits, int64_t offset, int64_t n, uint32_t one);

 private:
  bool next_run();
  template <typename T>
  int64_t get_impl(T* out, int64_t n);

  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  int64_t repeat_left_ = 0;
  uint32_t repeat_value_ = 0;
  int64_t packed_left_ = 0;        // values left in the current bit-packed run
  const uint8_t* packed_ = nullptr;  // start of the next unread group of the run
  uint32_t group_[8] = {};          // a partly consumed group
  int group_used_ = 8;
};

}  // namespace floe::io::parquet
