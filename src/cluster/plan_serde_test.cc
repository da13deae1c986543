// Tests of plan serde: every plan and expression kind round trips, plans run the same after
// the trip, sources are rebuilt, and malformed messages fail with clear errors.
#include "cluster/plan_serde.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "cluster/block_format.h"
#include "cluster/exchange_source.h"
#include "core/error.h"
#include "core/test_columns.h"
#include "exec/csv_source.h"
#include "exec/parquet_source.h"
#include "io/csv_writer.h"
#include "io/parquet/parquet_writer.h"
#include "plan/lazy_frame.h"

// A new ExprKind or PlanKind without an example below fails the build.
#pragma GCC diagnostic error "-Wswitch"

namespace floe::cluster {
namespace {

using testing::fixed_column;
using testing::string_column;

constexpr int64_t kRows = 50;

/// a = i, b = i % 7 (null every 10th), s = "k<i % 3>", x = i / 2 (null every 13th),
/// d = a date, ts = a UTC datetime, flag = even rows.
DataFrame sample() {
  std::vector<std::optional<int64_t>> a, b, ts;
  std::vector<std::optional<double>> x;
  std::vector<std::optional<int32_t>> d;
  std::vector<std::optional<uint8_t>> flag;
  std::vector<std::optional<std::string>> s;
  for (int64_t i = 0; i < kRows; ++i) {
    a.push_back(i);
    b.push_back(i % 10 == 0 ? std::nullopt : std::optional<int64_t>(i % 7));
    s.push_back("k" + std::to_string(i % 3));
    x.push_back(i % 13 == 0 ? std::nullopt : std::optional<double>(static_cast<double>(i) / 2));
    d.push_back(static_cast<int32_t>(19000 + i * 11));
    ts.push_back(int64_t{1'700'000'000'000'000} + i * 3'700'000'000);
    flag.push_back(i % 2 == 0);
  }
  Schema schema({{"a", TypeId::kInt64},
                 {"b", TypeId::kInt64},
                 {"s", TypeId::kString},
                 {"x", TypeId::kFloat64},
                 {"d", TypeId::kDate},
                 {"ts", DataType::datetime(TimeUnit::kMicro, "UTC")},
                 {"flag", TypeId::kBoolean}});
  return DataFrame(schema, {fixed_column<int64_t>(TypeId::kInt64, a), fixed_column<int64_t>(TypeId::kInt64, b),
                            string_column(s), fixed_column<double>(TypeId::kFloat64, x),
                            fixed_column<int32_t>(TypeId::kDate, d), fixed_column<int64_t>(schema[5].type, ts),
                            fixed_column<uint8_t>(TypeId::kBoolean, flag)});
}

LazyFrame frame() { return LazyFrame::from_frame(sample()); }

/// A fresh directory under the system's temp folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("floe_plan_serde_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

/// Every cell of two frames (no NaNs in these tests), plus the printed form. Floats may differ in
/// their last bits: threads merge partial aggregates (std, var, mean) in the order they finish.
void expect_frames_equal(const DataFrame& got, const DataFrame& want) {
  EXPECT_EQ(got.to_string(), want.to_string());
  ASSERT_EQ(got.schema(), want.schema());
  ASSERT_EQ(got.num_rows(), want.num_rows());
  for (size_t c = 0; c < want.num_columns(); ++c) {
    ColumnPtr g = got.column(c), w = want.column(c);
    for (int64_t r = 0; r < want.num_rows(); ++r) {
      const Scalar a = Scalar::from_column(*g, r), b = Scalar::from_column(*w, r);
      if (w->type().is_float() && !a.is_null() && !b.is_null()) {
        ASSERT_NEAR(a.as_double(), b.as_double(), 1e-12 * std::max(1.0, std::abs(b.as_double())))
            << "column " << want.schema()[c].name << " row " << r;
        continue;
      }
      ASSERT_EQ(a, b) << "column " << want.schema()[c].name << " row " << r;
    }
  }
}

/// Serializes, parses back, and checks the text and the bytes of the plan survived.
PlanPtr round_trip(const PlanPtr& plan) {
  std::string bytes = serialize_plan(plan);
  PlanPtr back = deserialize_plan(bytes);
  EXPECT_EQ(format_plan(*back), format_plan(*plan));
  EXPECT_EQ(back->schema, plan->schema);
  // Fields explain() does not print (suffix, nulls_last, options...) must survive too.
  EXPECT_EQ(serialize_plan(back), bytes);
  return back;
}

/// Rows in a defined order (ascending by every column, nulls last), for results whose order
/// is not defined (hash joins, group_by without maintain_order).
DataFrame sort_rows(const DataFrame& df) {
  std::vector<Expr> by;
  for (const auto& f : df.schema()) by.push_back(col(f.name));
  if (by.empty()) return df;
  return LazyFrame::from_frame(df).sort(by, SortOptions{{false}, {true}, false}).collect();
}

/// The plan and its round trip, both before and after optimization, give the same rows.
void expect_same_result(const LazyFrame& lf, bool sorted = false) {
  auto order = [&](DataFrame df) { return sorted ? sort_rows(df) : df; };
  DataFrame want = order(lf.collect());
  expect_frames_equal(order(LazyFrame(round_trip(lf.plan())).collect()), want);
  // Workers receive optimized fragments: pushed-down predicates, projections and limits.
  expect_frames_equal(order(execute(round_trip(optimize(lf.plan())))), want);
}

Expr expr_round_trip(const Expr& e) {
  proto::Expr msg;
  to_proto(e, &msg);
  Expr back = expr_from_proto(msg);
  proto::Expr again;
  to_proto(back, &again);
  EXPECT_EQ(again.SerializeAsString(), msg.SerializeAsString());
  EXPECT_EQ(back.to_string(), e.to_string());
  EXPECT_EQ(back->kind, e->kind);
  return back;
}

// ---- enums walked kind by kind ----

Expr example(ExprKind kind) {
  switch (kind) {
    case ExprKind::kColumn: return col("a");
    case ExprKind::kColumns: return cols({"a", "b"});
    case ExprKind::kWildcard: return all().exclude({"s", "x"});
    case ExprKind::kDtypeColumns: return dtype_cols({TypeId::kInt64, DataType::datetime(TimeUnit::kNano, "UTC")});
    case ExprKind::kLiteral: return dynamic_lit(Scalar::int64(5));
    case ExprKind::kAlias: return col("a").alias("z");
    case ExprKind::kArith: return floor_div(col("a"), lit(int64_t{3}));
    case ExprKind::kCompare: return col("a") >= col("b");
    case ExprKind::kBool: return (col("a") > lit(int64_t{1})) ^ (col("b") < lit(int64_t{2}));
    case ExprKind::kNot: return !col("flag");
    case ExprKind::kNegate: return -col("x");
    case ExprKind::kCast: return col("a").cast(TypeId::kUInt16, /*strict=*/false);
    case ExprKind::kIsNull: return col("b").is_not_null();
    case ExprKind::kFillNull: return col("b").fill_null(lit(int64_t{0}));
    case ExprKind::kFillNan: return col("x").fill_nan(lit(1.5));
    case ExprKind::kIsIn: return col("s").is_in({Scalar::string("k1"), Scalar::null(TypeId::kString)});
    case ExprKind::kTernary: return when(col("a") > lit(int64_t{3})).then(col("x")).otherwise(lit(0.0));
    case ExprKind::kFunction: return col("s").str().replace("k", "K", /*literal=*/true, 2);
    case ExprKind::kAgg: return col("x").quantile(0.25, "linear");
    case ExprKind::kLen: return len();
    case ExprKind::kFilter: return col("a").filter(col("b") > lit(int64_t{2}));
    case ExprKind::kSortExpr: return col("a").sort(/*descending=*/true);
    case ExprKind::kIntRange: return int_range(3, 40, 2);
    case ExprKind::kWindowFunction: return col("a").window("shift", {Scalar::int64(2)});
    case ExprKind::kOver: return col("x").sum().over({col("s")}, {col("a")}, true, true);
  }
  return Expr();
}

LazyFrame example(PlanKind kind) {
  switch (kind) {
    case PlanKind::kScan: return frame();
    case PlanKind::kSelect: return frame().select({col("a"), (col("x") * lit(2.0)).alias("x2")});
    case PlanKind::kWithColumns: return frame().with_columns({(col("a") + col("b")).alias("ab")});
    case PlanKind::kFilter: return frame().filter(col("b").is_null() | (col("x") > lit(10.0)));
    case PlanKind::kAggregate:
      return frame().group_by_agg({col("s")}, {col("x").sum(), col("a").max().alias("m")}, /*maintain_order=*/true);
    case PlanKind::kSlice: return frame().slice(-7, 3);
    case PlanKind::kSort: return frame().sort({col("b"), col("a")}, SortOptions{{true, false}, {true}, true});
    case PlanKind::kConcat: return concat({frame(), frame().filter(col("flag"))});
    case PlanKind::kRowIndex: return frame().with_row_index("idx", 5);
    case PlanKind::kJoin:
      return frame().join(frame().select({col("a"), col("s").alias("s2")}), {col("a")}, {col("a")}, "left", "_r");
    case PlanKind::kCache: {
      // The optimizer makes these for subplans read twice; a hand-made one reads as its input.
      auto cache = std::make_shared<PlanNode>();
      cache->kind = PlanKind::kCache;
      cache->inputs = {frame().filter(col("x") > lit(1.0)).plan()};
      cache->schema = cache->inputs[0]->schema;
      cache->cache_id = 3;
      return LazyFrame(cache);
    }
  }
  return LazyFrame();
}

TEST(PlanSerdeKinds, EveryExprKindRoundTrips) {
  for (int k = 0; k <= static_cast<int>(ExprKind::kOver); ++k) {
    auto kind = static_cast<ExprKind>(k);
    Expr e = example(kind);
    ASSERT_NE(e.node(), nullptr) << "no example for ExprKind " << k;
    ASSERT_EQ(e->kind, kind) << "the example for ExprKind " << k << " builds another kind";
    expr_round_trip(e);
  }
  // The wire enum has exactly one value per C++ kind, plus UNSPECIFIED.
  EXPECT_EQ(proto::ExprKind_descriptor()->value_count(), static_cast<int>(ExprKind::kOver) + 2);
}

TEST(PlanSerdeKinds, EveryOperatorRoundTrips) {
  for (int op = 0; op <= static_cast<int>(compute::ArithOp::kPow); ++op) {
    EXPECT_EQ(expr_round_trip(arith(static_cast<compute::ArithOp>(op), col("a"), col("b")))->arith_op,
              static_cast<compute::ArithOp>(op));
  }
  for (int op = 0; op <= static_cast<int>(compute::CompareOp::kGe); ++op) {
    EXPECT_EQ(expr_round_trip(compare(static_cast<compute::CompareOp>(op), col("a"), col("b")))->compare_op,
              static_cast<compute::CompareOp>(op));
  }
  EXPECT_EQ(expr_round_trip(col("flag") & col("flag"))->bool_op, compute::BoolOp::kAnd);
  EXPECT_EQ(expr_round_trip(col("flag") | col("flag"))->bool_op, compute::BoolOp::kOr);
  EXPECT_EQ(expr_round_trip(col("flag") ^ col("flag"))->bool_op, compute::BoolOp::kXor);
}

TEST(PlanSerdeKinds, EveryPlanKindRoundTripsAndRunsTheSame) {
  for (int k = 0; k <= static_cast<int>(PlanKind::kCache); ++k) {
    auto kind = static_cast<PlanKind>(k);
    LazyFrame lf = example(kind);
    ASSERT_EQ(lf.plan()->kind, kind) << "the example for PlanKind " << k << " builds another kind";
    SCOPED_TRACE(format_plan(*lf.plan()));
    expect_same_result(lf, kind == PlanKind::kJoin);
  }
  EXPECT_EQ(proto::PlanKind_descriptor()->value_count(), static_cast<int>(PlanKind::kCache) + 2);
}

TEST(PlanSerdeKinds, EveryAggKindRoundTripsAndAggregatesTheSame) {
  std::vector<Expr> aggs;
  for (int k = 0; k <= static_cast<int>(compute::AggKind::kQuantile); ++k) {
    auto kind = static_cast<compute::AggKind>(k);
    compute::AggOptions o;
    o.ddof = 0;
    o.quantile = 0.3;
    o.interpolation = "midpoint";
    Expr e = col("x").agg(kind, o).alias(std::string("agg_") + compute::agg_name(kind));
    Expr back = expr_round_trip(e);
    EXPECT_EQ(back->children[0]->agg, kind);
    EXPECT_EQ(back->children[0]->agg_options.ddof, 0);
    EXPECT_EQ(back->children[0]->agg_options.quantile, 0.3);
    EXPECT_EQ(back->children[0]->agg_options.interpolation, "midpoint");
    aggs.push_back(e);
  }
  aggs.push_back(col("a").std(0).alias("std0"));
  aggs.push_back(col("a").quantile(0.9, "linear").alias("q90"));
  expect_same_result(frame().group_by_agg({col("s"), col("flag")}, aggs, /*maintain_order=*/true));
  expect_same_result(frame().group_by_agg({col("b")}, {col("a").sum(), len()}), /*sorted=*/true);
}

// ---- types and values ----

TEST(PlanSerdeValues, EveryDataTypeRoundTrips) {
  for (int id = 0; id <= static_cast<int>(TypeId::kTime); ++id) {
    for (TimeUnit u : {TimeUnit::kMilli, TimeUnit::kMicro, TimeUnit::kNano}) {
      DataType t(static_cast<TypeId>(id), u, id == static_cast<int>(TypeId::kDatetime) ? "Asia/Kolkata" : "");
      proto::DataType m;
      to_proto(t, &m);
      DataType back = data_type_from_proto(m);
      EXPECT_EQ(back.id, t.id);
      EXPECT_EQ(back.unit, t.unit);
      EXPECT_EQ(back.tz, t.tz);
    }
  }
}

TEST(PlanSerdeValues, DecimalTypesAndLiteralsRoundTrip) {
  proto::DataType m;
  to_proto(DataType::decimal(15, 2), &m);
  EXPECT_EQ(data_type_from_proto(m), DataType::decimal(15, 2));
  Scalar v = Scalar::decimal(-(static_cast<__int128>(1) << 90), 38, 4);
  proto::Scalar sm;
  to_proto(v, &sm);
  EXPECT_EQ(scalar_from_proto(sm), v);
  m.set_precision(39);
  EXPECT_THROW(data_type_from_proto(m), ComputeError);
}

TEST(PlanSerdeValues, ScalarsOfEveryTypeRoundTrip) {
  std::vector<Scalar> values = {
      Scalar(),
      Scalar::boolean(true),
      Scalar::boolean(false),
      Scalar(TypeId::kInt8, int64_t{-128}),
      Scalar(TypeId::kInt16, int64_t{-32768}),
      Scalar(TypeId::kInt32, int64_t{2147483647}),
      Scalar::int64(INT64_MIN),
      Scalar(TypeId::kUInt8, uint64_t{255}),
      Scalar(TypeId::kUInt16, uint64_t{65535}),
      Scalar(TypeId::kUInt32, uint64_t{4294967295u}),
      Scalar(TypeId::kUInt64, UINT64_MAX),
      Scalar(TypeId::kFloat32, 1.5),
      Scalar::float64(-0.0),
      Scalar::float64(1e300),
      Scalar::string(""),
      Scalar::string(std::string("nul\0byte \xC3\xA9", 11)),
      Scalar(TypeId::kBinary, std::string("\x00\xFF", 2)),
      Scalar(TypeId::kDate, int64_t{-719162}),
      Scalar(DataType::datetime(TimeUnit::kNano, "America/New_York"), int64_t{1'700'000'000'000'000'000}),
      Scalar(DataType::datetime(TimeUnit::kMilli), int64_t{-1}),
      Scalar(DataType::duration(TimeUnit::kMilli), int64_t{-86'400'000}),
      Scalar(TypeId::kTime, int64_t{86'399'999'999'999}),
  };
  for (int id = 0; id <= static_cast<int>(TypeId::kTime); ++id) values.push_back(Scalar::null(static_cast<TypeId>(id)));
  values.push_back(Scalar::null(DataType::datetime(TimeUnit::kMilli, "UTC")));
  for (const auto& v : values) {
    proto::Scalar m;
    to_proto(v, &m);
    Scalar back = scalar_from_proto(m);
    EXPECT_EQ(back, v) << v.type().to_string();
    EXPECT_EQ(back.type().tz, v.type().tz);
    EXPECT_EQ(back.is_null(), v.is_null());
  }
}

TEST(PlanSerdeValues, LiteralsOfEveryTypeEvaluateTheSame) {
  std::vector<Expr> lits = {
      lit(Scalar(TypeId::kInt8, int64_t{-8})).alias("i8"),
      lit(Scalar(TypeId::kInt16, int64_t{-16})).alias("i16"),
      lit(int64_t{32}).alias("i32"),
      lit(int64_t{1} << 40).alias("i64"),
      lit(Scalar(TypeId::kUInt8, uint64_t{8})).alias("u8"),
      lit(Scalar(TypeId::kUInt16, uint64_t{16})).alias("u16"),
      lit(Scalar(TypeId::kUInt32, uint64_t{32})).alias("u32"),
      lit(Scalar(TypeId::kUInt64, uint64_t{1} << 63)).alias("u64"),
      lit(Scalar(TypeId::kFloat32, 0.25)).alias("f32"),
      lit(2.5).alias("f64"),
      dynamic_lit(Scalar::float64(0.5)).alias("dyn"),
      lit(true).alias("t"),
      lit("text").alias("str"),
      lit(Scalar(TypeId::kDate, int64_t{19723})).alias("date"),
      lit(Scalar(DataType::datetime(TimeUnit::kMicro, "Europe/Amsterdam"), int64_t{1'704'067'200'000'000})).alias("dt"),
      lit(Scalar(DataType::duration(TimeUnit::kMilli), int64_t{90'000})).alias("dur"),
      lit(Scalar::null(TypeId::kInt32)).alias("null_i32"),
      lit(Scalar()).alias("null"),
      (col("a") + dynamic_lit(Scalar::int64(1))).alias("a1"),
  };
  expect_same_result(frame().with_columns(lits));
}

// ---- queries ----

TEST(PlanSerdeQueries, JoinsOfEveryHowRunTheSame) {
  LazyFrame left = frame().select({col("a"), col("b"), col("s")});
  LazyFrame right = frame().filter(col("a") % lit(int64_t{3}) == lit(int64_t{0}))
                        .select({(col("a") + lit(int64_t{1})).alias("a"), col("b"), col("x")});
  for (const char* how : {"inner", "left", "right", "full", "semi", "anti"}) {
    SCOPED_TRACE(how);
    expect_same_result(left.join(right, {col("a")}, {col("a")}, how, "_rt", /*nulls_equal=*/false), true);
    expect_same_result(left.join(right, {col("b"), col("a")}, {col("b"), col("a")}, how, "_rt", /*nulls_equal=*/true,
                                 /*coalesce=*/false, "m:m"),
                       true);
  }
  expect_same_result(left.join(right, {col("a")}, {col("a")}, "inner", "_x", false, std::nullopt, "1:1"), true);
  expect_same_result(left.head(4).join(right.head(3), {}, {}, "cross"), true);

  AsofOptions asof;
  asof.strategy = "nearest";
  asof.tolerance = 25.0;
  asof.allow_exact_matches = false;
  asof.check_sortedness = false;
  LazyFrame l = frame().select({(col("a") * lit(int64_t{10})).alias("t"), col("s"), col("a")});
  LazyFrame r = frame().select({(col("a") * lit(int64_t{7}) + lit(int64_t{3})).alias("t"), col("s"), col("x")});
  LazyFrame j = l.join_asof(r, col("t"), col("t"), {col("s")}, {col("s")}, asof, "_asof", false);
  PlanPtr back = round_trip(j.plan());
  EXPECT_EQ(back->asof.strategy, "nearest");
  EXPECT_EQ(back->asof.tolerance, std::optional<double>(25.0));
  EXPECT_FALSE(back->asof.allow_exact_matches);
  EXPECT_FALSE(back->asof.check_sortedness);
  EXPECT_FALSE(back->coalesce);
  expect_same_result(j);
  expect_same_result(l.join_asof(r, col("t"), col("t"), {}, {}, AsofOptions{}));
}

TEST(PlanSerdeQueries, SortWindowsConditionalsAndFunctionsRunTheSame) {
  // Sort with per-key options, and its top-k form (the optimizer folds the head into `limit`).
  LazyFrame sorted = frame().sort({col("b"), col("x")}, SortOptions{{true, false}, {false, true}, true});
  expect_same_result(sorted);
  PlanPtr topk = optimize(sorted.head(6).plan());
  PlanPtr back = round_trip(topk);
  expect_frames_equal(execute(back), execute(topk));

  expect_same_result(frame().with_columns({
      col("x").sum().over({col("s")}).alias("sum_s"),
      col("a").window("cum_sum").over({col("s")}, {col("x")}, true, true).alias("cum"),
      col("a").window("rank", {Scalar::string("dense"), Scalar::boolean(true)}).alias("rank"),
      col("b").window("diff", {Scalar::int64(2), Scalar::string("ignore")}).alias("diff"),
      when(col("a") < lit(int64_t{10})).then(lit("low")).when(col("a") < lit(int64_t{30})).then(lit("mid"))
          .otherwise(lit("high")).alias("band"),
      when(col("flag")).then(col("x")).end().alias("maybe"),
      col("s").str().contains("k[12]", false, true).alias("re"),
      col("s").str().slice(1, 1).alias("sl"),
      col("s").str().strip_chars(std::string("k")).alias("strip"),
      col("s").str().to_uppercase().str().len_chars().alias("len"),
      col("s").str().replace_all("k", "key", true).alias("rep"),
      col("d").dt().year().alias("year"),
      col("d").dt().weekday().alias("wd"),
      col("ts").dt().truncate("1h").alias("hour"),
      col("ts").dt().quarter().alias("q"),
      col("x").round(1).clip(Scalar::float64(2.0), std::nullopt).alias("clip"),
      col("a").cast(TypeId::kInt8, false).alias("i8"),
      col("x").cast(TypeId::kString).alias("xs"),
      col("d").cast(DataType::datetime(TimeUnit::kMilli, "UTC")).alias("dms"),
      col("a").is_in({Scalar::int64(3), Scalar::int64(7), Scalar::null(TypeId::kInt64)}).alias("in"),
      col("a").is_between(lit(int64_t{5}), lit(int64_t{9}), "left").alias("between"),
      col("x").fill_null(col("a").cast(TypeId::kFloat64)).alias("filled"),
  }));
  expect_same_result(frame().select({int_range(0, kRows, 1).alias("r"), col("a").sort(true).alias("desc")}));
  expect_same_result(frame().select({col("a").filter(col("flag")).sum().alias("even"), len()}));
}

TEST(PlanSerdeQueries, RowIndexConcatSliceUniqueRunTheSame) {
  expect_same_result(frame().with_row_index("row", 100).slice(10, 5));
  expect_same_result(frame().tail(4));
  expect_same_result(concat({frame().head(3), frame().tail(3)}));
  expect_same_result(concat({frame().select({col("a").cast(TypeId::kInt32)}), frame().select({col("b").alias("a")})},
                            "vertical_relaxed"));
  // unique() is a group_by (kAggregate) under a select; "none" adds a filter, "last" with
  // maintain_order a row index and a sort.
  LazyFrame u = frame().unique({"s", "flag"}, "first", true);
  EXPECT_EQ(u.plan()->kind, PlanKind::kSelect);
  EXPECT_EQ(u.plan()->input()->kind, PlanKind::kAggregate);
  expect_same_result(u);
  expect_same_result(frame().unique({"b"}, "last", true));
  expect_same_result(frame().unique({"b"}, "none"), true);
  expect_same_result(frame().drop({"ts"}).rename({{"a", "alpha"}}));
  expect_same_result(LazyFrame());
}

// ---- sources ----

TEST(PlanSerdeSources, ParquetScanRebuildsWithEveryOption) {
  TempDir dir;
  io::ParquetWriteOptions wo;
  wo.row_group_size = 10;
  io::write_parquet(sample(), dir.file("t.parquet"), wo);
  ParquetScanOptions o;
  o.hive_partitioning = false;
  o.include_file_paths = "file";
  o.use_statistics = false;
  o.allow_missing_columns = true;
  o.ignore_extra_columns = true;
  o.row_groups = std::vector<int64_t>{1, 3};
  LazyFrame lf = scan_parquet({dir.file("t.parquet")}, o);
  PlanPtr back = round_trip(lf.plan());
  const auto* src = dynamic_cast<const ParquetSource*>(back->source.get());
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->sources(), std::vector<std::string>{dir.file("t.parquet")});
  EXPECT_EQ(src->options().hive_partitioning, std::optional<bool>(false));
  EXPECT_EQ(src->options().include_file_paths, std::optional<std::string>("file"));
  EXPECT_FALSE(src->options().use_statistics);
  EXPECT_TRUE(src->options().allow_missing_columns);
  EXPECT_TRUE(src->options().ignore_extra_columns);
  EXPECT_EQ(src->options().row_groups, (std::optional<std::vector<int64_t>>{{1, 3}}));
  expect_same_result(lf.filter(col("a") > lit(int64_t{12})).select({col("a"), col("s"), col("file")}));
  expect_same_result(scan_parquet({dir.file("t.parquet")}).group_by_agg({col("s")}, {col("x").mean()}, true));
}

TEST(PlanSerdeSources, CsvScanRebuildsWithEveryOption) {
  TempDir dir;
  io::CsvWriteOptions wo;
  wo.separator = ';';
  wo.null_value = "NA";
  std::string path = dir.file("t.csv");
  {
    std::ofstream out(path);
    out << "# a comment\nskipped line\n";
    out << io::write_csv_string(sample().rechunk(), wo);
  }
  io::CsvReadOptions o;
  o.separator = ';';
  o.quote_char = '\'';
  o.null_values = {"NA", "-"};
  o.schema_overrides = {{"b", TypeId::kFloat64}, {"zzz", TypeId::kInt8}};
  o.infer_schema_length = 20;
  o.columns = std::vector<std::string>{"s", "a", "b", "d"};
  o.n_rows = 40;
  o.skip_rows = 1;
  o.try_parse_dates = true;
  o.comment_prefix = '#';
  o.truncate_ragged_lines = true;
  o.ignore_errors = true;
  LazyFrame lf = scan_csv(path, o);
  PlanPtr back = round_trip(lf.plan());
  const auto* src = dynamic_cast<const CsvSource*>(back->source.get());
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->path(), path);
  const auto& r = src->options();
  EXPECT_EQ(r.separator, ';');
  EXPECT_EQ(r.quote_char, std::optional<char>('\''));
  EXPECT_EQ(r.null_values, (std::vector<std::string>{"NA", "-"}));
  EXPECT_EQ(r.schema_overrides, o.schema_overrides);
  EXPECT_EQ(r.infer_schema_length, 20);
  EXPECT_EQ(r.columns, o.columns);
  EXPECT_EQ(r.n_rows, std::optional<int64_t>(40));
  EXPECT_EQ(r.skip_rows, 1);
  EXPECT_TRUE(r.try_parse_dates && r.truncate_ragged_lines && r.ignore_errors && r.has_header);
  EXPECT_EQ(r.comment_prefix, std::optional<char>('#'));
  EXPECT_EQ(src->schema(), lf.plan()->schema);
  EXPECT_EQ(src->schema()[2].type, DataType(TypeId::kFloat64));
  EXPECT_EQ(src->schema()[3].type, DataType(TypeId::kDate));
  expect_same_result(lf.filter(col("b") > lit(2.0)).with_columns({col("d").dt().month().alias("m")}));
}

TEST(PlanSerdeSources, ChangedFileIsASchemaMismatch) {
  TempDir dir;
  std::string path = dir.file("t.parquet");
  io::write_parquet(sample(), path);
  std::string bytes = serialize_plan(scan_parquet({path}).filter(col("a") > lit(int64_t{1})).plan());
  io::write_parquet(frame().with_columns({col("a").cast(TypeId::kFloat64)}).collect(), path);
  try {
    deserialize_plan(bytes);
    FAIL() << "expected SchemaMismatch";
  } catch (const SchemaMismatch& e) {
    EXPECT_NE(std::string(e.what()).find("no longer has the schema the plan was built with"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("('a', Float64)"), std::string::npos) << e.what();
  }
}

TEST(PlanSerdeSources, CsvKeepsTheSchemaInferredWhenThePlanWasBuilt) {
  // The CSV source travels with the schema it inferred (CsvSource keeps it in its options), so
  // workers parse with the planner's types instead of inferring again from their own view.
  TempDir dir;
  std::string path = dir.file("t.csv");
  { std::ofstream(path) << "a,b\n1,x\n2,y\n"; }
  std::string bytes = serialize_plan(scan_csv(path).plan());
  { std::ofstream(path) << "a,b\n1,x\n2,y\n3,z\n"; }
  PlanPtr back = deserialize_plan(bytes);
  EXPECT_EQ(back->schema, Schema({{"a", TypeId::kInt64}, {"b", TypeId::kString}}));
  EXPECT_EQ(execute(back).num_rows(), 3);
  // A renamed column no longer fits that schema.
  { std::ofstream(path) << "a,c\n1,x\n"; }
  try {
    deserialize_plan(bytes);
    FAIL() << "expected SchemaMismatch for the renamed column";
  } catch (const SchemaMismatch& e) {
    EXPECT_NE(std::string(e.what()).find("extra names: [\"c\"]"), std::string::npos) << e.what();
  }
}

TEST(PlanSerdeSources, ExchangeRoundTrips) {
  Schema schema({{"k", TypeId::kString}, {"v", DataType::duration(TimeUnit::kNano)}});
  LazyFrame lf = LazyFrame::scan(std::make_shared<ExchangeSource>(7, schema))
                     .group_by_agg({col("k")}, {col("v").sum()});
  PlanPtr back = round_trip(lf.plan());
  const auto* ex = dynamic_cast<const ExchangeSource*>(back->input()->source.get());
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->stage(), 7);
  EXPECT_EQ(ex->schema(), schema);
}

class OddSource final : public ScanSource {
 public:
  const Schema& schema() const override { return schema_; }
  std::string describe() const override { return "ODD SOURCE 42"; }

 private:
  Schema schema_{{{"a", TypeId::kInt64}}};
};

TEST(PlanSerdeSources, UnknownSourceIsRefusedByName) {
  LazyFrame lf = LazyFrame::scan(std::make_shared<OddSource>()).select({col("a")});
  try {
    serialize_plan(lf.plan());
    FAIL() << "expected InvalidOperation";
  } catch (const InvalidOperation& e) {
    EXPECT_NE(std::string(e.what()).find("ODD SOURCE 42"), std::string::npos) << e.what();
  }
}

// ---- malformed messages ----

proto::PlanNode encoded(const LazyFrame& lf) {
  proto::PlanNode m;
  to_proto(*lf.plan(), &m);
  return m;
}

template <typename F>
void expect_malformed(F&& decode, const std::string& needle) {
  try {
    decode();
    ADD_FAILURE() << "expected ComputeError mentioning '" << needle << "'";
  } catch (const ComputeError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("malformed plan message"), std::string::npos) << e.what();
  }
}

TEST(PlanSerdeMalformed, BadBytesAndMissingKinds) {
  expect_malformed([] { deserialize_plan(""); }, "without a kind");
  expect_malformed([] { deserialize_plan("\xFF\xFF\xFF garbage"); }, "do not parse");
  std::string bytes = serialize_plan(example(PlanKind::kJoin).plan());
  expect_malformed([&] { deserialize_plan(std::string_view(bytes).substr(0, bytes.size() / 2)); }, "do not parse");
  // Nesting past the limit is refused by the parser rather than overflowing the stack.
  proto::PlanNode deep;
  proto::PlanNode* cur = &deep;
  for (int i = 0; i < 5000; ++i) {
    cur->set_kind(proto::PLAN_SLICE);
    cur = cur->add_inputs();
  }
  expect_malformed([&] { deserialize_plan(deep.SerializeAsString()); }, "nested deeper");
}

TEST(PlanSerdeMalformed, UnknownEnumValues) {
  auto m = encoded(frame().select({col("a") + col("b")}));
  auto bad = m;
  bad.set_kind(static_cast<proto::PlanKind>(99));
  expect_malformed([&] { from_proto(bad); }, "unknown plan node kind 99");
  bad = m;
  bad.mutable_exprs(0)->set_kind(static_cast<proto::ExprKind>(77));
  expect_malformed([&] { from_proto(bad); }, "unknown expression kind 77");
  bad = m;
  bad.mutable_exprs(0)->set_arith_op(static_cast<proto::ArithOp>(12));
  expect_malformed([&] { from_proto(bad); }, "unknown arithmetic operator 12");
  bad = m;
  bad.mutable_exprs(0)->set_agg(static_cast<proto::AggKind>(-3));
  expect_malformed([&] { from_proto(bad); }, "unknown aggregate kind -3");
  bad = m;
  bad.mutable_schema()->mutable_fields(0)->mutable_type()->set_id(static_cast<proto::TypeId>(40));
  expect_malformed([&] { from_proto(bad); }, "unknown data type id 40");
  bad = m;
  bad.mutable_schema()->mutable_fields(0)->mutable_type()->set_unit(static_cast<proto::TimeUnit>(5));
  expect_malformed([&] { from_proto(bad); }, "unknown time unit 5");
  bad = m;
  bad.mutable_exprs(0)->clear_kind();
  expect_malformed([&] { from_proto(bad); }, "expression without a kind");
}

TEST(PlanSerdeMalformed, WrongShapes) {
  auto filter = encoded(frame().filter(col("flag")));
  filter.clear_predicate();
  expect_malformed([&] { from_proto(filter); }, "filter node without a predicate");

  auto join = encoded(example(PlanKind::kJoin));
  join.mutable_inputs()->RemoveLast();
  expect_malformed([&] { from_proto(join); }, "join node with 1 inputs; expected 2");
  join = encoded(example(PlanKind::kJoin));
  join.set_how("sideways");
  expect_malformed([&] { from_proto(join); }, "unknown join type 'sideways'");
  join = encoded(example(PlanKind::kJoin));
  join.mutable_exprs()->Clear();
  expect_malformed([&] { from_proto(join); }, "1 left keys and 0 right keys");

  auto scan = encoded(frame());
  scan.clear_source();
  expect_malformed([&] { from_proto(scan); }, "scan node without a source");
  scan = encoded(frame());
  scan.mutable_source()->mutable_frame()->set_block("not a block");
  expect_malformed([&] { from_proto(scan); }, "in-memory frame");

  auto sort = encoded(example(PlanKind::kSort));
  sort.mutable_sort_options()->RemoveLast();
  expect_malformed([&] { from_proto(sort); }, "sort node with 2 keys and 1 key options");
  auto slice = encoded(frame().head(2));
  slice.add_inputs()->CopyFrom(slice.inputs(0));
  expect_malformed([&] { from_proto(slice); }, "slice node with 2 inputs; expected 1");
  auto cat = encoded(example(PlanKind::kConcat));
  cat.clear_inputs();
  expect_malformed([&] { from_proto(cat); }, "concat node without inputs");

  auto arith = encoded(frame().select({col("a") + col("b")}));
  arith.mutable_exprs(0)->mutable_children()->RemoveLast();
  expect_malformed([&] { from_proto(arith); }, "EXPR_ARITH expression has 1 children; expected 2");
  proto::Expr over;
  to_proto(example(ExprKind::kOver), &over);
  over.mutable_params(0)->set_int_value(5);
  expect_malformed([&] { expr_from_proto(over); }, "over() names 5 partition keys but has 2 key expressions");
  proto::Expr range;
  to_proto(int_range(0, 3), &range);
  range.mutable_params()->RemoveLast();
  expect_malformed([&] { expr_from_proto(range); }, "int_range needs integer start, end and step");
  proto::Expr literal;
  to_proto(lit("x"), &literal);
  literal.mutable_literal()->set_int_value(3);
  expect_malformed([&] { expr_from_proto(literal); }, "literal of type str holds a value of the wrong kind");
}

TEST(PlanSerdeMalformed, BadSourceOptions) {
  TempDir dir;
  std::string path = dir.file("t.csv");
  { std::ofstream(path) << "a\n1\n"; }
  auto csv = encoded(scan_csv(path));
  csv.mutable_source()->mutable_csv()->mutable_options()->set_separator(300);
  expect_malformed([&] { from_proto(csv); }, "CSV separator must be one byte, got 300");
  csv = encoded(scan_csv(path));
  csv.mutable_source()->mutable_csv()->clear_schema();
  expect_malformed([&] { from_proto(csv); }, "lacks its options or schema");
  proto::PlanNode pq;
  pq.set_kind(proto::PLAN_SCAN);
  pq.mutable_source()->mutable_parquet();
  expect_malformed([&] { from_proto(pq); }, "Parquet source without files");
}

}  // namespace
}  // namespace floe::cluster
