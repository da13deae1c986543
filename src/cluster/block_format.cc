// Encoding and decoding of shuffle blocks: whole buffers memcpy'd and LZ4-compressed.
#include "cluster/block_format.h"

#include <lz4.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>

#include "core/error.h"

namespace floe::cluster {

static_assert(std::endian::native == std::endian::little, "blocks are written in the machine's byte order");

namespace {

constexpr char kMagic[4] = {'F', 'L', 'B', 'K'};
constexpr size_t kHeaderSize = 4 + 2 + 2 + 8 + 8;
constexpr size_t kBufferHeaderSize = 1 + 8 + 8;
constexpr uint8_t kCodecRaw = 0;
constexpr uint8_t kCodecLz4 = 1;
constexpr uint8_t kFlagValidity = 1;
// No real block comes near this; it keeps every size computed from the row count far from
// overflowing 64 bits.
constexpr uint64_t kMaxRows = uint64_t{1} << 40;
// LZ4 spends at least one byte per 255 bytes of output, so a stored buffer that claims to
// expand further is corrupt; checking it before allocating bounds what garbage can make us
// allocate.
constexpr uint64_t kMaxLz4Ratio = 256;
constexpr uint64_t kLz4Slack = 1024;
// Buffers smaller than this are not worth an LZ4 call.
constexpr size_t kMinCompress = 64;
// Strings are copied 16 bytes at a time (inline views); scratch and decoded byte buffers get
// this much slack so the copies may run past the last string.
constexpr size_t kStringSlack = 16;

size_t validity_bytes(uint64_t rows) { return static_cast<size_t>((rows + 7) / 8); }

// ---------------------------------------------------------------------------------------------
// Encoding

class BlockWriter {
 public:
  explicit BlockWriter(size_t expected) { out_.resize(std::max<size_t>(expected, 256)); }

  template <typename T>
  void put(T v) {
    ensure(sizeof(T));
    std::memcpy(out_.data() + pos_, &v, sizeof(T));
    pos_ += sizeof(T);
  }
  void put_bytes(std::string_view s) {
    ensure(s.size());
    if (!s.empty()) std::memcpy(out_.data() + pos_, s.data(), s.size());
    pos_ += s.size();
  }
  void put_string(std::string_view s) {
    put(static_cast<uint32_t>(s.size()));
    put_bytes(s);
  }

  /// Writes one buffer, LZ4-compressed when that saves at least a sixteenth of it (less is not
  /// worth the decompression on the reading side), raw otherwise.
  void put_buffer(const uint8_t* data, size_t raw) {
    const bool try_lz4 = raw >= kMinCompress && raw <= static_cast<size_t>(LZ4_MAX_INPUT_SIZE);
    const size_t bound = try_lz4 ? static_cast<size_t>(LZ4_compressBound(static_cast<int>(raw))) : raw;
    ensure(kBufferHeaderSize + std::max(bound, raw));
    char* body = out_.data() + pos_ + kBufferHeaderSize;
    uint8_t codec = kCodecRaw;
    size_t stored = raw;
    if (try_lz4) {
      int n = LZ4_compress_default(reinterpret_cast<const char*>(data), body, static_cast<int>(raw),
                                   static_cast<int>(bound));
      if (n > 0 && static_cast<size_t>(n) < raw - raw / 16) {
        codec = kCodecLz4;
        stored = static_cast<size_t>(n);
      }
    }
    if (codec == kCodecRaw && raw > 0) std::memcpy(body, data, raw);
    char* head = out_.data() + pos_;
    head[0] = static_cast<char>(codec);
    const uint64_t raw64 = raw, stored64 = stored;
    std::memcpy(head + 1, &raw64, 8);
    std::memcpy(head + 9, &stored64, 8);
    pos_ += kBufferHeaderSize + stored;
  }

  /// The finished block: header with payload size and checksum in front of the payload.
  std::string finish() {
    out_.resize(pos_);
    const uint64_t payload = pos_ - kHeaderSize;
    const uint64_t checksum = XXH3_64bits(out_.data() + kHeaderSize, payload);
    std::memcpy(out_.data(), kMagic, 4);
    const uint16_t version = kBlockFormatVersion, reserved = 0;
    std::memcpy(out_.data() + 4, &version, 2);
    std::memcpy(out_.data() + 6, &reserved, 2);
    std::memcpy(out_.data() + 8, &payload, 8);
    std::memcpy(out_.data() + 16, &checksum, 8);
    return std::move(out_);
  }

  void skip_header() { pos_ = kHeaderSize; }

 private:
  void ensure(size_t n) {
    if (pos_ + n > out_.size()) out_.resize(std::max(out_.size() * 2, pos_ + n));
  }
  std::string out_;
  size_t pos_ = 0;
};

/// ORs `n` bits of `src` (nullptr: all set) into `dst` starting at bit `pos`; `dst` is zeroed
/// and has a spare byte at the end.
void append_bits(uint8_t* dst, int64_t pos, const uint8_t* src, int64_t n) {
  const int64_t nbytes = (n + 7) / 8;
  const int shift = static_cast<int>(pos & 7);
  uint8_t* d = dst + pos / 8;
  if (shift == 0) {
    if (src) {
      std::memcpy(d, src, static_cast<size_t>(nbytes));
    } else {
      std::memset(d, 0xff, static_cast<size_t>(nbytes));
    }
    if (n & 7) d[nbytes - 1] &= static_cast<uint8_t>((1u << (n & 7)) - 1);
    return;
  }
  for (int64_t k = 0; k < nbytes; ++k) {
    unsigned b = src ? src[k] : 0xffu;
    if (k == nbytes - 1 && (n & 7)) b &= (1u << (n & 7)) - 1;
    d[k] |= static_cast<uint8_t>(b << shift);
    d[k + 1] |= static_cast<uint8_t>(b >> (8 - shift));
  }
}

void encode_validity(BlockWriter& w, const std::vector<ColumnPtr>& parts, uint64_t rows) {
  const size_t bytes = validity_bytes(rows);
  if (parts.size() == 1) {
    w.put_buffer(parts[0]->validity(), bytes);
    return;
  }
  BufferPtr bits = Buffer::zeroed(bytes + 1);
  int64_t pos = 0;
  for (const auto& p : parts) {
    append_bits(bits->data(), pos, p->validity(), p->length());
    pos += p->length();
  }
  w.put_buffer(bits->data(), bytes);
}

void encode_fixed(BlockWriter& w, const std::vector<ColumnPtr>& parts, uint64_t rows, size_t width) {
  if (parts.size() == 1) {
    w.put_buffer(parts[0]->values_buffer()->data(), rows * width);
    return;
  }
  BufferPtr values = Buffer::allocate(rows * width);
  size_t pos = 0;
  for (const auto& p : parts) {
    const size_t n = static_cast<size_t>(p->length()) * width;
    if (n) std::memcpy(values->data() + pos, p->values_buffer()->data(), n);
    pos += n;
  }
  w.put_buffer(values->data(), rows * width);
}

/// Views become a length per row plus the bytes end to end (inline strings included), which
/// is what a reader needs and compresses better than views with buffer offsets.
void encode_strings(BlockWriter& w, const std::vector<ColumnPtr>& parts, uint64_t rows) {
  BufferPtr lengths = Buffer::allocate(rows * 4);
  uint32_t* len = lengths->as<uint32_t>();
  uint64_t total = 0;
  size_t row = 0;
  for (const auto& p : parts) {
    const StringView* v = p->values<StringView>();
    const int64_t n = p->length();
    for (int64_t i = 0; i < n; ++i) {
      len[row + static_cast<size_t>(i)] = v[i].size;
      total += v[i].size;
    }
    row += static_cast<size_t>(n);
  }
  w.put_buffer(lengths->data(), rows * 4);

  BufferPtr bytes = Buffer::allocate(total + kStringSlack);
  uint8_t* dst = bytes->data();
  for (const auto& p : parts) {
    const StringView* v = p->values<StringView>();
    const auto& buffers = p->data_buffers();
    const int64_t n = p->length();
    for (int64_t i = 0; i < n; ++i) {
      if (v[i].is_inline()) {
        std::memcpy(dst, v[i].inlined, StringView::kInlineSize);  // fixed size: no call
      } else {
        std::memcpy(dst, buffers[v[i].ref.buffer_index]->data() + v[i].ref.offset, v[i].size);
      }
      dst += v[i].size;
    }
  }
  w.put_buffer(bytes->data(), total);
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// Reads the payload front to back; every read checks the bytes left first.
class BlockReader {
 public:
  explicit BlockReader(std::string_view payload)
      : p_(reinterpret_cast<const uint8_t*>(payload.data())), left_(payload.size()) {}

  template <typename T>
  T get(const char* what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, p_, sizeof(T));
    advance(sizeof(T));
    return v;
  }
  std::string get_string(const char* what) {
    const uint32_t n = get<uint32_t>(what);
    need(n, what);
    std::string s(reinterpret_cast<const char*>(p_), n);
    advance(n);
    return s;
  }

  /// Reads one buffer whose decoded size must be `expected` into memory of `alloc` (>=
  /// expected) bytes; the bytes past `expected` are zeroed.
  BufferPtr get_buffer(uint64_t expected, uint64_t alloc, const std::string& what) {
    need(kBufferHeaderSize, what.c_str());
    const uint8_t codec = p_[0];
    uint64_t raw, stored;
    std::memcpy(&raw, p_ + 1, 8);
    std::memcpy(&stored, p_ + 9, 8);
    advance(kBufferHeaderSize);
    FLOE_USER_CHECK(codec == kCodecRaw || codec == kCodecLz4, IoError,
                    "corrupt block: {} uses unknown codec {}", what, codec);
    FLOE_USER_CHECK(raw == expected, IoError, "corrupt block: {} holds {} bytes, expected {}", what, raw,
                    expected);
    FLOE_USER_CHECK(stored <= left_, IoError, "truncated block: {} needs {} bytes, {} left", what, stored,
                    left_);
    if (codec == kCodecRaw) {
      FLOE_USER_CHECK(stored == raw, IoError, "corrupt block: raw {} stores {} bytes for {}", what, stored, raw);
    } else {
      FLOE_USER_CHECK(raw <= stored * kMaxLz4Ratio + kLz4Slack && stored <= static_cast<uint64_t>(INT_MAX) &&
                          raw <= static_cast<uint64_t>(INT_MAX),
                      IoError, "corrupt block: {} claims {} bytes from {} compressed, out of range", what, raw,
                      stored);
    }
    BufferPtr out = Buffer::allocate(static_cast<size_t>(alloc));
    if (codec == kCodecRaw) {
      if (raw) std::memcpy(out->data(), p_, raw);
    } else {
      const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(p_), reinterpret_cast<char*>(out->data()),
                                        static_cast<int>(stored), static_cast<int>(raw));
      FLOE_USER_CHECK(n >= 0 && static_cast<uint64_t>(n) == raw, IoError,
                      "corrupt block: LZ4 data of {} does not decompress to {} bytes", what, raw);
    }
    if (alloc > raw) std::memset(out->data() + raw, 0, alloc - raw);
    out->set_size(static_cast<size_t>(alloc));
    advance(stored);
    return out;
  }

  size_t left() const { return left_; }

 private:
  void need(size_t n, const char* what) {
    FLOE_USER_CHECK(n <= left_, IoError, "truncated block: {} needs {} bytes, {} left", what, n, left_);
  }
  void advance(size_t n) {
    p_ += n;
    left_ -= n;
  }
  const uint8_t* p_;
  size_t left_;
};

/// Checks the header and checksum; returns the payload.
std::string_view open_block(std::string_view bytes) {
  FLOE_USER_CHECK(bytes.size() >= 4, IoError, "truncated block: {} bytes, the header needs {}", bytes.size(),
                  kHeaderSize);
  FLOE_USER_CHECK(std::memcmp(bytes.data(), kMagic, 4) == 0, IoError,
                  "not a Floe data block: bad magic (expected \"FLBK\")");
  FLOE_USER_CHECK(bytes.size() >= kHeaderSize, IoError, "truncated block: {} bytes, the header needs {}",
                  bytes.size(), kHeaderSize);
  uint16_t version;
  uint64_t payload, checksum;
  std::memcpy(&version, bytes.data() + 4, 2);
  std::memcpy(&payload, bytes.data() + 8, 8);
  std::memcpy(&checksum, bytes.data() + 16, 8);
  FLOE_USER_CHECK(version == kBlockFormatVersion, IoError,
                  "unsupported block format version {} (this build reads version {})", version, kBlockFormatVersion);
  const uint64_t present = bytes.size() - kHeaderSize;
  FLOE_USER_CHECK(payload <= present, IoError, "truncated block: header announces {} payload bytes, {} present",
                  payload, present);
  FLOE_USER_CHECK(payload == present, IoError, "corrupt block: {} bytes after the {} announced payload bytes",
                  present - payload, payload);
  std::string_view body = bytes.substr(kHeaderSize);
  const uint64_t actual = XXH3_64bits(body.data(), body.size());
  FLOE_USER_CHECK(actual == checksum, IoError, "corrupt block: checksum mismatch (stored {:016x}, computed {:016x})",
                  checksum, actual);
  return body;
}

Schema read_schema(BlockReader& r, uint64_t& rows) {
  const uint32_t columns = r.get<uint32_t>("column count");
  rows = r.get<uint64_t>("row count");
  FLOE_USER_CHECK(rows <= kMaxRows, IoError, "corrupt block: row count {} out of range", rows);
  // Each field takes at least 10 bytes: never reserve more fields than the bytes could hold.
  FLOE_USER_CHECK(columns <= r.left() / 10, IoError, "corrupt block: {} columns in {} bytes", columns, r.left());
  std::vector<Field> fields;
  fields.reserve(columns);
  for (uint32_t i = 0; i < columns; ++i) {
    std::string name = r.get_string("column name");
    const uint8_t id = r.get<uint8_t>("data type");
    const uint8_t unit = r.get<uint8_t>("time unit");
    std::string tz = r.get_string("time zone");
    FLOE_USER_CHECK(id <= static_cast<uint8_t>(TypeId::kDecimal), IoError,
                    "corrupt block: column '{}' has unknown data type id {}", name, id);
    FLOE_USER_CHECK(unit <= static_cast<uint8_t>(TimeUnit::kNano), IoError,
                    "corrupt block: column '{}' has unknown time unit {}", name, unit);
    if (id == static_cast<uint8_t>(TypeId::kDecimal)) {
      const uint8_t precision = r.get<uint8_t>("decimal precision");
      const uint8_t scale = r.get<uint8_t>("decimal scale");
      FLOE_USER_CHECK(precision >= 1 && precision <= 38 && scale <= precision, IoError,
                      "corrupt block: column '{}' has decimal precision {} and scale {}", name, precision, scale);
      fields.push_back({std::move(name), DataType::decimal(precision, scale)});
      continue;
    }
    fields.push_back({std::move(name), DataType(static_cast<TypeId>(id), static_cast<TimeUnit>(unit), std::move(tz))});
  }
  return Schema(std::move(fields));
}

/// Rebuilds 16-byte views over one data buffer. Inline strings are read 16 bytes at a time and
/// masked, which `bytes`' slack allows.
ColumnPtr decode_strings(BlockReader& r, const Field& f, uint64_t rows, BufferPtr validity) {
  BufferPtr lengths = r.get_buffer(rows * 4, rows * 4, "lengths of column '" + f.name + "'");
  const uint32_t* len = lengths->as<uint32_t>();
  uint64_t total = 0;
  for (uint64_t i = 0; i < rows; ++i) total += len[i];
  BufferPtr bytes = r.get_buffer(total, total + kStringSlack, "bytes of column '" + f.name + "'");
  bytes->set_size(static_cast<size_t>(total));

  BufferPtr views = Buffer::allocate(rows * sizeof(StringView));
  StringView* out = views->as<StringView>();
  const uint8_t* src = bytes->data();
  std::vector<BufferPtr> data_buffers;
  // A view's offset is 32 bits: columns with more than 4 GiB of strings get several windows
  // onto the same buffer.
  uint64_t base = 0;
  if (total > 0) data_buffers.push_back(bytes);
  uint64_t off = 0;
  for (uint64_t i = 0; i < rows; ++i) {
    const uint32_t n = len[i];
    if (n <= StringView::kInlineSize) {
      uint64_t lo, hi;
      std::memcpy(&lo, src + off, 8);
      std::memcpy(&hi, src + off + 8, 8);
      lo &= n >= 8 ? ~uint64_t{0} : (uint64_t{1} << (n * 8)) - 1;
      hi &= n <= 8 ? 0 : (uint64_t{1} << ((n - 8) * 8)) - 1;
      const uint32_t hi32 = static_cast<uint32_t>(hi);
      std::memcpy(reinterpret_cast<char*>(&out[i]), &n, 4);
      std::memcpy(reinterpret_cast<char*>(&out[i]) + 4, &lo, 8);
      std::memcpy(reinterpret_cast<char*>(&out[i]) + 12, &hi32, 4);
    } else {
      if (off + n - base > UINT32_MAX) [[unlikely]] {
        base = off;
        data_buffers.push_back(Buffer::view(bytes, static_cast<size_t>(base), static_cast<size_t>(total - base)));
      }
      StringView& v = out[i];
      v.size = n;
      std::memcpy(v.ref.prefix, src + off, 4);
      v.ref.buffer_index = static_cast<uint32_t>(data_buffers.size() - 1);
      v.ref.offset = static_cast<uint32_t>(off - base);
    }
    off += n;
  }
  return std::make_shared<Column>(f.type, static_cast<int64_t>(rows), std::move(views), std::move(validity),
                                  std::move(data_buffers));
}

ColumnPtr decode_column(BlockReader& r, const Field& f, uint64_t rows) {
  const uint8_t flags = r.get<uint8_t>("column flags");
  FLOE_USER_CHECK(flags <= kFlagValidity, IoError, "corrupt block: column '{}' has unknown flags {}", f.name, flags);
  BufferPtr validity;
  if (flags & kFlagValidity) {
    const uint64_t bytes = validity_bytes(rows);
    validity = r.get_buffer(bytes, bitmap::bytes_for(static_cast<int64_t>(rows)), "validity of column '" + f.name + "'");
  }
  if (f.type.id == TypeId::kNull) {
    // The stored all-null bitmap is what bounds the row count of a Null column by the block's
    // size; the column is rebuilt, whatever its bits say.
    FLOE_USER_CHECK(validity != nullptr, IoError, "corrupt block: Null column '{}' has no validity", f.name);
    return Column::nulls(f.type, static_cast<int64_t>(rows));
  }
  if (f.type.is_string_like()) return decode_strings(r, f, rows, std::move(validity));
  const uint64_t size = rows * static_cast<uint64_t>(byte_width(f.type.id));
  BufferPtr values = r.get_buffer(size, size, "values of column '" + f.name + "'");
  return std::make_shared<Column>(f.type, static_cast<int64_t>(rows), std::move(values), std::move(validity));
}

}  // namespace

std::string encode_block(const DataFrame& frame) {
  const Schema& schema = frame.schema();
  const uint64_t rows = static_cast<uint64_t>(frame.num_rows());
  size_t expected = kHeaderSize + 12;
  for (const auto& f : schema) {
    // The block layout has no child columns yet: refuse nested ones by name.
    FLOE_USER_CHECK(!f.type.is_nested(), InvalidOperation,
                    "column '{}' of type {} cannot be sent across the cluster: List and Struct columns are not "
                    "supported there yet", f.name, f.type.to_string());
    expected += 12 + f.name.size() + f.type.tz.size() + 1 + 3 * kBufferHeaderSize + validity_bytes(rows) +
                rows * static_cast<size_t>(f.type.is_string_like() ? 8 : byte_width(f.type.id));
  }
  BlockWriter w(expected);
  w.skip_header();
  w.put(static_cast<uint32_t>(schema.size()));
  w.put(rows);
  for (const auto& f : schema) {
    w.put_string(f.name);
    w.put(static_cast<uint8_t>(f.type.id));
    w.put(static_cast<uint8_t>(f.type.unit));
    w.put_string(f.type.tz);
    if (f.type.id == TypeId::kDecimal) {
      w.put(f.type.precision);
      w.put(f.type.scale);
    }
  }
  std::vector<ColumnPtr> parts;
  for (size_t c = 0; c < schema.size(); ++c) {
    const DataType& type = schema[c].type;
    parts.clear();
    bool nulls = false;
    for (const auto& chunk : frame.chunks()) {
      if (chunk.num_rows() == 0) continue;
      const ColumnPtr& col = chunk.column(c);
      FLOE_CHECK(col->type() == type, "column '{}' is {} in a chunk, {} in the schema", schema[c].name,
                 col->type().to_string(), type.to_string());
      nulls |= col->has_nulls();
      parts.push_back(col);
    }
    if (type.id == TypeId::kNull) {
      w.put(kFlagValidity);
      BufferPtr zeros = Buffer::zeroed(validity_bytes(rows));
      w.put_buffer(zeros->data(), validity_bytes(rows));
      continue;
    }
    w.put(static_cast<uint8_t>(nulls ? kFlagValidity : 0));
    if (nulls) encode_validity(w, parts, rows);
    if (type.is_string_like()) {
      encode_strings(w, parts, rows);
    } else {
      encode_fixed(w, parts, rows, static_cast<size_t>(byte_width(type.id)));
    }
  }
  return w.finish();
}

DataFrame decode_block(std::string_view bytes) {
  BlockReader r(open_block(bytes));
  uint64_t rows = 0;
  Schema schema = read_schema(r, rows);
  std::vector<ColumnPtr> columns;
  columns.reserve(schema.size());
  for (const auto& f : schema) columns.push_back(decode_column(r, f, rows));
  FLOE_USER_CHECK(r.left() == 0, IoError, "corrupt block: {} bytes left after the last column", r.left());
  std::vector<Chunk> chunks;
  chunks.emplace_back(std::move(columns), static_cast<int64_t>(rows));
  return DataFrame(std::move(schema), std::move(chunks));
}

Schema decode_block_schema(std::string_view bytes) {
  BlockReader r(open_block(bytes));
  uint64_t rows = 0;
  return read_schema(r, rows);
}

}  // namespace floe::cluster
