// The optimizer pipeline: each pass is a function PlanPtr -> PlanPtr in its own file.
#include "plan/optimizer/passes.h"
#include "plan/lazy_frame.h"

namespace floe {

PlanPtr optimize(const PlanPtr& plan) {
  PlanPtr p = cache_common_subplans(plan);
  p = fold_constants(p);
  p = push_down_predicates(p);
  p = cross_joins_to_inner(p);
  p = place_semi_joins(p);
  p = push_down_slices(p);
  p = push_down_projections(p);
  p = eliminate_common_subexpressions(p);
  p = choose_join_build_sides(p);
  return p;
}

}  // namespace floe
