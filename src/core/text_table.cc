// Column fitting, word wrapping and border drawing of TextTable, following comfy-table 7.2.
#include "core/text_table.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "core/display_width.h"

namespace floe {

namespace {

constexpr size_t kPadding = 2;        // one space either side of a cell's text
constexpr size_t kMinFreeChars = 2;   // a wrapped line with no more room than this is full

using CellLines = std::vector<std::string_view>;

CellLines split_cell(const std::string& cell) {
  CellLines lines;
  size_t start = 0;
  while (true) {
    size_t nl = cell.find('\n', start);
    if (nl == std::string::npos) {
      lines.emplace_back(cell.data() + start, cell.size() - start);
      return lines;
    }
    lines.emplace_back(cell.data() + start, nl - start);
    start = nl + 1;
  }
}

size_t saturating_sub(size_t a, size_t b) { return a > b ? a - b : 0; }

// Splits `word` after as many grapheme clusters as fit into `allowed` columns.
std::pair<std::string, std::string> split_long_word(size_t allowed, std::string_view word) {
  size_t width = 0;
  size_t pos = 0;
  while (pos < word.size()) {
    size_t end = next_grapheme(word, pos);
    size_t w = display_width(word.substr(pos, end - pos));
    if (width + w > allowed) break;
    width += w;
    pos = end;
  }
  return {std::string(word.substr(0, pos)), std::string(word.substr(pos))};
}

void finish_if_full(std::vector<std::string>& lines, size_t content_width, std::string& current) {
  if (display_width(current) > saturating_sub(content_width, kMinFreeChars)) {
    lines.push_back(std::move(current));
    current.clear();
  }
}

// Wraps one line into lines of at most `content_width` columns, breaking at spaces where it can
// and inside words that are longer than a whole line. The arithmetic mirrors comfy-table's
// `split_line` step by step (unsigned wrap-around included), since its choices decide the
// column widths.
std::vector<std::string> split_line(std::string_view line, size_t content_width) {
  std::vector<std::string> lines;
  std::vector<std::string> elements;  // a stack: the next word is at the back
  size_t start = 0;
  while (true) {
    size_t space = line.find(' ', start);
    elements.emplace_back(line.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  std::reverse(elements.begin(), elements.end());

  std::string current;
  while (!elements.empty()) {
    std::string next = std::move(elements.back());
    elements.pop_back();
    size_t current_length = display_width(current);
    size_t next_length = display_width(next);
    size_t added_length = next_length + current_length + (current.empty() ? 0 : 1);
    size_t remaining_width = content_width - current_length;
    if (!current.empty()) remaining_width = saturating_sub(remaining_width, 1);

    if (added_length <= content_width) {
      if (!current.empty()) current += ' ';
      current += next;
      finish_if_full(lines, content_width, current);
      continue;
    }
    if (!current.empty() && remaining_width <= kMinFreeChars) {
      elements.push_back(std::move(next));
      lines.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (next_length > content_width) {
      bool new_line = current.empty();
      if (!new_line) current += ' ';
      auto [head, rest] = split_long_word(remaining_width, next);
      if (new_line && head.empty()) {
        // A wide character in a one-column cell: take it anyway rather than loop forever.
        size_t pos = 0;
        next_code_point(rest, pos);
        head = rest.substr(0, pos);
        rest = rest.substr(pos);
      }
      current += head;
      elements.push_back(std::move(rest));
      lines.push_back(std::move(current));
      current.clear();
      continue;
    }
    lines.push_back(std::move(current));
    current = std::move(next);
    finish_if_full(lines, content_width, current);
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

std::string repeat(std::string_view piece, size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (size_t i = 0; i < n; ++i) out += piece;
  return out;
}

// The cells of the table as lines, column by column (the header first), and the fitting state.
class Layout {
 public:
  explicit Layout(const TextTable& table) : table_(table) {
    columns_ = table.header.size();
    for (const auto& row : table.rows) columns_ = std::max(columns_, row.size());
    rows_.push_back(split_row(table.header));
    for (const auto& row : table.rows) rows_.push_back(split_row(row));
    max_content_.assign(columns_, 0);
    for (const auto& row : rows_) {
      for (size_t c = 0; c < row.size(); ++c) {
        size_t w = 1;  // a column's content is at least one column wide
        for (auto line : row[c]) w = std::max(w, display_width(line));
        max_content_[c] = std::max(max_content_[c], w);
      }
    }
    width_.assign(columns_, std::nullopt);
  }

  std::vector<size_t> arrange() {
    for (size_t c = 0; c < columns_; ++c) apply_fixed_bounds(c);
    arrange_dynamic(static_cast<size_t>(std::max(table_.max_width, 0)));
    std::vector<size_t> widths(columns_);
    for (size_t c = 0; c < columns_; ++c) widths[c] = width_[c].value_or(1);
    return widths;
  }

  const std::vector<std::vector<CellLines>>& rows() const { return rows_; }
  size_t columns() const { return columns_; }

 private:
  static std::vector<CellLines> split_row(const std::vector<std::string>& row) {
    std::vector<CellLines> out;
    out.reserve(row.size());
    for (const auto& cell : row) out.push_back(split_cell(cell));
    return out;
  }

  ColumnWidthBounds bounds(size_t c) const { return c < table_.bounds.size() ? table_.bounds[c] : ColumnWidthBounds{}; }
  std::optional<size_t> lower(size_t c) const {
    auto b = bounds(c);
    if (b.kind != ColumnWidthBounds::Kind::kBetween) return std::nullopt;
    return static_cast<size_t>(b.lower);
  }
  std::optional<size_t> upper(size_t c) const {
    auto b = bounds(c);
    if (b.kind != ColumnWidthBounds::Kind::kBetween) return std::nullopt;
    return static_cast<size_t>(b.upper);
  }
  void fix(size_t c, size_t content_width) { width_[c] = std::max<size_t>(content_width, 1); }
  // A bound covers the padding; the content gets what is left, at least one column.
  static size_t content_of(size_t bound) { return std::max<size_t>(saturating_sub(bound, kPadding), 1); }

  // Widths known before looking at the table width: exact ones, and lower bounds the content
  // cannot reach anyway.
  void apply_fixed_bounds(size_t c) {
    auto b = bounds(c);
    if (b.kind == ColumnWidthBounds::Kind::kExact) fix(c, content_of(static_cast<size_t>(b.lower)));
    if (auto lo = lower(c); lo && max_content_[c] + kPadding <= *lo) fix(c, content_of(*lo));
  }

  void arrange_dynamic(size_t table_width) {
    size_t borders = 2 + saturating_sub(columns_, 1);
    size_t remaining_width = saturating_sub(table_width, borders);
    size_t remaining_columns = 0;
    for (size_t c = 0; c < columns_; ++c) {
      if (!width_[c]) {
        remaining_width = saturating_sub(remaining_width, kPadding);
        ++remaining_columns;
      }
    }
    for (size_t c = 0; c < columns_; ++c) {
      if (width_[c]) remaining_width = saturating_sub(remaining_width, *width_[c] + kPadding);
    }
    if (remaining_columns > 0) enforce_lower_bounds(remaining_width, remaining_columns);
    fit_columns_into_average(remaining_width, remaining_columns);
    if (remaining_columns > 0) shrink_columns_after_wrapping(remaining_width, remaining_columns);
    if (remaining_columns == 0) return;
    // Share what is left evenly, the odd columns going to the leftmost ones.
    remaining_width = std::max(remaining_width, remaining_columns);
    size_t average = remaining_width / remaining_columns;
    size_t excess = remaining_width - average * remaining_columns;
    for (size_t c = 0; c < columns_; ++c) {
      if (width_[c]) continue;
      fix(c, average + (excess > 0 ? 1 : 0));
      if (excess > 0) --excess;
    }
  }

  // Columns whose lower bound exceeds the average space left are fixed at that bound.
  void enforce_lower_bounds(size_t& remaining_width, size_t& remaining_columns) {
    size_t average = remaining_width / remaining_columns;
    bool again = true;
    while (again) {
      again = false;
      for (size_t c = 0; c < columns_; ++c) {
        if (width_[c]) continue;
        auto lo = lower(c);
        if (!lo || average >= *lo) continue;
        size_t w = content_of(*lo);
        fix(c, w);
        remaining_width = saturating_sub(remaining_width, w);
        if (--remaining_columns == 0) break;
        average = remaining_width / remaining_columns;
        again = true;
      }
    }
  }

  // Columns narrower than the average space left keep their natural width (or their upper
  // bound), which leaves more for the others; repeated until nothing changes.
  void fit_columns_into_average(size_t& remaining_width, size_t& remaining_columns) {
    bool found = true;
    while (found) {
      found = false;
      if (remaining_columns == 0) break;
      size_t average = remaining_width / remaining_columns;
      if (average == 0) break;
      for (size_t c = 0; c < columns_; ++c) {
        if (width_[c]) continue;
        size_t natural = max_content_[c];
        if (auto up = upper(c); up && *up <= average + kPadding && natural + kPadding >= *up) {
          size_t w = content_of(*up);
          fix(c, w);
          remaining_width = saturating_sub(remaining_width, w);
          if (--remaining_columns == 0) break;
          average = remaining_width / remaining_columns;
          found = true;
          continue;
        }
        if (natural <= average) {
          fix(c, natural);
          remaining_width = saturating_sub(remaining_width, natural);
          if (--remaining_columns == 0) break;
          average = remaining_width / remaining_columns;
          found = true;
        }
      }
    }
  }

  // A column whose text, wrapped at the average width, comes out at least three columns
  // narrower is fixed at that wrapped width.
  void shrink_columns_after_wrapping(size_t& remaining_width, size_t& remaining_columns) {
    size_t average = remaining_width / remaining_columns;
    bool found = true;
    while (found) {
      found = false;
      for (size_t c = 0; c < columns_; ++c) {
        if (width_[c]) continue;
        size_t longest = longest_line_after_split(c, average);
        if (saturating_sub(average, longest) >= 3) {
          fix(c, longest);
          remaining_width = saturating_sub(remaining_width, longest);
          if (--remaining_columns == 0) break;
          average = remaining_width / remaining_columns;
          found = true;
        }
      }
    }
  }

  // comfy-table measures the wrapped lines here in bytes, not columns; kept, since it decides
  // which columns get fixed.
  size_t longest_line_after_split(size_t c, size_t average) const {
    size_t longest = 0;
    for (const auto& row : rows_) {
      if (c >= row.size()) continue;
      for (auto line : row[c]) {
        if (display_width(line) > average) {
          for (const auto& part : split_line(line, std::max<size_t>(average, 1))) longest = std::max(longest, part.size());
        } else {
          longest = std::max(longest, line.size());
        }
      }
    }
    return longest;
  }

  const TextTable& table_;
  size_t columns_ = 0;
  std::vector<std::vector<CellLines>> rows_;
  std::vector<size_t> max_content_;
  std::vector<std::optional<size_t>> width_;
};

std::string border_line(const std::vector<size_t>& widths, std::string_view left, std::string_view fill,
                        std::string_view join, std::string_view right) {
  std::string line(left);
  for (size_t c = 0; c < widths.size(); ++c) {
    if (c > 0) line += join;
    line += repeat(fill, widths[c] + kPadding);
  }
  line += right;
  return line;
}

}  // namespace

std::string TextTable::render() const {
  Layout layout(*this);
  std::vector<size_t> widths = layout.arrange();
  std::vector<std::string> out;
  out.push_back(border_line(widths, "┌", "─", "┬", "┐"));
  const auto& rows = layout.rows();
  for (size_t r = 0; r < rows.size(); ++r) {
    // Each cell's lines, wrapped to the column and padded to its full width.
    std::vector<std::vector<std::string>> cells(widths.size());
    size_t height = 0;
    for (size_t c = 0; c < widths.size(); ++c) {
      if (c >= rows[r].size()) {
        cells[c].push_back(std::string(widths[c] + kPadding, ' '));
      } else {
        for (auto line : rows[r][c]) {
          std::vector<std::string> parts;
          if (display_width(line) > widths[c]) {
            parts = split_line(line, widths[c]);
          } else {
            parts.emplace_back(line);
          }
          for (auto& part : parts) {
            size_t fill = saturating_sub(widths[c], display_width(part));
            cells[c].push_back(" " + part + std::string(fill, ' ') + " ");
          }
        }
      }
      height = std::max(height, cells[c].size());
    }
    for (size_t k = 0; k < height; ++k) {
      std::string line = "│";
      for (size_t c = 0; c < widths.size(); ++c) {
        if (c > 0) line += "┆";
        line += k < cells[c].size() ? cells[c][k] : std::string(widths[c] + kPadding, ' ');
      }
      line += "│";
      out.push_back(std::move(line));
    }
    if (r == 0) out.push_back(border_line(widths, "╞", "═", "╪", "╡"));
  }
  out.push_back(border_line(widths, "└", "─", "┴", "┘"));
  std::string text;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0) text += '\n';
    text += out[i];
  }
  return text;
}

}  // namespace floe
