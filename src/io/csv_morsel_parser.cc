// Morsel parsing: records are tokenized a batch at a time into field positions, then each
// column's batch is converted by a loop specialised for its type.
#include "io/csv_morsel_parser.h"

#include <algorithm>

#include "core/bitmap.h"
#include "core/column.h"
#include "core/string_view.h"
#include "io/csv_value_parsers.h"

namespace floe::io::csv {

namespace {

// Small enough that a batch's field positions stay in the L1 cache.
constexpr int64_t kBatchRows = 256;
// A morsel's fields are addressed with 32-bit offsets from its first byte.
constexpr int64_t kMaxMorselBytes = int64_t{1} << 30;
constexpr size_t kOwnedBlockBytes = 64 * 1024;

/// One output column of the morsel being built: values, a validity bitmap allocated at the
/// first null, and (for strings) blocks holding values whose doubled quotes were collapsed.
class ColumnSink {
 public:
  void start(const DataType& type, int64_t capacity) {
    type_ = type;
    width_ = static_cast<size_t>(byte_width(type.id));
    capacity_ = std::max<int64_t>(capacity, 1);
    values_ = Buffer::allocate(width_ * static_cast<size_t>(capacity_));
    validity_.reset();
    owned_.clear();
    owned_used_ = 0;
  }

  void reserve(int64_t rows) {
    if (rows <= capacity_) return;
    int64_t cap = std::max(rows, capacity_ * 2);
    auto values = Buffer::allocate(width_ * static_cast<size_t>(cap));
    std::memcpy(values->data(), values_->data(), width_ * static_cast<size_t>(capacity_));
    values_ = std::move(values);
    if (validity_) {
      auto validity = Buffer::allocate(bitmap::bytes_for(cap));
      std::memset(validity->data(), 0xff, bitmap::bytes_for(cap));
      std::memcpy(validity->data(), validity_->data(), bitmap::bytes_for(capacity_));
      validity_ = std::move(validity);
    }
    capacity_ = cap;
  }

  template <typename T>
  T* values() { return values_->as<T>(); }

  void set_null(int64_t row) {
    if (!validity_) {
      validity_ = Buffer::allocate(bitmap::bytes_for(capacity_));
      std::memset(validity_->data(), 0xff, bitmap::bytes_for(capacity_));
    }
    bitmap::clear(validity_->data(), row);
  }

  /// Copies `s` into an owned block; the view names it as data buffer 1 + block index (data
  /// buffer 0 is the morsel's span of the text).
  StringView store(std::string_view s) {
    if (s.size() <= StringView::kInlineSize) return StringView::make_inline(s);
    if (owned_.empty() || owned_used_ + s.size() > owned_.back()->size()) {
      owned_.push_back(Buffer::allocate(std::max(kOwnedBlockBytes, s.size())));
      owned_used_ = 0;
    }
    std::memcpy(owned_.back()->data() + owned_used_, s.data(), s.size());
    StringView v = StringView::make_ref(s, static_cast<uint32_t>(owned_.size()), static_cast<uint32_t>(owned_used_));
    owned_used_ += s.size();
    return v;
  }

  ColumnPtr finish(int64_t rows, const BufferPtr& text_span) {
    values_->set_size(width_ * static_cast<size_t>(rows));
    std::vector<BufferPtr> data_buffers;
    if (type_.is_string_like()) {
      data_buffers.push_back(text_span);
      if (!owned_.empty()) owned_.back()->set_size(owned_used_);
      for (auto& b : owned_) data_buffers.push_back(std::move(b));
    }
    auto col = std::make_shared<Column>(type_, rows, std::move(values_), std::move(validity_), std::move(data_buffers));
    owned_.clear();
    return col;
  }

 private:
  DataType type_;
  size_t width_ = 0;
  int64_t capacity_ = 0;
  BufferPtr values_;
  BufferPtr validity_;
  std::vector<BufferPtr> owned_;
  size_t owned_used_ = 0;
};

/// What a conversion loop needs besides the fields.
struct ConvertContext {
  const char* base;  // the morsel's first byte: field offsets count from here
  const char* text_end;
  const std::vector<std::string>* null_values;
  char quote;
  bool ignore_errors;
  bool check_utf8;  // the batch holds bytes that are not valid UTF-8

  bool is_null_value(const FieldRef& f) const {
    if (null_values->empty()) return false;
    std::string_view text(base + f.offset, f.size());
    std::string unescaped;
    if (f.escaped()) {
      unescaped = unescape_field(text, quote);
      text = unescaped;
    }
    return std::find(null_values->begin(), null_values->end(), text) != null_values->end();
  }
};

/// Result of converting one column's batch: the first failing row (or -1) and why.
struct ConvertFailure {
  int64_t row = -1;
  ParseError::Kind kind = ParseError::Kind::kValue;
};

template <typename T, typename Parse>
ConvertFailure convert_fixed(ColumnSink& sink, int64_t row0, const FieldRef* fields, int64_t n,
                             const ConvertContext& ctx, Parse parse) {
  T* out = sink.values<T>() + row0;
  const bool check_nulls = !ctx.null_values->empty();
  for (int64_t r = 0; r < n; ++r) {
    const FieldRef f = fields[r];
    const uint32_t size = f.size();
    const char* p = ctx.base + f.offset;
    // Empty fields, quoted or not, and missing ones (size 0) are null in non-string columns.
    if (size == 0 || (check_nulls && ctx.is_null_value(f))) [[unlikely]] {
      out[r] = T{};
      sink.set_null(row0 + r);
      continue;
    }
    if (!parse(p, p + size, out[r])) [[unlikely]] {
      if (!ctx.ignore_errors) return {r, ParseError::Kind::kValue};
      out[r] = T{};
      sink.set_null(row0 + r);
    }
  }
  return {};
}

ConvertFailure convert_strings(ColumnSink& sink, int64_t row0, const FieldRef* fields, int64_t n,
                               const ConvertContext& ctx, bool binary) {
  StringView* out = sink.values<StringView>() + row0;
  const bool check_nulls = !ctx.null_values->empty();
  const bool check_utf8 = ctx.check_utf8 && !binary;
  std::string unescaped;
  for (int64_t r = 0; r < n; ++r) {
    const FieldRef f = fields[r];
    const uint32_t size = f.size();
    const char* p = ctx.base + f.offset;
    if (size == 0) {
      // A quoted empty field is the empty string; an unquoted or missing one is null.
      out[r] = StringView::make_inline({});
      if (!f.quoted()) sink.set_null(row0 + r);
      continue;
    }
    if (check_nulls && ctx.is_null_value(f)) {
      out[r] = StringView::make_inline({});
      sink.set_null(row0 + r);
      continue;
    }
    std::string_view text(p, size);
    if (check_utf8 && !valid_utf8(p, size)) return {r, ParseError::Kind::kUtf8};
    if (!f.escaped()) [[likely]] {
      if (size > StringView::kInlineSize) {
        out[r] = StringView::make_ref(text, 0, f.offset);
      } else if (ctx.text_end - p >= 16) {
        // Two overlapping 8-byte loads, masked to the string's length, fill the inline bytes.
        uint64_t a, b;
        std::memcpy(&a, p, 8);
        std::memcpy(&b, p + 8, 8);
        a &= size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (size * 8)) - 1;
        b &= size <= 8 ? 0 : (uint64_t{1} << ((size - 8) * 8)) - 1;
        StringView& v = out[r];
        v.size = size;
        std::memcpy(v.inlined, &a, 8);
        std::memcpy(v.inlined + 8, &b, 4);
      } else {
        out[r] = StringView::make_inline(text);
      }
    } else {
      unescaped = unescape_field(text, ctx.quote);
      out[r] = sink.store(unescaped);
    }
  }
  return {};
}

// Parsers as function objects, so the conversion loops inline them.
template <typename T>
struct Integer {
  bool operator()(const char* p, const char* e, T& v) const { return parse_integer(p, e, v); }
};
template <typename T>
struct Float {
  bool operator()(const char* p, const char* e, T& v) const { return parse_float(p, e, v); }
};

ConvertFailure convert_column(const DataType& type, ColumnSink& sink, int64_t row0, const FieldRef* fields, int64_t n,
                              const ConvertContext& ctx) {
  switch (type.id) {
    case TypeId::kInt8:
      return convert_fixed<int8_t>(sink, row0, fields, n, ctx, Integer<int8_t>{});
    case TypeId::kInt16:
      return convert_fixed<int16_t>(sink, row0, fields, n, ctx, Integer<int16_t>{});
    case TypeId::kInt32:
      return convert_fixed<int32_t>(sink, row0, fields, n, ctx, Integer<int32_t>{});
    case TypeId::kInt64:
      return convert_fixed<int64_t>(sink, row0, fields, n, ctx, Integer<int64_t>{});
    case TypeId::kUInt8:
      return convert_fixed<uint8_t>(sink, row0, fields, n, ctx, Integer<uint8_t>{});
    case TypeId::kUInt16:
      return convert_fixed<uint16_t>(sink, row0, fields, n, ctx, Integer<uint16_t>{});
    case TypeId::kUInt32:
      return convert_fixed<uint32_t>(sink, row0, fields, n, ctx, Integer<uint32_t>{});
    case TypeId::kUInt64:
      return convert_fixed<uint64_t>(sink, row0, fields, n, ctx, Integer<uint64_t>{});
    case TypeId::kFloat32:
      return convert_fixed<float>(sink, row0, fields, n, ctx, Float<float>{});
    case TypeId::kFloat64:
      return convert_fixed<double>(sink, row0, fields, n, ctx, Float<double>{});
    case TypeId::kBoolean:
      return convert_fixed<uint8_t>(sink, row0, fields, n, ctx,
                                      [](const char* p, const char* e, uint8_t& v) { return parse_boolean(p, e, v); });
    case TypeId::kDate:
      return convert_fixed<int32_t>(sink, row0, fields, n, ctx,
                                     [](const char* p, const char* e, int32_t& v) { return parse_date(p, e, v); });
    case TypeId::kTime:
      return convert_fixed<int64_t>(sink, row0, fields, n, ctx,
                                     [](const char* p, const char* e, int64_t& v) { return parse_time(p, e, v); });
    case TypeId::kDatetime: {
      TimeUnit unit = type.unit;
      return convert_fixed<int64_t>(sink, row0, fields, n, ctx, [unit](const char* p, const char* e, int64_t& v) {
        bool has_offset;
        return parse_datetime(p, e, unit, v, has_offset);
      });
    }
    case TypeId::kString:
      return convert_strings(sink, row0, fields, n, ctx, false);
    case TypeId::kBinary:
      return convert_strings(sink, row0, fields, n, ctx, true);
    default:
      // kNull columns hold no values; the reader rejects other types before parsing.
      return {};
  }
}

ParseError::Kind token_error_kind(TokenError e) {
  switch (e) {
    case TokenError::kTooManyFields: return ParseError::Kind::kTooManyFields;
    case TokenError::kUnterminatedQuote: return ParseError::Kind::kUnterminatedQuote;
    case TokenError::kBadQuote: return ParseError::Kind::kBadQuote;
    case TokenError::kFieldTooLarge: return ParseError::Kind::kFieldTooLarge;
    case TokenError::kNone: break;
  }
  return ParseError::Kind::kNone;
}

}  // namespace

MorselParser::MorselParser(MorselParserSpec spec) : spec_(std::move(spec)) {
  for (const auto& t : spec_.types) any_string_ |= t.id == TypeId::kString;
}

RangeOutput MorselParser::parse(const char* start, const char* stop, int64_t max_rows) const {
  const MorselParserSpec& s = spec_;
  const size_t ncols = s.types.size();
  RangeOutput out;
  out.start = start;
  Tokenizer tokenizer(s.dialect, s.end, s.num_columns, s.slot_of_column, s.truncate_ragged_lines);
  std::vector<FieldRef> fields(std::max<size_t>(ncols, 1) * kBatchRows);
  std::vector<ColumnSink> sinks(ncols);
  ConvertContext ctx{nullptr, s.end, &s.null_values, s.dialect.quote, s.ignore_errors, false};

  const char* pos = start;
  while (out.rows < max_rows && pos < stop) {
    const char* base = pos;
    ctx.base = base;
    int64_t expected = static_cast<int64_t>(static_cast<double>(stop - pos) / std::max(1.0, s.bytes_per_row) * 1.1) + 16;
    int64_t capacity = std::min({s.morsel_rows, expected, max_rows - out.rows});
    for (size_t c = 0; c < ncols; ++c) sinks[c].start(s.types[c], capacity);
    int64_t rows = 0;
    while (rows < s.morsel_rows && out.rows + rows < max_rows && pos < stop && pos - base < kMaxMorselBytes) {
      int64_t want = std::min({kBatchRows, s.morsel_rows - rows, max_rows - out.rows - rows});
      const char* batch_start = pos;
      int64_t n = tokenizer.next_batch(pos, stop, want, base, fields.data(), kBatchRows);
      if (n > 0) {
        ctx.check_utf8 = any_string_ && !valid_utf8(batch_start, static_cast<size_t>(pos - batch_start));
        ConvertFailure first;
        int first_column = -1;
        for (size_t c = 0; c < ncols; ++c) {
          sinks[c].reserve(rows + n);
          ConvertFailure f = convert_column(s.types[c], sinks[c], rows, fields.data() + c * kBatchRows, n, ctx);
          if (f.row >= 0 && (first.row < 0 || f.row < first.row)) {
            first = f;
            first_column = static_cast<int>(c);
          }
        }
        if (first.row >= 0) [[unlikely]] {
          const FieldRef& f = fields[static_cast<size_t>(first_column) * kBatchRows + static_cast<size_t>(first.row)];
          out.error.kind = first.kind;
          out.error.at = base + f.offset;
          out.error.column = first_column;
          out.error.value.assign(base + f.offset, f.size());
          out.end = pos;
          return out;
        }
        rows += n;
      }
      if (tokenizer.error() != TokenError::kNone) [[unlikely]] {
        out.error.kind = token_error_kind(tokenizer.error());
        out.error.at = tokenizer.error_at();
        out.error.row_start = tokenizer.error_row_start();
        out.end = pos;
        return out;
      }
      if (n == 0) break;
    }
    if (rows > 0) {
      auto span = Buffer::view(s.buffer, static_cast<size_t>(base - s.begin), static_cast<size_t>(pos - base));
      std::vector<ColumnPtr> columns;
      columns.reserve(ncols);
      for (size_t c = 0; c < ncols; ++c) columns.push_back(sinks[c].finish(rows, span));
      out.morsels.emplace_back(std::move(columns), rows);
      out.rows += rows;
    } else if (pos == base) {
      break;  // nothing left that starts before `stop`
    }
  }
  out.end = pos;
  return out;
}

}  // namespace floe::io::csv
