// Asof join by binary search over each `by` group's right rows.
#include "exec/asof_join.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "compute/cast.h"
#include "compute/selection.h"
#include "core/error.h"
#include "exec/group_table.h"
#include "expr/evaluate.h"
#include "plan/lazy_frame.h"

namespace floe {

namespace {

/// Key order with NaN after every number, as Polars sorts floats.
template <typename T>
bool key_less(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

/// hi - lo for hi >= lo, exact for 64-bit integers (unsigned wrap-around difference).
template <typename T>
auto distance(T lo, T hi) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(hi) - static_cast<double>(lo);
  } else {
    return static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  }
}

ColumnPtr eval_whole(const Expr& e, const DataFrame& df, const DataType& type) {
  const Chunk& chunk = df.chunks()[0];
  EvalContext ctx(chunk);
  return compute::cast(evaluate_full(*bind(e, df.schema()), ctx), type, false);
}

/// Polars requires the asof key sorted ascending with nulls first.
template <typename T>
void check_sorted(const Column& key) {
  const T* v = key.values<T>();
  int64_t i = 0, n = key.length();
  while (i < n && key.is_null(i)) ++i;
  for (int64_t j = i + 1; j < n; ++j) {
    FLOE_USER_CHECK(key.is_valid(j) && !key_less(v[j], v[j - 1]), InvalidOperation,
                    "argument in operation 'asof_join' is not sorted, please sort the 'expr/series/column' first");
  }
}

/// Right rows of each `by` group (all valid rows in one group without `by`), in input order.
struct Groups {
  std::vector<uint32_t> offsets, rows;
  std::vector<uint32_t> left_group;  // per left row; GroupTable::kNoGroup: no match possible
};

Groups group_rows(const PlanNode& join, const DataFrame& left, const DataFrame& right, const Column& lkey,
                  const Column& rkey) {
  const int64_t ln = left.num_rows(), rn = right.num_rows();
  Groups out;
  std::vector<uint32_t> rgid(static_cast<size_t>(rn), 0);
  out.left_group.assign(static_cast<size_t>(ln), 0);
  uint32_t groups = 1;
  if (join.keys.size() > 1 && rn == 0) {
    std::fill(out.left_group.begin(), out.left_group.end(), GroupTable::kNoGroup);
  } else if (join.keys.size() > 1) {
    std::vector<DataType> types;
    std::vector<ColumnPtr> lby, rby;
    for (size_t k = 1; k < join.keys.size(); ++k) {
      types.push_back(supertype(bind(join.keys[k], left.schema())->type, bind(join.exprs[k], right.schema())->type));
      lby.push_back(eval_whole(join.keys[k], left, types.back()));
      rby.push_back(eval_whole(join.exprs[k], right, types.back()));
    }
    KeyLayout layout(types);
    GroupTable table(&layout);
    EncodedKeys encoded;
    layout.encode(rby, rn, encoded);
    table.reserve(static_cast<size_t>(rn));
    table.find_or_insert(encoded, 0, rgid.data());
    groups = table.size();
    layout.encode(lby, ln, encoded);
    table.find(encoded, false, out.left_group.data());
    // Null `by` keys match nothing.
    for (const auto& c : rby) {
      for (int64_t i = 0; c->has_nulls() && i < rn; ++i) {
        if (c->is_null(i)) rgid[static_cast<size_t>(i)] = GroupTable::kNoGroup;
      }
    }
    for (const auto& c : lby) {
      for (int64_t i = 0; c->has_nulls() && i < ln; ++i) {
        if (c->is_null(i)) out.left_group[static_cast<size_t>(i)] = GroupTable::kNoGroup;
      }
    }
  }
  for (int64_t i = 0; i < rn; ++i) {
    if (rkey.is_null(i)) rgid[static_cast<size_t>(i)] = GroupTable::kNoGroup;
  }
  for (int64_t i = 0; i < ln; ++i) {
    if (lkey.is_null(i)) out.left_group[static_cast<size_t>(i)] = GroupTable::kNoGroup;
  }
  out.offsets.assign(groups + 1, 0);
  for (uint32_t g : rgid) {
    if (g != GroupTable::kNoGroup) ++out.offsets[g + 1];
  }
  for (uint32_t g = 0; g < groups; ++g) out.offsets[g + 1] += out.offsets[g];
  out.rows.resize(out.offsets[groups]);
  std::vector<uint32_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
  for (int64_t i = 0; i < rn; ++i) {
    uint32_t g = rgid[static_cast<size_t>(i)];
    if (g != GroupTable::kNoGroup) out.rows[cursor[g]++] = static_cast<uint32_t>(i);
  }
  return out;
}

/// The matching right row of every left row (-1: none).
template <typename T>
std::vector<int64_t> match_rows(const AsofOptions& o, const Column& lkey, const Column& rkey, const Groups& groups) {
  const T* lv = lkey.values<T>();
  const T* rv = rkey.values<T>();
  const bool strict = !o.allow_exact_matches;
  const int strategy = o.strategy == "backward" ? 0 : o.strategy == "forward" ? 1 : 2;
  std::vector<int64_t> out(static_cast<size_t>(lkey.length()), -1);
  for (int64_t i = 0; i < lkey.length(); ++i) {
    uint32_t g = groups.left_group[static_cast<size_t>(i)];
    if (g == GroupTable::kNoGroup) continue;
    const uint32_t* b = groups.rows.data() + groups.offsets[g];
    const uint32_t* e = groups.rows.data() + groups.offsets[g + 1];
    const T x = lv[i];
    // [b, lower): keys < x; [b, upper): keys <= x.
    const uint32_t* lower = std::partition_point(b, e, [&](uint32_t r) { return key_less(rv[r], x); });
    const uint32_t* upper = std::partition_point(lower, e, [&](uint32_t r) { return !key_less(x, rv[r]); });
    const uint32_t* back = strict ? lower : upper;  // one past the backward candidate
    const uint32_t* fwd = strict ? upper : lower;   // the forward candidate
    int64_t pick = -1;
    bool below = false;  // the pick's key is <= x
    if (strategy == 0) {
      if (back != b) pick = back[-1], below = true;
    } else if (strategy == 1) {
      if (fwd != e) pick = *fwd;
    } else {
      // Among equal forward keys the last row wins, and so does the forward side on a tie.
      const uint32_t* last = fwd == e ? e : std::partition_point(fwd, e, [&](uint32_t r) { return !key_less(rv[*fwd], rv[r]); }) - 1;
      if (back == b) {
        if (fwd != e) pick = *last;
      } else if (fwd == e) {
        pick = back[-1], below = true;
      } else if (distance(x, rv[*last]) <= distance(rv[back[-1]], x)) {
        pick = *last;
      } else {
        pick = back[-1], below = true;
      }
    }
    if (pick >= 0 && o.tolerance) {
      T v = rv[pick];
      double d = static_cast<double>(below ? distance(v, x) : distance(x, v));
      if (d > *o.tolerance) pick = -1;
    }
    out[static_cast<size_t>(i)] = pick;
  }
  return out;
}

}  // namespace

DataFrame asof_join(const PlanNode& join, const DataFrame& left_in, const DataFrame& right_in) {
  DataFrame left = left_in.rechunk(), right = right_in.rechunk();
  const Schema& ls = join.inputs[0]->schema;
  const Schema& rs = join.inputs[1]->schema;
  DataType key_type = supertype(bind(join.keys[0], ls)->type, bind(join.exprs[0], rs)->type);
  auto columns = join_columns(join);
  Schema schema;
  for (const auto& c : columns) schema.add(c.field.name, c.field.type);
  if (left.num_rows() == 0) {
    std::vector<ColumnPtr> cols;
    for (const auto& f : schema) cols.push_back(Column::nulls(f.type, 0));
    return DataFrame(schema, std::move(cols));
  }
  ColumnPtr lkey = eval_whole(join.keys[0], left, key_type);
  ColumnPtr rkey = right.num_rows() > 0 ? eval_whole(join.exprs[0], right, key_type) : Column::nulls(key_type, 0);
  const TypeId physical = physical_type(key_type);
  const bool check = join.asof.check_sortedness && join.keys.size() == 1;
  std::vector<int64_t> picks;
  visit_numeric(physical, [&](auto tag) {
    using T = decltype(tag);
    if (check) {
      check_sorted<T>(*lkey);
      check_sorted<T>(*rkey);
    }
    Groups groups = group_rows(join, left, right, *lkey, *rkey);
    picks = match_rows<T>(join.asof, *lkey, *rkey, groups);
  });
  const int64_t n = left.num_rows();
  std::vector<ColumnPtr> cols;
  for (const auto& c : columns) {
    if (c.side == 0) {
      cols.push_back(left.chunks()[0].column(c.index));
    } else {
      ColumnPtr source = right.num_rows() > 0 ? right.chunks()[0].column(c.index) : Column::nulls(c.field.type, 0);
      cols.push_back(compute::gather_nullable(source, picks.data(), n));
    }
  }
  return DataFrame(schema, std::move(cols));
}

}  // namespace floe
