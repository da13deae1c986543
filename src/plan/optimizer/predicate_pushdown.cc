// Predicate pushdown: filters move below projections, sorts and concats, into scans.
#include <algorithm>
#include <set>

#include "expr/bound_expr.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

std::vector<std::string> columns_of(const Expr& e) {
  std::vector<std::string> out;
  collect_columns(*e.node(), out);
  return out;
}

/// Pushes `predicate` as deep into `plan` as it can go and returns the rewritten plan.
PlanPtr push(const PlanPtr& plan, const Expr& predicate);

PlanPtr keep_here(const PlanPtr& plan, const Expr& predicate) { return filter_plan(plan, predicate); }

PlanPtr rewrite(const PlanPtr& plan) {
  if (plan->kind == PlanKind::kFilter) return push(rewrite(plan->input()), plan->predicate);
  std::vector<PlanPtr> inputs;
  for (const auto& in : plan->inputs) inputs.push_back(rewrite(in));
  auto n = std::make_shared<PlanNode>(*plan);
  n->inputs = std::move(inputs);
  return n;
}

/// Conjuncts that read only group keys (plain columns) filter whole groups: they go below the
/// aggregation, which then sees fewer rows; the rest stay above.
PlanPtr push_into_aggregate(const PlanPtr& plan, const Expr& predicate) {
  // Without keys there is one row even for no input: a filter below could not remove it.
  if (plan->keys.empty()) return keep_here(plan, predicate);
  std::set<std::string> keys;
  for (const auto& k : plan->keys) {
    if (k->kind == ExprKind::kColumn) keys.insert(k->name);
  }
  std::vector<Expr> below, above;
  for (const auto& part : conjuncts(predicate)) {
    bool on_keys = is_row_wise(*part.node());
    for (const auto& c : columns_of(part)) on_keys &= keys.count(c) > 0;
    (on_keys ? below : above).push_back(part);
  }
  if (below.empty()) return keep_here(plan, predicate);
  PlanPtr out = with_inputs(*plan, {push(plan->input(), *conjunction(below))});
  return above.empty() ? out : keep_here(out, *conjunction(above));
}

PlanPtr push(const PlanPtr& plan, const Expr& predicate) {
  // Aggregates, len(), sorts and window functions see every row: they stay above.
  if (!is_row_wise(*predicate.node())) return keep_here(plan, predicate);
  auto cols = columns_of(predicate);
  switch (plan->kind) {
    case PlanKind::kFilter:
      // Merge: the lower filter's predicate joins ours.
      return push(plan->input(), plan->predicate & predicate);
    case PlanKind::kSort: {
      if (plan->limit) return keep_here(plan, predicate);  // top-k then filter differs from filter then top-k
      return with_inputs(*plan, {push(plan->input(), predicate)});
    }
    case PlanKind::kConcat: {
      std::vector<PlanPtr> inputs;
      for (const auto& in : plan->inputs) inputs.push_back(push(in, predicate));
      return with_inputs(*plan, std::move(inputs));
    }
    case PlanKind::kWithColumns: {
      // Rows of a window function or aggregate depend on the rows around them: a filter below
      // would change what they see.
      for (const auto& e : plan->exprs) {
        if (!is_row_wise(*e.node())) return keep_here(plan, predicate);
      }
      std::set<std::string> computed;
      for (const auto& e : plan->exprs) computed.insert(output_name(*e.node()));
      for (const auto& c : cols) {
        if (computed.count(c)) return keep_here(plan, predicate);
      }
      return with_inputs(*plan, {push(plan->input(), predicate)});
    }
    case PlanKind::kSelect: {
      for (const auto& e : plan->exprs) {
        if (!is_row_wise(*e.node())) return keep_here(plan, predicate);
      }
      // Only through plain pass-through columns: select(col("a"), ...) filtered on "a".
      for (const auto& c : cols) {
        bool passthrough = false;
        for (const auto& e : plan->exprs) {
          if (e->kind == ExprKind::kColumn && e->name == c) passthrough = true;
        }
        if (!passthrough) return keep_here(plan, predicate);
      }
      return with_inputs(*plan, {push(plan->input(), predicate)});
    }
    case PlanKind::kScan: {
      if (!plan->source->handles_predicate()) return keep_here(plan, predicate);
      auto n = std::make_shared<PlanNode>(*plan);
      n->request.predicate = n->request.predicate ? (*n->request.predicate & predicate) : predicate;
      return n;
    }
    case PlanKind::kAggregate: return push_into_aggregate(plan, predicate);
    case PlanKind::kSlice:
    case PlanKind::kRowIndex:
    case PlanKind::kCache: return keep_here(plan, predicate);  // other readers want all its rows
    case PlanKind::kJoin: return push_predicate_into_join(plan, predicate, push);
  }
  return keep_here(plan, predicate);
}

}  // namespace

PlanPtr push_down_predicates(const PlanPtr& plan) { return rewrite(plan); }

}  // namespace floe
