// Pipeline execution and the streaming operators filter and project.
#include "exec/pipeline.h"

#include "compute/selection.h"
#include "core/cancellation.h"
#include "core/error.h"
#include "core/thread_pool.h"
#include "expr/evaluate.h"

namespace floe {

FrameSource::FrameSource(DataFrame df, bool split) : df_(std::move(df)) {
  const int64_t step = split ? morsel_rows() : INT64_MAX;
  for (size_t c = 0; c < df_.chunks().size(); ++c) {
    int64_t n = df_.chunks()[c].num_rows();
    for (int64_t off = 0; off < n; off += std::min(step, n - off)) ranges_.push_back({c, off, std::min(step, n - off)});
  }
  // A frame with no rows still yields one (empty) morsel, so sinks see its columns.
  if (ranges_.empty() && !df_.chunks().empty()) ranges_.push_back({0, 0, 0});
}

bool FrameSource::next(Chunk& out) {
  size_t i = cursor_.fetch_add(1);
  if (i >= ranges_.size()) return false;
  const Range& r = ranges_[i];
  const Chunk& c = df_.chunks()[r.chunk];
  out = (r.offset == 0 && r.length == c.num_rows()) ? c : c.slice(r.offset, r.length);
  out.set_sequence(static_cast<int64_t>(i));
  return true;
}

FilterOperator::FilterOperator(const Expr& predicate, const Schema& input) : predicate_(bind(predicate, input)) {}

Chunk FilterOperator::process(const Chunk& in) const {
  EvalContext ctx(in);
  ColumnPtr mask = evaluate(*predicate_, ctx);
  Chunk out = in;
  if (mask->length() == 1 && in.num_rows() != 1) {
    bool keep = mask->is_valid(0) && mask->values<uint8_t>()[0];
    if (!keep) out.set_selection(std::make_shared<SelectionVector>());
    return out;
  }
  out.set_selection(std::make_shared<SelectionVector>(compute::mask_to_selection(*mask, in.selection().get())));
  return out;
}

ProjectOperator::ProjectOperator(const std::vector<Expr>& exprs, const Schema& input, bool keep_input) {
  std::vector<BoundExprPtr> bound;
  for (const auto& e : exprs) bound.push_back(bind(e, input));
  if (keep_input) {
    for (size_t i = 0; i < input.size(); ++i) {
      exprs_.push_back(nullptr);
      input_index_.push_back(static_cast<int>(i));
      schema_.add(input[i].name, input[i].type);
    }
  }
  for (const auto& b : bound) {
    auto existing = schema_.find(b->name);
    if (existing) {
      exprs_[*existing] = b;
      schema_.set(b->name, b->type);
    } else {
      exprs_.push_back(b);
      input_index_.push_back(-1);
      schema_.add(b->name, b->type);
    }
  }
}

Chunk ProjectOperator::process(const Chunk& in) const {
  EvalContext ctx(in);
  std::vector<ColumnPtr> cols;
  cols.reserve(exprs_.size());
  for (size_t i = 0; i < exprs_.size(); ++i) {
    cols.push_back(exprs_[i] ? evaluate_full(*exprs_[i], ctx) : ctx.column(input_index_[i]));
  }
  Chunk out(std::move(cols), ctx.rows());
  out.set_sequence(in.sequence());
  return out;
}

void Pipeline::run(int workers, const std::function<void(int, Chunk&)>& consume) {
  // Workers run on pool threads: take the caller's cancellation token along.
  const CancellationToken* token = CancellationToken::current().get();
  ThreadPool::global().run(workers, [&](int w) {
    Chunk morsel;
    while (true) {
      check_cancelled(token);
      if (!source->next(morsel)) break;
      Chunk c = std::move(morsel);
      for (const auto& op : operators) c = op->process(c);
      consume(w, c);
    }
  });
}

}  // namespace floe
