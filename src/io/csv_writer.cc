// CSV writer: each block of rows is formatted column by column into text runs, the runs are
// interleaved into rows, and blocks formatted in parallel are written in order.
#include "io/csv_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>

#include "core/decimal.h"
#include "core/error.h"
#include "core/thread_pool.h"
#include "io/file_system.h"

namespace floe::io {

namespace {

constexpr int64_t kBlockRows = 16 * 1024;

/// A growable byte buffer that is not zero-filled and keeps 16 bytes of slack past its end, so
/// short copies out of it and into it can move 16 bytes at a time.
class TextBuffer {
 public:
  static constexpr size_t kSlack = 16;

  /// Room for `n` more bytes (plus the slack); returns where they go.
  char* grow(size_t n) {
    if (size_ + n + kSlack > capacity_) {
      size_t cap = std::max(capacity_ * 2, size_ + n + kSlack);
      auto bigger = std::make_unique_for_overwrite<char[]>(cap);
      if (size_) std::memcpy(bigger.get(), data_.get(), size_);
      data_ = std::move(bigger);
      capacity_ = cap;
    }
    return data_.get() + size_;
  }
  void append(std::string_view s) {
    std::memcpy(grow(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  void push_back(char c) {
    *grow(1) = c;
    ++size_;
  }
  void clear() { size_ = 0; }
  void set_size(size_t n) { size_ = n; }
  size_t size() const { return size_; }
  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

/// One column's text for a block of rows: value i is bytes[ends[i-1], ends[i]).
struct ColumnText {
  TextBuffer bytes;
  std::vector<uint32_t> ends;
};

/// Copies n bytes, 16 at a time when both sides have the slack for it.
inline char* copy_short(char* w, const char* src, size_t n) {
  if (n <= TextBuffer::kSlack) {
    std::memcpy(w, src, 16);
  } else {
    std::memcpy(w, src, n);
  }
  return w + n;
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

char* put_digits(char* w, uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    w[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return w + width;
}

char* put_date(char* w, int64_t days) {
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y >= 0 && y <= 9999) {
    w = put_digits(w, static_cast<uint64_t>(y), 4);
  } else {
    // chrono's %Y: a sign and at least four digits outside 0..9999.
    *w++ = y < 0 ? '-' : '+';
    uint64_t a = static_cast<uint64_t>(y < 0 ? -y : y);
    w = std::to_chars(w, w + 20, a).ptr;
  }
  *w++ = '-';
  w = put_digits(w, m, 2);
  *w++ = '-';
  return put_digits(w, d, 2);
}

char* put_time_of_day(char* w, int64_t nanos_of_day, int fraction_digits) {
  int64_t secs = nanos_of_day / 1000000000;
  w = put_digits(w, static_cast<uint64_t>(secs / 3600), 2);
  *w++ = ':';
  w = put_digits(w, static_cast<uint64_t>(secs / 60 % 60), 2);
  *w++ = ':';
  w = put_digits(w, static_cast<uint64_t>(secs % 60), 2);
  *w++ = '.';
  int64_t frac = nanos_of_day % 1000000000;
  for (int i = fraction_digits; i < 9; ++i) frac /= 10;
  return put_digits(w, static_cast<uint64_t>(frac), fraction_digits);
}

/// The shortest text that reads back as `v`, laid out as Polars writes floats (ryu's rules,
/// with an explicit '+' on positive exponents): fixed notation for moderate exponents, else
/// scientific.
template <typename T>
char* put_float(char* w, T v) {
  if (std::isnan(v)) return std::copy_n("NaN", 3, w);
  if (std::isinf(v)) return v < 0 ? std::copy_n("-inf", 4, w) : std::copy_n("inf", 3, w);
  if (std::signbit(v)) {
    *w++ = '-';
    v = -v;
  }
  char sci[64];
  char* e = std::to_chars(sci, sci + sizeof(sci), v, std::chars_format::scientific).ptr;
  // sci is "d[.ddd]e[+-]XX".
  char digits[24];
  int len = 0;
  const char* p = sci;
  for (; p < e && *p != 'e'; ++p) {
    if (*p != '.') digits[len++] = *p;
  }
  int exp = 0;
  bool negative_exp = p[1] == '-';
  for (const char* q = p + 2; q < e; ++q) exp = exp * 10 + (*q - '0');
  if (negative_exp) exp = -exp;
  constexpr int kFixedMax = std::is_same_v<T, float> ? 13 : 16;
  constexpr int kFixedMin = std::is_same_v<T, float> ? -6 : -5;
  const int kk = exp + 1;  // the decimal point sits after kk digits
  const int k = kk - len;  // exponent of the last digit
  if (0 <= k && kk <= kFixedMax) {
    w = std::copy_n(digits, len, w);
    w = std::fill_n(w, k, '0');
    *w++ = '.';
    *w++ = '0';
  } else if (0 < kk && kk <= kFixedMax) {
    w = std::copy_n(digits, kk, w);
    *w++ = '.';
    w = std::copy_n(digits + kk, len - kk, w);
  } else if (kFixedMin < kk && kk <= 0) {
    *w++ = '0';
    *w++ = '.';
    w = std::fill_n(w, -kk, '0');
    w = std::copy_n(digits, len, w);
  } else {
    *w++ = digits[0];
    if (len > 1) {
      *w++ = '.';
      w = std::copy_n(digits + 1, len - 1, w);
    }
    *w++ = 'e';
    if (exp >= 0) *w++ = '+';
    w = std::to_chars(w, w + 8, exp).ptr;
  }
  return w;
}

class BlockFormatter {
 public:
  explicit BlockFormatter(const CsvWriteOptions& o) : o_(o) {
    std::memset(special_, 0, sizeof(special_));
    special_[static_cast<unsigned char>(o.separator)] = 1;
    special_[static_cast<unsigned char>(o.quote_char)] = 1;
    special_[static_cast<unsigned char>('\n')] = 1;
    special_[static_cast<unsigned char>('\r')] = 1;
  }

  /// Rows [offset, offset + n) of `chunk` as CSV lines.
  TextBuffer format(const Chunk& chunk, int64_t offset, int64_t n) const {
    const size_t ncols = chunk.num_columns();
    std::vector<ColumnText> texts(ncols);
    size_t total = 0;
    for (size_t c = 0; c < ncols; ++c) {
      format_column(*chunk.column(c), offset, n, texts[c]);
      total += texts[c].bytes.size();
    }
    const std::string& term = o_.line_terminator;
    total += static_cast<size_t>(n) * ((ncols > 0 ? ncols - 1 : 0) + term.size());
    TextBuffer out;
    char* w = out.grow(total);
    const char sep = o_.separator;
    for (int64_t r = 0; r < n; ++r) {
      for (size_t c = 0; c < ncols; ++c) {
        if (c) *w++ = sep;
        const ColumnText& t = texts[c];
        uint32_t b = r ? t.ends[static_cast<size_t>(r) - 1] : 0, e = t.ends[static_cast<size_t>(r)];
        w = copy_short(w, t.bytes.data() + b, e - b);
      }
      if (term.size() == 1) {
        *w++ = term[0];
      } else {
        std::memcpy(w, term.data(), term.size());
        w += term.size();
      }
    }
    out.set_size(total);
    return out;
  }

  std::string header(const Schema& schema) const {
    std::string out;
    for (size_t i = 0; i < schema.size(); ++i) {
      if (i) out += o_.separator;
      const std::string& name = schema[i].name;
      bool quote = o_.quote_style == QuoteStyle::kAlways || o_.quote_style == QuoteStyle::kNonNumeric ||
                   (o_.quote_style == QuoteStyle::kNecessary && needs_quotes(name));
      append_string(out, name, quote);
    }
    return out + o_.line_terminator;
  }

 private:
  bool needs_quotes(std::string_view s) const {
    if (s.empty()) return true;
    for (char ch : s) {
      if (special_[static_cast<unsigned char>(ch)]) return true;
    }
    return false;
  }

  template <typename Out>
  void append_string(Out& out, std::string_view s, bool quote) const {
    if (!quote) {
      out.append(s);
      return;
    }
    out.push_back(o_.quote_char);
    for (char ch : s) {
      if (ch == o_.quote_char) out.push_back(ch);
      out.push_back(ch);
    }
    out.push_back(o_.quote_char);
  }

  // Writes every value of a fixed-width column with `put(w, value) -> w`, which writes at most
  // `max_width` bytes.
  template <typename T, typename Put>
  void format_fixed(const Column& col, int64_t offset, int64_t n, size_t max_width, bool numeric, ColumnText& t,
                    Put put) const {
    const bool quote_values = o_.quote_style == QuoteStyle::kAlways || (!numeric && o_.quote_style == QuoteStyle::kNonNumeric);
    const bool quote_nulls = o_.quote_style == QuoteStyle::kAlways;
    const size_t null_width = o_.null_value.size() + 2;
    t.bytes.clear();
    char* const start = t.bytes.grow(static_cast<size_t>(n) * (std::max(max_width, null_width) + 2));
    t.ends.resize(static_cast<size_t>(n));
    char* w = start;
    const T* values = col.values<T>() + offset;
    const bool nulls = col.has_nulls();
    for (int64_t i = 0; i < n; ++i) {
      if (nulls && col.is_null(offset + i)) {
        if (quote_nulls) *w++ = o_.quote_char;
        w = std::copy(o_.null_value.begin(), o_.null_value.end(), w);
        if (quote_nulls) *w++ = o_.quote_char;
      } else {
        if (quote_values) *w++ = o_.quote_char;
        w = put(w, values[i]);
        if (quote_values) *w++ = o_.quote_char;
      }
      t.ends[static_cast<size_t>(i)] = static_cast<uint32_t>(w - start);
    }
    t.bytes.set_size(static_cast<size_t>(w - start));
  }

  void format_strings(const Column& col, int64_t offset, int64_t n, ColumnText& t) const {
    t.ends.resize(static_cast<size_t>(n));
    t.bytes.clear();
    const bool nulls = col.has_nulls();
    for (int64_t i = 0; i < n; ++i) {
      if (nulls && col.is_null(offset + i)) {
        append_string(t.bytes, o_.null_value, o_.quote_style == QuoteStyle::kAlways);
      } else {
        std::string_view s = col.string_at(offset + i);
        bool quote;
        switch (o_.quote_style) {
          case QuoteStyle::kNecessary: quote = needs_quotes(s); break;
          case QuoteStyle::kNever: quote = false; break;
          default: quote = true; break;
        }
        append_string(t.bytes, s, quote);
      }
      FLOE_USER_CHECK(t.bytes.size() <= UINT32_MAX, InvalidOperation, "CSV text of a block of rows exceeds 4 GiB");
      t.ends[static_cast<size_t>(i)] = static_cast<uint32_t>(t.bytes.size());
    }
  }

  void format_column(const Column& col, int64_t offset, int64_t n, ColumnText& t) const {
    const DataType& type = col.type();
    auto integer = [&](auto zero) {
      using T = decltype(zero);
      format_fixed<T>(col, offset, n, 21, true, t, [](char* w, T v) { return std::to_chars(w, w + 21, v).ptr; });
    };
    switch (type.id) {
      case TypeId::kInt8: return integer(int8_t{});
      case TypeId::kInt16: return integer(int16_t{});
      case TypeId::kInt32: return integer(int32_t{});
      case TypeId::kInt64: return integer(int64_t{});
      case TypeId::kUInt8: return integer(uint8_t{});
      case TypeId::kUInt16: return integer(uint16_t{});
      case TypeId::kUInt32: return integer(uint32_t{});
      case TypeId::kUInt64: return integer(uint64_t{});
      case TypeId::kFloat32:
      case TypeId::kFloat64: {
        auto floats = [&](auto zero) {
          using T = decltype(zero);
          if (o_.float_precision) {
            int precision = std::clamp(*o_.float_precision, 0, 60);
            const size_t width = 320 + static_cast<size_t>(precision);
            format_fixed<T>(col, offset, n, width, true, t, [precision, width](char* w, T v) {
              if (std::isnan(v)) return std::copy_n("NaN", 3, w);
              if (std::isinf(v)) return v < 0 ? std::copy_n("-inf", 4, w) : std::copy_n("inf", 3, w);
              return std::to_chars(w, w + width, v, std::chars_format::fixed, precision).ptr;
            });
          } else {
            format_fixed<T>(col, offset, n, 32, true, t, [](char* w, T v) { return put_float(w, v); });
          }
        };
        if (type.id == TypeId::kFloat32) return floats(float{});
        return floats(double{});
      }
      case TypeId::kDecimal: {
        // As Polars: the digits with exactly `scale` after the point ("1.50", "-0.05"), unquoted.
        const int scale = type.scale;
        return format_fixed<decimal::int128>(col, offset, n, decimal::kMaxChars, true, t,
                                             [scale](char* w, decimal::int128 v) { return decimal::write(w, v, scale); });
      }
      case TypeId::kBoolean:
        return format_fixed<uint8_t>(col, offset, n, 5, false, t, [](char* w, uint8_t v) {
          return v ? std::copy_n("true", 4, w) : std::copy_n("false", 5, w);
        });
      case TypeId::kDate:
        return format_fixed<int32_t>(col, offset, n, 32, false, t, [](char* w, int32_t v) { return put_date(w, v); });
      case TypeId::kTime:
        return format_fixed<int64_t>(col, offset, n, 20, false, t,
                                     [](char* w, int64_t v) { return put_time_of_day(w, v, 9); });
      case TypeId::kDatetime: {
        const int64_t tps = ticks_per_second(type.unit);
        const int64_t per_day = tps * 86400;
        const int digits = type.unit == TimeUnit::kMilli ? 3 : type.unit == TimeUnit::kMicro ? 6 : 9;
        const int64_t to_nanos = 1000000000 / tps;
        const bool zoned = !type.tz.empty();
        return format_fixed<int64_t>(col, offset, n, 48, false, t, [=](char* w, int64_t v) {
          int64_t days = v / per_day, rem = v % per_day;
          if (rem < 0) rem += per_day, --days;
          w = put_date(w, days);
          *w++ = 'T';
          w = put_time_of_day(w, rem * to_nanos, digits);
          if (zoned) w = std::copy_n("+0000", 5, w);
          return w;
        });
      }
      case TypeId::kString:
      case TypeId::kBinary: return format_strings(col, offset, n, t);
      case TypeId::kNull: {
        t.ends.resize(static_cast<size_t>(n));
        t.bytes.clear();
        for (int64_t i = 0; i < n; ++i) {
          append_string(t.bytes, o_.null_value, o_.quote_style == QuoteStyle::kAlways);
          t.ends[static_cast<size_t>(i)] = static_cast<uint32_t>(t.bytes.size());
        }
        return;
      }
      case TypeId::kDuration: break;
    }
    throw InvalidOperation(
        fmt::format("datatype {} cannot be written to CSV\n\nConsider using JSON or a binary format.", type.to_string()));
  }

  const CsvWriteOptions& o_;
  uint8_t special_[256];
};

/// Row blocks of at most kBlockRows rows, in frame order.
struct Block {
  size_t chunk;
  int64_t offset;
  int64_t rows;
};

std::vector<Block> split_blocks(const DataFrame& df) {
  std::vector<Block> blocks;
  for (size_t c = 0; c < df.chunks().size(); ++c) {
    int64_t rows = df.chunks()[c].num_rows();
    for (int64_t off = 0; off < rows; off += kBlockRows) blocks.push_back({c, off, std::min(kBlockRows, rows - off)});
  }
  return blocks;
}

void check_options(const DataFrame& df, const CsvWriteOptions& o) {
  FLOE_USER_CHECK(o.separator != o.quote_char, InvalidArgument,
                  "invalid CSV options: the quote character and the separator are both '{}'", o.separator);
  for (const auto& f : df.schema()) {
    FLOE_USER_CHECK(!f.type.is_nested(), ComputeError, "CSV format does not support nested data (column '{}' is {})",
                    f.name, f.type.to_string());
    FLOE_USER_CHECK(f.type.id != TypeId::kDuration, InvalidOperation,
                    "datatype {} of column '{}' cannot be written to CSV\n\nConsider using JSON or a binary format.",
                    f.type.to_string(), f.name);
  }
}

/// Formats the frame's blocks in parallel, a wave at a time, handing each block's text to
/// `sink` in order.
template <typename Sink>
void format_frame(const DataFrame& df, const CsvWriteOptions& o, Sink&& sink) {
  check_options(df, o);
  BlockFormatter formatter(o);
  if (o.include_header) sink(std::string_view(formatter.header(df.schema())));
  std::vector<Block> blocks = split_blocks(df);
  ThreadPool& pool = ThreadPool::global();
  const size_t wave = static_cast<size_t>(pool.size()) * 4;
  std::vector<TextBuffer> texts(std::min(wave, blocks.size()));
  for (size_t first = 0; first < blocks.size(); first += wave) {
    size_t count = std::min(wave, blocks.size() - first);
    pool.parallel_for(static_cast<int64_t>(count), 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const Block& block = blocks[first + static_cast<size_t>(i)];
        texts[static_cast<size_t>(i)] = formatter.format(df.chunks()[block.chunk], block.offset, block.rows);
      }
    });
    for (size_t i = 0; i < count; ++i) {
      sink(texts[i].view());
      texts[i] = TextBuffer();
    }
  }
}

}  // namespace

std::string write_csv_string(const DataFrame& df, const CsvWriteOptions& options) {
  std::string out;
  format_frame(df, options, [&](std::string_view text) { out += text; });
  return out;
}

void write_csv(const DataFrame& df, const std::string& path, const CsvWriteOptions& options) {
  check_options(df, options);
  auto stream = FileSystem::for_path(path).open_write(path);
  format_frame(df, options, [&](std::string_view text) { stream->write(text.data(), text.size()); });
  stream->close();
}

}  // namespace floe::io
