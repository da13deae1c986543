// LazyFrame: plan building with eager schema resolution.
#include "plan/lazy_frame.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "expr/bound_expr.h"

namespace floe {

namespace {

std::shared_ptr<PlanNode> node(PlanKind kind, std::vector<PlanPtr> inputs) {
  auto n = std::make_shared<PlanNode>();
  n->kind = kind;
  n->inputs = std::move(inputs);
  return n;
}

void check_unique(const Schema& schema) {
  std::set<std::string> seen;
  for (const auto& f : schema) {
    FLOE_USER_CHECK(seen.insert(f.name).second, DuplicateError,
                    "the name '{}' is duplicate\n\nIt's possible that multiple expressions are returning the same "
                    "default column name. If this is the case, try renaming the columns with `.alias(\"new_name\")` "
                    "to avoid duplicate column names.",
                    f.name);
  }
}

}  // namespace

LazyFrame::LazyFrame() : LazyFrame(from_frame(DataFrame(Schema(), std::vector<ColumnPtr>{}))) {}

LazyFrame LazyFrame::from_frame(DataFrame df) { return scan(std::make_shared<DataFrameSource>(std::move(df))); }

LazyFrame LazyFrame::scan(ScanSourcePtr source) {
  auto n = node(PlanKind::kScan, {});
  n->schema = source->schema();
  n->source = std::move(source);
  return LazyFrame(n);
}

LazyFrame LazyFrame::select(const std::vector<Expr>& exprs) const {
  auto expanded = expand_expressions(exprs, plan_->schema);
  bool all_scalar = !expanded.empty();
  Schema out;
  for (const auto& e : expanded) {
    auto b = bind(e, plan_->schema);
    all_scalar &= b->is_scalar;
    out.add(b->name, b->type);
  }
  check_unique(out);
  if (all_scalar) return aggregate(expanded);
  auto n = node(PlanKind::kSelect, {plan_});
  n->exprs = std::move(expanded);
  n->schema = std::move(out);
  return LazyFrame(n);
}

LazyFrame LazyFrame::aggregate(const std::vector<Expr>& exprs) const {
  auto expanded = expand_expressions(exprs, plan_->schema);
  Schema out;
  for (const auto& e : expanded) {
    auto b = bind(e, plan_->schema);
    FLOE_USER_CHECK(b->is_scalar, InvalidOperation, "expression `{}` is not an aggregate", e.to_string());
    out.add(b->name, b->type);
  }
  check_unique(out);
  auto n = node(PlanKind::kAggregate, {plan_});
  n->exprs = std::move(expanded);
  n->schema = std::move(out);
  return LazyFrame(n);
}

LazyFrame LazyFrame::group_by_agg(const std::vector<Expr>& keys, const std::vector<Expr>& aggs,
                                  bool maintain_order) const {
  auto k = expand_expressions(keys, plan_->schema);
  auto a = expand_expressions(aggs, plan_->schema);
  FLOE_USER_CHECK(!k.empty(), InvalidArgument, "group_by needs at least one key");
  Schema out;
  for (const auto& e : k) {
    auto b = bind(e, plan_->schema);
    FLOE_USER_CHECK(!b->has_agg, InvalidOperation, "group_by key `{}` cannot be an aggregation", e.to_string());
    out.add(b->name, b->type);
  }
  for (const auto& e : a) {
    auto b = bind(e, plan_->schema);
    FLOE_USER_CHECK(b->has_agg || b->is_scalar, InvalidOperation,
                    "expression `{}` in group_by().agg() is not an aggregation (implode into lists is not supported yet)",
                    e.to_string());
    out.add(b->name, b->type);
  }
  check_unique(out);
  auto n = node(PlanKind::kAggregate, {plan_});
  n->keys = std::move(k);
  n->exprs = std::move(a);
  n->maintain_order = maintain_order;
  n->schema = std::move(out);
  return LazyFrame(n);
}

LazyFrame LazyFrame::with_columns(const std::vector<Expr>& exprs) const {
  // On a frame without columns, with_columns is a select (Polars gives one row for scalars).
  if (plan_->schema.empty()) return select(exprs);
  auto expanded = expand_expressions(exprs, plan_->schema);
  Schema out = plan_->schema;
  Schema added;
  for (const auto& e : expanded) {
    auto b = bind(e, plan_->schema);
    FLOE_USER_CHECK(!added.find(b->name), ComputeError, "the name '{}' passed to `LazyFrame.with_columns` is duplicate",
                    b->name);
    added.add(b->name, b->type);
    out.set(b->name, b->type);
  }
  auto n = node(PlanKind::kWithColumns, {plan_});
  n->exprs = std::move(expanded);
  n->schema = std::move(out);
  return LazyFrame(n);
}

LazyFrame LazyFrame::filter(const Expr& predicate) const {
  auto expanded = expand_expressions({predicate}, plan_->schema);
  FLOE_USER_CHECK(!expanded.empty(), InvalidArgument, "filter needs a predicate");
  Expr combined = expanded[0];
  for (size_t i = 1; i < expanded.size(); ++i) combined = combined & expanded[i];
  auto b = bind(combined, plan_->schema);
  FLOE_USER_CHECK(b->type.id == TypeId::kBoolean, InvalidOperation,
                  "filter predicate must be of type `Boolean`, got `{}`", b->type.to_string());
  auto n = node(PlanKind::kFilter, {plan_});
  n->predicate = combined;
  n->schema = plan_->schema;
  return LazyFrame(n);
}

LazyFrame LazyFrame::slice(int64_t offset, std::optional<int64_t> length) const {
  FLOE_USER_CHECK(!length || *length >= 0, InvalidArgument, "slice length must be non-negative, got {}", *length);
  auto n = node(PlanKind::kSlice, {plan_});
  n->offset = offset;
  n->length = length;
  n->schema = plan_->schema;
  return LazyFrame(n);
}

LazyFrame LazyFrame::tail(int64_t n) const {
  FLOE_USER_CHECK(n >= 0, InvalidArgument, "tail length must be non-negative, got {}", n);
  return slice(-n, n);
}

LazyFrame LazyFrame::sort(const std::vector<Expr>& by, const SortOptions& options) const {
  auto expanded = expand_expressions(by, plan_->schema);
  FLOE_USER_CHECK(!expanded.empty(), InvalidArgument, "sort needs at least one key");
  auto per_key = [&](const std::vector<bool>& flags, const char* what) {
    std::vector<bool> out(expanded.size(), flags.size() == 1 ? flags[0] : false);
    if (flags.size() > 1) {
      FLOE_USER_CHECK(flags.size() == expanded.size(), InvalidArgument,
                      "the length of `{}` ({}) does not match the number of sort keys ({})", what, flags.size(),
                      expanded.size());
      out = flags;
    }
    return out;
  };
  auto desc = per_key(options.descending, "descending");
  auto nl = per_key(options.nulls_last, "nulls_last");
  auto n = node(PlanKind::kSort, {plan_});
  for (size_t i = 0; i < expanded.size(); ++i) {
    bind(expanded[i], plan_->schema);
    n->sort_options.push_back({desc[i], nl[i]});
  }
  n->exprs = std::move(expanded);
  n->maintain_order = options.maintain_order;
  n->schema = plan_->schema;
  return LazyFrame(n);
}

LazyFrame LazyFrame::rename(const std::map<std::string, std::string>& mapping, bool strict) const {
  std::vector<Expr> exprs;
  for (const auto& [from, to] : mapping) {
    if (strict) plan_->schema.index_of(from);
  }
  for (const auto& f : plan_->schema) {
    auto it = mapping.find(f.name);
    exprs.push_back(it == mapping.end() ? col(f.name) : col(f.name).alias(it->second));
  }
  return select(exprs);
}

LazyFrame LazyFrame::drop(const std::vector<std::string>& columns, bool strict) const {
  std::set<std::string> gone;
  for (const auto& c : columns) {
    if (strict) plan_->schema.index_of(c);
    gone.insert(c);
  }
  std::vector<Expr> exprs;
  for (const auto& f : plan_->schema) {
    if (!gone.count(f.name)) exprs.push_back(col(f.name));
  }
  auto n = node(PlanKind::kSelect, {plan_});
  Schema out;
  for (const auto& f : plan_->schema) {
    if (!gone.count(f.name)) out.add(f.name, f.type);
  }
  n->exprs = std::move(exprs);
  n->schema = std::move(out);
  return LazyFrame(n);
}

LazyFrame LazyFrame::with_row_index(const std::string& name, int64_t offset) const {
  FLOE_USER_CHECK(!plan_->schema.find(name), DuplicateError, "column with name '{}' already exists", name);
  FLOE_USER_CHECK(offset >= 0, InvalidArgument, "`offset` input for `with_row_index` cannot be negative, got {}", offset);
  auto n = node(PlanKind::kRowIndex, {plan_});
  n->name = name;
  n->offset = offset;
  n->schema.add(name, TypeId::kUInt32);
  for (const auto& f : plan_->schema) n->schema.add(f.name, f.type);
  return LazyFrame(n);
}

LazyFrame LazyFrame::unique(const std::vector<std::string>& subset, const std::string& keep,
                            bool maintain_order) const {
  FLOE_USER_CHECK(keep == "any" || keep == "first" || keep == "last" || keep == "none", InvalidArgument,
                  "keep must be one of 'any', 'first', 'last', 'none'; got '{}'", keep);
  const Schema& schema = plan_->schema;
  std::vector<std::string> keys = subset;
  if (keys.empty()) keys = schema.names();
  std::vector<Expr> key_exprs, rest;
  for (const auto& k : keys) key_exprs.push_back(col(k));
  for (const auto& f : schema) {
    if (std::find(keys.begin(), keys.end(), f.name) != keys.end()) continue;
    rest.push_back(keep == "last" ? col(f.name).last() : col(f.name).first());
  }
  // unique is a group_by on the subset; "none" also counts each group's rows. Kept rows come
  // out in input order: for "first" that is the groups' first-seen order, for "last" the
  // kept rows are sorted by their position.
  const std::string count_name = "__floe_unique_count";
  const std::string row_name = "__floe_unique_row";
  std::vector<Expr> aggs = rest;
  if (keep == "none") aggs.push_back(len().alias(count_name));
  bool order_by_row = maintain_order && keep == "last";
  LazyFrame input = order_by_row ? with_row_index(row_name) : *this;
  if (order_by_row) aggs.push_back(col(row_name).last());
  LazyFrame grouped = input.group_by_agg(key_exprs, aggs, maintain_order && !order_by_row);
  if (keep == "none") grouped = grouped.filter(col(count_name) == lit(Scalar(TypeId::kUInt32, uint64_t{1})));
  if (order_by_row) grouped = grouped.sort({col(row_name)});
  std::vector<Expr> order;
  for (const auto& f : schema) order.push_back(col(f.name));
  return grouped.select(order);
}

LazyFrame LazyFrame::join(const LazyFrame& other, const std::vector<Expr>& left_on, const std::vector<Expr>& right_on,
                          const std::string& how, const std::string& suffix, bool nulls_equal) const {
  FLOE_USER_CHECK(how == "inner" || how == "left" || how == "semi" || how == "anti" || how == "cross", InvalidArgument,
                  "join how='{}' is not supported; expected 'inner', 'left', 'semi', 'anti' or 'cross'", how);
  auto lk = expand_expressions(left_on, plan_->schema);
  auto rk = expand_expressions(right_on, other.plan()->schema);
  if (how == "cross") {
    FLOE_USER_CHECK(lk.empty() && rk.empty(), InvalidArgument, "a cross join takes no join keys");
  } else {
    FLOE_USER_CHECK(!lk.empty(), InvalidArgument, "join needs `on`, or `left_on` and `right_on`");
    FLOE_USER_CHECK(lk.size() == rk.size(), InvalidArgument,
                    "the number of left_on ({}) and right_on ({}) keys must be equal", lk.size(), rk.size());
  }
  for (size_t i = 0; i < lk.size(); ++i) {
    auto l = bind(lk[i], plan_->schema);
    auto r = bind(rk[i], other.plan()->schema);
    bool ok = l->type == r->type || (l->type.is_numeric() && r->type.is_numeric()) ||
              (l->type.is_temporal() && l->type.id == r->type.id) || l->type.id == TypeId::kNull || r->type.id == TypeId::kNull;
    FLOE_USER_CHECK(ok, SchemaMismatch, "datatypes of join keys don't match - `{}`: {} on left does not match `{}`: {} on right",
                    l->name, l->type.to_string(), r->name, r->type.to_string());
  }
  auto n = node(PlanKind::kJoin, {plan_, other.plan()});
  n->keys = std::move(lk);
  n->exprs = std::move(rk);
  n->how = how;
  n->suffix = suffix;
  n->nulls_equal = nulls_equal;
  n->schema = join_schema(*n);
  return LazyFrame(n);
}

Schema join_schema(const PlanNode& n) {
  const Schema& left = n.inputs[0]->schema;
  const Schema& right = n.inputs[1]->schema;
  Schema out = left;
  if (n.how == "semi" || n.how == "anti") return out;
  // Right key columns that are plain column references are dropped (coalesced into the left).
  std::set<std::string> dropped;
  for (const auto& e : n.exprs) {
    if (e->kind == ExprKind::kColumn) dropped.insert(e->name);
  }
  for (const auto& f : right) {
    if (dropped.count(f.name)) continue;
    std::string name = out.find(f.name) ? f.name + n.suffix : f.name;
    FLOE_USER_CHECK(!out.find(name), DuplicateError, "column with name '{}' already exists\n\nYou might want to try:\n- renaming the column '{}' before joining", name, name);
    // A left join may find no match: every right column can then be null (types unchanged).
    out.add(name, f.type);
  }
  return out;
}

std::string LazyFrame::explain(bool optimized) const {
  if (!optimized) return format_plan(*plan_);
  return format_plan(*optimize(plan_));
}

LazyFrame concat(const std::vector<LazyFrame>& frames, const std::string& how) {
  FLOE_USER_CHECK(!frames.empty(), InvalidArgument, "cannot concat empty list");
  FLOE_USER_CHECK(how == "vertical" || how == "vertical_relaxed", InvalidArgument,
                  "concat how='{}' is not supported; expected 'vertical' or 'vertical_relaxed'", how);
  if (frames.size() == 1) return frames[0];
  Schema schema = frames[0].collect_schema();
  for (size_t i = 1; i < frames.size(); ++i) {
    const Schema& s = frames[i].collect_schema();
    FLOE_USER_CHECK(s.size() == schema.size(), ShapeMismatch,
                    "unable to vstack, column count of frame {} ({}) does not match the first ({})", i, s.size(), schema.size());
    for (size_t c = 0; c < s.size(); ++c) {
      FLOE_USER_CHECK(s[c].name == schema[c].name, SchemaMismatch,
                      "unable to vstack, column names don't match: \"{}\" and \"{}\"", schema[c].name, s[c].name);
      if (how == "vertical") {
        FLOE_USER_CHECK(s[c].type == schema[c].type, SchemaMismatch,
                        "type {} is incompatible with expected type {} for column \"{}\"", s[c].type.to_string(),
                        schema[c].type.to_string(), s[c].name);
      } else {
        schema.set(s[c].name, supertype(schema[c].type, s[c].type));
      }
    }
  }
  auto n = node(PlanKind::kConcat, {});
  for (const auto& f : frames) {
    if (how == "vertical_relaxed" && !(f.collect_schema() == schema)) {
      std::vector<Expr> casts;
      for (const auto& fld : schema) casts.push_back(col(fld.name).cast(fld.type));
      n->inputs.push_back(f.select(casts).plan());
    } else {
      n->inputs.push_back(f.plan());
    }
  }
  n->schema = schema;
  return LazyFrame(n);
}

}  // namespace floe
