// Splitting expressions at their aggregates: find them, then put computed values in their place.
#pragma once

#include <map>
#include <vector>

#include "expr/bound_expr.h"

namespace floe {

/// The aggregate nodes (sum, len, ...) inside a bound expression, outermost first; nested
/// aggregates are rejected when binding.
void find_aggregates(const BoundExprPtr& e, std::vector<const BoundExpr*>& out);

/// A copy of `e` with each aggregate node replaced by a literal holding its computed column
/// (length 1 for a global aggregate, one row per group for group_by).
BoundExprPtr substitute_aggregates(const BoundExprPtr& e, const std::map<const BoundExpr*, ColumnPtr>& values);

}  // namespace floe
