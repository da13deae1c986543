// Builds the column tree top down: every node takes its slots from the first leaf below it (all
// leaves below a node agree on its slots in a valid file, which the struct checks confirm).
#include "io/parquet/nested_reader.h"

#include "compute/selection.h"
#include "core/error.h"
#include "io/parquet/column_reader.h"
#include "io/parquet/level_assembler.h"
#include "io/parquet/nested_schema.h"

namespace floe::io::parquet {

namespace {

struct DecodedLeaf {
  AssembledLevels levels;
  ColumnPtr values;  // dense
};

class TreeBuilder {
 public:
  TreeBuilder(const ColumnDescriptor& column, const std::vector<DecodedLeaf>& leaves)
      : column_(column), leaves_(leaves) {}

  /// The column of `type` at depth `depth` of the paths of leaves [first, first + count).
  ColumnPtr build(const DataType& type, size_t first, size_t depth) const {
    const AssembledNode& node = leaves_[first].levels.nodes[depth];
    if (type.id == TypeId::kList) {
      ColumnPtr items = build(type.list_item(), first, depth + 1);
      return Column::make_list(type, node.length, node.offsets, std::move(items), node.validity);
    }
    if (type.id == TypeId::kStruct) {
      std::vector<ColumnPtr> fields;
      size_t leaf = first;
      for (const Field& f : type.struct_fields()) {
        ColumnPtr child = build(f.type, leaf, depth + 1);
        FLOE_USER_CHECK(child->length() == node.length, ComputeError,
                        "corrupt Parquet column '{}': field '{}' has {} values where its struct has {}", column_.name,
                        f.name, child->length(), node.length);
        fields.push_back(std::move(child));
        leaf += static_cast<size_t>(count_leaf_columns(f.type));
      }
      return Column::make_struct(type, node.length, std::move(fields), node.validity);
    }
    const ColumnPtr& values = leaves_[first].values;
    if (!node.validity) return values;
    // Spread the defined values over the slots; -1 marks a null slot.
    std::vector<int64_t> index(static_cast<size_t>(node.length));
    const uint8_t* valid = node.validity->data();
    int64_t next = 0;
    for (int64_t i = 0; i < node.length; ++i) {
      const bool v = bitmap::get(valid, i);
      index[static_cast<size_t>(i)] = v ? next : -1;
      next += v;
    }
    return compute::gather_nullable(values, index.data(), node.length);
  }

 private:
  const ColumnDescriptor& column_;
  const std::vector<DecodedLeaf>& leaves_;
};

}  // namespace

ColumnPtr read_nested_column(const ColumnDescriptor& column, const std::vector<const ColumnMetaData*>& metadata,
                             const std::vector<BufferPtr>& chunks, int64_t num_rows,
                             const std::vector<uint32_t>* rows) {
  FLOE_USER_CHECK(column.unsupported.empty(), ComputeError, "Parquet column '{}' cannot be read: {}", column.name,
                  column.unsupported);
  FLOE_CHECK(metadata.size() == column.leaves.size() && chunks.size() == column.leaves.size(),
             "one chunk per leaf of a nested column");
  std::vector<DecodedLeaf> leaves(column.leaves.size());
  for (size_t i = 0; i < column.leaves.size(); ++i) {
    const ColumnDescriptor& leaf = column.leaves[i];
    LeafChunk chunk = read_leaf_chunk(leaf, *metadata[i], chunks[i], num_rows);
    const int64_t n = static_cast<int64_t>(chunk.definition.size());
    leaves[i].levels = assemble_levels(leaf.path, chunk.definition.data(),
                                       leaf.max_repetition_level > 0 ? chunk.repetition.data() : nullptr, n,
                                       leaf.max_definition_level, leaf.max_repetition_level);
    FLOE_USER_CHECK(leaves[i].levels.records == num_rows, ComputeError,
                    "corrupt Parquet column '{}': its levels hold {} rows, the row group {}", leaf.name,
                    leaves[i].levels.records, num_rows);
    FLOE_USER_CHECK(leaves[i].levels.values == chunk.values->length(), ComputeError,
                    "corrupt Parquet column '{}': its levels define {} values, its pages hold {}", leaf.name,
                    leaves[i].levels.values, chunk.values->length());
    leaves[i].values = std::move(chunk.values);
  }
  ColumnPtr out = TreeBuilder(column, leaves).build(column.type, 0, 0);
  if (!rows) return out;
  FLOE_USER_CHECK(rows->empty() || rows->back() < num_rows, InvalidArgument,
                  "row {} requested from column '{}' of a row group of {} rows", rows->back(), column.name, num_rows);
  return compute::gather(out, rows->data(), static_cast<int64_t>(rows->size()));
}

}  // namespace floe::io::parquet
