// Aggregates over groups: one accumulator holds the state of every group of a hash table.
#pragma once

#include <memory>

#include "compute/aggregate.h"

namespace floe::compute {

/// The state of one aggregate for every group. Rows arrive with their group ids; thread-local
/// accumulators are merged into partition accumulators with a group-id mapping.
class GroupedAccumulator {
 public:
  virtual ~GroupedAccumulator() = default;
  /// Makes room for groups [0, groups).
  virtual void resize(uint32_t groups) = 0;
  /// Adds row i of `values` to group gids[i], for i < values.length(). `sequence` orders morsels
  /// (for first/last).
  virtual void update(const ColumnPtr& values, const uint32_t* gids, int64_t sequence) = 0;
  /// Called once after the last update, before other threads merge this accumulator into
  /// theirs: merge() only reads `other` after this.
  virtual void seal() {}
  /// Folds group src[i] of `other` into group dst[i] of this one, for i < count.
  virtual void merge(GroupedAccumulator& other, const uint32_t* src, const uint32_t* dst, size_t count) = 0;
  /// One value per group, in group-id order.
  virtual ColumnPtr finish(uint32_t groups) = 0;
};

std::unique_ptr<GroupedAccumulator> make_grouped_accumulator(AggKind kind, const DataType& input,
                                                             const AggOptions& options = {});

}  // namespace floe::compute
