// Combining validity bitmaps of kernel inputs, with length-1 inputs broadcast.
#pragma once

#include "core/column.h"

namespace floe::compute {

/// Length of the output of an element-wise kernel over `a` and `b`: equal lengths, or one of
/// them of length 1 (broadcast). Throws ShapeMismatch otherwise.
int64_t broadcast_length(const Column& a, const Column& b);

/// Validity of an element-wise result of `n` rows: valid where every input is valid. Returns
/// nullptr when all rows are valid. A length-1 input broadcasts its single validity bit.
BufferPtr combine_validity(const Column& a, const Column& b, int64_t n);

/// Validity of `a` stretched to `n` rows (a may have length 1 or n).
BufferPtr broadcast_validity(const Column& a, int64_t n);

/// A bitmap of `n` rows, all valid (0xff), to clear bits in.
BufferPtr all_valid_bitmap(int64_t n);

/// Copy of `validity` (may be nullptr: all valid) with `n` rows, to modify.
BufferPtr copy_validity(const Column& c);

}  // namespace floe::compute
