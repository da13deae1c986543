// The distributed planner (see distributed_planner.h). It walks the optimized plan bottom-up,
// keeping for each subtree the fragment built so far and how its rows are spread over tasks,
// and closes a fragment into a stage wherever the next operator needs the rows spread
// differently (an exchange).
#include "cluster/distributed_planner.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cluster/exchange_source.h"
#include "core/error.h"
#include "expr/bound_expr.h"
#include "exec/parquet_source.h"
#include "plan/lazy_frame.h"
#include "plan/optimizer/passes.h"

namespace floe::cluster {

namespace {

/// A fragment under construction and the spread of its rows.
struct Fragment {
  PlanPtr plan;
  /// false: all rows in one task. true: `tasks` tasks each hold a part.
  bool partitioned = false;
  int tasks = 1;
  /// Partitioned by the hash of these columns (empty: spread by no known key, e.g. by row groups).
  std::vector<std::string> hash_keys;
  /// The split scan of this fragment and its row groups per task.
  const PlanNode* split_scan = nullptr;
  std::vector<std::vector<int64_t>> task_row_groups;
  std::vector<int> inputs;
};

bool all_row_wise(const std::vector<Expr>& exprs) {
  return std::all_of(exprs.begin(), exprs.end(), [](const Expr& e) { return is_row_wise(*e); });
}

bool all_columns(const std::vector<Expr>& exprs) {
  return std::all_of(exprs.begin(), exprs.end(), [](const Expr& e) { return e->kind == ExprKind::kColumn; });
}

std::vector<std::string> column_names(const std::vector<Expr>& exprs) {
  std::vector<std::string> names;
  for (const auto& e : exprs) names.push_back(e->name);
  return names;
}

/// Splits row groups into at most `parts` runs of consecutive row groups with about equal rows,
/// so each task reads a contiguous part of the dataset and a gather keeps the rows in order.
std::vector<std::vector<int64_t>> split_row_groups(const std::vector<int64_t>& rows, int parts) {
  int64_t total = 0;
  for (int64_t r : rows) total += r;
  std::vector<std::vector<int64_t>> out;
  const int n = std::min<int>(parts, static_cast<int>(rows.size()));
  int64_t seen = 0;
  for (size_t rg = 0; rg < rows.size(); ++rg) {
    // The task this row group starts in: by the rows before it, never leaving a task empty.
    int task = total > 0 ? static_cast<int>(seen * n / total) : 0;
    task = std::max(task, static_cast<int>(out.size()) - 1);
    const int remaining_tasks = n - static_cast<int>(out.size());
    const int remaining_groups = static_cast<int>(rows.size() - rg);
    if (out.empty() || (task >= static_cast<int>(out.size()) && remaining_tasks > 0) ||
        remaining_groups <= remaining_tasks) {
      if (static_cast<int>(out.size()) < n) out.emplace_back();
    }
    out.back().push_back(static_cast<int64_t>(rg));
    seen += rows[rg];
  }
  return out;
}

class Planner {
 public:
  explicit Planner(const DistributedOptions& options) : options_(options) {}

  StageGraph run(const PlanPtr& plan) {
    if (!options_.distributed) {
      Fragment whole{plan};
      close(whole, OutputPartitioning{});
    } else {
      Fragment root = visit(plan);
      close(root, OutputPartitioning{});
    }
    return std::move(graph_);
  }

 private:
  /// Ends `f` as a stage with `output`; returns the id of the new stage.
  int close(Fragment& f, OutputPartitioning output) {
    Stage stage;
    stage.id = static_cast<int>(graph_.stages.size());
    stage.fragment = f.plan;
    stage.output = std::move(output);
    stage.tasks = f.partitioned ? f.tasks : 1;
    stage.split_scan = f.split_scan;
    stage.task_row_groups = f.task_row_groups;
    stage.inputs = f.inputs;
    graph_.stages.push_back(std::move(stage));
    return graph_.stages.back().id;
  }

  /// A fresh fragment that starts by reading stage `id`'s output.
  Fragment read_exchange(int id, const Schema& schema) {
    Fragment f;
    f.plan = LazyFrame::scan(std::make_shared<ExchangeSource>(id, schema)).plan();
    f.inputs = {id};
    return f;
  }

  /// All rows of `f` in one task.
  Fragment gather(Fragment f) {
    if (!f.partitioned) return f;
    const Schema schema = f.plan->schema;
    return read_exchange(close(f, OutputPartitioning{}), schema);
  }

  /// The rows of `f` hash-partitioned by `keys` over one task per worker.
  Fragment repartition(Fragment f, const std::vector<std::string>& keys) {
    const int parts = std::max(1, options_.workers);
    if (f.partitioned && f.hash_keys == keys && f.tasks == parts) return f;
    const Schema schema = f.plan->schema;
    Fragment out = read_exchange(close(f, OutputPartitioning{true, keys, parts}), schema);
    out.partitioned = true;
    out.tasks = parts;
    out.hash_keys = keys;
    return out;
  }

  /// `node` over the fragment(s) of its inputs, keeping their spread.
  static Fragment extend(const PlanNode& node, Fragment f) {
    f.plan = with_inputs(node, {f.plan});
    return f;
  }

  Fragment visit(const PlanPtr& plan) {
    const PlanNode& node = *plan;
    switch (node.kind) {
      case PlanKind::kScan: return visit_scan(plan);
      case PlanKind::kFilter: {
        Fragment in = visit(node.input());
        if (!is_row_wise(*node.predicate)) in = gather(std::move(in));
        return extend(node, std::move(in));
      }
      case PlanKind::kSelect:
      case PlanKind::kWithColumns: {
        Fragment in = visit(node.input());
        if (!all_row_wise(node.exprs)) in = gather(std::move(in));
        Fragment out = extend(node, std::move(in));
        if (!keys_survive(node, out.hash_keys)) out.hash_keys.clear();  // spread, but by no known key
        return out;
      }
      case PlanKind::kAggregate: return visit_aggregate(node);
      case PlanKind::kJoin: return visit_join(node);
      case PlanKind::kSort: {
        Fragment in = visit(node.input());
        if (in.partitioned && node.limit) in = gather(extend(node, std::move(in)));  // top-k per task first
        if (in.partitioned && node.exprs[0]->kind == ExprKind::kColumn && options_.workers > 1) {
          // Ranges of the first key, each sorted by one task: stacked in task order, sorted.
          OutputPartitioning ranges;
          ranges.range = true;
          ranges.keys = {node.exprs[0]->name};
          ranges.partitions = options_.workers;
          ranges.descending = node.sort_options[0].descending;
          ranges.nulls_last = node.sort_options[0].nulls_last;
          const Schema schema = in.plan->schema;
          Fragment out = read_exchange(close(in, ranges), schema);
          out.partitioned = true;
          out.tasks = ranges.partitions;
          return extend(node, std::move(out));
        }
        return extend(node, gather(std::move(in)));
      }
      case PlanKind::kSlice: {
        Fragment in = visit(node.input());
        if (in.partitioned && node.offset >= 0 && node.length) {
          // Each task keeps what could be in the result; the gather keeps task order.
          PlanNode head = node;
          head.offset = 0;
          head.length = node.offset + *node.length;
          in = extend(head, std::move(in));
        }
        return extend(node, gather(std::move(in)));
      }
      case PlanKind::kConcat: {
        std::vector<PlanPtr> inputs;
        std::vector<int> stages;
        for (const auto& input : node.inputs) {
          Fragment f = gather(visit(input));
          inputs.push_back(f.plan);
          stages.insert(stages.end(), f.inputs.begin(), f.inputs.end());
        }
        Fragment out;
        out.plan = with_inputs(node, std::move(inputs));
        out.inputs = std::move(stages);
        return out;
      }
      case PlanKind::kRowIndex: return extend(node, gather(visit(node.input())));
      // Each reader's stages compute the shared subplan again: a cached result would have to
      // outlive the stages that read it.
      case PlanKind::kCache: return visit(node.input());
    }
    throw InternalError("distributed planner: unknown plan node");
  }

  Fragment visit_scan(const PlanPtr& plan) {
    Fragment f{plan};
    auto parquet = std::dynamic_pointer_cast<const ParquetSource>(plan->source);
    if (!parquet || plan->request.n_rows || options_.workers < 2) return f;
    if (parquet->options().row_groups) return f;  // already cut to some row groups: left whole
    const auto rows = parquet->row_group_rows();
    if (rows.size() < 2) return f;
    f.partitioned = true;
    f.task_row_groups = split_row_groups(rows, options_.workers);
    f.tasks = static_cast<int>(f.task_row_groups.size());
    f.split_scan = plan.get();
    return f;
  }

  /// Whether rows hash-partitioned by `keys` below a select or with_columns `node` are still
  /// partitioned by columns of those names above it: a select must pass each key through, a
  /// with_columns must not replace it.
  static bool keys_survive(const PlanNode& node, const std::vector<std::string>& keys) {
    const Schema& input = node.input()->schema;
    for (const auto& key : keys) {
      bool passed = false, replaced = false;
      for (const auto& e : node.exprs) {
        const bool same = e->kind == ExprKind::kColumn && e->name == key;
        passed |= same;
        replaced |= !same && bind(e, input)->name == key;
      }
      if (node.kind == PlanKind::kSelect ? !passed || replaced : replaced) return false;
    }
    return true;
  }

  Fragment visit_aggregate(const PlanNode& node);
  Fragment visit_join(const PlanNode& node);

  DistributedOptions options_;
  StageGraph graph_;
};

// ---- Aggregation ----

/// Rewrites aggregate expressions into a partial aggregate (run per task) and a final one (run
/// over the partials), or fails for aggregates that do not decompose.
class AggregateSplitter {
 public:
  /// The final form of `e`; partial aggregates it needs are appended to `partial()`.
  std::optional<Expr> split(const Expr& e) {
    switch (e->kind) {
      case ExprKind::kLen: {
        std::string p = add_partial(e);
        return col(p).sum();
      }
      case ExprKind::kAgg: {
        const Expr input(e->children.at(0));
        switch (e->agg) {
          case compute::AggKind::kSum: return col(add_partial(e)).sum();
          case compute::AggKind::kMin: return col(add_partial(e)).min();
          case compute::AggKind::kMax: return col(add_partial(e)).max();
          case compute::AggKind::kCount:
          case compute::AggKind::kNullCount: return col(add_partial(e)).sum();
          case compute::AggKind::kMean: {
            std::string sum = add_partial(input.cast(TypeId::kFloat64).sum());
            std::string count = add_partial(input.count());
            Expr total = col(count).sum();
            return when(total > lit(Scalar(TypeId::kUInt32, uint64_t{0})))
                .then(col(sum).sum() / total.cast(TypeId::kFloat64))
                .end();
          }
          default: return std::nullopt;  // n_unique, first, last, median, quantile, std, var
        }
      }
      case ExprKind::kColumn:
      case ExprKind::kColumns:
      case ExprKind::kWildcard:
      case ExprKind::kDtypeColumns:
      case ExprKind::kOver:
      case ExprKind::kWindowFunction:
      case ExprKind::kFilter:
      case ExprKind::kSortExpr:
      case ExprKind::kIntRange: return std::nullopt;  // a value per row outside any aggregate
      default: break;
    }
    auto copy = std::make_shared<ExprNode>(*e);
    for (auto& child : copy->children) {
      auto part = split(Expr(child));
      if (!part) return std::nullopt;
      child = part->node();
    }
    return Expr(copy);
  }

  const std::vector<Expr>& partial() const { return partial_; }

 private:
  std::string add_partial(const Expr& e) {
    std::string name = fmt::format("__floe_partial_{}", partial_.size());
    partial_.push_back(e.alias(name));
    return name;
  }

  std::vector<Expr> partial_;
};

Fragment Planner::visit_aggregate(const PlanNode& node) {
  Fragment in = visit(node.input());
  if (!in.partitioned || node.maintain_order) return extend(node, gather(std::move(in)));

  const size_t nkeys = node.keys.size();
  AggregateSplitter splitter;
  std::vector<Expr> final_aggs;
  bool decomposable = true;
  for (size_t i = 0; i < node.exprs.size() && decomposable; ++i) {
    auto f = splitter.split(node.exprs[i]);
    if (!f) {
      decomposable = false;
      break;
    }
    final_aggs.push_back(f->alias(node.schema[nkeys + i].name));
  }

  if (decomposable) {
    // Partial aggregate per task, exchange on the keys, final aggregate per partition.
    std::vector<std::string> key_names;
    for (size_t k = 0; k < nkeys; ++k) key_names.push_back(node.schema[k].name);
    LazyFrame partial_input(in.plan);
    PlanPtr partial = nkeys ? partial_input.group_by_agg(node.keys, splitter.partial()).plan()
                            : partial_input.aggregate(splitter.partial()).plan();
    in.plan = partial;
    Fragment mid = nkeys ? repartition(std::move(in), key_names) : gather(std::move(in));
    std::vector<Expr> final_keys;
    for (const auto& k : key_names) final_keys.push_back(col(k));
    LazyFrame final_input(mid.plan);
    auto final_plan = [&] {
      return nkeys ? final_input.group_by_agg(final_keys, final_aggs).plan() : final_input.aggregate(final_aggs).plan();
    };
    mid.plan = final_plan();
    // Combining partials can widen a type (a sum of counts); cast back where it did.
    bool cast = false;
    for (size_t i = 0; i < final_aggs.size(); ++i) {
      const auto& want = node.schema[nkeys + i];
      if (mid.plan->schema[nkeys + i].type != want.type) {
        final_aggs[i] = final_aggs[i].cast(want.type).alias(want.name);
        cast = true;
      }
    }
    if (cast) mid.plan = final_plan();
    FLOE_CHECK(mid.plan->schema == node.schema, "distributed aggregate changed the output schema");
    return mid;
  }
  if (nkeys && all_columns(node.keys)) {
    // Holistic aggregates (n_unique, median, ...): exchange the input rows on the keys.
    return extend(node, repartition(std::move(in), column_names(node.keys)));
  }
  return extend(node, gather(std::move(in)));
}

// ---- Joins ----

Fragment Planner::visit_join(const PlanNode& node) {
  Fragment left = visit(node.inputs[0]);
  Fragment right = visit(node.inputs[1]);
  auto combine = [&](Fragment l, Fragment r) {
    Fragment out;
    out.plan = with_inputs(node, {l.plan, r.plan});
    out.partitioned = l.partitioned || r.partitioned;
    const Fragment& spread = l.partitioned ? l : r;
    out.tasks = spread.tasks;
    out.hash_keys = spread.hash_keys;
    out.split_scan = spread.split_scan;
    out.task_row_groups = spread.task_row_groups;
    out.inputs = l.inputs;
    out.inputs.insert(out.inputs.end(), r.inputs.begin(), r.inputs.end());
    return out;
  };
  if (!left.partitioned && !right.partitioned) return combine(std::move(left), std::move(right));

  const std::string& how = node.how;
  const bool many_to_many = node.validate == "m:m";
  auto small = [&](const PlanPtr& side) {
    auto rows = estimate_rows(*side);
    return rows && *rows <= options_.broadcast_threshold_rows;
  };
  // Broadcast: every task of the big side sees the whole small side.
  const bool left_rows_preserved = how == "inner" || how == "left" || how == "semi" || how == "anti";
  if (left_rows_preserved && many_to_many && (!right.partitioned || small(node.inputs[1]))) {
    return combine(std::move(left), gather(std::move(right)));
  }
  if ((how == "inner" || how == "right") && many_to_many && (!left.partitioned || small(node.inputs[0]))) {
    return combine(gather(std::move(left)), std::move(right));
  }
  const bool equi = how == "inner" || how == "left" || how == "right" || how == "full" || how == "semi" || how == "anti";
  if (equi && all_columns(node.keys) && all_columns(node.exprs)) {
    Fragment l = repartition(std::move(left), column_names(node.keys));
    Fragment r = repartition(std::move(right), column_names(node.exprs));
    Fragment out = combine(std::move(l), std::move(r));
    // Output columns keep the left key names (coalesced or not), so rows stay partitioned by them.
    out.hash_keys = column_names(node.keys);
    if (!std::all_of(out.hash_keys.begin(), out.hash_keys.end(),
                     [&](const std::string& k) { return out.plan->schema.find(k).has_value(); }) ||
        how == "right" || how == "full") {
      out.hash_keys.clear();
    }
    return out;
  }
  return combine(gather(std::move(left)), gather(std::move(right)));
}

std::string describe_output(const Stage& stage, bool last) {
  if (last) return "result";
  if (stage.output.range) {
    return fmt::format("range({}{}) into {} partitions", stage.output.keys[0], stage.output.descending ? " descending" : "",
                       stage.output.partitions);
  }
  if (!stage.output.hash) return "gather";
  return fmt::format("hash({}) into {} partitions", fmt::join(stage.output.keys, ", "), stage.output.partitions);
}

/// Stages write only the columns their consumers read (and their partition keys): a filter's
/// columns, say, are read by the scan that filters but never shipped. Each fragment gets the
/// projection pushed into its own scans and exchanges.
void narrow_exchanges(StageGraph& graph) {
  const size_t n = graph.stages.size();
  std::vector<std::set<std::string>> needed(n);
  for (size_t i = n; i-- > 0;) {
    Stage& stage = graph.stages[i];
    if (i + 1 < n) {
      std::set<std::string> want = needed[i];
      want.insert(stage.output.keys.begin(), stage.output.keys.end());
      std::vector<Expr> kept;
      for (const auto& f : stage.fragment->schema) {
        if (want.count(f.name)) kept.push_back(col(f.name));
      }
      if (!kept.empty() && kept.size() < stage.fragment->schema.size()) {
        stage.fragment = LazyFrame(stage.fragment).select(kept).plan();
      }
    }
    const ScanSourcePtr split_source = stage.split_scan ? stage.split_scan->source : nullptr;
    stage.fragment = push_down_projections(stage.fragment);
    for_each_scan(stage.fragment, [&](const PlanNode& scan) {
      if (split_source && scan.source == split_source) stage.split_scan = &scan;
      auto exchange = std::dynamic_pointer_cast<const ExchangeSource>(scan.source);
      if (!exchange) return;
      auto& into = needed[static_cast<size_t>(exchange->stage())];
      if (scan.request.columns) {
        into.insert(scan.request.columns->begin(), scan.request.columns->end());
      } else {
        for (const auto& f : exchange->schema()) into.insert(f.name);
      }
    });
  }
  // Exchanges read what their producers now write.
  for (Stage& stage : graph.stages) {
    const ScanSourcePtr split_source = stage.split_scan ? stage.split_scan->source : nullptr;
    stage.fragment = map_scans(stage.fragment, [&](const PlanPtr& scan) -> PlanPtr {
      auto exchange = std::dynamic_pointer_cast<const ExchangeSource>(scan->source);
      if (!exchange) return scan;
      const Schema& written = graph.stages[static_cast<size_t>(exchange->stage())].fragment->schema;
      if (written == exchange->schema()) return scan;
      auto copy = std::make_shared<PlanNode>(*scan);
      copy->source = std::make_shared<ExchangeSource>(exchange->stage(), written);
      if (copy->request.columns && copy->request.columns->size() == written.size()) copy->request.columns.reset();
      copy->schema = derive_schema(*copy);
      return copy;
    });
    for_each_scan(stage.fragment, [&](const PlanNode& scan) {
      if (split_source && scan.source == split_source) stage.split_scan = &scan;
    });
  }
}

}  // namespace

void for_each_scan(const PlanPtr& plan, const std::function<void(const PlanNode&)>& visit) {
  if (plan->kind == PlanKind::kScan) visit(*plan);
  for (const auto& input : plan->inputs) for_each_scan(input, visit);
}

PlanPtr map_scans(const PlanPtr& plan, const std::function<PlanPtr(const PlanPtr&)>& rewrite) {
  if (plan->kind == PlanKind::kScan) return rewrite(plan);
  bool changed = false;
  std::vector<PlanPtr> inputs;
  for (const auto& input : plan->inputs) {
    inputs.push_back(map_scans(input, rewrite));
    changed |= inputs.back() != input;
  }
  if (!changed) return plan;
  auto copy = std::make_shared<PlanNode>(*plan);
  copy->inputs = std::move(inputs);
  return copy;
}

std::string Stage::header() const {
  return fmt::format("Stage {}: {} task{}", id, tasks, tasks == 1 ? "" : "s");
}

std::string StageGraph::to_string() const {
  std::string out;
  for (size_t i = stages.size(); i-- > 0;) {
    const Stage& s = stages[i];
    out += fmt::format("{} -> {}\n", s.header(), describe_output(s, i + 1 == stages.size()));
    std::string fragment = format_plan(*s.fragment);
    size_t start = 0;
    while (start < fragment.size()) {
      size_t end = fragment.find('\n', start);
      if (end == std::string::npos) end = fragment.size();
      out += "  " + fragment.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  return out;
}

StageGraph plan_stages(const PlanPtr& optimized, const DistributedOptions& options) {
  StageGraph graph = Planner(options).run(optimized);
  narrow_exchanges(graph);
  return graph;
}

PlanPtr task_fragment(const Stage& stage, int task) {
  FLOE_CHECK(task >= 0 && task < stage.tasks, "task out of range");
  if (!stage.split_scan) return stage.fragment;
  auto source = std::dynamic_pointer_cast<const ParquetSource>(stage.split_scan->source);
  FLOE_CHECK(source != nullptr, "split scan is not a Parquet scan");
  auto cut = source->with_row_groups(stage.task_row_groups[static_cast<size_t>(task)]);
  return map_scans(stage.fragment, [&](const PlanPtr& scan) -> PlanPtr {
    if (scan.get() != stage.split_scan) return scan;
    auto copy = std::make_shared<PlanNode>(*scan);
    copy->source = cut;
    return copy;
  });
}

}  // namespace floe::cluster
