// Turns decoded physical Parquet values into a Floe column of the column's logical type
// (narrow ints, times, INT96, decimals, float16), checking string views against their pages.
#pragma once

#include <cstdint>
#include <vector>

#include "core/column.h"
#include "io/parquet/column_descriptor.h"

namespace floe::io::parquet {

/// `n` physical values of `column` (in `values`, `physical_width` bytes each; byte arrays as
/// string views into `buffers`) with their `validity`, as a column of `column.type`. Throws
/// ComputeError when a view points outside its page or a decimal does not fit 128 bits.
ColumnPtr convert_values(const ColumnDescriptor& column, int64_t n, BufferPtr values, BufferPtr validity,
                         std::vector<BufferPtr> buffers);

}  // namespace floe::io::parquet
