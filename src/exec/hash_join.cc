// Hash join build (CSR lists of right rows per key) and the streaming probe operator.
#include "exec/hash_join.h"

#include <set>

#include "compute/cast.h"
#include "compute/selection.h"
#include "core/error.h"
#include "exec/group_table.h"
#include "expr/evaluate.h"

namespace floe {

namespace {

/// Key types both sides are cast to before hashing: equal keys must encode equally.
std::vector<DataType> common_key_types(const std::vector<BoundExprPtr>& left, const std::vector<BoundExprPtr>& right) {
  std::vector<DataType> out;
  for (size_t i = 0; i < left.size(); ++i) out.push_back(supertype(left[i]->type, right[i]->type));
  return out;
}

std::vector<ColumnPtr> eval_keys(const std::vector<BoundExprPtr>& keys, const std::vector<DataType>& types, EvalContext& ctx) {
  std::vector<ColumnPtr> out;
  for (size_t i = 0; i < keys.size(); ++i) out.push_back(compute::cast(evaluate_full(*keys[i], ctx), types[i], false));
  return out;
}

/// Rows with a null in any key (they never match unless nulls_equal).
std::vector<uint8_t> null_key_rows(const std::vector<ColumnPtr>& keys, int64_t rows) {
  std::vector<uint8_t> out(static_cast<size_t>(rows), 0);
  for (const auto& k : keys) {
    if (!k->has_nulls()) continue;
    for (int64_t i = 0; i < rows; ++i) out[static_cast<size_t>(i)] |= k->is_null(i);
  }
  return out;
}

class HashJoinProbe final : public ChunkOperator {
 public:
  HashJoinProbe(const PlanNode& join, const Schema& left_schema, DataFrame right, Schema& output)
      : how_(join.how), nulls_equal_(join.nulls_equal), right_(right.rechunk()) {
    for (const auto& k : join.keys) left_keys_.push_back(bind(k, left_schema));
    std::vector<BoundExprPtr> right_keys;
    for (const auto& k : join.exprs) right_keys.push_back(bind(k, right_.schema()));
    key_types_ = common_key_types(left_keys_, right_keys);
    layout_ = std::make_unique<KeyLayout>(key_types_);
    table_ = std::make_unique<GroupTable>(layout_.get());

    // Output columns: all left ones, then the right ones that are not plain key references.
    output = left_schema;
    if (how_ == "inner" || how_ == "left" || how_ == "cross") {
      std::set<std::string> dropped;
      for (const auto& e : join.exprs) {
        if (e->kind == ExprKind::kColumn) dropped.insert(e->name);
      }
      for (size_t c = 0; c < right_.schema().size(); ++c) {
        const Field& f = right_.schema()[c];
        if (dropped.count(f.name)) continue;
        right_columns_.push_back(c);
        output.add(output.find(f.name) ? f.name + join.suffix : f.name, f.type);
      }
    }
    left_width_ = left_schema.size();
    if (how_ == "cross") return;

    // Build: group ids of the right rows, then the rows of each group contiguously (CSR).
    const int64_t rows = right_.num_rows();
    std::vector<uint32_t> gids(static_cast<size_t>(rows));
    if (rows > 0) {
      const Chunk& chunk = right_.chunks()[0];
      EvalContext ctx(chunk);
      auto keys = eval_keys(right_keys, key_types_, ctx);
      EncodedKeys encoded;
      layout_->encode(keys, rows, encoded);
      table_->reserve(static_cast<size_t>(rows));
      table_->find_or_insert(encoded, 0, gids.data());
      if (!nulls_equal_) {
        auto nulls = null_key_rows(keys, rows);
        for (int64_t i = 0; i < rows; ++i) {
          if (nulls[static_cast<size_t>(i)]) gids[static_cast<size_t>(i)] = GroupTable::kNoGroup;
        }
      }
    }
    const uint32_t groups = table_->size();
    offsets_.assign(groups + 1, 0);
    for (uint32_t g : gids) {
      if (g != GroupTable::kNoGroup) ++offsets_[g + 1];
    }
    for (uint32_t g = 0; g < groups; ++g) offsets_[g + 1] += offsets_[g];
    rows_.resize(offsets_[groups]);
    std::vector<uint32_t> cursor(offsets_.begin(), offsets_.end() - 1);
    for (int64_t i = 0; i < rows; ++i) {
      uint32_t g = gids[static_cast<size_t>(i)];
      if (g != GroupTable::kNoGroup) rows_[cursor[g]++] = static_cast<uint32_t>(i);
    }
  }

  Chunk process(const Chunk& in) const override {
    EvalContext ctx(in);
    const int64_t n = ctx.rows();
    if (how_ == "cross") return cross(ctx, in.sequence());
    auto keys = eval_keys(left_keys_, key_types_, ctx);
    EncodedKeys encoded;
    layout_->encode(keys, n, encoded);
    std::vector<uint32_t> gids(static_cast<size_t>(n));
    table_->find(encoded, nulls_equal_, gids.data());
    if (!nulls_equal_) {
      auto nulls = null_key_rows(keys, n);
      for (int64_t i = 0; i < n; ++i) {
        if (nulls[static_cast<size_t>(i)]) gids[static_cast<size_t>(i)] = GroupTable::kNoGroup;
      }
    }
    if (how_ == "semi" || how_ == "anti") {
      bool want = how_ == "semi";
      SelectionVector sel;
      for (int64_t i = 0; i < n; ++i) {
        if ((gids[static_cast<size_t>(i)] != GroupTable::kNoGroup) == want) {
          sel.push_back(in.selection() ? (*in.selection())[static_cast<size_t>(i)] : static_cast<uint32_t>(i));
        }
      }
      Chunk out = in;
      out.set_selection(std::make_shared<SelectionVector>(std::move(sel)));
      return out;
    }
    // inner / left: pairs of (left row, right row or -1).
    std::vector<uint32_t> left_idx;
    std::vector<int64_t> right_idx;
    left_idx.reserve(static_cast<size_t>(n));
    right_idx.reserve(static_cast<size_t>(n));
    const bool keep_unmatched = how_ == "left";
    for (int64_t i = 0; i < n; ++i) {
      uint32_t g = gids[static_cast<size_t>(i)];
      if (g == GroupTable::kNoGroup) {
        if (keep_unmatched) {
          left_idx.push_back(static_cast<uint32_t>(i));
          right_idx.push_back(-1);
        }
        continue;
      }
      for (uint32_t k = offsets_[g]; k < offsets_[g + 1]; ++k) {
        left_idx.push_back(static_cast<uint32_t>(i));
        right_idx.push_back(rows_[k]);
      }
    }
    return assemble(ctx, left_idx, right_idx, in.sequence());
  }

 private:
  Chunk assemble(EvalContext& ctx, const std::vector<uint32_t>& left_idx, const std::vector<int64_t>& right_idx,
                 int64_t sequence) const {
    const int64_t m = static_cast<int64_t>(left_idx.size());
    std::vector<ColumnPtr> cols;
    for (size_t c = 0; c < left_width_; ++c) cols.push_back(compute::gather(ctx.column(static_cast<int>(c)), left_idx.data(), m));
    for (size_t c : right_columns_) {
      ColumnPtr source = right_.num_rows() > 0 ? right_.chunks()[0].column(c) : Column::nulls(right_.schema()[c].type, 0);
      cols.push_back(compute::gather_nullable(source, right_idx.data(), m));
    }
    Chunk out(std::move(cols), m);
    out.set_sequence(sequence);
    return out;
  }

  Chunk cross(EvalContext& ctx, int64_t sequence) const {
    const int64_t n = ctx.rows(), r = right_.num_rows();
    std::vector<uint32_t> left_idx;
    std::vector<int64_t> right_idx;
    left_idx.reserve(static_cast<size_t>(n * r));
    right_idx.reserve(static_cast<size_t>(n * r));
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = 0; j < r; ++j) {
        left_idx.push_back(static_cast<uint32_t>(i));
        right_idx.push_back(j);
      }
    }
    return assemble(ctx, left_idx, right_idx, sequence);
  }

  std::string how_;
  bool nulls_equal_;
  DataFrame right_;
  std::vector<BoundExprPtr> left_keys_;
  std::vector<DataType> key_types_;
  std::unique_ptr<KeyLayout> layout_;
  std::unique_ptr<GroupTable> table_;
  std::vector<uint32_t> offsets_, rows_;
  std::vector<size_t> right_columns_;
  size_t left_width_ = 0;
};

}  // namespace

std::shared_ptr<const ChunkOperator> make_hash_join(const PlanNode& join, const Schema& left_schema, DataFrame right,
                                                   Schema& output_schema) {
  return std::make_shared<HashJoinProbe>(join, left_schema, std::move(right), output_schema);
}

}  // namespace floe
