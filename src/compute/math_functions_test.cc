// Tests of the math functions on Decimal columns (round, floor, ceil, clip), against what
// Polars 2.1 gives for the same values.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "compute/cast.h"
#include "compute/function_registry.h"
#include "core/decimal.h"
#include "core/error.h"
#include "core/test_columns.h"

namespace floe::compute {
namespace {

using Texts = std::vector<std::string>;
constexpr auto N = std::nullopt;

// 1.25, -2.35, 1.35, -1.25, 9999999999999.99, -0.05, 0.05, null at Decimal(15,2).
const ColumnPtr kMoney = testing::fixed_column<__int128>(
    DataType::decimal(15, 2), {125, -235, 135, -125, decimal::pow10(15) - 1, -5, 5, N});

/// Resolves and runs `name`, checking that the output has the resolved type and the input's length.
ColumnPtr run(const std::string& name, const ColumnPtr& in, std::vector<Scalar> params = {}) {
  const ScalarFunction& fn = FunctionRegistry::global().get(name);
  FunctionOptions options{std::move(params)};
  DataType t = in->type();
  const DataType out_type = fn.resolve(std::span<const DataType>(&t, 1), options);
  ColumnPtr args[] = {in};
  ColumnPtr out = fn.execute(args, options);
  EXPECT_EQ(out->type(), out_type) << name;
  EXPECT_EQ(out->length(), in->length()) << name;
  return out;
}

Texts texts(const ColumnPtr& c) {
  ColumnPtr s = cast(c, TypeId::kString);
  Texts out;
  for (int64_t i = 0; i < s->length(); ++i) out.push_back(s->is_null(i) ? "null" : std::string(s->string_at(i)));
  return out;
}

TEST(DecimalMath, RoundKeepsTheScaleAndAddsADigit) {
  ColumnPtr even = run("round", kMoney, {Scalar::int64(1)});
  EXPECT_EQ(even->type(), DataType::decimal(16, 2));
  EXPECT_EQ(texts(even), (Texts{"1.20", "-2.40", "1.40", "-1.20", "10000000000000.00", "0.00", "0.00", "null"}));
  ColumnPtr away = run("round", kMoney, {Scalar::int64(1), Scalar::string("half_away_from_zero")});
  EXPECT_EQ(texts(away), (Texts{"1.30", "-2.40", "1.40", "-1.30", "10000000000000.00", "-0.10", "0.10", "null"}));
  EXPECT_EQ(texts(run("round", kMoney, {Scalar::int64(0)})),
            (Texts{"1.00", "-2.00", "1.00", "-1.00", "10000000000000.00", "0.00", "0.00", "null"}));
  // Rounding to the scale or past it changes nothing, type included.
  EXPECT_EQ(run("round", kMoney, {Scalar::int64(2)})->type(), DataType::decimal(15, 2));
  EXPECT_EQ(texts(run("round", kMoney, {Scalar::int64(3)})), texts(kMoney));
  EXPECT_THROW(run("round", kMoney, {Scalar::int64(-1)}), InvalidArgument);
  // At 38 digits there is no digit to add: a result past the precision is an error, as in Polars.
  auto wide = testing::fixed_column<__int128>(DataType::decimal(38, 38),
                                              {decimal::pow10(37) * 4, -decimal::pow10(37) * 6});
  EXPECT_EQ(texts(run("round", wide, {Scalar::int64(1)})),
            (Texts{"0.40000000000000000000000000000000000000", "-0.60000000000000000000000000000000000000"}));
  try {
    run("round", wide, {Scalar::int64(0), Scalar::string("half_away_from_zero")});
    ADD_FAILURE() << "no error";
  } catch (const ComputeError& e) {
    EXPECT_STREQ(e.what(), "overflow in decimal rounding: result doesn't fit Decimal(precision=38, scale=38)");
  }
}

TEST(DecimalMath, FloorAndCeilRoundTowardTheirSide) {
  ColumnPtr floor = run("floor", kMoney);
  EXPECT_EQ(floor->type(), DataType::decimal(16, 2));
  EXPECT_EQ(texts(floor), (Texts{"1.00", "-3.00", "1.00", "-2.00", "9999999999999.00", "-1.00", "0.00", "null"}));
  EXPECT_EQ(texts(run("ceil", kMoney)),
            (Texts{"2.00", "-2.00", "2.00", "-1.00", "10000000000000.00", "0.00", "1.00", "null"}));
}

TEST(DecimalMath, ClipRoundsItsBoundsToTheScale) {
  // Polars casts the bounds to the column's dtype: 0.555 becomes 0.56.
  EXPECT_EQ(texts(run("clip", kMoney, {Scalar::float64(0.555), Scalar::int64(5)})),
            (Texts{"1.25", "0.56", "1.35", "0.56", "5.00", "0.56", "0.56", "null"}));
  EXPECT_EQ(texts(run("clip", kMoney, {Scalar::decimal(-13, 15, 1), Scalar()})),
            (Texts{"1.25", "-1.30", "1.35", "-1.25", "9999999999999.99", "-0.05", "0.05", "null"}));
  EXPECT_THROW(run("clip", testing::string_column({"a"}), {Scalar::int64(0), Scalar::int64(1)}), InvalidOperation);
}

}  // namespace
}  // namespace floe::compute
