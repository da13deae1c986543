// Tests of hash joins: every pair of matching rows, in left order, with nulls never matching.
#include <gtest/gtest.h>

#include "core/column_builder.h"
#include "core/error.h"
#include "exec/hash_join.h"
#include "plan/lazy_frame.h"
#include "plan/optimizer/passes.h"

namespace floe {
namespace {

DataFrame keyed(const std::vector<std::optional<int64_t>>& keys, const std::string& key_name, const std::string& value_name) {
  FixedBuilder<int64_t> k(TypeId::kInt64, static_cast<int64_t>(keys.size())), v(TypeId::kInt64, static_cast<int64_t>(keys.size()));
  for (size_t i = 0; i < keys.size(); ++i) {
    k.data()[i] = keys[i].value_or(0);
    if (!keys[i]) k.set_null(static_cast<int64_t>(i));
    v.data()[i] = static_cast<int64_t>(i);
  }
  Schema s;
  s.add(key_name, TypeId::kInt64);
  s.add(value_name, TypeId::kInt64);
  return DataFrame(s, {k.finish(), v.finish()});
}

TEST(HashJoin, InnerJoinEmitsEveryPairInLeftOrder) {
  std::vector<std::optional<int64_t>> left_keys, right_keys;
  for (int64_t i = 0; i < 50000; ++i) left_keys.push_back(i % 100 == 0 ? std::nullopt : std::optional<int64_t>(i % 1000));
  for (int64_t i = 0; i < 3000; ++i) right_keys.push_back(i == 7 ? std::nullopt : std::optional<int64_t>(i % 1500));
  auto left = LazyFrame::from_frame(keyed(left_keys, "k", "lv"));
  auto right = LazyFrame::from_frame(keyed(right_keys, "k", "rv"));
  auto out = left.join(right, {col("k")}, {col("k")}).collect().rechunk();
  EXPECT_EQ(out.schema().names(), (std::vector<std::string>{"k", "lv", "rv"}));
  int64_t expected = 0;
  for (const auto& k : left_keys) {
    if (!k) continue;
    for (const auto& r : right_keys) expected += r && *r == *k;
  }
  ASSERT_EQ(out.num_rows(), expected);
  auto lv = out.column("lv");
  auto rv = out.column("rv");
  for (int64_t i = 0; i < out.num_rows(); ++i) {
    int64_t l = lv->values<int64_t>()[i], r = rv->values<int64_t>()[i];
    EXPECT_EQ(*left_keys[static_cast<size_t>(l)], *right_keys[static_cast<size_t>(r)]);
    if (i > 0) {
      EXPECT_LE(lv->values<int64_t>()[i - 1], l);  // left order kept
    }
  }
}

TEST(HashJoin, LeftSemiAntiAndNullsEqual) {
  auto left = LazyFrame::from_frame(keyed({1, std::nullopt, 3, 1}, "k", "lv"));
  auto right = LazyFrame::from_frame(keyed({1, std::nullopt}, "k", "rv"));
  auto l = left.join(right, {col("k")}, {col("k")}, "left").collect();
  ASSERT_EQ(l.num_rows(), 4);
  EXPECT_EQ(l.column("rv")->null_count(), 2);
  EXPECT_EQ(left.join(right, {col("k")}, {col("k")}, "semi").collect().num_rows(), 2);
  EXPECT_EQ(left.join(right, {col("k")}, {col("k")}, "anti").collect().num_rows(), 2);
  EXPECT_EQ(left.join(right, {col("k")}, {col("k")}, "inner", "_right", true).collect().num_rows(), 3);
  EXPECT_EQ(left.join(right, {}, {}, "cross").collect().num_rows(), 8);
  EXPECT_THROW(left.join(right, {col("k")}, {col("k")}, "outer-ish"), InvalidArgument);
  EXPECT_THROW(left.join(right, {col("nope")}, {col("k")}), ColumnNotFound);
}

std::vector<std::optional<int64_t>> ints(const ColumnPtr& c) {
  std::vector<std::optional<int64_t>> out;
  for (int64_t i = 0; i < c->length(); ++i) {
    out.push_back(c->is_null(i) ? std::nullopt : std::optional<int64_t>(c->values<int64_t>()[i]));
  }
  return out;
}

TEST(HashJoin, RightJoinFollowsRightOrderAndDropsLeftKeys) {
  auto left = LazyFrame::from_frame(keyed({1, 2, 2, std::nullopt}, "k", "lv"));
  auto right = LazyFrame::from_frame(keyed({2, 5, 1, std::nullopt}, "k", "rv"));
  auto out = left.join(right, {col("k")}, {col("k")}, "right").collect().rechunk();
  EXPECT_EQ(out.schema().names(), (std::vector<std::string>{"lv", "k", "rv"}));
  using V = std::vector<std::optional<int64_t>>;
  EXPECT_EQ(ints(out.column("rv")), (V{0, 0, 1, 2, 3}));
  EXPECT_EQ(ints(out.column("lv")), (V{1, 2, std::nullopt, 0, std::nullopt}));
  EXPECT_EQ(ints(out.column("k")), (V{2, 2, 5, 1, std::nullopt}));
}

TEST(HashJoin, FullJoinAppendsUnmatchedRightRowsAndCoalesces) {
  auto left = LazyFrame::from_frame(keyed({1, 3, std::nullopt}, "k", "lv"));
  auto right = LazyFrame::from_frame(keyed({3, 4, std::nullopt}, "k", "rv"));
  auto plain = left.join(right, {col("k")}, {col("k")}, "full").collect().rechunk();
  EXPECT_EQ(plain.schema().names(), (std::vector<std::string>{"k", "lv", "k_right", "rv"}));
  using V = std::vector<std::optional<int64_t>>;
  EXPECT_EQ(ints(plain.column("k")), (V{1, 3, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_EQ(ints(plain.column("k_right")), (V{std::nullopt, 3, std::nullopt, 4, std::nullopt}));
  auto merged = left.join(right, {col("k")}, {col("k")}, "full", "_right", false, true).collect().rechunk();
  EXPECT_EQ(merged.schema().names(), (std::vector<std::string>{"k", "lv", "rv"}));
  EXPECT_EQ(ints(merged.column("k")), (V{1, 3, std::nullopt, 4, std::nullopt}));
  EXPECT_EQ(ints(merged.column("rv")), (V{std::nullopt, 0, std::nullopt, 1, 2}));
}

TEST(HashJoin, ValidateChecksTheOneSides) {
  auto dup = LazyFrame::from_frame(keyed({1, 1, 2}, "k", "v"));
  auto unique = LazyFrame::from_frame(keyed({1, 2, 3}, "k", "w"));
  EXPECT_NO_THROW(dup.join(unique, {col("k")}, {col("k")}, "inner", "_right", false, std::nullopt, "m:1").collect());
  EXPECT_THROW(unique.join(dup, {col("k")}, {col("k")}, "inner", "_right", false, std::nullopt, "m:1").collect(), ComputeError);
  EXPECT_THROW(dup.join(unique, {col("k")}, {col("k")}, "left", "_right", false, std::nullopt, "1:m").collect(), ComputeError);
  EXPECT_THROW(unique.join(unique, {col("k")}, {col("k")}, "semi", "_right", false, std::nullopt, "1:1").collect(), ComputeError);
  EXPECT_THROW(dup.join(unique, {col("k")}, {col("k")}, "inner", "_right", false, std::nullopt, "2:1"), InvalidArgument);
}

TEST(HashJoin, BuildingTheSmallLeftSideKeepsTheResult) {
  std::vector<std::optional<int64_t>> small, big;
  for (int64_t i = 0; i < 40; ++i) small.push_back(i % 9 == 0 ? std::nullopt : std::optional<int64_t>(i % 13));
  for (int64_t i = 0; i < 5000; ++i) big.push_back(i % 11 == 0 ? std::nullopt : std::optional<int64_t>(i % 17));
  auto q = LazyFrame::from_frame(keyed(small, "k", "lv")).join(LazyFrame::from_frame(keyed(big, "k", "rv")), {col("k")}, {col("k")});
  auto optimized = optimize(q.plan());
  ASSERT_TRUE(optimized->build_left);
  auto as_planned = q.collect().rechunk();
  auto plain = std::make_shared<PlanNode>(*optimized);
  plain->build_left = false;
  auto expected = LazyFrame(plain).collect().rechunk();
  ASSERT_EQ(as_planned.num_rows(), expected.num_rows());
  EXPECT_EQ(ints(as_planned.column("lv")), ints(expected.column("lv")));
  EXPECT_EQ(ints(as_planned.column("rv")), ints(expected.column("rv")));
}

}  // namespace
}  // namespace floe
