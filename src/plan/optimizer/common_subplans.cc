// Common subplan elimination: a subplan the query reads twice (`lines` in
// `lines.join(lines.group_by(...).agg(...))`) is computed once.
#include <algorithm>
#include <map>
#include <set>

#include "plan/optimizer/passes.h"

namespace floe {

namespace {

/// Whether `plan` joins, aggregates, sorts or computes windows: computing it twice costs more
/// than keeping its result.
bool expensive(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kScan:
    case PlanKind::kCache: return false;
    case PlanKind::kFilter:
      if (!is_row_wise(*plan.predicate.node())) return true;
      break;
    case PlanKind::kSelect:
    case PlanKind::kWithColumns:
      for (const auto& e : plan.exprs) {
        if (!is_row_wise(*e.node())) return true;
      }
      break;
    case PlanKind::kSlice:
    case PlanKind::kRowIndex: break;
    default: return true;
  }
  for (const auto& in : plan.inputs) {
    if (expensive(*in)) return true;
  }
  return false;
}

/// How many parent edges reach each node of the plan (a DAG: LazyFrames reuse their inputs),
/// and which nodes some parent filters.
struct Readers {
  std::map<const PlanNode*, int> parents;
  std::set<const PlanNode*> filtered;
  int next_id = 0;

  void count(const PlanNode* plan) {
    if (plan->kind == PlanKind::kCache) next_id = std::max(next_id, plan->cache_id + 1);
    for (const auto& in : plan->inputs) {
      if (plan->kind == PlanKind::kFilter) filtered.insert(in.get());
      if (parents[in.get()]++ == 0) count(in.get());
    }
  }
};

struct Rewriter {
  Readers readers;
  std::map<const PlanNode*, PlanPtr> done;  // the rewritten node, shared as the original was

  /// A shared subplan is kept when it is expensive, or when no reader filters it. Filters and
  /// projections of a scan whose readers filter are read again: each reader then pushes its
  /// own filter into the scan.
  bool worth_caching(const PlanNode* original, const PlanNode& plan) const {
    if (plan.kind == PlanKind::kScan || plan.kind == PlanKind::kCache) return false;
    auto it = readers.parents.find(original);
    if (it == readers.parents.end() || it->second < 2) return false;
    return expensive(plan) || readers.filtered.count(original) == 0;
  }

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
    if (worth_caching(plan.get(), *out)) {
      auto cache = std::make_shared<PlanNode>();
      cache->kind = PlanKind::kCache;
      cache->schema = out->schema;
      cache->inputs = {out};
      cache->cache_id = readers.next_id++;
      out = cache;
    }
    done.emplace(plan.get(), out);
    return out;
  }
};

}  // namespace

PlanPtr cache_common_subplans(const PlanPtr& plan) {
  Rewriter r;
  r.readers.parents[plan.get()] = 1;
  r.readers.count(plan.get());
  return r.rewrite(plan);
}

}  // namespace floe
