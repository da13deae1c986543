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

/// Sorting, grouping and joining compare whole values; nested ones cannot be compared yet.
void check_comparable_key(const std::string& what, const std::string& name, const DataType& type) {
  FLOE_USER_CHECK(!type.is_nested(), InvalidOperation, "{} by column '{}' of type {} is not supported", what, name,
                  type.to_string());
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
    check_comparable_key("group_by", b->name, b->type);
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
    auto key = bind(expanded[i], plan_->schema);
    check_comparable_key("sort", key->name, key->type);
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

namespace {

bool is_column_ref(const Expr& e) { return e->kind == ExprKind::kColumn; }

/// Join keys are evaluated per side; renaming one is meaningless and Polars refuses it.
void check_join_key(const Expr& e) {
  FLOE_USER_CHECK(e->kind != ExprKind::kAlias, InvalidOperation, "'alias' is not allowed in a join key, use 'with_columns' first");
}

void check_key_types(const std::vector<Expr>& lk, const Schema& ls, const std::vector<Expr>& rk, const Schema& rs) {
  for (size_t i = 0; i < lk.size(); ++i) {
    check_join_key(lk[i]);
    check_join_key(rk[i]);
    auto l = bind(lk[i], ls);
    auto r = bind(rk[i], rs);
    check_comparable_key("join", l->name, l->type);
    check_comparable_key("join", r->name, r->type);
    bool ok = l->type == r->type || (l->type.is_numeric() && r->type.is_numeric()) ||
              (l->type.is_temporal() && l->type.id == r->type.id) || l->type.id == TypeId::kNull || r->type.id == TypeId::kNull;
    FLOE_USER_CHECK(ok, SchemaMismatch, "datatypes of join keys don't match - `{}`: {} on left does not match `{}`: {} on right",
                    l->name, l->type.to_string(), r->name, r->type.to_string());
  }
}

}  // namespace

LazyFrame LazyFrame::join(const LazyFrame& other, const std::vector<Expr>& left_on, const std::vector<Expr>& right_on,
                          const std::string& how, const std::string& suffix, bool nulls_equal,
                          std::optional<bool> coalesce, const std::string& validate) const {
  FLOE_USER_CHECK(how == "inner" || how == "left" || how == "right" || how == "full" || how == "semi" || how == "anti" ||
                      how == "cross",
                  InvalidArgument,
                  "join how='{}' is not supported; expected 'inner', 'left', 'right', 'full', 'semi', 'anti' or 'cross'", how);
  FLOE_USER_CHECK(validate == "m:m" || validate == "1:m" || validate == "m:1" || validate == "1:1", InvalidArgument,
                  "`validate` must be one of {{'m:m', 'm:1', '1:m', '1:1'}}, got {}", validate);
  auto lk = expand_expressions(left_on, plan_->schema);
  auto rk = expand_expressions(right_on, other.plan()->schema);
  if (how == "cross") {
    FLOE_USER_CHECK(lk.empty() && rk.empty(), InvalidArgument, "a cross join takes no join keys");
  } else {
    FLOE_USER_CHECK(!lk.empty(), InvalidArgument, "join needs `on`, or `left_on` and `right_on`");
    FLOE_USER_CHECK(lk.size() == rk.size(), InvalidArgument,
                    "the number of left_on ({}) and right_on ({}) keys must be equal", lk.size(), rk.size());
  }
  check_key_types(lk, plan_->schema, rk, other.plan()->schema);
  // Polars coalesces by default except in full joins, and never when a key is computed.
  bool all_columns = std::all_of(lk.begin(), lk.end(), is_column_ref) && std::all_of(rk.begin(), rk.end(), is_column_ref);
  auto n = node(PlanKind::kJoin, {plan_, other.plan()});
  n->keys = std::move(lk);
  n->exprs = std::move(rk);
  n->how = how;
  n->suffix = suffix;
  n->nulls_equal = nulls_equal;
  n->coalesce = coalesce.value_or(how != "full") && all_columns;
  n->validate = validate;
  n->schema = join_schema(*n);
  return LazyFrame(n);
}

LazyFrame LazyFrame::join_asof(const LazyFrame& other, const Expr& left_on, const Expr& right_on,
                               const std::vector<Expr>& by_left, const std::vector<Expr>& by_right,
                               const AsofOptions& options, const std::string& suffix, bool coalesce) const {
  const std::string& s = options.strategy;
  FLOE_USER_CHECK(s == "backward" || s == "forward" || s == "nearest", InvalidArgument,
                  "asof `strategy` must be one of {{'backward', 'forward', 'nearest'}}, got {}", s);
  FLOE_USER_CHECK(by_left.size() == by_right.size(), InvalidOperation,
                  "expected both 'by_left' and 'by_right' to be set in 'asof_join' with as many columns each");
  FLOE_USER_CHECK(!options.tolerance || *options.tolerance >= 0, InvalidArgument,
                  "asof join tolerance must be non-negative, got {}", *options.tolerance);
  auto l = bind(left_on, plan_->schema);
  auto r = bind(right_on, other.plan()->schema);
  bool ok = l->type == r->type || (l->type.is_integer() && r->type.is_integer()) ||
            (l->type.is_float() && r->type.is_float());
  FLOE_USER_CHECK(ok, SchemaMismatch,
                  "datatypes of join keys don't match - `{}`: {} on left does not match `{}`: {} on right (and no other type "
                  "was available to cast to)",
                  l->name, l->type.to_string(), r->name, r->type.to_string());
  FLOE_USER_CHECK(l->type.is_numeric() || l->type.is_temporal(), InvalidOperation,
                  "asof join key `{}` must be numeric or temporal, got {}", l->name, l->type.to_string());
  std::vector<Expr> lk{left_on}, rk{right_on};
  for (const auto& e : expand_expressions(by_left, plan_->schema)) lk.push_back(e);
  for (const auto& e : expand_expressions(by_right, other.plan()->schema)) rk.push_back(e);
  FLOE_USER_CHECK(lk.size() == rk.size(), InvalidOperation, "'by_left' and 'by_right' must name as many columns");
  for (size_t i = 1; i < lk.size(); ++i) {
    check_join_key(lk[i]);
    check_join_key(rk[i]);
    auto lt = bind(lk[i], plan_->schema)->type, rt = bind(rk[i], other.plan()->schema)->type;
    FLOE_USER_CHECK(lt == rt, ComputeError, "mismatching dtypes in 'by' parameter of asof-join: `{}` and `{}`",
                    lt.to_string(), rt.to_string());
  }
  auto n = node(PlanKind::kJoin, {plan_, other.plan()});
  n->keys = std::move(lk);
  n->exprs = std::move(rk);
  n->how = "asof";
  n->suffix = suffix;
  n->coalesce = coalesce;
  n->asof = options;
  n->schema = join_schema(*n);
  return LazyFrame(n);
}

std::vector<JoinColumn> join_columns(const PlanNode& n) {
  const Schema& left = n.inputs[0]->schema;
  const Schema& right = n.inputs[1]->schema;
  std::vector<JoinColumn> out;
  Schema names;
  auto add = [&](int side, size_t index, Field f, int key = -1) {
    names.add(f.name, f.type);
    out.push_back({side, index, key, std::move(f)});
  };
  auto add_right = [&](size_t c) {
    const Field& f = right[c];
    std::string name = names.find(f.name) ? f.name + n.suffix : f.name;
    FLOE_USER_CHECK(!names.find(name), DuplicateError,
                    "column with name '{}' already exists\n\nYou might want to try:\n- renaming the column '{}' before joining",
                    name, name);
    add(1, c, {name, f.type});
  };
  // Index of the key whose column reference names `name` on one side, or -1.
  auto key_of = [](const std::vector<Expr>& keys, const std::string& name) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i]->kind == ExprKind::kColumn && keys[i]->name == name) return static_cast<int>(i);
    }
    return -1;
  };
  const bool semi = n.how == "semi" || n.how == "anti";
  if (n.how == "right" && n.coalesce) {
    // Polars runs a right join as a left join from the other side: left keys drop out.
    for (size_t c = 0; c < left.size(); ++c) {
      if (key_of(n.keys, left[c].name) < 0) add(0, c, left[c]);
    }
    for (size_t c = 0; c < right.size(); ++c) add_right(c);
    return out;
  }
  for (size_t c = 0; c < left.size(); ++c) {
    int key = n.how == "full" && n.coalesce ? key_of(n.keys, left[c].name) : -1;
    if (key >= 0) {
      DataType t = supertype(left[c].type, bind(n.exprs[static_cast<size_t>(key)], right)->type);
      add(0, c, {left[c].name, t}, key);
    } else {
      add(0, c, left[c]);
    }
  }
  if (semi) return out;
  for (size_t c = 0; c < right.size(); ++c) {
    int key = key_of(n.exprs, right[c].name);
    if (n.how == "asof") {
      // The `by` keys of the right side always drop out; the asof key only when coalesced
      // onto a left key of the same name.
      if (key > 0) continue;
      if (key == 0 && n.coalesce && n.keys[0]->kind == ExprKind::kColumn && n.keys[0]->name == right[c].name) continue;
    } else if (key >= 0 && n.coalesce) {
      continue;
    }
    add_right(c);
  }
  return out;
}

Schema join_schema(const PlanNode& n) {
  Schema out;
  for (auto& c : join_columns(n)) out.add(c.field.name, c.field.type);
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
