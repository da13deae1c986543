// Writes a nested (List/Struct) Floe column: its Parquet schema subtree and, per leaf, the
// repetition and definition levels with the defined values (Dremel shredding).
#pragma once

#include <string>
#include <vector>

#include "core/column.h"
#include "core/schema.h"
#include "io/parquet/column_chunk_writer.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// Appends the schema elements of `field` to `out`: every node OPTIONAL, a List as the 3-level
/// `group (LIST) { repeated group list { element } }`, a Struct as a plain group; primitive
/// leaves as writer_schema_element gives them.
void append_schema_elements(const Field& field, std::vector<SchemaElement>* out);

/// Encodes every row of the nested `column` named `name` as one column chunk per leaf, in
/// schema order: data pages v1 holding RLE repetition and definition levels, then the defined
/// values (dictionary-encoded when it pays, as encode_column_chunk does). Pages start at rows.
std::vector<EncodedColumnChunk> encode_nested_column_chunks(const Column& column, const std::string& name,
                                                            const ColumnChunkOptions& options);

}  // namespace floe::io::parquet
