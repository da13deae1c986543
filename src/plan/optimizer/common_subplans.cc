// Common subplan elimination: a subplan the query reads twice (`lines` in
// `lines.join(lines.group_by(...).agg(...))`) is computed once.
#include <map>
#include <set>

#include "plan/optimizer/passes.h"

namespace floe {

namespace {

/// Whether computing `plan` twice costs more than keeping its result. A bare scan streams
/// from its source at no more cost than a kept copy, and holding it would pin the whole table.
bool worth_caching(const PlanNode& plan) { return plan.kind != PlanKind::kScan && plan.kind != PlanKind::kCache; }

/// How many parent edges reach each node of the plan (a DAG: LazyFrames reuse their inputs).
void count_parents(const PlanNode* plan, std::map<const PlanNode*, int>& parents, int& next_id) {
  if (plan->kind == PlanKind::kCache) next_id = std::max(next_id, plan->cache_id + 1);
  for (const auto& in : plan->inputs) {
    if (parents[in.get()]++ == 0) count_parents(in.get(), parents, next_id);
  }
}

struct Rewriter {
  std::map<const PlanNode*, int> parents;
  std::map<const PlanNode*, PlanPtr> done;  // the rewritten node, shared as the original was
  int next_id = 0;

  PlanPtr rewrite(const PlanPtr& plan) {
    if (auto it = done.find(plan.get()); it != done.end()) return it->second;
    std::vector<PlanPtr> inputs;
    bool changed = false;
    for (const auto& in : plan->inputs) {
      inputs.push_back(rewrite(in));
      changed |= inputs.back() != in;
    }
    PlanPtr out = plan;
    if (changed) {
      auto n = std::make_shared<PlanNode>(*plan);
      n->inputs = std::move(inputs);
      out = n;
    }
    if (parents[plan.get()] > 1 && worth_caching(*plan)) {
      auto cache = std::make_shared<PlanNode>();
      cache->kind = PlanKind::kCache;
      cache->schema = out->schema;
      cache->inputs = {out};
      cache->cache_id = next_id++;
      out = cache;
    }
    done.emplace(plan.get(), out);
    return out;
  }
};

}  // namespace

PlanPtr cache_common_subplans(const PlanPtr& plan) {
  Rewriter r;
  r.parents[plan.get()] = 1;
  count_parents(plan.get(), r.parents, r.next_id);
  return r.rewrite(plan);
}

}  // namespace floe
