// Box-drawn text tables laid out the way comfy-table 7.2 (Polars' table printer) lays them out.
#pragma once

#include <string>
#include <vector>

namespace floe {

/// How wide one column may be, including its two columns of padding (comfy-table's
/// ColumnConstraint, in the two forms Polars uses).
struct ColumnWidthBounds {
  enum class Kind { kNone, kExact, kBetween };
  Kind kind = Kind::kNone;
  int lower = 0;  // kExact: the width; kBetween: the lower bound
  int upper = 0;  // kBetween: the upper bound

  static ColumnWidthBounds exact(int width) { return {Kind::kExact, width, width}; }
  static ColumnWidthBounds between(int lower, int upper) { return {Kind::kBetween, lower, upper}; }
};

/// A table of text cells drawn with UTF-8 box characters in Polars' default style
/// (comfy-table's UTF8_FULL_CONDENSED preset). Cells may hold several lines separated by '\n'.
/// Column widths are fitted into `max_width` terminal columns with comfy-table's dynamic
/// arrangement: narrow columns keep their natural width and the rest share what is left, their
/// text wrapped at spaces (or, for long words, mid-word).
struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // a row may have more or fewer cells than the header
  std::vector<ColumnWidthBounds> bounds;       // per column; missing entries are unconstrained
  int max_width = 100;

  /// The drawn table, lines joined by '\n' (no trailing newline).
  std::string render() const;
};

}  // namespace floe
