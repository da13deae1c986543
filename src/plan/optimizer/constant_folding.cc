// Constant folding and boolean simplification of expressions in every plan node.
#include "core/error.h"
#include "expr/bound_expr.h"
#include "expr/evaluate.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

bool is_literal(const ExprNodePtr& n) { return n->kind == ExprKind::kLiteral; }

bool literal_bool(const ExprNodePtr& n, bool value) {
  return is_literal(n) && !n->literal.is_null() && n->literal.type().id == TypeId::kBoolean && n->literal.as_bool() == value;
}

/// True when evaluating `n` needs no input row and is cheap and deterministic.
bool foldable(const ExprNode& n) {
  switch (n.kind) {
    case ExprKind::kColumn:
    case ExprKind::kColumns:
    case ExprKind::kWildcard:
    case ExprKind::kDtypeColumns:
    case ExprKind::kAgg:
    case ExprKind::kLen:
    case ExprKind::kFilter:
    case ExprKind::kSortExpr:
    case ExprKind::kIntRange: return false;
    default: break;
  }
  for (const auto& c : n.children) {
    if (!foldable(*c)) return false;
  }
  return true;
}

/// sum/count/len/min/max of int_range(start, end, step) in closed form, so
/// `int_range(0, 100_000_000).sum()` never materializes its values.
ExprNodePtr fold_range_aggregate(const ExprNode& agg) {
  const ExprNode& r = *agg.children[0];
  int64_t start = r.options.params[0].as_int64(), end = r.options.params[1].as_int64(), step = r.options.params[2].as_int64();
  int64_t n = step > 0 ? (end > start ? (end - start + step - 1) / step : 0) : (start > end ? (start - end - step - 1) / -step : 0);
  auto lit = std::make_shared<ExprNode>();
  lit->kind = ExprKind::kLiteral;
  int64_t last = start + (n - 1) * step;
  switch (agg.agg) {
    case compute::AggKind::kSum: {
      // n * (first + last) / 2 without overflowing the intermediate product.
      __int128 total = static_cast<__int128>(n) * (static_cast<__int128>(start) + last) / 2;
      lit->literal = Scalar::int64(static_cast<int64_t>(n == 0 ? 0 : total));
      return lit;
    }
    case compute::AggKind::kCount:
    case compute::AggKind::kLen:
      lit->literal = Scalar(TypeId::kUInt32, static_cast<uint64_t>(n));
      return lit;
    case compute::AggKind::kMin:
    case compute::AggKind::kMax:
      if (n == 0) {
        lit->literal = Scalar::null(TypeId::kInt64);
      } else {
        bool want_max = agg.agg == compute::AggKind::kMax;
        lit->literal = Scalar::int64((step > 0) == want_max ? last : start);
      }
      return lit;
    default: return nullptr;
  }
}

ExprNodePtr fold(const ExprNodePtr& node) {
  if (node->kind == ExprKind::kAgg && node->children[0]->kind == ExprKind::kIntRange) {
    if (auto folded = fold_range_aggregate(*node)) return folded;
  }
  auto copy = std::make_shared<ExprNode>(*node);
  bool changed = false;
  for (auto& c : copy->children) {
    auto f = fold(c);
    changed |= f != c;
    c = f;
  }
  ExprNodePtr cur = changed ? copy : node;
  // Boolean identities: x & true -> x, x | false -> x, x & false -> false, x | true -> true.
  if (cur->kind == ExprKind::kBool && cur->bool_op != compute::BoolOp::kXor) {
    bool is_and = cur->bool_op == compute::BoolOp::kAnd;
    for (int side = 0; side < 2; ++side) {
      const ExprNodePtr& lit = cur->children[side];
      const ExprNodePtr& other = cur->children[1 - side];
      // Only when `other` is certainly Boolean: on integers `&` is bitwise.
      bool other_is_bool = other->kind == ExprKind::kCompare || other->kind == ExprKind::kBool ||
                           other->kind == ExprKind::kNot || other->kind == ExprKind::kIsNull ||
                           other->kind == ExprKind::kIsIn;
      if (other_is_bool && literal_bool(lit, is_and)) return other;
    }
  }
  if (cur->kind == ExprKind::kLiteral || cur->kind == ExprKind::kAlias || !foldable(*cur)) return cur;
  // Evaluate once over a one-row chunk with no columns.
  try {
    auto bound = bind(Expr(cur), Schema());
    Chunk empty({}, 1);
    EvalContext ctx(empty);
    ColumnPtr v = evaluate(*bound, ctx);
    if (v->length() != 1) return cur;
    auto lit = std::make_shared<ExprNode>();
    lit->kind = ExprKind::kLiteral;
    lit->literal = Scalar::from_column(*v, 0);
    // A fold of dynamic literals stays dynamic, so `col(i8) + (1 + 2)` keeps i8.
    bool all_dynamic = true;
    for (const auto& c : cur->children) all_dynamic &= is_literal(c) && c->dynamic;
    bool arithmetic = cur->kind == ExprKind::kArith || cur->kind == ExprKind::kNegate;
    lit->dynamic = arithmetic && all_dynamic && !cur->children.empty() && lit->literal.type().is_numeric();
    if (lit->dynamic) {
      lit->literal = lit->literal.type().is_float() ? Scalar::float64(lit->literal.as_double())
                                                    : Scalar::int64(lit->literal.as_int64());
    }
    return lit;
  } catch (const Error&) {
    return cur;  // leave errors (e.g. a failing strict cast) to execution, where they surface
  }
}

Expr fold_expr(const Expr& e) {
  ExprNodePtr f = fold(e.node());
  if (f == e.node()) return e;
  // Keep the output name the unfolded expression had.
  std::string before = output_name(*e.node()), after = output_name(*f);
  Expr out(f);
  return before == after ? out : out.alias(before);
}

PlanPtr fold_plan(const PlanPtr& plan) {
  std::vector<PlanPtr> inputs;
  for (const auto& in : plan->inputs) inputs.push_back(fold_plan(in));
  auto n = std::make_shared<PlanNode>(*plan);
  n->inputs = std::move(inputs);
  for (auto& e : n->exprs) e = fold_expr(e);
  for (auto& k : n->keys) k = fold_expr(k);
  if (n->kind == PlanKind::kFilter) {
    n->predicate = Expr(fold(n->predicate.node()));
    if (literal_bool(n->predicate.node(), true)) return n->inputs[0];
  }
  return n;
}

}  // namespace

PlanPtr fold_constants(const PlanPtr& plan) { return fold_plan(plan); }

}  // namespace floe
