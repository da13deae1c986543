// CSV tokenizer: separators and newlines are found 64 bytes at a time with SSE2 bit masks;
// quoted fields are walked with memchr.
#include "io/csv_tokenizer.h"

#include <emmintrin.h>

#include <cstring>

namespace floe::io::csv {

Tokenizer::Tokenizer(const Dialect& dialect, const char* data_end, int num_columns, std::vector<int> slot_of_column,
                     bool truncate_ragged_lines)
    : dialect_(dialect),
      end_(data_end),
      num_columns_(num_columns),
      slot_(std::move(slot_of_column)),
      truncate_(truncate_ragged_lines) {}

namespace {

// Bit i of `any` is set when byte i of the 64 at `b` is the separator or a newline, and of
// `newlines` when it is a newline. Past `end` the bytes read as newlines, so the end of the
// text reads as the end of a record.
struct BlockMasks {
  uint64_t any;
  uint64_t newlines;
};

inline BlockMasks structural_masks(const char* b, const char* end, char separator) {
  const __m128i sep = _mm_set1_epi8(separator);
  const __m128i nl = _mm_set1_epi8('\n');
  alignas(16) char tail[64];
  const char* src = b;
  if (end - b < 64) [[unlikely]] {
    size_t n = end > b ? static_cast<size_t>(end - b) : 0;
    std::memset(tail, '\n', sizeof(tail));
    if (n) std::memcpy(tail, b, n);
    src = tail;
  }
  BlockMasks m{0, 0};
  for (int i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 16 * i));
    __m128i is_nl = _mm_cmpeq_epi8(v, nl);
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, sep), is_nl);
    m.any |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit))) << (16 * i);
    m.newlines |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(is_nl))) << (16 * i);
  }
  return m;
}

}  // namespace

int64_t Tokenizer::next_batch(const char*& pos, const char* stop, int64_t max_rows, const char* base, FieldRef* out,
                              int64_t stride) {
  const char* p = pos;
  const char* const end = end_;
  const char sep = dialect_.separator;
  const char quote = dialect_.quote;
  const bool quoting = dialect_.quoting;
  const bool has_comment = dialect_.has_comment;
  const char comment = dialect_.comment;
  const int ncols = num_columns_;
  targets_.resize(static_cast<size_t>(ncols));
  for (int c = 0; c < ncols; ++c) {
    int s = slot_[static_cast<size_t>(c)];
    targets_[static_cast<size_t>(c)] = s >= 0 ? out + s * stride : nullptr;
  }
  FieldRef* const* targets = targets_.data();
  // Offsets are 32-bit: a batch stops before its fields get that far from `base`.
  constexpr int64_t kOffsetLimit = int64_t{1} << 31;
  int64_t rows = 0;

  // The 64-byte block last scanned and its separator/newline bits; a search re-anchors the
  // block at its start position once that leaves the block. It returns the position of the
  // next separator or newline and sets `is_newline`.
  const char* block = p;
  BlockMasks masks = structural_masks(block, end, sep);
  bool is_newline = false;
  auto find_structural = [&](const char* from) -> const char* {
    size_t off = static_cast<size_t>(from - block);
    if (off < 64) {
      uint64_t m = masks.any >> off;
      if (m) {
        unsigned i = static_cast<unsigned>(__builtin_ctzll(m)) + static_cast<unsigned>(off);
        is_newline = (masks.newlines >> i) & 1;
        return block + i;
      }
      block += 64;
    } else {
      block = from;
    }
    while (true) {
      masks = structural_masks(block, end, sep);
      if (masks.any) {
        unsigned i = static_cast<unsigned>(__builtin_ctzll(masks.any));
        is_newline = (masks.newlines >> i) & 1;
        return block + i;
      }
      block += 64;
    }
  };
  auto fail = [&](TokenError e, const char* at, const char* row_start, const char* resume) {
    error_ = e;
    error_at_ = at;
    error_row_start_ = row_start;
    pos = resume;
    return rows;
  };

  while (rows < max_rows && p < stop) {
    if (has_comment && *p == comment) {
      p = skip_line(p, end);
      continue;
    }
    if (p - base >= kOffsetLimit) break;
    const char* row_start = p;
    int col = 0;
    while (true) {
      const char* content = p;
      const char* next;
      uint32_t flags = 0;
      int64_t length;
      bool end_of_record;
      if (quoting && p < end && *p == quote) [[unlikely]] {
        const char* q = p + 1;
        const char* close;
        while (true) {
          close = static_cast<const char*>(std::memchr(q, quote, static_cast<size_t>(end - q)));
          if (close == nullptr) return fail(TokenError::kUnterminatedQuote, p, row_start, p);
          if (close + 1 < end && close[1] == quote) {
            flags |= FieldRef::kEscaped;
            q = close + 2;
            continue;
          }
          break;
        }
        const char* after = close + 1;
        if (after == end) {
          next = end;
          end_of_record = true;
        } else if (*after == sep) {
          next = after + 1;
          end_of_record = false;
        } else if (*after == '\n') {
          next = after + 1;
          end_of_record = true;
        } else if (*after == '\r' && (after + 1 == end || after[1] == '\n')) {
          next = after + 1 == end ? end : after + 2;
          end_of_record = true;
        } else {
          return fail(TokenError::kBadQuote, p, row_start, p);
        }
        content = p + 1;
        length = close - content;
        flags |= FieldRef::kQuoted;
      } else {
        const char* e = find_structural(p);
        end_of_record = is_newline;
        next = e + 1;
        if (e >= end) [[unlikely]] {
          e = end;
          next = end;
        }
        const char* field_end = e;
        if (end_of_record && field_end > p && field_end[-1] == '\r') --field_end;
        length = field_end - p;
      }
      if (length > FieldRef::kSizeMask || content - base >= kOffsetLimit) [[unlikely]] {
        return fail(TokenError::kFieldTooLarge, p, row_start, row_start);
      }
      if (col < ncols) [[likely]] {
        if (FieldRef* t = targets[col]) {
          t[rows] = FieldRef{static_cast<uint32_t>(content - base), static_cast<uint32_t>(length) | flags};
        }
      } else if (!truncate_) {
        return fail(TokenError::kTooManyFields, p, row_start, row_start);
      }
      ++col;
      p = next;
      if (end_of_record) break;
    }
    for (; col < ncols; ++col) {
      if (FieldRef* t = targets[col]) t[rows] = FieldRef{0, FieldRef::kMissing};
    }
    ++rows;
  }
  pos = p;
  return rows;
}

TokenError split_record(const Dialect& dialect, const char*& pos, const char* end, std::vector<std::string>& fields) {
  fields.clear();
  const char* p = pos;
  while (true) {
    if (dialect.quoting && p < end && *p == dialect.quote) {
      const char* field_start = p;
      std::string value;
      const char* q = p + 1;
      while (true) {
        const char* close = static_cast<const char*>(std::memchr(q, dialect.quote, static_cast<size_t>(end - q)));
        if (close == nullptr) {
          pos = field_start;
          return TokenError::kUnterminatedQuote;
        }
        value.append(q, close);
        if (close + 1 < end && close[1] == dialect.quote) {
          value.push_back(dialect.quote);
          q = close + 2;
          continue;
        }
        p = close + 1;
        break;
      }
      fields.push_back(std::move(value));
      if (p == end) break;
      if (*p == dialect.separator) {
        ++p;
        continue;
      }
      if (*p == '\n') {
        ++p;
        break;
      }
      if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
        p = p + 1 == end ? end : p + 2;
        break;
      }
      pos = field_start;
      return TokenError::kBadQuote;
    }
    const char* e = p;
    while (e < end && *e != dialect.separator && *e != '\n') ++e;
    const char* field_end = e;
    bool end_of_record = e == end || *e == '\n';
    if (end_of_record && field_end > p && field_end[-1] == '\r') --field_end;
    fields.emplace_back(p, field_end);
    p = e == end ? end : e + 1;
    if (end_of_record) break;
  }
  pos = p;
  return TokenError::kNone;
}

std::string unescape_field(std::string_view content, char quote) {
  std::string out;
  out.reserve(content.size());
  for (size_t i = 0; i < content.size(); ++i) {
    out.push_back(content[i]);
    if (content[i] == quote && i + 1 < content.size() && content[i + 1] == quote) ++i;
  }
  return out;
}

const char* skip_line(const char* p, const char* end) {
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
  return nl ? nl + 1 : end;
}

}  // namespace floe::io::csv
