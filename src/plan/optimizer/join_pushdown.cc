// Filters over joins: conjuncts that read one side only move into that side's input, and a
// disjunction implies a filter on a side when each of its terms has conditions on that side.
#include "expr/bound_expr.h"
#include "plan/lazy_frame.h"
#include "plan/optimizer/passes.h"

namespace floe {

std::vector<Expr> conjuncts(const Expr& predicate) {
  if (predicate->kind == ExprKind::kBool && predicate->bool_op == compute::BoolOp::kAnd && predicate->children.size() == 2) {
    auto out = conjuncts(Expr(predicate->children[0]));
    for (auto& e : conjuncts(Expr(predicate->children[1]))) out.push_back(std::move(e));
    return out;
  }
  return {predicate};
}

std::optional<Expr> conjunction(const std::vector<Expr>& parts) {
  if (parts.empty()) return std::nullopt;
  Expr out = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) out = out & parts[i];
  return out;
}

PlanPtr filter_plan(const PlanPtr& input, const Expr& predicate) {
  auto n = std::make_shared<PlanNode>();
  n->kind = PlanKind::kFilter;
  n->inputs = {input};
  n->predicate = predicate;
  n->schema = input->schema;
  return n;
}

namespace {

/// Whether each row's value depends on that row alone (so filtering before or after a join
/// that keeps or repeats whole rows gives the same rows).
bool row_wise(const ExprNode& e) {
  switch (e.kind) {
    case ExprKind::kAgg:
    case ExprKind::kLen:
    case ExprKind::kFilter:
    case ExprKind::kSortExpr:
    case ExprKind::kIntRange:
    case ExprKind::kWindowFunction:
    case ExprKind::kOver: return false;
    default: break;
  }
  for (const auto& c : e.children) {
    if (!row_wise(*c)) return false;
  }
  return true;
}

/// The join input (0 or 1) whose columns a conjunct reads, when it reads one side only and each
/// column under its input name (not suffixed, not a coalesced key); -1 otherwise.
int side_of(const std::vector<std::string>& columns, const PlanNode& join, const std::vector<JoinColumn>& layout) {
  int side = -1;
  for (const auto& name : columns) {
    const JoinColumn* found = nullptr;
    for (const auto& c : layout) {
      if (c.field.name == name) found = &c;
    }
    if (!found || found->coalesced_key >= 0) return -1;
    const Schema& input = join.inputs[static_cast<size_t>(found->side)]->schema;
    if (input[found->index].name != name) return -1;
    if (side >= 0 && side != found->side) return -1;
    side = found->side;
  }
  return side;
}

/// The disjuncts of `a | b | ...`.
void disjuncts(const Expr& e, std::vector<Expr>& out) {
  if (e->kind == ExprKind::kBool && e->bool_op == compute::BoolOp::kOr && e->children.size() == 2) {
    disjuncts(Expr(e->children[0]), out);
    disjuncts(Expr(e->children[1]), out);
    return;
  }
  out.push_back(e);
}

/// For `(a1 & b1) | (a2 & b2) | ...` where every disjunct has conjuncts reading only join input
/// `side`: the disjunction of those conjuncts, which holds wherever the whole predicate holds,
/// so it can filter that side early while the predicate stays above (TPC-H q19's part and
/// quantity conditions). Nullopt when some disjunct has none.
std::optional<Expr> implied_side_predicate(const Expr& predicate, int side, const PlanNode& join,
                                           const std::vector<JoinColumn>& layout) {
  std::vector<Expr> ors;
  disjuncts(predicate, ors);
  if (ors.size() < 2) return std::nullopt;
  std::optional<Expr> implied;
  for (const auto& d : ors) {
    std::vector<Expr> mine;
    for (const auto& c : conjuncts(d)) {
      std::vector<std::string> cols;
      collect_columns(*c.node(), cols);
      if (!cols.empty() && side_of(cols, join, layout) == side) mine.push_back(c);
    }
    auto part = conjunction(mine);
    if (!part) return std::nullopt;
    implied = implied ? *implied | *part : *part;
  }
  return implied;
}

bool can_filter_side(const std::string& how, int side) {
  if (side == 0) return how == "inner" || how == "left" || how == "semi" || how == "anti" || how == "cross" || how == "asof";
  return how == "inner" || how == "right" || how == "cross";
}

}  // namespace

PlanPtr push_predicate_into_join(const PlanPtr& join, const Expr& predicate,
                                 const std::function<PlanPtr(const PlanPtr&, const Expr&)>& push) {
  if (!row_wise(*predicate.node())) return filter_plan(join, predicate);
  auto layout = join_columns(*join);
  std::vector<Expr> sides[2], keep;
  for (const auto& p : conjuncts(predicate)) {
    std::vector<std::string> cols;
    collect_columns(*p.node(), cols);
    int side = cols.empty() ? -1 : side_of(cols, *join, layout);
    if (side >= 0 && can_filter_side(join->how, side)) {
      sides[side].push_back(p);
      continue;
    }
    keep.push_back(p);
    for (int s = 0; s < 2; ++s) {
      if (!can_filter_side(join->how, s)) continue;
      if (auto implied = implied_side_predicate(p, s, *join, layout)) sides[s].push_back(*implied);
    }
  }
  if (sides[0].empty() && sides[1].empty()) return filter_plan(join, predicate);
  std::vector<PlanPtr> inputs = join->inputs;
  for (int s = 0; s < 2; ++s) {
    if (auto c = conjunction(sides[s])) inputs[static_cast<size_t>(s)] = push(inputs[static_cast<size_t>(s)], *c);
  }
  PlanPtr rewritten = with_inputs(*join, std::move(inputs));
  if (auto rest = conjunction(keep)) return filter_plan(rewritten, *rest);
  return rewritten;
}

}  // namespace floe
