// Selecting rows: masks to selection vectors, gathers by index, and if-then-else.
#pragma once

#include <cstdint>

#include "core/chunk.h"
#include "core/column.h"

namespace floe::compute {

/// Positions of the rows where the Boolean `mask` is true (null counts as false). When `base`
/// is given, the mask is over the rows `base` selects and the result indexes the same
/// underlying rows as `base` does.
SelectionVector mask_to_selection(const Column& mask, const SelectionVector* base = nullptr);

/// The rows of `column` at `indices` (each < column.length()).
ColumnPtr gather(const ColumnPtr& column, const uint32_t* indices, int64_t n);
ColumnPtr gather(const ColumnPtr& column, const SelectionVector& sel);

/// Like gather, but an index of -1 gives a null row (for outer joins).
ColumnPtr gather_nullable(const ColumnPtr& column, const int64_t* indices, int64_t n);

/// The chunk's selected rows as dense columns (a chunk without selection is returned as is).
Chunk materialize(const Chunk& chunk);

/// Rows of `mask` true take `a`, false or null take `b` (lengths equal or 1; same type).
ColumnPtr if_else(const ColumnPtr& mask, const ColumnPtr& a, const ColumnPtr& b);

/// `column` stretched to `n` rows when it has length 1; otherwise returned as is.
ColumnPtr broadcast(const ColumnPtr& column, int64_t n);

}  // namespace floe::compute
