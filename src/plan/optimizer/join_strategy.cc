// Join build side: inner, semi and anti joins hash their left input when that is estimated smaller.
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
  if (n->kind == PlanKind::kJoin && n->how == "inner" && n->validate == "m:m") {
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

std::optional<int64_t> estimate_rows(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kScan: {
      auto rows = plan.source->estimated_rows();
      if (rows && plan.request.n_rows) rows = std::min(*rows, *plan.request.n_rows);
      // A predicate evaluated by the scan keeps, as a guess, half of the rows.
      if (rows && plan.request.predicate) *rows /= 2;
      return rows;
    }
    case PlanKind::kFilter: {
      auto rows = estimate_rows(*plan.input());
      if (rows) *rows /= 2;
      return rows;
    }
    case PlanKind::kSelect:
    case PlanKind::kWithColumns:
    case PlanKind::kSort:
    case PlanKind::kRowIndex: return estimate_rows(*plan.input());
    case PlanKind::kSlice: {
      auto rows = estimate_rows(*plan.input());
      if (rows && plan.length && plan.offset >= 0) return std::min(*rows, *plan.length);
      return rows;
    }
    case PlanKind::kConcat: {
      int64_t total = 0;
      for (const auto& in : plan.inputs) {
        auto rows = estimate_rows(*in);
        if (!rows) return std::nullopt;
        total += *rows;
      }
      return total;
    }
    case PlanKind::kJoin: {
      // Without key statistics: as many rows as the probe side (semi/anti: at most that).
      return estimate_rows(*plan.inputs[plan.how == "right" ? 1 : 0]);
    }
    case PlanKind::kAggregate: return plan.keys.empty() ? std::optional<int64_t>(1) : std::nullopt;
  }
  return std::nullopt;
}

PlanPtr choose_join_build_sides(const PlanPtr& plan) { return choose(plan); }

}  // namespace floe
