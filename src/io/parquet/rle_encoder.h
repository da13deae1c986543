// Encoder of Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices).
#pragma once

#include <cstdint>
#include <string>

namespace floe::io::parquet {

/// Appends `v` as a ULEB128 varint.
void write_uleb128(uint64_t v, std::string* out);

/// Bits needed to store every value in [0, max_value] (0 for max_value 0).
int bit_width_for(uint64_t max_value);

/// Encodes unsigned values of `bit_width` bits (0..32) into `out`: a run of 8 or more equal
/// values becomes an RLE run, everything else bit-packed groups of 8 (Arrow's and parquet-mr's
/// algorithm: runs are only detected at group boundaries, so a decoder sees whole groups).
/// Call `finish()` once after the last value.
class RleEncoder {
 public:
  RleEncoder(int bit_width, std::string* out);

  void put(uint32_t v) {
    if (repeat_count_ > 0 && v == current_) {
      ++repeat_count_;
      if (repeat_count_ > 8) return;  // inside an RLE run: nothing to buffer
    } else {
      if (repeat_count_ >= 8) flush_repeated();
      current_ = v;
      repeat_count_ = 1;
    }
    buffered_[num_buffered_++] = v;
    if (num_buffered_ == 8) flush_buffered();
  }
  /// The same for `n` values; whole groups without a run are moved to the literal run at once.
  void put(const uint32_t* values, int64_t n);
  /// Writes what is buffered; the last bit-packed group is padded with zeros.
  void finish();

 private:
  static constexpr int kMaxLiteralGroups = 63;  // keeps a literal run's header in one byte

  void flush_buffered();
  void flush_literal();
  void flush_repeated();

  int bit_width_;
  std::string* out_;
  uint32_t current_ = 0;
  int64_t repeat_count_ = 0;
  uint32_t buffered_[8] = {};
  int num_buffered_ = 0;
  uint32_t literal_[kMaxLiteralGroups * 8] = {};
  int literal_count_ = 0;
};

/// Definition levels (bit width 1) of a flat optional column from its validity bitmap: `n`
/// bits starting at bit 0 of `bits` (null `bits`: all valid). Whole bytes of 0x00 or 0xff
/// become RLE runs and other bytes are copied as bit-packed groups, since a group of eight
/// 1-bit values is exactly one bitmap byte.
void encode_validity_levels(const uint8_t* bits, int64_t n, std::string* out);

}  // namespace floe::io::parquet
