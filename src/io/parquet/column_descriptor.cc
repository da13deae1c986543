// Maps the Parquet schema tree onto Floe types (following what Polars gives for the same file)
// and decodes column-chunk statistics into scalars.
#include "io/parquet/column_descriptor.h"

#include <cmath>
#include <cstring>

#include "core/error.h"
#include "io/parquet/arrow_schema_reader.h"
#include "io/parquet/nested_schema.h"

namespace floe::io::parquet {

namespace {

using Kind = LogicalType::Kind;

TimeUnit time_unit(LogicalType::Unit unit) {
  switch (unit) {
    case LogicalType::Unit::kMillis: return TimeUnit::kMilli;
    case LogicalType::Unit::kMicros: return TimeUnit::kMicro;
    case LogicalType::Unit::kNanos: return TimeUnit::kNano;
  }
  return TimeUnit::kMicro;
}

/// A logical type from the legacy converted type, for files written before LogicalType.
std::optional<LogicalType> from_converted(const SchemaElement& e) {
  if (!e.converted_type) return std::nullopt;
  LogicalType t;
  auto integer = [&](int bits, bool is_signed) {
    t.kind = Kind::kInteger;
    t.bit_width = static_cast<int8_t>(bits);
    t.is_signed = is_signed;
  };
  switch (*e.converted_type) {
    case ConvertedType::kUtf8: t.kind = Kind::kString; break;
    case ConvertedType::kEnum: t.kind = Kind::kEnum; break;
    case ConvertedType::kJson: t.kind = Kind::kJson; break;
    case ConvertedType::kBson: t.kind = Kind::kBson; break;
    case ConvertedType::kDate: t.kind = Kind::kDate; break;
    case ConvertedType::kDecimal:
      t.kind = Kind::kDecimal;
      t.decimal_scale = e.scale.value_or(0);
      t.decimal_precision = e.precision.value_or(0);
      break;
    case ConvertedType::kTimeMillis: t.kind = Kind::kTime; t.unit = LogicalType::Unit::kMillis; break;
    case ConvertedType::kTimeMicros: t.kind = Kind::kTime; t.unit = LogicalType::Unit::kMicros; break;
    // The legacy timestamp annotations mean instants (adjusted to UTC).
    case ConvertedType::kTimestampMillis:
      t.kind = Kind::kTimestamp; t.unit = LogicalType::Unit::kMillis; t.adjusted_to_utc = true; break;
    case ConvertedType::kTimestampMicros:
      t.kind = Kind::kTimestamp; t.unit = LogicalType::Unit::kMicros; t.adjusted_to_utc = true; break;
    case ConvertedType::kUint8: integer(8, false); break;
    case ConvertedType::kUint16: integer(16, false); break;
    case ConvertedType::kUint32: integer(32, false); break;
    case ConvertedType::kUint64: integer(64, false); break;
    case ConvertedType::kInt8: integer(8, true); break;
    case ConvertedType::kInt16: integer(16, true); break;
    case ConvertedType::kInt32: integer(32, true); break;
    case ConvertedType::kInt64: integer(64, true); break;
    default: return std::nullopt;
  }
  return t;
}

TypeId integer_type(int bits, bool is_signed) {
  switch (bits) {
    case 8: return is_signed ? TypeId::kInt8 : TypeId::kUInt8;
    case 16: return is_signed ? TypeId::kInt16 : TypeId::kUInt16;
    case 32: return is_signed ? TypeId::kInt32 : TypeId::kUInt32;
    default: return is_signed ? TypeId::kInt64 : TypeId::kUInt64;
  }
}

}  // namespace

void map_leaf(const SchemaElement& e, ColumnDescriptor& d) {
  FLOE_USER_CHECK(e.type.has_value(), ComputeError, "corrupt Parquet schema: leaf column '{}' has no physical type",
                  e.name);
  d.physical = *e.type;
  d.type_length = e.type_length.value_or(0);
  std::optional<LogicalType> logical = e.logical_type;
  if (!logical || logical->kind == Kind::kNone || logical->kind == Kind::kOther) logical = from_converted(e);
  const Kind kind = logical ? logical->kind : Kind::kNone;
  // The Unknown (null) logical type alone gives the physical type, as Polars reads it; the
  // Arrow schema, when present, turns the column into Null (apply_arrow_hints).
  if (kind == Kind::kDecimal) {
    const int precision = logical->decimal_precision, scale = logical->decimal_scale;
    // Decimal(p, s) as Polars reads it; precisions past 128 bits stay approximate Float64.
    const bool fits = precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision;
    d.type = fits ? DataType::decimal(precision, scale) : DataType(TypeId::kFloat64);
    d.conversion = Conversion::kDecimal;
    d.scale = scale;
    return;
  }
  switch (d.physical) {
    case PhysicalType::kBoolean: d.type = TypeId::kBoolean; return;
    case PhysicalType::kInt32:
      if (kind == Kind::kInteger) {
        d.type = integer_type(logical->bit_width, logical->is_signed);
        if (logical->bit_width < 32) d.conversion = Conversion::kNarrowInt;
      } else if (kind == Kind::kDate) {
        d.type = TypeId::kDate;
      } else if (kind == Kind::kTime) {
        d.type = TypeId::kTime;
        d.conversion = Conversion::kTimeMillis;
      } else {
        d.type = TypeId::kInt32;
      }
      return;
    case PhysicalType::kInt64:
      if (kind == Kind::kInteger) {
        d.type = integer_type(64, logical->is_signed);
      } else if (kind == Kind::kTimestamp) {
        d.type = DataType::datetime(time_unit(logical->unit), logical->adjusted_to_utc ? "UTC" : "");
      } else if (kind == Kind::kTime) {
        d.type = TypeId::kTime;
        if (logical->unit == LogicalType::Unit::kMicros) d.conversion = Conversion::kTimeMicros;
      } else {
        d.type = TypeId::kInt64;
      }
      return;
    case PhysicalType::kInt96:
      d.type = DataType::datetime(TimeUnit::kNano);
      d.conversion = Conversion::kInt96;
      return;
    case PhysicalType::kFloat: d.type = TypeId::kFloat32; return;
    case PhysicalType::kDouble: d.type = TypeId::kFloat64; return;
    case PhysicalType::kByteArray:
      d.type = kind == Kind::kString || kind == Kind::kEnum || kind == Kind::kJson ? TypeId::kString : TypeId::kBinary;
      return;
    case PhysicalType::kFixedLenByteArray:
      FLOE_USER_CHECK(d.type_length > 0 && d.type_length <= (1 << 20), ComputeError,
                      "corrupt Parquet schema: FIXED_LEN_BYTE_ARRAY column '{}' of length {}", e.name, d.type_length);
      if (kind == Kind::kFloat16) {
        FLOE_USER_CHECK(d.type_length == 2, ComputeError, "corrupt Parquet schema: float16 column '{}' of {} bytes",
                        e.name, d.type_length);
        d.type = TypeId::kFloat32;
        d.conversion = Conversion::kFloat16;
      } else {
        d.type = TypeId::kBinary;
      }
      return;
  }
  throw ComputeError(fmt::format("Parquet column '{}' has an unknown physical type {}", e.name,
                                 static_cast<int>(d.physical)));
}

namespace {

/// Leaves under the group at `schema[*pos]`, advancing `*pos` past the whole subtree.
int count_leaves(const std::vector<SchemaElement>& schema, size_t* pos, int depth) {
  FLOE_USER_CHECK(*pos < schema.size() && depth < 64, ComputeError,
                  "corrupt Parquet schema: the tree of {} elements ends early or nests too deep", schema.size());
  const SchemaElement& e = schema[(*pos)++];
  const int children = e.num_children.value_or(0);
  if (children <= 0) return 1;
  int leaves = 0;
  for (int i = 0; i < children; ++i) leaves += count_leaves(schema, pos, depth + 1);
  return leaves;
}

const char* nested_kind(const SchemaElement& e) {
  const bool repeated = e.repetition == Repetition::kRepeated;
  const Kind kind = e.logical_type ? e.logical_type->kind : Kind::kNone;
  if (kind == Kind::kList || e.converted_type == ConvertedType::kList || repeated) return "list";
  if (kind == Kind::kMap || e.converted_type == ConvertedType::kMap ||
      e.converted_type == ConvertedType::kMapKeyValue) {
    return "map";
  }
  return "struct";
}

int64_t read_le(const std::string& bytes, size_t width) {
  int64_t v = 0;
  std::memcpy(&v, bytes.data(), std::min(width, bytes.size()));
  if (width == 4) v = static_cast<int32_t>(v);
  return v;
}

/// A big-endian two's-complement integer of up to 16 bytes.
__int128 int128_from_bytes(const uint8_t* p, size_t n) {
  if (n == 0) return 0;
  __int128 v = (p[0] & 0x80) ? -1 : 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

/// A decimal statistic as the column's type: the unscaled value for Decimal, else scaled down.
Scalar decimal_scalar(const ColumnDescriptor& c, __int128 unscaled) {
  if (c.type.id == TypeId::kDecimal) return Scalar(c.type, unscaled);
  return Scalar(c.type, static_cast<double>(unscaled) / std::pow(10.0, c.scale));
}

std::optional<Scalar> decode_value(const ColumnDescriptor& c, const std::string& bytes) {
  const DataType& t = c.type;
  auto fixed = [&](size_t width) { return bytes.size() == width; };
  switch (c.conversion) {
    case Conversion::kNull:
    case Conversion::kInt96: return std::nullopt;
    case Conversion::kFloat16: {
      if (!fixed(2)) return std::nullopt;
      uint16_t h;
      std::memcpy(&h, bytes.data(), 2);
      return Scalar(t, static_cast<double>(half_to_float(h)));
    }
    case Conversion::kDecimal:
      if (c.physical == PhysicalType::kInt32 && fixed(4)) return decimal_scalar(c, read_le(bytes, 4));
      if (c.physical == PhysicalType::kInt64 && fixed(8)) return decimal_scalar(c, read_le(bytes, 8));
      if ((c.physical == PhysicalType::kByteArray || c.physical == PhysicalType::kFixedLenByteArray) &&
          bytes.size() <= 16) {
        return decimal_scalar(c, int128_from_bytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
      }
      return std::nullopt;
    case Conversion::kTimeMillis:
      if (!fixed(4)) return std::nullopt;
      return Scalar(t, read_le(bytes, 4) * 1000000);
    case Conversion::kTimeMicros:
      if (!fixed(8)) return std::nullopt;
      return Scalar(t, static_cast<int64_t>(static_cast<uint64_t>(read_le(bytes, 8)) * 1000));
    case Conversion::kNone:
    case Conversion::kNarrowInt:
      break;
  }
  switch (t.id) {
    case TypeId::kBoolean:
      if (!fixed(1)) return std::nullopt;
      return Scalar(t, bytes[0] != 0);
    case TypeId::kString:
    case TypeId::kBinary: return Scalar(t, bytes);
    case TypeId::kFloat32: {
      if (!fixed(4)) return std::nullopt;
      float f;
      std::memcpy(&f, bytes.data(), 4);
      return Scalar(t, static_cast<double>(f));
    }
    case TypeId::kFloat64: {
      if (!fixed(8)) return std::nullopt;
      double f;
      std::memcpy(&f, bytes.data(), 8);
      return Scalar(t, f);
    }
    default: break;
  }
  const size_t width = c.physical == PhysicalType::kInt32 ? 4 : 8;
  if (!fixed(width)) return std::nullopt;
  if (t.is_unsigned_integer()) {
    uint64_t v = 0;
    std::memcpy(&v, bytes.data(), width);
    return Scalar(t, v);
  }
  return Scalar(t, read_le(bytes, width));
}

/// Restores what only the embedded Arrow schema knows, as Polars and pyarrow do: Duration
/// columns (plain INT64 in Parquet), the zone of zoned datetimes (UTC in Parquet) and Null
/// columns.
void apply_leaf_hint(const ArrowFieldHint& hint, ColumnDescriptor& c) {
  if (hint.is_null) {
    c.type = TypeId::kNull;
    c.conversion = Conversion::kNull;
  } else if (c.conversion != Conversion::kNone) {
    // Converted columns keep their type.
  } else if (hint.duration_unit && c.type.id == TypeId::kInt64 && c.physical == PhysicalType::kInt64) {
    c.type = DataType::duration(*hint.duration_unit);
  } else if (hint.time_zone && c.type.id == TypeId::kDatetime && c.type.tz == "UTC" &&
             hint.time_zone->find_first_of("+-") != 0) {
    c.type.tz = *hint.time_zone;
  }
}

/// `type` with the hints of `hint` (null: none) applied to its leaves, which are
/// `leaves[*next]` onwards in order. A hint tree of another shape is ignored.
DataType apply_nested_hints(const DataType& type, const ArrowFieldHint* hint, std::vector<ColumnDescriptor>& leaves,
                            size_t* next) {
  if (type.id == TypeId::kList) {
    const ArrowFieldHint* item = hint && hint->children.size() == 1 ? &hint->children[0] : nullptr;
    return DataType::list(apply_nested_hints(type.list_item(), item, leaves, next));
  }
  if (type.id == TypeId::kStruct) {
    const auto& fields = type.struct_fields();
    const bool fits = hint && hint->children.size() == fields.size();
    std::vector<Field> out;
    for (size_t i = 0; i < fields.size(); ++i) {
      out.push_back({fields[i].name, apply_nested_hints(fields[i].type, fits ? &hint->children[i] : nullptr, leaves, next)});
    }
    return DataType::struct_(std::move(out));
  }
  ColumnDescriptor& leaf = leaves[(*next)++];
  if (hint) apply_leaf_hint(*hint, leaf);
  return leaf.type;
}

void apply_arrow_hints(const FileMetaData& metadata, std::vector<ColumnDescriptor>& columns) {
  for (const auto& kv : metadata.key_value_metadata) {
    if (kv.key != "ARROW:schema" || !kv.value) continue;
    for (const ArrowFieldHint& hint : read_arrow_field_hints(*kv.value)) {
      for (ColumnDescriptor& c : columns) {
        if (c.name != hint.name) continue;
        if (!c.nested()) {
          apply_leaf_hint(hint, c);
        } else if (c.unsupported.empty()) {
          size_t next = 0;
          c.type = apply_nested_hints(c.type, &hint, c.leaves, &next);
        }
        break;
      }
    }
  }
}

}  // namespace

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ff;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      int e = -1;
      do {
        ++e;
        mantissa <<= 1;
      } while ((mantissa & 0x400) == 0);
      bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (mantissa & 0x3ff) << 13;
    }
  } else if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | mantissa << 13;
  } else {
    bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

int physical_width(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray: return 16;
  }
  return 8;
}

std::vector<ColumnDescriptor> describe_columns(const FileMetaData& metadata) {
  const auto& schema = metadata.schema;
  FLOE_USER_CHECK(!schema.empty(), ComputeError, "corrupt Parquet schema: no root element");
  std::vector<ColumnDescriptor> columns;
  const int top = schema[0].num_children.value_or(0);
  FLOE_USER_CHECK(top >= 0 && static_cast<size_t>(top) < schema.size(), ComputeError,
                  "corrupt Parquet schema: the root claims {} children among {} elements", top, schema.size());
  size_t pos = 1;
  int leaf = 0;
  for (int i = 0; i < top; ++i) {
    FLOE_USER_CHECK(pos < schema.size(), ComputeError, "corrupt Parquet schema: the tree ends early");
    const SchemaElement& e = schema[pos];
    ColumnDescriptor d;
    d.name = e.name;
    d.leaf = leaf;
    if (e.num_children.value_or(0) > 0 || e.repetition == Repetition::kRepeated) {
      d.nested_kind = nested_kind(e);
      describe_nested(schema, pos, d);
      d.num_leaves = count_leaves(schema, &pos, 0);
      FLOE_USER_CHECK(!d.unsupported.empty() || d.num_leaves == static_cast<int>(d.leaves.size()), ComputeError,
                      "corrupt Parquet schema: column '{}' has {} leaves, {} of them readable", d.name, d.num_leaves,
                      d.leaves.size());
      leaf += d.num_leaves;
    } else {
      d.max_definition_level = e.repetition == Repetition::kRequired ? 0 : 1;
      map_leaf(e, d);
      ++pos;
      ++leaf;
    }
    columns.push_back(std::move(d));
  }
  apply_arrow_hints(metadata, columns);
  for (const auto& group : metadata.row_groups) {
    FLOE_USER_CHECK(group.columns.size() == static_cast<size_t>(leaf), ComputeError,
                    "corrupt Parquet metadata: a row group has {} column chunks, the schema {} leaf columns",
                    group.columns.size(), leaf);
  }
  return columns;
}

DecodedStatistics decode_statistics(const ColumnDescriptor& column, const Statistics& statistics) {
  DecodedStatistics out;
  out.null_count = statistics.null_count;
  if (column.nested()) return out;
  const std::optional<std::string>* min = &statistics.min_value;
  const std::optional<std::string>* max = &statistics.max_value;
  if (!min->has_value() && !max->has_value()) {
    // The deprecated fields used signed comparison: trust them only where that is the order.
    const bool signed_order = column.conversion == Conversion::kNone &&
                              (column.type.is_signed_integer() || column.type.is_float() ||
                               column.type.id == TypeId::kBoolean || column.type.id == TypeId::kDate ||
                               column.type.id == TypeId::kDatetime);
    if (!signed_order) return out;
    min = &statistics.min;
    max = &statistics.max;
  }
  if (min->has_value()) out.min = decode_value(column, **min);
  if (max->has_value()) out.max = decode_value(column, **max);
  return out;
}

}  // namespace floe::io::parquet
