// Tests of the order-dependent kernels, against values Polars 2.1 gives.
#include "compute/window_functions.h"

#include <cmath>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/test_columns.h"

namespace floe::compute {
namespace {

using floe::testing::fixed_column;
using floe::testing::string_column;

template <typename T>
std::vector<std::optional<T>> values_of(const ColumnPtr& c) {
  std::vector<std::optional<T>> out;
  for (int64_t i = 0; i < c->length(); ++i) {
    if (c->is_valid(i)) {
      out.push_back(c->values<T>()[i]);
    } else {
      out.push_back(std::nullopt);
    }
  }
  return out;
}

FunctionOptions opts(std::vector<Scalar> params) { return FunctionOptions{std::move(params)}; }

using I64 = std::vector<std::optional<int64_t>>;
using U32 = std::vector<std::optional<uint32_t>>;

const ColumnPtr kInts = fixed_column<int64_t>(TypeId::kInt64, {3, std::nullopt, 1, 3, 2});

TEST(WindowFunctions, CumulativeForwardAndReverse) {
  EXPECT_EQ(values_of<int64_t>(window_function("cum_sum", kInts, {})), (I64{3, std::nullopt, 4, 7, 9}));
  EXPECT_EQ(values_of<int64_t>(window_function("cum_sum", kInts, opts({Scalar::boolean(true)}))),
            (I64{9, std::nullopt, 6, 5, 2}));
  EXPECT_EQ(values_of<uint32_t>(window_function("cum_count", kInts, {})), (U32{1, 1, 2, 3, 4}));
  EXPECT_EQ(values_of<uint32_t>(window_function("cum_count", kInts, opts({Scalar::boolean(true)}))),
            (U32{4, 3, 3, 2, 1}));
  EXPECT_EQ(values_of<int64_t>(window_function("cum_min", kInts, {})), (I64{3, std::nullopt, 1, 1, 1}));
  EXPECT_EQ(values_of<int64_t>(window_function("cum_max", kInts, opts({Scalar::boolean(true)}))),
            (I64{3, std::nullopt, 3, 3, 2}));
  EXPECT_EQ(values_of<int64_t>(window_function("cum_prod", kInts, {})), (I64{3, std::nullopt, 3, 9, 18}));
}

TEST(WindowFunctions, OutputTypesFollowPolars) {
  EXPECT_EQ(window_output_type("cum_sum", TypeId::kInt8, {}), DataType(TypeId::kInt64));
  EXPECT_EQ(window_output_type("cum_sum", TypeId::kInt32, {}), DataType(TypeId::kInt32));
  EXPECT_EQ(window_output_type("cum_sum", TypeId::kBoolean, {}), DataType(TypeId::kUInt32));
  EXPECT_EQ(window_output_type("cum_prod", TypeId::kInt32, {}), DataType(TypeId::kInt64));
  EXPECT_EQ(window_output_type("cum_prod", TypeId::kUInt64, {}), DataType(TypeId::kUInt64));
  EXPECT_EQ(window_output_type("diff", TypeId::kUInt8, {}), DataType(TypeId::kInt16));
  EXPECT_EQ(window_output_type("diff", TypeId::kUInt32, {}), DataType(TypeId::kInt64));
  EXPECT_EQ(window_output_type("diff", TypeId::kDate, {}), DataType::duration(TimeUnit::kMicro));
  EXPECT_EQ(window_output_type("rank", TypeId::kInt8, {}), DataType(TypeId::kFloat64));
  EXPECT_EQ(window_output_type("rank", TypeId::kString, opts({Scalar::string("dense")})), DataType(TypeId::kUInt32));
  EXPECT_THROW(window_output_type("cum_sum", TypeId::kString, {}), InvalidOperation);
  EXPECT_THROW(window_output_type("diff", TypeId::kBoolean, {}), InvalidOperation);
  EXPECT_THROW(window_output_type("rank", TypeId::kInt64, opts({Scalar::string("best")})), InvalidArgument);
}

TEST(WindowFunctions, IntegerSumsWrapLikePolars) {
  auto c = fixed_column<int8_t>(TypeId::kInt8, {100, -100});
  auto d = window_function("diff", c, {});
  EXPECT_EQ(values_of<int8_t>(d), (std::vector<std::optional<int8_t>>{std::nullopt, 56}));
}

TEST(WindowFunctions, ShiftAndDiff) {
  EXPECT_EQ(values_of<int64_t>(window_function("shift", kInts, opts({Scalar::int64(2)}))),
            (I64{std::nullopt, std::nullopt, 3, std::nullopt, 1}));
  EXPECT_EQ(values_of<int64_t>(window_function("shift", kInts, opts({Scalar::int64(-1), Scalar::int64(0)}))),
            (I64{std::nullopt, 1, 3, 2, 0}));
  EXPECT_EQ(values_of<int64_t>(window_function("shift", kInts, opts({Scalar::int64(INT64_MIN)}))),
            (I64(5, std::nullopt)));
  EXPECT_EQ(values_of<int64_t>(window_function("diff", kInts, {})), (I64{std::nullopt, std::nullopt, std::nullopt, 2, -1}));
  EXPECT_EQ(values_of<int64_t>(window_function("diff", kInts, opts({Scalar::int64(-1)}))),
            (I64{std::nullopt, std::nullopt, -2, 1, std::nullopt}));
  EXPECT_EQ(values_of<int64_t>(window_function("diff", kInts, opts({Scalar::int64(1), Scalar::string("drop")}))),
            (I64{std::nullopt, std::nullopt, 2, -1}));
  auto days = fixed_column<int32_t>(TypeId::kDate, {1, 3});
  auto d = window_function("diff", days, {});
  EXPECT_EQ(d->type(), DataType::duration(TimeUnit::kMicro));
  EXPECT_EQ(d->values<int64_t>()[1], 2 * 86'400'000'000LL);
}

TEST(WindowFunctions, RankMethods) {
  auto rank_of = [](const char* method, bool desc) {
    return window_function("rank", kInts, opts({Scalar::string(method), Scalar::boolean(desc)}));
  };
  EXPECT_EQ(values_of<double>(rank_of("average", false)),
            (std::vector<std::optional<double>>{3.5, std::nullopt, 1.0, 3.5, 2.0}));
  EXPECT_EQ(values_of<uint32_t>(rank_of("min", false)), (U32{3, std::nullopt, 1, 3, 2}));
  EXPECT_EQ(values_of<uint32_t>(rank_of("max", false)), (U32{4, std::nullopt, 1, 4, 2}));
  EXPECT_EQ(values_of<uint32_t>(rank_of("dense", true)), (U32{1, std::nullopt, 3, 1, 2}));
  EXPECT_EQ(values_of<uint32_t>(rank_of("ordinal", true)), (U32{1, std::nullopt, 4, 2, 3}));
}

TEST(WindowFunctions, FloatsOrderNanLast) {
  const double nan = std::nan("");
  auto f = fixed_column<double>(TypeId::kFloat64, {1.0, nan, std::nullopt, 0.5, nan});
  auto r = values_of<double>(window_function("rank", f, {}));
  EXPECT_EQ(r, (std::vector<std::optional<double>>{2.0, 3.5, std::nullopt, 1.0, 3.5}));
  auto g = fixed_column<double>(TypeId::kFloat64, {nan, 1.0, std::nullopt, 2.0});
  auto m = values_of<double>(window_function("cum_min", g, {}));
  EXPECT_TRUE(std::isnan(*m[0]));
  EXPECT_EQ(m[1], 1.0);
  EXPECT_EQ(m[3], 1.0);
}

TEST(WindowFunctions, StringsRankAndCumMax) {
  auto s = string_column({"b", "a", std::nullopt, "c", "a"});
  auto m = window_function("cum_max", s, {});
  EXPECT_EQ(m->string_at(0), "b");
  EXPECT_EQ(m->string_at(1), "b");
  EXPECT_TRUE(m->is_null(2));
  EXPECT_EQ(m->string_at(3), "c");
  EXPECT_EQ(values_of<uint32_t>(window_function("rank", s, opts({Scalar::string("dense")}))),
            (U32{2, 1, std::nullopt, 3, 1}));
}

TEST(WindowFunctions, SegmentsRestartAtBoundaries) {
  auto c = fixed_column<int64_t>(TypeId::kInt64, {1, 2, 3, 10, 20});
  std::vector<int64_t> offsets{0, 3, 5};
  EXPECT_EQ(values_of<int64_t>(window_function("cum_sum", c, {}, offsets)), (I64{1, 3, 6, 10, 30}));
  EXPECT_EQ(values_of<int64_t>(window_function("shift", c, opts({Scalar::int64(1)}), offsets)),
            (I64{std::nullopt, 1, 2, std::nullopt, 10}));
  EXPECT_EQ(values_of<int64_t>(window_function("diff", c, {}, offsets)), (I64{std::nullopt, 1, 1, std::nullopt, 10}));
  EXPECT_EQ(values_of<uint32_t>(window_function("rank", c, opts({Scalar::string("ordinal"), Scalar::boolean(true)}), offsets)),
            (U32{3, 2, 1, 2, 1}));
}

TEST(WindowFunctions, DecimalSumsAndDifferencesWidenTo38Digits) {
  using D = std::vector<std::optional<__int128>>;
  auto c = fixed_column<__int128>(DataType::decimal(15, 2), {125, -235, std::nullopt, 999999999999999, 5});
  const ColumnPtr sums = window_function("cum_sum", c, {});
  EXPECT_EQ(sums->type(), DataType::decimal(38, 2));  // as Polars
  EXPECT_EQ(values_of<__int128>(sums), (D{125, -110, std::nullopt, 999999999999889, 999999999999894}));
  EXPECT_EQ(values_of<__int128>(window_function("cum_sum", c, opts({Scalar::boolean(true)}))),
            (D{999999999999894, 999999999999769, std::nullopt, 1000000000000004, 5}));
  const ColumnPtr diffs = window_function("diff", c, {});
  EXPECT_EQ(diffs->type(), DataType::decimal(38, 2));
  EXPECT_EQ(values_of<__int128>(diffs), (D{std::nullopt, -360, std::nullopt, std::nullopt, -999999999999994}));
}

TEST(WindowFunctions, TopAndBottomK) {
  auto c = fixed_column<int64_t>(TypeId::kInt64, {5, 3, std::nullopt, 1, 4});
  EXPECT_EQ(values_of<int64_t>(window_function("top_k", c, opts({Scalar::int64(2)}))), (I64{5, 4}));
  EXPECT_EQ(values_of<int64_t>(window_function("bottom_k", c, opts({Scalar::int64(2)}))), (I64{1, 3}));
  EXPECT_EQ(values_of<int64_t>(window_function("top_k", c, opts({Scalar::int64(10)}))),
            (I64{5, 3, 1, 4, std::nullopt}));
}

TEST(WindowFunctions, EmptyInputGivesEmptyOutput) {
  auto e = fixed_column<int64_t>(TypeId::kInt64, {});
  for (const char* f : {"cum_sum", "cum_prod", "cum_min", "cum_max", "cum_count", "shift", "diff", "rank", "top_k"}) {
    EXPECT_EQ(window_function(f, e, {})->length(), 0) << f;
  }
}

}  // namespace
}  // namespace floe::compute
