// Hash aggregation. Phase 1: every worker aggregates the morsels it pulls into its own group
// table and accumulators. Phase 2: groups are split into radix partitions by hash, and each
// partition merges the workers' groups in parallel. Phase 3: outer expressions over the
// aggregates (e.g. sum / count) are evaluated per partition.
#include "exec/hash_aggregate.h"

#include <algorithm>
#include <map>

#include "compute/grouped_aggregate.h"
#include "compute/selection.h"
#include "core/error.h"
#include "exec/aggregate_rewrite.h"
#include "core/thread_pool.h"
#include "exec/group_table.h"
#include "expr/evaluate.h"

namespace floe {

namespace {

constexpr int kPartitionBits = 5;
constexpr uint32_t kPartitions = 1u << kPartitionBits;

inline uint32_t partition_of(uint64_t hash) { return static_cast<uint32_t>(hash >> (64 - kPartitionBits)); }


struct AggSpec {
  const BoundExpr* node;
  compute::AggKind kind;
  DataType input;
  compute::AggOptions options;
};

using Accumulators = std::vector<std::unique_ptr<compute::GroupedAccumulator>>;

Accumulators make_accumulators(const std::vector<AggSpec>& specs) {
  Accumulators out;
  for (const auto& s : specs) out.push_back(compute::make_grouped_accumulator(s.kind, s.input, s.options));
  return out;
}

struct WorkerState {
  std::unique_ptr<GroupTable> table;
  Accumulators accs;
  EncodedKeys encoded;
  std::vector<uint32_t> gids;
};

}  // namespace

DataFrame hash_aggregate(Pipeline& pipeline, const std::vector<Expr>& keys, const std::vector<Expr>& aggs,
                         bool maintain_order) {
  const Schema& in = pipeline.schema;
  std::vector<BoundExprPtr> bound_keys, bound_aggs;
  std::vector<DataType> key_types;
  Schema out_schema;
  for (const auto& k : keys) {
    bound_keys.push_back(bind(k, in));
    FLOE_USER_CHECK(!bound_keys.back()->has_agg, InvalidOperation, "group_by key `{}` cannot be an aggregation",
                    k.to_string());
    key_types.push_back(bound_keys.back()->type);
    out_schema.add(bound_keys.back()->name, bound_keys.back()->type);
  }
  std::vector<AggSpec> specs;
  for (const auto& a : aggs) {
    auto b = bind(a, in);
    FLOE_USER_CHECK(b->has_agg || b->is_scalar, InvalidOperation,
                    "expression `{}` in group_by().agg() is not an aggregation (implode into lists is not supported yet)",
                    a.to_string());
    std::vector<const BoundExpr*> found;
    find_aggregates(b, found);
    for (const auto* f : found) {
      if (f->kind == ExprKind::kLen) {
        specs.push_back({f, compute::AggKind::kLen, TypeId::kNull, {}});
      } else {
        specs.push_back({f, f->source->agg, f->children[0]->type, f->source->agg_options});
      }
    }
    bound_aggs.push_back(b);
    out_schema.add(b->name, b->type);
  }
  KeyLayout layout(key_types);

  // Phase 1: thread-local pre-aggregation.
  const int workers = ThreadPool::default_threads();
  std::vector<WorkerState> states(static_cast<size_t>(workers));
  for (auto& s : states) {
    s.table = std::make_unique<GroupTable>(&layout);
    s.accs = make_accumulators(specs);
  }
  pipeline.run(workers, [&](int w, Chunk& chunk) {
    WorkerState& s = states[static_cast<size_t>(w)];
    EvalContext ctx(chunk);
    const int64_t rows = ctx.rows();
    std::vector<ColumnPtr> key_cols;
    for (const auto& k : bound_keys) key_cols.push_back(evaluate_full(*k, ctx));
    layout.encode(key_cols, rows, s.encoded);
    s.gids.resize(static_cast<size_t>(rows));
    s.table->find_or_insert(s.encoded, chunk.sequence(), s.gids.data());
    uint32_t groups = s.table->size();
    for (size_t a = 0; a < specs.size(); ++a) {
      auto& acc = *s.accs[a];
      acc.resize(groups);
      const AggSpec& spec = specs[a];
      if (spec.kind == compute::AggKind::kLen) {
        acc.update(std::make_shared<Column>(DataType(TypeId::kNull), rows, nullptr), s.gids.data(), chunk.sequence());
        continue;
      }
      const BoundExpr& arg = *spec.node->children[0];
      if (arg.kind == ExprKind::kFilter) {
        // col("x").filter(cond).sum(): only the rows where cond holds reach the group.
        ColumnPtr values = evaluate_full(*arg.children[0], ctx);
        ColumnPtr mask = compute::broadcast(evaluate(*arg.children[1], ctx), rows);
        SelectionVector sel = compute::mask_to_selection(*mask);
        std::vector<uint32_t> sub(sel.size());
        for (size_t i = 0; i < sel.size(); ++i) sub[i] = s.gids[sel[i]];
        acc.update(compute::gather(values, sel), sub.data(), chunk.sequence());
      } else {
        acc.update(evaluate_full(arg, ctx), s.gids.data(), chunk.sequence());
      }
    }
  });

  // Phase 2: merge each hash partition of every worker's groups in parallel.
  struct PartitionResult {
    std::unique_ptr<GroupTable> table;
    Accumulators accs;
    std::vector<ColumnPtr> columns;
    uint32_t groups = 0;
  };
  std::vector<PartitionResult> parts(kPartitions);
  // Each worker's groups, listed by partition (one pass per worker, in parallel).
  std::vector<std::vector<std::vector<uint32_t>>> by_partition(states.size());
  ThreadPool::global().parallel_for(static_cast<int64_t>(states.size()), 1, [&](int64_t b, int64_t e) {
    for (int64_t w = b; w < e; ++w) {
      auto& lists = by_partition[static_cast<size_t>(w)];
      lists.assign(kPartitions, {});
      const GroupTable& t = *states[static_cast<size_t>(w)].table;
      for (uint32_t g = 0; g < t.size(); ++g) lists[partition_of(t.hash_of(g))].push_back(g);
    }
  });
  ThreadPool::global().parallel_for(kPartitions, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      PartitionResult& part = parts[static_cast<size_t>(p)];
      part.table = std::make_unique<GroupTable>(&layout);
      part.accs = make_accumulators(specs);
      std::vector<uint32_t> dst;
      size_t expected = 0;
      for (size_t w = 0; w < states.size(); ++w) expected = std::max(expected, by_partition[w][static_cast<size_t>(p)].size());
      part.table->reserve(expected);
      for (size_t w = 0; w < states.size(); ++w) {
        auto& s = states[w];
        const std::vector<uint32_t>& src = by_partition[w][static_cast<size_t>(p)];
        dst.resize(src.size());
        for (size_t i = 0; i < src.size(); ++i) {
          if (i + 16 < src.size()) part.table->prefetch(s.table->hash_of(src[i + 16]));
          dst[i] = part.table->insert_from(*s.table, src[i]);
        }
        for (size_t a = 0; a < specs.size(); ++a) {
          part.accs[a]->resize(part.table->size());
          part.accs[a]->merge(*s.accs[a], src.data(), dst.data(), src.size());
        }
      }
      part.groups = part.table->size();
      if (part.groups == 0) continue;
      // Phase 3: the output columns of this partition.
      std::map<const BoundExpr*, ColumnPtr> values;
      for (size_t a = 0; a < specs.size(); ++a) values[specs[a].node] = part.accs[a]->finish(part.groups);
      part.columns = part.table->key_columns();
      Chunk one({}, part.groups);
      EvalContext ctx(one);
      for (const auto& b : bound_aggs) part.columns.push_back(evaluate_full(*substitute_aggregates(b, values), ctx));
    }
  });

  std::vector<Chunk> chunks;
  std::vector<uint64_t> first_seen;
  for (auto& part : parts) {
    if (part.groups == 0) continue;
    for (uint32_t g = 0; g < part.groups; ++g) first_seen.push_back(part.table->first_seen(g));
    chunks.emplace_back(std::move(part.columns), part.groups);
  }
  if (chunks.empty()) {
    std::vector<ColumnPtr> cols;
    for (const auto& f : out_schema) cols.push_back(Column::nulls(f.type, 0));
    return DataFrame(out_schema, std::move(cols));
  }
  DataFrame result(out_schema, std::move(chunks));
  if (!maintain_order) return result;
  std::vector<uint32_t> order(first_seen.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return first_seen[a] < first_seen[b]; });
  DataFrame whole = result.rechunk();
  std::vector<ColumnPtr> cols;
  for (size_t c = 0; c < whole.num_columns(); ++c) cols.push_back(compute::gather(whole.column(c), order.data(), static_cast<int64_t>(order.size())));
  return DataFrame(out_schema, std::move(cols));
}

}  // namespace floe
