// Semi joins above selective inner joins: `rows.semi(a).semi(b).join(dim_filtered)` becomes
// `rows.join(dim_filtered).semi(a).semi(b)`, so the semi joins see only the rows the inner
// joins keep (TPC-H q21 keeps the lines of 1 nation in 25 before asking about their orders).
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

/// A semi join or inner join moves the rows of its left input to its output under the same
/// names and in the same order; the left keys of an inner join read only those columns.
bool is_semi(const PlanNode& n) { return n.kind == PlanKind::kJoin && n.how == "semi"; }
/// Inner joins that validate their left keys' uniqueness would see rows the semi joins removed.
bool is_inner(const PlanNode& n) { return n.kind == PlanKind::kJoin && n.how == "inner" && n.validate == "m:m"; }

struct Stripped {
  PlanPtr core;                 // the inner joins of the left spine, without the semi joins
  std::vector<PlanPtr> semis;   // the semi joins taken out, lowest first
  PlanPtr bottom;               // where the spine ends: the rows every join filters
};

/// Takes the semi joins out of the left spine of inner and semi joins under `plan`.
Stripped strip(const PlanPtr& plan) {
  if (is_semi(*plan)) {
    Stripped s = strip(plan->inputs[0]);
    s.semis.push_back(plan);
    return s;
  }
  if (is_inner(*plan)) {
    Stripped s = strip(plan->inputs[0]);
    if (!s.semis.empty()) s.core = with_inputs(*plan, {s.core, plan->inputs[1]});
    else s.core = plan;
    return s;
  }
  return Stripped{plan, {}, plan};
}

/// Moving the semi joins above the inner joins pays when those keep at most half the rows.
constexpr double kSelective = 0.5;

PlanPtr place(const PlanPtr& plan) {
  std::vector<PlanPtr> inputs;
  bool changed = false;
  for (const auto& in : plan->inputs) {
    inputs.push_back(place(in));
    changed |= inputs.back() != in;
  }
  PlanPtr node = changed ? with_inputs(*plan, std::move(inputs)) : plan;
  if (!is_inner(*node) || (!is_semi(*node->inputs[0]) && !is_inner(*node->inputs[0]))) return node;
  Stripped s = strip(node);
  if (s.semis.empty()) return node;
  const auto kept = estimate_rows(*s.core);
  const auto rows = estimate_rows(*s.bottom);
  if (!kept || !rows || static_cast<double>(*kept) > kSelective * static_cast<double>(*rows)) return node;
  PlanPtr out = s.core;
  for (const auto& semi : s.semis) out = with_inputs(*semi, {out, semi->inputs[1]});
  return out;
}

}  // namespace

PlanPtr place_semi_joins(const PlanPtr& plan) { return place(plan); }

}  // namespace floe
