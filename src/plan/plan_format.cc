// explain(): plans as indented text in the style of Polars' explain().
#include <fmt/format.h>

#include "plan/logical_plan.h"

namespace floe {

std::string DataFrameSource::describe() const {
  std::string cols;
  size_t n = df_.schema().size();
  for (size_t i = 0; i < n && i < 4; ++i) cols += (i ? ", \"" : "\"") + df_.schema()[i].name + "\"";
  if (n > 4) cols += ", ...";
  return fmt::format("DF [{}]; {} columns", cols, n);
}

namespace {

std::string join_exprs(const std::vector<Expr>& exprs) {
  std::string s;
  for (size_t i = 0; i < exprs.size(); ++i) s += (i ? ", " : "") + exprs[i].to_string();
  return s;
}

void render(const PlanNode& p, int depth, std::string& out) {
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  switch (p.kind) {
    case PlanKind::kScan: {
      out += pad + p.source->describe();
      std::string proj = "*";
      if (p.request.columns) proj = fmt::format("{}/{}", p.request.columns->size(), p.source->schema().size());
      out += fmt::format("\n{}PROJECT {} COLUMNS", pad, proj);
      if (p.request.predicate) out += fmt::format("\n{}SELECTION: {}", pad, p.request.predicate->to_string());
      if (p.request.n_rows) out += fmt::format("\n{}N_ROWS: {}", pad, *p.request.n_rows);
      out += "\n";
      return;
    }
    case PlanKind::kSelect: out += fmt::format("{}SELECT [{}]\n", pad, join_exprs(p.exprs)); break;
    case PlanKind::kWithColumns: out += fmt::format("{}WITH_COLUMNS:\n{} [{}]\n", pad, pad, join_exprs(p.exprs)); break;
    case PlanKind::kFilter: out += fmt::format("{}FILTER {}\n{}FROM\n", pad, p.predicate.to_string(), pad); break;
    case PlanKind::kAggregate:
      if (p.keys.empty()) {
        out += fmt::format("{}AGGREGATE [{}]\n", pad, join_exprs(p.exprs));
      } else {
        out += fmt::format("{}AGGREGATE [{}] BY [{}]\n", pad, join_exprs(p.exprs), join_exprs(p.keys));
      }
      break;
    case PlanKind::kSlice:
      out += fmt::format("{}SLICE[offset: {}, len: {}]\n", pad, p.offset, p.length ? std::to_string(*p.length) : "all");
      break;
    case PlanKind::kSort: {
      std::string desc;
      for (size_t i = 0; i < p.sort_options.size(); ++i) desc += (i ? ", " : "") + std::string(p.sort_options[i].descending ? "true" : "false");
      out += fmt::format("{}SORT BY [{}] descending [{}]{}\n", pad, join_exprs(p.exprs), desc,
                         p.limit ? fmt::format(" (top {})", *p.limit) : "");
      break;
    }
    case PlanKind::kConcat: out += fmt::format("{}UNION\n", pad); break;
    case PlanKind::kRowIndex: out += fmt::format("{}ROW_INDEX \"{}\" (offset {})\n", pad, p.name, p.offset); break;
    case PlanKind::kCache: out += fmt::format("{}CACHE[id: {}]\n", pad, p.cache_id); break;
    case PlanKind::kJoin:
      out += fmt::format("{}{} JOIN{}:\n{}LEFT PLAN ON: [{}]\n", pad, p.how, p.build_left ? " (build left)" : "", pad,
                         join_exprs(p.keys));
      render(*p.inputs[0], depth + 1, out);
      out += fmt::format("{}RIGHT PLAN ON: [{}]\n", pad, join_exprs(p.exprs));
      render(*p.inputs[1], depth + 1, out);
      out += fmt::format("{}END {} JOIN\n", pad, p.how);
      return;
  }
  for (const auto& in : p.inputs) render(*in, depth + 1, out);
}

}  // namespace

std::string format_plan(const PlanNode& plan) {
  std::string out;
  render(plan, 0, out);
  return out;
}

}  // namespace floe
