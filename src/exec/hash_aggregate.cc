// Hash aggregation. Phase 1: every worker aggregates the morsels it pulls into its own group
// tables, one per radix partition of the key hash, and its own accumulators. Phase 2: each
// partition merges the workers' tables in parallel, adopting the first worker's table as is.
// Phase 3: outer expressions over the aggregates (e.g. sum / count) are evaluated per partition.
#include "exec/hash_aggregate.h"

#include <algorithm>
#include <array>
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

/// Groups a worker may collect in one table before it splits them by partition: few groups
/// stay in one cache-resident table (no per-row partitioning), many go to partition tables
/// the merge can adopt without re-inserting.
constexpr uint32_t kSplitAt = 1u << 18;

struct WorkerState {
  std::unique_ptr<GroupTable> single;                // until kSplitAt groups; ids = worker groups
  std::vector<std::unique_ptr<GroupTable>> tables;   // after: one per partition
  std::vector<std::vector<uint32_t>> group_of;       // per partition: table group -> worker group
  uint32_t groups = 0;                               // worker groups, the accumulators' index
  Accumulators accs;
  EncodedKeys encoded;
  std::vector<uint32_t> gids, rows, local;
  std::array<uint32_t, kPartitions + 1> starts{};
};

/// Moves the groups of the single table into partition tables, keeping their worker ids.
void split(WorkerState& s, const KeyLayout& layout) {
  for (uint32_t p = 0; p < kPartitions; ++p) s.tables.push_back(std::make_unique<GroupTable>(&layout));
  s.group_of.assign(kPartitions, {});
  const GroupTable& single = *s.single;
  for (uint32_t g = 0; g < single.size(); ++g) {
    const uint32_t p = partition_of(single.hash_of(g));
    s.tables[p]->insert_from(single, g);
    s.group_of[p].push_back(g);
  }
  s.single.reset();
}

/// Group ids (the worker's) of every row of the morsel encoded in `s.encoded`. With few groups
/// one table answers; past kSplitAt rows are sorted by partition (a counting sort) and each
/// partition's rows probe that partition's table.
void assign_groups(WorkerState& s, const KeyLayout& layout, int64_t sequence) {
  const size_t n = static_cast<size_t>(s.encoded.rows);
  if (s.single) {
    s.gids.resize(n);
    s.single->find_or_insert(s.encoded, sequence, s.gids.data());
    s.groups = s.single->size();
    if (s.groups > kSplitAt) split(s, layout);
    return;
  }
  std::array<uint32_t, kPartitions> counts{};
  for (size_t i = 0; i < n; ++i) ++counts[partition_of(s.encoded.hashes[i])];
  s.starts[0] = 0;
  for (uint32_t p = 0; p < kPartitions; ++p) s.starts[p + 1] = s.starts[p] + counts[p];
  std::array<uint32_t, kPartitions> next;
  std::copy(s.starts.begin(), s.starts.end() - 1, next.begin());
  s.rows.resize(n);
  s.local.resize(n);
  s.gids.resize(n);
  for (size_t i = 0; i < n; ++i) s.rows[next[partition_of(s.encoded.hashes[i])]++] = static_cast<uint32_t>(i);
  for (uint32_t p = 0; p < kPartitions; ++p) {
    const uint32_t b = s.starts[p], e = s.starts[p + 1];
    if (b == e) continue;
    s.tables[p]->find_or_insert_rows(s.encoded, sequence, s.rows.data() + b, e - b, s.local.data() + b);
    auto& group_of = s.group_of[p];
    for (uint32_t k = b; k < e; ++k) {
      const uint32_t l = s.local[k];
      if (l == group_of.size()) group_of.push_back(s.groups++);  // a new group: ids come in order
      s.gids[s.rows[k]] = group_of[l];
    }
  }
}

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
    s.single = std::make_unique<GroupTable>(&layout);
    s.accs = make_accumulators(specs);
  }
  pipeline.run(workers, [&](int w, Chunk& chunk) {
    WorkerState& s = states[static_cast<size_t>(w)];
    EvalContext ctx(chunk);
    const int64_t rows = ctx.rows();
    std::vector<ColumnPtr> key_cols;
    for (const auto& k : bound_keys) key_cols.push_back(evaluate_full(*k, ctx));
    layout.encode(key_cols, rows, s.encoded);
    assign_groups(s, layout, chunk.sequence());
    const uint32_t groups = s.groups;
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

  // Phase 2: merge each hash partition of every worker's groups in parallel (workers with few
  // groups split them by partition first).
  ThreadPool::global().parallel_for(static_cast<int64_t>(states.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t w = begin; w < end; ++w) {
      auto& s = states[static_cast<size_t>(w)];
      if (s.single) split(s, layout);
      for (auto& acc : s.accs) acc->seal();
    }
  });
  struct PartitionResult {
    std::unique_ptr<GroupTable> table;
    Accumulators accs;
    std::vector<ColumnPtr> columns;
    uint32_t groups = 0;
  };
  std::vector<PartitionResult> parts(kPartitions);
  ThreadPool::global().parallel_for(kPartitions, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      PartitionResult& part = parts[static_cast<size_t>(p)];
      part.accs = make_accumulators(specs);
      std::vector<uint32_t> dst;
      for (size_t w = 0; w < states.size(); ++w) {
        auto& s = states[w];
        GroupTable& table = *s.tables[static_cast<size_t>(p)];
        const std::vector<uint32_t>& src = s.group_of[static_cast<size_t>(p)];  // the worker's group ids
        dst.resize(src.size());
        if (w == 0) {
          // The first worker's table becomes the partition's: its groups keep their ids.
          part.table = std::move(s.tables[static_cast<size_t>(p)]);
          for (uint32_t g = 0; g < src.size(); ++g) dst[g] = g;
        } else {
          for (size_t i = 0; i < src.size(); ++i) {
            if (i + 16 < src.size()) part.table->prefetch(table.hash_of(static_cast<uint32_t>(i + 16)));
            dst[i] = part.table->insert_from(table, static_cast<uint32_t>(i));
          }
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
