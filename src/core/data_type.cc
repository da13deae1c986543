// Names, widths and promotion rules of Floe's data types.
#include "core/data_type.h"

#include <algorithm>
#include <charconv>

#include "core/error.h"

namespace floe {

const char* time_unit_name(TimeUnit u) {
  switch (u) {
    case TimeUnit::kMilli: return "ms";
    case TimeUnit::kMicro: return "us";
    case TimeUnit::kNano: return "ns";
  }
  return "us";
}

static const char* time_unit_display(TimeUnit u) {
  switch (u) {
    case TimeUnit::kMilli: return "ms";
    case TimeUnit::kMicro: return "μs";
    case TimeUnit::kNano: return "ns";
  }
  return "μs";
}

int64_t ticks_per_second(TimeUnit u) {
  switch (u) {
    case TimeUnit::kMilli: return 1000;
    case TimeUnit::kMicro: return 1000000;
    case TimeUnit::kNano: return 1000000000;
  }
  return 1000000;
}

int byte_width(TypeId id) {
  switch (id) {
    case TypeId::kNull: return 0;
    case TypeId::kBoolean:
    case TypeId::kInt8:
    case TypeId::kUInt8: return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate: return 4;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kDatetime:
    case TypeId::kDuration:
    case TypeId::kTime: return 8;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kDecimal: return 16;
  }
  return 0;
}

DataType DataType::decimal(int precision, int scale) {
  FLOE_USER_CHECK(precision >= 1 && precision <= 38, InvalidArgument,
                  "decimal precision must be between 1 and 38, got {}", precision);
  FLOE_USER_CHECK(scale >= 0 && scale <= precision, InvalidArgument,
                  "decimal scale must be between 0 and the precision ({}), got {}", precision, scale);
  DataType t(TypeId::kDecimal);
  t.precision = static_cast<uint8_t>(precision);
  t.scale = static_cast<uint8_t>(scale);
  return t;
}

int bit_width(TypeId id) { return byte_width(id) * 8; }

std::string DataType::to_string() const {
  switch (id) {
    case TypeId::kNull: return "null";
    case TypeId::kBoolean: return "bool";
    case TypeId::kInt8: return "i8";
    case TypeId::kInt16: return "i16";
    case TypeId::kInt32: return "i32";
    case TypeId::kInt64: return "i64";
    case TypeId::kUInt8: return "u8";
    case TypeId::kUInt16: return "u16";
    case TypeId::kUInt32: return "u32";
    case TypeId::kUInt64: return "u64";
    case TypeId::kFloat32: return "f32";
    case TypeId::kFloat64: return "f64";
    case TypeId::kString: return "str";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate: return "date";
    case TypeId::kDatetime:
      if (tz.empty()) return fmt::format("datetime[{}]", time_unit_display(unit));
      return fmt::format("datetime[{}, {}]", time_unit_display(unit), tz);
    case TypeId::kDuration: return fmt::format("duration[{}]", time_unit_display(unit));
    case TypeId::kTime: return "time";
    case TypeId::kDecimal: return fmt::format("decimal[{},{}]", precision, scale);
  }
  return "?";
}

std::string DataType::to_polars_repr() const {
  switch (id) {
    case TypeId::kNull: return "Null";
    case TypeId::kBoolean: return "Boolean";
    case TypeId::kInt8: return "Int8";
    case TypeId::kInt16: return "Int16";
    case TypeId::kInt32: return "Int32";
    case TypeId::kInt64: return "Int64";
    case TypeId::kUInt8: return "UInt8";
    case TypeId::kUInt16: return "UInt16";
    case TypeId::kUInt32: return "UInt32";
    case TypeId::kUInt64: return "UInt64";
    case TypeId::kFloat32: return "Float32";
    case TypeId::kFloat64: return "Float64";
    case TypeId::kString: return "String";
    case TypeId::kBinary: return "Binary";
    case TypeId::kDate: return "Date";
    case TypeId::kDatetime:
      if (tz.empty()) return fmt::format("Datetime(time_unit='{}', time_zone=None)", time_unit_name(unit));
      return fmt::format("Datetime(time_unit='{}', time_zone='{}')", time_unit_name(unit), tz);
    case TypeId::kDuration: return fmt::format("Duration(time_unit='{}')", time_unit_name(unit));
    case TypeId::kTime: return "Time";
    case TypeId::kDecimal: return fmt::format("Decimal(precision={}, scale={})", precision, scale);
  }
  return "?";
}

DataType parse_data_type(const std::string& raw) {
  std::string name = raw;
  auto unit_of = [&](const std::string& u) {
    if (u == "ms") return TimeUnit::kMilli;
    if (u == "us" || u == "μs") return TimeUnit::kMicro;
    if (u == "ns") return TimeUnit::kNano;
    throw InvalidArgument(fmt::format("unknown time unit '{}' in dtype '{}'; expected ms, us or ns", u, raw));
  };
  struct Named { const char* a; const char* b; TypeId id; };
  static const Named kNames[] = {
      {"null", "Null", TypeId::kNull},       {"bool", "Boolean", TypeId::kBoolean},
      {"i8", "Int8", TypeId::kInt8},         {"i16", "Int16", TypeId::kInt16},
      {"i32", "Int32", TypeId::kInt32},      {"i64", "Int64", TypeId::kInt64},
      {"u8", "UInt8", TypeId::kUInt8},       {"u16", "UInt16", TypeId::kUInt16},
      {"u32", "UInt32", TypeId::kUInt32},    {"u64", "UInt64", TypeId::kUInt64},
      {"f32", "Float32", TypeId::kFloat32},  {"f64", "Float64", TypeId::kFloat64},
      {"str", "String", TypeId::kString},    {"binary", "Binary", TypeId::kBinary},
      {"date", "Date", TypeId::kDate},       {"time", "Time", TypeId::kTime},
      {"datetime", "Datetime", TypeId::kDatetime}, {"duration", "Duration", TypeId::kDuration},
  };
  for (const auto& n : kNames) {
    if (name == n.a || name == n.b) return DataType(n.id);
  }
  // datetime[ms], datetime[us, UTC], duration[ns]
  auto open = name.find('[');
  if (open != std::string::npos && name.back() == ']') {
    std::string head = name.substr(0, open);
    std::string inner = name.substr(open + 1, name.size() - open - 2);
    std::string tz;
    auto comma = inner.find(',');
    if (comma != std::string::npos) {
      tz = inner.substr(comma + 1);
      tz.erase(0, tz.find_first_not_of(' '));
      inner = inner.substr(0, comma);
    }
    if (head == "datetime" || head == "Datetime") return DataType::datetime(unit_of(inner), tz);
    if ((head == "duration" || head == "Duration") && tz.empty()) return DataType::duration(unit_of(inner));
    if ((head == "decimal" || head == "Decimal") && !tz.empty()) {
      int p = 0, s = 0;
      auto rp = std::from_chars(inner.data(), inner.data() + inner.size(), p);
      auto rs = std::from_chars(tz.data(), tz.data() + tz.size(), s);
      if (rp.ec == std::errc() && rp.ptr == inner.data() + inner.size() && rs.ec == std::errc() &&
          rs.ptr == tz.data() + tz.size()) {
        return DataType::decimal(p, s);
      }
    }
  }
  throw InvalidArgument(fmt::format("unknown dtype '{}'", raw));
}

namespace {

TypeId signed_of_bits(int bits) {
  switch (bits) {
    case 8: return TypeId::kInt8;
    case 16: return TypeId::kInt16;
    case 32: return TypeId::kInt32;
    default: return TypeId::kInt64;
  }
}

}  // namespace

DataType supertype(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id == TypeId::kNull) return b;
  if (b.id == TypeId::kNull) return a;
  auto fail = [&]() -> DataType {
    throw SchemaMismatch(fmt::format("failed to determine supertype of {} and {}", a.to_string(), b.to_string()));
  };
  if (a.id == TypeId::kDecimal || b.id == TypeId::kDecimal) {
    if (a.id == TypeId::kDecimal && b.id == TypeId::kDecimal) {
      int scale = std::max(a.scale, b.scale);
      int digits = std::max(a.precision - a.scale, b.precision - b.scale);
      return DataType::decimal(std::min(38, digits + scale), scale);
    }
    const DataType& d = a.id == TypeId::kDecimal ? a : b;
    const DataType& other = a.id == TypeId::kDecimal ? b : a;
    if (other.is_integer() || other.id == TypeId::kBoolean) return DataType::decimal(38, d.scale);
    if (other.is_float()) return TypeId::kFloat64;
    if (other.id == TypeId::kString) return TypeId::kString;
    return fail();
  }
  if (a.is_numeric() && b.is_numeric()) {
    if (a.is_float() || b.is_float()) {
      if (a.id == TypeId::kFloat64 || b.id == TypeId::kFloat64) return TypeId::kFloat64;
      // f32 with an integer: small integers fit, wide ones need f64 (Polars' rule).
      const DataType& other = a.is_float() ? b : a;
      if (other.is_float() || bit_width(other.id) <= 16) return TypeId::kFloat32;
      return TypeId::kFloat64;
    }
    int wa = bit_width(a.id), wb = bit_width(b.id);
    if (a.is_signed_integer() == b.is_signed_integer()) return wa >= wb ? a : b;
    const DataType& s = a.is_signed_integer() ? a : b;
    const DataType& u = a.is_signed_integer() ? b : a;
    int ws = bit_width(s.id), wu = bit_width(u.id);
    if (wu < ws) return s;
    if (wu >= 64) return TypeId::kFloat64;
    return signed_of_bits(std::max(ws, wu * 2));
  }
  if (a.id == TypeId::kBoolean && b.is_numeric()) return b;
  if (b.id == TypeId::kBoolean && a.is_numeric()) return a;
  if (a.id == TypeId::kDatetime && b.id == TypeId::kDatetime) {
    if (a.tz != b.tz) fail();
    return DataType::datetime(std::max(a.unit, b.unit), a.tz);
  }
  if (a.id == TypeId::kDuration && b.id == TypeId::kDuration) return DataType::duration(std::max(a.unit, b.unit));
  if (a.id == TypeId::kDate && b.id == TypeId::kDatetime) return b;
  if (b.id == TypeId::kDate && a.id == TypeId::kDatetime) return a;
  if (a.id == TypeId::kString || b.id == TypeId::kString) {
    // Polars concatenates strings with anything printable as a string.
    if (a.id == TypeId::kBinary || b.id == TypeId::kBinary) fail();
    return TypeId::kString;
  }
  return fail();
}

}  // namespace floe
