// Projection pushdown: scans read only the columns some operator above them uses.
#include <algorithm>
#include <map>
#include <set>

#include "expr/bound_expr.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

using Names = std::set<std::string>;

void add_columns(const Expr& e, Names& out) {
  std::vector<std::string> cols;
  collect_columns(*e.node(), cols);
  out.insert(cols.begin(), cols.end());
}

/// A select of `input`'s columns among `names`, in the order they have in `order`.
PlanPtr select_columns(const PlanPtr& input, const Schema& order, const Names& names) {
  auto sel = std::make_shared<PlanNode>();
  sel->kind = PlanKind::kSelect;
  sel->inputs = {input};
  for (const auto& f : order) {
    if (names.count(f.name)) sel->exprs.push_back(col(f.name));
  }
  sel->schema = derive_schema(*sel);
  return sel;
}

/// Rewrites plans so that they read as little as possible. A cached subplan (kCache) is
/// computed once for all its readers, so it keeps the union of the columns they use.
struct Pruner {
  std::map<int, Names> cache_needs;  // by cache_id: the columns some reader uses so far
  bool cache_needs_grew = false;

  PlanPtr prune(const PlanPtr& plan, const Names& needed);
};

/// Rewrites `plan` so that it produces at least the columns in `needed` (a subset of its
/// schema), reading as little as possible below.
PlanPtr Pruner::prune(const PlanPtr& plan, const Names& needed) {
  switch (plan->kind) {
    case PlanKind::kScan: {
      auto n = std::make_shared<PlanNode>(*plan);
      Names want = needed;
      if (n->request.predicate) add_columns(*n->request.predicate, want);
      std::vector<std::string> cols;
      for (const auto& f : plan->source->schema()) {
        if (want.count(f.name)) cols.push_back(f.name);
      }
      // An empty projection still has to count rows: keep the first column.
      if (cols.empty() && !plan->source->schema().empty()) cols.push_back(plan->source->schema()[0].name);
      if (cols.size() == plan->source->schema().size()) {
        n->request.columns.reset();
      } else {
        n->request.columns = cols;
      }
      n->schema = derive_schema(*n);
      return n;
    }
    case PlanKind::kSelect: {
      // Drop outputs nobody reads (a rename's select lists every column). Keep one that reads
      // the input if only scalars would remain, or the row count would change.
      std::vector<Expr> kept;
      bool kept_rows = false;
      std::optional<Expr> rows_keeper;
      for (const auto& e : plan->exprs) {
        const bool scalar = bind(e, plan->input()->schema)->is_scalar;
        if (needed.count(output_name(*e.node()))) {
          kept.push_back(e);
          kept_rows |= !scalar;
        } else if (!scalar && !rows_keeper) {
          rows_keeper = e;
        }
      }
      if (!kept_rows && rows_keeper) kept.push_back(*rows_keeper);
      if (kept.empty() && !plan->exprs.empty()) kept.push_back(plan->exprs[0]);
      Names below;
      for (const auto& e : kept) add_columns(e, below);
      auto n = std::make_shared<PlanNode>(*plan);
      n->exprs = std::move(kept);
      n->inputs = {prune(plan->input(), below)};
      n->schema = derive_schema(*n);
      return n;
    }
    case PlanKind::kAggregate: {
      Names below;
      for (const auto& e : plan->exprs) add_columns(e, below);
      for (const auto& k : plan->keys) add_columns(k, below);
      return with_inputs(*plan, {prune(plan->input(), below)});
    }
    case PlanKind::kWithColumns: {
      auto n = std::make_shared<PlanNode>(*plan);
      // Drop computed columns nobody reads (unless they replace an input column that is read).
      std::vector<Expr> kept;
      Names below;
      for (const auto& name : needed) below.insert(name);
      for (const auto& e : plan->exprs) {
        std::string out = output_name(*e.node());
        if (needed.count(out)) {
          kept.push_back(e);
          add_columns(e, below);
        }
      }
      for (const auto& e : plan->exprs) below.erase(output_name(*e.node()));
      for (const auto& e : kept) add_columns(e, below);
      Names input_cols;
      for (const auto& f : plan->input()->schema) {
        if (below.count(f.name)) input_cols.insert(f.name);
      }
      if (kept.empty()) return prune(plan->input(), input_cols);
      n->exprs = kept;
      n->inputs = {prune(plan->input(), input_cols)};
      n->schema = derive_schema(*n);
      return n;
    }
    case PlanKind::kFilter: {
      Names below = needed;
      add_columns(plan->predicate, below);
      return with_inputs(*plan, {prune(plan->input(), below)});
    }
    case PlanKind::kSort: {
      Names below = needed;
      for (const auto& e : plan->exprs) add_columns(e, below);
      return with_inputs(*plan, {prune(plan->input(), below)});
    }
    case PlanKind::kSlice: return with_inputs(*plan, {prune(plan->input(), needed)});
    case PlanKind::kRowIndex: {
      Names below = needed;
      below.erase(plan->name);
      return with_inputs(*plan, {prune(plan->input(), below)});
    }
    case PlanKind::kJoin: {
      // Each side keeps its keys and the columns asked for (a suffixed right column is read
      // under its own name).
      Names left, right;
      for (const auto& k : plan->keys) add_columns(k, left);
      for (const auto& k : plan->exprs) add_columns(k, right);
      const Schema& ls = plan->inputs[0]->schema;
      const Schema& rs = plan->inputs[1]->schema;
      for (const auto& f : ls) {
        if (needed.count(f.name)) left.insert(f.name);
      }
      for (const auto& f : rs) {
        if (needed.count(f.name) || needed.count(f.name + plan->suffix)) right.insert(f.name);
      }
      if (plan->how == "semi" || plan->how == "anti") right.clear();
      for (const auto& k : plan->exprs) add_columns(k, right);
      // A kept right column that collides with a left one keeps its suffix only if the left
      // one stays too.
      for (const auto& name : right) {
        if (ls.find(name)) left.insert(name);
      }
      if (left.empty() && !ls.empty()) left.insert(ls[0].name);
      if (right.empty() && !rs.empty()) right.insert(rs[0].name);
      auto n = std::make_shared<PlanNode>(*plan);
      n->inputs = {prune(plan->inputs[0], left), prune(plan->inputs[1], right)};
      n->schema = derive_schema(*n);
      return n;
    }
    case PlanKind::kConcat: {
      // Every input must come out with exactly the same columns, even when one of them kept an
      // extra column for a filter of its own.
      size_t exact = 0;
      for (const auto& f : plan->schema) exact += needed.count(f.name);
      std::vector<PlanPtr> inputs;
      for (const auto& in : plan->inputs) {
        PlanPtr pruned = prune(in, needed);
        if (pruned->schema.size() != exact) pruned = select_columns(pruned, plan->schema, needed);
        inputs.push_back(pruned);
      }
      return with_inputs(*plan, std::move(inputs));
    }
    case PlanKind::kCache: {
      Names& want = cache_needs[plan->cache_id];
      for (const auto& name : needed) cache_needs_grew |= want.insert(name).second;
      const Names all_readers = want;
      PlanPtr input = prune(plan->input(), all_readers);
      // Keep only what is read (a scan also returns the columns of its own predicate).
      if (input->schema.size() > all_readers.size()) input = select_columns(input, input->schema, all_readers);
      return with_inputs(*plan, {input});
    }
  }
  return plan;
}

}  // namespace

PlanPtr push_down_projections(const PlanPtr& plan) {
  Names all;
  for (const auto& f : plan->schema) all.insert(f.name);
  // Until no cache learns of another column: then every copy of a cache node was pruned with
  // the final union of its readers' columns, and the copies are the same plan again.
  Pruner pruner;
  PlanPtr out;
  do {
    pruner.cache_needs_grew = false;
    out = pruner.prune(plan, all);
  } while (pruner.cache_needs_grew);
  // The root must still produce exactly the columns it did, in order.
  if (!(out->schema == plan->schema)) return select_columns(out, plan->schema, all);
  return out;
}

}  // namespace floe
