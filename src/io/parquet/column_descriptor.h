// How each top-level Parquet column maps to a Floe column: its leaf chunk, levels, physical
// type, Floe type and the conversion between them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/scalar.h"
#include "core/schema.h"
#include "io/parquet/level_assembler.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// What turns decoded physical values into the Floe column.
enum class Conversion : uint8_t {
  kNone,          // same layout (booleans, ints, floats, strings, dates, timestamps)
  kNarrowInt,     // INT32 to Int8/Int16/UInt8/UInt16
  kTimeMillis,    // INT32 milliseconds to Time (nanoseconds)
  kTimeMicros,    // INT64 microseconds to Time
  kInt96,         // legacy Impala timestamps to Datetime(ns)
  kDecimal,       // unscaled integers (any physical type) to Decimal (Float64 past 38 digits)
  kFloat16,       // FIXED_LEN_BYTE_ARRAY(2) halves to Float32
  kNull,          // the Null logical type: every value is null
};

struct ColumnDescriptor {
  std::string name;
  DataType type;                 // the Floe type (Null for unsupported nested columns)
  std::string nested_kind;       // "list", "struct", "map" when the column is nested
  std::string unsupported;       // why a nested column cannot be read (empty when it can)
  int leaf = 0;                  // index of the (first) column chunk in a row group
  int num_leaves = 1;            // column chunks of the column (several for structs)
  int max_definition_level = 0;  // 0 (required) or 1 (optional) for flat columns
  int max_repetition_level = 0;  // leaves of nested columns only
  PhysicalType physical = PhysicalType::kInt32;
  int type_length = 0;           // FIXED_LEN_BYTE_ARRAY width
  Conversion conversion = Conversion::kNone;
  int scale = 0;                 // decimal scale

  // Nested columns: their leaves in schema order, each with its maximum levels and the Floe
  // nesting levels above its values (`path`, the leaf itself last).
  std::vector<ColumnDescriptor> leaves;
  std::vector<LevelNode> path;

  bool nested() const { return !nested_kind.empty(); }
};

/// Fills the Floe type and conversion of the leaf column `e` into `d`.
void map_leaf(const SchemaElement& e, ColumnDescriptor& d);

/// Descriptors of the top-level columns of `metadata`'s schema, in order. Throws ComputeError
/// on a malformed schema tree.
std::vector<ColumnDescriptor> describe_columns(const FileMetaData& metadata);

/// The column's min, max and null count from `statistics`, as Floe scalars (absent when the
/// file does not say, or the values cannot be trusted for this type).
struct DecodedStatistics {
  std::optional<Scalar> min, max;
  std::optional<int64_t> null_count;
};
DecodedStatistics decode_statistics(const ColumnDescriptor& column, const Statistics& statistics);

/// Bytes per decoded physical value (views for byte arrays).
int physical_width(PhysicalType type);

/// An IEEE half-precision value as a float.
float half_to_float(uint16_t half);

}  // namespace floe::io::parquet
