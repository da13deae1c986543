// Column chunk statistics for the Parquet footer: min, max and null count in the spec's sort orders.
#pragma once

#include "core/column.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// Statistics of all rows of `column`: `null_count`, and `min_value`/`max_value` PLAIN-encoded
/// (byte arrays without their length) when any value is valid. Orders are the ones the format
/// defines for each logical type: signed for INT and unannotated integers, dates and
/// timestamps; unsigned for UINT; floats ignoring NaN (min -0.0 and max +0.0 when the
/// extreme is zero, none when every value is NaN); false < true; strings and binary
/// bytewise unsigned.
Statistics column_statistics(const Column& column);

}  // namespace floe::io::parquet
