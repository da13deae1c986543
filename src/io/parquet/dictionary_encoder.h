// Dictionary encoding of a column chunk: distinct values in first-seen order plus one index per value.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/column.h"

namespace floe::io::parquet {

/// A column chunk's dictionary page and the indices its data pages refer to.
struct DictionaryEncoding {
  /// The distinct values, in first-seen order, as a column of the input's type (string views
  /// point into the input's buffers). Its statistics are the chunk's, bar the null count.
  ColumnPtr values;
  std::vector<uint32_t> indices;  // one per valid row, in row order
};

/// Limits that make a column fall back to PLAIN encoding.
struct DictionaryLimits {
  /// Largest PLAIN-encoded dictionary (Arrow's and parquet-rs' default dictionary page limit).
  int64_t max_dictionary_bytes = 1024 * 1024;
  /// After this many valid values, give up when more than three in four were distinct: such
  /// columns gain little from a dictionary, and stopping early saves most of the hashing.
  int64_t probe_values = 4096;
};

/// Whether values of `type` are dictionary-encoded at all (not Null or Boolean).
bool dictionary_supported(TypeId type);

/// Dictionary-encodes the valid values of `column`, or returns nothing when the dictionary
/// would pass `limits` or the column has no valid value.
std::optional<DictionaryEncoding> dictionary_encode(const Column& column, const DictionaryLimits& limits = {});

}  // namespace floe::io::parquet
