// The distributed planner: stage graphs run in this process (every task, every exchange) must
// give the local engine's answer.
#include "cluster/distributed_planner.h"

#include <filesystem>
#include <map>
#include <tuple>

#include <gtest/gtest.h>

#include "cluster/partitioner.h"
#include "cluster/task_runner.h"
#include "core/test_columns.h"
#include "exec/parquet_source.h"
#include "io/parquet/parquet_writer.h"
#include "plan/lazy_frame.h"

namespace floe::cluster {
namespace {

namespace fs = std::filesystem;
using testing::fixed_column;
using testing::string_column;

/// Runs every task of every stage here, exchanging data as the workers would.
DataFrame run_stages(const StageGraph& graph) {
  // (stage, task) -> output partitions
  std::map<std::pair<int, int>, std::vector<DataFrame>> outputs;
  for (const Stage& stage : graph.stages) {
    std::vector<DataFrame> results;
    for (int task = 0; task < stage.tasks; ++task) {
      std::map<int, DataFrame> inputs;
      for (int producer : stage.inputs) {
        const Stage& p = graph.stages[static_cast<size_t>(producer)];
        const int partition = p.output.partitioned() ? task : 0;
        std::vector<DataFrame> parts;
        for (int t = 0; t < p.tasks; ++t) parts.push_back(outputs.at({producer, t})[static_cast<size_t>(partition)]);
        inputs[producer] = concat_frames(p.fragment->schema, parts);
      }
      results.push_back(run_fragment(task_fragment(stage, task), inputs));
    }
    const OutputPartitioning& o = stage.output;
    ColumnPtr bounds;
    if (o.range) {
      std::vector<DataFrame> samples;
      for (const auto& r : results) samples.push_back(range_sample(r, o.keys[0], 7));  // few, to test the bounds
      bounds = range_bounds(samples, o.keys[0], o.descending, o.partitions);
    }
    for (int task = 0; task < stage.tasks; ++task) {
      const DataFrame& out = results[static_cast<size_t>(task)];
      auto& parts = outputs[{stage.id, task}];
      if (o.hash) {
        parts = hash_partition(out, o.keys, o.partitions);
      } else if (o.range) {
        parts = range_partition(out, o.keys[0], bounds, o.descending, o.nulls_last);
        while (static_cast<int>(parts.size()) < o.partitions) parts.push_back(out.slice(0, 0));
      } else {
        parts = {out};
      }
    }
  }
  const Stage& last = graph.stages.back();
  EXPECT_FALSE(last.output.partitioned());
  std::vector<DataFrame> parts;
  for (int t = 0; t < last.tasks; ++t) parts.push_back(outputs.at({last.id, t})[0]);
  return concat_frames(last.fragment->schema, parts);
}

std::string sorted_text(const DataFrame& df) {
  std::vector<Expr> by;
  for (const auto& f : df.schema()) by.push_back(col(f.name));
  return LazyFrame::from_frame(df).sort(by).collect().to_string();
}

class DistributedPlannerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("floe_planner_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const int64_t n = 20000;
    std::vector<std::optional<int64_t>> k;
    std::vector<std::optional<std::string>> g;
    std::vector<std::optional<double>> v;
    std::vector<std::optional<int32_t>> q;
    for (int64_t i = 0; i < n; ++i) {
      k.push_back(i % 97 == 0 ? std::nullopt : std::optional<int64_t>((i * 7919) % 1000));
      g.push_back("g" + std::to_string(i % 10));
      v.push_back(i % 13 == 0 ? std::nullopt : std::optional<double>((i % 400) * 0.25));
      q.push_back(static_cast<int32_t>(i % 50));
    }
    DataFrame facts(Schema({{"k", TypeId::kInt64}, {"g", TypeId::kString}, {"v", TypeId::kFloat64}, {"q", TypeId::kInt32}}),
                    std::vector<ColumnPtr>{fixed_column<int64_t>(TypeId::kInt64, k), string_column(g),
                                           fixed_column<double>(TypeId::kFloat64, v),
                                           fixed_column<int32_t>(TypeId::kInt32, q)});
    io::ParquetWriteOptions options;
    options.row_group_size = 1500;  // 14 row groups
    io::write_parquet(facts, (dir_ / "facts.parquet").string(), options);

    std::vector<std::optional<int64_t>> dk;
    std::vector<std::optional<std::string>> name;
    for (int64_t i = 0; i < 1200; i += 2) {
      dk.push_back(i);
      name.push_back("n" + std::to_string(i % 7));
    }
    DataFrame dim(Schema({{"k", TypeId::kInt64}, {"name", TypeId::kString}}),
                  std::vector<ColumnPtr>{fixed_column<int64_t>(TypeId::kInt64, dk), string_column(name)});
    options.row_group_size = 100;
    io::write_parquet(dim, (dir_ / "dim.parquet").string(), options);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static LazyFrame facts() { return scan_parquet({(dir_ / "facts.parquet").string()}); }
  static LazyFrame dim() { return scan_parquet({(dir_ / "dim.parquet").string()}); }

  /// The query run locally and as stages over `workers` tasks; returns the stage graph.
  static StageGraph expect_same(const LazyFrame& query, bool ordered, int workers = 3, int64_t broadcast = 1'000'000) {
    PlanPtr plan = optimize(query.plan());
    DataFrame local = execute(plan);
    StageGraph graph = plan_stages(plan, DistributedOptions{workers, broadcast, true});
    DataFrame distributed = run_stages(graph);
    EXPECT_EQ(distributed.schema(), local.schema()) << graph.to_string();
    EXPECT_EQ(distributed.num_rows(), local.num_rows()) << graph.to_string();
    if (ordered) {
      EXPECT_EQ(distributed.to_string(), local.to_string()) << graph.to_string();
    } else {
      EXPECT_EQ(sorted_text(distributed), sorted_text(local)) << graph.to_string();
    }
    return graph;
  }

  static fs::path dir_;
};

fs::path DistributedPlannerTest::dir_;

TEST_F(DistributedPlannerTest, ScanIsSplitByRowGroupsAndGatheredInOrder) {
  auto graph = expect_same(facts().filter(col("q") > lit(int64_t{40})), /*ordered=*/true);
  ASSERT_EQ(graph.stages.size(), 1u);
  EXPECT_EQ(graph.stages[0].tasks, 3);
  size_t groups = 0;
  for (const auto& t : graph.stages[0].task_row_groups) groups += t.size();
  EXPECT_EQ(groups, 14u);
}

TEST_F(DistributedPlannerTest, DecomposableAggregatesRunAsPartialAndFinal) {
  auto q = facts().group_by_agg({col("g")}, {col("v").sum().alias("s"), col("v").mean().alias("m"),
                                             col("q").min().alias("lo"), col("q").max().alias("hi"), len().alias("n"),
                                             col("k").count().alias("c"), col("k").null_count().alias("nulls"),
                                             (col("v").sum() / col("q").sum().cast(TypeId::kFloat64)).alias("ratio")});
  auto graph = expect_same(q, false);
  ASSERT_EQ(graph.stages.size(), 2u);
  EXPECT_TRUE(graph.stages[0].output.hash);
  EXPECT_EQ(graph.stages[0].output.keys, std::vector<std::string>{"g"});
  EXPECT_EQ(graph.stages[1].fragment->kind, PlanKind::kAggregate);
}

TEST_F(DistributedPlannerTest, MeanOfAnAllNullGroupIsNull) {
  auto q = facts()
               .with_columns({when(col("q") == lit(int64_t{3})).then(lit(Scalar::null(TypeId::kFloat64))).otherwise(col("v")).alias("v")})
               .group_by_agg({col("q")}, {col("v").mean().alias("m")});
  expect_same(q, false);
}

TEST_F(DistributedPlannerTest, HolisticAggregatesExchangeRowsByKey) {
  auto q = facts().group_by_agg({col("k")}, {col("q").n_unique().alias("u"), col("v").median().alias("med")});
  auto graph = expect_same(q, false);
  ASSERT_EQ(graph.stages.size(), 2u);
  EXPECT_EQ(graph.stages[0].output.keys, std::vector<std::string>{"k"});
}

TEST_F(DistributedPlannerTest, GlobalAggregate) {
  expect_same(facts().select({col("v").sum(), col("q").mean().alias("mq"), len(), col("k").n_unique().alias("u")}), true);
  expect_same(facts().select({col("v").sum(), col("q").max().alias("mq"), len()}), true);
}

TEST_F(DistributedPlannerTest, JoinsBroadcastASmallSide) {
  for (const char* how : {"inner", "left", "semi", "anti"}) {
    SCOPED_TRACE(how);
    auto q = facts().join(dim(), {col("k")}, {col("k")}, how);
    auto graph = expect_same(q, false);
    EXPECT_FALSE(graph.stages[0].output.hash) << graph.to_string();
  }
}

TEST_F(DistributedPlannerTest, JoinsHashPartitionBothSides) {
  for (const char* how : {"inner", "left", "right", "full", "semi", "anti"}) {
    SCOPED_TRACE(how);
    auto q = facts().join(dim(), {col("k")}, {col("k")}, how);
    auto graph = expect_same(q, false, 3, /*broadcast=*/0);
    int hashed = 0;
    for (const auto& s : graph.stages) hashed += s.output.hash;
    EXPECT_EQ(hashed, 2) << graph.to_string();
  }
}

TEST_F(DistributedPlannerTest, AggregateThenJoinOnTheSameKeysNeedsNoSecondExchange) {
  auto per_key = facts().group_by_agg({col("k")}, {col("v").sum().alias("s")});
  auto q = per_key.join(dim(), {col("k")}, {col("k")}, "inner");
  auto graph = expect_same(q, false, 3, 0);
  EXPECT_EQ(graph.stages.size(), 3u) << graph.to_string();  // partial, dim exchange, final + join
}

TEST_F(DistributedPlannerTest, SortsExchangeRangesOfTheFirstKey) {
  auto graph = expect_same(facts().sort({col("q"), col("k"), col("v")}), true);
  ASSERT_EQ(graph.stages.size(), 2u);
  EXPECT_TRUE(graph.stages[0].output.range);
  EXPECT_EQ(graph.stages[1].tasks, 3);
  for (bool descending : {false, true}) {
    for (bool nulls_last : {false, true}) {
      SortOptions o;
      o.descending = {descending, !descending, descending, false};
      o.nulls_last = {nulls_last};
      SCOPED_TRACE(fmt::format("descending {} nulls_last {}", descending, nulls_last));
      expect_same(facts().sort({col("v"), col("g"), col("k"), col("q")}, o), true);  // floats with nulls
      expect_same(facts().sort({col("g"), col("k"), col("v"), col("q")}, o), true);  // strings
      expect_same(facts().filter(col("q") > lit(int64_t{45})).sort({col("k"), col("v"), col("g"), col("q")}, o), true);
    }
  }
  // Every value equal: one range holds all rows.
  expect_same(facts().with_columns({lit(int64_t{1}).alias("one")}).sort({col("one"), col("k"), col("v"), col("g"), col("q")}), true);
}

TEST_F(DistributedPlannerTest, RangeBoundsSplitFloatsWithNaN) {
  DataFrame df(Schema({{"x", TypeId::kFloat64}}),
               std::vector<ColumnPtr>{fixed_column<double>(TypeId::kFloat64, {1.0, std::nan(""), std::nullopt, -2.0, 5.0, 3.0, std::nan(""), 0.0})});
  for (bool descending : {false, true}) {
    for (bool nulls_last : {false, true}) {
      auto bounds = range_bounds({range_sample(df, "x")}, "x", descending, 3);
      ASSERT_EQ(bounds->length(), 2);
      auto parts = range_partition(df, "x", bounds, descending, nulls_last);
      SortOptions o;
      o.descending = {descending};
      o.nulls_last = {nulls_last};
      std::vector<DataFrame> sorted;
      for (const auto& p : parts) sorted.push_back(LazyFrame::from_frame(p).sort({col("x")}, o).collect());
      EXPECT_EQ(concat_frames(df.schema(), sorted).to_string(), LazyFrame::from_frame(df).sort({col("x")}, o).collect().to_string());
    }
  }
}

TEST_F(DistributedPlannerTest, SortsAndSlicesGather) {
  SortOptions desc;
  desc.descending = {true, false};
  expect_same(facts().sort({col("v"), col("k")}, desc).head(25), true);
  expect_same(facts().slice(1000, 30), true);
  expect_same(facts().tail(7), true);
  expect_same(facts().with_row_index("i").filter(col("q") == lit(int64_t{7})).head(4), true);
}

TEST_F(DistributedPlannerTest, UniqueAndWindowFunctions) {
  expect_same(facts().unique({"k"}, "first"), false);
  expect_same(facts().unique({"g", "q"}), false);
  expect_same(facts().select({col("k"), col("v").sum().over({col("g")}).alias("w")}), true);
}

TEST_F(DistributedPlannerTest, SingleNodeIsOneStage) {
  auto plan = optimize(facts().group_by_agg({col("g")}, {len()}).plan());
  auto graph = plan_stages(plan, DistributedOptions{3, 1000, false});
  ASSERT_EQ(graph.stages.size(), 1u);
  EXPECT_EQ(graph.stages[0].tasks, 1);
}

TEST_F(DistributedPlannerTest, StageGraphText) {
  auto plan = optimize(facts().group_by_agg({col("g")}, {col("v").sum().alias("s")}).plan());
  auto text = plan_stages(plan, DistributedOptions{3, 1000, true}).to_string();
  EXPECT_NE(text.find("Stage 1: 3 tasks -> result"), std::string::npos) << text;
  EXPECT_NE(text.find("Stage 0: 3 tasks -> hash(g) into 3 partitions"), std::string::npos) << text;
  EXPECT_NE(text.find("EXCHANGE stage 0"), std::string::npos) << text;
}

}  // namespace
}  // namespace floe::cluster
