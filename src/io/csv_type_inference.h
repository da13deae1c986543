// CSV type inference: what type each column's sampled values fit, as Polars decides it.
// Internal to the CSV reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_type.h"
#include "io/csv_tokenizer.h"

namespace floe::io::csv {

/// What one field's text can be read as, one bit per kind.
enum ValueKind : uint16_t {
  kKindInteger = 1 << 0,     // -?[0-9]+ within Int64
  kKindBigInteger = 1 << 1,  // -?[0-9]+ beyond Int64 (Polars gives Int128; Floe has none: Float64)
  kKindFloat = 1 << 2,       // Polars' float pattern: 1.5, .5, 5., 1e5, 1.5E-3, inf, NaN
  kKindBoolean = 1 << 3,     // true / false in any case
  kKindDate = 1 << 4,
  kKindDatetime = 1 << 5,       // without UTC offset
  kKindDatetimeUtc = 1 << 6,    // with Z or an offset
  kKindTime = 1 << 7,
  kKindString = 1 << 8,
};

/// The kind of a non-null field's (unquoted, unescaped) text.
uint16_t classify_field(std::string_view text, bool try_parse_dates);

/// The type of a column whose values were of the kinds in `seen` (String if none or mixed).
DataType resolve_kinds(uint16_t seen);

/// The result of sampling the start of a CSV body.
struct InferenceSample {
  std::vector<uint16_t> kinds;  // per sampled column
  int64_t rows = 0;
  int64_t bytes = 0;            // bytes those rows span
};

/// Tokenizes up to `max_rows` records (all when negative) from `pos` and classifies the fields
/// of the columns that `tokenizer` records (its slots index `kinds`). Values equal to one of
/// `null_values`, and empty ones, count as null. Structural errors are left on the tokenizer.
InferenceSample sample_kinds(Tokenizer& tokenizer, int num_slots, const char* pos, const char* end, int64_t max_rows,
                             const std::vector<std::string>& null_values, char quote, bool try_parse_dates);

}  // namespace floe::io::csv
