// RLE / bit-packed hybrid decoding: whole runs are copied or unpacked in bulk.
#include "io/parquet/rle_decoder.h"

#include <algorithm>
#include <cstring>

#include "core/bitmap.h"
#include "core/error.h"
#include "io/parquet/bit_unpack.h"

namespace floe::io::parquet {

uint64_t read_uleb128(const uint8_t** pos, const uint8_t* end) {
  uint64_t v = 0;
  int shift = 0;
  const uint8_t* p = *pos;
  while (true) {
    FLOE_USER_CHECK(p < end, ComputeError, "corrupt Parquet page: a varint runs past the end of the data");
    uint8_t b = *p++;
    FLOE_USER_CHECK(shift < 64, ComputeError, "corrupt Parquet page: a varint longer than 64 bits");
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
    shift += 7;
  }
  *pos = p;
  return v;
}

RleDecoder::RleDecoder(const uint8_t* data, int64_t size, int bit_width)
    : pos_(data), end_(data + size), bit_width_(bit_width) {
  FLOE_USER_CHECK(bit_width >= 0 && bit_width <= 32, ComputeError,
                  "corrupt Parquet page: RLE bit width {} is outside [0, 32]", bit_width);
}

bool RleDecoder::next_run() {
  if (pos_ >= end_) return false;
  uint64_t header = read_uleb128(&pos_, end_);
  if (header & 1) {
    const uint64_t groups = header >> 1;
    const auto avail = static_cast<uint64_t>(end_ - pos_);
    // Writers may end the last run early; take the whole groups that are present.
    const uint64_t bytes = std::min<uint64_t>(groups * static_cast<uint64_t>(bit_width_), avail);
    const uint64_t values = bit_width_ == 0 ? groups * 8 : bytes * 8 / static_cast<uint64_t>(bit_width_);
    FLOE_USER_CHECK(groups <= (uint64_t{1} << 40), ComputeError, "corrupt Parquet page: bit-packed run of {} groups", groups);
    packed_ = pos_;
    packed_left_ = static_cast<int64_t>(values);
    pos_ += bytes;
    group_used_ = 8;
    return true;
  }
  repeat_left_ = static_cast<int64_t>(header >> 1);
  const int bytes = (bit_width_ + 7) / 8;
  FLOE_USER_CHECK(end_ - pos_ >= bytes, ComputeError, "corrupt Parquet page: RLE run value runs past the end of the data");
  uint32_t v = 0;
  std::memcpy(&v, pos_, static_cast<size_t>(bytes));
  pos_ += bytes;
  repeat_value_ = v;
  return true;
}

template <typename T>
int64_t RleDecoder::get_impl(T* out, int64_t n) {
  int64_t done = 0;
  while (done < n) {
    if (repeat_left_ > 0) {
      const int64_t k = std::min(repeat_left_, n - done);
      std::fill(out + done, out + done + k, static_cast<T>(repeat_value_));
      repeat_left_ -= k;
      done += k;
      continue;
    }
    if (packed_left_ > 0) {
      // Finish a partly used group first.
      while (group_used_ < 8 && packed_left_ > 0 && done < n) {
        out[done++] = static_cast<T>(group_[group_used_++]);
        --packed_left_;
      }
      if (done == n || packed_left_ == 0) continue;
      // Whole groups straight into the output.
      const int64_t whole = std::min(n - done, packed_left_) / 8 * 8;
      if (whole > 0) {
        if constexpr (sizeof(T) == 4) {
          unpack_bits32(packed_, bit_width_, reinterpret_cast<uint32_t*>(out + done), whole);
        } else {
          uint32_t tmp[256];
          for (int64_t i = 0; i < whole; i += 256) {
            const int64_t k = std::min<int64_t>(256, whole - i);
            unpack_bits32(packed_ + i / 8 * bit_width_, bit_width_, tmp, k);
            for (int64_t j = 0; j < k; ++j) out[done + i + j] = static_cast<T>(tmp[j]);
          }
        }
        packed_ += whole / 8 * bit_width_;
        packed_left_ -= whole;
        done += whole;
        continue;
      }
      // Fewer than 8 wanted (or left): unpack one group into the side buffer.
      unpack_bits32(packed_, bit_width_, group_, std::min<int64_t>(8, packed_left_));
      packed_ += bit_width_;
      group_used_ = 0;
      continue;
    }
    if (!next_run()) break;
  }
  return done;
}

int64_t RleDecoder::get(uint32_t* out, int64_t n) { return get_impl(out, n); }
int64_t RleDecoder::get(uint8_t* out, int64_t n) { return get_impl(out, n); }

namespace {

/// Sets (or clears) bits [start, start + count).
void fill_bits(uint8_t* bits, int64_t start, int64_t count, bool set) {
  int64_t i = start;
  const int64_t end = start + count;
  for (; i < end && (i & 7) != 0; ++i) bitmap::set_to(bits, i, set);
  const int64_t whole = (end - i) / 8;
  if (whole > 0) {
    std::memset(bits + i / 8, set ? 0xff : 0, static_cast<size_t>(whole));
    i += whole * 8;
  }
  for (; i < end; ++i) bitmap::set_to(bits, i, set);
}

}  // namespace

int64_t RleDecoder::get_validity(uint8_t* bits, int64_t offset, int64_t n, uint32_t one) {
  int64_t done = 0;
  int64_t valid = 0;
  uint8_t levels[512];
  while (done < n) {
    if (repeat_left_ > 0) {
      // A run of equal levels sets or clears a range of bits, whole bytes at a time.
      const int64_t k = std::min(repeat_left_, n - done);
      const bool set = repeat_value_ == one;
      FLOE_USER_CHECK(set || repeat_value_ == 0, ComputeError,
                      "corrupt Parquet page: definition level {} of a flat column exceeds {}", repeat_value_, one);
      fill_bits(bits, offset + done, k, set);
      if (set) valid += k;
      repeat_left_ -= k;
      done += k;
      continue;
    }
    if (packed_left_ == 0) {
      FLOE_USER_CHECK(next_run(), ComputeError, "corrupt Parquet page: {} definition levels where {} were expected",
                      done, n);
      continue;
    }
    // Bit-packed levels (packed_left_ counts a partly used group too): up to the run's end.
    const int64_t want = std::min<int64_t>({static_cast<int64_t>(sizeof(levels)), n - done, packed_left_});
    const int64_t got = get_impl(levels, want);
    FLOE_CHECK(got == want, "bit-packed run yielded {} of {} levels", got, want);
    uint8_t bad = 0;
    for (int64_t i = 0; i < got; ++i) {
      const bool set = levels[i] == one;
      bad |= static_cast<uint8_t>(!set && levels[i] != 0);
      valid += set;
      bitmap::set_to(bits, offset + done + i, set);
    }
    FLOE_USER_CHECK(!bad, ComputeError, "corrupt Parquet page: a definition level of a flat column exceeds {}", one);
    done += got;
  }
  return valid;
}

}  // namespace floe::io::parquet
