// CSV reader: finds the header, settles the schema (inferred or given), then parses the body
// in parallel byte ranges whose guessed record starts are confirmed in file order.
#include "io/csv_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>

#include "core/error.h"
#include "core/thread_pool.h"
#include "io/csv_morsel_parser.h"
#include "io/csv_tokenizer.h"
#include "io/csv_type_inference.h"
#include "io/file_system.h"

namespace floe::io {

namespace {

using csv::Dialect;
using csv::ParseError;
using csv::TokenError;

/// The text being read, and the buffer that owns it.
struct Source {
  BufferPtr buffer;
  const char* begin = nullptr;
  const char* end = nullptr;
  std::string path;  // empty for in-memory text
};

Source open_file(const std::string& path) {
  auto file = FileSystem::for_path(path).open_read(path);
  Source src;
  src.buffer = file->read_at(0, file->size());
  src.begin = reinterpret_cast<const char*>(src.buffer->data());
  src.end = src.begin + file->size();
  src.path = path;
  return src;
}

Source copy_text(std::string_view data) {
  Source src;
  src.buffer = Buffer::allocate(data.size());
  if (!data.empty()) std::memcpy(src.buffer->data(), data.data(), data.size());
  src.begin = reinterpret_cast<const char*>(src.buffer->data());
  src.end = src.begin + data.size();
  return src;
}

/// Where things are in the text, and the names the file gives its columns.
struct Layout {
  Dialect dialect;
  const char* body = nullptr;  // the first data record
  std::vector<std::string> names;
};

/// Everything an error message needs to say where and what.
class ErrorReporter {
 public:
  ErrorReporter(const Source& src, const Dialect& dialect) : src_(src), dialect_(dialect) {}

  /// 1-based line of the text that holds `p`.
  int64_t line_of(const char* p) const { return 1 + std::count(src_.begin, p, '\n'); }

  std::string where(const char* p) const {
    std::string s = fmt::format("line {}", line_of(p));
    if (!src_.path.empty()) s += fmt::format(" of '{}'", src_.path);
    return s;
  }

  [[noreturn]] void raise_token_error(TokenError e, const char* at, const char* row_start, int num_columns) const {
    switch (e) {
      case TokenError::kTooManyFields: {
        std::vector<std::string> fields;
        const char* p = row_start;
        csv::split_record(dialect_, p, src_.end, fields);
        throw ComputeError(fmt::format(
            "found more fields than defined in 'Schema' on {}: expected {} fields, found {}\n\n"
            "Consider setting 'truncate_ragged_lines=True'.",
            where(at), num_columns, fields.size()));
      }
      case TokenError::kUnterminatedQuote:
        throw ComputeError(fmt::format("CSV malformed: unterminated quoted field starting on {}", where(at)));
      case TokenError::kBadQuote: {
        std::string_view rest(at, static_cast<size_t>(std::min<ptrdiff_t>(src_.end - at, 40)));
        rest = rest.substr(0, rest.find('\n'));
        throw ComputeError(fmt::format(
            "CSV malformed: a quoted field on {} is followed by text other than a separator or a newline: `{}`",
            where(at), rest));
      }
      case TokenError::kFieldTooLarge:
        throw ComputeError(fmt::format("CSV field or record on {} is too large (at most 512 MiB per field)", where(at)));
      case TokenError::kNone: break;
    }
    throw InternalError("CSV tokenizer reported no error");
  }

  [[noreturn]] void raise(const ParseError& e, const std::vector<std::string>& names, const std::vector<DataType>& types,
                          const std::vector<int>& file_column, int num_columns) const {
    switch (e.kind) {
      case ParseError::Kind::kValue: {
        size_t c = static_cast<size_t>(e.column);
        throw ComputeError(fmt::format(
            "could not parse `{}` as dtype `{}` at column '{}' (column number {}) on {}\n\n"
            "You might want to try:\n"
            "- increasing `infer_schema_length` (e.g. `infer_schema_length=10000`),\n"
            "- specifying correct dtype with the `schema_overrides` argument\n"
            "- setting `ignore_errors` to `True`,\n"
            "- adding `{}` to the `null_values` list.",
            e.value, types[c].to_string(), names[c], file_column[c] + 1, where(e.at), e.value));
      }
      case ParseError::Kind::kUtf8:
        throw ComputeError(fmt::format("invalid utf-8 sequence in column '{}' on {}", names[static_cast<size_t>(e.column)],
                                       where(e.at)));
      case ParseError::Kind::kTooManyFields:
        raise_token_error(TokenError::kTooManyFields, e.at, e.row_start, num_columns);
      case ParseError::Kind::kUnterminatedQuote:
        raise_token_error(TokenError::kUnterminatedQuote, e.at, e.row_start, num_columns);
      case ParseError::Kind::kBadQuote:
        raise_token_error(TokenError::kBadQuote, e.at, e.row_start, num_columns);
      case ParseError::Kind::kFieldTooLarge:
        raise_token_error(TokenError::kFieldTooLarge, e.at, e.row_start, num_columns);
      case ParseError::Kind::kNone: break;
    }
    throw InternalError("CSV parser reported no error");
  }

 private:
  const Source& src_;
  const Dialect& dialect_;
};

Dialect make_dialect(const CsvReadOptions& o) {
  Dialect d;
  d.separator = o.separator;
  d.quoting = o.quote_char.has_value();
  d.quote = o.quote_char.value_or('"');
  d.has_comment = o.comment_prefix.has_value();
  d.comment = o.comment_prefix.value_or('#');
  FLOE_USER_CHECK(d.separator != '\n' && d.separator != '\r', InvalidArgument,
                  "invalid CSV separator: a newline cannot separate fields");
  FLOE_USER_CHECK(!d.quoting || d.quote != d.separator, InvalidArgument,
                  "invalid CSV options: the quote character and the separator are both '{}'", d.separator);
  return d;
}

/// Polars' names for repeated header names: the second "a" becomes "a_duplicated_0".
void deduplicate(std::vector<std::string>& names) {
  std::set<std::string> seen;
  std::map<std::string, int> repeats;
  for (auto& n : names) {
    if (seen.insert(n).second) continue;
    n = fmt::format("{}_duplicated_{}", n, repeats[n]++);
    seen.insert(n);
  }
}

Layout find_layout(const Source& src, const CsvReadOptions& o, const ErrorReporter& errors) {
  Layout layout;
  layout.dialect = make_dialect(o);
  const Dialect& d = layout.dialect;
  const char* p = src.begin;
  const char* end = src.end;
  if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  FLOE_USER_CHECK(o.skip_rows >= 0, InvalidArgument, "skip_rows must not be negative, got {}", o.skip_rows);
  for (int64_t skipped = 0; skipped < o.skip_rows && p < end;) {
    if (!(d.has_comment && *p == d.comment)) ++skipped;
    p = csv::skip_line(p, end);
  }
  while (d.has_comment && p < end && *p == d.comment) p = csv::skip_line(p, end);
  FLOE_USER_CHECK(p < end, ComputeError, "empty CSV{}", src.path.empty() ? "" : fmt::format(": '{}'", src.path));

  std::vector<std::string> fields;
  const char* q = p;
  TokenError e = csv::split_record(d, q, end, fields);
  if (e != TokenError::kNone) errors.raise_token_error(e, q, p, 0);
  if (o.has_header) {
    layout.names = std::move(fields);
    deduplicate(layout.names);
    layout.body = q;
  } else {
    for (size_t i = 0; i < fields.size(); ++i) layout.names.push_back(fmt::format("column_{}", i));
    layout.body = p;
  }
  return layout;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += fmt::format("{}\"{}\"", i ? ", " : "", names[i]);
  return "[" + s + "]";
}

/// The columns of the file, their types, and which of them come out in which order.
struct Plan {
  std::vector<std::string> file_names;
  std::vector<DataType> file_types;
  std::vector<bool> file_type_known;  // given by `schema` or `schema_overrides`
  std::vector<int> output;            // file column of each output column
};

Plan make_plan(const Layout& layout, const CsvReadOptions& o, bool all_columns) {
  Plan plan;
  const size_t ncols = layout.names.size();
  plan.file_types.assign(ncols, TypeId::kString);
  plan.file_type_known.assign(ncols, false);
  std::vector<int> natural;  // output order before projection
  if (o.schema) {
    const Schema& schema = *o.schema;
    std::vector<std::string> missing, extra;
    if (o.has_header) {
      plan.file_names = layout.names;
      for (const auto& f : schema) {
        auto it = std::find(layout.names.begin(), layout.names.end(), f.name);
        if (it == layout.names.end()) {
          missing.push_back(f.name);
          continue;
        }
        size_t i = static_cast<size_t>(it - layout.names.begin());
        plan.file_types[i] = f.type;
        plan.file_type_known[i] = true;
        natural.push_back(static_cast<int>(i));
      }
      for (const auto& n : layout.names) {
        if (!schema.find(n)) extra.push_back(n);
      }
    } else {
      plan.file_names = layout.names;
      for (size_t i = 0; i < schema.size(); ++i) {
        if (i >= ncols) {
          missing.push_back(schema[i].name);
          continue;
        }
        plan.file_names[i] = schema[i].name;
        plan.file_types[i] = schema[i].type;
        plan.file_type_known[i] = true;
        natural.push_back(static_cast<int>(i));
      }
      for (size_t i = schema.size(); i < ncols; ++i) extra.push_back(layout.names[i]);
    }
    FLOE_USER_CHECK(extra.empty(), SchemaMismatch,
                    "CSV file contained column names not specified in schema (n_extra = {}). Specify these names in "
                    "the schema. (extra names: {})",
                    extra.size(), quoted_list(extra));
    FLOE_USER_CHECK(missing.empty(), SchemaMismatch,
                    "column names specified in schema not found in CSV file (n_missing = {}). Remove these names from "
                    "the schema. (missing names: {}; the file has: {})",
                    missing.size(), quoted_list(missing), quoted_list(layout.names));
  } else {
    plan.file_names = layout.names;
    for (size_t i = 0; i < ncols; ++i) {
      natural.push_back(static_cast<int>(i));
      auto it = o.schema_overrides.find(layout.names[i]);
      if (it != o.schema_overrides.end()) {
        plan.file_types[i] = it->second;
        plan.file_type_known[i] = true;
      }
    }
  }
  if (o.columns && !all_columns) {
    std::set<std::string> unique(o.columns->begin(), o.columns->end());
    FLOE_USER_CHECK(unique.size() == o.columns->size(), InvalidArgument,
                    "`columns` arg should only have unique values, got {}", quoted_list(*o.columns));
    std::vector<std::string> available;
    for (int i : natural) available.push_back(plan.file_names[static_cast<size_t>(i)]);
    for (const auto& name : *o.columns) {
      auto it = std::find(available.begin(), available.end(), name);
      if (it == available.end()) throw ColumnNotFound(column_not_found_message(name, available));
      plan.output.push_back(natural[static_cast<size_t>(it - available.begin())]);
    }
  } else {
    plan.output = natural;
  }
  for (int i : plan.output) {
    const DataType& t = plan.file_types[static_cast<size_t>(i)];
    FLOE_USER_CHECK(t.id != TypeId::kDuration, InvalidOperation,
                    "cannot read CSV column '{}' as {}: durations are not supported by the CSV reader",
                    plan.file_names[static_cast<size_t>(i)], t.to_string());
  }
  return plan;
}

/// Infers the types of the planned columns whose type is not given, from the first rows.
/// Returns the average bytes per sampled row (0 if nothing was sampled).
double infer_types(const Source& src, const Layout& layout, const CsvReadOptions& o, Plan& plan) {
  std::vector<int> slot(layout.names.size(), -1);
  std::vector<size_t> sampled;
  for (int i : plan.output) {
    if (!plan.file_type_known[static_cast<size_t>(i)]) {
      slot[static_cast<size_t>(i)] = static_cast<int>(sampled.size());
      sampled.push_back(static_cast<size_t>(i));
    }
  }
  if (o.infer_schema_length == 0) return 0;
  csv::Tokenizer tokenizer(layout.dialect, src.end, static_cast<int>(layout.names.size()), slot,
                           o.truncate_ragged_lines);
  // Sampling also measures the row width used to size parallel ranges, so it reads a few rows
  // even when every type is known.
  int64_t rows = o.infer_schema_length;
  if (sampled.empty()) rows = rows < 0 ? 100 : std::min<int64_t>(rows, 100);
  csv::InferenceSample sample =
      csv::sample_kinds(tokenizer, static_cast<int>(sampled.size()), layout.body, src.end, rows, o.null_values,
                        layout.dialect.quote, o.try_parse_dates);
  // A structural error ends the sample quietly: the parse raises it if it gets that far (it
  // may not, with n_rows).
  for (size_t s = 0; s < sampled.size(); ++s) plan.file_types[sampled[s]] = csv::resolve_kinds(sample.kinds[s]);
  return sample.rows > 0 ? static_cast<double>(sample.bytes) / static_cast<double>(sample.rows) : 0;
}

Schema output_schema(const Plan& plan) {
  Schema schema;
  for (int i : plan.output) schema.add(plan.file_names[static_cast<size_t>(i)], plan.file_types[static_cast<size_t>(i)]);
  return schema;
}

/// Average bytes per line over the first 64 KiB of the body (quoted newlines count as lines:
/// this only sizes the parallel ranges).
double estimate_row_bytes(const char* body, const char* end) {
  const char* probe_end = body + std::min<ptrdiff_t>(end - body, 64 * 1024);
  int64_t lines = std::count(body, probe_end, '\n');
  return lines > 0 ? static_cast<double>(probe_end - body) / static_cast<double>(lines)
                   : static_cast<double>(probe_end - body);
}

/// Parses the body in parallel byte ranges of about a morsel each (a little under, so a range
/// rarely spills into a second, short morsel), but enough of them to balance the threads.
/// Each range's records are taken to start after its first newline: a guess, wrong when that
/// newline sits in a quoted field. Ranges are confirmed in file order against where the
/// previous range's records ended, and a range whose guess was wrong is parsed again from
/// there. Errors of a range count only once it is confirmed: `raise` throws them.
template <typename Raise>
std::vector<Chunk> parse_body(const csv::MorselParser& parser, const char* body, const char* end, double row_bytes,
                              std::optional<int64_t> n_rows, Raise&& raise) {
  ThreadPool& pool = ThreadPool::global();
  const int64_t body_bytes = end - body;
  const int64_t threads = pool.size();
  const int64_t morsel = parser.spec().morsel_rows;
  double target = std::min(row_bytes * static_cast<double>(morsel) * 0.9, 32.0 * 1024 * 1024);
  if (body_bytes > int64_t{4} << 20) target = std::min(target, static_cast<double>(body_bytes) / static_cast<double>(threads * 8));
  // Tiny morsels (tests) get tiny ranges, so range boundaries fall everywhere.
  int64_t range_bytes = std::max<int64_t>({static_cast<int64_t>(target), body_bytes / 200000, 64});
  if (morsel >= 1024) range_bytes = std::max<int64_t>(range_bytes, 256 * 1024);
  const int64_t num_ranges = std::max<int64_t>(1, (body_bytes + range_bytes - 1) / range_bytes);
  auto bound = [&](int64_t j) { return j >= num_ranges ? end : body + j * range_bytes; };
  auto guessed_start = [&](int64_t j) -> const char* {
    if (j == 0) return body;
    const char* b = bound(j) - 1;
    const char* nl = static_cast<const char*>(std::memchr(b, '\n', static_cast<size_t>(end - b)));
    return nl ? nl + 1 : end;
  };
  const double rows_per_range = std::max(static_cast<double>(range_bytes) / row_bytes, 1.0);
  const int64_t limit = n_rows.value_or(INT64_MAX);

  std::vector<csv::RangeOutput> outputs(static_cast<size_t>(num_ranges));
  std::vector<Chunk> morsels;
  int64_t total = 0;
  const char* confirmed = body;  // records before this are parsed and accepted
  for (int64_t first = 0; first < num_ranges && total < limit && confirmed < end;) {
    // With n_rows, parse only as many ranges as the remaining rows are likely to need.
    int64_t wave_end = num_ranges;
    if (n_rows) {
      auto needed = static_cast<int64_t>(std::ceil(static_cast<double>(limit - total) / rows_per_range));
      wave_end = std::min(num_ranges, first + std::clamp<int64_t>(needed, 1, threads * 4));
    }
    const int64_t wave_limit = limit - total;
    pool.parallel_for(wave_end - first, 1, [&](int64_t b, int64_t e) {
      for (int64_t j = first + b; j < first + e; ++j) {
        outputs[static_cast<size_t>(j)] = parser.parse(guessed_start(j), bound(j + 1), wave_limit);
      }
    });
    for (int64_t j = first; j < wave_end && total < limit; ++j) {
      csv::RangeOutput out = std::move(outputs[static_cast<size_t>(j)]);
      if (bound(j + 1) <= confirmed) continue;  // a long record of an earlier range covered it
      if (out.start != confirmed) out = parser.parse(confirmed, bound(j + 1), limit - total);
      if (out.error) raise(out.error);
      for (auto& m : out.morsels) {
        if (total >= limit) break;
        if (total + m.num_rows() > limit) m = m.slice(0, limit - total);
        total += m.num_rows();
        morsels.push_back(std::move(m));
      }
      confirmed = out.end;
    }
    first = wave_end;
  }
  for (size_t i = 0; i < morsels.size(); ++i) morsels[i].set_sequence(static_cast<int64_t>(i));
  return morsels;
}

DataFrame read(const Source& src, const CsvReadOptions& o) {
  FLOE_USER_CHECK(!o.n_rows || *o.n_rows >= 0, InvalidArgument, "n_rows must not be negative, got {}", *o.n_rows);
  Dialect dialect = make_dialect(o);
  ErrorReporter errors(src, dialect);
  Layout layout = find_layout(src, o, errors);
  Plan plan = make_plan(layout, o, false);
  double row_bytes = infer_types(src, layout, o, plan);
  if (row_bytes <= 0) row_bytes = estimate_row_bytes(layout.body, src.end);
  row_bytes = std::max(row_bytes, 1.0);
  Schema schema = output_schema(plan);

  std::vector<std::string> names;
  std::vector<DataType> types;
  for (const auto& f : schema) {
    names.push_back(f.name);
    types.push_back(f.type);
  }
  std::vector<Chunk> morsels;
  if (!schema.empty() && o.n_rows.value_or(1) > 0 && layout.body < src.end) {
    csv::MorselParserSpec spec;
    spec.dialect = layout.dialect;
    spec.begin = src.begin;
    spec.end = src.end;
    spec.buffer = src.buffer;
    spec.num_columns = static_cast<int>(layout.names.size());
    spec.slot_of_column.assign(layout.names.size(), -1);
    for (size_t k = 0; k < plan.output.size(); ++k) spec.slot_of_column[static_cast<size_t>(plan.output[k])] = static_cast<int>(k);
    spec.types = types;
    spec.null_values = o.null_values;
    spec.ignore_errors = o.ignore_errors;
    spec.truncate_ragged_lines = o.truncate_ragged_lines;
    spec.morsel_rows = morsel_rows();
    spec.bytes_per_row = row_bytes;
    csv::MorselParser parser(std::move(spec));
    morsels = parse_body(parser, layout.body, src.end, row_bytes, o.n_rows, [&](const ParseError& e) {
      errors.raise(e, names, types, plan.output, static_cast<int>(layout.names.size()));
    });
  }
  if (morsels.empty()) {
    std::vector<ColumnPtr> cols;
    for (const auto& f : schema) cols.push_back(Column::nulls(f.type, 0));
    return DataFrame(std::move(schema), std::move(cols));
  }
  return DataFrame(std::move(schema), std::move(morsels));
}

Schema infer(const Source& src, const CsvReadOptions& o) {
  Dialect dialect = make_dialect(o);
  ErrorReporter errors(src, dialect);
  Layout layout = find_layout(src, o, errors);
  Plan plan = make_plan(layout, o, true);
  infer_types(src, layout, o, plan);
  return output_schema(plan);
}

}  // namespace

Schema infer_csv_schema(const std::string& path, const CsvReadOptions& options) { return infer(open_file(path), options); }

Schema infer_csv_schema_buffer(std::string_view data, const CsvReadOptions& options) {
  return infer(copy_text(data), options);
}

DataFrame read_csv(const std::string& path, const CsvReadOptions& options) { return read(open_file(path), options); }

DataFrame read_csv_buffer(std::string_view data, const CsvReadOptions& options) {
  return read(copy_text(data), options);
}

}  // namespace floe::io
