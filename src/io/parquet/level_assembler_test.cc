// Unit tests of the level assembler on hand-built repetition and definition levels.
#include "io/parquet/level_assembler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/bitmap.h"
#include "core/error.h"

namespace floe::io::parquet {
namespace {

using Kind = LevelNode::Kind;

LevelNode list(int slot_def, int valid_def, int slot_rep, int elem_def, int rep) {
  return {Kind::kList, static_cast<int16_t>(slot_def), static_cast<int16_t>(valid_def), static_cast<int16_t>(slot_rep),
          static_cast<int16_t>(elem_def), static_cast<int16_t>(rep)};
}
LevelNode node(Kind kind, int slot_def, int valid_def, int slot_rep) {
  return {kind, static_cast<int16_t>(slot_def), static_cast<int16_t>(valid_def), static_cast<int16_t>(slot_rep), 0, 0};
}

/// "1" per valid slot, "0" per null one ("" for no validity bitmap at all).
std::string bits(const AssembledNode& n) {
  if (!n.validity) return "";
  std::string out;
  for (int64_t i = 0; i < n.length; ++i) out += bitmap::get(n.validity->data(), i) ? '1' : '0';
  return out;
}

std::vector<int64_t> offsets(const AssembledNode& n) {
  const int64_t* o = n.offsets->as<int64_t>();
  return {o, o + n.length + 1};
}

AssembledLevels run(const std::vector<LevelNode>& path, const std::vector<uint8_t>& rep, const std::vector<uint8_t>& def,
                    int max_def, int max_rep) {
  return assemble_levels(path, def.data(), rep.empty() ? nullptr : rep.data(), static_cast<int64_t>(def.size()),
                         max_def, max_rep);
}

// optional group a (LIST) { repeated group list { optional int64 element; } }
const std::vector<LevelNode> kOptionalList = {list(0, 1, 0, 2, 1), node(Kind::kLeaf, 2, 3, 1)};

TEST(ParquetLevelAssembler, ListWithEmptyAndNullListsAndNullItems) {
  // [1, 2], [], null, [null, 3], [4]
  auto a = run(kOptionalList, {0, 1, 0, 0, 0, 1, 0}, {3, 3, 1, 0, 2, 3, 3}, 3, 1);
  EXPECT_EQ(a.records, 5);
  EXPECT_EQ(a.values, 4);
  EXPECT_EQ(a.nodes[0].length, 5);
  EXPECT_EQ(offsets(a.nodes[0]), (std::vector<int64_t>{0, 2, 2, 2, 4, 5}));
  EXPECT_EQ(bits(a.nodes[0]), "11011");
  EXPECT_EQ(a.nodes[0].null_count, 1);
  EXPECT_EQ(a.nodes[1].length, 5);
  EXPECT_EQ(bits(a.nodes[1]), "11011");
  EXPECT_EQ(a.nodes[1].null_count, 1);
}

TEST(ParquetLevelAssembler, NoNullsDropsTheValidity) {
  // [7], [8, 9]
  auto a = run(kOptionalList, {0, 0, 1}, {3, 3, 3}, 3, 1);
  EXPECT_EQ(bits(a.nodes[0]), "");
  EXPECT_EQ(bits(a.nodes[1]), "");
  EXPECT_EQ(offsets(a.nodes[0]), (std::vector<int64_t>{0, 1, 3}));
  EXPECT_EQ(a.values, 3);
}

TEST(ParquetLevelAssembler, BareRepeatedPrimitive) {
  // repeated int32 x: [1, 2], [], [3]; neither the list nor its items can be null.
  const std::vector<LevelNode> path = {list(0, 0, 0, 1, 1), node(Kind::kLeaf, 1, 1, 1)};
  auto a = run(path, {0, 1, 0, 0}, {1, 1, 0, 1}, 1, 1);
  EXPECT_EQ(a.records, 3);
  EXPECT_EQ(offsets(a.nodes[0]), (std::vector<int64_t>{0, 2, 2, 3}));
  EXPECT_EQ(a.nodes[0].validity, nullptr);
  EXPECT_EQ(a.nodes[1].length, 3);
  EXPECT_EQ(a.nodes[1].validity, nullptr);
}

TEST(ParquetLevelAssembler, ListOfLists) {
  // list<list<int32>>, all optional: [[1, 2], [3]], [[], null], [[4]], null
  const std::vector<LevelNode> path = {list(0, 1, 0, 2, 1), list(2, 3, 1, 4, 2), node(Kind::kLeaf, 4, 5, 2)};
  auto a = run(path, {0, 2, 1, 0, 1, 0, 0}, {5, 5, 5, 3, 2, 5, 0}, 5, 2);
  EXPECT_EQ(a.records, 4);
  EXPECT_EQ(offsets(a.nodes[0]), (std::vector<int64_t>{0, 2, 4, 5, 5}));
  EXPECT_EQ(bits(a.nodes[0]), "1110");
  EXPECT_EQ(offsets(a.nodes[1]), (std::vector<int64_t>{0, 2, 3, 3, 3, 4}));
  EXPECT_EQ(bits(a.nodes[1]), "11101");
  EXPECT_EQ(a.nodes[2].length, 4);
  EXPECT_EQ(bits(a.nodes[2]), "");
  EXPECT_EQ(a.values, 4);
}

TEST(ParquetLevelAssembler, StructWithListField) {
  // optional group s { optional int32 a; optional group b (LIST) { repeated group list {
  // optional int32 element; } } }: {a: 1, b: [1, null]}, null, {a: null, b: null}, {a: 2, b: []}
  const LevelNode s = node(Kind::kStruct, 0, 1, 0);
  auto a = run({s, node(Kind::kLeaf, 0, 2, 0)}, {}, {2, 0, 1, 2}, 2, 0);
  EXPECT_EQ(a.records, 4);
  EXPECT_EQ(bits(a.nodes[0]), "1011");
  EXPECT_EQ(a.nodes[1].length, 4);
  EXPECT_EQ(bits(a.nodes[1]), "1001");
  EXPECT_EQ(a.values, 2);

  auto b = run({s, list(0, 2, 0, 3, 1), node(Kind::kLeaf, 3, 4, 1)}, {0, 1, 0, 0, 0}, {4, 3, 0, 1, 2}, 4, 1);
  EXPECT_EQ(b.records, 4);
  EXPECT_EQ(bits(b.nodes[0]), "1011");
  // Every struct row has a list slot, null under the null struct.
  EXPECT_EQ(b.nodes[1].length, 4);
  EXPECT_EQ(bits(b.nodes[1]), "1001");
  EXPECT_EQ(offsets(b.nodes[1]), (std::vector<int64_t>{0, 2, 2, 2, 2}));
  EXPECT_EQ(b.nodes[2].length, 2);
  EXPECT_EQ(bits(b.nodes[2]), "10");
  EXPECT_EQ(b.values, 1);
}

TEST(ParquetLevelAssembler, ListOfStructs) {
  // optional group l (LIST) { repeated group list { optional group element { required int32 x;
  // optional binary y; } } }: [{1, "a"}, null, {2, null}], null, []
  const std::vector<LevelNode> prefix = {list(0, 1, 0, 2, 1), node(Kind::kStruct, 2, 3, 1)};
  auto x_path = prefix;
  x_path.push_back(node(Kind::kLeaf, 2, 3, 1));
  auto x = run(x_path, {0, 1, 1, 0, 0}, {3, 2, 3, 0, 1}, 3, 1);
  EXPECT_EQ(x.records, 3);
  EXPECT_EQ(offsets(x.nodes[0]), (std::vector<int64_t>{0, 3, 3, 3}));
  EXPECT_EQ(bits(x.nodes[0]), "101");
  EXPECT_EQ(bits(x.nodes[1]), "101");
  EXPECT_EQ(bits(x.nodes[2]), "101");
  EXPECT_EQ(x.values, 2);

  auto y_path = prefix;
  y_path.push_back(node(Kind::kLeaf, 2, 4, 1));
  auto y = run(y_path, {0, 1, 1, 0, 0}, {4, 2, 3, 0, 1}, 4, 1);
  EXPECT_EQ(y.nodes[2].length, 3);
  EXPECT_EQ(bits(y.nodes[2]), "100");
  EXPECT_EQ(y.values, 1);
}

TEST(ParquetLevelAssembler, EmptyInput) {
  auto a = run(kOptionalList, {}, {}, 3, 1);
  EXPECT_EQ(a.records, 0);
  EXPECT_EQ(a.nodes[0].length, 0);
  EXPECT_EQ(offsets(a.nodes[0]), (std::vector<int64_t>{0}));
}

void expect_error(const std::vector<uint8_t>& rep, const std::vector<uint8_t>& def, const std::string& message) {
  try {
    run(kOptionalList, rep, def, 3, 1);
    FAIL() << "expected an error mentioning '" << message << "'";
  } catch (const ComputeError& e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

TEST(ParquetLevelAssembler, HostileLevelsAreErrors) {
  expect_error({0, 0}, {3, 4}, "definition level 4 above the maximum 3");
  expect_error({0, 2}, {3, 3}, "repetition level 2 above the maximum 1");
  expect_error({1, 0}, {3, 3}, "starts inside a record");
  // A null list, then an entry claiming to be its second element.
  expect_error({0, 1}, {0, 3}, "continues a list that has no element there");
  // An empty list continued.
  expect_error({0, 1}, {1, 3}, "continues a list that has no element there");
  // A second element whose definition level says the list is empty.
  expect_error({0, 1}, {3, 1}, "continues a list that has no element there");
}

}  // namespace
}  // namespace floe::io::parquet
