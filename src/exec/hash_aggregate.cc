// Hash aggregation. Phase 1: every worker aggregates the morsels it pulls into its own group
// tables, one per radix partition of the key hash, and its own accumulators. A worker whose
// keys barely repeat (most rows start a new group) stops pre-aggregating, since every group
// would be inserted twice, and instead keeps its rows' keys and aggregate inputs sorted by
// partition. Phase 2: each partition merges the workers' tables in parallel, adopting the first
// worker's table as is, then aggregates the kept rows into it. Phase 3: outer expressions over
// the aggregates (e.g. sum / count) are evaluated per partition.
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

/// Rows of one morsel kept for phase 2 in one partition: their keys (hashed again in phase 2,
/// which costs less than keeping the hashes) and aggregate inputs (rows sorted by partition,
/// then sliced).
struct KeptRows {
  int64_t sequence;
  EncodedKeys keys;
  std::vector<ColumnPtr> inputs;  // per AggSpec: its values, then the mask of filter(values, mask)
};

struct WorkerState {
  std::unique_ptr<GroupTable> single;                // until kSplitAt groups; ids = worker groups
  std::vector<std::unique_ptr<GroupTable>> tables;   // after: one per partition
  std::vector<std::vector<uint32_t>> group_of;       // per partition: table group -> worker group
  uint32_t groups = 0;                               // worker groups, the accumulators' index
  Accumulators accs;
  EncodedKeys encoded;
  std::vector<uint32_t> gids, rows, local;
  std::array<uint32_t, kPartitions + 1> starts{};
  int64_t rows_seen = 0;
  // Set when pre-aggregation stopped paying: later rows are kept per partition instead.
  bool keeping = false;
  double group_ratio = 1;                            // groups per row when it stopped
  std::vector<std::vector<KeptRows>> kept;           // per partition
};

/// Moves the groups of the single table into partition tables, keeping their worker ids.
void split(WorkerState& s, const KeyLayout& layout, bool maintain_order) {
  for (uint32_t p = 0; p < kPartitions; ++p) s.tables.push_back(std::make_unique<GroupTable>(&layout, maintain_order));
  s.group_of.assign(kPartitions, {});
  const GroupTable& single = *s.single;
  for (uint32_t g = 0; g < single.size(); ++g) {
    const uint32_t p = partition_of(single.hash_of(g));
    s.tables[p]->insert_from(single, g);
    s.group_of[p].push_back(g);
  }
  s.single.reset();
}

/// Sorts the rows of the morsel encoded in `s.encoded` by partition (a stable counting sort):
/// partition p's rows are s.rows[s.starts[p], s.starts[p + 1]).
void sort_by_partition(WorkerState& s) {
  const size_t n = static_cast<size_t>(s.encoded.rows);
  std::array<uint32_t, kPartitions> counts{};
  for (size_t i = 0; i < n; ++i) ++counts[partition_of(s.encoded.hashes[i])];
  s.starts[0] = 0;
  for (uint32_t p = 0; p < kPartitions; ++p) s.starts[p + 1] = s.starts[p] + counts[p];
  std::array<uint32_t, kPartitions> next;
  std::copy(s.starts.begin(), s.starts.end() - 1, next.begin());
  s.rows.resize(n);
  for (size_t i = 0; i < n; ++i) s.rows[next[partition_of(s.encoded.hashes[i])]++] = static_cast<uint32_t>(i);
}

/// Group ids (the worker's) of every row of the morsel encoded in `s.encoded`. With few groups
/// one table answers; past kSplitAt rows are sorted by partition and each partition's rows
/// probe that partition's table. Decides, when the single table fills, whether to go on
/// pre-aggregating (always with `maintain_order`).
void assign_groups(WorkerState& s, const KeyLayout& layout, int64_t sequence, bool maintain_order) {
  const size_t n = static_cast<size_t>(s.encoded.rows);
  if (s.single) {
    s.gids.resize(n);
    s.single->find_or_insert(s.encoded, sequence, s.gids.data());
    s.groups = s.single->size();
    if (s.groups > kSplitAt) {
      split(s, layout, maintain_order);
      // Half or more of the rows started a group: merging would insert most groups twice.
      s.group_ratio = static_cast<double>(s.groups) / static_cast<double>(s.rows_seen);
      s.keeping = !maintain_order && s.group_ratio >= 0.5;  // kept rows lose their row numbers
    }
    return;
  }
  sort_by_partition(s);
  s.local.resize(n);
  s.gids.resize(n);
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

/// What `spec` aggregates in the morsel of `ctx`: the values and, for
/// `col("x").filter(cond).sum()`, the mask of the rows that reach the group (null for len()).
std::pair<ColumnPtr, ColumnPtr> aggregate_inputs(const AggSpec& spec, EvalContext& ctx) {
  if (spec.kind == compute::AggKind::kLen) return {};
  const BoundExpr& arg = *spec.node->children[0];
  if (arg.kind != ExprKind::kFilter) return {evaluate_full(arg, ctx), nullptr};
  return {evaluate_full(*arg.children[0], ctx), compute::broadcast(evaluate(*arg.children[1], ctx), ctx.rows())};
}

/// Adds `rows` rows of aggregate_inputs() to their groups `gids`.
void update_accumulator(compute::GroupedAccumulator& acc, const ColumnPtr& values, const ColumnPtr& mask,
                        int64_t rows, const uint32_t* gids, int64_t sequence) {
  if (!values) {  // len(): only the rows count
    acc.update(std::make_shared<Column>(DataType(TypeId::kNull), rows, nullptr), gids, sequence);
  } else if (mask) {
    SelectionVector sel = compute::mask_to_selection(*mask);
    std::vector<uint32_t> sub(sel.size());
    for (size_t i = 0; i < sel.size(); ++i) sub[i] = gids[sel[i]];
    acc.update(compute::gather(values, sel), sub.data(), sequence);
  } else {
    acc.update(values, gids, sequence);
  }
}

/// Keeps the rows of the morsel encoded in `s.encoded` for phase 2, by partition.
void keep_rows(WorkerState& s, std::vector<ColumnPtr> inputs, int64_t sequence) {
  sort_by_partition(s);
  for (uint32_t p = 0; p < kPartitions; ++p) {
    const uint32_t b = s.starts[p], e = s.starts[p + 1];
    if (b == e) continue;
    // Gathered by partition, so each partition's memory goes back when phase 2 is done with it.
    KeptRows kept{sequence, s.encoded.select_rows(s.rows.data() + b, e - b, /*with_hashes=*/false), {}};
    for (const auto& c : inputs) kept.inputs.push_back(c ? compute::gather(c, s.rows.data() + b, e - b) : nullptr);
    s.kept[p].push_back(std::move(kept));
  }
}

/// Phase 2 for the rows the workers kept in partition `p`: finds or inserts their groups in
/// `table` and adds them to `accs`.
void feed_kept_rows(const KeyLayout& layout, GroupTable* table, Accumulators& accs, std::vector<WorkerState>& states,
                    uint32_t p) {
  size_t kept_rows = 0;
  double ratio = 0;
  for (const auto& s : states) {
    for (const KeptRows& kept : s.kept[p]) kept_rows += static_cast<size_t>(kept.keys.rows);
    if (s.keeping) ratio = std::max(ratio, s.group_ratio);
  }
  if (kept_rows == 0) return;
  table->reserve(table->size() + static_cast<size_t>(static_cast<double>(kept_rows) * ratio));
  std::vector<uint32_t> gids;
  for (auto& s : states) {
    for (KeptRows& kept : s.kept[p]) {
      layout.hash(kept.keys);
      gids.resize(static_cast<size_t>(kept.keys.rows));
      table->find_or_insert(kept.keys, kept.sequence, gids.data());
      for (size_t a = 0; a < accs.size(); ++a) {
        accs[a]->resize(table->size());
        update_accumulator(*accs[a], kept.inputs[2 * a], kept.inputs[2 * a + 1], kept.keys.rows, gids.data(),
                           kept.sequence);
      }
      kept = KeptRows{};  // the memory goes back as the partition goes on
    }
    s.kept[p].clear();
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
    s.single = std::make_unique<GroupTable>(&layout, maintain_order);
    s.accs = make_accumulators(specs);
    s.kept.resize(kPartitions);
  }
  pipeline.run(workers, [&](int w, Chunk& chunk) {
    WorkerState& s = states[static_cast<size_t>(w)];
    EvalContext ctx(chunk);
    const int64_t rows = ctx.rows();
    s.rows_seen += rows;
    std::vector<ColumnPtr> key_cols;
    for (const auto& k : bound_keys) key_cols.push_back(evaluate_full(*k, ctx));
    layout.encode(key_cols, rows, s.encoded);
    std::vector<ColumnPtr> inputs;  // per spec: values, then the mask of filter(values, mask)
    for (const auto& spec : specs) {
      auto [values, mask] = aggregate_inputs(spec, ctx);
      inputs.push_back(std::move(values));
      inputs.push_back(std::move(mask));
    }
    if (s.keeping) {
      keep_rows(s, std::move(inputs), chunk.sequence());
      return;
    }
    assign_groups(s, layout, chunk.sequence(), maintain_order);
    for (size_t a = 0; a < specs.size(); ++a) {
      s.accs[a]->resize(s.groups);
      update_accumulator(*s.accs[a], inputs[2 * a], inputs[2 * a + 1], rows, s.gids.data(), chunk.sequence());
    }
  });

  // Phase 2: merge each hash partition of every worker's groups in parallel (workers with few
  // groups split them by partition first).
  ThreadPool::global().parallel_for(static_cast<int64_t>(states.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t w = begin; w < end; ++w) {
      auto& s = states[static_cast<size_t>(w)];
      if (s.single) split(s, layout, maintain_order);
      for (auto& acc : s.accs) acc->seal();
    }
  });
  struct PartitionResult {
    std::unique_ptr<GroupTable> table;
    Accumulators accs;
    std::vector<ColumnPtr> columns;
    std::vector<uint64_t> first_seen;  // maintain_order only
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
          // The first worker's table becomes the partition's: its groups keep their ids. Sized
          // at once for every worker's groups (an upper bound), it never grows step by step.
          part.table = std::move(s.tables[static_cast<size_t>(p)]);
          size_t bound = part.table->size();
          for (const auto& other : states) {
            if (const auto& t = other.tables[static_cast<size_t>(p)]) bound += t->size();
          }
          part.table->reserve(bound);
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
        s.tables[static_cast<size_t>(p)].reset();
      }
      feed_kept_rows(layout, part.table.get(), part.accs, states, static_cast<uint32_t>(p));
      part.groups = part.table->size();
      if (part.groups == 0) continue;
      // Phase 3: the output columns of this partition.
      std::map<const BoundExpr*, ColumnPtr> values;
      for (size_t a = 0; a < specs.size(); ++a) values[specs[a].node] = part.accs[a]->finish(part.groups);
      part.columns = part.table->key_columns();
      Chunk one({}, part.groups);
      EvalContext ctx(one);
      for (const auto& b : bound_aggs) part.columns.push_back(evaluate_full(*substitute_aggregates(b, values), ctx));
      if (maintain_order) {
        for (uint32_t g = 0; g < part.groups; ++g) part.first_seen.push_back(part.table->first_seen(g));
      }
      part.table.reset();  // the columns hold everything now: free the memory for other partitions
      part.accs.clear();
    }
  });

  std::vector<Chunk> chunks;
  std::vector<uint64_t> first_seen;
  for (auto& part : parts) {
    if (part.groups == 0) continue;
    first_seen.insert(first_seen.end(), part.first_seen.begin(), part.first_seen.end());
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
