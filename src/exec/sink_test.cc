// Tests of the streaming sinks: what they write equals the collected result, in order.
#include "exec/sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/test_columns.h"
#include "exec/parquet_source.h"

namespace floe {
namespace {

namespace fs = std::filesystem;

/// 200,000 rows (several morsels): a = i, s = "row <i>" with every 7th null.
LazyFrame sample() {
  std::vector<std::optional<int64_t>> a;
  std::vector<std::optional<std::string>> s;
  for (int64_t i = 0; i < 200000; ++i) {
    a.push_back(i);
    s.push_back(i % 7 == 0 ? std::nullopt : std::optional<std::string>("row " + std::to_string(i)));
  }
  Schema schema;
  schema.add("a", TypeId::kInt64);
  schema.add("s", TypeId::kString);
  return LazyFrame::from_frame(DataFrame(schema, {testing::fixed_column<int64_t>(TypeId::kInt64, a), testing::string_column(s)}));
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("floe_sink_test_" + std::to_string(::getpid()) + "_" + name)).string();
}

TEST(SinkTest, ParquetHoldsTheQueryResultInOrder) {
  LazyFrame query = sample().filter(col("a") % lit(int64_t{3}) != lit(int64_t{0})).with_columns({(col("a") * lit(int64_t{2})).alias("b")});
  std::string path = temp_path("out.parquet");
  io::ParquetWriteOptions options;
  options.row_group_size = 10000;
  sink_parquet(query, path, options);
  DataFrame back = scan_parquet({path}).collect();
  DataFrame want = query.collect();
  ASSERT_EQ(back.num_rows(), want.num_rows());
  EXPECT_EQ(back.schema().to_string(), want.schema().to_string());
  DataFrame b = back.rechunk(), w = want.rechunk();
  for (size_t c = 0; c < w.num_columns(); ++c) {
    for (int64_t i = 0; i < w.num_rows(); i += 997) {
      EXPECT_EQ(Scalar::from_column(*b.column(c), i), Scalar::from_column(*w.column(c), i)) << "column " << c << " row " << i;
    }
  }
  fs::remove(path);
}

TEST(SinkTest, EmptyResultStillWritesAFileWithTheSchema) {
  std::string path = temp_path("empty.parquet");
  sink_parquet(sample().filter(col("a") < lit(int64_t{0})), path);
  DataFrame back = scan_parquet({path}).collect();
  EXPECT_EQ(back.num_rows(), 0);
  EXPECT_EQ(back.schema().size(), 2u);
  fs::remove(path);
}

TEST(SinkTest, CsvEqualsWriteCsvOfTheCollectedResult) {
  for (bool header : {true, false}) {
    LazyFrame query = sample().filter(col("a") % lit(int64_t{5}) == lit(int64_t{1}));
    std::string path = temp_path("out.csv");
    io::CsvWriteOptions options;
    options.include_header = header;
    sink_csv(query, path, options);
    std::stringstream got;
    got << std::ifstream(path).rdbuf();
    EXPECT_EQ(got.str(), io::write_csv_string(query.collect(), options)) << "header " << header;
    fs::remove(path);
  }
}

TEST(SinkTest, BlockingPlansAndAggregatesStream) {
  std::string path = temp_path("agg.csv");
  LazyFrame query = sample().group_by_agg({col("s").is_null().alias("missing")}, {col("a").sum()}, true);
  sink_csv(query, path);
  std::stringstream got;
  got << std::ifstream(path).rdbuf();
  EXPECT_EQ(got.str(), io::write_csv_string(query.collect()));
  fs::remove(path);
}

}  // namespace
}  // namespace floe
