// Element-wise arithmetic over numeric columns.
#pragma once

#include "core/column.h"

namespace floe::compute {

enum class ArithOp { kAdd, kSub, kMul, kTrueDiv, kFloorDiv, kMod, kPow };

const char* arith_op_symbol(ArithOp op);

/// `a op b` for columns of the same numeric type (lengths equal, or 1 to broadcast); the result
/// has that type. Integers wrap on overflow; integer division or modulo by zero gives null;
/// `//` and `%` round toward negative infinity as in Python. Type promotion happens before
/// (see expr/type_resolution).
ColumnPtr arithmetic(ArithOp op, const ColumnPtr& a, const ColumnPtr& b);

/// Integer power with an unsigned 32-bit exponent column (Polars' rule for `int ** int`).
ColumnPtr integer_pow(const ColumnPtr& base, const ColumnPtr& exponent);

/// -a (signed and float types only).
ColumnPtr negate(const ColumnPtr& a);

}  // namespace floe::compute
