// Logical data types of Floe's columns and how each is laid out in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace floe {

enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat32,
  kFloat64,
  kString,
  kBinary,
  kDate,      // int32 days since 1970-01-01
  kDatetime,  // int64 ticks of `unit` since the epoch, optional time zone
  kDuration,  // int64 ticks of `unit`
  kTime,      // int64 nanoseconds since midnight
  kDecimal,   // __int128 unscaled value of `precision` digits, `scale` of them after the point
  kList,      // int64 offsets (Arrow large_list) into one child column of items
  kStruct,    // one child column per field, no values of its own
};

enum class TimeUnit : uint8_t { kMilli, kMicro, kNano };

struct Field;

/// A logical type. Cheap to copy except for the optional time zone name; nested types share
/// their (immutable) children.
struct DataType {
  TypeId id = TypeId::kNull;
  TimeUnit unit = TimeUnit::kMicro;
  std::string tz;  // empty: naive datetime
  uint8_t precision = 0;  // Decimal only: 1..38 digits
  uint8_t scale = 0;      // Decimal only: digits after the point, <= precision
  /// List: exactly one field named "item"; Struct: its fields in order; otherwise null.
  std::shared_ptr<const std::vector<Field>> children;

  DataType() = default;
  DataType(TypeId i) : id(i) {}  // NOLINT: implicit on purpose, `DataType t = TypeId::kInt64`
  DataType(TypeId i, TimeUnit u, std::string zone = {}) : id(i), unit(u), tz(std::move(zone)) {}

  static DataType datetime(TimeUnit u = TimeUnit::kMicro, std::string zone = {}) {
    return DataType(TypeId::kDatetime, u, std::move(zone));
  }
  static DataType duration(TimeUnit u = TimeUnit::kMicro) { return DataType(TypeId::kDuration, u); }
  /// Decimal(precision, scale). Throws InvalidArgument unless 1 <= precision <= 38 and
  /// 0 <= scale <= precision.
  static DataType decimal(int precision, int scale);
  /// List(item).
  static DataType list(DataType item);
  /// Struct(fields). Throws DuplicateError when two fields share a name.
  static DataType struct_(std::vector<Field> fields);

  /// The item type of a List (internal error on other types).
  const DataType& list_item() const;
  /// The fields of a Struct (internal error on other types).
  const std::vector<Field>& struct_fields() const;
  bool is_nested() const { return id == TypeId::kList || id == TypeId::kStruct; }

  /// Equal ids and parameters; nested types compare their children recursively.
  bool operator==(const DataType& o) const;
  bool operator!=(const DataType& o) const { return !(*this == o); }

  bool is_integer() const { return id >= TypeId::kInt8 && id <= TypeId::kUInt64; }
  bool is_signed_integer() const { return id >= TypeId::kInt8 && id <= TypeId::kInt64; }
  bool is_unsigned_integer() const { return id >= TypeId::kUInt8 && id <= TypeId::kUInt64; }
  bool is_float() const { return id == TypeId::kFloat32 || id == TypeId::kFloat64; }
  bool is_numeric() const { return is_integer() || is_float(); }
  bool is_temporal() const {
    return id == TypeId::kDate || id == TypeId::kDatetime || id == TypeId::kDuration ||
           id == TypeId::kTime;
  }
  bool is_decimal() const { return id == TypeId::kDecimal; }
  bool is_string_like() const { return id == TypeId::kString || id == TypeId::kBinary; }

  /// Polars' short name, as printed in a table header: "i64", "str", "datetime[μs, UTC]",
  /// "list[i64]", "struct[2]".
  std::string to_string() const;
  /// Polars' class name, as in a schema repr: "Int64", "String", "Datetime(time_unit='us')",
  /// "List(Int64)", "Struct({'a': Int64, 'b': String})".
  std::string to_polars_repr() const;
};

/// A named, typed member of a schema or of a Struct type.
struct Field {
  std::string name;
  DataType type;
  bool operator==(const Field& o) const { return name == o.name && type == o.type; }
};

inline bool DataType::operator==(const DataType& o) const {
  if (id != o.id) return false;
  if (id == TypeId::kDatetime) return unit == o.unit && tz == o.tz;
  if (id == TypeId::kDuration) return unit == o.unit;
  if (id == TypeId::kDecimal) return precision == o.precision && scale == o.scale;
  if (id == TypeId::kList || id == TypeId::kStruct) {
    if (children == o.children) return true;
    if (!children || !o.children) return false;
    return *children == *o.children;
  }
  return true;
}

/// The integer or float type that stores values of `t`: Date -> Int32, Datetime, Duration and
/// Time -> Int64, Null -> UInt8 (booleans are UInt8-like bytes already); others unchanged.
inline TypeId physical_type(const DataType& t) {
  if (t.id == TypeId::kDate) return TypeId::kInt32;
  if (t.id == TypeId::kDatetime || t.id == TypeId::kDuration || t.id == TypeId::kTime) return TypeId::kInt64;
  if (t.id == TypeId::kNull) return TypeId::kUInt8;
  return t.id;
}

/// Bytes per value of the fixed-width physical representation (16 for string views and
/// decimals, 1 for booleans, 0 for Null and Struct, 8 for a List's offsets).
int byte_width(TypeId id);

/// Bit width of an integer or float type (8..64).
int bit_width(TypeId id);

const char* time_unit_name(TimeUnit u);  // "ms", "us", "ns"
int64_t ticks_per_second(TimeUnit u);

/// Parse a dtype name ("i64", "Int64", "str", "datetime[ms]", "decimal[15,2]", "list[i64]",
/// "List(Int64)", "Struct({'a': Int64})", ...). Throws InvalidArgument.
DataType parse_data_type(const std::string& name);

/// The common supertype two types are promoted to in arithmetic, comparison and concatenation,
/// following Polars (i32 + i64 -> i64, u8 + i8 -> i16, i64 + f32 -> f64). Polars gives i128 for
/// u64 with a signed integer; Floe has no 128-bit integer yet and gives f64. Two decimals give
/// the larger scale and enough integer digits for both (Decimal(15,2), Decimal(10,3) ->
/// Decimal(16,3)); a decimal with an integer Decimal(38, scale), with a float Float64. Throws
/// SchemaMismatch when there is none.
DataType supertype(const DataType& a, const DataType& b);

}  // namespace floe
