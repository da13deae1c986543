// Narrowing a join's probe input by the keys of its built side (a runtime semi-join filter).
#include "exec/join_filter.h"

#include "exec/group_table.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

/// Distinct build keys beyond which the filter's set lookup costs about what the join's own
/// probe does, and stops paying.
constexpr uint32_t kMaxKeys = 1u << 12;
/// A probe side that groups by the key first saves the aggregation of every row it drops,
/// which pays for a lookup in a far larger set.
constexpr uint32_t kMaxKeysBeforeAggregate = 1u << 20;
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

/// The aggregation that groups the probe side by `key` (a plain column among its keys), looking
/// down through filters and projections that pass the key through; nullptr if there is none.
const PlanNode* aggregate_by(const PlanNode& plan, const std::string& key) {
  switch (plan.kind) {
    case PlanKind::kAggregate:
      for (const auto& k : plan.keys) {
        if (k->kind == ExprKind::kColumn && k->name == key) return &plan;
      }
      return nullptr;
    case PlanKind::kFilter: return aggregate_by(*plan.input(), key);
    case PlanKind::kSelect:
    case PlanKind::kWithColumns:
      for (const auto& e : plan.exprs) {
        if (output_name(*e.node()) == key && !(e->kind == ExprKind::kColumn && e->name == key)) return nullptr;
      }
      return aggregate_by(*plan.input(), key);
    default: return nullptr;
  }
}

/// The distinct values of `key` over the build side, chunk by chunk (no copy of the build
/// side); nullptr when they are not of `type` or more than `limit`.
ColumnPtr distinct_values(const DataFrame& build, const Expr& key, const DataType& type, int64_t limit) {
  BoundExprPtr bound = bind(key, build.schema());
  if (bound->type != type) return nullptr;
  KeyLayout layout({type});
  GroupTable table(&layout);
  EncodedKeys encoded;
  std::vector<uint32_t> gids;
  // In slices, so that a build side of many keys is given up on early.
  constexpr int64_t kSlice = 8192;
  for (const Chunk& chunk : build.chunks()) {
    EvalContext ctx(chunk);
    ColumnPtr keys = evaluate_full(*bound, ctx);
    for (int64_t at = 0; at < keys->length(); at += kSlice) {
      ColumnPtr slice = keys->slice(at, std::min(kSlice, keys->length() - at));
      layout.encode({slice}, slice->length(), encoded);
      gids.resize(static_cast<size_t>(slice->length()));
      table.find_or_insert(encoded, 0, gids.data());
      if (static_cast<int64_t>(table.size()) > limit) return nullptr;
    }
  }
  return table.key_columns()[0];
}

}  // namespace

PlanPtr narrow_probe_by_build_keys(const PlanNode& join, const PlanPtr& probe, bool probe_is_left,
                                   const DataFrame& build) {
  // Only joins that drop probe rows without a partner, and only when a dropped row cannot
  // change an error (validation counts probe keys) or a match (equal nulls).
  const bool drops_unmatched = join.how == "inner" || join.how == "semi";
  if (!drops_unmatched || join.nulls_equal || join.validate != "m:m" || build.num_rows() == 0) return probe;
  // With several keys, each that is a plain probe column of a suitable type could filter (a
  // row whose key is not among the build side's values of that key has no partner): the one
  // with the fewest distinct build values does, as the likeliest to drop rows.
  const std::vector<Expr>& probe_keys = probe_is_left ? join.keys : join.exprs;
  const std::vector<Expr>& build_keys = probe_is_left ? join.exprs : join.keys;
  struct Choice {
    size_t key = 0;
    const PlanNode* aggregate = nullptr;
    ColumnPtr distinct;
  };
  std::optional<Choice> best;
  for (size_t k = 0; k < probe_keys.size(); ++k) {
    if (probe_keys[k]->kind != ExprKind::kColumn) continue;
    auto index = probe->schema.find(probe_keys[k]->name);
    if (!index || !filterable(probe->schema[*index].type)) continue;
    // Rows grouped by the key: the filter goes below the aggregation and thins its input.
    const PlanNode* aggregate = aggregate_by(*probe, probe_keys[k]->name);
    // A semi join hashing its left side only looks at the right side's keys: unless they are
    // aggregated first, there is no work a filter could save, and the probe already is a lookup.
    if (join.how == "semi" && !probe_is_left && aggregate == nullptr) continue;
    const uint32_t max_keys = aggregate ? kMaxKeysBeforeAggregate : kMaxKeys;
    const auto estimate = estimate_rows(aggregate ? *aggregate->input() : *probe);
    if (!estimate || *estimate < kMinProbeRatio * std::min<int64_t>(build.num_rows(), max_keys)) continue;
    const int64_t limit = std::min<int64_t>({max_keys, *estimate / kMinProbeRatio,
                                             best ? best->distinct->length() - 1 : INT64_MAX});
    ColumnPtr distinct = distinct_values(build, build_keys[k], probe->schema[*index].type, limit);
    if (distinct) best = Choice{k, aggregate, distinct};
  }
  if (!best) return probe;
  std::vector<Scalar> values;
  values.reserve(static_cast<size_t>(best->distinct->length()));
  for (int64_t i = 0; i < best->distinct->length(); ++i) {
    // A null key matches nothing.
    if (best->distinct->is_valid(i)) values.push_back(Scalar::from_column(*best->distinct, i));
  }
  const Expr& probe_key = probe_keys[best->key];
  const PlanNode* aggregate = best->aggregate;

  // Worth it where the filter reaches a scan, which then reads fewer rows (and, for Parquet,
  // decodes the other columns only for rows that pass), or gets below an aggregation.
  const Expr filter = col(probe_key->name).is_in(values);
  PlanPtr narrowed = push_down_predicates(filter_plan(probe, filter));
  if (aggregate != nullptr) return narrowed;
  return left_in_a_filter(*narrowed, filter.node().get()) ? probe : narrowed;
}

}  // namespace floe
