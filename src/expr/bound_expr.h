// Bound expressions: a tree resolved against a schema, with types, casts and column indexes.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/scalar.h"
#include "core/schema.h"
#include "expr/expr.h"

namespace floe {

struct BoundExpr;
using BoundExprPtr = std::shared_ptr<const BoundExpr>;

class IsInLookup;  // evaluate.cc

/// What an is_in whose listed values are all constants computes once per query, on first use,
/// for every thread that evaluates it: the membership test (evaluate.cc) and the smallest and
/// largest listed value (Parquet pruning, scan_pruning.cc; unset when a value is null or the
/// values do not order).
struct IsInSet {
  IsInSet();
  ~IsInSet();
  std::once_flag lookup_once;
  std::unique_ptr<IsInLookup> lookup;
  std::once_flag bounds_once;
  std::optional<Scalar> min, max;
};

/// An expression ready to evaluate: every node knows its output type, implicit casts are
/// explicit nodes, column references hold their index, and literals are prebuilt columns.
struct BoundExpr {
  ExprKind kind;
  DataType type;
  std::string name;                 // output name
  std::vector<BoundExprPtr> children;
  ExprNodePtr source;               // the unbound node (options, ops, function name)
  int column_index = -1;            // kColumn
  ColumnPtr literal;                // kLiteral, length 1
  const compute::ScalarFunction* function = nullptr;
  bool is_scalar = false;           // yields one row whatever the input (literals, aggregates, len)
  bool has_agg = false;             // an aggregate or len() somewhere in the tree
  bool has_column = false;          // refers to input columns outside of aggregates
  std::shared_ptr<IsInSet> is_in_set;  // kIsIn whose listed values are all constants
};

/// Expands multi-column selections (`col("a", "b")`, `all()`, `all().exclude(...)`, dtype
/// selectors) into one expression per column, as Polars does for every verb.
std::vector<Expr> expand_expressions(const std::vector<Expr>& exprs, const Schema& schema);

/// Resolves `expr` (already expanded) against `schema`. Throws ColumnNotFound, SchemaMismatch
/// or InvalidOperation with Polars' messages when the expression does not fit the schema.
BoundExprPtr bind(const Expr& expr, const Schema& schema);

/// The name Polars gives the output of `expr` (alias, leftmost column, "literal", "len").
std::string output_name(const ExprNode& expr);

/// Every column name the expression reads.
void collect_columns(const ExprNode& expr, std::vector<std::string>& out);

}  // namespace floe
