// Finding and replacing aggregate nodes in bound expressions.
#include "exec/aggregate_rewrite.h"

namespace floe {

void find_aggregates(const BoundExprPtr& e, std::vector<const BoundExpr*>& out) {
  if (e->kind == ExprKind::kAgg || e->kind == ExprKind::kLen) {
    out.push_back(e.get());
    return;
  }
  for (const auto& c : e->children) find_aggregates(c, out);
}

BoundExprPtr substitute_aggregates(const BoundExprPtr& e, const std::map<const BoundExpr*, ColumnPtr>& values) {
  auto it = values.find(e.get());
  if (it != values.end()) {
    auto lit = std::make_shared<BoundExpr>(*e);
    lit->kind = ExprKind::kLiteral;
    lit->children.clear();
    lit->literal = it->second;
    return lit;
  }
  auto copy = std::make_shared<BoundExpr>(*e);
  for (auto& c : copy->children) c = substitute_aggregates(c, values);
  return copy;
}

}  // namespace floe
