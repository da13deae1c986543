// Asof join: each left row takes the nearest right row by a sorted key, within equal `by` keys.
#pragma once

#include "core/data_frame.h"
#include "plan/logical_plan.h"

namespace floe {

/// Runs the asof join `join` (a kJoin node with how "asof") over its materialized inputs. The
/// right rows of each `by` group are searched by the asof key (binary search, so the left side
/// may come in any order): "backward" takes the last right row whose key is <= the left key,
/// "forward" the first one >= it, "nearest" the closer of the two (ties and equal keys resolve
/// to the later right row, as in Polars); `allow_exact_matches = false` makes the comparisons
/// strict, and a `tolerance` rejects matches farther away. Null keys match nothing. Without
/// `by` keys both inputs must be sorted by the asof key (nulls first), else InvalidOperation.
DataFrame asof_join(const PlanNode& join, const DataFrame& left, const DataFrame& right);

}  // namespace floe
