// RLE / bit-packed hybrid encoding: buffered groups of eight, runs found at group boundaries.
#include "io/parquet/rle_encoder.h"

#include <bit>
#include <cstring>

#include "core/error.h"

namespace floe::io::parquet {

void write_uleb128(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

int bit_width_for(uint64_t max_value) { return max_value == 0 ? 0 : 64 - std::countl_zero(max_value); }

namespace {

/// Packs `groups` groups of eight `bit_width`-bit values, each group through one `Word` (which
/// must hold 8 * bit_width bits), little-endian.
template <typename Word>
void pack_groups(const uint32_t* values, int groups, int bit_width, uint8_t* dst) {
  for (int g = 0; g < groups; ++g) {
    const uint32_t* v = values + 8 * g;
    Word word = 0;
    for (int j = 0; j < 8; ++j) word |= static_cast<Word>(v[j]) << (j * bit_width);
    std::memcpy(dst, &word, static_cast<size_t>(bit_width));
    dst += bit_width;
  }
}

}  // namespace

RleEncoder::RleEncoder(int bit_width, std::string* out) : bit_width_(bit_width), out_(out) {
  FLOE_CHECK(bit_width >= 0 && bit_width <= 32, "RLE bit width {} outside [0, 32]", bit_width);
}

void RleEncoder::put(const uint32_t* values, int64_t n) {
  int64_t i = 0;
  while (i < n) {
    // At a group boundary, eight values that are not all equal cannot start a run, and when
    // the first differs from the current value they cannot extend one either: the per-value
    // path would end any run, buffer the eight and move them to the literal run. Do that at once.
    if (num_buffered_ == 0 && i + 8 <= n && !(repeat_count_ > 0 && values[i] == current_)) {
      const uint32_t* g = values + i;
      const bool all_equal = g[1] == g[0] && g[2] == g[0] && g[3] == g[0] && g[4] == g[0] && g[5] == g[0] &&
                             g[6] == g[0] && g[7] == g[0];
      if (!all_equal) {
        if (repeat_count_ >= 8) flush_repeated();
        std::memcpy(literal_ + literal_count_, g, sizeof(buffered_));
        literal_count_ += 8;
        if (literal_count_ == kMaxLiteralGroups * 8) flush_literal();
        repeat_count_ = 0;
        i += 8;
        continue;
      }
    }
    put(values[i++]);
  }
}

void RleEncoder::flush_buffered() {
  if (repeat_count_ >= 8) {
    // The eight buffered values are the start of an RLE run; the run is written when it ends.
    num_buffered_ = 0;
    if (literal_count_ > 0) flush_literal();
    return;
  }
  std::memcpy(literal_ + literal_count_, buffered_, sizeof(buffered_));
  literal_count_ += 8;
  num_buffered_ = 0;
  if (literal_count_ == kMaxLiteralGroups * 8) flush_literal();
  repeat_count_ = 0;
}

void RleEncoder::flush_literal() {
  const int groups = (literal_count_ + 7) / 8;
  write_uleb128((static_cast<uint64_t>(groups) << 1) | 1, out_);
  // Eight values of w bits fill exactly w bytes.
  const size_t start = out_->size();
  out_->resize(start + static_cast<size_t>(groups * bit_width_));
  auto* dst = reinterpret_cast<uint8_t*>(out_->data() + start);
  if (literal_count_ < groups * 8) {
    std::memset(literal_ + literal_count_, 0, sizeof(uint32_t) * static_cast<size_t>(groups * 8 - literal_count_));
  }
  if (bit_width_ <= 8) {
    // A group of eight fits one machine word: shift each value into place, store w bytes.
    pack_groups<uint64_t>(literal_, groups, bit_width_, dst);
    literal_count_ = 0;
    return;
  }
  if (bit_width_ <= 16) {
    pack_groups<unsigned __int128>(literal_, groups, bit_width_, dst);
    literal_count_ = 0;
    return;
  }
  uint64_t acc = 0;
  int bits = 0;
  for (int i = 0; i < groups * 8; ++i) {
    acc |= static_cast<uint64_t>(literal_[i]) << bits;
    bits += bit_width_;
    while (bits >= 8) {
      *dst++ = static_cast<uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
  literal_count_ = 0;
}

void RleEncoder::flush_repeated() {
  write_uleb128(static_cast<uint64_t>(repeat_count_) << 1, out_);
  const int bytes = (bit_width_ + 7) / 8;
  for (int i = 0; i < bytes; ++i) out_->push_back(static_cast<char>((current_ >> (8 * i)) & 0xff));
  repeat_count_ = 0;
  num_buffered_ = 0;
}

void RleEncoder::finish() {
  if (repeat_count_ >= 8) {
    flush_repeated();
  } else if (literal_count_ == 0 && repeat_count_ > 0 && repeat_count_ == num_buffered_) {
    flush_repeated();  // a short tail of equal values costs less as a run
  } else if (num_buffered_ > 0 || literal_count_ > 0) {
    // Pad the last group with zeros; the page's value count tells readers where to stop.
    std::memcpy(literal_ + literal_count_, buffered_, sizeof(uint32_t) * static_cast<size_t>(num_buffered_));
    literal_count_ += num_buffered_;
    num_buffered_ = 0;
    flush_literal();
  }
  repeat_count_ = 0;
}

void encode_validity_levels(const uint8_t* bits, int64_t n, std::string* out) {
  if (n == 0) return;
  if (bits == nullptr) {
    write_uleb128(static_cast<uint64_t>(n) << 1, out);
    out->push_back(1);
    return;
  }
  const int64_t full = n / 8;
  const int tail = static_cast<int>(n % 8);
  const uint8_t tail_mask = static_cast<uint8_t>((1u << tail) - 1);
  const uint8_t tail_byte = tail ? static_cast<uint8_t>(bits[full] & tail_mask) : 0;
  bool tail_done = tail == 0;
  int64_t literal_start = -1;
  auto flush_literal = [&](int64_t end, bool with_tail) {
    if (literal_start < 0 && !with_tail) return;
    if (literal_start < 0) literal_start = end;
    const int64_t groups = end - literal_start + (with_tail ? 1 : 0);
    write_uleb128((static_cast<uint64_t>(groups) << 1) | 1, out);
    out->append(reinterpret_cast<const char*>(bits + literal_start), static_cast<size_t>(end - literal_start));
    if (with_tail) out->push_back(static_cast<char>(tail_byte));
    literal_start = -1;
  };
  int64_t i = 0;
  while (i < full) {
    const uint8_t b = bits[i];
    if (b == 0 || b == 0xff) {
      int64_t j = i + 1;
      while (j < full && bits[j] == b) ++j;
      // A lone uniform byte between mixed ones is cheaper left in the literal run.
      if (j - i >= 2 || literal_start < 0) {
        flush_literal(i, false);
        int64_t count = (j - i) * 8;
        if (j == full && !tail_done && tail_byte == (b & tail_mask)) {
          count += tail;
          tail_done = true;
        }
        write_uleb128(static_cast<uint64_t>(count) << 1, out);
        out->push_back(static_cast<char>(b & 1));
        i = j;
        continue;
      }
    }
    if (literal_start < 0) literal_start = i;
    ++i;
  }
  if (!tail_done) {
    flush_literal(full, true);
  } else {
    flush_literal(full, false);
  }
}

}  // namespace floe::io::parquet
