// Hash join: the right side is built into a hash table, the left side streams through a probe.
#pragma once

#include <memory>

#include "core/data_frame.h"
#include "exec/pipeline.h"
#include "plan/logical_plan.h"

namespace floe {

/// Builds the join table of `join` (a kJoin node) from its materialized right input and returns
/// the operator that probes it with left morsels. Inner and left joins emit left rows followed
/// by matching right rows, in left order; semi and anti joins narrow the left morsel's selection.
std::shared_ptr<const ChunkOperator> make_hash_join(const PlanNode& join, const Schema& left_schema, DataFrame right,
                                                   Schema& output_schema);

}  // namespace floe
