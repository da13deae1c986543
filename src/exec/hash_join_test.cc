// Tests of hash joins: every pair of matching rows, in left order, with nulls never matching.
#include <gtest/gtest.h>

#include "core/column_builder.h"
#include "core/error.h"
#include "plan/lazy_frame.h"

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
    if (i > 0) EXPECT_LE(lv->values<int64_t>()[i - 1], l);  // left order kept
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

}  // namespace
}  // namespace floe
