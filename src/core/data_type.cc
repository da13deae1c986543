// Names, widths and promotion rules of Floe's data types.
#include "core/data_type.h"

#include <algorithm>
#include <charconv>
#include <optional>

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
    case TypeId::kList: return 8;  // its int64 offsets
    case TypeId::kStruct: return 0;
  }
  return 0;
}

DataType DataType::list(DataType item) {
  DataType t(TypeId::kList);
  t.children = std::make_shared<const std::vector<Field>>(std::vector<Field>{Field{"item", std::move(item)}});
  return t;
}

DataType DataType::struct_(std::vector<Field> fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      FLOE_USER_CHECK(fields[i].name != fields[j].name, DuplicateError,
                      "struct field names must be unique; '{}' appears twice", fields[i].name);
    }
  }
  DataType t(TypeId::kStruct);
  t.children = std::make_shared<const std::vector<Field>>(std::move(fields));
  return t;
}

const DataType& DataType::list_item() const {
  FLOE_CHECK(id == TypeId::kList && children && children->size() == 1, "list_item() of {}", to_string());
  return (*children)[0].type;
}

const std::vector<Field>& DataType::struct_fields() const {
  FLOE_CHECK(id == TypeId::kStruct && children, "struct_fields() of {}", to_string());
  return *children;
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
    case TypeId::kList: return fmt::format("list[{}]", children ? list_item().to_string() : "null");
    case TypeId::kStruct: return fmt::format("struct[{}]", children ? children->size() : 0);
  }
  return "?";
}

namespace {

/// A string as Python's repr() writes it (Polars' Struct repr is a Python dict's): single
/// quotes unless the text holds one and no double quote; backslashes and the quote escaped.
std::string python_repr(const std::string& s) {
  const char quote = s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == quote || c == '\\') out += '\\';
    out += c;
  }
  return out + quote;
}

}  // namespace

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
    case TypeId::kList: return fmt::format("List({})", children ? list_item().to_polars_repr() : "Null");
    case TypeId::kStruct: {
      std::string s = "Struct({";
      if (children) {
        for (size_t i = 0; i < children->size(); ++i) {
          if (i) s += ", ";
          s += fmt::format("{}: {}", python_repr((*children)[i].name), (*children)[i].type.to_polars_repr());
        }
      }
      return s + "})";
    }
  }
  return "?";
}

namespace {

/// Splits `s` at the commas that are not inside brackets, parentheses or quotes.
std::vector<std::string> split_top_level(const std::string& s) {
  std::vector<std::string> parts;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == '\\') ++i;  // an escaped character, possibly the quote
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  for (auto& p : parts) {
    p.erase(0, p.find_first_not_of(' '));
    p.erase(p.find_last_not_of(' ') + 1);
  }
  return parts;
}

/// The text of a quoted Python string literal, its backslash escapes undone; other text as is.
std::string unquote(const std::string& s) {
  if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front()) return s;
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

/// The position of the quote that closes the literal opening at s[0], skipping escapes.
size_t closing_quote(const std::string& s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == s[0]) return i;
  }
  return std::string::npos;
}

/// Nested types deeper than this are refused rather than recursed into (a hostile dtype string
/// must not exhaust the stack).
constexpr int kMaxTypeDepth = 64;

DataType parse_flat_data_type(const std::string& raw);
DataType parse_at_depth(const std::string& raw, int depth);

/// The nested and parameterised reprs: list[...], List(...), Struct({'a': T, ...}),
/// Datetime(time_unit='us', time_zone=None), Duration(time_unit='ms'), Decimal(precision=p, scale=s).
std::optional<DataType> parse_nested_data_type(const std::string& raw, int depth) {
  auto open = raw.find_first_of("([");
  if (open == std::string::npos) return std::nullopt;
  char close = raw[open] == '(' ? ')' : ']';
  if (raw.back() != close) return std::nullopt;
  std::string head = raw.substr(0, open);
  std::string inner = raw.substr(open + 1, raw.size() - open - 2);
  if ((head == "list" || head == "List" || head == "Struct") && depth >= kMaxTypeDepth) {
    throw InvalidArgument(fmt::format("dtype '{}' nests more than {} levels deep", raw.substr(0, 80), kMaxTypeDepth));
  }
  if (head == "list" || head == "List") return DataType::list(parse_at_depth(inner, depth + 1));
  if (head == "struct" && close == ']') {
    throw InvalidArgument(fmt::format("cannot parse dtype '{}': a struct's header name does not list its fields; "
                                      "use Struct({{'name': Type, ...}})", raw));
  }
  if (head == "Struct" && close == ')') {
    FLOE_USER_CHECK(inner.size() >= 2 && inner.front() == '{' && inner.back() == '}', InvalidArgument,
                    "cannot parse dtype '{}': expected Struct({{'name': Type, ...}})", raw);
    std::string body = inner.substr(1, inner.size() - 2);
    std::vector<Field> fields;
    if (body.find_first_not_of(' ') != std::string::npos) {
      for (const auto& part : split_top_level(body)) {
        // The name is quoted and may hold ':' itself; the type follows the closing quote.
        size_t colon = std::string::npos;
        if (!part.empty() && (part[0] == '\'' || part[0] == '"')) {
          size_t end_quote = closing_quote(part);
          if (end_quote != std::string::npos) colon = part.find(':', end_quote);
        }
        FLOE_USER_CHECK(colon != std::string::npos, InvalidArgument,
                        "cannot parse struct field '{}' in dtype '{}'; expected 'name': Type", part, raw);
        std::string name = part.substr(0, colon);
        name.erase(name.find_last_not_of(' ') + 1);
        std::string type = part.substr(colon + 1);
        type.erase(0, type.find_first_not_of(' '));
        fields.push_back(Field{unquote(name), parse_at_depth(type, depth + 1)});
      }
    }
    return DataType::struct_(std::move(fields));
  }
  if (close == ')' && (head == "Datetime" || head == "Duration" || head == "Decimal")) {
    // Keyword or positional arguments, in the order Polars' constructors take them.
    static const char* kDatetimeArgs[] = {"time_unit", "time_zone"};
    static const char* kDecimalArgs[] = {"precision", "scale"};
    const char* const* names = head == "Decimal" ? kDecimalArgs : kDatetimeArgs;
    std::string unit = "us", zone, precision = "38", scale = "0";
    size_t position = 0;
    for (const auto& part : split_top_level(inner)) {
      if (part.empty()) continue;
      auto eq = part.find('=');
      std::string key = eq == std::string::npos ? (position < 2 ? names[position] : "") : part.substr(0, eq);
      std::string value = unquote(eq == std::string::npos ? part : part.substr(eq + 1));
      ++position;
      if (key == "time_unit" && head != "Decimal") unit = value;
      else if (key == "time_zone" && head == "Datetime") zone = value == "None" ? "" : value;
      else if (key == "precision" && head == "Decimal") precision = value == "None" ? "38" : value;
      else if (key == "scale" && head == "Decimal") scale = value;
      else throw InvalidArgument(fmt::format("unknown dtype '{}'", raw));
    }
    if (head == "Datetime") return parse_flat_data_type(zone.empty() ? "datetime[" + unit + "]" : "datetime[" + unit + ", " + zone + "]");
    if (head == "Duration") return parse_flat_data_type("duration[" + unit + "]");
    return parse_flat_data_type("decimal[" + precision + "," + scale + "]");
  }
  return std::nullopt;
}

DataType parse_at_depth(const std::string& raw, int depth) {
  if (auto nested = parse_nested_data_type(raw, depth)) return *nested;
  return parse_flat_data_type(raw);
}

}  // namespace

DataType parse_data_type(const std::string& raw) { return parse_at_depth(raw, 0); }

namespace {

DataType parse_flat_data_type(const std::string& raw) {
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
  if (a.is_nested() || b.is_nested()) {
    // Polars promotes nested types member by member: list[i32] + list[f64] -> list[f64].
    if (a.id == TypeId::kList && b.id == TypeId::kList) return DataType::list(supertype(a.list_item(), b.list_item()));
    if (a.id == TypeId::kStruct && b.id == TypeId::kStruct && a.struct_fields().size() == b.struct_fields().size()) {
      std::vector<Field> fields;
      for (size_t i = 0; i < a.struct_fields().size(); ++i) {
        const Field& fa = a.struct_fields()[i];
        const Field& fb = b.struct_fields()[i];
        if (fa.name != fb.name) return fail();
        fields.push_back(Field{fa.name, supertype(fa.type, fb.type)});
      }
      return DataType::struct_(std::move(fields));
    }
    return fail();
  }
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
