// Finding a fixed needle in many short strings (str.contains with a literal pattern, and
// patterns of literals joined by ".*").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace floe::compute {

/// Searches for one needle. Built once per kernel call: the per-string cost is a 16-byte-wide
/// scan for positions where two of the needle's bytes match, then a compare of the whole
/// needle only there (glibc's memmem pays a setup per call that dominates for strings of tens
/// of bytes). The two bytes are the needle's rarest in text, so few positions need a compare.
class SubstringFinder {
 public:
  explicit SubstringFinder(std::string needle);

  /// The first position at or after `from` where the needle starts in `haystack`, or npos.
  size_t find(std::string_view haystack, size_t from = 0) const;
  bool found_in(std::string_view haystack) const { return find(haystack) != std::string_view::npos; }
  size_t size() const { return needle_.size(); }

 private:
  std::string needle_;
  size_t probe_a_ = 0, probe_b_ = 0;  // offsets of the two bytes compared first
};

/// A regular expression that is literal pieces joined by ".*" (`special.*requests`), matched
/// as the pieces found in order. `.` does not match a newline, so the pieces must also lie on
/// one line; strings holding a newline are left to the regex engine.
class LiteralSequence {
 public:
  /// The pieces of `pattern`, or an empty list when it is not of that form.
  static std::vector<std::string> split(std::string_view pattern);

  explicit LiteralSequence(const std::vector<std::string>& pieces);

  /// Whether the pieces occur in order; only for strings without a newline.
  bool matches(std::string_view haystack) const;

 private:
  std::vector<SubstringFinder> pieces_;
};

}  // namespace floe::compute
