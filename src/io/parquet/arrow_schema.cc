// A minimal flatbuffer writer for Arrow's Schema message (Message.fbs, Schema.fbs).
//
// Tables are laid out front to back: each table's vtable sits just before it and every child
// (string, vector, table) after it, so all unsigned offsets point forward as the format requires.
#include "io/parquet/arrow_schema.h"

#include <cstring>
#include <memory>
#include <variant>
#include <vector>

namespace floe::io::parquet {

namespace {

struct Table;
using TablePtr = std::shared_ptr<Table>;

/// A field value: fixed-size scalars inline, strings, tables and vectors of tables by offset.
struct Scalar {
  uint64_t bits;
  int size;  // 1, 2, 4 or 8 bytes
};
using Value = std::variant<Scalar, std::string, TablePtr, std::vector<TablePtr>>;

struct Table {
  std::vector<std::pair<int, Value>> fields;  // (field id, value)

  Table& u8(int id, uint8_t v) { return add(id, Scalar{v, 1}); }
  Table& i16(int id, int16_t v) { return add(id, Scalar{static_cast<uint16_t>(v), 2}); }
  Table& i32(int id, int32_t v) { return add(id, Scalar{static_cast<uint32_t>(v), 4}); }
  Table& i64(int id, int64_t v) { return add(id, Scalar{static_cast<uint64_t>(v), 8}); }
  Table& add(int id, Value v) {
    fields.emplace_back(id, std::move(v));
    return *this;
  }
};

TablePtr table() { return std::make_shared<Table>(); }

class Builder {
 public:
  std::string finish(const Table& root) {
    put<uint32_t>(0);
    const size_t pos = write_table(root);
    patch(0, static_cast<uint32_t>(pos));
    return std::move(buf_);
  }

 private:
  template <typename T>
  void put(T v) {
    buf_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  void align(size_t n) {
    while (buf_.size() % n) buf_.push_back('\0');
  }
  void patch(size_t at, uint32_t v) { std::memcpy(buf_.data() + at, &v, 4); }

  size_t write_string(const std::string& s) {
    align(4);
    const size_t pos = buf_.size();
    put<uint32_t>(static_cast<uint32_t>(s.size()));
    buf_.append(s);
    buf_.push_back('\0');
    return pos;
  }

  size_t write_vector(const std::vector<TablePtr>& tables) {
    align(4);
    const size_t pos = buf_.size();
    put<uint32_t>(static_cast<uint32_t>(tables.size()));
    const size_t slots = buf_.size();
    for (size_t i = 0; i < tables.size(); ++i) put<uint32_t>(0);
    for (size_t i = 0; i < tables.size(); ++i) {
      const size_t child = write_table(*tables[i]);
      patch(slots + 4 * i, static_cast<uint32_t>(child - (slots + 4 * i)));
    }
    return pos;
  }

  size_t write_table(const Table& t) {
    int num_slots = 0;
    for (const auto& [id, v] : t.fields) num_slots = std::max(num_slots, id + 1);
    align(2);
    const size_t vtable = buf_.size();
    buf_.append(static_cast<size_t>(4 + 2 * num_slots), '\0');
    align(8);
    const size_t start = buf_.size();
    put<int32_t>(static_cast<int32_t>(start - vtable));
    std::vector<uint16_t> slot(static_cast<size_t>(num_slots), 0);
    std::vector<std::pair<size_t, const Value*>> deferred;  // offset fields to fill in
    for (const auto& [id, v] : t.fields) {
      if (const auto* s = std::get_if<Scalar>(&v)) {
        align(static_cast<size_t>(s->size));
        slot[static_cast<size_t>(id)] = static_cast<uint16_t>(buf_.size() - start);
        buf_.append(reinterpret_cast<const char*>(&s->bits), static_cast<size_t>(s->size));  // little-endian
      } else {
        align(4);
        slot[static_cast<size_t>(id)] = static_cast<uint16_t>(buf_.size() - start);
        deferred.emplace_back(buf_.size(), &v);
        put<uint32_t>(0);
      }
    }
    const auto inline_size = static_cast<uint16_t>(buf_.size() - start);
    const auto vtable_size = static_cast<uint16_t>(4 + 2 * num_slots);
    std::memcpy(buf_.data() + vtable, &vtable_size, 2);
    std::memcpy(buf_.data() + vtable + 2, &inline_size, 2);
    if (!slot.empty()) std::memcpy(buf_.data() + vtable + 4, slot.data(), 2 * slot.size());  // a table without fields has no slots
    for (const auto& [at, v] : deferred) {
      size_t child = 0;
      if (const auto* s = std::get_if<std::string>(v)) child = write_string(*s);
      if (const auto* tp = std::get_if<TablePtr>(v)) child = write_table(**tp);
      if (const auto* vec = std::get_if<std::vector<TablePtr>>(v)) child = write_vector(*vec);
      patch(at, static_cast<uint32_t>(child - at));
    }
    return start;
  }

  std::string buf_;
};

// Type union tags of Schema.fbs.
enum TypeTag : uint8_t {
  kNullType = 1,
  kInt = 2,
  kFloatingPoint = 3,
  kBool = 6,
  kDecimal = 7,
  kDate = 8,
  kTime = 9,
  kTimestamp = 10,
  kDuration = 18,
  kStruct = 13,
  kLargeBinary = 19,
  kLargeUtf8 = 20,
  kLargeList = 21,
};

int16_t arrow_time_unit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMilli: return 1;
    case TimeUnit::kMicro: return 2;
    case TimeUnit::kNano: return 3;
  }
  return 2;
}

/// The (type tag, type table) of a Floe type.
std::pair<uint8_t, TablePtr> arrow_type(const DataType& t) {
  auto tbl = table();
  auto int_type = [&](int bits, bool is_signed) {
    tbl->i32(0, bits).u8(1, is_signed ? 1 : 0);
    return std::pair<uint8_t, TablePtr>{kInt, tbl};
  };
  switch (t.id) {
    case TypeId::kNull: return {kNullType, tbl};
    case TypeId::kBoolean: return {kBool, tbl};
    case TypeId::kInt8: return int_type(8, true);
    case TypeId::kInt16: return int_type(16, true);
    case TypeId::kInt32: return int_type(32, true);
    case TypeId::kInt64: return int_type(64, true);
    case TypeId::kUInt8: return int_type(8, false);
    case TypeId::kUInt16: return int_type(16, false);
    case TypeId::kUInt32: return int_type(32, false);
    case TypeId::kUInt64: return int_type(64, false);
    case TypeId::kFloat32: tbl->i16(0, 1); return {kFloatingPoint, tbl};
    case TypeId::kFloat64: tbl->i16(0, 2); return {kFloatingPoint, tbl};
    case TypeId::kString: return {kLargeUtf8, tbl};
    case TypeId::kBinary: return {kLargeBinary, tbl};
    case TypeId::kDate: tbl->i16(0, 0); return {kDate, tbl};  // DAY
    case TypeId::kTime: tbl->i16(0, 3).i32(1, 64); return {kTime, tbl};
    case TypeId::kDatetime:
      tbl->i16(0, arrow_time_unit(t.unit));
      if (!t.tz.empty()) tbl->add(1, t.tz);
      return {kTimestamp, tbl};
    case TypeId::kDuration: tbl->i16(0, arrow_time_unit(t.unit)); return {kDuration, tbl};
    // Decimal: precision 0, scale 1, bitWidth 2.
    case TypeId::kDecimal: tbl->i32(0, t.precision).i32(1, t.scale).i32(2, 128); return {kDecimal, tbl};
    // Lists as Polars writes them (large_list); the children come with the field.
    case TypeId::kList: return {kLargeList, tbl};
    case TypeId::kStruct: return {kStruct, tbl};
  }
  return {kNullType, tbl};
}

TablePtr arrow_field(const Field& f) {
  auto [tag, type] = arrow_type(f.type);
  std::vector<TablePtr> children;
  if (f.type.id == TypeId::kList) children.push_back(arrow_field(Field{"item", f.type.list_item()}));
  if (f.type.id == TypeId::kStruct) {
    for (const Field& child : f.type.struct_fields()) children.push_back(arrow_field(child));
  }
  auto field = table();
  // Field: name 0, nullable 1, type_type 2, type 3, dictionary 4, children 5.
  field->add(0, f.name).u8(1, 1).u8(2, tag).add(3, type).add(5, std::move(children));
  return field;
}

}  // namespace

std::string arrow_schema_metadata(const Schema& schema) {
  std::vector<TablePtr> fields;
  for (const Field& f : schema) fields.push_back(arrow_field(f));
  auto arrow_schema = table();
  arrow_schema->i16(0, 0).add(1, std::move(fields));  // little-endian
  Table message;  // version 0 (V5 = 4), header_type 1 (Schema = 1), header 2, bodyLength 3
  message.i16(0, 4).u8(1, 1).add(2, arrow_schema).i64(3, 0);
  std::string flatbuffer = Builder().finish(message);
  while (flatbuffer.size() % 8) flatbuffer.push_back('\0');
  std::string ipc;
  const uint32_t continuation = 0xffffffff;
  const auto length = static_cast<int32_t>(flatbuffer.size());
  ipc.append(reinterpret_cast<const char*>(&continuation), 4);
  ipc.append(reinterpret_cast<const char*>(&length), 4);
  ipc += flatbuffer;
  return base64_encode(ipc);
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace floe::io::parquet
