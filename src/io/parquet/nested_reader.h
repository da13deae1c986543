// Reads a nested (List/Struct) Parquet column: decodes each leaf chunk's levels and values, then
// assembles them into the column's tree.
#pragma once

#include <cstdint>
#include <vector>

#include "core/column.h"
#include "io/parquet/column_descriptor.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// Decodes the nested column `column` of a row group of `num_rows` rows from its leaves' chunk
/// bytes (`chunks[i]` and `metadata[i]` belong to `column.leaves[i]`). When `rows` is given
/// (sorted indices into the row group), only those rows are returned. Throws ComputeError on
/// corrupt pages or levels, and on a column Floe cannot read (MAP), naming it.
ColumnPtr read_nested_column(const ColumnDescriptor& column, const std::vector<const ColumnMetaData*>& metadata,
                             const std::vector<BufferPtr>& chunks, int64_t num_rows,
                             const std::vector<uint32_t>* rows = nullptr);

}  // namespace floe::io::parquet
