// Chunk: one morsel of rows, a set of equal-length columns.
#pragma once

#include <memory>
#include <vector>

#include "core/column.h"

namespace floe {

/// Row positions that survive a filter, as an ascending list of indexes into a chunk's columns.
using SelectionVector = std::vector<uint32_t>;

/// Columns of equal length, in schema order. A chunk may carry a selection vector: then only
/// the listed rows are part of it and `num_rows()` counts those (filters narrow chunks this
/// way instead of copying every column).
class Chunk {
 public:
  Chunk() = default;
  Chunk(std::vector<ColumnPtr> columns, int64_t rows) : columns_(std::move(columns)), rows_(rows) {}

  int64_t num_rows() const { return selection_ ? static_cast<int64_t>(selection_->size()) : rows_; }
  /// Length of the underlying columns (before any selection).
  int64_t physical_rows() const { return rows_; }
  size_t num_columns() const { return columns_.size(); }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }
  std::vector<ColumnPtr>& mutable_columns() { return columns_; }

  const std::shared_ptr<const SelectionVector>& selection() const { return selection_; }
  void set_selection(std::shared_ptr<const SelectionVector> sel) { selection_ = std::move(sel); }

  /// Sequence number of this morsel in its source, so order-preserving sinks can restore the
  /// input order after parallel execution.
  int64_t sequence() const { return sequence_; }
  void set_sequence(int64_t s) { sequence_ = s; }

  /// Rows [offset, offset + length) of a chunk without selection, sharing memory.
  Chunk slice(int64_t offset, int64_t length) const;

 private:
  std::vector<ColumnPtr> columns_;
  int64_t rows_ = 0;
  std::shared_ptr<const SelectionVector> selection_;
  int64_t sequence_ = 0;
};

}  // namespace floe
