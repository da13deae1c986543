// Tests of Decimal kernels (casts, arithmetic, comparison, aggregates, sort), against what
// Polars 2.1 gives for the same values.
#include "compute/decimal_cast.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "compute/aggregate.h"
#include "compute/arithmetic.h"
#include "compute/cast.h"
#include "compute/compare.h"
#include "compute/sort.h"
#include "core/decimal.h"
#include "core/error.h"
#include "core/test_columns.h"

namespace floe::compute {
namespace {

using Values = std::vector<std::optional<__int128>>;
constexpr auto N = std::nullopt;

ColumnPtr dec(int precision, int scale, const Values& v) {
  return testing::fixed_column<__int128>(DataType::decimal(precision, scale), v);
}

/// The values as text ("null" for nulls), whatever the column's type.
std::vector<std::string> texts(const ColumnPtr& c) {
  ColumnPtr s = cast(c, TypeId::kString);
  std::vector<std::string> out;
  for (int64_t i = 0; i < s->length(); ++i) out.push_back(s->is_null(i) ? "null" : std::string(s->string_at(i)));
  return out;
}

using Texts = std::vector<std::string>;

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(DecimalCast, DecimalToDecimalRoundsAndChecksPrecision) {
  auto x = dec(10, 4, {10050, -10050, 10150, -10150, 25000, 1, N});
  EXPECT_EQ(texts(cast(x, DataType::decimal(10, 2))), (Texts{"1.00", "-1.00", "1.02", "-1.02", "2.50", "0.00", "null"}));
  EXPECT_EQ(texts(cast(x, DataType::decimal(10, 6))),
            (Texts{"1.005000", "-1.005000", "1.015000", "-1.015000", "2.500000", "0.000100", "null"}));
  auto big = dec(7, 2, {9999999});
  EXPECT_EQ(error_of([&] { cast(big, DataType::decimal(5, 2), true, "a"); }),
            "conversion from `decimal[7,2]` to `decimal[5,2]` failed in column 'a' for 1 out of 1 values: [99999.99]");
  EXPECT_EQ(texts(cast(big, DataType::decimal(5, 2), false)), (Texts{"null"}));
  EXPECT_EQ(texts(cast(big, DataType::decimal(8, 3))), (Texts{"99999.990"}));
}

TEST(DecimalCast, Integers) {
  auto x = dec(10, 4, {10050, -10050, 25000, 1, N});
  EXPECT_EQ(texts(cast(x, TypeId::kInt64)), (Texts{"1", "-1", "2", "0", "null"}));  // toward zero
  auto big = dec(7, 2, {9999999});
  EXPECT_EQ(error_of([&] { cast(big, TypeId::kInt8); }),
            "conversion from `decimal[7,2]` to `i8` failed in column '' for 1 out of 1 values: [99999.99]");
  auto ints = testing::fixed_column<int64_t>(TypeId::kInt64, {123456, -5, N});
  EXPECT_EQ(error_of([&] { cast(ints, DataType::decimal(5, 2)); }),
            "conversion from `i64` to `decimal[5,2]` failed in column '' for 1 out of 3 values: [123456]");
  EXPECT_EQ(texts(cast(ints, DataType::decimal(5, 2), false)), (Texts{"null", "-5.00", "null"}));
  auto u64 = testing::fixed_column<uint64_t>(TypeId::kUInt64, {UINT64_MAX});
  EXPECT_EQ(texts(cast(u64, DataType::decimal(38, 0))), (Texts{"18446744073709551615"}));
  EXPECT_FALSE(can_cast(TypeId::kBoolean, DataType::decimal(5, 2)));
  EXPECT_TRUE(can_cast(DataType::decimal(5, 2), TypeId::kBoolean));
  EXPECT_FALSE(can_cast(DataType::decimal(5, 2), TypeId::kDate));
}

TEST(DecimalCast, FloatsAndStrings) {
  auto f = testing::fixed_column<double>(TypeId::kFloat64, {0.125, 0.375, -0.125, 1.23456, N});
  EXPECT_EQ(texts(cast(f, DataType::decimal(10, 2))), (Texts{"0.12", "0.38", "-0.12", "1.23", "null"}));
  auto bad = testing::fixed_column<double>(TypeId::kFloat64, {1.005, -2.5, 1e20, NAN});
  EXPECT_EQ(error_of([&] { cast(bad, DataType::decimal(10, 2)); }),
            "conversion from `f64` to `decimal[10,2]` failed in column '' for 2 out of 4 values: [1.0000e20, NaN]");
  EXPECT_EQ(texts(cast(dec(7, 2, {9999999, -5}), TypeId::kFloat64)), (Texts{"99999.99", "-0.05"}));
  auto s = testing::string_column({"12.345", "-0.5", "1e3", "abc", " 1.5", ".5", "1.2345", "", N});
  EXPECT_EQ(texts(cast(s, DataType::decimal(10, 3), false)),
            (Texts{"12.345", "-0.500", "1000.000", "null", "null", "0.500", "1.234", "null", "null"}));
  EXPECT_EQ(error_of([&] { cast(testing::string_column({"abc"}), DataType::decimal(10, 3)); }),
            "conversion from `str` to `decimal[10,3]` failed in column '' for 1 out of 1 values: [\"abc\"]");
}

TEST(DecimalArithmetic, RoundsProductsAndQuotientsHalfToEven) {
  // Operands already at the result type Decimal(38, 3), as the binder casts them.
  const DataType t = DataType::decimal(38, 3);
  auto a = dec(38, 3, {1500, -2250, N});
  auto b = dec(38, 3, {1125, 2000, 1000});
  EXPECT_EQ(texts(arithmetic(ArithOp::kAdd, a, b)), (Texts{"2.625", "-0.250", "null"}));
  EXPECT_EQ(texts(arithmetic(ArithOp::kSub, a, b)), (Texts{"0.375", "-4.250", "null"}));
  EXPECT_EQ(texts(arithmetic(ArithOp::kMul, a, b)), (Texts{"1.688", "-4.500", "null"}));
  EXPECT_EQ(texts(arithmetic(ArithOp::kTrueDiv, a, b)), (Texts{"1.333", "-1.125", "null"}));
  EXPECT_EQ(texts(arithmetic(ArithOp::kFloorDiv, a, b)), (Texts{"1.000", "-2.000", "null"}));
  EXPECT_EQ(texts(arithmetic(ArithOp::kMod, a, b)), (Texts{"0.375", "1.750", "null"}));
  // d / 10 at scale 2: 0.115 -> 0.12, 0.125 -> 0.12, 0.135 -> 0.14
  auto d = dec(38, 2, {115, 125, -115, -125, 135});
  auto ten = dec(38, 2, {1000});
  EXPECT_EQ(texts(arithmetic(ArithOp::kTrueDiv, d, ten)), (Texts{"0.12", "0.12", "-0.12", "-0.12", "0.14"}));
  EXPECT_EQ(error_of([&] { arithmetic(ArithOp::kTrueDiv, d, dec(38, 2, {0})); }), "division by zero Decimal");
  auto huge = dec(38, 0, {decimal::pow10(37) * 9});
  EXPECT_EQ(error_of([&] { arithmetic(ArithOp::kAdd, huge, huge); }),
            "decimal overflow in `+`: the result does not fit decimal[38,0]");
  EXPECT_EQ(texts(negate(a)), (Texts{"-1.500", "2.250", "null"}));
  (void)t;
}

TEST(DecimalCompare, ComparesUnscaledValues) {
  auto a = dec(38, 3, {1500, -2250, N});
  auto b = dec(38, 3, {1125, 2000, 0});
  EXPECT_EQ(texts(compare(CompareOp::kLt, a, b)), (Texts{"false", "true", "null"}));
  EXPECT_EQ(texts(compare(CompareOp::kEq, a, a)), (Texts{"true", "true", "null"}));
}

TEST(DecimalAggregate, SumsAreExactAndTyped) {
  auto a = dec(15, 2, {150, N, -1234560});
  ColumnPtr sum = aggregate(AggKind::kSum, a);
  EXPECT_EQ(sum->type(), DataType::decimal(38, 2));
  EXPECT_EQ(texts(sum), (Texts{"-12344.10"}));
  ColumnPtr mean = aggregate(AggKind::kMean, a);
  EXPECT_EQ(mean->type(), DataType(TypeId::kFloat64));
  EXPECT_EQ(mean->values<double>()[0], -6172.05);
  EXPECT_EQ(texts(aggregate(AggKind::kMin, a)), (Texts{"-12345.60"}));
  EXPECT_EQ(texts(aggregate(AggKind::kMax, a)), (Texts{"1.50"}));
  EXPECT_EQ(texts(aggregate(AggKind::kSum, dec(5, 2, {N}))), (Texts{"0.00"}));
  // Values past 64 bits: min and max must see all 128.
  auto wide = dec(38, 0, {decimal::pow10(30), -decimal::pow10(30), 7});
  EXPECT_EQ(texts(aggregate(AggKind::kMax, wide)), (Texts{"1000000000000000000000000000000"}));
  EXPECT_EQ(texts(aggregate(AggKind::kMin, wide)), (Texts{"-1000000000000000000000000000000"}));
  EXPECT_EQ(aggregate(AggKind::kNUnique, dec(38, 0, {decimal::pow10(30), decimal::pow10(30) + 1, 1}))->values<uint32_t>()[0],
            3u);
  // 0.1 summed ten times is exactly 1.0, and the mean exactly 0.1.
  auto tenths = dec(10, 1, Values(10, 1));
  EXPECT_EQ(texts(aggregate(AggKind::kSum, tenths)), (Texts{"1.0"}));
  EXPECT_EQ(aggregate(AggKind::kMean, tenths)->values<double>()[0], 0.1);
}

TEST(DecimalSort, OrdersAll128Bits) {
  auto v = dec(38, 0, {decimal::pow10(30), -decimal::pow10(30), 5, N, -5, decimal::pow10(20)});
  EXPECT_EQ(sort_indices({v}, std::vector<bool>{false}, std::vector<bool>{false}),
            (std::vector<uint32_t>{3, 1, 4, 2, 5, 0}));
  EXPECT_EQ(sort_indices({v}, std::vector<bool>{true}, std::vector<bool>{true}),
            (std::vector<uint32_t>{0, 5, 2, 4, 1, 3}));
}

}  // namespace
}  // namespace floe::compute
