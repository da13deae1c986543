// Tests that row selection (gather, filter, if_else, broadcast) carries List and Struct
// columns, and that flat-value kernels refuse them with a clear error.
#include <gtest/gtest.h>

#include <optional>

#include "compute/explode.h"
#include "compute/function_registry.h"
#include "compute/selection.h"
#include "compute/sort.h"
#include "core/error.h"
#include "core/table_format.h"
#include "core/test_columns.h"

namespace floe::compute {
namespace {

ColumnPtr i64(const std::vector<std::optional<int64_t>>& values) {
  return testing::fixed_column<int64_t>(TypeId::kInt64, values);
}
ColumnPtr strings(const std::vector<std::optional<std::string>>& values) { return testing::string_column(values); }
ColumnPtr bools(const std::vector<std::optional<uint8_t>>& values) {
  return testing::fixed_column<uint8_t>(TypeId::kBoolean, values);
}

std::vector<std::string> texts(const Column& c) { return testing::printed_values(c); }

// [[1, 2], None, [], [3, 4, 5]] with long strings in a second list to cross buffers.
ColumnPtr sample_list() { return testing::list_column(i64({0, 1, 2, 3, 4, 5}), {1, 3, 3, 3, 6}, {1}); }
// [{"x": 1, "y": "a"}, None, {"x": 3, "y": None}, {"x": 4, "y": "a long string past the inline size"}]
ColumnPtr sample_struct() {
  return testing::struct_column({{"x", i64({1, std::nullopt, 3, 4})},
                                 {"y", strings({"a", std::nullopt, std::nullopt, "a long string past the inline size"})}},
                                {1});
}

TEST(NestedSelection, GatherListsReordersAndRepeatsRows) {
  std::vector<uint32_t> idx{3, 0, 1, 3, 2};
  ColumnPtr out = gather(sample_list(), idx.data(), 5);
  EXPECT_EQ(out->type(), sample_list()->type());
  EXPECT_EQ(out->list_offsets()[0], 0);
  EXPECT_EQ(texts(*out), (std::vector<std::string>{"[3, 4, 5]", "[1, 2]", "null", "[3, 4, 5]", "[]"}));
  EXPECT_EQ(out->null_count(), 1);
}

TEST(NestedSelection, GatherOfAContiguousRunSharesItems) {
  ColumnPtr l = sample_list();
  SelectionVector sel{2, 3};
  ColumnPtr out = gather(l, sel);
  EXPECT_EQ(texts(*out), (std::vector<std::string>{"[]", "[3, 4, 5]"}));
  EXPECT_EQ(out->children()[0]->values_buffer()->data(), l->children()[0]->values<uint8_t>() + 3 * sizeof(int64_t));
}

TEST(NestedSelection, GatherStructsAndNullableIndexes) {
  std::vector<uint32_t> idx{3, 2, 0};
  EXPECT_EQ(texts(*gather(sample_struct(), idx.data(), 3)),
            (std::vector<std::string>{"{4,\"a long string past the inline size\"}", "{3,null}", "{1,\"a\"}"}));
  std::vector<int64_t> outer{0, -1, 3};
  ColumnPtr s = gather_nullable(sample_struct(), outer.data(), 3);
  EXPECT_EQ(texts(*s), (std::vector<std::string>{"{1,\"a\"}", "null", "{4,\"a long string past the inline size\"}"}));
  EXPECT_EQ(s->children()[0]->null_count(), 1);
  ColumnPtr l = gather_nullable(sample_list(), outer.data(), 3);
  EXPECT_EQ(texts(*l), (std::vector<std::string>{"[1, 2]", "null", "[3, 4, 5]"}));
}

TEST(NestedSelection, FilterThroughChunkSelection) {
  ColumnPtr mask = bools({1, 0, std::nullopt, 1});
  ColumnPtr ls = testing::list_column(sample_struct(), {0, 2, 2, 3, 4});
  Chunk chunk({sample_list(), sample_struct(), ls}, 4);
  chunk.set_selection(std::make_shared<SelectionVector>(mask_to_selection(*mask)));
  Chunk out = materialize(chunk);
  ASSERT_EQ(out.num_rows(), 2);
  EXPECT_EQ(texts(*out.column(0)), (std::vector<std::string>{"[1, 2]", "[3, 4, 5]"}));
  EXPECT_EQ(texts(*out.column(1)), (std::vector<std::string>{"{1,\"a\"}", "{4,\"a long string past the inline size\"}"}));
  EXPECT_EQ(texts(*out.column(2)),
            (std::vector<std::string>{"[{1,\"a\"}, null]", "[{4,\"a long string past the inline size\"}]"}));
}

TEST(NestedSelection, IfElseAndBroadcastPickWholeRows) {
  ColumnPtr mask = bools({1, 0, std::nullopt, 0});
  ColumnPtr other = testing::list_column(i64({7, 8}), {0, 1, 1, 2, 2});
  EXPECT_EQ(texts(*if_else(mask, sample_list(), other)), (std::vector<std::string>{"[1, 2]", "[]", "[8]", "[]"}));
  ColumnPtr one = testing::list_column(i64({7, 8}), {0, 2});
  EXPECT_EQ(texts(*broadcast(one, 3)), (std::vector<std::string>{"[7, 8]", "[7, 8]", "[7, 8]"}));
  EXPECT_EQ(texts(*if_else(mask, sample_struct(), sample_struct()->slice(0, 1))),
            (std::vector<std::string>{"{1,\"a\"}", "{1,\"a\"}", "{1,\"a\"}", "{1,\"a\"}"}));
}

TEST(NestedSelection, SortingByANestedColumnIsRefused) {
  try {
    sort_indices({sample_list()}, std::vector<bool>{false}, std::vector<bool>{false});
    FAIL() << "sorting by a list must throw";
  } catch (const InvalidOperation& e) {
    EXPECT_NE(std::string(e.what()).find("not supported for List columns"), std::string::npos) << e.what();
  }
  EXPECT_THROW(sort_indices({sample_struct()}, std::vector<bool>{false}, std::vector<bool>{false}), InvalidOperation);
}

// pl.DataFrame({"id": [1, 2, 3, 4], "a": [[1, 2], None, [], [3, 4, 5]]}).explode("a", ...)
TEST(NestedExplode, RowsPerItemAsPolars) {
  ColumnPtr id = i64({1, 2, 3, 4});
  auto out = explode({id, sample_list()}, {1});
  EXPECT_EQ(texts(*out[0]), (std::vector<std::string>{"1", "1", "2", "4", "4", "4"}));
  EXPECT_EQ(texts(*out[1]), (std::vector<std::string>{"1", "2", "null", "3", "4", "5"}));
  out = explode({id, sample_list()}, {1}, {.empty_as_null = true, .keep_nulls = false});
  EXPECT_EQ(texts(*out[0]), (std::vector<std::string>{"1", "1", "3", "4", "4", "4"}));
  EXPECT_EQ(texts(*out[1]), (std::vector<std::string>{"1", "2", "null", "3", "4", "5"}));
  ColumnPtr other = testing::list_column(strings({"a", "b", "c"}), {0, 2, 2, 2, 3});
  try {
    explode({sample_list(), other}, {0, 1});
    FAIL() << "lists of different lengths must not explode together";
  } catch (const ShapeMismatch& e) {
    EXPECT_NE(std::string(e.what()).find("matching element counts"), std::string::npos) << e.what();
  }
  EXPECT_THROW(explode({id}, {0}), InvalidOperation);
}

TEST(NestedFunctions, ListLenGetAndStructField) {
  const auto& registry = FunctionRegistry::global();
  FunctionOptions none;
  std::vector<ColumnPtr> args{sample_list()};
  EXPECT_EQ(texts(*registry.get("list.len").execute(args, none)), (std::vector<std::string>{"2", "null", "0", "3"}));
  FunctionOptions last{{Scalar::int64(-1), Scalar::boolean(true)}};
  EXPECT_EQ(texts(*registry.get("list.get").execute(args, last)), (std::vector<std::string>{"2", "null", "null", "5"}));
  FunctionOptions strict{{Scalar::int64(0), Scalar::boolean(false)}};
  try {
    registry.get("list.get").execute(args, strict);
    FAIL() << "index 0 of an empty list must be out of bounds";
  } catch (const ComputeError& e) {
    EXPECT_STREQ(e.what(), "get index is out of bounds");
  }
  std::vector<ColumnPtr> s{sample_struct()};
  FunctionOptions y{{Scalar::string("y")}};
  EXPECT_EQ(texts(*registry.get("struct.field").execute(s, y)),
            (std::vector<std::string>{"a", "null", "null", "a long string past the inline size"}));
  std::vector<DataType> types{sample_struct()->type()};
  FunctionOptions q{{Scalar::string("q")}};
  try {
    registry.get("struct.field").resolve(types, q);
    FAIL() << "a missing field must throw";
  } catch (const Error& e) {
    EXPECT_STREQ(e.kind(), "StructFieldNotFoundError");
  }
  std::vector<DataType> ints{TypeId::kInt64};
  EXPECT_THROW(registry.get("list.len").resolve(ints, none), InvalidOperation);
}

}  // namespace
}  // namespace floe::compute
