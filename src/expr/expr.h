// Expressions: the tree users build with col(), lit() and methods, as in Polars.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compute/aggregate.h"
#include "compute/arithmetic.h"
#include "compute/boolean.h"
#include "compute/compare.h"
#include "compute/function_registry.h"
#include "core/scalar.h"

namespace floe {

enum class ExprKind {
  kColumn,     // col("a")
  kColumns,    // col("a", "b"): expands to one expression per name
  kWildcard,   // all() / col("*"); `names` holds excluded columns
  kDtypeColumns,  // col(pl.Int64): every column of the given dtypes
  kLiteral,
  kAlias,
  kArith,      // + - * / // % **
  kCompare,    // == != < <= > >=
  kBool,       // & | ^
  kNot,
  kNegate,
  kCast,
  kIsNull,     // is_null / is_not_null (negate flag)
  kFillNull,
  kFillNan,
  kIsIn,
  kTernary,    // when(c).then(a).otherwise(b); chains nest in `otherwise`
  kFunction,   // registry function: str.*, dt.*, math
  kAgg,        // sum, mean, ...
  kLen,        // len(): rows of the frame
  kFilter,     // expr.filter(predicate)
  kSortExpr,   // expr.sort()
  kIntRange,   // int_range(start, end, step): a column of its own length; params in `options`
  kWindowFunction,  // cum_sum, shift, diff, rank, top_k (compute/window_functions.h): sees the whole column
  kOver,       // expr.over(...): children are expr, partition keys, order keys; params in `options`
};

struct ExprNode;
using ExprNodePtr = std::shared_ptr<const ExprNode>;

/// One node of an expression tree. Immutable once built and shared between trees.
struct ExprNode {
  ExprKind kind;
  std::vector<ExprNodePtr> children;
  std::string name;                  // column name, alias, or function name
  std::vector<std::string> names;    // kColumns names / kWildcard exclusions
  std::vector<DataType> dtypes;      // kDtypeColumns selector
  Scalar literal;                    // kLiteral value; kIsIn values list lives in children
  bool dynamic = false;              // literal from a Python int/float: adapts to the other side's type
  compute::ArithOp arith_op = compute::ArithOp::kAdd;
  compute::CompareOp compare_op = compute::CompareOp::kEq;
  compute::BoolOp bool_op = compute::BoolOp::kAnd;
  DataType cast_to;                  // kCast target
  bool strict = true;                // kCast strictness
  bool negate = false;               // kIsNull: is_not_null; kSortExpr: descending
  compute::FunctionOptions options;  // kFunction constant parameters
  compute::AggKind agg = compute::AggKind::kSum;
  compute::AggOptions agg_options;
};

class Expr;

/// The ".str" namespace of an expression.
class StrNamespace {
 public:
  explicit StrNamespace(const Expr& e) : e_(e) {}
  Expr contains(const std::string& pattern, bool literal = false, bool strict = true) const;
  Expr starts_with(const std::string& prefix) const;
  Expr ends_with(const std::string& suffix) const;
  Expr len_bytes() const;
  Expr len_chars() const;
  Expr to_uppercase() const;
  Expr to_lowercase() const;
  Expr slice(int64_t offset, std::optional<int64_t> length = std::nullopt) const;
  Expr replace(const std::string& pattern, const std::string& value, bool literal = false, int64_t n = 1) const;
  Expr replace_all(const std::string& pattern, const std::string& value, bool literal = false) const;
  Expr strip_chars(std::optional<std::string> characters = std::nullopt) const;

 private:
  const Expr& e_;
};

/// The ".dt" namespace of an expression.
class DtNamespace {
 public:
  explicit DtNamespace(const Expr& e) : e_(e) {}
  Expr year() const;
  Expr month() const;
  Expr day() const;
  Expr hour() const;
  Expr minute() const;
  Expr second() const;
  Expr weekday() const;
  Expr ordinal_day() const;
  Expr quarter() const;
  Expr truncate(const std::string& every) const;

 private:
  const Expr& e_;
};

/// A handle on an expression tree with Polars' builder methods. Cheap to copy.
class Expr {
 public:
  Expr() = default;
  explicit Expr(ExprNodePtr node) : node_(std::move(node)) {}
  const ExprNodePtr& node() const { return node_; }
  const ExprNode& operator*() const { return *node_; }
  const ExprNode* operator->() const { return node_.get(); }

  Expr alias(const std::string& name) const;
  Expr cast(const DataType& type, bool strict = true) const;
  Expr is_null() const;
  Expr is_not_null() const;
  Expr fill_null(const Expr& value) const;
  Expr fill_nan(const Expr& value) const;
  Expr is_in(const std::vector<Scalar>& values) const;
  Expr is_between(const Expr& lower, const Expr& upper, const std::string& closed = "both") const;
  Expr exclude(const std::vector<std::string>& names) const;
  Expr filter(const Expr& predicate) const;
  Expr sort(bool descending = false) const;

  Expr abs() const { return function("abs"); }
  Expr round(int decimals = 0) const;
  Expr floor() const { return function("floor"); }
  Expr ceil() const { return function("ceil"); }
  Expr sqrt() const { return function("sqrt"); }
  Expr exp() const { return function("exp"); }
  Expr log(double base = 2.718281828459045) const;
  Expr pow(const Expr& exponent) const;
  Expr clip(std::optional<Scalar> lower, std::optional<Scalar> upper) const;

  Expr sum() const { return agg(compute::AggKind::kSum); }
  Expr mean() const { return agg(compute::AggKind::kMean); }
  Expr min() const { return agg(compute::AggKind::kMin); }
  Expr max() const { return agg(compute::AggKind::kMax); }
  Expr count() const { return agg(compute::AggKind::kCount); }
  Expr null_count() const { return agg(compute::AggKind::kNullCount); }
  Expr n_unique() const { return agg(compute::AggKind::kNUnique); }
  Expr first() const { return agg(compute::AggKind::kFirst); }
  Expr last() const { return agg(compute::AggKind::kLast); }
  Expr median() const { return agg(compute::AggKind::kMedian); }
  Expr std(int ddof = 1) const;
  Expr var(int ddof = 1) const;
  Expr quantile(double q, const std::string& interpolation = "nearest") const;
  Expr agg(compute::AggKind kind, compute::AggOptions options = {}) const;

  /// An order-dependent function of compute/window_functions.h ("cum_sum", "rank", ...) with
  /// its parameters; it sees all rows of the column (or of its over() group) at once.
  Expr window(const std::string& name, std::vector<Scalar> params = {}) const;
  /// This expression evaluated per group of `partition_by` and mapped back to the rows of each
  /// group (Polars' `over`, mapping "group_to_rows"). With `order_by`, order-dependent
  /// functions see each group's rows sorted by those keys.
  Expr over(const std::vector<Expr>& partition_by, const std::vector<Expr>& order_by = {},
            bool descending = false, bool nulls_last = false) const;

  /// A registry function applied to this expression (plus `extra` expression arguments).
  Expr function(const std::string& name, std::vector<Scalar> params = {}, std::vector<Expr> extra = {}) const;

  StrNamespace str() const { return StrNamespace(*this); }
  DtNamespace dt() const { return DtNamespace(*this); }

  /// Polars-like rendering, e.g. `[(col("a")) + (dyn int: 1)].alias("b")`.
  std::string to_string() const;

 private:
  ExprNodePtr node_;
};

Expr col(const std::string& name);
Expr cols(const std::vector<std::string>& names);
Expr dtype_cols(const std::vector<DataType>& dtypes);
Expr all();
Expr lit(const Scalar& value);
Expr lit(int64_t v);
Expr lit(double v);
Expr lit(const char* v);
Expr lit(const std::string& v);
Expr lit(bool v);
/// A Python-style literal whose type adapts to the column it meets (Polars' "dyn int"/"dyn float").
Expr dynamic_lit(const Scalar& value);
Expr len();
/// Integers start, start + step, ... below end (Polars' int_range / arange), as Int64.
Expr int_range(int64_t start, int64_t end, int64_t step = 1);

Expr operator+(const Expr& a, const Expr& b);
Expr operator-(const Expr& a, const Expr& b);
Expr operator*(const Expr& a, const Expr& b);
Expr operator/(const Expr& a, const Expr& b);
Expr operator%(const Expr& a, const Expr& b);
Expr floor_div(const Expr& a, const Expr& b);
Expr operator==(const Expr& a, const Expr& b);
Expr operator!=(const Expr& a, const Expr& b);
Expr operator<(const Expr& a, const Expr& b);
Expr operator<=(const Expr& a, const Expr& b);
Expr operator>(const Expr& a, const Expr& b);
Expr operator>=(const Expr& a, const Expr& b);
Expr operator&(const Expr& a, const Expr& b);
Expr operator|(const Expr& a, const Expr& b);
Expr operator^(const Expr& a, const Expr& b);
Expr operator!(const Expr& a);
Expr operator-(const Expr& a);
Expr arith(compute::ArithOp op, const Expr& a, const Expr& b);
Expr compare(compute::CompareOp op, const Expr& a, const Expr& b);

/// when(c1).then(v1).when(c2).then(v2).otherwise(v3)
class When;
class Then {
 public:
  Then(std::vector<std::pair<Expr, Expr>> branches) : branches_(std::move(branches)) {}
  When when(const Expr& condition) const;
  Expr otherwise(const Expr& value) const;
  /// Without otherwise: null where no condition holds.
  Expr end() const;

 private:
  std::vector<std::pair<Expr, Expr>> branches_;
};
class When {
 public:
  When(std::vector<std::pair<Expr, Expr>> branches, Expr condition)
      : branches_(std::move(branches)), condition_(std::move(condition)) {}
  Then then(const Expr& value) const;

 private:
  std::vector<std::pair<Expr, Expr>> branches_;
  Expr condition_;
};
When when(const Expr& condition);

/// Whether `e` holds a node that must see all rows at once (a window function or over()), so
/// it cannot be evaluated one morsel at a time.
bool needs_whole_column(const ExprNode& e);

/// Whether each output row of `e` depends only on the same input row (no aggregate, len(),
/// filter, sort, window function or over()): only such expressions let filters and slices move
/// below the projection that computes them.
bool is_row_wise(const ExprNode& e);

}  // namespace floe
