// DataFrame: a materialized table, a schema plus row chunks.
#pragma once

#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/schema.h"

namespace floe {

/// A materialized result: a schema and a list of chunks (without selections). Columns may be
/// split over several chunks; `column(i)` joins them into one.
class DataFrame {
 public:
  DataFrame() = default;
  DataFrame(Schema schema, std::vector<Chunk> chunks);
  /// From whole columns of equal length.
  DataFrame(Schema schema, std::vector<ColumnPtr> columns);

  const Schema& schema() const { return schema_; }
  int64_t num_rows() const { return rows_; }
  size_t num_columns() const { return schema_.size(); }
  const std::vector<Chunk>& chunks() const { return chunks_; }

  /// Column `i` as one contiguous column.
  ColumnPtr column(size_t i) const;
  ColumnPtr column(const std::string& name) const { return column(schema_.index_of(name)); }

  /// The same frame with all rows in a single chunk.
  DataFrame rechunk() const;

  /// Rows [offset, offset + length), clamped to the frame.
  DataFrame slice(int64_t offset, int64_t length) const;

  /// Polars' printed form: "shape: (rows, cols)" and a box table.
  std::string to_string() const;

 private:
  Schema schema_;
  std::vector<Chunk> chunks_;
  int64_t rows_ = 0;
};

/// Joins columns of one type end to end into a single column.
ColumnPtr concat_columns(const std::vector<ColumnPtr>& parts);

}  // namespace floe
