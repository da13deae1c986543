// Tests of over(): grouped aggregates and per-group window functions, directly and in queries.
#include "exec/window.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/test_columns.h"
#include "plan/lazy_frame.h"

namespace floe {
namespace {

using testing::fixed_column;
using testing::string_column;
using I64 = std::vector<std::optional<int64_t>>;

/// g = a b a null b a null, x = 3 null 1 5 2 3 2, y = 7 6 5 4 3 2 1.
Chunk sample(Schema& schema) {
  schema = Schema();
  schema.add("g", TypeId::kString);
  schema.add("x", TypeId::kInt64);
  schema.add("y", TypeId::kInt64);
  std::vector<ColumnPtr> cols{string_column({"a", "b", "a", std::nullopt, "b", "a", std::nullopt}),
                              fixed_column<int64_t>(TypeId::kInt64, {3, std::nullopt, 1, 5, 2, 3, 2}),
                              fixed_column<int64_t>(TypeId::kInt64, {7, 6, 5, 4, 3, 2, 1})};
  return Chunk(std::move(cols), 7);
}

I64 ints_of(const ColumnPtr& c) {
  I64 out;
  for (int64_t i = 0; i < c->length(); ++i) {
    if (c->is_valid(i)) {
      out.push_back(c->type().id == TypeId::kUInt32 ? c->values<uint32_t>()[i] : c->values<int64_t>()[i]);
    } else {
      out.push_back(std::nullopt);
    }
  }
  return out;
}

ColumnPtr over(const Expr& e) {
  Schema schema;
  Chunk chunk = sample(schema);
  return evaluate_over(*bind(e, schema), chunk);
}

TEST(Window, AggregatesBroadcastToTheirGroupAndNullKeysGroupTogether) {
  EXPECT_EQ(ints_of(over(col("x").sum().over({col("g")}))), (I64{7, 2, 7, 7, 2, 7, 7}));
  EXPECT_EQ(ints_of(over(len().over({col("g")}))), (I64{3, 2, 3, 2, 2, 3, 2}));
  EXPECT_EQ(ints_of(over((col("x").max() - col("x")).over({col("g")}))), (I64{0, std::nullopt, 2, 0, 0, 0, 3}));
}

TEST(Window, FunctionsRunPerGroupInInputOrder) {
  EXPECT_EQ(ints_of(over(col("x").window("cum_sum").over({col("g")}))), (I64{3, std::nullopt, 4, 5, 2, 7, 7}));
  EXPECT_EQ(ints_of(over(col("x").window("shift", {Scalar::int64(1)}).over({col("g")}))),
            (I64{std::nullopt, std::nullopt, 3, std::nullopt, std::nullopt, 1, 5}));
}

TEST(Window, OrderByReordersWithinGroupsAndResultsGoBack) {
  // Group "a" ordered by y ascending is rows 5, 2, 0 (x = 3, 1, 3).
  EXPECT_EQ(ints_of(over(col("x").window("cum_sum").over({col("g")}, {col("y")}))),
            (I64{7, std::nullopt, 4, 7, 2, 3, 2}));
  EXPECT_EQ(ints_of(over(col("x").first().over({col("g")}, {col("y")}, /*descending=*/true))),
            (I64{3, std::nullopt, 3, 5, std::nullopt, 3, 5}));
  // Only order_by: the whole frame is one group.
  EXPECT_EQ(ints_of(over(col("y").window("rank", {Scalar::string("ordinal")}).over({}, {col("y")}))),
            (I64{7, 6, 5, 4, 3, 2, 1}));
}

TEST(Window, RejectsNestingAndLengthChanges) {
  EXPECT_THROW(over(col("x").sum().over({col("g")}).over({col("g")})), InvalidOperation);
  EXPECT_THROW(over(col("x").window("top_k", {Scalar::int64(1)}).over({col("g")})), InvalidOperation);
  EXPECT_THROW(over(col("x").sum().over({col("x").sum()})), InvalidOperation);
}

TEST(Window, QueriesGiveTheSameAnswerOverManyMorsels) {
  Schema schema;
  Chunk chunk = sample(schema);
  DataFrame df(schema, chunk.columns());
  auto q = LazyFrame::from_frame(df)
               .with_columns({col("x").sum().over({col("g")}).alias("s"),
                              col("x").window("cum_sum").over({col("g")}, {col("y")}).alias("c")})
               .filter(col("x") == col("x").max().over({col("g")}));
  DataFrame out = q.collect();
  EXPECT_EQ(out.num_rows(), 4);  // x = 3, 5, 2, 3: the group maxima (a: 3 twice, b: 2, null: 5)
  EXPECT_EQ(ints_of(out.column(3)), (I64{7, 7, 2, 7}));
  EXPECT_EQ(ints_of(out.column(4)), (I64{7, 7, 2, 3}));
}

}  // namespace
}  // namespace floe
