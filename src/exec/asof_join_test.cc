// Tests of asof joins: each strategy's pick, `by` groups, tolerance and the sortedness check.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/test_columns.h"
#include "plan/lazy_frame.h"

namespace floe {
namespace {

using V = std::vector<std::optional<int64_t>>;

LazyFrame frame(const std::vector<std::string>& names, const std::vector<V>& columns) {
  Schema s;
  std::vector<ColumnPtr> cols;
  for (size_t i = 0; i < names.size(); ++i) {
    s.add(names[i], TypeId::kInt64);
    cols.push_back(testing::fixed_column<int64_t>(TypeId::kInt64, columns[i]));
  }
  return LazyFrame::from_frame(DataFrame(s, cols));
}

V picks(const LazyFrame& left, const LazyFrame& right, AsofOptions o, const std::vector<Expr>& by = {}) {
  auto out = left.join_asof(right, col("t"), col("t"), by, by, o).collect().rechunk();
  auto c = out.column("y");
  V v;
  for (int64_t i = 0; i < c->length(); ++i) v.push_back(c->is_null(i) ? std::nullopt : std::optional<int64_t>(c->values<int64_t>()[i]));
  return v;
}

TEST(AsofJoin, StrategiesPickTheRowsPolarsPicks) {
  auto right = frame({"t", "y"}, {{2, 2, 8, 8}, {1, 2, 3, 4}});
  auto left = frame({"t"}, {{std::nullopt, 2, 5, 8, 9}});
  AsofOptions o;
  EXPECT_EQ(picks(left, right, o), (V{std::nullopt, 2, 2, 4, 4}));
  o.strategy = "forward";
  EXPECT_EQ(picks(left, right, o), (V{std::nullopt, 1, 3, 3, std::nullopt}));
  o.strategy = "nearest";
  EXPECT_EQ(picks(left, right, o), (V{std::nullopt, 2, 4, 4, 4}));
  o.allow_exact_matches = false;
  EXPECT_EQ(picks(left, right, o), (V{std::nullopt, 4, 4, 2, 4}));
  o.strategy = "backward";
  o.tolerance = 2.5;
  EXPECT_EQ(picks(left, right, o), (V{std::nullopt, std::nullopt, std::nullopt, std::nullopt, 4}));
}

TEST(AsofJoin, ByGroupsAndSortedness) {
  auto right = frame({"t", "g", "y"}, {{1, 2, 3}, {1, 2, 1}, {10, 20, 30}});
  auto left = frame({"t", "g"}, {{2, 3, 4}, {1, 2, std::nullopt}});
  EXPECT_EQ(picks(left, right, {}, {col("g")}), (V{10, 20, std::nullopt}));
  auto out = left.join_asof(right, col("t"), col("t"), {col("g")}, {col("g")}, {}).collect_schema();
  EXPECT_EQ(out.names(), (std::vector<std::string>{"t", "g", "y"}));
  auto unsorted = frame({"t"}, {{3, 1}});
  EXPECT_THROW(picks(unsorted, right, {}), InvalidOperation);
  AsofOptions unchecked;
  unchecked.check_sortedness = false;
  EXPECT_NO_THROW(picks(unsorted, right, unchecked));
  AsofOptions bad;
  bad.strategy = "sideways";
  EXPECT_THROW(picks(left, right, bad), InvalidArgument);
}

}  // namespace
}  // namespace floe
