// Optimizer passes over logical plans. Each returns a new plan with the same result.
#pragma once

#include <functional>

#include "plan/logical_plan.h"

namespace floe {

/// Wraps each subplan the plan reads more than once (a LazyFrame used twice) in a kCache node,
/// so it is computed once, when it joins, aggregates or sorts, or when no reader filters it; a
/// bare scan, or filters and projections of one that readers filter, are read again instead.
/// The passes after it treat the cache as a boundary: filters of one reader stay above it, and
/// it keeps the columns all of its readers use.
PlanPtr cache_common_subplans(const PlanPtr& plan);

/// Evaluates constant sub-expressions once (`lit(1) + lit(2)`), simplifies boolean identities
/// (`x & true`, `x | false`) and drops filters that are always true.
PlanPtr fold_constants(const PlanPtr& plan);

/// Moves filters towards the scans: through projections that pass the filtered columns
/// through, through with_columns that do not compute them, through sorts and into the inputs
/// of a concat; merges stacked filters; hands the predicate to scans that can skip rows.
PlanPtr push_down_predicates(const PlanPtr& plan);

/// Turns head() after sort() into a top-k sort, and a head() over a scan (possibly through
/// row-wise projections) into a scan that stops early.
PlanPtr push_down_slices(const PlanPtr& plan);

/// Tells scans which columns the query uses, so the rest are never read or parsed, and drops
/// with_columns outputs nobody reads.
PlanPtr push_down_projections(const PlanPtr& plan);

/// Computes a row-wise subexpression shared by several outputs of one select, with_columns or
/// aggregation once, as a hidden column of a with_columns below it (`sum(a * b)` and
/// `sum(a * b * c)` share `a * b`).
PlanPtr eliminate_common_subexpressions(const PlanPtr& plan);

/// Turns a filter of equalities between a left and a right column over a cross join into an
/// inner join on those columns (other conjuncts stay in a filter above).
PlanPtr cross_joins_to_inner(const PlanPtr& plan);

/// Predicate pushdown into a join: conjuncts reading only left columns go into the left input
/// (inner, left, semi, anti, cross, asof joins), those reading only right columns into the
/// right input (inner, right, cross); `push` continues the pushdown there. The rest stays above;
/// a disjunction among it whose every term has conditions on one side also filters that side
/// by the disjunction of those conditions.
PlanPtr push_predicate_into_join(const PlanPtr& join, const Expr& predicate,
                                 const std::function<PlanPtr(const PlanPtr&, const Expr&)>& push);

/// Moves semi joins on the left spine of inner joins above them when the inner joins are
/// estimated to keep at most half the rows (the result, row order included, is unchanged).
PlanPtr place_semi_joins(const PlanPtr& plan);

/// Marks inner and left joins whose left input is estimated much smaller than the right one to build
/// their hash table on the left (the result, row order included, is unchanged).
PlanPtr choose_join_build_sides(const PlanPtr& plan);

/// A rough row count of a plan's output (cardinality.cc), if the sizes of its scans are known.
std::optional<int64_t> estimate_rows(const PlanNode& plan);

/// The conjuncts of `a & b & ...`, and back (nullopt for none).
std::vector<Expr> conjuncts(const Expr& predicate);
std::optional<Expr> conjunction(const std::vector<Expr>& parts);

/// A filter node over `input`.
PlanPtr filter_plan(const PlanPtr& input, const Expr& predicate);

/// The output schema of `node` recomputed from its (possibly rewritten) inputs.
Schema derive_schema(const PlanNode& node);

/// Copy of `node` with new inputs and its schema rederived.
PlanPtr with_inputs(const PlanNode& node, std::vector<PlanPtr> inputs);

}  // namespace floe
