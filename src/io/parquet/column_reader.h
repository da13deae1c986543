// Decodes one Parquet column chunk (dictionary and data pages, v1 and v2) into one Column, or
// a nested column's leaf chunk into its levels and values.
#pragma once

#include <cstdint>
#include <vector>

#include "core/column.h"
#include "io/parquet/column_descriptor.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// Decodes the column chunk whose bytes are `chunk` (starting at the chunk's first page) into
/// `num_rows` values of `column.type`. When `rows` is given (sorted indices into the chunk),
/// only those rows are returned, and pages holding none of them are not decompressed.
/// Throws ComputeError on corrupt pages or unsupported encodings.
ColumnPtr read_column_chunk(const ColumnDescriptor& column, const ColumnMetaData& metadata, const BufferPtr& chunk,
                            int64_t num_rows, const std::vector<uint32_t>* rows = nullptr);

/// Decodes the dictionary page at the start of `page` (its header and body, as the chunk's
/// dictionary_page_offset locates them) into a column of `column.type` without nulls: every
/// value a fully dictionary-encoded chunk can hold. Throws ComputeError when the bytes are
/// not a dictionary page or are corrupt.
ColumnPtr read_dictionary_page(const ColumnDescriptor& column, const ColumnMetaData& metadata, const BufferPtr& page);

/// The levels and values of one leaf column chunk of a nested column, every page concatenated.
struct LeafChunk {
  std::vector<uint8_t> definition;  // one per level entry (all 0 when the leaf's maximum is 0)
  std::vector<uint8_t> repetition;  // one per level entry; empty when no list is above the leaf
  ColumnPtr values;                 // the defined values in order, of the leaf's type, no nulls
};

/// Decodes the leaf column chunk `chunk` of a nested column; `leaf` carries the leaf's maximum
/// levels and `num_rows` is the row group's. Throws ComputeError on corrupt pages or levels.
LeafChunk read_leaf_chunk(const ColumnDescriptor& leaf, const ColumnMetaData& metadata, const BufferPtr& chunk,
                          int64_t num_rows);

}  // namespace floe::io::parquet
