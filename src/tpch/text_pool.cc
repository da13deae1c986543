// Generating the TPC-H text pool from the specification's sentence grammar.
#include "tpch/text_pool.h"

#include <string>
#include <vector>

#include "tpch/vocabulary.h"

namespace floe::tpch {

namespace {

/// A weighted list ready for drawing: cumulative weights, searched linearly (lists are short
/// and the heavy words come first).
class Picker {
 public:
  explicit Picker(std::span<const WeightedWord> words) : words_(words) {
    uint32_t total = 0;
    for (const auto& w : words) cumulative_.push_back(total += w.weight);
  }
  std::string_view pick(RowRandom& random) const {
    const auto x = static_cast<uint32_t>(random.uniform(1, cumulative_.back()));
    size_t i = 0;
    while (cumulative_[i] < x) ++i;
    return words_[i].word;
  }

 private:
  std::span<const WeightedWord> words_;
  std::vector<uint32_t> cumulative_;
};

/// Draws from a small table of weighted alternatives.
int pick_weighted(RowRandom& random, std::initializer_list<int> weights) {
  int total = 0;
  for (int w : weights) total += w;
  int x = static_cast<int>(random.uniform(1, total));
  int i = 0;
  for (int w : weights) {
    if (x <= w) return i;
    x -= w;
    ++i;
  }
  return i - 1;
}

struct Grammar {
  Picker noun{nouns()}, verb{verbs()}, adjective{adjectives()}, adverb{adverbs()};
  Picker preposition{prepositions()}, auxiliary{auxiliaries()}, terminator{terminators()};

  void noun_phrase(RowRandom& r, std::string& out) const {
    switch (pick_weighted(r, {10, 20, 10, 50})) {
      case 0: break;
      case 1: out.append(adjective.pick(r)).append(" "); break;
      case 2: out.append(adjective.pick(r)).append(", ").append(adjective.pick(r)).append(" "); break;
      default: out.append(adverb.pick(r)).append(" ").append(adjective.pick(r)).append(" "); break;
    }
    out.append(noun.pick(r));
  }
  void verb_phrase(RowRandom& r, std::string& out) const {
    switch (pick_weighted(r, {30, 1, 40, 1})) {
      case 0: out.append(verb.pick(r)); break;
      case 1: out.append(auxiliary.pick(r)).append(" ").append(verb.pick(r)); break;
      case 2: out.append(verb.pick(r)).append(" ").append(adverb.pick(r)); break;
      default:
        out.append(auxiliary.pick(r)).append(" ").append(verb.pick(r)).append(" ").append(adverb.pick(r));
        break;
    }
  }
  void prepositional_phrase(RowRandom& r, std::string& out) const {
    out.append(preposition.pick(r)).append(" the ");
    noun_phrase(r, out);
  }
  void sentence(RowRandom& r, std::string& out) const {
    const int shape = pick_weighted(r, {3, 3, 3, 1, 1});
    noun_phrase(r, out);
    out.push_back(' ');
    if (shape >= 3) {
      prepositional_phrase(r, out);
      out.push_back(' ');
    }
    verb_phrase(r, out);
    switch (shape) {
      case 1:
      case 4: out.push_back(' '); prepositional_phrase(r, out); break;
      case 2:
      case 3: out.push_back(' '); noun_phrase(r, out); break;
      default: break;
    }
    // Terminators attach to the last word, as in dbgen's text ("... deposits. ").
    out.append(terminator.pick(r)).append(" ");
  }
};

}  // namespace

TextPool::TextPool(size_t size, uint64_t seed) : size_(size) {
  const Grammar grammar;
  std::string text;
  text.reserve(size + 256);
  RowRandom random(Stream::kTextPool, seed);
  while (text.size() < size) grammar.sentence(random, text);
  buffer_ = Buffer::allocate(size);
  std::memcpy(buffer_->data(), text.data(), size);
}

const TextPool& TextPool::instance() {
  static const TextPool pool(kDefaultSize, 0);
  return pool;
}

}  // namespace floe::tpch
