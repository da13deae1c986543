// Executes optimized logical plans with morsel-driven pipelines on the thread pool.
#pragma once

#include <functional>

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

/// Runs `plan` (already optimized) and hands its output to `sink` chunk by chunk, in order, as
/// the chunks are computed, so a result larger than memory can be written out (sink_parquet).
/// `sink` is called by one thread at a time.
void execute_streaming(const PlanPtr& plan, const std::function<void(const Chunk&)>& sink);

}  // namespace floe
