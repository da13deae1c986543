// The word lists and weighted distributions of the TPC-H specification (clause 4.2.2.13 and 4.2.3).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace floe::tpch {

/// A word and its relative weight in a distribution.
struct WeightedWord {
  std::string_view word;
  uint32_t weight;
};

/// A nation: its name and the region it belongs to.
struct NationEntry {
  std::string_view name;
  int64_t region_key;
};

std::span<const NationEntry> nations();           // 25, indexed by n_nationkey
std::span<const std::string_view> regions();       // 5, indexed by r_regionkey
std::span<const std::string_view> part_colors();   // 92 words p_name is built from
std::span<const std::string_view> type_syllable1();  // STANDARD, SMALL, ...
std::span<const std::string_view> type_syllable2();  // ANODIZED, BURNISHED, ...
std::span<const std::string_view> type_syllable3();  // TIN, NICKEL, ...
std::span<const std::string_view> container_syllable1();  // SM, LG, MED, JUMBO, WRAP
std::span<const std::string_view> container_syllable2();  // CASE, BOX, ...
std::span<const std::string_view> market_segments();
std::span<const std::string_view> order_priorities();
std::span<const std::string_view> ship_instructions();
std::span<const std::string_view> ship_modes();

// The grammar's parts of speech, with the specification's weights.
std::span<const WeightedWord> nouns();
std::span<const WeightedWord> verbs();
std::span<const WeightedWord> adjectives();
std::span<const WeightedWord> adverbs();
std::span<const WeightedWord> prepositions();
std::span<const WeightedWord> auxiliaries();
std::span<const WeightedWord> terminators();

}  // namespace floe::tpch
