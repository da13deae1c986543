// Common subexpression elimination: a row-wise subexpression that several outputs of one
// select, with_columns or aggregation share is computed once, as a hidden column below.
#include <algorithm>
#include <map>
#include <variant>

#include <fmt/format.h>

#include "expr/bound_expr.h"
#include "plan/optimizer/passes.h"

namespace floe {

namespace {

constexpr const char* kPrefix = "__floe_cse_";

std::string scalar_key(const Scalar& v) {
  std::string out = v.type().to_string() + "=";
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, std::string>) {
          out += fmt::format("{:?}", x);
        } else if constexpr (std::is_same_v<T, double>) {
          out += fmt::format("{:a}", x);  // exact bits
        } else {
          out += fmt::format("{}", x);
        }
      },
      v.value());
  return out;
}

/// A canonical text of a row-wise expression tree (equal texts, equal results), or "" when the
/// tree holds something that is not row-wise (aggregates, len, windows, sorts, ranges) or a
/// kind this pass does not know.
std::string row_wise_key(const ExprNode& e) {
  std::string out;
  switch (e.kind) {
    case ExprKind::kColumn: return "c:" + e.name;
    case ExprKind::kLiteral:
      return fmt::format("l:{}:{}", e.dynamic ? 1 : 0, scalar_key(e.literal));
    case ExprKind::kArith: out = fmt::format("a{}", static_cast<int>(e.arith_op)); break;
    case ExprKind::kCompare: out = fmt::format("p{}", static_cast<int>(e.compare_op)); break;
    case ExprKind::kBool: out = fmt::format("b{}", static_cast<int>(e.bool_op)); break;
    case ExprKind::kNot: out = "not"; break;
    case ExprKind::kNegate: out = "neg"; break;
    case ExprKind::kCast: out = fmt::format("cast:{}:{}", e.cast_to.to_string(), e.strict ? 1 : 0); break;
    case ExprKind::kIsNull: out = e.negate ? "notnull" : "isnull"; break;
    case ExprKind::kFillNull: out = "fillnull"; break;
    case ExprKind::kFillNan: out = "fillnan"; break;
    case ExprKind::kIsIn: out = "isin"; break;
    case ExprKind::kTernary: out = "when"; break;
    case ExprKind::kFunction: {
      out = "f:" + e.name;
      for (const auto& p : e.options.params) {
        out += ":" + scalar_key(p);
      }
      break;
    }
    default: return "";
  }
  out += "(";
  for (const auto& c : e.children) {
    std::string k = row_wise_key(*c);
    if (k.empty()) return "";
    out += k + ",";
  }
  return out + ")";
}

bool reads_a_column(const ExprNode& e) {
  if (e.kind == ExprKind::kColumn) return true;
  for (const auto& c : e.children) {
    if (reads_a_column(*c)) return true;
  }
  return false;
}

/// Whether `e` is worth computing once: row-wise, reads a column, and does more than name one.
std::string candidate_key(const ExprNode& e) {
  if (e.kind == ExprKind::kColumn || e.kind == ExprKind::kLiteral || e.kind == ExprKind::kAlias) return "";
  if (!reads_a_column(e)) return "";
  return row_wise_key(e);
}

void count(const ExprNode& e, std::map<std::string, int>& counts) {
  std::string key = candidate_key(e);
  if (!key.empty()) ++counts[key];
  for (const auto& c : e.children) count(*c, counts);
}

struct Rewriter {
  const std::map<std::string, int>& counts;
  std::map<std::string, std::pair<std::string, Expr>> hoisted;  // key -> (column name, expression)
  int next_id;

  ExprNodePtr rewrite(const ExprNodePtr& e) {
    std::string key = candidate_key(*e);
    if (!key.empty() && counts.at(key) >= 2) {
      auto it = hoisted.find(key);
      if (it == hoisted.end()) {
        std::string name = kPrefix + std::to_string(next_id++);
        it = hoisted.emplace(key, std::make_pair(name, Expr(e).alias(name))).first;
      }
      return col(it->second.first).node();
    }
    bool changed = false;
    std::vector<ExprNodePtr> children;
    for (const auto& c : e->children) {
      children.push_back(rewrite(c));
      changed |= children.back() != c;
    }
    if (!changed) return e;
    auto copy = std::make_shared<ExprNode>(*e);
    copy->children = std::move(children);
    return copy;
  }
};

int first_free_id(const Schema& schema) {
  int id = 0;
  for (const auto& f : schema) {
    if (f.name.rfind(kPrefix, 0) == 0) id = std::max(id, std::atoi(f.name.c_str() + std::char_traits<char>::length(kPrefix)) + 1);
  }
  return id;
}

PlanPtr rewrite(const PlanPtr& plan) {
  std::vector<PlanPtr> inputs;
  for (const auto& in : plan->inputs) inputs.push_back(rewrite(in));
  PlanPtr p = inputs == plan->inputs ? plan : with_inputs(*plan, inputs);
  if (p->kind != PlanKind::kSelect && p->kind != PlanKind::kWithColumns && p->kind != PlanKind::kAggregate) return p;

  std::map<std::string, int> counts;
  for (const auto& e : p->exprs) count(*e.node(), counts);
  bool any = false;
  for (const auto& [k, n] : counts) any |= n >= 2;
  if (!any) return p;

  Rewriter rw{counts, {}, first_free_id(p->input()->schema)};
  std::vector<Expr> exprs;
  for (const auto& e : p->exprs) {
    Expr out(rw.rewrite(e.node()));
    // Keep the output name the original expression had (it may come from a replaced column).
    std::string name = output_name(*e.node());
    if (output_name(*out.node()) != name) out = out.alias(name);
    exprs.push_back(out);
  }
  // The hidden columns, in order of first use, computed below.
  std::vector<std::pair<std::string, Expr>> ordered;
  for (const auto& [k, v] : rw.hoisted) ordered.push_back(v);
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return std::atoi(a.first.c_str() + std::char_traits<char>::length(kPrefix)) <
           std::atoi(b.first.c_str() + std::char_traits<char>::length(kPrefix));
  });
  auto below = std::make_shared<PlanNode>();
  below->kind = PlanKind::kWithColumns;
  below->inputs = {p->input()};
  for (const auto& [name, e] : ordered) below->exprs.push_back(e);
  below->schema = derive_schema(*below);

  auto n = std::make_shared<PlanNode>(*p);
  n->inputs = {below};
  n->exprs = std::move(exprs);
  n->schema = derive_schema(*n);
  if (p->kind != PlanKind::kWithColumns) return n;
  // with_columns passes every input column through, the hidden ones too: select them away.
  auto top = std::make_shared<PlanNode>();
  top->kind = PlanKind::kSelect;
  top->inputs = {n};
  for (const auto& f : p->schema) top->exprs.push_back(col(f.name));
  top->schema = derive_schema(*top);
  return top;
}

}  // namespace

PlanPtr eliminate_common_subexpressions(const PlanPtr& plan) { return rewrite(plan); }

}  // namespace floe
