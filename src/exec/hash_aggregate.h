// Hash aggregation: group_by(keys).agg(...) with thread-local pre-aggregation and a
// partitioned parallel merge.
#pragma once

#include <vector>

#include "core/data_frame.h"
#include "exec/pipeline.h"

namespace floe {

/// Runs `pipeline` into a grouped aggregation. `keys` are expressions over the pipeline's
/// schema; `aggs` are expressions whose aggregate sub-expressions are computed per group.
/// With `maintain_order` the groups come out in order of first appearance.
DataFrame hash_aggregate(Pipeline& pipeline, const std::vector<Expr>& keys, const std::vector<Expr>& aggs,
                         bool maintain_order);

}  // namespace floe
