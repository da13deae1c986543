// Tests of group_by().agg(): results checked against sums computed directly.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "core/column_builder.h"
#include "core/error.h"
#include "plan/lazy_frame.h"

namespace floe {
namespace {

DataFrame frame(int64_t n, int64_t groups) {
  FixedBuilder<int64_t> k(TypeId::kInt64, n), v(TypeId::kInt64, n);
  StringBuilder s;
  for (int64_t i = 0; i < n; ++i) {
    k.data()[i] = (i * 7919) % groups;
    if (i % 13 == 0) k.set_null(i);
    v.data()[i] = i;
    if (i % 5 == 0) v.set_null(i);
    s.append("g" + std::to_string((i * 31) % groups));
  }
  Schema schema;
  schema.add("k", TypeId::kInt64);
  schema.add("v", TypeId::kInt64);
  schema.add("s", TypeId::kString);
  return DataFrame(schema, {k.finish(), v.finish(), s.finish()});
}

/// group_by(k) with sum, len, count and max over `n` rows of `groups` keys, checked row by row.
void check_integer_key(int64_t n, int64_t groups) {
  DataFrame df = frame(n, groups);
  auto out = LazyFrame::from_frame(df)
                 .group_by_agg({col("k")}, {col("v").sum().alias("s"), len(), col("v").count().alias("c"),
                                           col("v").max().alias("mx")})
                 .collect()
                 .rechunk();
  std::map<std::optional<int64_t>, std::array<int64_t, 4>> expect;  // sum, len, count, max
  auto kc = df.column("k");
  for (int64_t i = 0; i < n; ++i) {
    std::optional<int64_t> key = kc->is_null(i) ? std::nullopt : std::optional<int64_t>(kc->values<int64_t>()[i]);
    auto& e = expect[key];
    e[1] += 1;
    if (i % 5 != 0) {
      e[0] += i;
      e[2] += 1;
      e[3] = std::max(e[3], i);
    }
  }
  ASSERT_EQ(out.num_rows(), static_cast<int64_t>(expect.size()));
  auto ok = out.column("k");
  for (int64_t r = 0; r < out.num_rows(); ++r) {
    std::optional<int64_t> key = ok->is_null(r) ? std::nullopt : std::optional<int64_t>(ok->values<int64_t>()[r]);
    const auto& e = expect.at(key);
    EXPECT_EQ(out.column("s")->values<int64_t>()[r], e[0]);
    EXPECT_EQ(out.column("len")->values<uint32_t>()[r], e[1]);
    EXPECT_EQ(out.column("c")->values<uint32_t>()[r], e[2]);
    if (e[2] == 0) {
      EXPECT_TRUE(out.column("mx")->is_null(r));  // every value of the group is null
    } else {
      EXPECT_EQ(out.column("mx")->values<int64_t>()[r], e[3]);
    }
  }
}

TEST(HashAggregate, IntegerKeyWithNullGroup) { check_integer_key(200000, 1000); }

// Past 256 K groups a worker moves its groups into one table per partition.
TEST(HashAggregate, ManyGroupsSplitByPartition) { check_integer_key(1200000, 600011); }

/// The string key of row i of check_string_key(): short and long keys, some sharing their size
/// and first bytes, every 11th row null.
std::optional<std::string> string_key(int64_t i, int64_t groups) {
  if (i % 11 == 0) return std::nullopt;
  const int64_t k = (i * 7919) % groups;
  switch (k % 3) {
    case 0: return "s" + std::to_string(k);
    case 1: return "a long prefix shared by many keys " + std::to_string(k);
    default: return k % 2 ? std::string() : "pref" + std::to_string(k);
  }
}

/// group_by(s) with sum and len over `n` rows of about `groups` string keys, checked against a
/// map; with `maintain_order` the groups must also come in order of first appearance.
void check_string_key(int64_t n, int64_t groups, bool maintain_order) {
  StringBuilder s;
  FixedBuilder<int64_t> v(TypeId::kInt64, n);
  std::map<std::optional<std::string>, std::pair<int64_t, int64_t>> expect;  // sum, len
  std::map<std::optional<std::string>, int64_t> first;
  for (int64_t i = 0; i < n; ++i) {
    const auto key = string_key(i, groups);
    key ? s.append(*key) : s.append_null();
    v.data()[i] = i;
    expect[key].first += i;
    expect[key].second += 1;
    first.emplace(key, i);
  }
  Schema schema;
  schema.add("s", TypeId::kString);
  schema.add("v", TypeId::kInt64);
  DataFrame df(schema, {s.finish(), v.finish()});
  auto out = LazyFrame::from_frame(df)
                 .group_by_agg({col("s")}, {col("v").sum().alias("sum"), len()}, maintain_order)
                 .collect()
                 .rechunk();
  ASSERT_EQ(out.num_rows(), static_cast<int64_t>(expect.size()));
  auto keys = out.column("s");
  int64_t last_first = -1;
  for (int64_t r = 0; r < out.num_rows(); ++r) {
    const auto key = keys->is_null(r) ? std::nullopt : std::optional<std::string>(std::string(keys->string_at(r)));
    const auto it = expect.find(key);
    ASSERT_NE(it, expect.end()) << "unexpected group " << key.value_or("<null>");
    EXPECT_EQ(out.column("sum")->values<int64_t>()[r], it->second.first);
    EXPECT_EQ(out.column("len")->values<uint32_t>()[r], it->second.second);
    expect.erase(it);
    if (maintain_order) {
      EXPECT_GT(first.at(key), last_first) << "row " << r;
      last_first = first.at(key);
    }
  }
}

TEST(HashAggregate, StringKeyFewGroups) { check_string_key(100000, 60, false); }

// Past 256 K groups a worker splits its groups by partition or, with most keys distinct, keeps
// its rows for the merge.
TEST(HashAggregate, StringKeyManyGroupsSplitOrKept) { check_string_key(1200000, 600011, false); }

TEST(HashAggregate, StringKeyManyGroupsMaintainOrder) { check_string_key(700000, 400009, true); }

TEST(HashAggregate, StringAndMultiKeysMaintainOrder) {
  DataFrame df = frame(5000, 7);
  auto out = LazyFrame::from_frame(df)
                 .group_by_agg({col("s"), col("k")}, {col("v").mean().alias("m"), col("v").first().alias("f")}, true)
                 .collect()
                 .rechunk();
  // Groups appear in first-seen order: the first row of each group is increasing.
  auto f = out.column("f");
  ASSERT_GT(out.num_rows(), 7);
  int64_t last = -1;
  for (int64_t r = 0; r < out.num_rows(); ++r) {
    if (f->is_null(r)) continue;  // the first v of that group was null
    EXPECT_GT(f->values<int64_t>()[r], last);
    last = f->values<int64_t>()[r];
  }
  EXPECT_EQ(out.schema().to_string(), "Schema([('s', String), ('k', Int64), ('m', Float64), ('f', Int64)])");
}

TEST(HashAggregate, FilterInsideAggAndOuterExpressions) {
  DataFrame df = frame(1000, 4);
  auto out = LazyFrame::from_frame(df)
                 .group_by_agg({col("s")},
                               {col("v").filter(col("v") > dynamic_lit(Scalar::int64(500))).sum().alias("big"),
                                (col("v").sum() / col("v").count()).alias("avg")},
                               true)
                 .collect();
  int64_t big = 0;
  for (int64_t r = 0; r < out.num_rows(); ++r) big += out.column("big")->values<int64_t>()[r];
  int64_t expect = 0;
  for (int64_t i = 501; i < 1000; ++i) expect += (i % 5 == 0) ? 0 : i;
  EXPECT_EQ(big, expect);
  EXPECT_EQ(out.column("avg")->type().id, TypeId::kFloat64);
}

TEST(HashAggregate, EmptyInputAndErrors) {
  DataFrame df = frame(0, 3);
  auto out = LazyFrame::from_frame(df).group_by_agg({col("k")}, {col("v").sum()}).collect();
  EXPECT_EQ(out.num_rows(), 0);
  auto lf = LazyFrame::from_frame(frame(3, 3));
  EXPECT_THROW(lf.group_by_agg({col("nope")}, {col("v").sum()}), ColumnNotFound);
  EXPECT_THROW(lf.group_by_agg({col("k")}, {col("v")}), InvalidOperation);
}

}  // namespace
}  // namespace floe

namespace floe {
namespace {

TEST(Unique, KeepFirstLastNoneWithOrder) {
  FixedBuilder<int64_t> k(TypeId::kInt64, 8), v(TypeId::kInt64, 8);
  int64_t keys[] = {3, 1, 3, 2, 1, 3, 4, 2};
  for (int i = 0; i < 8; ++i) {
    k.data()[i] = keys[i];
    v.data()[i] = i;
  }
  k.set_null(6);  // a null key is a value of its own
  Schema schema;
  schema.add("k", TypeId::kInt64);
  schema.add("v", TypeId::kInt64);
  auto lf = LazyFrame::from_frame(DataFrame(schema, {k.finish(), v.finish()}));
  auto values = [](const DataFrame& df) {
    std::vector<int64_t> out;
    auto c = df.column("v");
    for (int64_t i = 0; i < df.num_rows(); ++i) out.push_back(c->values<int64_t>()[i]);
    return out;
  };
  EXPECT_EQ(values(lf.unique({"k"}, "first", true).collect()), (std::vector<int64_t>{0, 1, 3, 6}));
  // Polars keeps the kept rows in input order: the last 1 (row 4) before the last 3 (row 5).
  EXPECT_EQ(values(lf.unique({"k"}, "last", true).collect()), (std::vector<int64_t>{4, 5, 6, 7}));
  EXPECT_EQ(values(lf.unique({"k"}, "none", true).collect()), (std::vector<int64_t>{6}));
  EXPECT_EQ(lf.unique().collect().num_rows(), 8);
  EXPECT_EQ(lf.unique({"k"}).collect().schema().names(), (std::vector<std::string>{"k", "v"}));
  EXPECT_THROW(lf.unique({"k"}, "middle"), InvalidArgument);
}

}  // namespace
}  // namespace floe
