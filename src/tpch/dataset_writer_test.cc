// Tests of writing a TPC-H data set: file layout, headers, row totals and option errors.
#include "tpch/dataset_writer.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/error.h"

namespace floe::tpch {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int64_t count_lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

class TpchDatasetWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("floe_tpch_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(TpchDatasetWriterTest, OneFilePerTable) {
  GenerateOptions options;
  options.scale_factor = 0.001;
  options.output_dir = dir_.string();
  const auto written = generate_dataset(options);
  ASSERT_EQ(written.size(), 8u);
  for (const auto& t : written) {
    ASSERT_EQ(t.files.size(), 1u);
    EXPECT_EQ(t.files[0], (dir_ / (std::string(table_name(t.table)) + ".csv")).string());
    const std::string text = read_file(t.files[0]);
    EXPECT_EQ(count_lines(text), t.rows + 1) << table_name(t.table);
    EXPECT_EQ(text.substr(0, text.find('\n')), fmt::format("{}", fmt::join(table_schema(t.table).names(), ",")));
  }
  EXPECT_EQ(written[2].rows, 10);  // suppliers at SF 0.001
}

TEST_F(TpchDatasetWriterTest, SeveralFilesSplitATableInKeyOrder) {
  GenerateOptions options;
  options.scale_factor = 0.001;
  options.output_dir = dir_.string();
  options.tables = {Table::kOrders, Table::kNation};
  options.files_per_table = 3;
  const auto written = generate_dataset(options);
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0].table, Table::kOrders);
  EXPECT_EQ(written[0].rows, 1500);
  ASSERT_EQ(written[0].files.size(), 3u);
  std::string joined;
  for (int part = 0; part < 3; ++part) {
    EXPECT_EQ(written[0].files[part], (dir_ / "orders" / fmt::format("part-{}.csv", part)).string());
    std::string text = read_file(written[0].files[part]);
    text = text.substr(text.find('\n') + 1);  // every part has the header
    joined += text;
  }
  EXPECT_EQ(count_lines(joined), 1500);
  EXPECT_EQ(joined.substr(0, 2), "1,");
  // Files more than rows: the extra files hold just the header.
  EXPECT_EQ(written[1].rows, 25);
}

TEST_F(TpchDatasetWriterTest, BadOptionsAreInvalidArguments) {
  GenerateOptions options;
  options.scale_factor = 0.001;
  options.output_dir = dir_.string();
  options.files_per_table = 0;
  EXPECT_THROW(generate_dataset(options), InvalidArgument);
  options.files_per_table = 1;
  options.scale_factor = -2;
  EXPECT_THROW(generate_dataset(options), InvalidArgument);
  options.scale_factor = 0.001;
  options.output_dir = "";
  EXPECT_THROW(generate_dataset(options), InvalidArgument);
}

TEST_F(TpchDatasetWriterTest, ParquetFilesHoldTheGeneratedRows) {
  GenerateOptions options;
  options.scale_factor = 0.001;
  options.output_dir = dir_.string();
  options.format = FileFormat::kParquet;
  options.tables = {Table::kLineitem, Table::kNation};
  options.files_per_table = 2;
  const auto written = generate_dataset(options);
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0].files[1], (dir_ / "lineitem" / "part-1.parquet").string());
  int64_t rows = 0;
  for (const auto& file : written[0].files) {
    const std::string bytes = read_file(file);
    ASSERT_GT(bytes.size(), 8u);
    EXPECT_EQ(bytes.substr(0, 4), "PAR1");
    EXPECT_EQ(bytes.substr(bytes.size() - 4), "PAR1");
  }
  rows = written[0].rows;
  EXPECT_EQ(rows, generate_table(Table::kLineitem, ScaleCounts::for_scale_factor(0.001), 0, 1500).num_rows());
}

TEST_F(TpchDatasetWriterTest, UnwritableDirectoryIsAnIoError) {
  GenerateOptions options;
  options.scale_factor = 0.001;
  options.output_dir = "/proc/floe_cannot_write_here";
  EXPECT_THROW(generate_dataset(options), IoError);
}

}  // namespace
}  // namespace floe::tpch
