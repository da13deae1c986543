// Tests of range-based pruning: which predicates rule out a block from its column ranges.
#include "exec/scan_pruning.h"

#include <gtest/gtest.h>

#include <cmath>

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

TEST(CompareScalarsTest, MixedSignednessAndTypes) {
  EXPECT_EQ(compare_scalars(Scalar::int64(-1), Scalar(TypeId::kUInt64, uint64_t{0})), -1);
  EXPECT_EQ(compare_scalars(Scalar(TypeId::kUInt64, uint64_t{1} << 63), Scalar::int64(5)), 1);
  EXPECT_EQ(compare_scalars(Scalar::int64(3), Scalar::float64(3.0)), 0);
  EXPECT_EQ(compare_scalars(Scalar::string("a"), Scalar::int64(1)), std::nullopt);
  EXPECT_EQ(compare_scalars(Scalar::null(TypeId::kInt64), Scalar::int64(1)), std::nullopt);
}

}  // namespace
}  // namespace floe
