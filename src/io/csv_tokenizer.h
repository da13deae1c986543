// CSV tokenizer: splits records into fields, quote-aware, recording where each field lies.
// Internal to the CSV reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace floe::io::csv {

/// How the text is laid out.
struct Dialect {
  char separator = ',';
  bool quoting = true;
  char quote = '"';
  bool has_comment = false;
  char comment = '#';
};

/// Where one field lies, relative to a base position (the start of the morsel being parsed):
/// `offset` is the first byte of its content (after an opening quote), `size_flags` holds its
/// length in the low bits and whether it was quoted, holds doubled quotes, or was missing
/// from a short row.
struct FieldRef {
  static constexpr uint32_t kQuoted = 1u << 31;
  static constexpr uint32_t kEscaped = 1u << 30;
  static constexpr uint32_t kMissing = 1u << 29;
  static constexpr uint32_t kSizeMask = kMissing - 1;

  uint32_t offset;
  uint32_t size_flags;

  uint32_t size() const { return size_flags & kSizeMask; }
  bool quoted() const { return size_flags & kQuoted; }
  bool escaped() const { return size_flags & kEscaped; }
  bool missing() const { return size_flags & kMissing; }
};

/// Structural problems the tokenizer can meet. Errors are data here, not exceptions: a chunk
/// parsed from a guessed start may hit them without them being real.
enum class TokenError : uint8_t {
  kNone,
  kTooManyFields,      // a record with more fields than columns
  kUnterminatedQuote,  // a quoted field that never closes
  kBadQuote,           // text after a closing quote that is neither a separator nor a newline
  kFieldTooLarge,      // a field or morsel past the 32-bit offsets of FieldRef
};

/// Splits records into fields. Fields of column c are written to `out[slot[c] * stride + row]`
/// for columns with a slot; the others are scanned but not recorded.
class Tokenizer {
 public:
  /// `data_end` is the end of the whole text: a record may run up to it.
  Tokenizer(const Dialect& dialect, const char* data_end, int num_columns, std::vector<int> slot_of_column,
            bool truncate_ragged_lines);

  /// Tokenizes records starting at `pos` while a record starts before `stop` and fewer than
  /// `max_rows` rows were read; advances `pos` past the last record. Comment lines are skipped.
  /// Returns the number of rows. On an error, stops and sets `error()` and `error_at()` (the
  /// start of the offending field) and `error_row_start()`.
  int64_t next_batch(const char*& pos, const char* stop, int64_t max_rows, const char* base, FieldRef* out,
                     int64_t stride);

  TokenError error() const { return error_; }
  const char* error_at() const { return error_at_; }
  const char* error_row_start() const { return error_row_start_; }
  int num_columns() const { return num_columns_; }

 private:
  Dialect dialect_;
  const char* end_;
  int num_columns_;
  std::vector<int> slot_;
  bool truncate_;

  std::vector<FieldRef*> targets_;  // per column: where its fields go, or null

  TokenError error_ = TokenError::kNone;
  const char* error_at_ = nullptr;
  const char* error_row_start_ = nullptr;
};

/// Splits the one record starting at `pos` into its (unescaped) fields and advances `pos` past
/// it. Used for the header and for error messages, not for the bulk of the data. Returns
/// kUnterminatedQuote or kBadQuote on malformed quoting (with `pos` at the offending field).
TokenError split_record(const Dialect& dialect, const char*& pos, const char* end, std::vector<std::string>& fields);

/// The text of a field with its doubled quotes collapsed.
std::string unescape_field(std::string_view content, char quote);

/// Position after the end of the line holding `p` (not quote-aware).
const char* skip_line(const char* p, const char* end);

}  // namespace floe::io::csv
