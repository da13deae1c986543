#include "compute/substring_search.h"

#include <emmintrin.h>

#include <cstring>

namespace floe::compute {

namespace {

/// How rare a byte is in text, higher is rarer: space, then lowercase letters by their English
/// frequency, digits, uppercase letters, then punctuation and everything else.
int rarity(unsigned char c) {
  static constexpr std::string_view kLower = "etaoinshrdlcumwfgypbvkjxqz";
  if (c == ' ') return 0;
  if (c >= 'a' && c <= 'z') return 1 + static_cast<int>(kLower.find(static_cast<char>(c)));
  if (c >= '0' && c <= '9') return 15;
  if (c >= 'A' && c <= 'Z') return 20 + static_cast<int>(kLower.find(static_cast<char>(c - 'A' + 'a')));
  return 50;
}

}  // namespace

SubstringFinder::SubstringFinder(std::string needle) : needle_(std::move(needle)) {
  const size_t m = needle_.size();
  if (m < 2) return;
  // The rarest byte, then the rarest other one at another offset (first and last by default).
  probe_a_ = 0;
  probe_b_ = m - 1;
  for (size_t i = 0; i < m; ++i) {
    if (rarity(static_cast<unsigned char>(needle_[i])) > rarity(static_cast<unsigned char>(needle_[probe_a_]))) probe_a_ = i;
  }
  probe_b_ = probe_a_ == 0 ? m - 1 : 0;
  for (size_t i = 0; i < m; ++i) {
    if (i != probe_a_ && needle_[i] != needle_[probe_a_] &&
        rarity(static_cast<unsigned char>(needle_[i])) > rarity(static_cast<unsigned char>(needle_[probe_b_]))) {
      probe_b_ = i;
    }
  }
}

size_t SubstringFinder::find(std::string_view haystack, size_t from) const {
  const size_t m = needle_.size();
  const size_t n = haystack.size();
  if (from > n || n - from < m) return std::string_view::npos;
  if (m == 0) return from;
  const char* s = haystack.data();
  if (m == 1) {
    const void* hit = std::memchr(s + from, needle_[0], n - from);
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - s) : std::string_view::npos;
  }
  const char* needle = needle_.data();
  size_t i = from;
  // Blocks of 16 candidate starts; every start of a block leaves room for the whole needle.
  const __m128i va = _mm_set1_epi8(needle[probe_a_]), vb = _mm_set1_epi8(needle[probe_b_]);
  for (; i + m - 1 + 16 <= n; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + probe_a_));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + probe_b_));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, va), _mm_cmpeq_epi8(b, vb))));
    while (mask != 0) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(s + at, needle, m) == 0) return at;
      mask &= mask - 1;
    }
  }
  for (; i + m <= n; ++i) {
    if (s[i + probe_a_] == needle[probe_a_] && s[i + probe_b_] == needle[probe_b_] && std::memcmp(s + i, needle, m) == 0) return i;
  }
  return std::string_view::npos;
}

std::vector<std::string> LiteralSequence::split(std::string_view pattern) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (true) {
    const size_t gap = pattern.find(".*", start);
    std::string_view piece = pattern.substr(start, gap == std::string_view::npos ? std::string_view::npos : gap - start);
    // Any other regex syntax (including a lazy ".*?") makes it a real regex.
    if (piece.find_first_of("\\.^$|?*+()[]{}") != std::string_view::npos) return {};
    if (!piece.empty()) pieces.emplace_back(piece);
    if (gap == std::string_view::npos) break;
    start = gap + 2;
  }
  if (pieces.size() < 2) return {};  // a single literal has its own path; none matches everything
  return pieces;
}

LiteralSequence::LiteralSequence(const std::vector<std::string>& pieces) {
  for (const auto& p : pieces) pieces_.emplace_back(p);
}

bool LiteralSequence::matches(std::string_view haystack) const {
  // Leftmost occurrences leave the most room for the pieces after them.
  size_t pos = 0;
  for (const auto& piece : pieces_) {
    const size_t at = piece.find(haystack, pos);
    if (at == std::string_view::npos) return false;
    pos = at + piece.size();
  }
  return true;
}

}  // namespace floe::compute
