// over(): group ids for the partition keys, grouped aggregates gathered back to rows, and
// order-dependent functions run over rows sorted by (group, order keys) then scattered back.
#include "exec/window.h"

#include <numeric>

#include "compute/grouped_aggregate.h"
#include "compute/selection.h"
#include "compute/sort.h"
#include "compute/window_functions.h"
#include "core/column_builder.h"
#include "core/error.h"
#include "exec/group_table.h"
#include "expr/evaluate.h"

namespace floe {

namespace {

/// Rows assigned to groups: `ids[i]` is the group of row i of the evaluation context, and when
/// the rows are sorted by group, group g spans rows [offsets[g], offsets[g + 1]).
struct RowGroups {
  std::vector<uint32_t> ids;
  uint32_t count = 0;
  std::vector<int64_t> offsets;  // empty unless rows are contiguous per group
};

/// Dense group ids (in order of first appearance) of the rows of `keys`.
RowGroups group_rows(const std::vector<ColumnPtr>& keys, int64_t rows) {
  RowGroups g;
  g.ids.assign(static_cast<size_t>(rows), 0);
  if (keys.empty()) {
    g.count = rows > 0 ? 1 : 0;
    return g;
  }
  std::vector<DataType> types;
  for (const auto& k : keys) types.push_back(k->type());
  KeyLayout layout(types);
  EncodedKeys encoded;
  layout.encode(keys, rows, encoded);
  GroupTable table(&layout);
  table.find_or_insert(encoded, 0, g.ids.data());
  g.count = table.size();
  return g;
}

/// A bound literal standing for an already computed node (the value of a grouped aggregate or
/// window function), so the rest of the tree evaluates around it.
BoundExprPtr computed(const BoundExpr& node, ColumnPtr value) {
  auto lit = std::make_shared<BoundExpr>(node);
  lit->kind = ExprKind::kLiteral;
  lit->children.clear();
  lit->literal = std::move(value);
  return lit;
}

/// Evaluates `e` over the rows of `ctx`, split into `groups`: aggregates and len() become one
/// value per group, spread back over the group's rows; window functions run per group.
class GroupedEvaluator {
 public:
  GroupedEvaluator(EvalContext& ctx, const RowGroups& groups) : ctx_(ctx), groups_(groups) {}

  ColumnPtr evaluate(const BoundExprPtr& e) { return evaluate_full(*resolve(e), ctx_); }

 private:
  /// `e` with each aggregate and window function replaced by its computed column.
  BoundExprPtr resolve(const BoundExprPtr& e) {
    switch (e->kind) {
      case ExprKind::kAgg: return computed(*e, grouped_aggregate(*e));
      case ExprKind::kLen: return computed(*e, group_sizes());
      case ExprKind::kWindowFunction: {
        FLOE_USER_CHECK(!compute::window_function_changes_length(e->source->name, e->source->options), InvalidOperation,
                        "`{}` changes the number of rows and cannot be mapped back to rows in over()",
                        Expr(e->source).to_string());
        FLOE_CHECK(!groups_.offsets.empty(), "window function over unsorted groups");
        ColumnPtr arg = evaluate(e->children[0]);
        return computed(*e, compute::window_function(e->source->name, arg, e->source->options, groups_.offsets));
      }
      default: break;
    }
    bool changed = false;
    std::vector<BoundExprPtr> children;
    for (const auto& c : e->children) {
      children.push_back(resolve(c));
      changed |= children.back() != c;
    }
    if (!changed) return e;
    auto copy = std::make_shared<BoundExpr>(*e);
    copy->children = std::move(children);
    return copy;
  }

  ColumnPtr grouped_aggregate(const BoundExpr& agg) {
    const BoundExprPtr& arg = agg.children[0];
    ColumnPtr values;
    const uint32_t* ids = groups_.ids.data();
    std::vector<uint32_t> kept_ids;
    if (arg->kind == ExprKind::kFilter) {
      // col("x").filter(pred).sum().over("g"): only the rows the predicate keeps count.
      ColumnPtr all = evaluate(arg->children[0]);
      ColumnPtr mask = evaluate(arg->children[1]);
      SelectionVector sel = compute::mask_to_selection(*mask);
      values = compute::gather(all, sel);
      kept_ids.resize(sel.size());
      for (size_t i = 0; i < sel.size(); ++i) kept_ids[i] = ids[sel[i]];
      ids = kept_ids.data();
    } else {
      values = evaluate(arg);
    }
    auto acc = compute::make_grouped_accumulator(agg.source->agg, values->type(), agg.source->agg_options);
    acc->resize(groups_.count);
    acc->update(values, ids, 0);
    ColumnPtr per_group = acc->finish(groups_.count);
    return compute::gather(per_group, groups_.ids.data(), static_cast<int64_t>(groups_.ids.size()));
  }

  ColumnPtr group_sizes() {
    std::vector<uint32_t> sizes(groups_.count, 0);
    for (uint32_t g : groups_.ids) ++sizes[g];
    FixedBuilder<uint32_t> out(TypeId::kUInt32, static_cast<int64_t>(groups_.ids.size()));
    for (size_t i = 0; i < groups_.ids.size(); ++i) out.data()[i] = sizes[groups_.ids[i]];
    return out.finish();
  }

  EvalContext& ctx_;
  const RowGroups& groups_;
};

bool has_window_function(const BoundExpr& e) {
  if (e.kind == ExprKind::kWindowFunction) return true;
  for (const auto& c : e.children) {
    if (has_window_function(*c)) return true;
  }
  return false;
}

/// A stable order of the rows by group, then by the order keys: a counting sort by group
/// without keys, a multi-key sort with them.
std::vector<uint32_t> order_rows(const RowGroups& groups, const std::vector<ColumnPtr>& order_keys, bool descending,
                                 bool nulls_last) {
  const size_t n = groups.ids.size();
  if (order_keys.empty()) {
    std::vector<uint32_t> next(groups.count + 1, 0);
    for (uint32_t g : groups.ids) ++next[g + 1];
    std::partial_sum(next.begin(), next.end(), next.begin());
    std::vector<uint32_t> perm(n);
    for (size_t i = 0; i < n; ++i) perm[next[groups.ids[i]]++] = static_cast<uint32_t>(i);
    return perm;
  }
  FixedBuilder<uint32_t> ids(TypeId::kUInt32, static_cast<int64_t>(n));
  std::copy(groups.ids.begin(), groups.ids.end(), ids.data());
  std::vector<ColumnPtr> keys{ids.finish()};
  std::vector<compute::SortKeyOptions> options{{false, false}};
  for (const auto& k : order_keys) {
    keys.push_back(k);
    options.push_back({descending, nulls_last});
  }
  return compute::sort_indices(keys, options);
}

}  // namespace

ColumnPtr evaluate_over(const BoundExpr& over, const Chunk& input) {
  FLOE_CHECK(input.selection() == nullptr, "over() input must be a chunk without selection");
  const auto& params = over.source->options.params;
  const size_t partitions = static_cast<size_t>(params[0].as_int64());
  const bool descending = params[1].as_bool(), nulls_last = params[2].as_bool();
  const int64_t n = input.num_rows();
  EvalContext ctx(input);
  std::vector<ColumnPtr> keys, order_keys;
  for (size_t i = 1; i < over.children.size(); ++i) {
    (i <= partitions ? keys : order_keys).push_back(evaluate_full(*over.children[i], ctx));
  }
  const BoundExprPtr& body = over.children[0];
  RowGroups groups = group_rows(keys, n);

  // Without order-dependent work the rows stay where they are: aggregates only need group ids.
  if (!has_window_function(*body) && order_keys.empty()) {
    return GroupedEvaluator(ctx, groups).evaluate(body);
  }

  std::vector<uint32_t> perm = order_rows(groups, order_keys, descending, nulls_last);
  RowGroups sorted;
  sorted.count = groups.count;
  sorted.ids.resize(perm.size());
  sorted.offsets.assign(groups.count + 1, 0);
  for (size_t j = 0; j < perm.size(); ++j) {
    sorted.ids[j] = groups.ids[perm[j]];
    ++sorted.offsets[sorted.ids[j] + 1];
  }
  std::partial_sum(sorted.offsets.begin(), sorted.offsets.end(), sorted.offsets.begin());
  if (sorted.offsets.size() == 1) sorted.offsets.push_back(0);  // no rows: one empty segment

  // The context gathers the columns the body reads in (group, order) order, lazily.
  Chunk permuted(input.columns(), input.physical_rows());
  permuted.set_selection(std::make_shared<SelectionVector>(perm));
  EvalContext sorted_ctx(permuted);
  ColumnPtr in_sorted_order = GroupedEvaluator(sorted_ctx, sorted).evaluate(body);

  std::vector<uint32_t> back(perm.size());
  for (size_t j = 0; j < perm.size(); ++j) back[perm[j]] = static_cast<uint32_t>(j);
  return compute::gather(in_sorted_order, back.data(), n);
}

std::map<const BoundExpr*, ColumnPtr> evaluate_over_nodes(const std::vector<BoundExprPtr>& exprs, const Chunk& input) {
  std::map<const BoundExpr*, ColumnPtr> values;
  std::vector<const BoundExpr*> stack;
  for (const auto& e : exprs) stack.push_back(e.get());
  while (!stack.empty()) {
    const BoundExpr* e = stack.back();
    stack.pop_back();
    if (e->kind == ExprKind::kOver) {
      values[e] = evaluate_over(*e, input);
      continue;
    }
    for (const auto& c : e->children) stack.push_back(c.get());
  }
  return values;
}

}  // namespace floe
