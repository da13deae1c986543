// Reads the top-level field types of the ARROW:schema footer entry that pyarrow, Polars and
// Floe write, so that types Parquet cannot express (Duration, a datetime's zone) come back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_type.h"

namespace floe::io::parquet {

/// What the Arrow schema says about one field, where it matters to Floe.
struct ArrowFieldHint {
  std::string name;
  std::optional<TimeUnit> duration_unit;  // the field is a Duration of this unit
  std::optional<std::string> time_zone;   // the field is a Timestamp in this zone
  bool is_null = false;                   // the field has Arrow's Null type
  std::vector<ArrowFieldHint> children;   // a list's item, a struct's fields
};

/// The hints of every top-level field of the base64-encoded Arrow IPC schema message `value`.
/// Returns nothing (never throws) when the value is not a readable schema: the hints are
/// optional, and the Parquet schema alone still gives every column a type.
std::vector<ArrowFieldHint> read_arrow_field_hints(std::string_view value);

}  // namespace floe::io::parquet
