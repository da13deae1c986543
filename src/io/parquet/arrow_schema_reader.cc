// A bounds-checked walk over the flatbuffer of an Arrow IPC Schema message (Message -> Schema ->
// fields -> Field name and type), reading only the tables Floe needs.
#include "io/parquet/arrow_schema_reader.h"

#include <cstring>

namespace floe::io::parquet {

namespace {

/// Thrown inside this file only, when the bytes do not form the expected flatbuffer.
struct Malformed {};

std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    const int v = value(c);
    if (v < 0) throw Malformed{};
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

/// A flatbuffer table at `pos` in `buf`: fields are looked up through its vtable.
class Table {
 public:
  Table(std::string_view buf, size_t pos) : buf_(buf), pos_(pos) {
    const int32_t vtable_offset = read<int32_t>(pos);
    const int64_t vtable = static_cast<int64_t>(pos) - vtable_offset;
    if (vtable < 0 || static_cast<size_t>(vtable) + 4 > buf.size()) throw Malformed{};
    vtable_ = static_cast<size_t>(vtable);
    vtable_size_ = read<uint16_t>(vtable_);
  }

  /// Position of field `index`, or 0 when absent.
  size_t field(int index) const {
    const size_t entry = 4 + 2 * static_cast<size_t>(index);
    if (entry + 2 > vtable_size_) return 0;
    const uint16_t offset = read<uint16_t>(vtable_ + entry);
    return offset == 0 ? 0 : pos_ + offset;
  }
  template <typename T>
  T scalar(int index, T fallback) const {
    const size_t at = field(index);
    return at == 0 ? fallback : read<T>(at);
  }
  /// The object an offset field points at (0 when absent).
  size_t target(int index) const {
    const size_t at = field(index);
    if (at == 0) return 0;
    const size_t to = at + read<uint32_t>(at);
    if (to >= buf_.size()) throw Malformed{};
    return to;
  }
  std::optional<std::string> string(int index) const {
    const size_t at = target(index);
    if (at == 0) return std::nullopt;
    const uint32_t length = read<uint32_t>(at);
    if (at + 4 + length > buf_.size()) throw Malformed{};
    return std::string(buf_.substr(at + 4, length));
  }
  /// Tables of a vector-of-tables field.
  std::vector<Table> tables(int index) const {
    std::vector<Table> out;
    const size_t at = target(index);
    if (at == 0) return out;
    const uint32_t count = read<uint32_t>(at);
    if (count > (buf_.size() - at) / 4) throw Malformed{};
    for (uint32_t i = 0; i < count; ++i) {
      const size_t element = at + 4 + 4 * static_cast<size_t>(i);
      out.emplace_back(buf_, element + read<uint32_t>(element));
    }
    return out;
  }

  template <typename T>
  T read(size_t at) const {
    if (at + sizeof(T) > buf_.size()) throw Malformed{};
    T v;
    std::memcpy(&v, buf_.data() + at, sizeof(T));
    return v;
  }

 private:
  std::string_view buf_;
  size_t pos_;
  size_t vtable_ = 0;
  uint16_t vtable_size_ = 0;
};

constexpr uint8_t kMessageHeaderSchema = 1;
constexpr uint8_t kTypeNull = 1;
constexpr uint8_t kTypeTimestamp = 10;
constexpr uint8_t kTypeDuration = 18;

/// Floe's unit for an Arrow TimeUnit (seconds have none).
std::optional<TimeUnit> arrow_unit(int16_t unit) {
  switch (unit) {
    case 1: return TimeUnit::kMilli;
    case 2: return TimeUnit::kMicro;
    case 3: return TimeUnit::kNano;
    default: return std::nullopt;
  }
}

/// One field and its children. `budget` bounds the fields read in all, since a hostile schema
/// can point many children at one table and so describe an exponentially large tree.
ArrowFieldHint read_field(std::string_view fb, const Table& field, int depth, int* budget) {
  if (depth > 64 || --*budget < 0) throw Malformed{};
  ArrowFieldHint hint;
  hint.name = field.string(0).value_or("");
  const uint8_t type = field.scalar<uint8_t>(2, 0);
  const size_t type_at = field.target(3);
  hint.is_null = type == kTypeNull;
  if (type_at != 0 && type == kTypeTimestamp) {
    Table timestamp(fb, type_at);
    auto zone = timestamp.string(1);
    if (zone && !zone->empty()) hint.time_zone = std::move(zone);
  } else if (type_at != 0 && type == kTypeDuration) {
    Table duration(fb, type_at);
    hint.duration_unit = arrow_unit(duration.scalar<int16_t>(0, 1));
  }
  // Field: children 5 (a list's item, a struct's fields).
  for (const Table& child : field.tables(5)) hint.children.push_back(read_field(fb, child, depth + 1, budget));
  return hint;
}

}  // namespace

std::vector<ArrowFieldHint> read_arrow_field_hints(std::string_view value) {
  std::vector<ArrowFieldHint> hints;
  try {
    const std::string bytes = base64_decode(value);
    std::string_view buf(bytes);
    // An IPC message: optional 0xFFFFFFFF continuation marker, a 4-byte length, the flatbuffer.
    size_t start = 0;
    uint32_t word;
    if (buf.size() < 8) return hints;
    std::memcpy(&word, buf.data(), 4);
    start = word == 0xFFFFFFFFu ? 8 : 4;
    std::string_view fb = buf.substr(start);
    if (fb.size() < 4) return hints;
    uint32_t root;
    std::memcpy(&root, fb.data(), 4);
    Table message(fb, root);
    if (message.scalar<uint8_t>(1, 0) != kMessageHeaderSchema) return hints;
    const size_t schema_at = message.target(2);
    if (schema_at == 0) return hints;
    Table schema(fb, schema_at);
    int budget = 1 << 16;
    for (const Table& field : schema.tables(1)) hints.push_back(read_field(fb, field, 0, &budget));
  } catch (const Malformed&) {
    hints.clear();
  }
  return hints;
}

}  // namespace floe::io::parquet
