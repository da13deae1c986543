// One pass over the level entries; each entry opens a slot at every node from the first one
// its repetition level does not continue down to the deepest one its definition level reaches.
#include "io/parquet/level_assembler.h"

#include <algorithm>
#include <cstring>

#include "core/bitmap.h"
#include "core/error.h"

namespace floe::io::parquet {

AssembledLevels assemble_levels(const std::vector<LevelNode>& path, const uint8_t* def, const uint8_t* rep, int64_t n,
                                int max_def, int max_rep) {
  using Kind = LevelNode::Kind;
  FLOE_CHECK(!path.empty() && path.back().kind == Kind::kLeaf, "a level path ends at its leaf");
  FLOE_CHECK(n >= 0, "negative level count");
  const size_t depth = path.size();
  // The list each repetition level continues.
  std::vector<int> list_of_rep(static_cast<size_t>(max_rep) + 1, -1);
  for (size_t k = 0; k < depth; ++k) {
    if (path[k].kind != Kind::kList) continue;
    FLOE_CHECK(path[k].rep >= 1 && path[k].rep <= max_rep, "list repetition level out of range");
    list_of_rep[static_cast<size_t>(path[k].rep)] = static_cast<int>(k);
  }
  if (n > 0) {
    const int seen_def = *std::max_element(def, def + n);
    FLOE_USER_CHECK(seen_def <= max_def, ComputeError, "corrupt Parquet levels: definition level {} above the maximum {}",
                    seen_def, max_def);
    if (rep) {
      const int seen_rep = *std::max_element(rep, rep + n);
      FLOE_USER_CHECK(seen_rep <= max_rep, ComputeError,
                      "corrupt Parquet levels: repetition level {} above the maximum {}", seen_rep, max_rep);
      FLOE_USER_CHECK(rep[0] == 0, ComputeError,
                      "corrupt Parquet levels: the column chunk starts inside a record (repetition level {})", rep[0]);
    }
  }
  for (int r = 1; r <= (rep ? max_rep : 0); ++r) {
    FLOE_USER_CHECK(list_of_rep[static_cast<size_t>(r)] >= 0, ComputeError,
                    "corrupt Parquet schema: repetition level {} belongs to no list", r);
  }

  AssembledLevels out;
  out.nodes.resize(depth);
  // Every entry opens at most one slot per node, so `n` bounds each node's length.
  std::vector<uint8_t*> valid_bits(depth, nullptr);
  std::vector<int64_t*> offsets(depth, nullptr);
  for (size_t k = 0; k < depth; ++k) {
    AssembledNode& node = out.nodes[k];
    if (path[k].valid_def > path[k].slot_def) {
      node.validity = Buffer::zeroed(bitmap::bytes_for(n));
      valid_bits[k] = node.validity->data();
    }
    if (path[k].kind == Kind::kList) {
      node.offsets = Buffer::allocate(static_cast<size_t>(n + 1) * sizeof(int64_t));
      offsets[k] = node.offsets->as<int64_t>();
      offsets[k][0] = 0;
    }
  }
  std::vector<int64_t> length(depth, 0);
  // Whether each list's current slot has an element a later entry may add to.
  std::vector<uint8_t> open(depth, 0);
  int64_t records = 0, values = 0;

  for (int64_t i = 0; i < n; ++i) {
    const int d = def[i];
    const int r = rep ? rep[i] : 0;
    if (r == 0) {
      ++records;
    } else {
      const int list = list_of_rep[static_cast<size_t>(r)];
      FLOE_USER_CHECK(open[static_cast<size_t>(list)] && d >= path[static_cast<size_t>(list)].elem_def, ComputeError,
                      "corrupt Parquet levels: entry {} (repetition {}, definition {}) continues a list that has no "
                      "element there",
                      i, r, d);
    }
    size_t k = 0;
    for (; k < depth; ++k) {
      const LevelNode& node = path[k];
      if (r > node.slot_rep) continue;  // this entry continues the node's current slot
      if (d < node.slot_def) break;     // neither this node nor any below has a slot here
      const int64_t s = length[k]++;
      const bool valid = d >= node.valid_def;
      if (valid_bits[k] && valid) bitmap::set(valid_bits[k], s);
      out.nodes[k].null_count += valid ? 0 : 1;
      if (node.kind == Kind::kList) {
        offsets[k][s + 1] = offsets[k][s];
        open[k] = d >= node.elem_def;
      }
      if (k > 0 && path[k - 1].kind == Kind::kList) ++offsets[k - 1][length[k - 1]];
      if (node.kind == Kind::kLeaf) values += valid ? 1 : 0;
    }
    // Lists below the deepest new slot hold no current element.
    for (; k < depth; ++k) open[k] = 0;
  }

  for (size_t k = 0; k < depth; ++k) {
    AssembledNode& node = out.nodes[k];
    node.length = length[k];
    if (node.null_count == 0) node.validity = nullptr;
  }
  out.records = records;
  out.values = values;
  return out;
}

}  // namespace floe::io::parquet
