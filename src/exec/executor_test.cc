// End-to-end tests of the C++ LazyFrame API: plans built, optimized and executed.
#include <gtest/gtest.h>

#include "core/column_builder.h"
#include "core/error.h"
#include "exec/executor.h"
#include "plan/lazy_frame.h"

namespace floe {
namespace {

ColumnPtr ints(std::vector<std::optional<int64_t>> v) {
  FixedBuilder<int64_t> b(TypeId::kInt64, static_cast<int64_t>(v.size()));
  for (size_t i = 0; i < v.size(); ++i) {
    b.data()[i] = v[i].value_or(0);
    if (!v[i]) b.set_null(static_cast<int64_t>(i));
  }
  return b.finish();
}

ColumnPtr strs(std::vector<std::optional<std::string>> v) {
  StringBuilder b;
  for (auto& s : v) s ? b.append(*s) : b.append_null();
  return b.finish();
}

/// A frame of `n` rows: a = i, b = i % 7 (null every 10th row), s = "k<i % 3>".
DataFrame sample(int64_t n) {
  std::vector<std::optional<int64_t>> a, b;
  std::vector<std::optional<std::string>> s;
  for (int64_t i = 0; i < n; ++i) {
    a.push_back(i);
    b.push_back(i % 10 == 0 ? std::nullopt : std::optional<int64_t>(i % 7));
    s.push_back("k" + std::to_string(i % 3));
  }
  Schema schema;
  schema.add("a", TypeId::kInt64);
  schema.add("b", TypeId::kInt64);
  schema.add("s", TypeId::kString);
  return DataFrame(schema, {ints(a), ints(b), strs(s)});
}

int64_t int_at(const DataFrame& df, const std::string& c, int64_t row) { return df.column(c)->values<int64_t>()[row]; }

TEST(LazyFrame, FilterSelectSum) {
  auto lf = LazyFrame::from_frame(sample(100000));
  auto out = lf.filter(col("b") > dynamic_lit(Scalar::int64(3)))
                 .select({(col("a") * dynamic_lit(Scalar::int64(2))).sum().alias("total"), len()})
                 .collect();
  int64_t expect = 0, count = 0;
  for (int64_t i = 0; i < 100000; ++i) {
    if (i % 10 != 0 && i % 7 > 3) {
      expect += 2 * i;
      ++count;
    }
  }
  ASSERT_EQ(out.num_rows(), 1);
  EXPECT_EQ(out.schema().to_string(), "Schema([('total', Int64), ('len', UInt32)])");
  EXPECT_EQ(int_at(out, "total", 0), expect);
  EXPECT_EQ(out.column("len")->values<uint32_t>()[0], count);
}

TEST(LazyFrame, WithColumnsKeepsOrderAcrossMorsels) {
  auto out = LazyFrame::from_frame(sample(50000))
                 .with_columns({(col("a") + col("b")).alias("c")})
                 .filter(col("a") % dynamic_lit(Scalar::int64(1000)) == dynamic_lit(Scalar::int64(0)))
                 .collect();
  ASSERT_EQ(out.num_rows(), 50);
  for (int64_t r = 0; r < 50; ++r) {
    EXPECT_EQ(int_at(out, "a", r), r * 1000);
    EXPECT_TRUE(out.column("c")->is_null(r));  // a % 1000 == 0 implies a % 10 == 0: b is null
  }
}

TEST(LazyFrame, SortMultipleKeysStableWithNulls) {
  auto out = LazyFrame::from_frame(sample(1000))
                 .sort({col("b"), col("a")}, SortOptions{{true, false}, {true}, false})
                 .collect();
  ASSERT_EQ(out.num_rows(), 1000);
  auto b = out.column("b");
  auto a = out.column("a");
  // Descending b, nulls last; within equal b ascending a.
  for (int64_t i = 1; i < 1000; ++i) {
    if (b->is_null(i)) {
      EXPECT_TRUE(b->is_null(i) && (b->is_null(i - 1) ? a->values<int64_t>()[i - 1] < a->values<int64_t>()[i] : true));
      continue;
    }
    ASSERT_FALSE(b->is_null(i - 1));
    int64_t pb = b->values<int64_t>()[i - 1], cb = b->values<int64_t>()[i];
    EXPECT_GE(pb, cb);
    if (pb == cb) {
      EXPECT_LT(a->values<int64_t>()[i - 1], a->values<int64_t>()[i]);
    }
  }
}

TEST(LazyFrame, HeadTailSlice) {
  auto lf = LazyFrame::from_frame(sample(10000));
  EXPECT_EQ(int_at(lf.head(3).collect(), "a", 2), 2);
  auto t = lf.tail(3).collect();
  ASSERT_EQ(t.num_rows(), 3);
  EXPECT_EQ(int_at(t, "a", 0), 9997);
  auto s = lf.slice(-5, 2).collect();
  ASSERT_EQ(s.num_rows(), 2);
  EXPECT_EQ(int_at(s, "a", 0), 9995);
  EXPECT_EQ(lf.slice(20000, 5).collect().num_rows(), 0);
  auto top = lf.sort({col("a")}, SortOptions{{true}, {false}, false}).head(2).collect();
  EXPECT_EQ(int_at(top, "a", 0), 9999);
  EXPECT_EQ(int_at(top, "a", 1), 9998);
}

TEST(LazyFrame, UnknownColumnFailsWhenBuilt) {
  auto lf = LazyFrame::from_frame(sample(3));
  try {
    lf.select({col("nope")});
    FAIL() << "expected ColumnNotFound";
  } catch (const ColumnNotFound& e) {
    EXPECT_EQ(std::string(e.what()), "unable to find column \"nope\"; valid columns: [\"a\", \"b\", \"s\"]");
  }
  EXPECT_THROW(lf.filter(col("a")), InvalidOperation);
  EXPECT_THROW(lf.select({col("s") + dynamic_lit(Scalar::int64(1))}), InvalidOperation);
}

TEST(LazyFrame, RenameDropRowIndexConcat) {
  auto lf = LazyFrame::from_frame(sample(5));
  auto r = lf.rename({{"a", "x"}}).drop({"s"}).with_row_index("idx", 10).collect();
  EXPECT_EQ(r.schema().to_string(), "Schema([('idx', UInt32), ('x', Int64), ('b', Int64)])");
  EXPECT_EQ(r.column("idx")->values<uint32_t>()[4], 14u);
  auto c = concat({lf, lf.head(2)}).collect();
  EXPECT_EQ(c.num_rows(), 7);
  EXPECT_EQ(int_at(c, "a", 6), 1);
}

TEST(LazyFrame, AggregatesMixedWithColumns) {
  auto out = LazyFrame::from_frame(sample(10)).select({col("a") - col("a").mean(), col("a").max().alias("m")}).collect();
  ASSERT_EQ(out.num_rows(), 10);
  EXPECT_DOUBLE_EQ(out.column("a")->values<double>()[0], -4.5);
  EXPECT_EQ(out.column("m")->values<int64_t>()[9], 9);
}

TEST(LazyFrame, ExplainShowsPushdown) {
  auto lf = LazyFrame::from_frame(sample(10)).with_columns({(col("a") + lit(int64_t{1})).alias("c")}).filter(col("b") > lit(int64_t{2})).select({col("c")});
  std::string before = lf.explain(false), after = lf.explain(true);
  EXPECT_NE(before.find("FILTER"), std::string::npos);
  // The filter moved below with_columns, and the scan reads 2 of 3 columns.
  EXPECT_LT(after.find("WITH_COLUMNS"), after.find("FILTER"));
  EXPECT_NE(after.find("PROJECT 2/3 COLUMNS"), std::string::npos);
}

TEST(LazyFrame, EmptyFrameWithScalarGivesOneRow) {
  auto out = LazyFrame().with_columns({lit(int64_t{5}).alias("a")}).collect();
  EXPECT_EQ(out.num_rows(), 1);
}

TEST(LazyFrame, ConstantFolding) {
  auto lf = LazyFrame::from_frame(sample(4)).select({(col("a") + (dynamic_lit(Scalar::int64(1)) + dynamic_lit(Scalar::int64(2)))).alias("x")});
  EXPECT_NE(lf.explain(true).find("dyn int: 3"), std::string::npos) << lf.explain(true);
  EXPECT_EQ(int_at(lf.collect(), "x", 3), 6);
}

/// An in-memory source that counts how often the executor reads it, and remembers the columns
/// it was asked for.
class CountingSource final : public MaterializingSource {
 public:
  explicit CountingSource(DataFrame df) : df_(std::move(df)) {}
  const Schema& schema() const override { return df_.schema(); }
  std::string describe() const override { return "COUNTING SCAN"; }
  std::optional<int64_t> estimated_rows() const override { return df_.num_rows(); }
  DataFrame read(const ScanRequest& request) const override {
    ++reads;
    columns = request.columns.value_or(std::vector<std::string>{});
    if (!request.columns) return df_;
    std::vector<Expr> exprs;
    for (const auto& c : *request.columns) exprs.push_back(col(c));
    return LazyFrame::from_frame(df_).select(exprs).collect();
  }
  mutable int reads = 0;
  mutable std::vector<std::string> columns;

 private:
  DataFrame df_;
};

size_t count_of(const std::string& text, const std::string& word) {
  size_t n = 0;
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

DataFrame sorted_by(const DataFrame& df, const std::string& key) {
  return LazyFrame::from_frame(df).sort({col(key)}, SortOptions{}).collect();
}

/// A small table keyed by the sample's s: k0 and k1 (k2 has no row), with a weight w.
LazyFrame weights() {
  Schema schema;
  schema.add("s", TypeId::kString);
  schema.add("w", TypeId::kInt64);
  return LazyFrame::from_frame(DataFrame(schema, {strs({"k0", "k1"}), ints({10, 20})}));
}

TEST(CommonSubplans, ASubplanReadTwiceIsComputedOnce) {
  // d is read by nobody.
  auto source = std::make_shared<CountingSource>(
      LazyFrame::from_frame(sample(200)).with_columns({(col("a") * lit(int64_t{3})).alias("d")}).collect());
  auto shared = LazyFrame::scan(source)
                    .filter(col("b") > lit(int64_t{2}))
                    .join(weights(), {col("s")}, {col("s")}, "inner", "_w")
                    .with_columns({(col("a") * lit(int64_t{2})).alias("c")});
  auto totals = shared.group_by_agg({col("s")}, {col("c").sum().alias("t")}, false);
  auto query = shared.join(totals, {col("s")}, {col("s")}, "inner", "_r").select({col("a"), col("t")});
  const std::string plan = query.explain(true);
  EXPECT_EQ(count_of(plan, "CACHE[id: 0]"), 2u) << plan;
  DataFrame out = query.collect();
  EXPECT_EQ(source->reads, 1);
  // The cache keeps what both readers use: a and c (from a) for one, s for both; b only for
  // the filter inside the cache.
  EXPECT_EQ(source->columns, (std::vector<std::string>{"a", "b", "s"}));

  // The same query built from two separate scans reads twice and agrees.
  auto again = [&] {
    return LazyFrame::scan(source)
        .filter(col("b") > lit(int64_t{2}))
        .join(weights(), {col("s")}, {col("s")}, "inner", "_w")
        .with_columns({(col("a") * lit(int64_t{2})).alias("c")});
  };
  auto separate = again().join(again().group_by_agg({col("s")}, {col("c").sum().alias("t")}, false), {col("s")}, {col("s")},
                               "inner", "_r").select({col("a"), col("t")});
  EXPECT_EQ(count_of(separate.explain(true), "CACHE"), 0u);
  source->reads = 0;
  DataFrame want = separate.collect();
  EXPECT_EQ(source->reads, 2);
  ASSERT_GT(want.num_rows(), 0);
  auto values = [](const DataFrame& df) {
    DataFrame sorted = sorted_by(df, "a").rechunk();
    std::vector<std::pair<int64_t, int64_t>> rows;
    for (int64_t i = 0; i < sorted.num_rows(); ++i) rows.emplace_back(int_at(sorted, "a", i), int_at(sorted, "t", i));
    return rows;
  };
  EXPECT_EQ(values(out), values(want));
}

TEST(CommonSubplans, ReadersKeepTheirOwnFilters) {
  auto source = std::make_shared<CountingSource>(sample(100));
  auto shared = LazyFrame::scan(source)
                    .join(weights(), {col("s")}, {col("s")}, "left", "_w")
                    .with_columns({(col("a") + lit(int64_t{1})).alias("c")});
  auto low = shared.filter(col("a") < lit(int64_t{10})).select({col("c")});
  auto high = shared.filter(col("a") >= lit(int64_t{95})).select({col("c")});
  auto query = concat({low, high});
  const std::string plan = query.explain(true);
  EXPECT_EQ(count_of(plan, "CACHE"), 2u) << plan;
  EXPECT_EQ(count_of(plan, "FILTER"), 2u) << plan;  // above the cache, one per reader
  DataFrame out = query.collect();
  EXPECT_EQ(source->reads, 1);
  ASSERT_EQ(out.num_rows(), 15);
  EXPECT_EQ(int_at(out, "c", 0), 1);
  EXPECT_EQ(int_at(out, "c", 14), 100);
}

TEST(CommonSubplans, FiltersAndProjectionsOfAScanAreReadAgain) {
  // Each reader then pushes its own filter and columns into the scan; nothing is held.
  auto source = std::make_shared<CountingSource>(sample(100));
  auto shared = LazyFrame::scan(source).with_columns({(col("a") + lit(int64_t{1})).alias("c")});
  auto query = concat({shared.filter(col("a") < lit(int64_t{10})).select({col("c")}),
                       shared.filter(col("a") >= lit(int64_t{95})).select({col("c")})});
  EXPECT_EQ(count_of(query.explain(true), "CACHE"), 0u) << query.explain(true);
  DataFrame out = query.collect();
  EXPECT_EQ(source->reads, 2);
  EXPECT_EQ(out.num_rows(), 15);
}

TEST(CommonSubplans, NestedSubplansAreEachComputedOnce) {
  auto source = std::make_shared<CountingSource>(sample(60));
  auto inner = LazyFrame::scan(source).filter(col("b").is_not_null()).join(weights(), {col("s")}, {col("s")}, "left", "_w");
  auto outer = inner.join(inner.group_by_agg({col("b")}, {len().alias("n")}, false), {col("b")}, {col("b")}, "left", "_r");
  auto query = concat({outer.select({col("a"), col("n")}), outer.filter(col("n") > lit(int64_t{7})).select({col("a"), col("n")})});
  DataFrame out = query.collect();
  EXPECT_EQ(source->reads, 1) << query.explain(true);
  // 54 rows have a b; each b of 0..6 holds 7 or 8 of them, and those of 8 come back twice.
  int64_t eights = 0;
  for (int64_t b = 0; b < 7; ++b) {
    int64_t n = 0;
    for (int64_t i = 0; i < 60; ++i) n += (i % 10 != 0 && i % 7 == b);
    if (n > 7) eights += n;
  }
  EXPECT_EQ(out.num_rows(), 54 + eights);
}

}  // namespace
}  // namespace floe

namespace floe {
namespace {

TEST(LazyFrame, IntRangeSumIsFoldedNotMaterialized) {
  auto lf = LazyFrame().with_columns({int_range(0, 100000000).sum().alias("a")});
  EXPECT_NE(lf.explain(true).find("4999999950000000"), std::string::npos) << lf.explain(true);
  auto out = lf.collect();
  ASSERT_EQ(out.num_rows(), 1);
  EXPECT_EQ(out.column("a")->values<int64_t>()[0], 4999999950000000);
  auto r = LazyFrame().select({int_range(0, 5, 2).alias("x"), lit(int64_t{7}).alias("y")}).collect();
  ASSERT_EQ(r.num_rows(), 3);
  EXPECT_EQ(r.column("x")->values<int64_t>()[2], 4);
  EXPECT_EQ(r.column("y")->values<int32_t>()[2], 7);  // lit(7) is Int32, as in Polars
  auto desc = LazyFrame().select({int_range(5, 0, -2).max().alias("m"), int_range(5, 0, -2).sum().alias("s")}).collect();
  EXPECT_EQ(desc.column("m")->values<int64_t>()[0], 5);
  EXPECT_EQ(desc.column("s")->values<int64_t>()[0], 9);
}

}  // namespace
}  // namespace floe
