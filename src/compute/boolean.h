// Boolean logic with Kleene semantics for nulls, as Polars.
#pragma once

#include "core/column.h"

namespace floe::compute {

enum class BoolOp { kAnd, kOr, kXor };

/// `a op b` over Boolean columns. And/or follow Kleene logic: `null & false` is false and
/// `null | true` is true; otherwise null in gives null out. Integer columns get bitwise ops.
ColumnPtr boolean_op(BoolOp op, const ColumnPtr& a, const ColumnPtr& b);

/// Logical not of a Boolean column (bitwise not for integers).
ColumnPtr boolean_not(const ColumnPtr& a);

/// is_null / is_not_null: never null themselves.
ColumnPtr is_null(const ColumnPtr& a, bool negate);

}  // namespace floe::compute
