// Hash join: one side is built into a hash table, the other streams through a probe.
#pragma once

#include <atomic>
#include <memory>

#include "core/data_frame.h"
#include "exec/pipeline.h"
#include "expr/evaluate.h"
#include "plan/logical_plan.h"

namespace floe {

/// Whether a join of this kind streams its right input and builds the left one.
inline bool join_builds_left(const PlanNode& join) { return join.how == "right" || (join.how == "inner" && join.build_left); }

/// An inner join with the hash table on the (smaller) left input: the right input streams
/// through the probe, each morsel keeping only its matches, which are then ordered by left row,
/// then right row, so the result is the same, row order included, as building on the right.
DataFrame inner_join_building_left(const PlanNode& join, DataFrame left, Pipeline& right);

/// A left join the same way: the left rows without a match join the matches in their place,
/// with null right columns (the result, row order included, is the right-building join's).
DataFrame left_join_building_left(const PlanNode& join, DataFrame left, Pipeline& right);

/// Whether `join` is a left join that left_join_building_left can run: no key validation, and
/// its columns are those of an inner join on the same keys.
bool can_build_left_join_on_left(const PlanNode& join);

/// The probe operator of a hash join, holding the built table. The build side is the right
/// input, except for right joins, which build the left input and stream the right one (so the
/// result follows the right side's order, as Polars' does). Inner, left and right joins emit
/// the probe rows in order, each followed by its matches in build order; semi and anti joins
/// narrow the probe morsel's selection. Full joins also remember which build rows found a
/// match (relaxed atomic byte stores, so parallel probes need no lock): after the probe
/// pipeline has run, `unmatched_build_rows` gives the rest.
class HashJoinProbe final : public ChunkOperator {
 public:
  /// Builds the table of `join` (a kJoin node other than "asof") from the materialized `build`
  /// input; `probe_schema` is the schema of the streamed input. Throws ComputeError when
  /// `join.validate` requires the build side's keys to be unique and they are not.
  HashJoinProbe(const PlanNode& join, const Schema& probe_schema, DataFrame build);
  ~HashJoinProbe() override;

  Chunk process(const Chunk& in) const override;

  /// The output schema (the join node's).
  const Schema& schema() const { return schema_; }
  /// Whether the join emits build rows that found no match (full joins).
  bool emits_unmatched_build_rows() const { return how_ == "full"; }
  /// The build rows no probe matched, with null probe columns, numbered `sequence`. Call after
  /// every probe morsel has been processed.
  Chunk unmatched_build_rows(int64_t sequence) const;
  /// Rows of the build input.
  int64_t build_rows() const { return build_.num_rows(); }
  /// An inner join's matches in one probe morsel, in probe order, and the build row of each.
  Chunk process_inner(const Chunk& in, std::vector<uint32_t>& build_rows) const;
  /// Build rows `rows`, each alone: null probe columns.
  Chunk build_rows_alone(const std::vector<uint32_t>& rows, int64_t sequence) const;

 private:
  struct Table;
  /// Where an output column comes from.
  struct Output {
    enum class From { kProbe, kBuild, kKey } from;
    size_t index;  // column of the probe or build input, or the coalesced key
  };

  /// Key ids of the probe rows (kNoGroup: no match).
  /// The key columns the hash table holds: `keys`, or their packed form.
  std::vector<ColumnPtr> table_keys(const std::vector<ColumnPtr>& keys, int64_t n) const;
  std::vector<uint32_t> find_keys(const std::vector<ColumnPtr>& keys, int64_t n) const;
  /// The (probe row, build row) pairs of every match, probe rows in order; with
  /// `keep_unmatched` a probe row without match appears once with build row UINT32_MAX.
  void match(const std::vector<uint32_t>& gids, bool keep_unmatched, std::vector<uint32_t>& probe_idx,
             std::vector<uint32_t>& build_idx) const;
  Chunk assemble(EvalContext& ctx, const std::vector<ColumnPtr>& probe_keys, const uint32_t* probe_idx,
                 const uint32_t* build_idx, int64_t m, int64_t sequence) const;
  Chunk cross(EvalContext& ctx, int64_t sequence) const;

  std::string how_;
  bool nulls_equal_;
  DataFrame build_;
  std::vector<ColumnPtr> build_keys_;  // cast to key_types_
  std::vector<BoundExprPtr> probe_keys_;
  std::vector<DataType> key_types_;
  std::unique_ptr<Table> table_;
  std::vector<Output> outputs_;
  Schema schema_;
  std::unique_ptr<std::atomic<uint8_t>[]> matched_;  // full joins: per build row
};

/// Whether `join.validate` needs the probe side's keys to be unique ("1:m", "1:1"), which the
/// caller checks on the materialized probe input with `check_unique_join_keys`.
bool validates_probe_keys(const PlanNode& join);

/// Throws ComputeError ("join keys did not fulfill 1:m validation") when two rows of `input`
/// (the left input of `join`) have equal keys. Rows with a null key count only when nulls
/// match (nulls_equal) or in full joins, as in Polars.
void check_unique_join_keys(const PlanNode& join, const DataFrame& input);

}  // namespace floe
