// Tests of arithmetic, comparison and boolean kernels.
#include "compute/arithmetic.h"

#include <gtest/gtest.h>

#include "compute/boolean.h"
#include "compute/cast.h"
#include "compute/compare.h"
#include "core/column_builder.h"
#include "core/error.h"
#include "core/scalar.h"
#include "core/test_columns.h"

namespace floe::compute {
namespace {

template <typename T>
ColumnPtr make(DataType t, std::vector<std::optional<T>> v) {
  return testing::fixed_column<T>(t, v);
}

ColumnPtr i64(std::vector<std::optional<int64_t>> v) { return make<int64_t>(TypeId::kInt64, std::move(v)); }
ColumnPtr boolean(std::vector<std::optional<uint8_t>> v) { return make<uint8_t>(TypeId::kBoolean, std::move(v)); }

TEST(Arithmetic, FloorDivisionAndModuloFollowPython) {
  auto a = i64({7, -7, 7, -7, 0, std::nullopt});
  for (int64_t d : {2, -2, 3, 7, -7, 1000}) {
    auto by_constant_q = arithmetic(ArithOp::kFloorDiv, a, i64({d}));
    auto by_constant_r = arithmetic(ArithOp::kMod, a, i64({d}));
    auto by_column_q = arithmetic(ArithOp::kFloorDiv, a, i64({d, d, d, d, d, d}));
    for (int64_t i = 0; i < 5; ++i) {
      int64_t x = a->values<int64_t>()[i];
      int64_t q = x / d - ((x % d != 0) && ((x < 0) != (d < 0)));
      EXPECT_EQ(by_constant_q->values<int64_t>()[i], q) << x << " // " << d;
      EXPECT_EQ(by_column_q->values<int64_t>()[i], q) << x << " // " << d;
      EXPECT_EQ(by_constant_r->values<int64_t>()[i], x - q * d) << x << " % " << d;
    }
    EXPECT_TRUE(by_constant_q->is_null(5));
  }
}

TEST(Arithmetic, DivisionByZeroIsNull) {
  auto q = arithmetic(ArithOp::kFloorDiv, i64({5, 6}), i64({0, 2}));
  EXPECT_TRUE(q->is_null(0));
  EXPECT_EQ(q->values<int64_t>()[1], 3);
  auto r = arithmetic(ArithOp::kMod, i64({5, 6}), i64({0}));
  EXPECT_EQ(r->null_count(), 2);
  auto m = arithmetic(ArithOp::kFloorDiv, i64({INT64_MIN}), i64({-1}));  // overflow wraps, no trap
  EXPECT_EQ(m->values<int64_t>()[0], INT64_MIN);
}

TEST(Arithmetic, OverflowWrapsAndEmptyWorks) {
  auto a = make<int8_t>(TypeId::kInt8, {127, -128});
  auto s = arithmetic(ArithOp::kAdd, a, make<int8_t>(TypeId::kInt8, {1}));
  EXPECT_EQ(s->values<int8_t>()[0], -128);
  EXPECT_EQ(arithmetic(ArithOp::kAdd, i64({}), i64({}))->length(), 0);
  EXPECT_THROW(negate(make<uint8_t>(TypeId::kUInt8, {1})), InvalidOperation);
}

TEST(Compare, StringsByPrefixThenBytes) {
  StringBuilder b;
  for (const char* s : {"apple", "apples and pears", "apples and peaches", "b", "żółć"}) b.append(s);
  auto c = b.finish();
  auto lit = Scalar::string("apples and pears").to_column(1);
  auto lt = compare(CompareOp::kLt, c, lit);
  auto eq = compare(CompareOp::kEq, c, lit);
  std::vector<uint8_t> expect_lt{1, 0, 1, 0, 0}, expect_eq{0, 1, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(lt->values<uint8_t>()[i], expect_lt[static_cast<size_t>(i)]) << i;
    EXPECT_EQ(eq->values<uint8_t>()[i], expect_eq[static_cast<size_t>(i)]) << i;
  }
}

TEST(Compare, NanEqualsNanAndIsLargest) {
  auto f = make<double>(TypeId::kFloat64, {std::nan(""), 1.0, std::nullopt});
  auto eq = compare(CompareOp::kEq, f, make<double>(TypeId::kFloat64, {std::nan("")}));
  EXPECT_EQ(eq->values<uint8_t>()[0], 1);
  EXPECT_EQ(eq->values<uint8_t>()[1], 0);
  EXPECT_TRUE(eq->is_null(2));
  auto gt = compare(CompareOp::kGt, f, make<double>(TypeId::kFloat64, {1e308}));
  EXPECT_EQ(gt->values<uint8_t>()[0], 1);
}

TEST(Boolean, KleeneLogic) {
  auto a = boolean({1, 0, std::nullopt, std::nullopt, std::nullopt});
  auto b = boolean({std::nullopt, std::nullopt, 1, 0, std::nullopt});
  auto a_and = boolean_op(BoolOp::kAnd, a, b);
  auto a_or = boolean_op(BoolOp::kOr, a, b);
  // true & null = null; false & null = false; null & true = null; null & false = false
  EXPECT_TRUE(a_and->is_null(0));
  EXPECT_FALSE(a_and->is_null(1));
  EXPECT_EQ(a_and->values<uint8_t>()[1], 0);
  EXPECT_TRUE(a_and->is_null(2));
  EXPECT_EQ(a_and->values<uint8_t>()[3], 0);
  EXPECT_FALSE(a_and->is_null(3));
  EXPECT_TRUE(a_and->is_null(4));
  // true | null = true; false | null = null; null | true = true
  EXPECT_EQ(a_or->values<uint8_t>()[0], 1);
  EXPECT_FALSE(a_or->is_null(0));
  EXPECT_TRUE(a_or->is_null(1));
  EXPECT_EQ(a_or->values<uint8_t>()[2], 1);
  EXPECT_TRUE(a_or->is_null(3));
}

TEST(Cast, StrictFailsNonStrictNulls) {
  auto big = i64({1, 300, std::nullopt, -1});
  try {
    cast(big, TypeId::kUInt8, true, "x");
    FAIL();
  } catch (const InvalidOperation& e) {
    EXPECT_EQ(std::string(e.what()), "conversion from `i64` to `u8` failed in column 'x' for 2 out of 4 values: [300, -1]");
  }
  auto lax = cast(big, TypeId::kUInt8, false);
  EXPECT_EQ(lax->null_count(), 3);
  EXPECT_EQ(lax->values<uint8_t>()[0], 1);
  StringBuilder sb;
  for (const char* s : {"12", "x", "-3", "+5"}) sb.append(s);
  auto parsed = cast(sb.finish(), TypeId::kInt64, false);
  EXPECT_EQ(parsed->null_count(), 1);
  EXPECT_EQ(parsed->values<int64_t>()[3], 5);
  auto f = cast(make<double>(TypeId::kFloat64, {1.9, -1.9, std::nan("")}), TypeId::kInt32, false);
  EXPECT_EQ(f->values<int32_t>()[0], 1);
  EXPECT_EQ(f->values<int32_t>()[1], -1);
  EXPECT_TRUE(f->is_null(2));
  EXPECT_EQ(format_float(1.0), "1.0");
  EXPECT_EQ(format_float(std::nan("")), "NaN");
}

}  // namespace
}  // namespace floe::compute
