// Parses a byte range of CSV records into morsels of typed columns. Internal to the CSV reader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/buffer.h"
#include "core/chunk.h"
#include "core/data_type.h"
#include "io/csv_tokenizer.h"

namespace floe::io::csv {

/// A problem met while parsing, kept as data: a range parsed from a guessed start may meet
/// errors that are not real, so they are raised only once the range's start is confirmed.
struct ParseError {
  enum class Kind : uint8_t {
    kNone,
    kTooManyFields,
    kUnterminatedQuote,
    kBadQuote,
    kFieldTooLarge,
    kValue,  // a value that does not parse as its column's type
    kUtf8,   // invalid UTF-8 in a String column
  };
  Kind kind = Kind::kNone;
  const char* at = nullptr;         // the offending field
  const char* row_start = nullptr;  // the record holding it
  int column = -1;                  // output column of a kValue or kUtf8 error
  std::string value;                // the text that did not parse

  explicit operator bool() const { return kind != Kind::kNone; }
};

/// The morsels parsed from one byte range.
struct RangeOutput {
  const char* start = nullptr;  // where parsing began
  const char* end = nullptr;    // just past the last record parsed
  int64_t rows = 0;
  std::vector<Chunk> morsels;
  ParseError error;
};

/// What the parser needs to know about the text and the columns it produces.
struct MorselParserSpec {
  Dialect dialect;
  const char* begin = nullptr;  // the whole text; `buffer` holds it (buffer->data() == begin)
  const char* end = nullptr;
  BufferPtr buffer;
  int num_columns = 0;              // fields per record
  std::vector<int> slot_of_column;  // per file column: its output column, or -1 if not read
  std::vector<DataType> types;      // per output column
  std::vector<std::string> null_values;
  bool ignore_errors = false;
  bool truncate_ragged_lines = false;
  int64_t morsel_rows = 65536;
  double bytes_per_row = 64;  // an estimate, to size buffers
};

/// Parses records into morsels of at most `morsel_rows` rows, converting fields straight into
/// column buffers. Strings without doubled quotes are views into the text's buffer. Safe to
/// call from several threads at once.
class MorselParser {
 public:
  explicit MorselParser(MorselParserSpec spec);

  /// Parses the records that start in [start, stop) (the last one may run past `stop`), up
  /// to `max_rows`. Stops at the first error.
  RangeOutput parse(const char* start, const char* stop, int64_t max_rows) const;

  const MorselParserSpec& spec() const { return spec_; }

 private:
  MorselParserSpec spec_;
  bool any_string_ = false;
};

}  // namespace floe::io::csv
