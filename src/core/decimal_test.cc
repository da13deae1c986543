// Tests of the 128-bit decimal helpers and the Decimal data type, against Polars 2.1's values.
#include "core/decimal.h"

#include <gtest/gtest.h>

#include "core/data_type.h"
#include "core/error.h"
#include "core/scalar.h"
#include "core/table_format.h"
#include "core/test_columns.h"

namespace floe {
namespace {

using decimal::int128;

int128 parse_ok(std::string_view s, int precision, int scale) {
  auto v = decimal::parse(s, precision, scale);
  EXPECT_TRUE(v.has_value()) << s;
  return v.value_or(0);
}

TEST(DecimalType, NamesAndEquality) {
  DataType t = DataType::decimal(15, 2);
  EXPECT_EQ(t.to_string(), "decimal[15,2]");
  EXPECT_EQ(t.to_polars_repr(), "Decimal(precision=15, scale=2)");
  EXPECT_EQ(t, DataType::decimal(15, 2));
  EXPECT_NE(t, DataType::decimal(15, 3));
  EXPECT_NE(t, DataType::decimal(16, 2));
  EXPECT_EQ(parse_data_type("decimal[15,2]"), t);
  EXPECT_EQ(parse_data_type("Decimal[38, 0]"), DataType::decimal(38, 0));
  EXPECT_EQ(byte_width(TypeId::kDecimal), 16);
  try {
    DataType::decimal(39, 2);
    FAIL() << "precision 39 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "decimal precision must be between 1 and 38, got 39");
  }
  EXPECT_THROW(DataType::decimal(5, 6), InvalidArgument);
}

TEST(DecimalType, Supertypes) {
  // pl.select(pl.when(True).then(a).otherwise(b)) with Decimal(15,2) and Decimal(10,3)
  EXPECT_EQ(supertype(DataType::decimal(15, 2), DataType::decimal(10, 3)), DataType::decimal(16, 3));
  EXPECT_EQ(supertype(DataType::decimal(15, 2), TypeId::kInt32), DataType::decimal(38, 2));
  EXPECT_EQ(supertype(TypeId::kFloat32, DataType::decimal(15, 2)), DataType(TypeId::kFloat64));
  EXPECT_EQ(supertype(DataType::decimal(38, 10), DataType::decimal(38, 0)), DataType::decimal(38, 10));
}

TEST(Decimal, FormatsWithExactlyScaleDigits) {
  EXPECT_EQ(decimal::to_string(150, 2), "1.50");
  EXPECT_EQ(decimal::to_string(-5, 2), "-0.05");
  EXPECT_EQ(decimal::to_string(-1234560, 2), "-12345.60");
  EXPECT_EQ(decimal::to_string(12, 0), "12");
  EXPECT_EQ(decimal::to_string(0, 3), "0.000");
  int128 max38 = decimal::pow10(38) - 1;
  EXPECT_EQ(decimal::to_string(-max38, 38), "-0.99999999999999999999999999999999999999");
  EXPECT_EQ(decimal::to_string(max38, 0), "99999999999999999999999999999999999999");
}

TEST(Decimal, ParsesAsPolarsCastsStrings) {
  // pl.Series([...]).cast(pl.Decimal(10, 3), strict=False)
  EXPECT_EQ(parse_ok("12.345", 10, 3), 12345);
  EXPECT_EQ(parse_ok("-0.5", 10, 3), -500);
  EXPECT_EQ(parse_ok("1e3", 10, 3), 1000000);
  EXPECT_EQ(parse_ok("1.", 10, 3), 1000);
  EXPECT_EQ(parse_ok(".5", 10, 3), 500);
  EXPECT_EQ(parse_ok("+2", 10, 3), 2000);
  // Extra digits round half to even: 1.2345 -> 1.234, 1.2355 -> 1.236, 1.2365 -> 1.236.
  EXPECT_EQ(parse_ok("1.2345", 10, 3), 1234);
  EXPECT_EQ(parse_ok("1.2355", 10, 3), 1236);
  EXPECT_EQ(parse_ok("1.2365", 10, 3), 1236);
  EXPECT_EQ(parse_ok("-1.2355", 10, 3), -1236);
  EXPECT_EQ(parse_ok("1.23650001", 10, 3), 1237);
  EXPECT_EQ(parse_ok("0.0004", 10, 3), 0);
  for (const char* bad : {"abc", " 1.5", "", "-", "1e", "1.2.3", "1,5"}) {
    EXPECT_FALSE(decimal::parse(bad, 10, 3).has_value()) << bad;
  }
  EXPECT_FALSE(decimal::parse("123456789", 5, 1).has_value());  // 10 digits > precision 5
  EXPECT_EQ(parse_ok("9999.9", 5, 1), 99999);
  EXPECT_FALSE(decimal::parse("9999.96", 5, 1).has_value());  // rounds up to 10000.0
}

TEST(Decimal, RescaleRoundsHalfToEven) {
  // pl.Series([1.005, -1.005, 1.015, 2.5], dtype=Decimal(10, 4)).cast(Decimal(10, 2))
  EXPECT_EQ(*decimal::rescale(10050, 4, 2), 100);
  EXPECT_EQ(*decimal::rescale(-10050, 4, 2), -100);
  EXPECT_EQ(*decimal::rescale(10150, 4, 2), 102);
  EXPECT_EQ(*decimal::rescale(-10150, 4, 2), -102);
  EXPECT_EQ(*decimal::rescale(25000, 4, 0), 2);
  EXPECT_EQ(*decimal::rescale(35000, 4, 0), 4);
  EXPECT_EQ(*decimal::rescale(15, 1, 4), 15000);
  EXPECT_FALSE(decimal::rescale(decimal::pow10(30), 0, 10).has_value());
  EXPECT_EQ(decimal::div_round(-1125, 10), -112);  // -1.125 / 1 at scale 2 -> -1.12
  EXPECT_EQ(decimal::div_round(1135, -10), -114);
}

TEST(Decimal, FloatsRoundTrip) {
  EXPECT_EQ(decimal::to_double(9999999, 2), 99999.99);
  EXPECT_EQ(decimal::to_double(-5, 1), -0.5);
  EXPECT_EQ(decimal::to_double(decimal::pow10(37), 37), 1.0);  // past 2^53: through the text
  // pl.Series([0.125, 0.375, -0.125, 1.005]).cast(pl.Decimal(10, 2))
  EXPECT_EQ(*decimal::from_double(0.125, 10, 2), 12);
  EXPECT_EQ(*decimal::from_double(0.375, 10, 2), 38);
  EXPECT_EQ(*decimal::from_double(-0.125, 10, 2), -12);
  EXPECT_EQ(*decimal::from_double(1.005, 10, 2), 100);
  EXPECT_FALSE(decimal::from_double(1e20, 10, 2).has_value());
  EXPECT_FALSE(decimal::from_double(std::nan(""), 10, 2).has_value());
  EXPECT_EQ(decimal::mean(-1234410, 2, 2), -6172.05);
}

TEST(Decimal, ScalarsAndPrinting) {
  DataType t = DataType::decimal(15, 2);
  auto col = testing::fixed_column<__int128>(t, {150, std::nullopt, -1234560});
  EXPECT_EQ(format_value(*col, 0, {}), "1.50");
  EXPECT_EQ(format_value(*col, 1, {}), "null");
  EXPECT_EQ(format_value(*col, 2, {}), "-12345.60");
  Scalar s = Scalar::from_column(*col, 2);
  EXPECT_EQ(s.type(), t);
  EXPECT_EQ(std::get<__int128>(s.value()), -1234560);
  EXPECT_DOUBLE_EQ(s.as_double(), -12345.6);
  EXPECT_EQ(s.as_int64(), -12345);
  ColumnPtr back = s.to_column(3);
  EXPECT_EQ(back->type(), t);
  EXPECT_EQ(back->values<__int128>()[2], -1234560);
}

}  // namespace
}  // namespace floe
