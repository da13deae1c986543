// Semi/anti joins built on the left: a group table of the left keys and a matched flag per key.
#include "exec/semi_join.h"

#include <atomic>
#include <memory>

#include "compute/cast.h"
#include "compute/selection.h"
#include "core/thread_pool.h"
#include "exec/group_table.h"
#include "expr/evaluate.h"

namespace floe {

namespace {

/// The join keys of `chunk` cast to `types`.
std::vector<ColumnPtr> key_columns(const std::vector<BoundExprPtr>& keys, const std::vector<DataType>& types,
                                   const Chunk& chunk) {
  EvalContext ctx(chunk);
  std::vector<ColumnPtr> out;
  for (size_t i = 0; i < keys.size(); ++i) {
    ColumnPtr c = compute::broadcast(evaluate(*keys[i], ctx), ctx.rows());
    out.push_back(c->type() == types[i] ? c : compute::cast(c, types[i]));
  }
  return out;
}

}  // namespace

DataFrame semi_join_building_left(const PlanNode& join, const DataFrame& left_input, Pipeline& right) {
  const bool anti = join.how == "anti";
  std::vector<BoundExprPtr> left_keys, right_keys;
  std::vector<DataType> types;
  for (size_t i = 0; i < join.keys.size(); ++i) {
    left_keys.push_back(bind(join.keys[i], left_input.schema()));
    right_keys.push_back(bind(join.exprs[i], right.schema));
    types.push_back(supertype(left_keys.back()->type, right_keys.back()->type));
  }
  KeyLayout layout(types);

  if (left_input.num_rows() == 0) return left_input;  // nothing to keep, nothing to probe
  // Build: one group per distinct left key.
  DataFrame left = left_input.rechunk();
  const int64_t n = left.num_rows();
  const Chunk& whole = left.chunks()[0];
  GroupTable table(&layout);
  std::vector<uint32_t> left_gids(static_cast<size_t>(n));
  {
    EncodedKeys encoded;
    layout.encode(key_columns(left_keys, types, whole), n, encoded);
    table.find_or_insert(encoded, 0, left_gids.data());
  }
  auto matched = std::make_unique<std::atomic<uint8_t>[]>(table.size() + 1);
  for (uint32_t g = 0; g <= table.size(); ++g) matched[g].store(0, std::memory_order_relaxed);

  // Probe: right morsels mark the keys they hold (nulls only when nulls_equal).
  const int workers = ThreadPool::default_threads();
  std::vector<EncodedKeys> encoded(static_cast<size_t>(workers));
  std::vector<std::vector<uint32_t>> gids(static_cast<size_t>(workers));
  right.run(workers, [&](int w, Chunk& chunk) {
    const int64_t rows = chunk.num_rows();
    if (rows == 0) return;
    auto& e = encoded[static_cast<size_t>(w)];
    auto& g = gids[static_cast<size_t>(w)];
    std::vector<ColumnPtr> keys = key_columns(right_keys, types, chunk);
    layout.encode(keys, rows, e);
    g.resize(static_cast<size_t>(rows));
    table.find(e, join.nulls_equal, g.data());
    if (!join.nulls_equal) {
      // A key with a null part matches nothing (row-encoded keys would match equal nulls).
      for (const auto& k : keys) {
        if (!k->has_nulls()) continue;
        for (int64_t i = 0; i < rows; ++i) {
          if (k->is_null(i)) g[static_cast<size_t>(i)] = GroupTable::kNoGroup;
        }
      }
    }
    for (int64_t i = 0; i < rows; ++i) {
      if (g[static_cast<size_t>(i)] != GroupTable::kNoGroup) matched[g[static_cast<size_t>(i)]].store(1, std::memory_order_relaxed);
    }
  });

  // The left rows whose key was (semi) or was not (anti) seen; null keys match only when
  // nulls_equal, and the probe never marks them otherwise.
  SelectionVector keep;
  for (int64_t i = 0; i < n; ++i) {
    const bool hit = matched[left_gids[static_cast<size_t>(i)]].load(std::memory_order_relaxed) != 0;
    if (hit != anti) keep.push_back(static_cast<uint32_t>(i));
  }
  std::vector<ColumnPtr> cols;
  for (const auto& c : whole.columns()) cols.push_back(compute::gather(c, keep));
  return DataFrame(left.schema(), std::move(cols));
}

}  // namespace floe
