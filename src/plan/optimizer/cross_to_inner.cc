// Cross joins filtered on equalities between their two sides become inner joins on them.
#include "plan/lazy_frame.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

bool joinable(const DataType& a, const DataType& b) {
  if (a.is_float() || b.is_float() || a.id == TypeId::kNull || b.id == TypeId::kNull) return false;
  return a == b || (a.is_integer() && b.is_integer());
}

PlanPtr rewrite_cross(const PlanPtr& plan) {
  std::vector<PlanPtr> inputs;
  for (const auto& in : plan->inputs) inputs.push_back(rewrite_cross(in));
  auto n = std::make_shared<PlanNode>(*plan);
  n->inputs = std::move(inputs);
  if (n->kind != PlanKind::kFilter || n->input()->kind != PlanKind::kJoin || n->input()->how != "cross") return n;
  const PlanNode& join = *n->input();
  auto layout = join_columns(join);
  auto side_column = [&](const ExprNode& e) -> const JoinColumn* {
    if (e.kind != ExprKind::kColumn) return nullptr;
    for (const auto& c : layout) {
      if (c.field.name == e.name) return &c;
    }
    return nullptr;
  };
  std::vector<Expr> rest, left_keys, right_keys;
  for (const auto& p : conjuncts(n->predicate)) {
    if (p->kind == ExprKind::kCompare && p->compare_op == compute::CompareOp::kEq && p->children.size() == 2) {
      const JoinColumn* a = side_column(*p->children[0]);
      const JoinColumn* b = side_column(*p->children[1]);
      if (a && b && a->side != b->side) {
        if (a->side == 1) std::swap(a, b);
        const Field& lf = join.inputs[0]->schema[a->index];
        const Field& rf = join.inputs[1]->schema[b->index];
        if (joinable(lf.type, rf.type)) {
          left_keys.push_back(col(lf.name));
          right_keys.push_back(col(rf.name));
          continue;
        }
      }
    }
    rest.push_back(p);
  }
  if (left_keys.empty()) return n;
  // An inner join without coalescing keeps every column of both sides under the cross join's
  // names, and the rows in the same order (left rows, each with its matches in right order).
  auto inner = std::make_shared<PlanNode>(join);
  inner->how = "inner";
  inner->keys = std::move(left_keys);
  inner->exprs = std::move(right_keys);
  inner->coalesce = false;
  inner->nulls_equal = false;
  inner->schema = join_schema(*inner);
  if (auto r = conjunction(rest)) return filter_plan(inner, *r);
  return inner;
}

}  // namespace

PlanPtr cross_joins_to_inner(const PlanPtr& plan) { return rewrite_cross(plan); }

}  // namespace floe
