// Element-wise comparisons producing Boolean columns.
#pragma once

#include "core/column.h"

namespace floe::compute {

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

const char* compare_op_symbol(CompareOp op);

/// `a op b` for columns of the same type (lengths equal, or 1 to broadcast). Null on either side
/// gives null. Strings compare bytewise (UTF-8 order), settling most pairs on the 4-byte prefix
/// held in the view. Floats compare as Polars does: NaN equals NaN and is greater than any
/// other value.
ColumnPtr compare(CompareOp op, const ColumnPtr& a, const ColumnPtr& b);

}  // namespace floe::compute
