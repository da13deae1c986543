// Tests of dataset expansion: directories, glob patterns and hive partition folders.
#include "io/dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "io/file_system.h"

namespace floe::io {
namespace {

namespace fs = std::filesystem;

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("floe_dataset_test_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    for (const char* p : {"year=2024/month=1/a.parquet", "year=2024/month=2/b.parquet", "year=2025/month=1/c.parquet",
                          "year=__HIVE_DEFAULT_PARTITION__/month=3/d.parquet", "year=2024/_SUCCESS",
                          "year=2024/.hidden/e.parquet", "name=a%20b/f.csv"}) {
      fs::create_directories((root_ / p).parent_path());
      std::ofstream(root_ / p) << "x";
    }
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::vector<std::string> names(const std::vector<DatasetFile>& files, const fs::path& root) {
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(fs::path(f.path).lexically_relative(root).string());
    return out;
  }

  fs::path root_;
};

TEST_F(DatasetTest, DirectoryListsVisibleFilesInOrder) {
  auto files = expand_sources({root_.string()}, false);
  EXPECT_EQ(names(files, root_), (std::vector<std::string>{"name=a%20b/f.csv", "year=2024/month=1/a.parquet",
                                                          "year=2024/month=2/b.parquet", "year=2025/month=1/c.parquet",
                                                          "year=__HIVE_DEFAULT_PARTITION__/month=3/d.parquet"}));
  EXPECT_TRUE(files[0].partitions.empty());
  EXPECT_TRUE(any_directory({root_.string()}));
}

TEST_F(DatasetTest, HivePartitionsFromFolders) {
  auto files = expand_sources({(root_ / "year=*").string() + "/**/*.parquet"}, true);
  ASSERT_EQ(files.size(), 4u);
  ASSERT_EQ(files[0].partitions.size(), 2u);
  EXPECT_EQ(files[0].partitions[0].first, "year");
  EXPECT_EQ(*files[0].partitions[0].second, "2024");
  EXPECT_EQ(*files[0].partitions[1].second, "1");
  EXPECT_FALSE(files[3].partitions[0].second.has_value());  // __HIVE_DEFAULT_PARTITION__ is null
  auto decoded = expand_sources({root_.string() + "/name=a%20b/f.csv"}, true);
  ASSERT_EQ(decoded.size(), 1u);
  ASSERT_EQ(decoded[0].partitions.size(), 1u);
  EXPECT_EQ(*decoded[0].partitions[0].second, "a b");
}

TEST_F(DatasetTest, GlobPatterns) {
  auto one_level = expand_sources({root_.string() + "/year=2024/*/*.parquet"}, false);
  EXPECT_EQ(names(one_level, root_), (std::vector<std::string>{"year=2024/month=1/a.parquet", "year=2024/month=2/b.parquet"}));
  // `*` stays within a folder; `**` crosses folders.
  EXPECT_THROW(expand_sources({root_.string() + "/*.parquet"}, false), IoError);
  EXPECT_EQ(expand_sources({root_.string() + "/**/*.parquet"}, false).size(), 4u);
  EXPECT_EQ(expand_sources({root_.string() + "/year=202[4-5]/month=?/*.parquet"}, false).size(), 3u);
}

TEST_F(DatasetTest, MissingSourcesAreClearErrors) {
  try {
    expand_sources({(root_ / "nope.parquet").string()}, false);
    FAIL() << "expected an error";
  } catch (const FileNotFound& e) {
    EXPECT_NE(std::string(e.what()).find("nope.parquet"), std::string::npos);
  }
  EXPECT_THROW(expand_sources({}, false), ComputeError);
}

}  // namespace
}  // namespace floe::io
