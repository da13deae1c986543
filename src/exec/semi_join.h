// Semi and anti joins that hash the (smaller) left input and stream the right one through it.
#pragma once

#include "core/data_frame.h"
#include "exec/pipeline.h"
#include "plan/logical_plan.h"

namespace floe {

/// A semi (anti) join of `join` building its hash table on the materialized `left` input: the
/// morsels of `right` mark the left keys they hold, then the left rows whose key was (was not)
/// marked come out in left order. The same rows as building on the right, with a table the
/// size of the left input instead of the right one.
DataFrame semi_join_building_left(const PlanNode& join, const DataFrame& left, Pipeline& right);

}  // namespace floe
