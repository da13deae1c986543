// Walks a nested column's schema subtree once, tracking the definition and repetition levels
// each node adds, and follows LogicalTypes.md's backward-compatibility rules for LIST.
#include "io/parquet/nested_schema.h"

#include "core/error.h"

namespace floe::io::parquet {

namespace {

struct Unsupported {
  std::string reason;
};

/// Where a node sits: the levels its parent reached and the Floe levels above it.
struct Context {
  int def = 0;       // definition level at which the parent value is valid
  int rep = 0;       // repetition level of the innermost list around the node
  int slot_def = 0;  // definition level at which the node has a slot
  std::vector<LevelNode> path;
  std::string name;  // dotted path, for messages
};

LevelNode level(LevelNode::Kind kind, int slot_def, int valid_def, int slot_rep, int elem_def = 0, int rep = 0) {
  return {kind, static_cast<int16_t>(slot_def), static_cast<int16_t>(valid_def), static_cast<int16_t>(slot_rep),
          static_cast<int16_t>(elem_def), static_cast<int16_t>(rep)};
}

class Builder {
 public:
  Builder(const std::vector<SchemaElement>& schema, ColumnDescriptor& d) : schema_(schema), d_(d) {}

  /// The Floe type of the subtree at `schema[*pos]`, advancing `*pos` past it. `required`
  /// reads a repeated node as the required element of the list it stands for.
  DataType visit(size_t* pos, const Context& ctx, bool required, int depth) {
    // Every level adds at most one to each maximum, so this also keeps levels within a byte.
    FLOE_USER_CHECK(depth < 64, ComputeError, "corrupt Parquet schema: column '{}' nests more than 64 levels deep",
                    d_.name);
    const SchemaElement& e = at(*pos);
    const Repetition repetition = required ? Repetition::kRequired : e.repetition.value_or(Repetition::kOptional);
    const std::string name = ctx.name.empty() ? e.name : ctx.name + "." + e.name;
    if (repetition == Repetition::kRepeated) {
      // A repeated field without a LIST group around it: a list that is never null, of
      // required elements.
      Context inner{ctx.def + 1, ctx.rep + 1, ctx.def + 1, ctx.path, name};
      inner.path.push_back(level(LevelNode::Kind::kList, ctx.slot_def, ctx.def, ctx.rep, ctx.def + 1, ctx.rep + 1));
      return DataType::list(visit(pos, inner, true, depth + 1));
    }
    const int valid_def = ctx.def + (repetition == Repetition::kOptional ? 1 : 0);
    const int children = e.num_children.value_or(0);
    if (children <= 0 && e.type) {
      ColumnDescriptor leaf;
      leaf.name = name;
      leaf.leaf = d_.leaf + static_cast<int>(d_.leaves.size());
      map_leaf(e, leaf);
      leaf.max_definition_level = valid_def;
      leaf.max_repetition_level = ctx.rep;
      leaf.path = ctx.path;
      leaf.path.push_back(level(LevelNode::Kind::kLeaf, ctx.slot_def, valid_def, ctx.rep));
      d_.leaves.push_back(std::move(leaf));
      ++*pos;
      return d_.leaves.back().type;
    }
    if (children <= 0) throw Unsupported{fmt::format("group '{}' has no fields", name)};
    const auto kind = e.logical_type ? e.logical_type->kind : LogicalType::Kind::kNone;
    if (kind == LogicalType::Kind::kMap || e.converted_type == ConvertedType::kMap ||
        e.converted_type == ConvertedType::kMapKeyValue) {
      throw Unsupported{fmt::format("'{}' is a MAP, which is not supported", name)};
    }
    if (kind == LogicalType::Kind::kList || e.converted_type == ConvertedType::kList) {
      return visit_list(pos, ctx, e, name, valid_def, depth);
    }
    Context inner{valid_def, ctx.rep, ctx.slot_def, ctx.path, name};
    inner.path.push_back(level(LevelNode::Kind::kStruct, ctx.slot_def, valid_def, ctx.rep));
    ++*pos;
    std::vector<Field> fields;
    for (int i = 0; i < children; ++i) {
      std::string field = at(*pos).name;
      fields.push_back({std::move(field), visit(pos, inner, false, depth + 1)});
    }
    return DataType::struct_(std::move(fields));
  }

 private:
  const SchemaElement& at(size_t pos) const {
    FLOE_USER_CHECK(pos < schema_.size(), ComputeError, "corrupt Parquet schema: column '{}' ends early", d_.name);
    return schema_[pos];
  }

  /// A LIST-annotated group: one repeated child, which is the element itself (legacy 2-level
  /// forms) or wraps it (the standard 3-level form).
  DataType visit_list(size_t* pos, const Context& ctx, const SchemaElement& e, const std::string& name, int valid_def,
                      int depth) {
    const size_t child = *pos + 1;
    if (e.num_children.value_or(0) != 1 || at(child).repetition != Repetition::kRepeated) {
      throw Unsupported{fmt::format("LIST group '{}' does not hold a single repeated field", name)};
    }
    const SchemaElement& r = at(child);
    Context inner{valid_def + 1, ctx.rep + 1, valid_def + 1, ctx.path, name};
    inner.path.push_back(level(LevelNode::Kind::kList, ctx.slot_def, valid_def, ctx.rep, valid_def + 1, ctx.rep + 1));
    const int r_children = r.num_children.value_or(0);
    // LogicalTypes.md: a repeated primitive, a repeated group of several fields, or one named
    // "array" or "<list>_tuple" is the element; otherwise its single field is.
    const bool r_is_element =
        r_children != 1 || r.name == "array" || r.name == e.name + "_tuple";
    *pos = child;
    if (r_is_element) return DataType::list(visit(pos, inner, true, depth + 1));
    ++*pos;
    return DataType::list(visit(pos, inner, false, depth + 1));
  }

  const std::vector<SchemaElement>& schema_;
  ColumnDescriptor& d_;
};

}  // namespace

void describe_nested(const std::vector<SchemaElement>& schema, size_t pos, ColumnDescriptor& d) {
  d.leaves.clear();
  try {
    Builder builder(schema, d);
    d.type = builder.visit(&pos, Context{}, false, 0);
    d.num_leaves = static_cast<int>(d.leaves.size());
  } catch (const Unsupported& u) {
    d.unsupported = u.reason;
    d.type = TypeId::kNull;
    d.leaves.clear();
  }
}

int count_leaf_columns(const DataType& type) {
  if (type.id == TypeId::kList) return count_leaf_columns(type.list_item());
  if (type.id != TypeId::kStruct) return 1;
  int n = 0;
  for (const Field& f : type.struct_fields()) n += count_leaf_columns(f.type);
  return n;
}

}  // namespace floe::io::parquet
