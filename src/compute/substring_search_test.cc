#include "compute/substring_search.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>

namespace floe::compute {
namespace {

std::string random_text(std::mt19937& rng, size_t n, std::string_view alphabet) {
  std::string s(n, ' ');
  for (auto& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

TEST(SubstringFinder, AgreesWithStringFindOnRandomText) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    const std::string hay = random_text(rng, rng() % 90, "abc");
    const std::string needle = random_text(rng, 1 + rng() % 6, "abc");
    const size_t from = rng() % (hay.size() + 2);
    SubstringFinder finder(needle);
    ASSERT_EQ(finder.find(hay, from), std::string_view(hay).find(needle, from))
        << "needle '" << needle << "' in '" << hay << "' from " << from;
  }
}

TEST(SubstringFinder, EdgesOfTheString) {
  SubstringFinder finder("requests");
  EXPECT_EQ(finder.find("requests"), 0u);
  EXPECT_EQ(finder.find("requestsX"), 0u);
  EXPECT_EQ(finder.find(std::string(40, 'x') + "requests"), 40u);  // in the scalar tail
  EXPECT_EQ(finder.find(std::string(40, 'x') + "requests" + std::string(30, 'y')), 40u);  // in a block
  EXPECT_EQ(finder.find("request"), std::string_view::npos);
  EXPECT_EQ(finder.find("rXXXXXXs rXXXXXXXs"), std::string_view::npos);  // first and last match, middle not
  EXPECT_EQ(finder.find(""), std::string_view::npos);
  EXPECT_EQ(SubstringFinder("").find("abc", 2), 2u);
  EXPECT_EQ(SubstringFinder("é").find("café"), 3u);  // bytes of UTF-8
}

TEST(LiteralSequence, SplitsOnlyLiteralsJoinedByDotStar) {
  using V = std::vector<std::string>;
  EXPECT_EQ(LiteralSequence::split("special.*requests"), (V{"special", "requests"}));
  EXPECT_EQ(LiteralSequence::split("a.*b.*c"), (V{"a", "b", "c"}));
  EXPECT_EQ(LiteralSequence::split(".*a.*.*b.*"), (V{"a", "b"}));
  EXPECT_TRUE(LiteralSequence::split("abc").empty());       // one literal: its own path
  EXPECT_TRUE(LiteralSequence::split("a.*?b").empty());     // lazy
  EXPECT_TRUE(LiteralSequence::split("a.+b").empty());
  EXPECT_TRUE(LiteralSequence::split("a.b.*c").empty());
  EXPECT_TRUE(LiteralSequence::split("(?i)a.*b").empty());
  EXPECT_TRUE(LiteralSequence::split("a.**b").empty());
  EXPECT_TRUE(LiteralSequence::split("^a.*b").empty());
  EXPECT_TRUE(LiteralSequence::split("a\\..*b").empty());
}

TEST(LiteralSequence, AgreesWithTheRegexEngineOnLinesWithoutNewlines) {
  std::mt19937 rng(11);
  for (int round = 0; round < 5000; ++round) {
    std::vector<std::string> pieces;
    std::string pattern;
    const int n = 2 + static_cast<int>(rng() % 3);
    for (int p = 0; p < n; ++p) {
      pieces.push_back(random_text(rng, 1 + rng() % 3, "ab"));
      pattern += (p ? ".*" : "") + pieces.back();
    }
    ASSERT_EQ(LiteralSequence::split(pattern), pieces);
    RE2 re(pattern);
    LiteralSequence seq(pieces);
    const std::string hay = random_text(rng, rng() % 40, "abc");
    ASSERT_EQ(seq.matches(hay), RE2::PartialMatch(hay, re)) << pattern << " in " << hay;
  }
}

}  // namespace
}  // namespace floe::compute
