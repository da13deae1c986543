// Shredding walks each row down one leaf's path: a null node or an empty list ends the walk
// with the definition level reached so far; each list item after the first repeats at the
// list's own repetition level.
#include "io/parquet/nested_writer.h"

#include <algorithm>
#include <cstring>

#include "compute/selection.h"
#include "core/error.h"
#include "io/parquet/dictionary_encoder.h"
#include "io/parquet/plain_encoder.h"
#include "io/parquet/rle_encoder.h"
#include "io/parquet/writer_schema.h"

namespace floe::io::parquet {

namespace {

SchemaElement group(const std::string& name, Repetition repetition, int children) {
  SchemaElement e;
  e.name = name;
  e.repetition = repetition;
  e.num_children = children;
  return e;
}

/// One leaf: which child to take at each struct on the way down, and its schema path.
struct LeafPath {
  std::vector<int> fields;
  std::vector<std::string> names;
  int max_def = 0, max_rep = 0;
};

void collect_leaves(const DataType& type, LeafPath path, std::vector<LeafPath>* out) {
  ++path.max_def;  // every node is OPTIONAL
  if (type.id == TypeId::kList) {
    path.names.insert(path.names.end(), {"list", "element"});
    ++path.max_def;
    ++path.max_rep;
    collect_leaves(type.list_item(), std::move(path), out);
  } else if (type.id == TypeId::kStruct) {
    const auto& fields = type.struct_fields();
    FLOE_USER_CHECK(!fields.empty(), InvalidOperation, "cannot write struct '{}' to Parquet: it has no fields",
                    fmt::format("{}", fmt::join(path.names, ".")));
    for (size_t f = 0; f < fields.size(); ++f) {
      LeafPath child = path;
      child.fields.push_back(static_cast<int>(f));
      child.names.push_back(fields[f].name);
      collect_leaves(fields[f].type, std::move(child), out);
    }
  } else {
    out->push_back(std::move(path));
  }
}

struct Shredded {
  std::vector<uint8_t> def, rep;
  std::vector<uint32_t> rows;  // rows of the leaf column holding the defined values
};

/// Appends the levels of row `i` of `c` (depth `depth` on `path`): `def` is the level its
/// parent reached, `rep` the level this value starts at, `list_rep` that of the innermost list.
void shred(const Column& c, int64_t i, const LeafPath& path, size_t depth, int def, int rep, int list_rep,
           Shredded* out) {
  if (c.is_null(i)) {
    out->def.push_back(static_cast<uint8_t>(def));
    out->rep.push_back(static_cast<uint8_t>(rep));
    return;
  }
  ++def;
  switch (c.type().id) {
    case TypeId::kList: {
      const int64_t* o = c.list_offsets();
      if (o[i] == o[i + 1]) {
        out->def.push_back(static_cast<uint8_t>(def));
        out->rep.push_back(static_cast<uint8_t>(rep));
        return;
      }
      const Column& items = *c.children()[0];
      for (int64_t k = o[i]; k < o[i + 1]; ++k) {
        shred(items, k, path, depth, def + 1, k == o[i] ? rep : list_rep + 1, list_rep + 1, out);
      }
      return;
    }
    case TypeId::kStruct:
      shred(*c.children()[static_cast<size_t>(path.fields[depth])], i, path, depth + 1, def, rep, list_rep, out);
      return;
    default:
      out->def.push_back(static_cast<uint8_t>(def));
      out->rep.push_back(static_cast<uint8_t>(rep));
      out->rows.push_back(static_cast<uint32_t>(i));
  }
}

/// The leaf column under `c` along `path`.
ColumnPtr leaf_column(const ColumnPtr& c, const LeafPath& path) {
  ColumnPtr at = c;
  size_t depth = 0;
  while (at->type().is_nested()) {
    at = at->type().id == TypeId::kList ? at->children()[0] : at->children()[static_cast<size_t>(path.fields[depth++])];
  }
  return at;
}

/// RLE levels with their 4-byte length prefix (data page v1).
void put_levels(const uint8_t* levels, int64_t n, int max_level, std::string* body) {
  const size_t at = body->size();
  body->resize(at + 4);
  RleEncoder encoder(bit_width_for(static_cast<uint64_t>(max_level)), body);
  for (int64_t i = 0; i < n; ++i) encoder.put(levels[i]);
  encoder.finish();
  const auto size = static_cast<uint32_t>(body->size() - at - 4);
  std::memcpy(body->data() + at, &size, 4);
}

EncodedColumnChunk encode_leaf(const Shredded& s, const ColumnPtr& values, const LeafPath& path,
                               const ColumnChunkOptions& options) {
  EncodedColumnChunk out;
  ColumnMetaData& md = out.metadata;
  md.type = writer_physical_type(values->type());
  md.path_in_schema = path.names;
  md.codec = options.codec;
  const auto entries = static_cast<int64_t>(s.def.size());
  md.num_values = entries;
  std::optional<DictionaryEncoding> dict;
  if (options.dictionary && values->type().id != TypeId::kNull) dict = dictionary_encode(*values, options.dictionary_limits);
  int bit_width = 0;
  if (dict) bit_width = append_dictionary_page(*dict, &out);
  const Encoding encoding = dict ? Encoding::kRleDictionary : Encoding::kPlain;
  md.encodings = {Encoding::kPlain, Encoding::kRle};
  if (dict) md.encodings.push_back(Encoding::kRleDictionary);

  // Value bytes per level entry, to cut pages of about data_page_size; pages start at rows.
  const TypeId id = values->type().id;
  double value_bytes = 0;
  if (dict) {
    value_bytes = static_cast<double>(values->length()) * bit_width / 8.0;
  } else if (id == TypeId::kString || id == TypeId::kBinary) {
    for (int64_t i = 0; i < values->length(); ++i) value_bytes += 4.0 + static_cast<double>(values->string_at(i).size());
  } else if (id != TypeId::kNull) {
    value_bytes = static_cast<double>(values->length()) * plain_width(id);
  }
  const double per_entry = std::max(0.25, (value_bytes + entries / 4.0) / std::max<double>(1.0, static_cast<double>(entries)));
  const auto target = std::clamp<int64_t>(static_cast<int64_t>(static_cast<double>(options.data_page_size) / per_entry),
                                          8, int64_t{1} << 20);
  int64_t begin = 0, value = 0;
  while (begin < entries) {
    int64_t end = std::min(entries, begin + target);
    while (end < entries && s.rep[static_cast<size_t>(end)] != 0) ++end;
    int64_t defined = 0;
    for (int64_t i = begin; i < end; ++i) defined += s.def[static_cast<size_t>(i)] == path.max_def;
    EncodedPage page;
    std::string& body = page.body;
    if (path.max_rep > 0) put_levels(s.rep.data() + begin, end - begin, path.max_rep, &body);
    put_levels(s.def.data() + begin, end - begin, path.max_def, &body);
    if (dict) {
      body.push_back(static_cast<char>(bit_width));
      RleEncoder encoder(bit_width, &body);
      encoder.put(dict->indices.data() + value, defined);
      encoder.finish();
    } else {
      encode_plain(*values, value, value + defined, &body);
    }
    value += defined;
    page.header.type = PageType::kDataPage;
    page.header.data_page_header =
        DataPageHeader{static_cast<int32_t>(end - begin), encoding, Encoding::kRle, Encoding::kRle, {}};
    out.pages.push_back(std::move(page));
    begin = end;
  }
  if (!out.pages.empty()) {
    md.encoding_stats.push_back({PageType::kDataPage, encoding, static_cast<int32_t>(out.pages.size() - (dict ? 1 : 0))});
  }
  return out;
}

}  // namespace

void append_schema_elements(const Field& field, std::vector<SchemaElement>* out) {
  const DataType& type = field.type;
  if (type.id == TypeId::kList) {
    SchemaElement list = group(field.name, Repetition::kOptional, 1);
    list.converted_type = ConvertedType::kList;
    list.logical_type = LogicalType{};
    list.logical_type->kind = LogicalType::Kind::kList;
    out->push_back(std::move(list));
    out->push_back(group("list", Repetition::kRepeated, 1));
    append_schema_elements(Field{"element", type.list_item()}, out);
  } else if (type.id == TypeId::kStruct) {
    // Parquet has no empty groups (pyarrow refuses to write one too).
    FLOE_USER_CHECK(!type.struct_fields().empty(), InvalidOperation,
                    "cannot write struct column '{}' to Parquet: it has no fields", field.name);
    out->push_back(group(field.name, Repetition::kOptional, static_cast<int>(type.struct_fields().size())));
    for (const Field& f : type.struct_fields()) append_schema_elements(f, out);
  } else {
    out->push_back(writer_schema_element(field));
  }
}

std::vector<EncodedColumnChunk> encode_nested_column_chunks(const Column& column, const std::string& name,
                                                            const ColumnChunkOptions& options) {
  std::vector<LeafPath> leaves;
  LeafPath root;
  root.names = {name};
  collect_leaves(column.type(), root, &leaves);
  for (const LeafPath& path : leaves) {
    // Levels are kept in bytes, as the reader keeps them.
    FLOE_USER_CHECK(path.max_def <= 255, InvalidOperation, "cannot write column '{}' to Parquet: it nests too deep",
                    name);
  }
  // shred() and leaf_column() take the column by reference; wrap it without copying.
  ColumnPtr shared(std::shared_ptr<const Column>(), &column);
  std::vector<EncodedColumnChunk> out;
  for (const LeafPath& path : leaves) {
    Shredded s;
    s.def.reserve(static_cast<size_t>(column.length()));
    s.rep.reserve(static_cast<size_t>(column.length()));
    for (int64_t i = 0; i < column.length(); ++i) shred(column, i, path, 0, 0, 0, 0, &s);
    ColumnPtr leaf = leaf_column(shared, path);
    ColumnPtr values = compute::gather(leaf, s.rows.data(), static_cast<int64_t>(s.rows.size()));
    out.push_back(encode_leaf(s, values, path, options));
  }
  return out;
}

}  // namespace floe::io::parquet
