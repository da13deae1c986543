// Narrowing a join's probe input by the keys of its built side (a runtime semi-join filter).
#pragma once

#include "core/data_frame.h"
#include "expr/evaluate.h"
#include "plan/logical_plan.h"

namespace floe {

/// The probe input of `join` with `key.is_in(distinct build keys)` pushed down into it, once the
/// build side is materialized: for inner and semi joins (on the key, among those that are plain
/// integer, date or string columns of the probe side, with the fewest distinct build values),
/// when the build side has
/// few distinct keys (at most 4,096) and the probe side is estimated at least 8 times larger.
/// The filter must reach a scan, which then skips rows without a partner where it reads them
/// (Parquet decodes the other columns only for the rows that pass). A probe side that groups by
/// the key first takes up to 2^20 keys (compared with the rows it groups), and the filter goes
/// below the aggregation wherever it stops. Otherwise, or when the join does not qualify,
/// `probe` comes back unchanged. The join's result is the same either way.
PlanPtr narrow_probe_by_build_keys(const PlanNode& join, const PlanPtr& probe, bool probe_is_left,
                                   const DataFrame& build);

}  // namespace floe
