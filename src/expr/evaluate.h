// Evaluating bound expressions over a chunk of rows.
#pragma once

#include <vector>

#include "core/chunk.h"
#include "expr/bound_expr.h"

namespace floe {

/// Per-chunk evaluation state: the chunk's columns, gathered through its selection vector the
/// first time an expression reads them.
class EvalContext {
 public:
  explicit EvalContext(const Chunk& chunk);
  /// Column `index` as a dense column of `rows()` rows.
  const ColumnPtr& column(int index);
  int64_t rows() const { return chunk_.num_rows(); }
  const Chunk& chunk() const { return chunk_; }

 private:
  const Chunk& chunk_;
  std::vector<ColumnPtr> dense_;
};

/// The value of `expr` over the context's rows: a column of `rows()` rows, or of length 1 for
/// scalar expressions (literals; aggregates then cover just this chunk).
ColumnPtr evaluate(const BoundExpr& expr, EvalContext& ctx);

/// Evaluates and stretches a length-1 result to the chunk's rows.
ColumnPtr evaluate_full(const BoundExpr& expr, EvalContext& ctx);

}  // namespace floe
