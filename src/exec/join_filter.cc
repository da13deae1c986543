// Narrowing a join's probe input by the keys of its built side (a runtime semi-join filter).
#include "exec/join_filter.h"

#include "exec/group_table.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

/// Distinct build keys beyond which the filter's set lookup costs about what the join's own
/// probe does, and stops paying.
constexpr uint32_t kMaxKeys = 1u << 12;
/// The probe side must be estimated at least this many times larger than the key set.
constexpr int64_t kMinProbeRatio = 8;

bool filterable(const DataType& t) { return t.is_integer() || t.id == TypeId::kDate || t.is_string_like(); }

bool contains(const ExprNode& e, const ExprNode* target) {
  if (&e == target) return true;
  for (const auto& c : e.children) {
    if (contains(*c, target)) return true;
  }
  return false;
}

/// Whether a filter node of `plan` still evaluates `predicate` (it did not reach a scan).
bool left_in_a_filter(const PlanNode& plan, const ExprNode* predicate) {
  if (plan.kind == PlanKind::kFilter && contains(*plan.predicate, predicate)) return true;
  for (const auto& in : plan.inputs) {
    if (left_in_a_filter(*in, predicate)) return true;
  }
  return false;
}

}  // namespace

PlanPtr narrow_probe_by_build_keys(const PlanNode& join, const PlanPtr& probe, bool probe_is_left,
                                   const DataFrame& build) {
  // Only joins that drop probe rows without a partner, and only when a dropped row cannot
  // change an error (validation counts probe keys) or a match (equal nulls).
  const bool drops_unmatched = join.how == "inner" || join.how == "semi";
  if (!drops_unmatched || join.nulls_equal || join.validate != "m:m" || build.num_rows() == 0) return probe;
  // A semi join hashing its left side only looks at the right side's keys: there are no other
  // columns whose decoding a filter could save, and the probe already is a key lookup.
  if (join.how == "semi" && !probe_is_left) return probe;
  // With several keys, the first one that is a plain probe column of a suitable type filters
  // (a row whose key is not among the build side's values of that key has no partner).
  const std::vector<Expr>& probe_keys = probe_is_left ? join.keys : join.exprs;
  const std::vector<Expr>& build_keys = probe_is_left ? join.exprs : join.keys;
  size_t k = 0, column = 0;
  for (; k < probe_keys.size(); ++k) {
    if (probe_keys[k]->kind != ExprKind::kColumn) continue;
    auto index = probe->schema.find(probe_keys[k]->name);
    if (index && filterable(probe->schema[*index].type)) {
      column = *index;
      break;
    }
  }
  if (k == probe_keys.size()) return probe;
  const Expr& probe_key = probe_keys[k];
  const Expr& build_key = build_keys[k];
  const DataType& type = probe->schema[column].type;
  const auto estimate = estimate_rows(*probe);
  if (!estimate || *estimate < kMinProbeRatio * static_cast<int64_t>(std::min<int64_t>(build.num_rows(), kMaxKeys))) {
    return probe;
  }

  // The distinct build keys, chunk by chunk (no copy of the build side), giving up as soon as
  // there are too many.
  BoundExprPtr bound = bind(build_key, build.schema());
  if (bound->type != type) return probe;
  KeyLayout layout({type});
  GroupTable table(&layout);
  EncodedKeys encoded;
  std::vector<uint32_t> gids;
  for (const Chunk& chunk : build.chunks()) {
    EvalContext ctx(chunk);
    ColumnPtr keys = evaluate_full(*bound, ctx);
    layout.encode({keys}, keys->length(), encoded);
    gids.resize(static_cast<size_t>(keys->length()));
    table.find_or_insert(encoded, 0, gids.data());
    if (table.size() > kMaxKeys) return probe;
  }
  if (*estimate < kMinProbeRatio * static_cast<int64_t>(table.size())) return probe;
  ColumnPtr distinct = table.key_columns()[0];
  std::vector<Scalar> values;
  values.reserve(table.size());
  for (int64_t i = 0; i < distinct->length(); ++i) {
    if (distinct->is_valid(i)) values.push_back(Scalar::from_column(*distinct, i));  // a null key matches nothing
  }

  // Worth it only where the filter reaches a scan, which then reads fewer rows (and, for
  // Parquet, decodes the other columns only for rows that pass).
  const Expr filter = col(probe_key->name).is_in(values);
  PlanPtr narrowed = push_down_predicates(filter_plan(probe, filter));
  return left_in_a_filter(*narrowed, filter.node().get()) ? probe : narrowed;
}

}  // namespace floe
