// Morsel-driven pipelines: a source of morsels, a chain of streaming operators, and a sink.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "core/data_frame.h"
#include "expr/bound_expr.h"

namespace floe {

/// Hands out morsels to worker threads. `next` is called concurrently.
class MorselSource {
 public:
  virtual ~MorselSource() = default;
  /// Fills `out` with the next morsel and returns true, or returns false when exhausted.
  virtual bool next(Chunk& out) = 0;
};

/// Morsels of an in-memory frame: zero-copy slices of `morsel_rows()` rows, numbered in order.
class FrameSource final : public MorselSource {
 public:
  /// With `split`, chunks are cut into morsels of `morsel_rows()`; without, each chunk is one
  /// morsel (for expressions that must see every row at once, such as `col("a").sort()`).
  explicit FrameSource(DataFrame df, bool split = true);
  bool next(Chunk& out) override;

 private:
  struct Range {
    size_t chunk;
    int64_t offset, length;
  };
  DataFrame df_;
  std::vector<Range> ranges_;
  std::atomic<size_t> cursor_{0};
};

/// A streaming operator: turns one chunk into one chunk. Operators are immutable after
/// construction and shared by all threads.
class ChunkOperator {
 public:
  virtual ~ChunkOperator() = default;
  virtual Chunk process(const Chunk& in) const = 0;
};

/// Keeps the rows where the predicate holds by narrowing the selection vector (no copy).
class FilterOperator final : public ChunkOperator {
 public:
  FilterOperator(const Expr& predicate, const Schema& input);
  Chunk process(const Chunk& in) const override;

 private:
  BoundExprPtr predicate_;
};

/// Computes output columns from expressions (select, and with_columns with the input columns
/// passed through).
class ProjectOperator final : public ChunkOperator {
 public:
  /// Outputs, in order: for each output column either an input column index or an expression.
  ProjectOperator(const std::vector<Expr>& exprs, const Schema& input, bool keep_input);
  Chunk process(const Chunk& in) const override;
  const Schema& schema() const { return schema_; }

 private:
  std::vector<BoundExprPtr> exprs_;  // null entries: pass input column through
  std::vector<int> input_index_;     // for pass-through entries
  Schema schema_;
};

/// A source plus the operators applied to each of its morsels.
struct Pipeline {
  std::unique_ptr<MorselSource> source;
  std::vector<std::shared_ptr<const ChunkOperator>> operators;
  Schema schema;  // of the chunks that come out

  /// Runs the pipeline on all threads; `consume(worker, chunk)` receives each output chunk
  /// (possibly with a selection vector) on the worker that produced it.
  void run(int workers, const std::function<void(int, Chunk&)>& consume);
};

}  // namespace floe
