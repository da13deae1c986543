// LazyFrame: the C++ API that builds logical plans, as Polars' LazyFrame does.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "plan/logical_plan.h"

namespace floe {

struct SortOptions {
  std::vector<bool> descending;  // one per key, or one for all
  std::vector<bool> nulls_last;  // one per key, or one for all
  bool maintain_order = false;   // sorts are always stable in Floe
};

/// A query under construction. Every method returns a new LazyFrame; the schema is resolved as
/// the plan is built, so a misspelled column fails at once. `collect()` (implemented by the
/// execution layer) optimizes and runs the plan on all cores.
class LazyFrame {
 public:
  LazyFrame();  // an empty frame: no columns, no rows
  explicit LazyFrame(PlanPtr plan) : plan_(std::move(plan)) {}
  static LazyFrame from_frame(DataFrame df);
  static LazyFrame scan(ScanSourcePtr source);

  const PlanPtr& plan() const { return plan_; }
  const Schema& collect_schema() const { return plan_->schema; }

  LazyFrame select(const std::vector<Expr>& exprs) const;
  LazyFrame with_columns(const std::vector<Expr>& exprs) const;
  LazyFrame filter(const Expr& predicate) const;
  LazyFrame head(int64_t n = 5) const { return slice(0, n); }
  LazyFrame limit(int64_t n = 5) const { return slice(0, n); }
  LazyFrame tail(int64_t n = 5) const;
  LazyFrame slice(int64_t offset, std::optional<int64_t> length = std::nullopt) const;
  LazyFrame sort(const std::vector<Expr>& by, const SortOptions& options = {}) const;
  LazyFrame rename(const std::map<std::string, std::string>& mapping, bool strict = true) const;
  LazyFrame drop(const std::vector<std::string>& columns, bool strict = true) const;
  LazyFrame with_row_index(const std::string& name = "index", int64_t offset = 0) const;
  /// Global aggregation (`select` of aggregates only builds this too).
  LazyFrame aggregate(const std::vector<Expr>& exprs) const;
  /// `group_by(keys).agg(exprs)`: one row per distinct key; with `maintain_order` the groups
  /// keep the order in which they first appear.
  LazyFrame group_by_agg(const std::vector<Expr>& keys, const std::vector<Expr>& aggs, bool maintain_order = false) const;

  /// Distinct rows by `subset` (all columns when empty). `keep`: "any" or "first" keeps the
  /// first row of each duplicate set, "last" the last one, "none" drops every duplicated row.
  /// With `maintain_order` rows keep their input order.
  LazyFrame unique(const std::vector<std::string>& subset = {}, const std::string& keep = "any",
                   bool maintain_order = false) const;

  /// Joins `other` on equal keys (`left_on[i] == right_on[i]`). `how`: "inner", "left", "right",
  /// "full", "semi", "anti" or "cross". Nulls never match unless `nulls_equal`. Right columns
  /// whose names are taken get `suffix`. `coalesce` merges the key columns of both sides into one
  /// (default: all but full joins; never when a key is an expression rather than a column).
  /// `validate` ("1:m", "m:1", "1:1") makes collect() fail unless the keys of the "1" sides are
  /// unique.
  LazyFrame join(const LazyFrame& other, const std::vector<Expr>& left_on, const std::vector<Expr>& right_on,
                 const std::string& how = "inner", const std::string& suffix = "_right", bool nulls_equal = false,
                 std::optional<bool> coalesce = std::nullopt, const std::string& validate = "m:m") const;

  /// Asof join: each left row takes the right row whose `right_on` key is nearest to its
  /// `left_on` key in the direction of `options.strategy`, within equal `by` keys. Both inputs
  /// must be sorted by the asof key.
  LazyFrame join_asof(const LazyFrame& other, const Expr& left_on, const Expr& right_on,
                      const std::vector<Expr>& by_left, const std::vector<Expr>& by_right, const AsofOptions& options,
                      const std::string& suffix = "_right", bool coalesce = true) const;

  /// The plan as text: the logical plan, or the optimized one.
  std::string explain(bool optimized = true) const;

  /// Optimizes and executes the plan (defined in the exec layer).
  DataFrame collect() const;

 private:
  PlanPtr plan_;
};

/// Stacks frames vertically. `how = "vertical"` needs equal schemas; "vertical_relaxed" casts
/// columns to their common supertype.
LazyFrame concat(const std::vector<LazyFrame>& frames, const std::string& how = "vertical");

/// One output column of a join: where it comes from and what it is called.
struct JoinColumn {
  int side = 0;           // 0: left input, 1: right input
  size_t index = 0;       // column of that input
  int coalesced_key = -1;  // >= 0: the key merged from both sides (full join with coalesce)
  Field field;
};

/// The output columns of a join node, as Polars lays them out: left columns then right ones,
/// the right keys dropped when coalesced (for right joins the left keys instead), and right
/// names that collide renamed with the suffix.
std::vector<JoinColumn> join_columns(const PlanNode& join);

/// Output schema of a join node (the fields of `join_columns`).
Schema join_schema(const PlanNode& join);

/// Runs the optimizer passes over a plan (see plan/optimizer/).
PlanPtr optimize(const PlanPtr& plan);

}  // namespace floe
