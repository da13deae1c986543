// Blocks refuse List and Struct columns by name until the format carries child columns.
#include <gtest/gtest.h>

#include "cluster/block_format.h"
#include "core/data_frame.h"
#include "core/error.h"
#include "core/test_columns.h"

namespace floe::cluster {
namespace {

TEST(BlockFormatNested, NestedColumnsAreRefusedClearly) {
  ColumnPtr items = testing::fixed_column<int64_t>(TypeId::kInt64, {1, 2, 3});
  ColumnPtr list = testing::list_column(items, {0, 2, 3});
  DataFrame df(Schema({{"l", list->type()}}), std::vector<ColumnPtr>{list});
  try {
    encode_block(df);
    FAIL() << "a list column must not be encoded";
  } catch (const InvalidOperation& e) {
    EXPECT_NE(std::string(e.what()).find("column 'l' of type list[i64] cannot be sent across the cluster"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace floe::cluster
