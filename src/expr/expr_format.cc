// Rendering expressions as text for explain() and error messages, in Polars' style.
#include <fmt/format.h>

#include "compute/cast.h"
#include "expr/expr.h"

namespace floe {

namespace {

std::string literal_text(const ExprNode& e) {
  const Scalar& s = e.literal;
  if (s.is_null()) return "null";
  std::string v;
  if (s.type().is_string_like()) return fmt::format("\"{}\"", s.as_string());
  if (s.type().id == TypeId::kBoolean) v = s.as_bool() ? "true" : "false";
  else if (s.type().is_float()) v = compute::format_float(s.as_double());
  else if (s.type().is_unsigned_integer()) v = std::to_string(std::get<uint64_t>(s.value()));
  else v = std::to_string(s.as_int64());
  if (e.dynamic) return fmt::format("dyn {}: {}", s.type().is_float() ? "float" : "int", v);
  if (s.type().is_temporal()) return fmt::format("{}({})", s.type().to_polars_repr(), v);
  return v;
}

std::string render(const ExprNode& e) {
  auto c = [&](size_t i) { return render(*e.children[i]); };
  switch (e.kind) {
    case ExprKind::kColumn: return fmt::format("col(\"{}\")", e.name);
    case ExprKind::kColumns: {
      std::string s = "cols([";
      for (size_t i = 0; i < e.names.size(); ++i) s += (i ? ", \"" : "\"") + e.names[i] + "\"";
      return s + "])";
    }
    case ExprKind::kWildcard: return e.names.empty() ? "*" : fmt::format("*.exclude({})", fmt::join(e.names, ", "));
    case ExprKind::kDtypeColumns: return "dtype_columns";
    case ExprKind::kLiteral: return literal_text(e);
    case ExprKind::kAlias: return fmt::format("{}.alias(\"{}\")", c(0), e.name);
    case ExprKind::kArith: return fmt::format("[({}) {} ({})]", c(0), compute::arith_op_symbol(e.arith_op), c(1));
    case ExprKind::kCompare: return fmt::format("[({}) {} ({})]", c(0), compute::compare_op_symbol(e.compare_op), c(1));
    case ExprKind::kBool: {
      const char* op = e.bool_op == compute::BoolOp::kAnd ? "&" : e.bool_op == compute::BoolOp::kOr ? "|" : "^";
      return fmt::format("[({}) {} ({})]", c(0), op, c(1));
    }
    case ExprKind::kNot: return fmt::format("{}.not()", c(0));
    case ExprKind::kNegate: return fmt::format("-{}", c(0));
    case ExprKind::kCast: return fmt::format("{}.{}({})", c(0), e.strict ? "strict_cast" : "cast", e.cast_to.to_polars_repr());
    case ExprKind::kIsNull: return fmt::format("{}.{}()", c(0), e.negate ? "is_not_null" : "is_null");
    case ExprKind::kFillNull: return fmt::format("{}.fill_null({})", c(0), c(1));
    case ExprKind::kFillNan: return fmt::format("{}.fill_nan({})", c(0), c(1));
    case ExprKind::kIsIn: {
      std::string s;
      for (size_t i = 1; i < e.children.size(); ++i) s += (i > 1 ? ", " : "") + c(i);
      return fmt::format("{}.is_in([{}])", c(0), s);
    }
    case ExprKind::kTernary: return fmt::format(".when({}).then({}).otherwise({})", c(0), c(1), c(2));
    case ExprKind::kFunction: {
      std::string args;
      for (const auto& p : e.options.params) {
        if (!args.empty()) args += ", ";
        ExprNode tmp;
        tmp.kind = ExprKind::kLiteral;
        tmp.literal = p;
        args += literal_text(tmp);
      }
      return fmt::format("{}.{}({})", c(0), e.name, args);
    }
    case ExprKind::kAgg: return fmt::format("{}.{}()", c(0), compute::agg_name(e.agg));
    case ExprKind::kLen: return "len()";
    case ExprKind::kFilter: return fmt::format("{}.filter({})", c(0), c(1));
    case ExprKind::kSortExpr: return fmt::format("{}.sort(desc={})", c(0), e.negate);
    case ExprKind::kWindowFunction: {
      // Polars prints the step of shift/diff/top_k and no other parameter.
      bool counted = e.name == "shift" || e.name == "diff" || e.name == "top_k" || e.name == "bottom_k";
      if (!counted || e.options.params.empty()) return fmt::format("{}.{}()", c(0), e.name);
      return fmt::format("{}.{}([dyn int: {}])", c(0), e.name, e.options.params[0].as_int64());
    }
    case ExprKind::kOver: {
      size_t partitions = static_cast<size_t>(e.options.params[0].as_int64());
      std::vector<std::string> keys, order;
      for (size_t i = 1; i < e.children.size(); ++i) (i <= partitions ? keys : order).push_back(c(i));
      if (order.empty()) return fmt::format("{}.over([{}])", c(0), fmt::join(keys, ", "));
      return fmt::format("{}.over(partition_by: [{}], order_by: {})", c(0), fmt::join(keys, ", "), fmt::join(order, ", "));
    }
    case ExprKind::kIntRange:
      return fmt::format("int_range({}, {}, {})", e.options.params[0].as_int64(), e.options.params[1].as_int64(),
                         e.options.params[2].as_int64());
  }
  return "?";
}

}  // namespace

std::string Expr::to_string() const { return node_ ? render(*node_) : "<empty>"; }

}  // namespace floe
