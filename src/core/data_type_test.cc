// Tests of type names, parsing and Polars' promotion rules.
#include "core/data_type.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace floe {

TEST(DataType, NamesMatchPolars) {
  EXPECT_EQ(DataType(TypeId::kInt64).to_string(), "i64");
  EXPECT_EQ(DataType(TypeId::kString).to_string(), "str");
  EXPECT_EQ(DataType::datetime(TimeUnit::kMicro).to_string(), "datetime[μs]");
  EXPECT_EQ(DataType::datetime(TimeUnit::kNano, "UTC").to_string(), "datetime[ns, UTC]");
  EXPECT_EQ(DataType::duration(TimeUnit::kMilli).to_string(), "duration[ms]");
  EXPECT_EQ(DataType(TypeId::kUInt16).to_polars_repr(), "UInt16");
}

TEST(DataType, ParseRoundTrips) {
  for (auto id : {TypeId::kBoolean, TypeId::kInt8, TypeId::kUInt64, TypeId::kFloat32, TypeId::kString,
                  TypeId::kDate, TypeId::kTime, TypeId::kBinary, TypeId::kNull}) {
    DataType t(id);
    EXPECT_EQ(parse_data_type(t.to_string()), t);
    EXPECT_EQ(parse_data_type(t.to_polars_repr()), t);
  }
  EXPECT_EQ(parse_data_type("datetime[ms, Europe/Amsterdam]"), DataType::datetime(TimeUnit::kMilli, "Europe/Amsterdam"));
  EXPECT_THROW(parse_data_type("int"), InvalidArgument);
  EXPECT_THROW(parse_data_type("datetime[ps]"), InvalidArgument);
}

TEST(DataType, SupertypeFollowsPolars) {
  auto st = [](TypeId a, TypeId b) { return supertype(a, b).id; };
  EXPECT_EQ(st(TypeId::kInt32, TypeId::kInt64), TypeId::kInt64);
  EXPECT_EQ(st(TypeId::kUInt8, TypeId::kInt8), TypeId::kInt16);
  EXPECT_EQ(st(TypeId::kUInt32, TypeId::kInt64), TypeId::kInt64);
  EXPECT_EQ(st(TypeId::kUInt32, TypeId::kInt32), TypeId::kInt64);
  EXPECT_EQ(st(TypeId::kInt16, TypeId::kFloat32), TypeId::kFloat32);
  EXPECT_EQ(st(TypeId::kInt64, TypeId::kFloat32), TypeId::kFloat64);
  EXPECT_EQ(st(TypeId::kFloat32, TypeId::kFloat64), TypeId::kFloat64);
  EXPECT_EQ(st(TypeId::kNull, TypeId::kString), TypeId::kString);
  EXPECT_EQ(st(TypeId::kBoolean, TypeId::kInt8), TypeId::kInt8);
  EXPECT_EQ(st(TypeId::kDate, TypeId::kDatetime), TypeId::kDatetime);
  EXPECT_THROW(supertype(TypeId::kDate, TypeId::kBinary), SchemaMismatch);
}

}  // namespace floe
