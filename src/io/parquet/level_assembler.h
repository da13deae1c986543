// Turns the repetition and definition levels of one Parquet leaf column into the shape of the
// nested Floe column above it: per nesting level, its slot count, validity and list offsets.
#pragma once

#include <cstdint>
#include <vector>

#include "core/buffer.h"

namespace floe::io::parquet {

/// One Floe nesting level on a leaf's path, outermost first, the leaf itself last. A level
/// entry `(rep, def)` creates a slot at this node when `rep <= slot_rep` and `def >= slot_def`.
/// A struct's fields take the struct's own `slot_def`, so each field has a slot for every struct
/// row (null where the struct is); a list's item takes the list's `elem_def`.
struct LevelNode {
  enum class Kind : uint8_t { kList, kStruct, kLeaf };
  Kind kind = Kind::kLeaf;
  int16_t slot_def = 0;   // def >= slot_def: the parent is valid (or has an element) here
  int16_t valid_def = 0;  // def >= valid_def: the slot is not null (== slot_def when required)
  int16_t slot_rep = 0;   // rep level of the innermost list around this node (0 at the top)
  int16_t elem_def = 0;   // lists: def >= elem_def: the list has an element at this entry
  int16_t rep = 0;        // lists: the repetition level that starts a new element
};

/// The assembled slots of one node.
struct AssembledNode {
  int64_t length = 0;
  int64_t null_count = 0;
  BufferPtr validity;  // nullptr when no slot is null
  BufferPtr offsets;   // lists: length + 1 int64 offsets into the child's slots
};

struct AssembledLevels {
  std::vector<AssembledNode> nodes;  // one per LevelNode of the path
  int64_t records = 0;               // entries with repetition level 0 (top-level rows)
  int64_t values = 0;                // entries with def == max_def: the leaf's non-null values
};

/// Assembles `n` level entries (`rep` may be null when the path has no list). `max_def` and
/// `max_rep` are the leaf's maximum levels. Throws ComputeError on levels that no valid file
/// holds (past the maximum, a first entry that continues a record, a repetition that
/// continues a list that has no element there), never reading past `n` entries.
AssembledLevels assemble_levels(const std::vector<LevelNode>& path, const uint8_t* def, const uint8_t* rep, int64_t n,
                                int max_def, int max_rep);

}  // namespace floe::io::parquet
