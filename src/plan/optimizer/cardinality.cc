// Cardinality estimates: how many rows a plan is guessed to produce, from scan sizes, the value
// ranges Parquet statistics give, and the shape of predicates and joins. There are no
// histograms or distinct counts; the guesses only need to tell a selective filter or a
// filtered dimension table from a full fact table (join build sides, broadcasts).
#include <algorithm>
#include <cmath>
#include <map>

#include "plan/optimizer/passes.h"

namespace floe {

namespace {

struct Estimate {
  double rows;  // output rows
  double base;  // rows of the largest table it draws from, before any filter
  double fraction() const { return base > 0 ? std::min(1.0, rows / base) : 1.0; }
};

/// The fraction of rows a predicate without known column ranges keeps, guessed from its shape
/// in the way System R and DuckDB guess: an equality keeps a tenth, a range comparison a third,
/// a conjunction the product of its parts.
double shape_selectivity(const ExprNode& e) {
  switch (e.kind) {
    case ExprKind::kAlias: return shape_selectivity(*e.children[0]);
    case ExprKind::kNot: return 1.0 - shape_selectivity(*e.children[0]);
    case ExprKind::kBool: {
      const double a = shape_selectivity(*e.children[0]), b = shape_selectivity(*e.children[1]);
      if (e.bool_op == compute::BoolOp::kAnd) return a * b;
      if (e.bool_op == compute::BoolOp::kOr) return a + b - a * b;
      return 0.5;
    }
    case ExprKind::kCompare:
      switch (e.compare_op) {
        case compute::CompareOp::kEq: return 0.1;
        case compute::CompareOp::kNe: return 0.9;
        default: return 1.0 / 3;
      }
    case ExprKind::kIsIn: {
      // children: the tested expression, then one literal per listed value.
      const double values = static_cast<double>(std::max<size_t>(e.children.size(), 2) - 1);
      return std::min(0.5, 0.1 * values);
    }
    case ExprKind::kIsNull: return e.negate ? 0.9 : 0.1;
    default: return 0.5;
  }
}

/// `column op literal` (either way round) with a numeric or temporal literal: the column, the
/// operator with the column on the left, and the literal as a double.
struct Bound {
  std::string column;
  compute::CompareOp op;
  double value;
  DataType type;  // the literal's
};

std::optional<Bound> column_bound(const ExprNode& e) {
  using compute::CompareOp;
  if (e.kind != ExprKind::kCompare) return std::nullopt;
  const ExprNode* column = e.children[0].get();
  const ExprNode* literal = e.children[1].get();
  CompareOp op = e.compare_op;
  if (column->kind == ExprKind::kLiteral) {
    std::swap(column, literal);
    switch (op) {  // lit < col is col > lit
      case CompareOp::kLt: op = CompareOp::kGt; break;
      case CompareOp::kLe: op = CompareOp::kGe; break;
      case CompareOp::kGt: op = CompareOp::kLt; break;
      case CompareOp::kGe: op = CompareOp::kLe; break;
      default: break;
    }
  }
  if (column->kind != ExprKind::kColumn || literal->kind != ExprKind::kLiteral) return std::nullopt;
  const DataType& t = literal->literal.type();
  if (literal->literal.is_null() || !(t.is_numeric() || t.is_temporal())) return std::nullopt;
  if (op == CompareOp::kEq || op == CompareOp::kNe) return std::nullopt;
  return Bound{column->name, op, literal->literal.as_double(), t};
}

/// The fraction of a scan's rows `predicate` keeps. Range comparisons of a column with known
/// bounds narrow that column's interval (values assumed evenly spread: `d >= 1994-01-01 and
/// d < 1995-01-01` over seven years of dates keeps a seventh); the rest is guessed by shape.
double scan_selectivity(const Expr& predicate, const ScanSource& source) {
  struct Interval {
    double min, max, lo, hi;
  };
  std::map<std::string, Interval> intervals;
  double fraction = 1.0;
  for (const Expr& part : conjuncts(predicate)) {
    auto bound = column_bound(*part);
    if (bound) {
      auto it = intervals.find(bound->column);
      // The literal must be in the column's units: a date with a date, a number with a number.
      auto index = source.schema().find(bound->column);
      const DataType* type = index ? &source.schema()[*index].type : nullptr;
      const bool comparable =
          type && (type->is_temporal() ? *type == bound->type : type->is_numeric() && bound->type.is_numeric());
      if (!comparable) {
        it = intervals.end();
      } else if (it == intervals.end()) {
        auto range = source.column_range(bound->column);
        if (range && range->second > range->first) {
          it = intervals.emplace(bound->column, Interval{range->first, range->second, range->first, range->second}).first;
        }
      }
      if (it != intervals.end()) {
        Interval& iv = it->second;
        if (bound->op == compute::CompareOp::kLt || bound->op == compute::CompareOp::kLe) {
          iv.hi = std::min(iv.hi, bound->value);
        } else {
          iv.lo = std::max(iv.lo, bound->value);
        }
        continue;
      }
    }
    fraction *= shape_selectivity(*part);
  }
  for (const auto& [column, iv] : intervals) fraction *= std::clamp((iv.hi - iv.lo) / (iv.max - iv.min), 0.0, 1.0);
  return fraction;
}

std::optional<Estimate> estimate(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kScan: {
      auto rows = plan.source->estimated_rows();
      if (!rows) return std::nullopt;
      double base = static_cast<double>(*rows);
      if (plan.request.n_rows) base = std::min(base, static_cast<double>(*plan.request.n_rows));
      double kept = base;
      if (plan.request.predicate) kept *= scan_selectivity(*plan.request.predicate, *plan.source);
      return Estimate{kept, base};
    }
    case PlanKind::kFilter: {
      auto in = estimate(*plan.input());
      if (!in) return std::nullopt;
      const PlanNode& below = *plan.input();
      const double kept = below.kind == PlanKind::kScan ? scan_selectivity(plan.predicate, *below.source)
                                                       : shape_selectivity(*plan.predicate);
      return Estimate{in->rows * kept, in->base};
    }
    case PlanKind::kSelect:
    case PlanKind::kWithColumns:
    case PlanKind::kSort:
    case PlanKind::kRowIndex:
    case PlanKind::kCache: return estimate(*plan.input());
    case PlanKind::kSlice: {
      auto in = estimate(*plan.input());
      if (in && plan.length && plan.offset >= 0) {
        const double rows = std::min(in->rows, static_cast<double>(*plan.length));
        return Estimate{rows, rows};
      }
      return in;
    }
    case PlanKind::kConcat: {
      Estimate total{0, 0};
      for (const auto& in : plan.inputs) {
        auto e = estimate(*in);
        if (!e) return std::nullopt;
        total.rows += e->rows;
        total.base += e->base;
      }
      return total;
    }
    case PlanKind::kJoin: {
      auto left = estimate(*plan.inputs[0]);
      auto right = estimate(*plan.inputs[1]);
      if (!left || !right) return std::nullopt;
      if (plan.how == "cross") return Estimate{left->rows * right->rows, left->base * right->base};
      if (plan.how == "asof") return left;
      // An equi-join is guessed to be between a table and one it references by a unique key:
      // the larger table's rows, thinned by the filters on both sides.
      const double base = std::max(left->base, right->base);
      const double inner = std::min(base * left->fraction() * right->fraction(), left->rows * right->rows);
      if (plan.how == "inner") return Estimate{inner, base};
      if (plan.how == "left") return Estimate{std::max(left->rows, inner), base};
      if (plan.how == "right") return Estimate{std::max(right->rows, inner), base};
      if (plan.how == "full") return Estimate{left->rows + right->rows, base};
      if (plan.how == "semi") return Estimate{std::min(left->rows, inner), left->base};
      if (plan.how == "anti") return Estimate{left->rows * 0.5, left->base};
      return left;
    }
    case PlanKind::kAggregate: {
      if (plan.keys.empty()) return Estimate{1, 1};
      // Grouping is guessed to shrink its input tenfold; a new table for what follows.
      auto in = estimate(*plan.input());
      if (!in) return std::nullopt;
      const double rows = std::max(1.0, in->rows / 10);
      return Estimate{rows, rows};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> estimate_rows(const PlanNode& plan) {
  auto e = estimate(plan);
  if (!e) return std::nullopt;
  if (e->rows <= 0) return 0;
  return std::max<int64_t>(1, static_cast<int64_t>(std::llround(e->rows)));
}

}  // namespace floe
