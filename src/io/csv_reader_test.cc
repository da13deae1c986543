// Tests of the CSV reader: Polars-oracle cases, errors, projection, and large multi-morsel files.
#include "io/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "core/error.h"
#include "core/scalar.h"
#include "core/thread_pool.h"

namespace floe::io {
namespace {

/// A frame as "name:dtype,..." then one line per row, cells joined by '|': null, true/false,
/// integers (temporal values as their physical integer), floats as %.17g, strings in quotes.
/// The oracle table below was produced by the same rendering of Polars' read_csv output.
std::string frame_repr(const DataFrame& df) {
  std::string s;
  for (size_t i = 0; i < df.num_columns(); ++i) {
    s += fmt::format("{}{}:{}", i ? "," : "", df.schema()[i].name, df.schema()[i].type.to_string());
  }
  s += "\n";
  for (const auto& chunk : df.chunks()) {
    for (int64_t r = 0; r < chunk.num_rows(); ++r) {
      for (size_t c = 0; c < chunk.num_columns(); ++c) {
        if (c) s += "|";
        Scalar v = Scalar::from_column(*chunk.column(c), r);
        std::visit(
            [&](const auto& x) {
              using T = std::decay_t<decltype(x)>;
              if constexpr (std::is_same_v<T, std::monostate>) {
                s += "null";
              } else if constexpr (std::is_same_v<T, bool>) {
                s += x ? "true" : "false";
              } else if constexpr (std::is_same_v<T, double>) {
                s += std::isnan(x) ? std::string("nan") : fmt::format("{:.17g}", x);
              } else if constexpr (std::is_same_v<T, std::string>) {
                s += "\"" + x + "\"";
              } else {
                s += fmt::format("{}", x);
              }
            },
            v.value());
      }
      s += "\n";
    }
  }
  return s;
}

struct OracleCase {
  const char* name;
  const char* csv;
  void (*configure)(CsvReadOptions&);
  const char* expected;
};

// Expected frames computed with Polars 2.1 (pl.read_csv on the same text and options).
const OracleCase kOracle[] = {
    {"InferBasicTypes",
     "a,b,c\n1,,x\n2,3.5,\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:f64,c:str\n1|null|\"x\"\n2|3.5|null\n"},
    {"QuotedEmptyIsEmptyString",
     "a,b,c\n1,,\"\"\n2,3.5,\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:f64,c:str\n1|null|\"\"\n2|3.5|null\n"},
    {"FloatSpellings",
     "a\n1e5\ninf\n-inf\nNaN\n1.\n.5\n+1.5\n1E5\n-.5\n",
     [](CsvReadOptions& o) {  },
     "a:f64\n100000\ninf\n-inf\nnan\n1\n0.5\n1.5\n100000\n-0.5\n"},
    {"NotFloats",
     "a\nINF\nnan\n1.e5\ne5\n",
     [](CsvReadOptions& o) {  },
     "a:str\n\"INF\"\n\"nan\"\n\"1.e5\"\n\"e5\"\n"},
    {"BooleansAnyCase",
     "a\nTrue\nfalse\nTRUE\n",
     [](CsvReadOptions& o) {  },
     "a:bool\ntrue\nfalse\ntrue\n"},
    {"IntegerPattern",
     "a,b,c\n-0,+5,007\n12,3,-4\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:str,c:i64\n0|\"+5\"|7\n12|\"3\"|-4\n"},
    {"IntAndFloatGiveFloat",
     "a\n1\n1.5\n",
     [](CsvReadOptions& o) {  },
     "a:f64\n1\n1.5\n"},
    {"IntAndBoolGiveString",
     "a\n1\ntrue\n",
     [](CsvReadOptions& o) {  },
     "a:str\n\"1\"\n\"true\"\n"},
    {"QuotedNumbers",
     "a,b\n\"1\",\"1.5\"\n\"2\",2\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:f64\n1|1.5\n2|2\n"},
    {"QuotedEmptyMakesString",
     "a,b\n1,1\n\"\",\n",
     [](CsvReadOptions& o) {  },
     "a:str,b:i64\n\"1\"|1\n\"\"|null\n"},
    {"AllNullColumnIsString",
     "a,b\n1,\n2,\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:str\n1|null\n2|null\n"},
    {"DatesOnlyWhenAsked",
     "a\n2024-01-01\n2024-02-03\n",
     [](CsvReadOptions& o) {  },
     "a:str\n\"2024-01-01\"\n\"2024-02-03\"\n"},
    {"Dates",
     "a,b,c\n2024-01-01,2024/1/2,02-01-2024\n1999-12-31,,31-12-1999\n",
     [](CsvReadOptions& o) { o.try_parse_dates = true; },
     "a:date,b:date,c:date\n19723|19724|19724\n10956|null|10956\n"},
    {"Datetimes",
     "a,b\n2024-01-01 10:00:00,2024-01-01T10:00\n2024-02-03 11:12:13.123,1960-01-01T00:00:00.000001\n",
     [](CsvReadOptions& o) { o.try_parse_dates = true; },
     "a:datetime[\xce""\xbc""s],b:datetime[\xce""\xbc""s]\n1704103200000000|1704103200000000\n1706958733123000|-315619199999999\n"},
    {"DatetimesWithOffsetsAreUtc",
     "a\n2024-01-01T10:00:00Z\n2024-01-01T10:00:00+02:00\n2024-01-01T10:00:00.5-0130\n",
     [](CsvReadOptions& o) { o.try_parse_dates = true; },
     "a:datetime[\xce""\xbc""s, UTC]\n1704103200000000\n1704096000000000\n1704108600500000\n"},
    {"Times",
     "a,b\n10:00:00,10:00\n23:59:59.123,7:05\n",
     [](CsvReadOptions& o) { o.try_parse_dates = true; },
     "a:time,b:time\n36000000000000|36000000000000\n86399123000000|25500000000000\n"},
    {"MixedTemporalIsString",
     "a,b,c\n2024-01-01,2024-01-01T10:00:00Z,2024-01-01\n2024-01-01 10:00:00,2024-01-01T10:00:00,x\n",
     [](CsvReadOptions& o) { o.try_parse_dates = true; },
     "a:str,b:str,c:str\n\"2024-01-01\"|\"2024-01-01T10:00:00Z\"|\"2024-01-01\"\n\"2024-01-01 10:00:00\"|\"2024-01-01T10:00:00\"|\"x\"\n"},
    {"IntegersBeatDates",
     "a\n20240101\n",
     [](CsvReadOptions& o) { o.try_parse_dates = true; },
     "a:i64\n20240101\n"},
    {"DuplicateHeaderNames",
     "a,a,b,a\n1,2,3,4\n",
     [](CsvReadOptions& o) {  },
     "a:i64,a_duplicated_0:i64,b:i64,a_duplicated_1:i64\n1|2|3|4\n"},
    {"EmptyHeaderNames",
     ",,\n1,2,3\n",
     [](CsvReadOptions& o) {  },
     ":i64,_duplicated_0:i64,_duplicated_1:i64\n1|2|3\n"},
    {"NoHeader",
     "a,b\n1,2\n",
     [](CsvReadOptions& o) { o.has_header = false; },
     "column_0:str,column_1:str\n\"a\"|\"b\"\n\"1\"|\"2\"\n"},
    {"HeaderOnly",
     "a,b\n",
     [](CsvReadOptions& o) {  },
     "a:str,b:str\n"},
    {"HeaderOnlyNoNewline",
     "a,b",
     [](CsvReadOptions& o) {  },
     "a:str,b:str\n"},
    {"Bom",
     "\xef""\xbb""\xbf""a,b\n1,2\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:i64\n1|2\n"},
    {"Crlf",
     "a,b\r\n1,x\r\n3,\"y\"\r\n4,z",
     [](CsvReadOptions& o) {  },
     "a:i64,b:str\n1|\"x\"\n3|\"y\"\n4|\"z\"\n"},
    {"EmptyLinesAreNullRows",
     "a,b\n1,2\n\n3,4\n\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:i64\n1|2\nnull|null\n3|4\nnull|null\n"},
    {"ShortRowsFillNulls",
     "a,b,c\n1\n2,x\n3,y,z\n",
     [](CsvReadOptions& o) {  },
     "a:i64,b:str,c:str\n1|null|null\n2|\"x\"|null\n3|\"y\"|\"z\"\n"},
    {"TruncateRaggedLines",
     "a,b\n1,2,3\n4,\"5\",\"6,7\"\n",
     [](CsvReadOptions& o) { o.truncate_ragged_lines = true; },
     "a:i64,b:i64\n1|2\n4|5\n"},
    {"QuotingEdgeCases",
     "a,b\n\"x,y\",\"line1\nline2\"\n\"say \"\"hi\"\"\",\"\"\"\"\nx\"y\",\"a\"\"b\"\"c\"\n",
     [](CsvReadOptions& o) {  },
     "a:str,b:str\n\"x,y\"|\"line1\nline2\"\n\"say \"hi\"\"|\"\"\"\n\"x\"y\"\"|\"a\"b\"c\"\n"},
    {"QuoteDisabled",
     "a,b\n1,\"x\"\n",
     [](CsvReadOptions& o) { o.quote_char = std::nullopt; },
     "a:i64,b:str\n1|\"\"x\"\"\n"},
    {"OtherQuoteChar",
     "a,b\n1,'x,y'\n2,\"z\"\n",
     [](CsvReadOptions& o) { o.quote_char = '\''; },
     "a:i64,b:str\n1|\"x,y\"\n2|\"\"z\"\"\n"},
    {"Semicolons",
     "a;b\n1;2,5\n",
     [](CsvReadOptions& o) { o.separator = ';'; },
     "a:i64,b:str\n1|\"2,5\"\n"},
    {"Tabs",
     "a\tb\n1\tx y\n",
     [](CsvReadOptions& o) { o.separator = '\t'; },
     "a:i64,b:str\n1|\"x y\"\n"},
    {"InferAllRows",
     "a\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1.5\n",
     [](CsvReadOptions& o) { o.infer_schema_length = -1; },
     "a:f64\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1.5\n"},
    {"InferNothing",
     "a,b\n1,x\n2,\n",
     [](CsvReadOptions& o) { o.infer_schema_length = 0; },
     "a:str,b:str\n\"1\"|\"x\"\n\"2\"|null\n"},
    {"Overrides",
     "a,b,c,d\n1,2,x,2024-01-01\n3,250,y,2024-01-02 10:00\n",
     [](CsvReadOptions& o) { o.schema_overrides = {{"a", TypeId::kFloat64}, {"b", TypeId::kUInt8}, {"d", DataType::datetime(TimeUnit::kMilli)}}; },
     "a:f64,b:u8,c:str,d:datetime[ms]\n1|2|\"x\"|1704067200000\n3|250|\"y\"|1704189600000\n"},
    {"OverrideNumbersLeniently",
     "a,b,c\n +5, 1.5,tRuE\n-3,Infinity,false\n",
     [](CsvReadOptions& o) { o.schema_overrides = {{"a", TypeId::kInt32}, {"b", TypeId::kFloat32}, {"c", TypeId::kBoolean}}; },
     "a:i32,b:f32,c:bool\n5|1.5|true\n-3|inf|false\n"},
    {"OverrideTimeZone",
     "a\n2024-01-01T10:00Z\n2024-01-01T10:00:00+01:00\n",
     [](CsvReadOptions& o) { o.schema_overrides = {{"a", DataType::datetime(TimeUnit::kNano, "UTC")}}; },
     "a:datetime[ns, UTC]\n1704103200000000000\n1704099600000000000\n"},
    {"UnknownOverrideIgnored",
     "a,b\n1,x\n",
     [](CsvReadOptions& o) { o.schema_overrides = {{"zzz", TypeId::kInt64}}; },
     "a:i64,b:str\n1|\"x\"\n"},
    {"IgnoreErrors",
     "a,b\n1,x\n2,3\nq,\n",
     [](CsvReadOptions& o) { o.schema_overrides = {{"a", TypeId::kInt64}, {"b", TypeId::kInt64}};
    o.ignore_errors = true; },
     "a:i64,b:i64\n1|null\n2|3\nnull|null\n"},
    {"Projection",
     "a,b,c\n1,x,3\n4,y,6\n",
     [](CsvReadOptions& o) { o.columns = std::vector<std::string>{"c", "a"}; },
     "c:i64,a:i64\n3|1\n6|4\n"},
    {"CommentLines",
     "#top\na,b\n1,x\n#c\n2,y\n",
     [](CsvReadOptions& o) { o.comment_prefix = '#'; },
     "a:i64,b:str\n1|\"x\"\n2|\"y\"\n"},
    {"NRows",
     "a,b\n1,x\n2,y\n3,z\n",
     [](CsvReadOptions& o) { o.n_rows = 2; },
     "a:i64,b:str\n1|\"x\"\n2|\"y\"\n"},
    {"NRowsZero",
     "a,b\n1,x\n",
     [](CsvReadOptions& o) { o.n_rows = 0; },
     "a:i64,b:str\n"},
    {"SkipRows",
     "junk\nmore junk\na,b\n1,x\n",
     [](CsvReadOptions& o) { o.skip_rows = 2; },
     "a:i64,b:str\n1|\"x\"\n"},
    {"NullValues",
     "a,b\nNA,NA\n2,y\n\"NA\",z\n",
     [](CsvReadOptions& o) { o.null_values = {"NA"}; },
     "a:i64,b:str\nnull|null\n2|\"y\"\nnull|\"z\"\n"},
    {"SchemaByName",
     "a,b\n1,2\n",
     [](CsvReadOptions& o) { o.schema = Schema({{"b", TypeId::kInt32}, {"a", TypeId::kString}}); },
     "b:i32,a:str\n2|\"1\"\n"},
    {"SchemaWithoutHeader",
     "1,2\n3,4\n",
     [](CsvReadOptions& o) { o.schema = Schema({{"x", TypeId::kInt16}, {"y", TypeId::kFloat64}});
    o.has_header = false; },
     "x:i16,y:f64\n1|2\n3|4\n"},
    {"NonAsciiStrings",
     "name,v\n\xc5""\xbc""\xc3""\xb3""\xc5""\x82""\xc4""\x87"",1\n\"\xe6""\x97""\xa5""\xe6""\x9c""\xac""\xe8""\xaa""\x9e"", quoted\",2\n",
     [](CsvReadOptions& o) {  },
     "name:str,v:i64\n\"\xc5""\xbc""\xc3""\xb3""\xc5""\x82""\xc4""\x87""\"|1\n\"\xe6""\x97""\xa5""\xe6""\x9c""\xac""\xe8""\xaa""\x9e"", quoted\"|2\n"},
    {"LongStrings",
     "s\nthis string is longer than twelve bytes\n\"and this one has \"\"escaped\"\" quotes in it\"\nshort\n",
     [](CsvReadOptions& o) {  },
     "s:str\n\"this string is longer than twelve bytes\"\n\"and this one has \"escaped\" quotes in it\"\n\"short\"\n"},
};

TEST(CsvReader, MatchesPolars) {
  for (const auto& c : kOracle) {
    CsvReadOptions o;
    c.configure(o);
    DataFrame df;
    try {
      df = read_csv_buffer(c.csv, o);
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.name << ": " << e.what();
      continue;
    }
    EXPECT_EQ(frame_repr(df), c.expected) << c.name;
  }
}

/// The message of the error `fn` throws as `E`, or a failure.
template <typename E, typename Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "no exception";
  return {};
}

std::string read_error(std::string_view csv, const CsvReadOptions& o = {}) {
  return error_of<ComputeError>([&] { read_csv_buffer(csv, o); });
}

TEST(CsvReader, TooManyFieldsNamesLineAndCounts) {
  std::string msg = read_error("a,b\n1,2\n3,4,5\n6,7\n");
  EXPECT_NE(msg.find("found more fields than defined in 'Schema'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected 2 fields, found 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("truncate_ragged_lines"), std::string::npos) << msg;
  // Not an error that ignore_errors hides (as in Polars).
  CsvReadOptions o;
  o.ignore_errors = true;
  EXPECT_NE(read_error("a,b\n1,2\n3,4,5\n", o).find("line 3"), std::string::npos);
}

TEST(CsvReader, UnterminatedQuoteNamesWhereTheFieldStarted) {
  std::string msg = read_error("a,b\n1,2\n3,\"abc\n4,5\n6,7\n");
  EXPECT_NE(msg.find("unterminated"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
  // In the header too.
  EXPECT_NE(read_error("a,\"b\n1,2\n").find("line 1"), std::string::npos);
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  std::string msg = read_error("a,b\n1,2\n\"x\"y,3\n");
  EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"x\"y"), std::string::npos) << msg;
}

TEST(CsvReader, FloatAfterInferenceWindowIsAnError) {
  // As in Polars: the first 100 rows say Int64, so row 101's 1.5 fails to parse.
  std::string csv = "a,b\n";
  for (int i = 0; i < 100; ++i) csv += fmt::format("{},x\n", i);
  csv += "1.5,y\n";
  std::string msg = read_error(csv);
  EXPECT_NE(msg.find("could not parse `1.5` as dtype `i64` at column 'a' (column number 1)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 102"), std::string::npos) << msg;
  EXPECT_NE(msg.find("infer_schema_length"), std::string::npos) << msg;
  // A longer inference window, or ignore_errors, reads it.
  CsvReadOptions o;
  o.infer_schema_length = 101;
  EXPECT_EQ(read_csv_buffer(csv, o).schema()[0].type, DataType(TypeId::kFloat64));
  o.infer_schema_length = 100;
  o.ignore_errors = true;
  DataFrame df = read_csv_buffer(csv, o);
  EXPECT_EQ(df.num_rows(), 101);
  EXPECT_TRUE(df.column(0)->is_null(100));
}

TEST(CsvReader, OverrideParseErrorNamesColumnLineAndValue) {
  CsvReadOptions o;
  o.schema_overrides = {{"b", TypeId::kInt64}};
  std::string msg = read_error("a,b\n1,2\n3,4\n5,oops\n", o);
  EXPECT_NE(msg.find("`oops`"), std::string::npos) << msg;
  EXPECT_NE(msg.find("column 'b' (column number 2)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 4"), std::string::npos) << msg;
  o.schema_overrides = {{"b", TypeId::kUInt8}};
  EXPECT_NE(read_error("a,b\n1,256\n", o).find("`256` as dtype `u8`"), std::string::npos);
  EXPECT_NE(read_error("a,b\n1,-1\n", o).find("`-1` as dtype `u8`"), std::string::npos);
}

TEST(CsvReader, InvalidUtf8NamesColumnAndLine) {
  std::string msg = read_error("a,b\n1,ok\n2,caf\xe9\n");
  EXPECT_NE(msg.find("invalid utf-8"), std::string::npos) << msg;
  EXPECT_NE(msg.find("column 'b'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
  // Invalid bytes in a column that is not read are no error.
  CsvReadOptions o;
  o.columns = std::vector<std::string>{"a"};
  EXPECT_EQ(read_csv_buffer("a,b\n1,ok\n2,caf\xe9\n", o).num_rows(), 2);
}

TEST(CsvReader, MissingFileNamesPath) {
  std::string msg = error_of<IoError>([] { read_csv("/nonexistent/dir/data.csv"); });
  EXPECT_NE(msg.find("/nonexistent/dir/data.csv"), std::string::npos) << msg;
}

TEST(CsvReader, UnknownOrRepeatedColumnInProjection) {
  CsvReadOptions o;
  o.columns = std::vector<std::string>{"a", "zz"};
  std::string msg = error_of<ColumnNotFound>([&] { read_csv_buffer("a,b,c\n1,2,3\n", o); });
  EXPECT_NE(msg.find("\"zz\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"a\", \"b\", \"c\""), std::string::npos) << msg;
  o.columns = std::vector<std::string>{"b", "b"};
  msg = error_of<InvalidArgument>([&] { read_csv_buffer("a,b,c\n1,2,3\n", o); });
  EXPECT_NE(msg.find("unique"), std::string::npos) << msg;
}

TEST(CsvReader, EmptyInputIsAnError) {
  EXPECT_NE(read_error("").find("empty CSV"), std::string::npos);
  EXPECT_NE(read_error("\xEF\xBB\xBF").find("empty CSV"), std::string::npos);
  CsvReadOptions o;
  o.skip_rows = 5;
  EXPECT_NE(read_error("a,b\n1,2\n", o).find("empty CSV"), std::string::npos);
}

TEST(CsvReader, SchemaMustMatchHeader) {
  CsvReadOptions o;
  o.schema = Schema({{"a", TypeId::kInt64}});
  std::string msg = error_of<SchemaMismatch>([&] { read_csv_buffer("a,b\n1,2\n", o); });
  EXPECT_NE(msg.find("\"b\""), std::string::npos) << msg;
  o.schema = Schema({{"a", TypeId::kInt64}, {"b", TypeId::kInt64}, {"c", TypeId::kInt64}});
  msg = error_of<SchemaMismatch>([&] { read_csv_buffer("a,b\n1,2\n", o); });
  EXPECT_NE(msg.find("\"c\""), std::string::npos) << msg;
}

TEST(CsvReader, DurationColumnsAreRejected) {
  CsvReadOptions o;
  o.schema_overrides = {{"a", DataType::duration()}};
  EXPECT_THROW(read_csv_buffer("a\n1\n", o), InvalidOperation);
}

TEST(CsvReader, OnlyProjectedColumnsAreConverted) {
  CsvReadOptions o;
  o.schema_overrides = {{"b", TypeId::kInt64}};
  o.columns = std::vector<std::string>{"c", "a"};
  DataFrame df = read_csv_buffer("a,b,c\n1,not a number,x\n2,also not,y\n", o);
  EXPECT_EQ(frame_repr(df), "c:str,a:i64\n\"x\"|1\n\"y\"|2\n");
}

TEST(CsvReader, NRowsStopsBeforeLaterErrors) {
  // As in Polars, inference still looks past n_rows (and stops quietly at broken quoting).
  CsvReadOptions o;
  o.n_rows = 2;
  EXPECT_EQ(frame_repr(read_csv_buffer("a\n1\n2\nbad\n\"unterminated\n", o)), "a:str\n\"1\"\n\"2\"\n");
  o.schema_overrides = {{"a", TypeId::kInt64}};
  EXPECT_EQ(frame_repr(read_csv_buffer("a\n1\n2\nbad\n\"unterminated\n", o)), "a:i64\n1\n2\n");
}

TEST(CsvReader, InferSchema) {
  CsvReadOptions o;
  o.schema_overrides = {{"b", TypeId::kFloat32}};
  o.columns = std::vector<std::string>{"a"};  // the inferred schema holds every column
  Schema s = infer_csv_schema_buffer("a,b,c\n1,2,x\n", o);
  EXPECT_EQ(s.to_string(), "Schema([('a', Int64), ('b', Float32), ('c', String)])");
}

TEST(CsvReader, StringsPointIntoTheText) {
  DataFrame df = read_csv_buffer("s\nthis string is longer than twelve bytes\n\"with \"\"escapes\"\" it is copied\"\n");
  ColumnPtr col = df.chunks()[0].column(0);
  ASSERT_GE(col->data_buffers().size(), 1u);
  const BufferPtr& text = col->data_buffers()[0];
  std::string_view first = col->string_at(0);
  EXPECT_GE(reinterpret_cast<const uint8_t*>(first.data()), text->data());
  EXPECT_LT(reinterpret_cast<const uint8_t*>(first.data()), text->data() + text->size());
  EXPECT_EQ(col->string_at(1), "with \"escapes\" it is copied");
}

/// A temporary file removed at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/floe_csv_test_XXXXXX";
    int fd = mkstemp(name);
    path = name;
    ::close(fd);
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

TEST(CsvReader, ReadsFilesLikeBuffers) {
  TempFile f("a,b\n1,hello world, long enough\n");
  EXPECT_THROW(read_csv(f.path), ComputeError);  // three fields
  TempFile g("a,b\r\n1,\"hello world, long enough\"\r\n2,x");
  DataFrame df = read_csv(g.path);
  EXPECT_EQ(frame_repr(df), "a:i64,b:str\n1|\"hello world, long enough\"\n2|\"x\"\n");
  std::string msg = error_of<ComputeError>([] {
    TempFile h("a\n1\nx\n");
    CsvReadOptions o;
    o.schema_overrides = {{"a", TypeId::kInt8}};
    read_csv(h.path, o);
  });
  EXPECT_NE(msg.find("line 3 of '/tmp/floe_csv_test_"), std::string::npos) << msg;
}

/// A large CSV with every kind of column, and the values it should read back as.
struct BigCsv {
  std::string text;
  int64_t rows = 0;
  int64_t id_sum = 0;
  double x_sum = 0;
  int64_t true_count = 0;
  int64_t null_s = 0;
  size_t s_bytes = 0;
};

BigCsv make_big_csv(int64_t rows, bool multiline) {
  BigCsv big;
  big.rows = rows;
  big.text = "id,x,s,flag,d\n";
  for (int64_t i = 0; i < rows; ++i) {
    double x = static_cast<double>(i) * 0.25;
    std::string s;
    if (i % 7 == 3) {
      s = "";  // null
      ++big.null_s;
    } else if (multiline || i % 1000 == 17) {
      std::string v = fmt::format("line {}\nwith, \"quotes\"", i);
      big.s_bytes += v.size();
      s = "\"line " + std::to_string(i) + "\nwith, \"\"quotes\"\"\"";
    } else {
      std::string v = i % 2 ? fmt::format("a long string value {}", i) : fmt::format("v{}", i);
      big.s_bytes += v.size();
      s = v;
    }
    bool flag = i % 3 == 0;
    big.true_count += flag;
    big.id_sum += i;
    big.x_sum += x;
    big.text += fmt::format("{},{},{},{},2024-01-{:02}\n", i, x, s, flag ? "true" : "false", i % 28 + 1);
  }
  return big;
}

void check_big(const DataFrame& df, const BigCsv& big, int64_t rows) {
  ASSERT_EQ(df.num_rows(), rows);
  EXPECT_EQ(df.schema().to_string(),
            "Schema([('id', Int64), ('x', Float64), ('s', String), ('flag', Boolean), ('d', Date)])");
  int64_t id_sum = 0, true_count = 0, null_s = 0, expected_id = 0;
  double x_sum = 0;
  size_t s_bytes = 0;
  for (const auto& chunk : df.chunks()) {
    EXPECT_LE(chunk.num_rows(), morsel_rows());
    const auto* id = chunk.column(0)->values<int64_t>();
    const auto* x = chunk.column(1)->values<double>();
    const auto* flag = chunk.column(3)->values<uint8_t>();
    const auto* d = chunk.column(4)->values<int32_t>();
    const Column& s = *chunk.column(2);
    for (int64_t r = 0; r < chunk.num_rows(); ++r) {
      ASSERT_EQ(id[r], expected_id) << "rows out of order";
      ++expected_id;
      id_sum += id[r];
      x_sum += x[r];
      true_count += flag[r];
      ASSERT_EQ(d[r], 19723 + id[r] % 28);
      if (s.is_null(r)) {
        ++null_s;
      } else {
        s_bytes += s.string_at(r).size();
      }
    }
  }
  if (rows == big.rows) {
    EXPECT_EQ(id_sum, big.id_sum);
    EXPECT_DOUBLE_EQ(x_sum, big.x_sum);
    EXPECT_EQ(true_count, big.true_count);
    EXPECT_EQ(null_s, big.null_s);
    EXPECT_EQ(s_bytes, big.s_bytes);
  }
}

TEST(CsvReader, LargeFileManyMorsels) {
  BigCsv big = make_big_csv(250000, false);
  TempFile f(big.text);
  CsvReadOptions o;
  o.try_parse_dates = true;
  DataFrame df = read_csv(f.path, o);
  EXPECT_GE(df.chunks().size(), 4u);
  check_big(df, big, big.rows);
  o.n_rows = 123457;
  check_big(read_csv(f.path, o), big, 123457);
}

TEST(CsvReader, LargeFileWithNewlinesInEveryRow) {
  // Every range boundary's first newline lies inside a quoted field about half the time, so
  // guessed record starts are often wrong and must be caught and re-parsed.
  BigCsv big = make_big_csv(210000, true);
  CsvReadOptions o;
  o.try_parse_dates = true;
  check_big(read_csv_buffer(big.text, o), big, big.rows);
  o.n_rows = 70001;
  check_big(read_csv_buffer(big.text, o), big, 70001);
}

TEST(CsvReader, LargeFileErrorsNameTheRightLine) {
  BigCsv big = make_big_csv(220000, false);
  // Row 200000 is on line 200002 (after the header and one quoted newline per 1000 rows).
  std::string text = big.text;
  size_t at = text.find("\n200000,") + 1;
  int64_t line = 1 + std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n');
  size_t after_x = text.find(',', text.find(',', at) + 1);  // the field after x
  std::string bad = text.substr(0, at) + "200000,zzz" + text.substr(after_x);
  CsvReadOptions o;
  o.try_parse_dates = true;
  std::string msg = read_error(bad, o);
  EXPECT_NE(msg.find(fmt::format("line {}", line)), std::string::npos) << msg;
  EXPECT_NE(msg.find("`zzz`"), std::string::npos) << msg;
  std::string ragged = text.substr(0, at) + "200000,1,2,3,4,5,6" + text.substr(text.find('\n', at));
  msg = read_error(ragged, o);
  EXPECT_NE(msg.find(fmt::format("line {}", line)), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected 5 fields, found 7"), std::string::npos) << msg;
}

}  // namespace
}  // namespace floe::io
