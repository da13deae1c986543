// The executor: cuts the plan into pipelines at blocking operators and runs each on all cores.
#include "exec/executor.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "compute/aggregate.h"
#include "compute/selection.h"
#include "compute/sort.h"
#include "compute/window_functions.h"
#include "core/cancellation.h"
#include "core/column_builder.h"
#include "core/error.h"
#include "exec/aggregate_rewrite.h"
#include "core/thread_pool.h"
#include "exec/hash_aggregate.h"
#include "exec/asof_join.h"
#include "exec/hash_join.h"
#include "exec/join_filter.h"
#include "exec/pipeline.h"
#include "exec/semi_join.h"
#include "exec/window.h"
#include "expr/evaluate.h"

namespace floe {

namespace {

DataFrame run_plan(const PlanPtr& plan);

/// The results of a query's cached subplans (kCache): computed by their first reader, handed
/// out to the others, and dropped once the last one has taken its copy. Plans run on the thread
/// that called execute (pipelines hand only morsels to the pool), so each query has its own.
class CachedSubplans {
 public:
  explicit CachedSubplans(const PlanNode& plan) { count_readers(plan); }

  DataFrame get(const PlanPtr& cache) {
    Entry& entry = entries_[cache->cache_id];
    if (!entry.result) entry.result = run_plan(cache->input());
    DataFrame out = *entry.result;
    if (--entry.readers <= 0) entries_.erase(cache->cache_id);
    return out;
  }

  /// The running query's cache (nullptr outside execute, or on another thread).
  static CachedSubplans*& current() {
    static thread_local CachedSubplans* state = nullptr;
    return state;
  }

 private:
  struct Entry {
    int readers = 0;
    std::optional<DataFrame> result;
  };

  /// How often the executor will read each cache: a cache inside another one is read once
  /// per computation of the outer one, which happens once.
  void count_readers(const PlanNode& plan) {
    for (const auto& in : plan.inputs) {
      if (in->kind == PlanKind::kCache && entries_[in->cache_id].readers++ > 0) continue;
      count_readers(*in);
    }
  }

  std::map<int, Entry> entries_;
};

/// Makes `plan`'s caches the current ones while a query runs (a nested execute keeps its
/// caller's).
class CacheScope {
 public:
  explicit CacheScope(const PlanNode& plan) {
    if (CachedSubplans::current() != nullptr) return;
    state_.emplace(plan);
    CachedSubplans::current() = &*state_;
  }
  ~CacheScope() {
    if (state_) CachedSubplans::current() = nullptr;
  }
  CacheScope(const CacheScope&) = delete;
  CacheScope& operator=(const CacheScope&) = delete;

 private:
  std::optional<CachedSubplans> state_;
};

DataFrame read_cache(const PlanPtr& plan) {
  CachedSubplans* caches = CachedSubplans::current();
  return caches != nullptr ? caches->get(plan) : run_plan(plan->input());
}

bool contains_aggregate(const ExprNode& e) {
  if (e.kind == ExprKind::kAgg || e.kind == ExprKind::kLen) return true;
  for (const auto& c : e.children) {
    if (contains_aggregate(*c)) return true;
  }
  return false;
}

DataFrame empty_frame(const Schema& schema) {
  std::vector<ColumnPtr> cols;
  for (const auto& f : schema) cols.push_back(Column::nulls(f.type, 0));
  return DataFrame(schema, std::move(cols));
}

/// Collects a pipeline's output in input order.
DataFrame collect(Pipeline& p) {
  int workers = ThreadPool::default_threads();
  std::vector<std::vector<Chunk>> parts(static_cast<size_t>(workers));
  p.run(workers, [&](int w, Chunk& c) { parts[static_cast<size_t>(w)].push_back(compute::materialize(c)); });
  std::vector<Chunk> all;
  for (auto& v : parts) {
    for (auto& c : v) all.push_back(std::move(c));
  }
  std::sort(all.begin(), all.end(), [](const Chunk& a, const Chunk& b) { return a.sequence() < b.sequence(); });
  if (all.empty()) return empty_frame(p.schema);
  std::vector<Chunk> kept;
  for (auto& c : all) {
    if (c.num_rows() > 0 || kept.empty()) kept.push_back(std::move(c));
  }
  if (kept.size() > 1 && kept[0].num_rows() == 0) kept.erase(kept.begin());
  return DataFrame(p.schema, std::move(kept));
}


/// Computes every aggregate inside `bound` over the pipeline's rows (thread-local accumulators,
/// merged at the end) and returns their values.
std::map<const BoundExpr*, ColumnPtr> compute_aggregates(Pipeline& p, const std::vector<BoundExprPtr>& bound) {
  std::vector<const BoundExpr*> aggs;
  for (const auto& b : bound) find_aggregates(b, aggs);
  int workers = ThreadPool::default_threads();
  using Accs = std::vector<std::unique_ptr<compute::Accumulator>>;
  auto make_accs = [&] {
    Accs accs;
    for (const auto* a : aggs) {
      if (a->kind == ExprKind::kLen) {
        accs.push_back(compute::make_accumulator(compute::AggKind::kLen, TypeId::kNull));
      } else {
        accs.push_back(compute::make_accumulator(a->source->agg, a->children[0]->type, a->source->agg_options));
      }
    }
    return accs;
  };
  std::vector<Accs> local(static_cast<size_t>(workers));
  for (auto& l : local) l = make_accs();
  p.run(workers, [&](int w, Chunk& c) {
    EvalContext ctx(c);
    Accs& accs = local[static_cast<size_t>(w)];
    for (size_t i = 0; i < aggs.size(); ++i) {
      if (aggs[i]->kind == ExprKind::kLen) {
        accs[i]->update(std::make_shared<Column>(DataType(TypeId::kNull), ctx.rows(), nullptr), c.sequence());
      } else {
        // Generators such as int_range have their own length; scalars stretch to the chunk.
        const BoundExpr& arg = *aggs[i]->children[0];
        ColumnPtr v = evaluate(arg, ctx);
        accs[i]->update(arg.is_scalar ? compute::broadcast(v, ctx.rows()) : v, c.sequence());
      }
    }
  });
  std::map<const BoundExpr*, ColumnPtr> values;
  for (size_t i = 0; i < aggs.size(); ++i) {
    for (size_t w = 1; w < local.size(); ++w) local[0][i]->merge(*local[w][i]);
    values[aggs[i]] = local[0][i]->finish();
  }
  return values;
}

Pipeline build(const PlanPtr& plan);

Pipeline from_frame(DataFrame df, bool split = true) {
  Pipeline p;
  p.schema = df.schema();
  p.source = std::make_unique<FrameSource>(std::move(df), split);
  return p;
}

/// Expressions whose output length is not the input's (`col("a").sort()`, `.filter(...)` outside
/// an aggregation) must see the whole input at once rather than one morsel at a time.
bool changes_length(const ExprNode& e) {
  if (e.kind == ExprKind::kAgg || e.kind == ExprKind::kLen) return false;
  if (e.kind == ExprKind::kFilter || e.kind == ExprKind::kSortExpr) return true;
  if (e.kind == ExprKind::kWindowFunction && compute::window_function_changes_length(e.name, e.options)) return true;
  if (e.kind == ExprKind::kOver) return false;
  for (const auto& c : e.children) {
    if (changes_length(*c)) return true;
  }
  return false;
}

/// `bound` with every over() node replaced by its values over all rows of `input` (a frame of
/// one chunk; an empty frame has none).
std::vector<BoundExprPtr> substitute_over_nodes(const std::vector<BoundExprPtr>& bound, const DataFrame& input) {
  Chunk whole;
  if (input.chunks().empty()) {
    std::vector<ColumnPtr> cols;
    for (const auto& f : input.schema()) cols.push_back(Column::nulls(f.type, 0));
    whole = Chunk(std::move(cols), 0);
  } else {
    whole = input.chunks()[0];
  }
  auto values = evaluate_over_nodes(bound, whole);
  if (values.empty()) return bound;
  std::vector<BoundExprPtr> out;
  for (const auto& b : bound) out.push_back(substitute_aggregates(b, values));
  return out;
}

/// select / with_columns whose expressions hold aggregates over the whole input
/// (`col("a") - col("a").mean()`): compute those first, then project with their values.
Pipeline build_projection_with_aggregates(const PlanPtr& plan, bool keep_input, bool whole) {
  DataFrame input = run_plan(plan->input());
  if (whole) input = input.rechunk();
  std::vector<BoundExprPtr> bound;
  for (const auto& e : plan->exprs) bound.push_back(bind(e, input.schema()));
  // over() nodes see every row: compute them first (with their own aggregates per group).
  bound = substitute_over_nodes(bound, input);
  Pipeline agg_input = from_frame(input, !whole);
  auto values = compute_aggregates(agg_input, bound);
  // Project with the aggregate values as literals.
  Pipeline p = from_frame(input, !whole);
  std::vector<BoundExprPtr> substituted;
  for (const auto& b : bound) substituted.push_back(substitute_aggregates(b, values));
  struct BoundProject final : ChunkOperator {
    std::vector<BoundExprPtr> exprs;
    std::vector<int> pass;
    Chunk process(const Chunk& in) const override {
      EvalContext ctx(in);
      std::vector<ColumnPtr> cols;
      // The first non-scalar result sets the row count: length-changing expressions over the
      // whole input (`col("a").top_k(3)`) give a frame of their length.
      int64_t rows = -1;
      for (size_t i = 0; i < exprs.size(); ++i) {
        cols.push_back(exprs[i] ? evaluate(*exprs[i], ctx) : ctx.column(pass[i]));
        if (rows < 0 && !(exprs[i] && exprs[i]->is_scalar)) rows = cols.back()->length();
      }
      if (rows < 0) rows = ctx.rows();
      for (size_t i = 0; i < cols.size(); ++i) {
        FLOE_USER_CHECK(cols[i]->length() == rows || cols[i]->length() == 1, ShapeMismatch,
                        "expression `{}` has length {} but the other columns have {} rows",
                        exprs[i] ? exprs[i]->name : "", cols[i]->length(), rows);
        cols[i] = compute::broadcast(cols[i], rows);
      }
      Chunk out(std::move(cols), rows);
      out.set_sequence(in.sequence());
      return out;
    }
  };
  auto op = std::make_shared<BoundProject>();
  Schema schema;
  if (keep_input) {
    for (size_t i = 0; i < input.schema().size(); ++i) {
      op->exprs.push_back(nullptr);
      op->pass.push_back(static_cast<int>(i));
      schema.add(input.schema()[i].name, input.schema()[i].type);
    }
  }
  for (const auto& b : substituted) {
    auto existing = schema.find(b->name);
    if (existing) {
      op->exprs[*existing] = b;
      schema.set(b->name, b->type);
    } else {
      op->exprs.push_back(b);
      op->pass.push_back(-1);
      schema.add(b->name, b->type);
    }
  }
  p.operators.push_back(op);
  p.schema = schema;
  return p;
}

/// select over a frame without columns (`fl.select(...)`, `LazyFrame().select(...)`): each
/// expression is evaluated once, and length-1 results stretch to the longest one.
DataFrame run_generator_select(const PlanPtr& plan) {
  Chunk none({}, 1);
  EvalContext ctx(none);
  std::vector<ColumnPtr> cols;
  Schema schema;
  int64_t rows = 1;
  for (const auto& e : plan->exprs) {
    auto b = bind(e, Schema());
    cols.push_back(evaluate(*b, ctx));
    schema.add(b->name, b->type);
    if (cols.back()->length() != 1) rows = cols.back()->length();
  }
  for (auto& c : cols) {
    FLOE_USER_CHECK(c->length() == rows || c->length() == 1, ShapeMismatch,
                    "select: expressions produce {} and {} rows", rows, c->length());
    c = compute::broadcast(c, rows);
  }
  return DataFrame(schema, std::move(cols));
}

DataFrame run_aggregate(const PlanPtr& plan) {
  Pipeline p = build(plan->input());
  if (!plan->keys.empty()) return hash_aggregate(p, plan->keys, plan->exprs, plan->maintain_order);
  std::vector<BoundExprPtr> bound;
  for (const auto& e : plan->exprs) bound.push_back(bind(e, p.schema));
  auto values = compute_aggregates(p, bound);
  Chunk one({}, 1);
  EvalContext ctx(one);
  std::vector<ColumnPtr> cols;
  Schema schema;
  for (const auto& b : bound) {
    auto s = substitute_aggregates(b, values);
    ColumnPtr c = evaluate(*s, ctx);
    FLOE_USER_CHECK(c->length() == 1, ShapeMismatch, "aggregate `{}` produced {} rows, expected 1", b->name, c->length());
    cols.push_back(c);
    schema.add(b->name, b->type);
  }
  return DataFrame(schema, std::move(cols));
}

DataFrame run_sort(const PlanPtr& plan) {
  DataFrame input = run_plan(plan->input()).rechunk();
  if (input.num_rows() == 0) return input;
  Chunk chunk = input.chunks()[0];
  EvalContext ctx(chunk);
  std::vector<ColumnPtr> keys;
  for (const auto& e : plan->exprs) keys.push_back(evaluate_full(*bind(e, input.schema()), ctx));
  auto order = compute::sort_indices(keys, plan->sort_options, plan->limit);
  int64_t n = static_cast<int64_t>(order.size());
  std::vector<ColumnPtr> cols(input.num_columns());
  ThreadPool::global().parallel_for(static_cast<int64_t>(cols.size()), 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) cols[static_cast<size_t>(i)] = compute::gather(chunk.column(static_cast<size_t>(i)), order.data(), n);
  });
  return DataFrame(input.schema(), std::move(cols));
}

DataFrame run_slice(const PlanPtr& plan) {
  DataFrame input = run_plan(plan->input());
  int64_t rows = input.num_rows();
  int64_t offset = plan->offset < 0 ? std::max<int64_t>(0, rows + plan->offset) : plan->offset;
  int64_t length = plan->length ? *plan->length : rows;
  if (plan->offset < 0 && rows + plan->offset < 0) length = std::max<int64_t>(0, length + rows + plan->offset);
  return input.slice(offset, length);
}

DataFrame run_row_index(const PlanPtr& plan) {
  DataFrame input = run_plan(plan->input());
  FLOE_USER_CHECK(input.num_rows() + plan->offset <= static_cast<int64_t>(UINT32_MAX), ComputeError,
                  "row index of {} rows does not fit in UInt32", input.num_rows());
  std::vector<Chunk> chunks;
  int64_t pos = plan->offset;
  for (const auto& c : input.chunks()) {
    FixedBuilder<uint32_t> b(TypeId::kUInt32, c.num_rows());
    for (int64_t i = 0; i < c.num_rows(); ++i) b.data()[i] = static_cast<uint32_t>(pos + i);
    pos += c.num_rows();
    std::vector<ColumnPtr> cols{b.finish()};
    cols.insert(cols.end(), c.columns().begin(), c.columns().end());
    chunks.emplace_back(std::move(cols), c.num_rows());
  }
  if (chunks.empty()) return empty_frame(plan->schema);
  return DataFrame(plan->schema, std::move(chunks));
}

DataFrame run_concat(const PlanPtr& plan) {
  std::vector<Chunk> chunks;
  for (const auto& in : plan->inputs) {
    DataFrame df = run_plan(in);
    for (const auto& c : df.chunks()) {
      if (c.num_rows() > 0) chunks.push_back(c);
    }
  }
  if (chunks.empty()) return empty_frame(plan->schema);
  return DataFrame(plan->schema, std::move(chunks));
}

DataFrame read_scan(const PlanPtr& plan) {
  if (auto* frame = dynamic_cast<const DataFrameSource*>(plan->source.get())) {
    const DataFrame& df = frame->frame();
    DataFrame out = df;
    if (plan->request.n_rows) out = out.slice(0, *plan->request.n_rows);
    if (plan->request.columns) {
      std::vector<Chunk> chunks;
      Schema schema;
      std::vector<size_t> idx;
      for (const auto& c : *plan->request.columns) {
        idx.push_back(df.schema().index_of(c));
        schema.add(c, df.schema().field(c).type);
      }
      for (const auto& ch : out.chunks()) {
        std::vector<ColumnPtr> cols;
        for (size_t i : idx) cols.push_back(ch.column(i));
        chunks.emplace_back(std::move(cols), ch.num_rows());
      }
      return chunks.empty() ? empty_frame(schema) : DataFrame(schema, std::move(chunks));
    }
    return out;
  }
  if (auto* streaming = dynamic_cast<const StreamingSource*>(plan->source.get())) {
    Pipeline p{streaming->open(plan->request), {}, plan->schema};
    return collect(p);
  }
  auto* src = dynamic_cast<const MaterializingSource*>(plan->source.get());
  FLOE_CHECK(src != nullptr, "scan source '{}' cannot be executed", plan->source->describe());
  return src->read(plan->request);
}

Pipeline build_scan(const PlanPtr& plan) {
  if (auto* streaming = dynamic_cast<const StreamingSource*>(plan->source.get())) {
    return Pipeline{streaming->open(plan->request), {}, plan->schema};
  }
  return from_frame(read_scan(plan));
}

/// Build sides of at least this many rows make an inner join check the real size of its left
/// input before hashing them.
constexpr int64_t kLargeBuild = int64_t{1} << 21;

Pipeline build(const PlanPtr& plan) {
  switch (plan->kind) {
    case PlanKind::kScan: return build_scan(plan);
    case PlanKind::kCache: return from_frame(read_cache(plan));
    case PlanKind::kFilter: {
      Pipeline p = build(plan->input());
      const bool whole = needs_whole_column(*plan->predicate.node());
      if (whole || contains_aggregate(*plan->predicate.node())) {
        // A filter comparing with a whole-input aggregate or window: compute it first.
        DataFrame input = collect(p);
        if (whole) input = input.rechunk();
        std::vector<BoundExprPtr> bound = substitute_over_nodes({bind(plan->predicate, input.schema())}, input);
        Pipeline agg_input = from_frame(input, !whole);
        auto values = compute_aggregates(agg_input, bound);
        BoundExprPtr pred = substitute_aggregates(bound[0], values);
        struct BoundFilter final : ChunkOperator {
          BoundExprPtr pred;
          Chunk process(const Chunk& in) const override {
            EvalContext ctx(in);
            ColumnPtr mask = compute::broadcast(evaluate(*pred, ctx), ctx.rows());
            Chunk out = in;
            out.set_selection(std::make_shared<SelectionVector>(compute::mask_to_selection(*mask, in.selection().get())));
            return out;
          }
        };
        auto op = std::make_shared<BoundFilter>();
        op->pred = pred;
        Pipeline q = from_frame(input, !whole);
        q.operators.push_back(op);
        return q;
      }
      p.operators.push_back(std::make_shared<FilterOperator>(plan->predicate, p.schema));
      return p;
    }
    case PlanKind::kSelect:
    case PlanKind::kWithColumns: {
      bool keep = plan->kind == PlanKind::kWithColumns;
      if (plan->input()->schema.empty()) return from_frame(run_generator_select(plan));
      bool whole = false, aggregates = false;
      for (const auto& e : plan->exprs) {
        whole |= changes_length(*e.node()) || needs_whole_column(*e.node());
        aggregates |= contains_aggregate(*e.node());
      }
      if (whole || aggregates) return build_projection_with_aggregates(plan, keep, whole);
      Pipeline p = build(plan->input());
      auto op = std::make_shared<ProjectOperator>(plan->exprs, p.schema, keep);
      p.schema = op->schema();
      p.operators.push_back(op);
      return p;
    }
    case PlanKind::kJoin: {
      if (plan->how == "asof") return from_frame(asof_join(*plan, run_plan(plan->inputs[0]), run_plan(plan->inputs[1])));
      // One side is materialized into the hash table (the right one, but the left one for
      // right joins); morsels of the other side stream through the probe.
      if ((plan->how == "semi" || plan->how == "anti") && plan->build_left) {
        DataFrame left = run_plan(plan->inputs[0]);
        Pipeline right = build(narrow_probe_by_build_keys(*plan, plan->inputs[1], false, left));
        return from_frame(semi_join_building_left(*plan, left, right));
      }
      if (plan->how == "inner" && plan->build_left) {
        DataFrame left = run_plan(plan->inputs[0]);
        Pipeline right = build(narrow_probe_by_build_keys(*plan, plan->inputs[1], false, left));
        return from_frame(inner_join_building_left(*plan, std::move(left), right));
      }
      if (plan->how == "left" && plan->build_left && can_build_left_join_on_left(*plan)) {
        DataFrame left = run_plan(plan->inputs[0]);
        Pipeline right = build(plan->inputs[1]);
        return from_frame(left_join_building_left(*plan, std::move(left), right));
      }
      const bool build_left = join_builds_left(*plan);
      DataFrame build_side = run_plan(plan->inputs[build_left ? 0 : 1]);
      Pipeline p;
      if (validates_probe_keys(*plan)) {
        DataFrame probe_side = run_plan(plan->inputs[0]);
        check_unique_join_keys(*plan, probe_side);
        p = from_frame(std::move(probe_side));
      } else if (((plan->how == "inner" && plan->validate == "m:m") || can_build_left_join_on_left(*plan)) &&
                 build_side.num_rows() >= kLargeBuild) {
        // A large build side: the estimates may have missed a selective left input (a semi
        // join or filter upstream). Materialize the left and build on it when it is much smaller.
        DataFrame left = run_plan(plan->inputs[0]);
        if (left.num_rows() * 8 <= build_side.num_rows()) {
          PlanNode flipped = *plan;
          flipped.build_left = true;
          Pipeline right = from_frame(std::move(build_side));
          if (plan->how == "left") return from_frame(left_join_building_left(flipped, std::move(left), right));
          return from_frame(inner_join_building_left(flipped, std::move(left), right));
        }
        p = from_frame(std::move(left));
      } else {
        p = build(narrow_probe_by_build_keys(*plan, plan->inputs[build_left ? 1 : 0], !build_left, build_side));
      }
      auto probe = std::make_shared<HashJoinProbe>(*plan, p.schema, std::move(build_side));
      p.operators.push_back(probe);
      p.schema = probe->schema();
      if (!probe->emits_unmatched_build_rows()) return p;
      // Full joins append the build rows no probe matched once every morsel has been probed.
      DataFrame probed = collect(p);
      std::vector<Chunk> chunks = probed.chunks();
      Chunk rest = probe->unmatched_build_rows(0);
      if (rest.num_rows() > 0) chunks.push_back(std::move(rest));
      return from_frame(DataFrame(probe->schema(), std::move(chunks)));
    }
    default: return from_frame(run_plan(plan));
  }
}

DataFrame run_plan(const PlanPtr& plan) {
  check_cancelled(CancellationToken::current().get());
  switch (plan->kind) {
    case PlanKind::kAggregate: return run_aggregate(plan);
    case PlanKind::kSort: return run_sort(plan);
    case PlanKind::kSlice: return run_slice(plan);
    case PlanKind::kRowIndex: return run_row_index(plan);
    case PlanKind::kConcat: return run_concat(plan);
    case PlanKind::kScan: return read_scan(plan);
    case PlanKind::kCache: return read_cache(plan);
    default: {
      Pipeline p = build(plan);
      return collect(p);
    }
  }
}

}  // namespace

DataFrame execute(const PlanPtr& plan) {
  CacheScope caches(*plan);
  return run_plan(plan);
}

void execute_streaming(const PlanPtr& plan, const std::function<void(const Chunk&)>& sink) {
  check_cancelled(CancellationToken::current().get());
  CacheScope caches(*plan);
  switch (plan->kind) {
    case PlanKind::kAggregate:
    case PlanKind::kSort:
    case PlanKind::kSlice:
    case PlanKind::kRowIndex:
    case PlanKind::kConcat: {
      // Blocking at the top: the result exists whole before the first row is written.
      DataFrame df = run_plan(plan);
      for (const auto& c : df.chunks()) sink(c);
      return;
    }
    default: break;
  }
  Pipeline p = build(plan);
  // Morsels finish out of order: each waits in `ready` until every earlier one has gone out.
  std::mutex mutex;
  std::map<int64_t, Chunk> ready;
  int64_t next = 0;
  bool wrote = false;
  p.run(ThreadPool::default_threads(), [&](int, Chunk& c) {
    Chunk done = compute::materialize(c);
    std::lock_guard lock(mutex);
    ready.emplace(done.sequence(), std::move(done));
    while (!ready.empty() && ready.begin()->first == next) {
      if (ready.begin()->second.num_rows() > 0 || !wrote) sink(ready.begin()->second);
      wrote = true;
      ready.erase(ready.begin());
      ++next;
    }
  });
  // Sources that skip sequence numbers leave the rest here, still in order.
  for (auto& [seq, c] : ready) {
    if (c.num_rows() > 0 || !wrote) sink(c);
    wrote = true;
  }
  if (!wrote) sink(empty_frame(p.schema).chunks()[0]);
}

}  // namespace floe
