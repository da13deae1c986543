// Floe types to Parquet schema elements, matching what Polars writes for the same frame.
#include "io/parquet/writer_schema.h"

namespace floe::io::parquet {

namespace {

LogicalType integer_type(int bits, bool is_signed) {
  LogicalType t;
  t.kind = LogicalType::Kind::kInteger;
  t.bit_width = static_cast<int8_t>(bits);
  t.is_signed = is_signed;
  return t;
}

LogicalType::Unit logical_unit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMilli: return LogicalType::Unit::kMillis;
    case TimeUnit::kMicro: return LogicalType::Unit::kMicros;
    case TimeUnit::kNano: return LogicalType::Unit::kNanos;
  }
  return LogicalType::Unit::kMicros;
}

}  // namespace

PhysicalType writer_physical_type(const DataType& type) {
  switch (type.id) {
    case TypeId::kDecimal:
      return type.precision <= kMaxInt64DecimalPrecision ? PhysicalType::kInt64 : PhysicalType::kFixedLenByteArray;
    case TypeId::kBoolean: return PhysicalType::kBoolean;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kDatetime:
    case TypeId::kDuration:
    case TypeId::kTime: return PhysicalType::kInt64;
    case TypeId::kFloat32: return PhysicalType::kFloat;
    case TypeId::kFloat64: return PhysicalType::kDouble;
    case TypeId::kString:
    case TypeId::kBinary: return PhysicalType::kByteArray;
    default: return PhysicalType::kInt32;
  }
}

SchemaElement writer_schema_element(const Field& field) {
  SchemaElement e;
  e.name = field.name;
  e.type = writer_physical_type(field.type);
  e.repetition = Repetition::kOptional;
  const DataType& t = field.type;
  switch (t.id) {
    case TypeId::kInt8:
      e.converted_type = ConvertedType::kInt8;
      e.logical_type = integer_type(8, true);
      break;
    case TypeId::kInt16:
      e.converted_type = ConvertedType::kInt16;
      e.logical_type = integer_type(16, true);
      break;
    case TypeId::kUInt8:
      e.converted_type = ConvertedType::kUint8;
      e.logical_type = integer_type(8, false);
      break;
    case TypeId::kUInt16:
      e.converted_type = ConvertedType::kUint16;
      e.logical_type = integer_type(16, false);
      break;
    case TypeId::kUInt32:
      e.converted_type = ConvertedType::kUint32;
      e.logical_type = integer_type(32, false);
      break;
    case TypeId::kUInt64:
      e.converted_type = ConvertedType::kUint64;
      e.logical_type = integer_type(64, false);
      break;
    case TypeId::kString:
      e.converted_type = ConvertedType::kUtf8;
      e.logical_type = LogicalType{.kind = LogicalType::Kind::kString};
      break;
    case TypeId::kDate:
      e.converted_type = ConvertedType::kDate;
      e.logical_type = LogicalType{.kind = LogicalType::Kind::kDate};
      break;
    case TypeId::kDatetime: {
      LogicalType lt{.kind = LogicalType::Kind::kTimestamp};
      lt.adjusted_to_utc = !t.tz.empty();
      lt.unit = logical_unit(t.unit);
      e.logical_type = lt;
      // The legacy annotations mean "adjusted to UTC", so only zoned columns may carry them.
      if (lt.adjusted_to_utc && t.unit == TimeUnit::kMilli) e.converted_type = ConvertedType::kTimestampMillis;
      if (lt.adjusted_to_utc && t.unit == TimeUnit::kMicro) e.converted_type = ConvertedType::kTimestampMicros;
      break;
    }
    case TypeId::kTime: {
      LogicalType lt{.kind = LogicalType::Kind::kTime};
      lt.adjusted_to_utc = false;
      lt.unit = LogicalType::Unit::kNanos;
      e.logical_type = lt;
      break;
    }
    case TypeId::kNull: e.logical_type = LogicalType{.kind = LogicalType::Kind::kUnknown}; break;
    case TypeId::kDecimal: {
      LogicalType lt{.kind = LogicalType::Kind::kDecimal};
      lt.decimal_scale = t.scale;
      lt.decimal_precision = t.precision;
      e.logical_type = lt;
      e.converted_type = ConvertedType::kDecimal;
      e.scale = t.scale;
      e.precision = t.precision;
      if (*e.type == PhysicalType::kFixedLenByteArray) e.type_length = kDecimalFixedWidth;
      break;
    }
    default: break;
  }
  return e;
}

}  // namespace floe::io::parquet
