// Tests of UTF-8 decoding and display width. Widths were read back from Polars 2.1 tables.
#include "core/display_width.h"

#include <gtest/gtest.h>

namespace floe {
namespace {

TEST(DisplayWidth, Text) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("żółć"), 4u);
  EXPECT_EQ(display_width("日本語テキスト"), 14u);
  EXPECT_EQ(display_width("한국어"), 6u);
  EXPECT_EQ(display_width("ａｂ"), 4u);       // fullwidth forms
  EXPECT_EQ(display_width("e\u0301"), 1u);   // combining acute accent
  EXPECT_EQ(display_width("\u200bz"), 1u);   // zero-width space
  EXPECT_EQ(display_width("a\u00adb"), 2u);  // soft hyphen
  EXPECT_EQ(display_width("\x01" "c"), 2u);  // control characters count one
  EXPECT_EQ(display_width("tab\there"), 8u);
  EXPECT_EQ(display_width("\u17d8"), 3u);
}

TEST(DisplayWidth, EmojiSequences) {
  EXPECT_EQ(display_width("😀x"), 3u);
  EXPECT_EQ(display_width("\u2764"), 1u);
  EXPECT_EQ(display_width("\u2764\ufe0f"), 2u);            // VS16 emoji presentation
  EXPECT_EQ(display_width("1\ufe0f\u20e3"), 2u);           // keycap
  EXPECT_EQ(display_width("a\ufe0f"), 1u);                 // VS16 on a letter does nothing
  EXPECT_EQ(display_width("\U0001F44D\ufe0e"), 1u);        // VS15 text presentation
  EXPECT_EQ(display_width("\U0001F600\ufe0e"), 2u);        // ... not for every emoji
  EXPECT_EQ(display_width("\U0001F44D\U0001F3FD"), 2u);    // skin tone on a modifier base
  EXPECT_EQ(display_width("\u65e5\U0001F3FD"), 4u);        // ... and not on anything else
  EXPECT_EQ(display_width("\U0001F468\u200d\U0001F469\u200d\U0001F467"), 2u);  // ZWJ family
  EXPECT_EQ(display_width("a\u200db"), 2u);
  EXPECT_EQ(display_width("\U0001F1FA\U0001F1F8"), 2u);    // flag
  EXPECT_EQ(display_width("\U0001F1FA"), 1u);
  EXPECT_EQ(display_width("\u0644\u0627"), 1u);            // lam-alef ligature
  EXPECT_EQ(display_width("\u1100\u1161"), 2u);            // Hangul syllable from jamo
}

TEST(DisplayWidth, MalformedUtf8DecodesAsReplacementCharacters) {
  std::string bad = "a\xff\xc3";
  size_t pos = 1;
  EXPECT_EQ(next_code_point(bad, pos), U'\uFFFD');
  EXPECT_EQ(pos, 2u);
  EXPECT_EQ(next_code_point(bad, pos), U'\uFFFD');  // truncated sequence
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(display_width(bad), 3u);
  EXPECT_EQ(char_count(bad), 3u);
  std::string overlong = "\xc0\xaf";
  EXPECT_EQ(char_count(overlong), 2u);
}

TEST(DisplayWidth, CharactersAndGraphemes) {
  EXPECT_EQ(char_count("żółć日本"), 6u);
  EXPECT_EQ(prefix_chars("żółć日本", 5), "żółć日");
  EXPECT_EQ(prefix_chars("ab", 5), "ab");
  std::string s = "e\u0301x\U0001F468\u200d\U0001F469y";
  size_t end = next_grapheme(s, 0);
  EXPECT_EQ(s.substr(0, end), "e\u0301");
  size_t after_x = next_grapheme(s, end);
  size_t family_end = next_grapheme(s, after_x);
  EXPECT_EQ(s.substr(after_x, family_end - after_x), "\U0001F468\u200d\U0001F469");
}

}  // namespace
}  // namespace floe
