// Running one task of a stage on the local engine.
#pragma once

#include <map>
#include <vector>

#include "core/data_frame.h"
#include "plan/logical_plan.h"

namespace floe::cluster {

/// Runs `fragment` with each `ExchangeSource` leaf replaced by the rows this task reads of that
/// stage (`inputs`, by stage id). Throws InternalError when an input is missing.
DataFrame run_fragment(const PlanPtr& fragment, const std::map<int, DataFrame>& inputs);

/// Frames of one schema stacked in order (without copying their chunks).
DataFrame concat_frames(const Schema& schema, const std::vector<DataFrame>& parts);

}  // namespace floe::cluster
