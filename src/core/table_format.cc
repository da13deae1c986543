// Polars' DataFrame and Series printing: which rows, columns and characters are shown, and the
// width bounds Polars hands its table printer.
#include "core/table_format.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/data_frame.h"
#include "core/decimal.h"
#include "core/display_width.h"
#include "core/text_table.h"
#include "core/value_format.h"

namespace floe {

namespace {

constexpr std::string_view kEllipsis = "\u2026";
constexpr size_t kEllipsisChars = 1;
constexpr size_t kPadding = 2;  // one space either side of a cell
constexpr size_t kMinColumnWidth = 5;
constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();

size_t limit_of(int option) { return option < 0 ? kUnlimited : static_cast<size_t>(option); }

// Polars' rough screen-width estimate, which it uses for its column bounds. It is not the real
// display width ("żółć" estimates 8); the table printer measures the real one.
size_t estimate_width(std::string_view s) {
  size_t chars = char_count(s);
  size_t bytes = s.size();
  if (bytes == chars) return chars;
  double adjust = static_cast<double>(bytes) / static_cast<double>(chars);
  return std::min(chars * 2, static_cast<size_t>(std::ceil(static_cast<double>(chars) * adjust)));
}

// The first `max_chars` characters of `s`, followed by "…" when that cut anything.
std::string truncate_chars(std::string_view s, size_t max_chars) {
  if (max_chars == kUnlimited) return std::string(s);
  std::string_view head = prefix_chars(s, max_chars);
  if (head.size() == s.size()) return std::string(s);
  std::string out(head);
  out += kEllipsis;
  return out;
}

std::string value_text(const Column& column, int64_t i, size_t max_str_len, bool quote_strings, size_t list_len);

// A list as Polars shows it in a cell: "[1, 2]", or past `list_len` items the first
// list_len - 1, "…" and the last: "[0, 1, … 19]". Items are shown whole; the cell is cut later.
std::string list_text(const Column& column, int64_t i, size_t max_str_len, size_t list_len) {
  const int64_t* offsets = column.list_offsets();
  const Column& items = *column.children()[0];
  const int64_t begin = offsets[i], n = offsets[i + 1] - begin;
  std::string out = "[";
  auto item = [&](int64_t k) { out += value_text(items, begin + k, max_str_len, true, list_len); };
  if (list_len == kUnlimited || static_cast<size_t>(n) <= list_len) {
    for (int64_t k = 0; k < n; ++k) {
      if (k) out += ", ";
      item(k);
    }
  } else {
    const int64_t head = list_len == 0 ? 0 : static_cast<int64_t>(list_len) - 1;
    for (int64_t k = 0; k < head; ++k) {
      item(k);
      out += ", ";
    }
    out += kEllipsis;
    if (list_len > 0) {
      out += ' ';
      item(n - 1);
    }
  }
  return out + "]";
}

// A struct as Polars shows it: "{1,"a"}", its fields in order without spaces.
std::string struct_text(const Column& column, int64_t i, size_t max_str_len, size_t list_len) {
  std::string out = "{";
  for (size_t f = 0; f < column.children().size(); ++f) {
    if (f) out += ',';
    out += value_text(*column.children()[f], i, max_str_len, true, list_len);
  }
  return out + "}";
}

// A value as Polars' `AnyValue` displays it: strings quoted when `quote_strings` (always inside
// lists and structs), binary as b"..." cut after twice the string length limit.
std::string value_text(const Column& column, int64_t i, size_t max_str_len, bool quote_strings, size_t list_len) {
  if (column.is_null(i)) return "null";
  const DataType& type = column.type();
  switch (type.id) {
    case TypeId::kNull: return "null";
    case TypeId::kBoolean: return column.values<uint8_t>()[i] ? "true" : "false";
    case TypeId::kInt8: return std::to_string(column.values<int8_t>()[i]);
    case TypeId::kInt16: return std::to_string(column.values<int16_t>()[i]);
    case TypeId::kInt32: return std::to_string(column.values<int32_t>()[i]);
    case TypeId::kInt64: return std::to_string(column.values<int64_t>()[i]);
    case TypeId::kUInt8: return std::to_string(column.values<uint8_t>()[i]);
    case TypeId::kUInt16: return std::to_string(column.values<uint16_t>()[i]);
    case TypeId::kUInt32: return std::to_string(column.values<uint32_t>()[i]);
    case TypeId::kUInt64: return std::to_string(column.values<uint64_t>()[i]);
    case TypeId::kFloat32: return format_float(static_cast<double>(column.values<float>()[i]));
    case TypeId::kFloat64: return format_float(column.values<double>()[i]);
    case TypeId::kString: {
      std::string_view s = column.string_at(i);
      if (!quote_strings) return std::string(s);
      std::string out = "\"";
      out += s;
      out += '"';
      return out;
    }
    case TypeId::kBinary: {
      // Polars doubles the limit, wrapping around when it is "unlimited".
      int64_t max_bytes = max_str_len == kUnlimited ? -1 : static_cast<int64_t>(max_str_len * 2);
      return format_binary(column.string_at(i), max_bytes);
    }
    case TypeId::kDate: return format_date(column.values<int32_t>()[i]);
    case TypeId::kDatetime: return format_datetime(column.values<int64_t>()[i], type.unit, type.tz);
    case TypeId::kDuration: return format_duration(column.values<int64_t>()[i], type.unit);
    case TypeId::kTime: return format_time_of_day(column.values<int64_t>()[i]);
    case TypeId::kDecimal: return decimal::to_string(column.values<__int128>()[i], type.scale);
    case TypeId::kList: return list_text(column, i, max_str_len, list_len);
    case TypeId::kStruct: return struct_text(column, i, max_str_len, list_len);
  }
  return "null";
}

// A value as a table cell shows it.
std::string cell_text(const Column& column, int64_t i, size_t max_str_len, size_t list_len) {
  return truncate_chars(value_text(column, i, max_str_len, false, list_len), max_str_len);
}

// Parses an integer the way Rust's `str::parse::<i64>` does (no spaces, optional sign).
bool parse_i64(const char* text, int64_t& out) {
  if (text == nullptr || *text == '\0') return false;
  const char* p = text;
  bool negative = *p == '-';
  if (*p == '+' || *p == '-') ++p;
  if (*p == '\0') return false;
  uint64_t magnitude = 0;
  for (; *p; ++p) {
    if (*p < '0' || *p > '9') return false;
    uint64_t digit = static_cast<uint64_t>(*p - '0');
    if (magnitude > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + negative - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

// A limit from the environment: negative means none, anything unparsable keeps the default.
int env_limit(const char* name, int default_value) {
  int64_t v = 0;
  if (!parse_i64(std::getenv(name), v)) return default_value;
  if (v < 0) return -1;
  return static_cast<int>(std::min<int64_t>(v, std::numeric_limits<int>::max()));
}

}  // namespace

TableFormatOptions TableFormatOptions::from_env() {
  TableFormatOptions o;
  o.max_rows = env_limit("POLARS_FMT_MAX_ROWS", o.max_rows);
  o.max_cols = env_limit("POLARS_FMT_MAX_COLS", o.max_cols);
  o.max_str_len = env_limit("POLARS_FMT_STR_LEN", o.max_str_len);
  o.table_width = env_limit("POLARS_TABLE_WIDTH", o.table_width);
  o.max_list_len = env_limit("POLARS_FMT_TABLE_CELL_LIST_LEN", o.max_list_len);
  return o;
}

std::string format_value(const Column& column, int64_t i, const TableFormatOptions& options) {
  return cell_text(column, i, limit_of(options.max_str_len), limit_of(options.max_list_len));
}

std::string format_table(const DataFrame& df, const TableFormatOptions& options) {
  const size_t width = df.num_columns();
  const size_t height = static_cast<size_t>(df.num_rows());
  const size_t max_cols = limit_of(options.max_cols);
  const size_t max_rows = limit_of(options.max_rows);
  const size_t str_len = limit_of(options.max_str_len);
  const size_t list_len = limit_of(options.max_list_len);

  // Columns shown: the first ceil(max/2) and the last floor(max/2), with "…" between them.
  size_t n_first = width, n_last = 0;
  if (width > max_cols) {
    n_first = max_cols - max_cols / 2;
    n_last = max_cols / 2;
  }
  const bool elide_columns = n_first + n_last < width;
  std::vector<size_t> shown;  // frame column of each table column; `width` marks the "…" column
  for (size_t c = 0; c < n_first; ++c) shown.push_back(c);
  if (elide_columns) shown.push_back(width);
  for (size_t c = width - n_last; c < width; ++c) shown.push_back(c);

  TextTable table;
  std::vector<size_t> name_lengths;
  for (size_t c : shown) {
    if (c == width) {
      table.header.emplace_back(kEllipsis);
      name_lengths.push_back(kEllipsisChars);
      continue;
    }
    const Field& field = df.schema()[c];
    std::string name = truncate_chars(field.name, str_len);
    std::string dtype = field.type.to_string();
    // Polars measures the dtype in bytes ("datetime[μs]" counts 13).
    name_lengths.push_back(std::max({estimate_width(name), dtype.size(), size_t{3}}) + kPadding);
    table.header.push_back(name + "\n---\n" + dtype);
  }

  std::vector<size_t> max_elem_lengths(shown.size(), 0);
  auto add_rows = [&](const DataFrame& part) {
    std::vector<ColumnPtr> columns(shown.size());
    for (size_t k = 0; k < shown.size(); ++k) {
      if (shown[k] != width) columns[k] = part.column(shown[k]);
    }
    for (int64_t i = 0; i < part.num_rows(); ++i) {
      std::vector<std::string> row;
      row.reserve(shown.size());
      for (size_t k = 0; k < shown.size(); ++k) {
        if (shown[k] == width) {
          row.emplace_back(kEllipsis);
          max_elem_lengths[k] = kEllipsisChars + kPadding;
          continue;
        }
        row.push_back(cell_text(*columns[k], i, str_len, list_len));
        max_elem_lengths[k] = std::max(max_elem_lengths[k], estimate_width(row.back()) + kPadding);
      }
      table.rows.push_back(std::move(row));
    }
  };

  const bool elide_rows = max_rows > 0 && height > max_rows;
  if (max_rows > 0) {
    if (elide_rows) {
      const size_t half = max_rows / 2, rest = max_rows % 2;
      add_rows(df.slice(0, static_cast<int64_t>(half + rest)));
      table.rows.emplace_back(shown.size(), std::string(kEllipsis));
      add_rows(df.slice(static_cast<int64_t>(height - half), static_cast<int64_t>(half)));
    } else if (width > 0) {
      add_rows(df);
    }
  } else if (height > 0) {
    // Polars puts one "…" per column of the frame here, not per shown column.
    table.rows.emplace_back(width, std::string(kEllipsis));
  }

  // Width bounds per column, including padding, capped at what a cut string can take.
  const size_t cap = str_len == kUnlimited ? kUnlimited : str_len + kEllipsisChars + kPadding;
  auto to_u16 = [](size_t v) { return static_cast<int>(std::min<size_t>(v, 65535)); };
  for (size_t k = 0; k < shown.size(); ++k) {
    size_t mx = std::min(cap, std::max(name_lengths[k], max_elem_lengths[k]));
    if (mx <= kMinColumnWidth && !elide_rows) {
      table.bounds.push_back(ColumnWidthBounds::exact(to_u16(mx)));
    } else if (mx <= kMinColumnWidth) {
      table.bounds.push_back(ColumnWidthBounds::between(to_u16(mx), to_u16(kMinColumnWidth)));
    } else {
      table.bounds.push_back(ColumnWidthBounds::between(to_u16(kMinColumnWidth), to_u16(mx)));
    }
  }
  table.max_width = options.table_width < 0 ? 65535 : std::min(options.table_width, 65535);

  return "shape: (" + group_thousands(static_cast<int64_t>(height)) + ", " +
         group_thousands(static_cast<int64_t>(width)) + ")\n" + table.render();
}

std::string format_series(const std::string& name, const Column& column, const TableFormatOptions& options) {
  const int64_t n = column.length();
  const size_t max_rows = limit_of(options.max_rows);
  const size_t str_len = limit_of(options.max_str_len);
  const size_t list_len = limit_of(options.max_list_len);
  const bool is_string = column.type().id == TypeId::kString;

  std::string out = "shape: (" + group_thousands(n) + ",)\nSeries: '" + name + "' [" + column.type().to_string() + "]\n[\n";
  auto write = [&](const Column& part, int64_t i) {
    std::string v = value_text(part, i, str_len, true, list_len);
    if (is_string) {
      // Polars strips the first and last character as the quotes, nulls included, and leaves
      // the closing quote off a cut string.
      std::string_view inner = std::string_view(v).substr(1, v.size() - 2);
      std::string_view head = str_len == kUnlimited ? inner : prefix_chars(inner, str_len);
      if (head.size() != inner.size()) {
        out += "\t\"";
        out += head;
        out += kEllipsis;
        out += '\n';
        return;
      }
    }
    out += '\t';
    out += v;
    out += '\n';
  };
  if (static_cast<size_t>(n) > max_rows) {
    const int64_t half = static_cast<int64_t>(max_rows / 2), rest = static_cast<int64_t>(max_rows % 2);
    for (int64_t i = 0; i < half + rest; ++i) write(column, i);
    out += '\t';
    out += kEllipsis;
    out += '\n';
    for (int64_t i = n - half; i < n; ++i) write(column, i);
  } else {
    for (int64_t i = 0; i < n; ++i) write(column, i);
  }
  out += ']';
  return out;
}

}  // namespace floe
