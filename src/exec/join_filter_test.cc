#include "exec/join_filter.h"

#include <gtest/gtest.h>

#include "core/column_builder.h"
#include "exec/executor.h"
#include "plan/lazy_frame.h"
#include "plan/optimizer/passes.h"

namespace floe {
namespace {

DataFrame orders(int64_t rows, int64_t modulo, int64_t step) {
  FixedBuilder<int64_t> order(TypeId::kInt64, rows), x(TypeId::kInt64, rows);
  for (int64_t i = 0; i < rows; ++i) {
    order.data()[i] = (i % modulo) * step;
    x.data()[i] = i % 7;
  }
  Schema schema;
  schema.add("order", TypeId::kInt64);
  schema.add("x", TypeId::kInt64);
  return DataFrame(schema, {order.finish(), x.finish()});
}

PlanNode semi_join_on_order() {
  PlanNode join;
  join.kind = PlanKind::kJoin;
  join.how = "semi";
  join.keys = {col("order")};
  join.exprs = {col("order")};
  join.build_left = true;
  return join;
}

TEST(JoinFilter, SemiJoinKeysGoBelowAnAggregationOfTheProbeSide) {
  // 6,000 build keys: more than a plain probe filter takes.
  const DataFrame build = orders(6000, 6000, 8);
  PlanPtr grouped = optimize(LazyFrame::from_frame(orders(400000, 50000, 1))
                                 .group_by_agg({col("order")}, {col("x").n_unique().alias("xs")}, false)
                                 .filter(col("xs") > lit(int64_t{1}))
                                 .plan());
  PlanPtr narrowed = narrow_probe_by_build_keys(semi_join_on_order(), grouped, /*probe_is_left=*/false, build);
  ASSERT_NE(narrowed, grouped);
  const std::string plan = format_plan(*narrowed);
  const size_t filter = plan.find("is_in");
  ASSERT_NE(filter, std::string::npos) << plan;
  EXPECT_LT(plan.find("AGGREGATE"), filter) << plan;  // printed below it: runs before it
  EXPECT_EQ(execute(narrowed).num_rows(), 6000);
}

TEST(JoinFilter, SemiJoinBuildingLeftLeavesAPlainProbeAlone) {
  // Without an aggregation the filter would cost what the semi join's own lookup does.
  const DataFrame build = orders(100, 100, 8);
  PlanPtr plain = optimize(LazyFrame::from_frame(orders(400000, 50000, 1)).plan());
  EXPECT_EQ(narrow_probe_by_build_keys(semi_join_on_order(), plain, false, build), plain);
}

TEST(JoinFilter, AnAggregationByAnotherKeyIsNotNarrowed) {
  const DataFrame build = orders(6000, 6000, 8);
  PlanPtr grouped = optimize(LazyFrame::from_frame(orders(400000, 50000, 1))
                                 .group_by_agg({col("x")}, {col("order").max()}, false)
                                 .plan());
  EXPECT_EQ(narrow_probe_by_build_keys(semi_join_on_order(), grouped, false, build), grouped);
}

}  // namespace
}  // namespace floe
