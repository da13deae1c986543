// Executes optimized logical plans with morsel-driven pipelines on the thread pool.
#pragma once

#include "core/data_frame.h"
#include "exec/pipeline.h"
#include "plan/logical_plan.h"

namespace floe {

/// A scan source that can materialize itself (CSV files, in-memory frames, later Parquet).
class MaterializingSource : public ScanSource {
 public:
  /// Reads the rows `request` asks for (projected columns, at most n_rows rows).
  virtual DataFrame read(const ScanRequest& request) const = 0;
};

/// A scan source that streams morsels (Parquet files): worker threads pull and decode them in
/// parallel, in the order their sequence numbers give.
class StreamingSource : public ScanSource {
 public:
  /// The morsels `request` asks for: projected columns, at most n_rows rows (before the
  /// predicate), and only rows that satisfy the predicate when handles_predicate().
  virtual std::unique_ptr<MorselSource> open(const ScanRequest& request) const = 0;
};

/// Runs `plan` (already optimized) and returns its result.
DataFrame execute(const PlanPtr& plan);

}  // namespace floe
