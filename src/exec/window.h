// Window expressions: expr.over(partition_by, order_by=...) evaluated over a whole input.
#pragma once

#include <map>
#include <vector>

#include "core/chunk.h"
#include "expr/bound_expr.h"

namespace floe {

/// The value of one over() node for every row of `input` (a chunk of all rows, without
/// selection): the rows are split into groups by the partition keys (null keys form a group
/// of their own); aggregates inside are computed per group and broadcast to the group's rows;
/// order-dependent functions (cum_sum, rank, shift, ...) run over each group's rows in input
/// order, or sorted by the order keys, and their results go back to the original positions.
ColumnPtr evaluate_over(const BoundExpr& over, const Chunk& input);

/// The values of every over() node inside `exprs`, keyed by node, ready for
/// `substitute_aggregates` (which replaces any node listed in such a map by its column).
std::map<const BoundExpr*, ColumnPtr> evaluate_over_nodes(const std::vector<BoundExprPtr>& exprs, const Chunk& input);

}  // namespace floe
