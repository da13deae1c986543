// Tests of range-based pruning: which predicates rule out a block from its column ranges.
#include "exec/scan_pruning.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/test_columns.h"

namespace floe {
namespace {

class ScanPruningTest : public ::testing::Test {
 protected:
  Schema schema_{std::vector<Field>{{"i", TypeId::kInt64}, {"f", TypeId::kFloat64}, {"s", TypeId::kString}, {"d", TypeId::kDate}}};
  std::vector<ColumnRange> ranges_{
      {Scalar::int64(10), Scalar::int64(20), 0},
      {Scalar::float64(1.5), Scalar::float64(2.5), 0},
      {Scalar::string("b"), Scalar::string("d"), 3},
      {Scalar(TypeId::kDate, int64_t{100}), Scalar(TypeId::kDate, int64_t{200}), 0},
  };

  bool may(const Expr& predicate, int64_t rows = 10) {
    auto bound = bind(predicate, schema_);
    return may_match(*bound, [&](int c) -> const ColumnRange* { return &ranges_[static_cast<size_t>(c)]; }, rows);
  }
};

TEST_F(ScanPruningTest, IntegerComparisons) {
  EXPECT_FALSE(may(col("i") > dynamic_lit(Scalar::int64(20))));
  EXPECT_TRUE(may(col("i") >= dynamic_lit(Scalar::int64(20))));
  EXPECT_FALSE(may(col("i") < dynamic_lit(Scalar::int64(10))));
  EXPECT_TRUE(may(col("i") <= dynamic_lit(Scalar::int64(10))));
  EXPECT_FALSE(may(col("i") == dynamic_lit(Scalar::int64(21))));
  EXPECT_TRUE(may(col("i") == dynamic_lit(Scalar::int64(15))));
  EXPECT_TRUE(may(col("i") != dynamic_lit(Scalar::int64(15))));
  // The literal on the left flips the comparison.
  EXPECT_FALSE(may(dynamic_lit(Scalar::int64(5)) > col("i")));
  EXPECT_TRUE(may(dynamic_lit(Scalar::int64(11)) > col("i")));
  // Integer column against a float literal (the column is cast to f64).
  EXPECT_FALSE(may(col("i") > dynamic_lit(Scalar::float64(20.5))));
}

TEST_F(ScanPruningTest, ConjunctionsAndDisjunctions) {
  auto out_of_range = col("i") > dynamic_lit(Scalar::int64(30));
  auto in_range = col("i") > dynamic_lit(Scalar::int64(12));
  EXPECT_FALSE(may(out_of_range & in_range));
  EXPECT_TRUE(may(out_of_range | in_range));
  EXPECT_FALSE(may(out_of_range | (col("s") == lit("z"))));
  // Unknown shapes never prune.
  EXPECT_TRUE(may((col("i") + dynamic_lit(Scalar::int64(100))) < dynamic_lit(Scalar::int64(0))));
}

TEST_F(ScanPruningTest, FloatsKeepBlocksThatMayHoldNaN) {
  // NaN sorts above every number and statistics leave it out, so a maximum proves nothing.
  EXPECT_TRUE(may(col("f") > dynamic_lit(Scalar::float64(3.0))));
  EXPECT_FALSE(may(col("f") < dynamic_lit(Scalar::float64(1.0))));
  EXPECT_TRUE(may(col("f") == dynamic_lit(Scalar::float64(std::nan("")))));
}

TEST_F(ScanPruningTest, StringsDatesAndNulls) {
  EXPECT_FALSE(may(col("s") > lit("e")));
  EXPECT_TRUE(may(col("s") >= lit("d")));
  EXPECT_FALSE(may(col("d") > lit(Scalar(TypeId::kDate, int64_t{200}))));
  EXPECT_TRUE(may(col("s").is_null()));
  EXPECT_FALSE(may(col("i").is_null()));
  EXPECT_TRUE(may(col("s").is_not_null()));
  EXPECT_FALSE(may(col("s").is_not_null(), 3));  // every row of the block is null
  EXPECT_FALSE(may(col("s") == lit("c"), 3));
}

TEST_F(ScanPruningTest, UnknownRangesMayMatch) {
  ranges_[0] = ColumnRange{};
  EXPECT_TRUE(may(col("i") > dynamic_lit(Scalar::int64(100))));
}

TEST_F(ScanPruningTest, IsInByRange) {
  auto ints = [](std::vector<int64_t> v) {
    std::vector<Scalar> out;
    for (int64_t x : v) out.push_back(Scalar::int64(x));
    return out;
  };
  EXPECT_FALSE(may(col("i").is_in(ints({1, 5, 25}))));
  EXPECT_TRUE(may(col("i").is_in(ints({1, 20}))));
  EXPECT_FALSE(may(col("s").is_in({Scalar::string("a"), Scalar::string("e")})));
  EXPECT_TRUE(may(col("s").is_in({Scalar::string("a"), Scalar::string("c")})));
}

TEST_F(ScanPruningTest, DistinctValuesDecideComparisonsAndIsIn) {
  // `s` holds "b" and "d" (and 3 nulls); its range [b, d] alone would keep "c".
  ranges_[2].values = testing::string_column({"b", "d"});
  ranges_[0].values = testing::fixed_column<int64_t>(TypeId::kInt64, {10, 14, 20});
  EXPECT_FALSE(may(col("s") == lit("c")));
  EXPECT_TRUE(may(col("s") == lit("d")));
  EXPECT_FALSE(may(col("s").is_in({Scalar::string("a"), Scalar::string("c")})));
  EXPECT_TRUE(may(col("s").is_in({Scalar::string("c"), Scalar::string("b")})));
  EXPECT_FALSE(may((col("s") > lit("b")) & (col("s") < lit("d"))));  // decided over the values together
  EXPECT_TRUE(may((col("s") > lit("b")) & (col("s") <= lit("d"))));
  EXPECT_FALSE(may(col("i") == dynamic_lit(Scalar::int64(12))));
  EXPECT_FALSE(may(col("i").is_between(dynamic_lit(Scalar::int64(15)), dynamic_lit(Scalar::int64(19)))));
  EXPECT_TRUE(may(col("i") != dynamic_lit(Scalar::int64(12))));
  // Through a cast to float, and combined with another column's range.
  EXPECT_FALSE(may(col("i") == dynamic_lit(Scalar::float64(12.0))));
  EXPECT_FALSE(may((col("s") == lit("c")) | (col("i") > dynamic_lit(Scalar::int64(30)))));
  EXPECT_TRUE(may((col("s") == lit("c")) | (col("i") > dynamic_lit(Scalar::int64(19)))));
  // Only one value: != rules the block out (its nulls fail the comparison too).
  ranges_[2].values = testing::string_column({"b"});
  EXPECT_FALSE(may(col("s") != lit("b")));
  EXPECT_TRUE(may(col("s").is_null()));
  // Other shapes are not decided by the values.
  EXPECT_TRUE(may(col("s").fill_null(lit("c")) == lit("c")));
}

/// Pages of 10 rows for `i` (ranges [0,9], [10,19], ...) and of 15 rows for `s`.
class MatchingRowsTest : public ScanPruningTest {
 protected:
  void SetUp() override {
    for (int64_t p = 0; p < 4; ++p) {
      i_.first_row.push_back(p * 10);
      i_.pages.push_back({Scalar::int64(p * 10), Scalar::int64(p * 10 + 9), 0});
    }
    const char* bounds[][2] = {{"a", "c"}, {"d", "f"}, {"g", "i"}};
    for (int64_t p = 0; p < 3; ++p) {
      s_.first_row.push_back(p * 15);
      s_.pages.push_back({Scalar::string(bounds[p][0]), Scalar::string(bounds[p][1]), p == 2 ? 15 : 0});
    }
    s_.pages[2].min.reset();  // an all-null page
    s_.pages[2].max.reset();
  }
  std::vector<RowRange> rows(const Expr& predicate) {
    auto bound = bind(predicate, schema_);
    return matching_rows(*bound, [&](int c) -> const ColumnPages* { return c == 0 ? &i_ : c == 2 ? &s_ : nullptr; }, 40);
  }
  ColumnPages i_, s_;
};

TEST_F(MatchingRowsTest, PagesIntersectAndUnite) {
  using R = std::vector<RowRange>;
  EXPECT_EQ(rows(col("i") >= dynamic_lit(Scalar::int64(25))), (R{{20, 40}}));
  EXPECT_EQ(rows(col("i") == dynamic_lit(Scalar::int64(50))), R{});
  EXPECT_EQ(rows(col("s") == lit("e")), (R{{15, 30}}));
  EXPECT_EQ(rows(col("s").is_null()), (R{{30, 40}}));
  EXPECT_EQ(rows((col("i") < dynamic_lit(Scalar::int64(12))) & (col("s") == lit("e"))), (R{{15, 20}}));
  EXPECT_EQ(rows((col("i") < dynamic_lit(Scalar::int64(5))) | (col("s") > lit("h"))), (R{{0, 10}}));
  EXPECT_EQ(rows((col("i") < dynamic_lit(Scalar::int64(5))) | (col("s") > lit("e"))), (R{{0, 10}, {15, 30}}));
  EXPECT_EQ(rows((col("i") > dynamic_lit(Scalar::int64(35))) | (col("i") < dynamic_lit(Scalar::int64(15)))),
            (R{{0, 20}, {30, 40}}));
  // Columns without pages, and predicates over two columns at once, keep every row.
  EXPECT_EQ(rows(col("f") > dynamic_lit(Scalar::float64(100.0))), (R{{0, 40}}));
  EXPECT_EQ(rows(col("i").cast(TypeId::kFloat64) == col("f")), (R{{0, 40}}));
  EXPECT_EQ(rows((col("i") >= dynamic_lit(Scalar::int64(10))) & (col("f") > dynamic_lit(Scalar::float64(1.0)))),
            (R{{10, 40}}));
}

TEST(CompareScalarsTest, MixedSignednessAndTypes) {
  EXPECT_EQ(compare_scalars(Scalar::int64(-1), Scalar(TypeId::kUInt64, uint64_t{0})), -1);
  EXPECT_EQ(compare_scalars(Scalar(TypeId::kUInt64, uint64_t{1} << 63), Scalar::int64(5)), 1);
  EXPECT_EQ(compare_scalars(Scalar::int64(3), Scalar::float64(3.0)), 0);
  EXPECT_EQ(compare_scalars(Scalar::string("a"), Scalar::int64(1)), std::nullopt);
  EXPECT_EQ(compare_scalars(Scalar::null(TypeId::kInt64), Scalar::int64(1)), std::nullopt);
}

}  // namespace
}  // namespace floe
