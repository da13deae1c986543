// Maps a nested Parquet schema subtree (LIST groups in their 3-level and legacy forms, bare
// repeated fields, plain groups as structs) onto a Floe List/Struct type and its leaves' levels.
#pragma once

#include <vector>

#include "io/parquet/column_descriptor.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// Describes the top-level nested column at `schema[pos]` into `d`: its Floe type, its leaves
/// (numbered from `d.leaf`) with their maximum levels and level paths. A shape Floe cannot read
/// (MAP, a LIST group that is not a single repeated child, a group without fields) sets
/// `d.unsupported` and leaves the type Null. Throws ComputeError on a corrupt tree.
void describe_nested(const std::vector<SchemaElement>& schema, size_t pos, ColumnDescriptor& d);

/// Leaf columns a Floe type is stored as in Parquet: one per primitive inside lists and structs.
int count_leaf_columns(const DataType& type);

}  // namespace floe::io::parquet
