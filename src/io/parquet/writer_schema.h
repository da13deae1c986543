// How the writer stores each Floe type in Parquet: physical type and logical annotations.
#pragma once

#include "core/schema.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// The physical type values of `type` are written as (INT32 for narrow ints, dates and Null;
/// INT64 for 64-bit ints and temporals; BYTE_ARRAY for strings and binary).
PhysicalType writer_physical_type(const DataType& type);

/// Decimals of up to 18 digits are written as INT64 unscaled values, wider ones as 16-byte
/// big-endian FIXED_LEN_BYTE_ARRAY (pyarrow, Polars and DuckDB read both).
inline constexpr int kMaxInt64DecimalPrecision = 18;
inline constexpr int kDecimalFixedWidth = 16;

/// The OPTIONAL leaf schema element of `field`, annotated as Polars annotates it: INT(bits,
/// signed) with the legacy INT_n/UINT_n for narrow and unsigned ints, STRING/UTF8, DATE,
/// TIMESTAMP(unit, adjusted to UTC when the column has a time zone), TIME(ns) and the Null
/// (UNKNOWN) type, DECIMAL(precision, scale). Durations are plain INT64, as Polars writes them.
SchemaElement writer_schema_element(const Field& field);

}  // namespace floe::io::parquet
