// The distributed planner: an optimized logical plan cut into stages at exchanges.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "plan/logical_plan.h"

namespace floe::cluster {

/// How the tasks of a stage split their output among the tasks of the stage that reads it.
struct OutputPartitioning {
  /// false: one partition (a gather or broadcast, or the query's result); every consumer task
  /// reads partition 0 of every producer task, in task order.
  bool hash = false;
  std::vector<std::string> keys;  // hash: columns hashed; range: the column ranged over
  int partitions = 1;             // hash, range: consumer task i reads partition i of every producer
  /// By ranges of keys[0] in the order of a sort (`descending`, `nulls_last`), at bounds the
  /// scheduler picks from samples of the producers' output.
  bool range = false;
  bool descending = false;
  bool nulls_last = false;

  /// Whether consumer task i reads partition i (rather than all of a single partition).
  bool partitioned() const { return hash || range; }
};

/// One stage: a plan fragment run by `tasks` tasks, each on a part of the data. Leaves are scans
/// (a split Parquet scan is cut to each task's row groups) and `ExchangeSource`s that read
/// earlier stages' output.
struct Stage {
  int id = 0;
  PlanPtr fragment;
  OutputPartitioning output;
  int tasks = 1;
  /// The fragment's split scan node, if any, and the row groups of each task.
  const PlanNode* split_scan = nullptr;
  std::vector<std::vector<int64_t>> task_row_groups;
  std::vector<int> inputs;  // stages this one reads, in the order their exchanges appear

  /// One line: "Stage 2: 3 tasks -> hash(l_orderkey) into 3 partitions".
  std::string header() const;
};

/// Stages in dependency order (a stage reads only earlier ones). The last one is the result: its
/// tasks' outputs, in task order, are the query's result.
struct StageGraph {
  std::vector<Stage> stages;

  /// The graph as explain() prints it for a distributed query: each stage's header and
  /// fragment, result stage first.
  std::string to_string() const;
};

struct DistributedOptions {
  int workers = 1;
  /// A join side estimated at most this many rows is sent whole to every task of the other
  /// side (broadcast) instead of both sides being hash-partitioned.
  int64_t broadcast_threshold_rows = 1'000'000;
  /// false: the whole plan is one stage of one task (`single_node()`).
  bool distributed = true;
};

/// Cuts `optimized` into stages. Scans of Parquet datasets with several row groups are split
/// across `workers` tasks; aggregations run as a partial aggregate per task, a hash exchange
/// on the keys and a final aggregate (or, for aggregates that do not decompose, a hash exchange
/// of the input rows); joins broadcast a small side or hash-partition both; sorts exchange rows
/// by ranges of their first key and sort each range; top-k, slices and everything else
/// order-dependent gather to one task. The result equals running `optimized` locally.
StageGraph plan_stages(const PlanPtr& optimized, const DistributedOptions& options);

/// Calls `visit` with every scan node of `plan`, leaves left to right.
void for_each_scan(const PlanPtr& plan, const std::function<void(const PlanNode&)>& visit);

/// A copy of `plan` with `rewrite` applied to every scan node (returning it unchanged, or a
/// replacement); subtrees without a replaced scan are shared, not copied.
PlanPtr map_scans(const PlanPtr& plan, const std::function<PlanPtr(const PlanPtr&)>& rewrite);

/// The fragment task `task` of `stage` runs: the split scan cut to the task's row groups.
PlanPtr task_fragment(const Stage& stage, int task);

}  // namespace floe::cluster
