// CSV type inference: field classification by Polars' patterns, and sampling of the first rows.
#include "io/csv_type_inference.h"

#include <algorithm>

#include "io/csv_value_parsers.h"

namespace floe::io::csv {

namespace {

// Polars' float pattern: [-+]?( \d*\.\d+([eE][-+]?\d+)? | \d+[eE][-+]?\d+ | \d+\. | inf | NaN ).
bool looks_like_float(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
  std::string_view rest = s.substr(i);
  if (rest == "inf" || rest == "NaN") return true;
  size_t int_digits = 0;
  while (i < n && is_digit(s[i])) ++i, ++int_digits;
  if (i == n) return false;  // plain integers are not floats
  auto exponent = [&](size_t j) {
    if (j == n || (s[j] != 'e' && s[j] != 'E')) return false;
    ++j;
    if (j < n && (s[j] == '-' || s[j] == '+')) ++j;
    size_t digits = 0;
    while (j < n && is_digit(s[j])) ++j, ++digits;
    return digits > 0 && j == n;
  };
  if (s[i] == '.') {
    ++i;
    size_t frac_digits = 0;
    while (i < n && is_digit(s[i])) ++i, ++frac_digits;
    if (frac_digits == 0) return int_digits > 0 && i == n;
    return i == n || exponent(i);
  }
  return int_digits > 0 && exponent(i);
}

}  // namespace

uint16_t classify_field(std::string_view s, bool try_parse_dates) {
  const char* p = s.data();
  const char* e = p + s.size();
  // Integers: -?[0-9]+
  {
    size_t i = s.size() > 1 && s[0] == '-' ? 1 : 0;
    if (i < s.size() && std::all_of(s.begin() + static_cast<ptrdiff_t>(i), s.end(), is_digit)) {
      int64_t v;
      return parse_integer(p, e, v) ? kKindInteger : kKindBigInteger;
    }
  }
  if (looks_like_float(s)) return kKindFloat;
  uint8_t b;
  if (parse_boolean(p, e, b)) return kKindBoolean;
  if (try_parse_dates && !s.empty() && (is_digit(s[0]))) {
    int32_t days;
    if (parse_date(p, e, days) && s.front() != ' ' && s.back() != ' ') return kKindDate;
    int64_t ticks;
    bool has_offset;
    if (s.front() != ' ' && s.back() != ' ') {
      // A datetime needs a time part; a bare date was handled above.
      if (parse_datetime(p, e, TimeUnit::kMicro, ticks, has_offset)) return has_offset ? kKindDatetimeUtc : kKindDatetime;
      if (parse_time(p, e, ticks)) return kKindTime;
    }
  }
  return kKindString;
}

DataType resolve_kinds(uint16_t seen) {
  if (seen == 0 || (seen & kKindString)) return TypeId::kString;
  constexpr uint16_t numeric = kKindInteger | kKindBigInteger | kKindFloat;
  if ((seen & ~numeric) == 0) return seen == kKindInteger ? TypeId::kInt64 : TypeId::kFloat64;
  if (seen == kKindBoolean) return TypeId::kBoolean;
  if (seen == kKindDate) return TypeId::kDate;
  if (seen == kKindDatetime) return DataType::datetime(TimeUnit::kMicro);
  if (seen == kKindDatetimeUtc) return DataType::datetime(TimeUnit::kMicro, "UTC");
  if (seen == kKindTime) return TypeId::kTime;
  return TypeId::kString;
}

InferenceSample sample_kinds(Tokenizer& tokenizer, int num_slots, const char* pos, const char* end, int64_t max_rows,
                             const std::vector<std::string>& null_values, char quote, bool try_parse_dates) {
  InferenceSample sample;
  sample.kinds.assign(static_cast<size_t>(num_slots), 0);
  constexpr int64_t kBatch = 1024;
  std::vector<FieldRef> fields(static_cast<size_t>(std::max(num_slots, 1)) * kBatch);
  const char* start = pos;
  int64_t remaining = max_rows < 0 ? INT64_MAX : max_rows;
  std::string unescaped;
  while (remaining > 0 && pos < end) {
    const char* base = pos;
    int64_t n = tokenizer.next_batch(pos, end, std::min(kBatch, remaining), base, fields.data(), kBatch);
    for (int s = 0; s < num_slots; ++s) {
      uint16_t& kinds = sample.kinds[static_cast<size_t>(s)];
      const FieldRef* col = fields.data() + static_cast<size_t>(s) * kBatch;
      for (int64_t r = 0; r < n; ++r) {
        const FieldRef& f = col[r];
        if (f.size() == 0) {
          // As in Polars, a quoted empty field is an empty string, which makes the column String.
          if (f.quoted()) kinds |= kKindString;
          continue;
        }
        std::string_view text(base + f.offset, f.size());
        if (f.escaped()) {
          unescaped = unescape_field(text, quote);
          text = unescaped;
        }
        if (!null_values.empty() && std::find(null_values.begin(), null_values.end(), text) != null_values.end()) {
          continue;
        }
        kinds |= classify_field(text, try_parse_dates);
      }
    }
    sample.rows += n;
    remaining -= n;
    if (tokenizer.error() != TokenError::kNone || n == 0) break;
  }
  sample.bytes = pos - start;
  return sample;
}

}  // namespace floe::io::csv
