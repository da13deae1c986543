// Tests of the nested types List and Struct: their names, parsing, columns, slicing,
// concatenation and printing (expected tables are Polars 2.1's output for the same data).
#include <gtest/gtest.h>

#include <optional>

#include "core/data_frame.h"
#include "core/error.h"
#include "core/table_format.h"
#include "core/test_columns.h"

namespace floe {
namespace {

ColumnPtr i64(const std::vector<std::optional<int64_t>>& values) {
  return testing::fixed_column<int64_t>(TypeId::kInt64, values);
}
ColumnPtr strings(const std::vector<std::optional<std::string>>& values) { return testing::string_column(values); }

std::vector<std::string> texts(const Column& c) { return testing::printed_values(c); }

DataType point_type() {
  return DataType::struct_({Field{"x", TypeId::kInt64}, Field{"y", TypeId::kString}});
}

// [[1, 2], None, []] over items [9, 1, 2, 9]: the first list starts at item 1.
ColumnPtr sample_list() { return testing::list_column(i64({9, 1, 2, 9}), {1, 3, 3, 3}, {1}); }
// [{"x": 1, "y": "a"}, None, {"x": 3, "y": None}]
ColumnPtr sample_struct() {
  return testing::struct_column({{"x", i64({1, std::nullopt, 3})}, {"y", strings({"a", std::nullopt, std::nullopt})}},
                                {1});
}

TEST(NestedType, NamesAndReprsMatchPolars) {
  DataType l = DataType::list(TypeId::kInt64);
  EXPECT_EQ(l.to_string(), "list[i64]");
  EXPECT_EQ(l.to_polars_repr(), "List(Int64)");
  EXPECT_EQ(DataType::list(DataType::list(DataType::datetime(TimeUnit::kMicro))).to_string(), "list[list[datetime[μs]]]");
  EXPECT_EQ(point_type().to_string(), "struct[2]");
  EXPECT_EQ(point_type().to_polars_repr(), "Struct({'x': Int64, 'y': String})");
  // Names are quoted as Python's repr quotes them.
  EXPECT_EQ(DataType::struct_({Field{"it's", TypeId::kInt8}, Field{"a\"'", TypeId::kInt8}}).to_polars_repr(),
            "Struct({\"it's\": Int8, 'a\"\\'': Int8})");
  EXPECT_EQ(DataType::list(point_type()).to_string(), "list[struct[2]]");
  EXPECT_EQ(Schema({{"a", l}}).to_string(), "Schema([('a', List(Int64))])");
  EXPECT_TRUE(l.is_nested());
  EXPECT_FALSE(DataType(TypeId::kInt64).is_nested());
  EXPECT_EQ(l.list_item(), DataType(TypeId::kInt64));
  EXPECT_EQ(point_type().struct_fields()[1].name, "y");
}

TEST(NestedType, EqualityComparesChildren) {
  EXPECT_EQ(DataType::list(TypeId::kInt64), DataType::list(TypeId::kInt64));
  EXPECT_NE(DataType::list(TypeId::kInt64), DataType::list(TypeId::kInt32));
  EXPECT_NE(DataType::list(TypeId::kInt64), DataType(TypeId::kList));
  EXPECT_EQ(point_type(), point_type());
  EXPECT_NE(point_type(), DataType::struct_({Field{"x", TypeId::kInt64}, Field{"z", TypeId::kString}}));
  EXPECT_NE(point_type(), DataType::struct_({Field{"x", TypeId::kInt64}}));
  EXPECT_NE(DataType::list(point_type()), DataType::list(DataType::struct_({Field{"x", TypeId::kInt64}})));
}

TEST(NestedType, ParsesHeaderAndReprNames) {
  for (const DataType& t :
       {DataType::list(TypeId::kInt64), DataType::list(DataType::list(TypeId::kString)), point_type(),
        DataType::list(point_type()), DataType::struct_({Field{"a: b", DataType::list(TypeId::kFloat64)}}),
        DataType::struct_({}), DataType::list(DataType::datetime(TimeUnit::kNano, "UTC")),
        DataType::list(DataType::decimal(10, 2)), DataType::struct_({Field{"d", DataType::duration(TimeUnit::kMilli)}}),
        DataType::struct_({Field{"it's", TypeId::kInt8}, Field{"q\"'\\, x", TypeId::kInt8}, Field{"", TypeId::kInt8}})}) {
    EXPECT_EQ(parse_data_type(t.to_polars_repr()), t) << t.to_polars_repr();
  }
  EXPECT_EQ(parse_data_type("list[list[i64]]"), DataType::list(DataType::list(TypeId::kInt64)));
  EXPECT_EQ(parse_data_type("Datetime(time_unit='ms', time_zone=None)"), DataType::datetime(TimeUnit::kMilli));
  try {
    parse_data_type("struct[2]");
    FAIL() << "struct[2] has no field names and must not parse";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("does not list its fields"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_data_type("List(Int65)"), InvalidArgument);
  std::string deep = "Int64";
  for (int i = 0; i < 100000; ++i) deep = "List(" + deep + ")";
  EXPECT_THROW(parse_data_type(deep), InvalidArgument);  // refused, not a stack overflow
  EXPECT_THROW(parse_data_type("Struct({'a' Int64})"), InvalidArgument);
  EXPECT_THROW(DataType::struct_({Field{"a", TypeId::kInt64}, Field{"a", TypeId::kString}}), DuplicateError);
}

TEST(NestedType, SupertypePromotesMembers) {
  EXPECT_EQ(supertype(DataType::list(TypeId::kInt32), DataType::list(TypeId::kFloat64)), DataType::list(TypeId::kFloat64));
  EXPECT_EQ(supertype(DataType::list(TypeId::kInt32), TypeId::kNull), DataType::list(TypeId::kInt32));
  EXPECT_EQ(supertype(DataType::struct_({Field{"a", TypeId::kInt8}}), DataType::struct_({Field{"a", TypeId::kInt64}})),
            DataType::struct_({Field{"a", TypeId::kInt64}}));
  EXPECT_THROW(supertype(DataType::list(TypeId::kInt32), TypeId::kInt32), SchemaMismatch);
  EXPECT_THROW(supertype(point_type(), DataType::struct_({Field{"q", TypeId::kInt64}, Field{"y", TypeId::kString}})),
               SchemaMismatch);
}

TEST(NestedColumn, ListRowsAddressItemsThroughOffsets) {
  ColumnPtr l = sample_list();
  EXPECT_EQ(l->length(), 3);
  EXPECT_EQ(l->null_count(), 1);
  ASSERT_EQ(l->children().size(), 1u);
  EXPECT_EQ(l->list_offsets()[0], 1);
  EXPECT_EQ(texts(*l), (std::vector<std::string>{"[1, 2]", "null", "[]"}));
}

TEST(NestedColumn, MakeListRejectsBadOffsetsAndItems) {
  auto offsets = [](std::vector<int64_t> v) {
    auto b = Buffer::allocate(v.size() * sizeof(int64_t));
    std::memcpy(b->data(), v.data(), v.size() * sizeof(int64_t));
    return b;
  };
  DataType t = DataType::list(TypeId::kInt64);
  try {
    Column::make_list(t, 2, offsets({0, 3, 2}), i64({1, 2, 3}));
    FAIL() << "descending offsets must be rejected";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("list offsets must ascend"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Column::make_list(t, 1, offsets({0, 4}), i64({1, 2, 3})), InvalidArgument);
  EXPECT_THROW(Column::make_list(t, 3, offsets({0, 1}), i64({1, 2, 3})), InvalidArgument);
  try {
    Column::make_list(t, 1, offsets({0, 1}), strings({"a"}));
    FAIL() << "string items in a list[i64] must be rejected";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("list items of type str do not match the list type list[i64]"),
              std::string::npos)
        << e.what();
  }
}

TEST(NestedColumn, MakeStructChecksFields) {
  ColumnPtr s = sample_struct();
  EXPECT_EQ(s->null_count(), 1);
  EXPECT_EQ(s->children().size(), 2u);
  EXPECT_EQ(texts(*s), (std::vector<std::string>{"{1,\"a\"}", "null", "{3,null}"}));
  try {
    Column::make_struct(point_type(), 3, {i64({1, 2, 3}), i64({1, 2, 3})});
    FAIL() << "a field of the wrong type must be rejected";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("struct field 'y' must be a column of 3 rows of str"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(Column::make_struct(point_type(), 3, {i64({1, 2, 3})}), InvalidArgument);
  EXPECT_THROW(Column::make_struct(point_type(), 2, {i64({1, 2, 3}), strings({"a", "b", "c"})}), InvalidArgument);
}

TEST(NestedColumn, SliceKeepsOffsetsAndSlicesStructFields) {
  ColumnPtr l = testing::list_column(i64({1, 2, 3, 4, 5, 6}), {0, 2, 3, 3, 6}, {2});
  ColumnPtr part = l->slice(1, 3);
  EXPECT_EQ(part->list_offsets()[0], 2);  // offsets are not rebased: items are shared
  EXPECT_EQ(part->children()[0].get(), l->children()[0].get());
  EXPECT_EQ(texts(*part), (std::vector<std::string>{"[3]", "null", "[4, 5, 6]"}));
  EXPECT_EQ(texts(*l->slice(3, 1)->slice(0, 1)), (std::vector<std::string>{"[4, 5, 6]"}));

  ColumnPtr s = sample_struct()->slice(1, 2);
  EXPECT_EQ(s->length(), 2);
  EXPECT_EQ(s->children()[0]->length(), 2);
  EXPECT_EQ(texts(*s), (std::vector<std::string>{"null", "{3,null}"}));
}

TEST(NestedColumn, NullsOfNestedTypes) {
  ColumnPtr l = Column::nulls(DataType::list(TypeId::kString), 3);
  EXPECT_EQ(l->null_count(), 3);
  EXPECT_EQ(l->children()[0]->length(), 0);
  EXPECT_EQ(texts(*l), (std::vector<std::string>{"null", "null", "null"}));
  ColumnPtr s = Column::nulls(point_type(), 2);
  EXPECT_EQ(s->null_count(), 2);
  EXPECT_EQ(s->children()[1]->null_count(), 2);
  EXPECT_EQ(s->type(), point_type());
  EXPECT_EQ(texts(*s->with_validity(nullptr)), (std::vector<std::string>{"{null,null}", "{null,null}"}));
}

TEST(NestedColumn, ConcatRebasesSlicedLists) {
  ColumnPtr l = testing::list_column(i64({1, 2, 3, 4, 5, 6}), {0, 2, 3, 3, 6}, {2});
  ColumnPtr joined = concat_columns({l->slice(1, 3), sample_list(), l->slice(0, 1)});
  EXPECT_EQ(joined->list_offsets()[0], 0);
  EXPECT_EQ(joined->children()[0]->length(), 4 + 2 + 2);  // only the items the rows address
  EXPECT_EQ(texts(*joined),
            (std::vector<std::string>{"[3]", "null", "[4, 5, 6]", "[1, 2]", "null", "[]", "[1, 2]"}));
}

TEST(NestedColumn, ConcatStructsFieldByField) {
  ColumnPtr joined = concat_columns({sample_struct()->slice(1, 2), sample_struct()});
  EXPECT_EQ(joined->null_count(), 2);
  EXPECT_EQ(texts(*joined), (std::vector<std::string>{"null", "{3,null}", "{1,\"a\"}", "null", "{3,null}"}));
}

TEST(NestedColumn, ListOfStructsAndStructOfLists) {
  ColumnPtr ls = testing::list_column(sample_struct(), {0, 1, 3, 3});
  EXPECT_EQ(ls->type().to_string(), "list[struct[2]]");
  EXPECT_EQ(texts(*ls), (std::vector<std::string>{"[{1,\"a\"}]", "[null, {3,null}]", "[]"}));
  ColumnPtr sl = testing::struct_column({{"l", sample_list()}, {"n", i64({1, 2, 3})}});
  EXPECT_EQ(texts(*sl), (std::vector<std::string>{"{[1, 2],1}", "{null,2}", "{[],3}"}));
  EXPECT_EQ(texts(*concat_columns({sl, sl->slice(2, 1)}))[3], "{[],3}");
}

// pl.DataFrame({"a": [[1, 2], None, []], "s": [{"x": 1, "y": "a"}, None, {"x": 3, "y": None}]})
TEST(NestedFormat, TableMatchesPolars) {
  DataFrame df(Schema({{"a", sample_list()->type()}, {"s", point_type()}}), std::vector<ColumnPtr>{sample_list(), sample_struct()});
  EXPECT_EQ(format_table(df, TableFormatOptions{}),
            "shape: (3, 2)\n"
            "┌───────────┬───────────┐\n"
            "│ a         ┆ s         │\n"
            "│ ---       ┆ ---       │\n"
            "│ list[i64] ┆ struct[2] │\n"
            "╞═══════════╪═══════════╡\n"
            "│ [1, 2]    ┆ {1,\"a\"}   │\n"
            "│ null      ┆ null      │\n"
            "│ []        ┆ {3,null}  │\n"
            "└───────────┴───────────┘");
}

// pl.DataFrame({"l": [list(range(3)), list(range(4)), ["a" * 40]]}) with the strings as a
// second column, since a list holds one type.
TEST(NestedFormat, LongListsAndStringsAreCut) {
  std::vector<std::optional<int64_t>> items;
  for (int64_t i = 0; i <= 20; ++i) items.push_back(i);
  ColumnPtr l = testing::list_column(i64(items), {0, 3, 7, 20, 21});
  ColumnPtr s = testing::list_column(strings({std::string(40, 'a'), "b", "aaaaaaaaaa", "b", "c", "d"}), {0, 1, 2, 6, 6});
  DataFrame df(Schema({{"l", l->type()}, {"s", s->type()}}), std::vector<ColumnPtr>{l, s});
  EXPECT_EQ(format_table(df, TableFormatOptions{}),
            "shape: (4, 2)\n"
            "┌──────────────┬─────────────────────────────────┐\n"
            "│ l            ┆ s                               │\n"
            "│ ---          ┆ ---                             │\n"
            "│ list[i64]    ┆ list[str]                       │\n"
            "╞══════════════╪═════════════════════════════════╡\n"
            "│ [0, 1, 2]    ┆ [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa… │\n"
            "│ [3, 4, … 6]  ┆ [\"b\"]                           │\n"
            "│ [7, 8, … 19] ┆ [\"aaaaaaaaaa\", \"b\", … \"d\"]      │\n"
            "│ [20]         ┆ []                              │\n"
            "└──────────────┴─────────────────────────────────┘");
  TableFormatOptions one;
  one.max_list_len = 1;
  EXPECT_EQ(format_value(*l, 2, one), "[… 19]");
  one.max_list_len = 0;
  EXPECT_EQ(format_value(*l, 2, one), "[…]");
}

// pl.Series("x", [[1, 2], None, []])
TEST(NestedFormat, SeriesMatchesPolars) {
  EXPECT_EQ(format_series("x", *sample_list(), TableFormatOptions{}),
            "shape: (3,)\nSeries: 'x' [list[i64]]\n[\n\t[1, 2]\n\tnull\n\t[]\n]");
  EXPECT_EQ(format_series("s", *sample_struct(), TableFormatOptions{}),
            "shape: (3,)\nSeries: 's' [struct[2]]\n[\n\t{1,\"a\"}\n\tnull\n\t{3,null}\n]");
}

}  // namespace
}  // namespace floe
