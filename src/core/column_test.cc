// Tests of columns, builders, slicing and concatenation.
#include "core/column.h"

#include <gtest/gtest.h>

#include "core/column_builder.h"
#include "core/data_frame.h"
#include "core/error.h"
#include "core/scalar.h"

namespace floe {

TEST(Column, FixedBuilderTracksNulls) {
  FixedBuilder<int64_t> b(TypeId::kInt64, 5);
  for (int i = 0; i < 5; ++i) b.data()[i] = i * 10;
  b.set_null(3);
  auto c = b.finish();
  EXPECT_EQ(c->length(), 5);
  EXPECT_EQ(c->null_count(), 1);
  EXPECT_TRUE(c->is_null(3));
  EXPECT_TRUE(c->is_valid(4));
  EXPECT_EQ(c->values<int64_t>()[4], 40);
}

TEST(Column, NoNullsMeansNoBitmap) {
  FixedBuilder<int32_t> b(TypeId::kInt32, 3);
  b.validity_bits();  // allocated but all set
  auto c = b.finish();
  EXPECT_EQ(c->validity(), nullptr);
}

TEST(Column, StringsInlineAndOutOfLine) {
  StringBuilder b;
  b.append("short");
  b.append("a string longer than twelve bytes");
  b.append_null();
  b.append("");
  b.append("żółć — non-ASCII is just bytes");
  auto c = b.finish();
  ASSERT_EQ(c->length(), 5);
  EXPECT_EQ(c->string_at(0), "short");
  EXPECT_EQ(c->string_at(1), "a string longer than twelve bytes");
  EXPECT_TRUE(c->is_null(2));
  EXPECT_EQ(c->string_at(3), "");
  EXPECT_EQ(c->string_at(4), "żółć — non-ASCII is just bytes");
}

TEST(Column, SliceSharesMemoryAndKeepsNulls) {
  FixedBuilder<int16_t> b(TypeId::kInt16, 20);
  for (int i = 0; i < 20; ++i) b.data()[i] = static_cast<int16_t>(i);
  b.set_null(5);
  b.set_null(13);
  auto c = b.finish();
  auto s = c->slice(3, 12);  // unaligned bit offset
  EXPECT_EQ(s->length(), 12);
  EXPECT_EQ(s->null_count(), 2);
  EXPECT_TRUE(s->is_null(2));
  EXPECT_TRUE(s->is_null(10));
  EXPECT_EQ(s->values<int16_t>()[0], 3);
  EXPECT_EQ(s->values<int16_t>(), c->values<int16_t>() + 3);
  auto empty = c->slice(20, 0);
  EXPECT_EQ(empty->length(), 0);
}

TEST(Column, ConcatStringsRemapsBuffers) {
  StringBuilder a, b;
  a.append("first long string over twelve");
  a.append_null();
  b.append("second long string over twelve");
  b.append("x");
  auto c = concat_columns({a.finish(), b.finish()});
  ASSERT_EQ(c->length(), 4);
  EXPECT_EQ(c->string_at(0), "first long string over twelve");
  EXPECT_TRUE(c->is_null(1));
  EXPECT_EQ(c->string_at(2), "second long string over twelve");
  EXPECT_EQ(c->string_at(3), "x");
}

TEST(Column, ConcatOfManyStringPiecesCopiesTheLongStrings) {
  // Each piece brings its own data buffer; past 64 of them the long strings are copied into
  // one buffer, so slices of the result do not carry hundreds of buffers each.
  std::vector<ColumnPtr> parts;
  for (int p = 0; p < 300; ++p) {
    StringBuilder b;
    b.append("a long string from piece number " + std::to_string(p));
    if (p % 3 == 0) b.append_null();
    b.append("short" + std::to_string(p % 10));
    parts.push_back(b.finish());
  }
  auto c = concat_columns(parts);
  EXPECT_EQ(c->data_buffers().size(), 1u);
  int64_t row = 0;
  for (int p = 0; p < 300; ++p) {
    EXPECT_EQ(c->string_at(row++), "a long string from piece number " + std::to_string(p));
    if (p % 3 == 0) {
      EXPECT_TRUE(c->is_null(row++));
    }
    EXPECT_EQ(c->string_at(row++), "short" + std::to_string(p % 10));
  }
  EXPECT_EQ(row, c->length());
}

TEST(Column, ScalarRoundTrip) {
  auto col = Scalar(TypeId::kFloat64, 2.5).to_column(3);
  EXPECT_EQ(col->length(), 3);
  EXPECT_EQ(Scalar::from_column(*col, 2), Scalar(TypeId::kFloat64, 2.5));
  auto nulls = Scalar::null(TypeId::kString).to_column(2);
  EXPECT_EQ(nulls->null_count(), 2);
  EXPECT_TRUE(Scalar::from_column(*nulls, 0).is_null());
}

TEST(DataFrame, SliceAcrossChunks) {
  std::vector<Chunk> chunks;
  for (int k = 0; k < 3; ++k) {
    FixedBuilder<int64_t> b(TypeId::kInt64, 4);
    for (int i = 0; i < 4; ++i) b.data()[i] = k * 4 + i;
    chunks.emplace_back(std::vector<ColumnPtr>{b.finish()}, 4);
  }
  Schema schema;
  schema.add("a", TypeId::kInt64);
  DataFrame df(schema, std::move(chunks));
  EXPECT_EQ(df.num_rows(), 12);
  auto s = df.slice(3, 6);
  EXPECT_EQ(s.num_rows(), 6);
  auto col = s.column(0);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(col->values<int64_t>()[i], 3 + i);
  EXPECT_EQ(df.slice(100, 5).num_rows(), 0);
  EXPECT_THROW(df.column("b"), ColumnNotFound);
}

}  // namespace floe
