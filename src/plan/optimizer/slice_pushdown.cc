// Slice pushdown: head() after sort() becomes a top-k sort; head() over a scan stops the scan.
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

bool row_wise(const PlanNode& n) {
  // Projections whose expressions keep one output row per input row.
  if (n.kind != PlanKind::kSelect && n.kind != PlanKind::kWithColumns) return false;
  for (const auto& e : n.exprs) {
    if (!is_row_wise(*e.node())) return false;
  }
  return true;
}

/// Pushes a "first `rows` rows" limit into `plan` where that is safe.
PlanPtr limit_rows(const PlanPtr& plan, int64_t rows) {
  switch (plan->kind) {
    case PlanKind::kSort: {
      auto n = std::make_shared<PlanNode>(*plan);
      n->limit = n->limit ? std::min(*n->limit, rows) : rows;
      return n;
    }
    case PlanKind::kScan: {
      if (plan->request.predicate) return plan;
      auto n = std::make_shared<PlanNode>(*plan);
      n->request.n_rows = n->request.n_rows ? std::min(*n->request.n_rows, rows) : rows;
      return n;
    }
    case PlanKind::kSelect:
    case PlanKind::kWithColumns:
      if (!row_wise(*plan)) return plan;
      return with_inputs(*plan, {limit_rows(plan->input(), rows)});
    case PlanKind::kRowIndex: return with_inputs(*plan, {limit_rows(plan->input(), rows)});
    case PlanKind::kJoin: return plan;
    case PlanKind::kSlice:
      if (plan->offset >= 0 && plan->length) {
        return with_inputs(*plan, {limit_rows(plan->input(), plan->offset + std::min(*plan->length, rows))});
      }
      return plan;
    default: return plan;
  }
}

PlanPtr rewrite(const PlanPtr& plan) {
  std::vector<PlanPtr> inputs;
  for (const auto& in : plan->inputs) inputs.push_back(rewrite(in));
  auto n = std::make_shared<PlanNode>(*plan);
  n->inputs = std::move(inputs);
  if (n->kind == PlanKind::kSlice && n->offset >= 0 && n->length) {
    n->inputs[0] = limit_rows(n->inputs[0], n->offset + *n->length);
  }
  return n;
}

}  // namespace

PlanPtr push_down_slices(const PlanPtr& plan) { return rewrite(plan); }

}  // namespace floe
