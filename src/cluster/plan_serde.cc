// Plan and expression serde: C++ structs to proto messages and back, validating on the way in.
#include "cluster/plan_serde.h"

#include <utility>
#include <variant>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "cluster/block_format.h"
#include "cluster/exchange_source.h"
#include "core/error.h"
#include "exec/csv_source.h"
#include "exec/parquet_source.h"

// Every switch over a C++ enum lists all its values: a new PlanKind, ExprKind, TypeId or
// operator without a wire mapping must fail the build, not fall through at run time.
#pragma GCC diagnostic error "-Wswitch"

namespace floe::cluster {

namespace {

// Plans nest one message level per node and expressions one per operator; protobuf's default
// limit of 100 would refuse long when/then chains or deep with_columns stacks.
constexpr int kMaxNesting = 1000;

#define FLOE_MALFORMED(cond, ...) FLOE_USER_CHECK(cond, ComputeError, "malformed plan message: {}", fmt::format(__VA_ARGS__))

// ---- enums ----

proto::TypeId type_id_to_proto(TypeId id) {
  switch (id) {
    case TypeId::kNull: return proto::TYPE_NULL;
    case TypeId::kBoolean: return proto::TYPE_BOOLEAN;
    case TypeId::kInt8: return proto::TYPE_INT8;
    case TypeId::kInt16: return proto::TYPE_INT16;
    case TypeId::kInt32: return proto::TYPE_INT32;
    case TypeId::kInt64: return proto::TYPE_INT64;
    case TypeId::kUInt8: return proto::TYPE_UINT8;
    case TypeId::kUInt16: return proto::TYPE_UINT16;
    case TypeId::kUInt32: return proto::TYPE_UINT32;
    case TypeId::kUInt64: return proto::TYPE_UINT64;
    case TypeId::kFloat32: return proto::TYPE_FLOAT32;
    case TypeId::kFloat64: return proto::TYPE_FLOAT64;
    case TypeId::kString: return proto::TYPE_STRING;
    case TypeId::kBinary: return proto::TYPE_BINARY;
    case TypeId::kDate: return proto::TYPE_DATE;
    case TypeId::kDatetime: return proto::TYPE_DATETIME;
    case TypeId::kDuration: return proto::TYPE_DURATION;
    case TypeId::kTime: return proto::TYPE_TIME;
    case TypeId::kDecimal: return proto::TYPE_DECIMAL;
    case TypeId::kList:
    case TypeId::kStruct:
      // The wire format has no member types yet: refuse clearly rather than lose them.
      throw InvalidOperation(fmt::format("{} columns are not supported across the cluster yet",
                                         id == TypeId::kList ? "List" : "Struct"));
  }
  throw InternalError(fmt::format("TypeId {} has no wire value", static_cast<int>(id)));
}

TypeId type_id_from_proto(int v) {
  switch (v) {
    case proto::TYPE_NULL: return TypeId::kNull;
    case proto::TYPE_BOOLEAN: return TypeId::kBoolean;
    case proto::TYPE_INT8: return TypeId::kInt8;
    case proto::TYPE_INT16: return TypeId::kInt16;
    case proto::TYPE_INT32: return TypeId::kInt32;
    case proto::TYPE_INT64: return TypeId::kInt64;
    case proto::TYPE_UINT8: return TypeId::kUInt8;
    case proto::TYPE_UINT16: return TypeId::kUInt16;
    case proto::TYPE_UINT32: return TypeId::kUInt32;
    case proto::TYPE_UINT64: return TypeId::kUInt64;
    case proto::TYPE_FLOAT32: return TypeId::kFloat32;
    case proto::TYPE_FLOAT64: return TypeId::kFloat64;
    case proto::TYPE_STRING: return TypeId::kString;
    case proto::TYPE_BINARY: return TypeId::kBinary;
    case proto::TYPE_DATE: return TypeId::kDate;
    case proto::TYPE_DATETIME: return TypeId::kDatetime;
    case proto::TYPE_DURATION: return TypeId::kDuration;
    case proto::TYPE_TIME: return TypeId::kTime;
    case proto::TYPE_DECIMAL: return TypeId::kDecimal;
  }
  FLOE_MALFORMED(false, "unknown data type id {}", v);
  __builtin_unreachable();
}

proto::TimeUnit time_unit_to_proto(TimeUnit u) {
  switch (u) {
    case TimeUnit::kMilli: return proto::TIME_UNIT_MILLI;
    case TimeUnit::kMicro: return proto::TIME_UNIT_MICRO;
    case TimeUnit::kNano: return proto::TIME_UNIT_NANO;
  }
  throw InternalError(fmt::format("TimeUnit {} has no wire value", static_cast<int>(u)));
}

TimeUnit time_unit_from_proto(int v) {
  switch (v) {
    case proto::TIME_UNIT_MILLI: return TimeUnit::kMilli;
    case proto::TIME_UNIT_MICRO: return TimeUnit::kMicro;
    case proto::TIME_UNIT_NANO: return TimeUnit::kNano;
  }
  FLOE_MALFORMED(false, "unknown time unit {}", v);
  __builtin_unreachable();
}

// The remaining enums are listed once, as pairs, and mapped both ways by a linear search over
// a handful of entries: the wire never sees a cast of a C++ enum value. The static_asserts
// after the tables check that each one covers its enum.

constexpr std::pair<ExprKind, proto::ExprKind> kExprKinds[] = {
    {ExprKind::kColumn, proto::EXPR_COLUMN},
    {ExprKind::kColumns, proto::EXPR_COLUMNS},
    {ExprKind::kWildcard, proto::EXPR_WILDCARD},
    {ExprKind::kDtypeColumns, proto::EXPR_DTYPE_COLUMNS},
    {ExprKind::kLiteral, proto::EXPR_LITERAL},
    {ExprKind::kAlias, proto::EXPR_ALIAS},
    {ExprKind::kArith, proto::EXPR_ARITH},
    {ExprKind::kCompare, proto::EXPR_COMPARE},
    {ExprKind::kBool, proto::EXPR_BOOL},
    {ExprKind::kNot, proto::EXPR_NOT},
    {ExprKind::kNegate, proto::EXPR_NEGATE},
    {ExprKind::kCast, proto::EXPR_CAST},
    {ExprKind::kIsNull, proto::EXPR_IS_NULL},
    {ExprKind::kFillNull, proto::EXPR_FILL_NULL},
    {ExprKind::kFillNan, proto::EXPR_FILL_NAN},
    {ExprKind::kIsIn, proto::EXPR_IS_IN},
    {ExprKind::kTernary, proto::EXPR_TERNARY},
    {ExprKind::kFunction, proto::EXPR_FUNCTION},
    {ExprKind::kAgg, proto::EXPR_AGG},
    {ExprKind::kLen, proto::EXPR_LEN},
    {ExprKind::kFilter, proto::EXPR_FILTER},
    {ExprKind::kSortExpr, proto::EXPR_SORT},
    {ExprKind::kIntRange, proto::EXPR_INT_RANGE},
    {ExprKind::kWindowFunction, proto::EXPR_WINDOW_FUNCTION},
    {ExprKind::kOver, proto::EXPR_OVER},
};

constexpr std::pair<PlanKind, proto::PlanKind> kPlanKinds[] = {
    {PlanKind::kScan, proto::PLAN_SCAN},         {PlanKind::kSelect, proto::PLAN_SELECT},
    {PlanKind::kWithColumns, proto::PLAN_WITH_COLUMNS}, {PlanKind::kFilter, proto::PLAN_FILTER},
    {PlanKind::kAggregate, proto::PLAN_AGGREGATE}, {PlanKind::kSlice, proto::PLAN_SLICE},
    {PlanKind::kSort, proto::PLAN_SORT},         {PlanKind::kConcat, proto::PLAN_CONCAT},
    {PlanKind::kRowIndex, proto::PLAN_ROW_INDEX}, {PlanKind::kJoin, proto::PLAN_JOIN},
    {PlanKind::kCache, proto::PLAN_CACHE},
};

constexpr std::pair<compute::ArithOp, proto::ArithOp> kArithOps[] = {
    {compute::ArithOp::kAdd, proto::ARITH_ADD},         {compute::ArithOp::kSub, proto::ARITH_SUB},
    {compute::ArithOp::kMul, proto::ARITH_MUL},         {compute::ArithOp::kTrueDiv, proto::ARITH_TRUE_DIV},
    {compute::ArithOp::kFloorDiv, proto::ARITH_FLOOR_DIV}, {compute::ArithOp::kMod, proto::ARITH_MOD},
    {compute::ArithOp::kPow, proto::ARITH_POW},
};

constexpr std::pair<compute::CompareOp, proto::CompareOp> kCompareOps[] = {
    {compute::CompareOp::kEq, proto::COMPARE_EQ}, {compute::CompareOp::kNe, proto::COMPARE_NE},
    {compute::CompareOp::kLt, proto::COMPARE_LT}, {compute::CompareOp::kLe, proto::COMPARE_LE},
    {compute::CompareOp::kGt, proto::COMPARE_GT}, {compute::CompareOp::kGe, proto::COMPARE_GE},
};

constexpr std::pair<compute::BoolOp, proto::BoolOp> kBoolOps[] = {
    {compute::BoolOp::kAnd, proto::BOOL_AND}, {compute::BoolOp::kOr, proto::BOOL_OR}, {compute::BoolOp::kXor, proto::BOOL_XOR},
};

constexpr std::pair<compute::AggKind, proto::AggKind> kAggKinds[] = {
    {compute::AggKind::kSum, proto::AGG_SUM},         {compute::AggKind::kMean, proto::AGG_MEAN},
    {compute::AggKind::kMin, proto::AGG_MIN},         {compute::AggKind::kMax, proto::AGG_MAX},
    {compute::AggKind::kCount, proto::AGG_COUNT},     {compute::AggKind::kLen, proto::AGG_LEN},
    {compute::AggKind::kNullCount, proto::AGG_NULL_COUNT}, {compute::AggKind::kNUnique, proto::AGG_N_UNIQUE},
    {compute::AggKind::kFirst, proto::AGG_FIRST},     {compute::AggKind::kLast, proto::AGG_LAST},
    {compute::AggKind::kStd, proto::AGG_STD},         {compute::AggKind::kVar, proto::AGG_VAR},
    {compute::AggKind::kMedian, proto::AGG_MEDIAN},   {compute::AggKind::kQuantile, proto::AGG_QUANTILE},
};

// The last value of each C++ enum: a value added after it fails these switches at compile time
// (-Wswitch is an error here), pointing whoever adds it at the tables above.
constexpr size_t expr_kind_count(ExprKind k) {
  switch (k) {
    case ExprKind::kColumn: case ExprKind::kColumns: case ExprKind::kWildcard: case ExprKind::kDtypeColumns:
    case ExprKind::kLiteral: case ExprKind::kAlias: case ExprKind::kArith: case ExprKind::kCompare:
    case ExprKind::kBool: case ExprKind::kNot: case ExprKind::kNegate: case ExprKind::kCast:
    case ExprKind::kIsNull: case ExprKind::kFillNull: case ExprKind::kFillNan: case ExprKind::kIsIn:
    case ExprKind::kTernary: case ExprKind::kFunction: case ExprKind::kAgg: case ExprKind::kLen:
    case ExprKind::kFilter: case ExprKind::kSortExpr: case ExprKind::kIntRange: case ExprKind::kWindowFunction:
    case ExprKind::kOver: return static_cast<size_t>(ExprKind::kOver) + 1;
  }
  return 0;
}
constexpr size_t plan_kind_count(PlanKind k) {
  switch (k) {
    case PlanKind::kScan: case PlanKind::kSelect: case PlanKind::kWithColumns: case PlanKind::kFilter:
    case PlanKind::kAggregate: case PlanKind::kSlice: case PlanKind::kSort: case PlanKind::kConcat:
    case PlanKind::kRowIndex: case PlanKind::kJoin: case PlanKind::kCache:
      return static_cast<size_t>(PlanKind::kCache) + 1;
  }
  return 0;
}
constexpr size_t agg_kind_count(compute::AggKind k) {
  switch (k) {
    case compute::AggKind::kSum: case compute::AggKind::kMean: case compute::AggKind::kMin:
    case compute::AggKind::kMax: case compute::AggKind::kCount: case compute::AggKind::kLen:
    case compute::AggKind::kNullCount: case compute::AggKind::kNUnique: case compute::AggKind::kFirst:
    case compute::AggKind::kLast: case compute::AggKind::kStd: case compute::AggKind::kVar:
    case compute::AggKind::kMedian: case compute::AggKind::kQuantile:
      return static_cast<size_t>(compute::AggKind::kQuantile) + 1;
  }
  return 0;
}
static_assert(std::size(kExprKinds) == expr_kind_count(ExprKind::kColumn));
static_assert(std::size(kPlanKinds) == plan_kind_count(PlanKind::kScan));
static_assert(std::size(kAggKinds) == agg_kind_count(compute::AggKind::kSum));
static_assert(std::size(kArithOps) == static_cast<size_t>(compute::ArithOp::kPow) + 1);
static_assert(std::size(kCompareOps) == static_cast<size_t>(compute::CompareOp::kGe) + 1);
static_assert(std::size(kBoolOps) == static_cast<size_t>(compute::BoolOp::kXor) + 1);

template <typename C, typename P, size_t N>
P enum_to_proto(const std::pair<C, P> (&table)[N], C v, const char* what) {
  for (const auto& [c, p] : table) {
    if (c == v) return p;
  }
  throw InternalError(fmt::format("{} {} has no wire value", what, static_cast<int>(v)));
}

template <typename C, typename P, size_t N>
C enum_from_proto(const std::pair<C, P> (&table)[N], int v, const char* what) {
  for (const auto& [c, p] : table) {
    if (static_cast<int>(p) == v) return c;
  }
  FLOE_MALFORMED(false, "unknown {} {}", what, v);
  __builtin_unreachable();
}

std::vector<std::string> string_list(const proto::StringList& l) { return {l.values().begin(), l.values().end()}; }

void string_list(const std::vector<std::string>& v, proto::StringList* out) {
  for (const auto& s : v) out->add_values(s);
}

// ---- scan sources ----

char byte_from_proto(uint32_t v, const char* what) {
  FLOE_MALFORMED(v <= 255, "CSV {} must be one byte, got {}", what, v);
  return static_cast<char>(static_cast<unsigned char>(v));
}

uint32_t byte_to_proto(char c) { return static_cast<unsigned char>(c); }

void csv_options_to_proto(const io::CsvReadOptions& o, proto::CsvReadOptions* out) {
  out->set_has_header(o.has_header);
  out->set_separator(byte_to_proto(o.separator));
  if (o.quote_char) out->set_quote_char(byte_to_proto(*o.quote_char));
  for (const auto& v : o.null_values) out->add_null_values(v);
  for (const auto& [name, type] : o.schema_overrides) {
    auto* f = out->add_schema_overrides();
    f->set_name(name);
    to_proto(type, f->mutable_type());
  }
  if (o.schema) to_proto(*o.schema, out->mutable_schema());
  out->set_infer_schema_length(o.infer_schema_length);
  if (o.columns) string_list(*o.columns, out->mutable_columns());
  if (o.n_rows) out->set_n_rows(*o.n_rows);
  out->set_skip_rows(o.skip_rows);
  out->set_try_parse_dates(o.try_parse_dates);
  if (o.comment_prefix) out->set_comment_prefix(byte_to_proto(*o.comment_prefix));
  out->set_truncate_ragged_lines(o.truncate_ragged_lines);
  out->set_ignore_errors(o.ignore_errors);
}

io::CsvReadOptions csv_options_from_proto(const proto::CsvReadOptions& m) {
  io::CsvReadOptions o;
  o.has_header = m.has_header();
  o.separator = byte_from_proto(m.separator(), "separator");
  o.quote_char = m.has_quote_char() ? std::optional<char>(byte_from_proto(m.quote_char(), "quote_char")) : std::nullopt;
  o.null_values.assign(m.null_values().begin(), m.null_values().end());
  for (const auto& f : m.schema_overrides()) o.schema_overrides[f.name()] = data_type_from_proto(f.type());
  if (m.has_schema()) o.schema = schema_from_proto(m.schema());
  o.infer_schema_length = m.infer_schema_length();
  if (m.has_columns()) o.columns = string_list(m.columns());
  if (m.has_n_rows()) o.n_rows = m.n_rows();
  o.skip_rows = m.skip_rows();
  o.try_parse_dates = m.try_parse_dates();
  if (m.has_comment_prefix()) o.comment_prefix = byte_from_proto(m.comment_prefix(), "comment_prefix");
  o.truncate_ragged_lines = m.truncate_ragged_lines();
  o.ignore_errors = m.ignore_errors();
  return o;
}

void parquet_options_to_proto(const ParquetScanOptions& o, proto::ParquetScanOptions* out) {
  if (o.hive_partitioning) out->set_hive_partitioning(*o.hive_partitioning);
  if (o.include_file_paths) out->set_include_file_paths(*o.include_file_paths);
  out->set_use_statistics(o.use_statistics);
  out->set_allow_missing_columns(o.allow_missing_columns);
  out->set_ignore_extra_columns(o.ignore_extra_columns);
  if (o.row_groups) {
    auto* rg = out->mutable_row_groups();
    for (int64_t g : *o.row_groups) rg->add_values(g);
  }
}

ParquetScanOptions parquet_options_from_proto(const proto::ParquetScanOptions& m) {
  ParquetScanOptions o;
  if (m.has_hive_partitioning()) o.hive_partitioning = m.hive_partitioning();
  if (m.has_include_file_paths()) o.include_file_paths = m.include_file_paths();
  o.use_statistics = m.use_statistics();
  o.allow_missing_columns = m.allow_missing_columns();
  o.ignore_extra_columns = m.ignore_extra_columns();
  if (m.has_row_groups()) {
    o.row_groups.emplace(m.row_groups().values().begin(), m.row_groups().values().end());
    for (int64_t g : *o.row_groups) FLOE_MALFORMED(g >= 0, "Parquet row group {} is negative", g);
  }
  return o;
}

void source_to_proto(const ScanSource& source, proto::ScanSource* out) {
  if (const auto* df = dynamic_cast<const DataFrameSource*>(&source)) {
    out->mutable_frame()->set_block(encode_block(df->frame()));
  } else if (const auto* csv = dynamic_cast<const CsvSource*>(&source)) {
    auto* m = out->mutable_csv();
    m->set_path(csv->path());
    csv_options_to_proto(csv->options(), m->mutable_options());
    to_proto(csv->schema(), m->mutable_schema());
  } else if (const auto* pq = dynamic_cast<const ParquetSource*>(&source)) {
    auto* m = out->mutable_parquet();
    for (const auto& s : pq->sources()) m->add_sources(s);
    parquet_options_to_proto(pq->options(), m->mutable_options());
    to_proto(pq->schema(), m->mutable_schema());
  } else if (const auto* ex = dynamic_cast<const ExchangeSource*>(&source)) {
    auto* m = out->mutable_exchange();
    m->set_stage(ex->stage());
    to_proto(ex->schema(), m->mutable_schema());
  } else {
    throw InvalidOperation(fmt::format("cannot send scan source `{}` to the cluster: only in-memory frames, CSV, "
                                       "Parquet and exchange sources can be serialized",
                                       source.describe()));
  }
}

/// Rebuilt file sources must read what the plan was built against.
void check_source_schema(const ScanSource& source, const proto::Schema& encoded) {
  Schema expected = schema_from_proto(encoded);
  FLOE_USER_CHECK(source.schema() == expected, SchemaMismatch,
                  "scan `{}` no longer has the schema the plan was built with: expected {}, found {}",
                  source.describe(), expected.to_string(), source.schema().to_string());
}

ScanSourcePtr source_from_proto(const proto::ScanSource& m) {
  switch (m.kind_case()) {
    case proto::ScanSource::kFrame: {
      try {
        return std::make_shared<DataFrameSource>(decode_block(m.frame().block()));
      } catch (const IoError& e) {
        throw ComputeError(fmt::format("malformed plan message: in-memory frame: {}", e.what()));
      }
    }
    case proto::ScanSource::kCsv: {
      FLOE_MALFORMED(m.csv().has_options() && m.csv().has_schema(), "CSV source '{}' lacks its options or schema",
                     m.csv().path());
      auto s = std::make_shared<CsvSource>(m.csv().path(), csv_options_from_proto(m.csv().options()));
      check_source_schema(*s, m.csv().schema());
      return s;
    }
    case proto::ScanSource::kParquet: {
      const auto& p = m.parquet();
      FLOE_MALFORMED(p.sources_size() > 0, "Parquet source without files");
      FLOE_MALFORMED(p.has_options() && p.has_schema(), "Parquet source lacks its options or schema");
      std::vector<std::string> sources(p.sources().begin(), p.sources().end());
      auto s = std::make_shared<ParquetSource>(sources, parquet_options_from_proto(p.options()));
      check_source_schema(*s, p.schema());
      return s;
    }
    case proto::ScanSource::kExchange:
      FLOE_MALFORMED(m.exchange().stage() >= 0, "exchange of negative stage {}", m.exchange().stage());
      return std::make_shared<ExchangeSource>(m.exchange().stage(), schema_from_proto(m.exchange().schema()));
    case proto::ScanSource::KIND_NOT_SET: break;
  }
  FLOE_MALFORMED(false, "scan node without a source");
  __builtin_unreachable();
}

// ---- expressions ----

/// Child counts each kind's evaluation relies on (bind indexes children without checking).
void check_expr(const ExprNode& n) {
  const size_t c = n.children.size();
  auto want = [&](size_t lo, size_t hi) {
    FLOE_MALFORMED(c >= lo && c <= hi, "{} expression has {} children; expected {}",
                   proto::ExprKind_Name(enum_to_proto(kExprKinds, n.kind, "ExprKind")), c,
                   lo == hi ? std::to_string(lo) : hi == SIZE_MAX ? fmt::format("at least {}", lo) : fmt::format("{} to {}", lo, hi));
  };
  auto int_param = [&](size_t i) {
    return i < n.options.params.size() && !n.options.params[i].is_null() &&
           std::holds_alternative<int64_t>(n.options.params[i].value());
  };
  switch (n.kind) {
    case ExprKind::kColumn: case ExprKind::kColumns: case ExprKind::kWildcard: case ExprKind::kDtypeColumns:
    case ExprKind::kLiteral: case ExprKind::kLen: want(0, 0); break;
    case ExprKind::kIntRange:
      want(0, 0);
      FLOE_MALFORMED(n.options.params.size() == 3 && int_param(0) && int_param(1) && int_param(2),
                     "int_range needs integer start, end and step");
      break;
    case ExprKind::kAlias: case ExprKind::kNot: case ExprKind::kNegate: case ExprKind::kCast:
    case ExprKind::kIsNull: case ExprKind::kAgg: case ExprKind::kSortExpr: case ExprKind::kWindowFunction:
      want(1, 1);
      break;
    case ExprKind::kArith: case ExprKind::kCompare: case ExprKind::kBool: case ExprKind::kFillNull:
    case ExprKind::kFillNan: case ExprKind::kFilter: want(2, 2); break;
    case ExprKind::kTernary: want(3, 3); break;
    case ExprKind::kIsIn: case ExprKind::kFunction: want(1, SIZE_MAX); break;
    case ExprKind::kOver: {
      want(2, SIZE_MAX);
      FLOE_MALFORMED(n.options.params.size() == 3 && int_param(0), "over() needs its partition count and sort flags");
      int64_t partitions = n.options.params[0].as_int64();
      FLOE_MALFORMED(partitions >= 0 && static_cast<size_t>(partitions) < c,
                     "over() names {} partition keys but has {} key expressions", partitions, c - 1);
      break;
    }
  }
}

// ---- plans ----

bool one_of(const std::string& s, std::initializer_list<const char*> values) {
  for (const char* v : values) {
    if (s == v) return true;
  }
  return false;
}

void check_plan(const PlanNode& n) {
  const size_t inputs = n.inputs.size();
  const char* kind = "";
  size_t want = 1;
  switch (n.kind) {
    case PlanKind::kScan:
      kind = "scan";
      want = 0;
      break;
    case PlanKind::kSelect: kind = "select"; break;
    case PlanKind::kWithColumns: kind = "with_columns"; break;
    case PlanKind::kFilter:
      kind = "filter";
      FLOE_MALFORMED(n.predicate.node() != nullptr, "filter node without a predicate");
      break;
    case PlanKind::kAggregate: kind = "aggregate"; break;
    case PlanKind::kSlice: kind = "slice"; break;
    case PlanKind::kSort:
      kind = "sort";
      FLOE_MALFORMED(!n.exprs.empty() && n.sort_options.size() == n.exprs.size(),
                     "sort node with {} keys and {} key options", n.exprs.size(), n.sort_options.size());
      break;
    case PlanKind::kConcat:
      FLOE_MALFORMED(inputs >= 1, "concat node without inputs");
      return;
    case PlanKind::kRowIndex: kind = "row index"; break;
    case PlanKind::kCache:
      kind = "cache";
      FLOE_MALFORMED(n.cache_id >= 0, "cache node with id {}", n.cache_id);
      break;
    case PlanKind::kJoin:
      kind = "join";
      want = 2;
      FLOE_MALFORMED(one_of(n.how, {"inner", "left", "right", "full", "semi", "anti", "cross", "asof"}),
                     "unknown join type '{}'", n.how);
      FLOE_MALFORMED(one_of(n.validate, {"m:m", "1:m", "m:1", "1:1"}), "unknown join validation '{}'", n.validate);
      FLOE_MALFORMED(n.keys.size() == n.exprs.size(), "join with {} left keys and {} right keys", n.keys.size(),
                     n.exprs.size());
      FLOE_MALFORMED((n.how == "cross") == n.keys.empty(), "{} join with {} keys", n.how, n.keys.size());
      if (n.how == "asof") {
        FLOE_MALFORMED(one_of(n.asof.strategy, {"backward", "forward", "nearest"}), "unknown asof strategy '{}'",
                       n.asof.strategy);
      }
      break;
  }
  FLOE_MALFORMED(inputs == want, "{} node with {} inputs; expected {}", kind, inputs, want);
  if (n.kind == PlanKind::kScan) FLOE_MALFORMED(n.source != nullptr, "scan node without a source");
}

void exprs_to_proto(const std::vector<Expr>& exprs, google::protobuf::RepeatedPtrField<proto::Expr>* out) {
  for (const auto& e : exprs) cluster::to_proto(e, out->Add());
}

std::vector<Expr> exprs_from_proto(const google::protobuf::RepeatedPtrField<proto::Expr>& msgs) {
  std::vector<Expr> out;
  out.reserve(static_cast<size_t>(msgs.size()));
  for (const auto& m : msgs) out.push_back(expr_from_proto(m));
  return out;
}

}  // namespace

void to_proto(const DataType& type, proto::DataType* out) {
  out->set_id(type_id_to_proto(type.id));
  out->set_unit(time_unit_to_proto(type.unit));
  out->set_tz(type.tz);
  if (type.id == TypeId::kDecimal) {
    out->set_precision(type.precision);
    out->set_scale(type.scale);
  }
}

DataType data_type_from_proto(const proto::DataType& m) {
  DataType t;
  t.id = type_id_from_proto(m.id());
  t.unit = time_unit_from_proto(m.unit());
  t.tz = m.tz();
  if (t.id == TypeId::kDecimal) {
    FLOE_MALFORMED(m.precision() >= 1 && m.precision() <= 38 && m.scale() <= m.precision(),
                   "decimal type with precision {} and scale {}", m.precision(), m.scale());
    return DataType::decimal(static_cast<int>(m.precision()), static_cast<int>(m.scale()));
  }
  return t;
}

void to_proto(const Scalar& value, proto::Scalar* out) {
  to_proto(value.type(), out->mutable_type());
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) out->set_bool_value(v);
        else if constexpr (std::is_same_v<T, int64_t>) out->set_int_value(v);
        else if constexpr (std::is_same_v<T, uint64_t>) out->set_uint_value(v);
        else if constexpr (std::is_same_v<T, double>) out->set_float_value(v);
        else if constexpr (std::is_same_v<T, std::string>) out->set_bytes_value(v);
        else if constexpr (std::is_same_v<T, __int128>) out->set_decimal_value(std::string(reinterpret_cast<const char*>(&v), 16));
      },
      value.value());
}

Scalar scalar_from_proto(const proto::Scalar& m) {
  DataType t = data_type_from_proto(m.type());
  // The value must be held as the type's accessors expect it (as_string on a string, ...).
  auto check = [&](bool ok) {
    FLOE_MALFORMED(ok, "literal of type {} holds a value of the wrong kind (value case {})", t.to_string(),
                   static_cast<int>(m.value_case()));
  };
  switch (m.value_case()) {
    case proto::Scalar::VALUE_NOT_SET: return Scalar::null(t);
    case proto::Scalar::kBoolValue: check(t.id == TypeId::kBoolean); return Scalar(t, m.bool_value());
    case proto::Scalar::kIntValue: check(t.is_numeric() || t.is_temporal()); return Scalar(t, m.int_value());
    case proto::Scalar::kUintValue: check(t.is_numeric() || t.is_temporal()); return Scalar(t, m.uint_value());
    case proto::Scalar::kFloatValue: check(t.is_numeric()); return Scalar(t, m.float_value());
    case proto::Scalar::kBytesValue: check(t.is_string_like()); return Scalar(t, m.bytes_value());
    case proto::Scalar::kDecimalValue: {
      check(t.id == TypeId::kDecimal && m.decimal_value().size() == 16);
      __int128 v;
      std::memcpy(&v, m.decimal_value().data(), 16);
      return Scalar(t, v);
    }
  }
  FLOE_MALFORMED(false, "literal with unknown value case {}", static_cast<int>(m.value_case()));
  __builtin_unreachable();
}

void to_proto(const Schema& schema, proto::Schema* out) {
  for (const auto& f : schema) {
    auto* m = out->add_fields();
    m->set_name(f.name);
    to_proto(f.type, m->mutable_type());
  }
}

Schema schema_from_proto(const proto::Schema& m) {
  Schema s;
  for (const auto& f : m.fields()) {
    FLOE_MALFORMED(f.has_type(), "schema field '{}' without a type", f.name());
    s.add(f.name(), data_type_from_proto(f.type()));
  }
  return s;
}

void to_proto(const Expr& e, proto::Expr* out) {
  FLOE_USER_CHECK(e.node() != nullptr, InvalidOperation, "cannot serialize an empty expression");
  const ExprNode& n = *e;
  out->set_kind(enum_to_proto(kExprKinds, n.kind, "ExprKind"));
  for (const auto& c : n.children) to_proto(Expr(c), out->add_children());
  out->set_name(n.name);
  for (const auto& s : n.names) out->add_names(s);
  for (const auto& t : n.dtypes) to_proto(t, out->add_dtypes());
  to_proto(n.literal, out->mutable_literal());
  out->set_dynamic(n.dynamic);
  out->set_arith_op(enum_to_proto(kArithOps, n.arith_op, "ArithOp"));
  out->set_compare_op(enum_to_proto(kCompareOps, n.compare_op, "CompareOp"));
  out->set_bool_op(enum_to_proto(kBoolOps, n.bool_op, "BoolOp"));
  to_proto(n.cast_to, out->mutable_cast_to());
  out->set_strict(n.strict);
  out->set_negate(n.negate);
  for (const auto& p : n.options.params) to_proto(p, out->add_params());
  out->set_agg(enum_to_proto(kAggKinds, n.agg, "AggKind"));
  auto* ao = out->mutable_agg_options();
  ao->set_ddof(n.agg_options.ddof);
  ao->set_quantile(n.agg_options.quantile);
  ao->set_interpolation(n.agg_options.interpolation);
}

Expr expr_from_proto(const proto::Expr& m) {
  FLOE_MALFORMED(m.kind() != proto::EXPR_UNSPECIFIED, "expression without a kind");
  auto n = std::make_shared<ExprNode>();
  n->kind = enum_from_proto(kExprKinds, m.kind(), "expression kind");
  for (const auto& c : m.children()) n->children.push_back(expr_from_proto(c).node());
  n->name = m.name();
  n->names.assign(m.names().begin(), m.names().end());
  for (const auto& t : m.dtypes()) n->dtypes.push_back(data_type_from_proto(t));
  n->literal = scalar_from_proto(m.literal());
  n->dynamic = m.dynamic();
  n->arith_op = enum_from_proto(kArithOps, m.arith_op(), "arithmetic operator");
  n->compare_op = enum_from_proto(kCompareOps, m.compare_op(), "comparison operator");
  n->bool_op = enum_from_proto(kBoolOps, m.bool_op(), "boolean operator");
  n->cast_to = data_type_from_proto(m.cast_to());
  n->strict = m.strict();
  n->negate = m.negate();
  for (const auto& p : m.params()) n->options.params.push_back(scalar_from_proto(p));
  n->agg = enum_from_proto(kAggKinds, m.agg(), "aggregate kind");
  n->agg_options.ddof = m.agg_options().ddof();
  n->agg_options.quantile = m.agg_options().quantile();
  n->agg_options.interpolation = m.agg_options().interpolation();
  check_expr(*n);
  return Expr(n);
}

void to_proto(const PlanNode& p, proto::PlanNode* out) {
  out->set_kind(enum_to_proto(kPlanKinds, p.kind, "PlanKind"));
  to_proto(p.schema, out->mutable_schema());
  for (const auto& in : p.inputs) {
    FLOE_USER_CHECK(in != nullptr, InvalidOperation, "cannot serialize a plan node with a missing input");
    to_proto(*in, out->add_inputs());
  }
  if (p.source) source_to_proto(*p.source, out->mutable_source());
  auto* req = out->mutable_request();
  if (p.request.columns) string_list(*p.request.columns, req->mutable_columns());
  if (p.request.predicate) to_proto(*p.request.predicate, req->mutable_predicate());
  if (p.request.n_rows) req->set_n_rows(*p.request.n_rows);
  exprs_to_proto(p.exprs, out->mutable_exprs());
  exprs_to_proto(p.keys, out->mutable_keys());
  out->set_maintain_order(p.maintain_order);
  if (p.predicate.node()) to_proto(p.predicate, out->mutable_predicate());
  out->set_offset(p.offset);
  if (p.length) out->set_length(*p.length);
  out->set_name(p.name);
  for (const auto& o : p.sort_options) {
    auto* m = out->add_sort_options();
    m->set_descending(o.descending);
    m->set_nulls_last(o.nulls_last);
  }
  if (p.limit) out->set_limit(*p.limit);
  out->set_how(p.how);
  out->set_suffix(p.suffix);
  out->set_nulls_equal(p.nulls_equal);
  out->set_coalesce(p.coalesce);
  out->set_validate(p.validate);
  auto* asof = out->mutable_asof();
  asof->set_strategy(p.asof.strategy);
  if (p.asof.tolerance) asof->set_tolerance(*p.asof.tolerance);
  asof->set_allow_exact_matches(p.asof.allow_exact_matches);
  asof->set_check_sortedness(p.asof.check_sortedness);
  out->set_build_left(p.build_left);
  out->set_cache_id(p.cache_id);
}

PlanPtr from_proto(const proto::PlanNode& m) {
  FLOE_MALFORMED(m.kind() != proto::PLAN_UNSPECIFIED, "plan node without a kind");
  auto n = std::make_shared<PlanNode>();
  n->kind = enum_from_proto(kPlanKinds, m.kind(), "plan node kind");
  n->schema = schema_from_proto(m.schema());
  for (const auto& in : m.inputs()) n->inputs.push_back(from_proto(in));
  if (m.has_source()) n->source = source_from_proto(m.source());
  const auto& req = m.request();
  if (req.has_columns()) n->request.columns = string_list(req.columns());
  if (req.has_predicate()) n->request.predicate = expr_from_proto(req.predicate());
  if (req.has_n_rows()) n->request.n_rows = req.n_rows();
  n->exprs = exprs_from_proto(m.exprs());
  n->keys = exprs_from_proto(m.keys());
  n->maintain_order = m.maintain_order();
  if (m.has_predicate()) n->predicate = expr_from_proto(m.predicate());
  n->offset = m.offset();
  if (m.has_length()) n->length = m.length();
  n->name = m.name();
  for (const auto& o : m.sort_options()) n->sort_options.push_back({o.descending(), o.nulls_last()});
  if (m.has_limit()) n->limit = m.limit();
  n->how = m.how();
  n->suffix = m.suffix();
  n->nulls_equal = m.nulls_equal();
  n->coalesce = m.coalesce();
  n->validate = m.validate();
  n->asof.strategy = m.asof().strategy();
  if (m.asof().has_tolerance()) n->asof.tolerance = m.asof().tolerance();
  n->asof.allow_exact_matches = m.asof().allow_exact_matches();
  n->asof.check_sortedness = m.asof().check_sortedness();
  n->build_left = m.build_left();
  n->cache_id = m.cache_id();
  check_plan(*n);
  return n;
}

std::string serialize_plan(const PlanPtr& plan) {
  FLOE_USER_CHECK(plan != nullptr, InvalidOperation, "cannot serialize an empty plan");
  proto::PlanNode msg;
  to_proto(*plan, &msg);
  std::string out;
  {
    // Deterministic, so equal plans give equal bytes; the streams flush when they go.
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    msg.SerializeToCodedStream(&coded);
  }
  return out;
}

PlanPtr deserialize_plan(std::string_view bytes) {
  FLOE_USER_CHECK(bytes.size() < static_cast<size_t>(INT32_MAX), ComputeError,
                  "serialized plan of {} bytes exceeds protobuf's 2 GiB limit", bytes.size());
  google::protobuf::io::CodedInputStream coded(reinterpret_cast<const uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  coded.SetRecursionLimit(kMaxNesting);
  proto::PlanNode msg;
  FLOE_USER_CHECK(msg.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage(), ComputeError,
                  "malformed plan message: {} bytes do not parse as a floe.proto.PlanNode (nested deeper than {} levels, "
                  "truncated or not a plan)",
                  bytes.size(), kMaxNesting);
  return from_proto(msg);
}

}  // namespace floe::cluster
