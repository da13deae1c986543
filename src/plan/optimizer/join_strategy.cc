// Join build side: inner, left, semi and anti joins hash their left input when that is estimated smaller.
#include <algorithm>

#include "plan/optimizer/passes.h"

namespace floe {

namespace {

/// Building on the left pays for the final reordering only when the left side is this many
/// times smaller than the right one.
constexpr int64_t kBuildLeftRatio = 8;

PlanPtr choose(const PlanPtr& plan) {
  std::vector<PlanPtr> inputs;
  for (const auto& in : plan->inputs) inputs.push_back(choose(in));
  auto n = std::make_shared<PlanNode>(*plan);
  n->inputs = std::move(inputs);
  // Left joins too: the left rows without a match are added in their place afterwards.
  if (n->kind == PlanKind::kJoin && (n->how == "inner" || n->how == "left") && n->validate == "m:m") {
    auto left = estimate_rows(*n->inputs[0]);
    auto right = estimate_rows(*n->inputs[1]);
    n->build_left = left && right && *left * kBuildLeftRatio <= *right;
  }
  // Semi and anti joins keep left rows in left order whichever side is hashed: hash the smaller.
  if (n->kind == PlanKind::kJoin && (n->how == "semi" || n->how == "anti") && n->validate == "m:m") {
    auto left = estimate_rows(*n->inputs[0]);
    auto right = estimate_rows(*n->inputs[1]);
    n->build_left = left && right && *left < *right;
  }
  return n;
}

}  // namespace

PlanPtr choose_join_build_sides(const PlanPtr& plan) { return choose(plan); }

}  // namespace floe
