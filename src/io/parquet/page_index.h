// What a column chunk's metadata says without decoding its data pages: the page index
// (ColumnIndex + OffsetIndex) as Floe values per page, and whether every data page is
// dictionary-encoded (then the dictionary page lists every value the chunk holds).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "io/parquet/column_descriptor.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// The page index of one column chunk, decoded.
struct DecodedPageIndex {
  std::vector<int64_t> first_row;         // per data page: its first row in the row group, ascending from 0
  std::vector<DecodedStatistics> pages;   // per data page: min, max and null count as Floe scalars
};

/// Decodes the page index of a chunk of `num_rows` rows. Returns nullopt when the two indexes
/// do not describe the same pages or their rows do not fit the chunk (rows ascending from 0,
/// each page at least one row): such an index is ignored rather than trusted, since reading
/// every page is always correct.
std::optional<DecodedPageIndex> decode_page_index(const ColumnDescriptor& column, const ColumnIndex& column_index,
                                                  const OffsetIndex& offset_index, int64_t num_rows);

/// True when the chunk's metadata shows that every data page is dictionary-encoded: by its
/// encoding_stats when present, else by its encodings list holding only dictionary and level
/// encodings (a PLAIN there may be a fallback page, so the answer is then false).
bool fully_dictionary_encoded(const ColumnMetaData& metadata);

}  // namespace floe::io::parquet
