// Counter-based random numbers for the TPC-H generator: every value is a pure function of
// (stream, row), so any row block can be generated on any thread and the data never depends on
// how the work was split.
#pragma once

#include <cstdint>

namespace floe::tpch {

/// The independent random streams of the generator, one per table or per value shared between
/// tables (an order's date is drawn by both orders and lineitem).
enum class Stream : uint64_t {
  kTextPool = 1,
  kPart,
  kPartSupp,
  kSupplier,
  kSupplierReview,  // which suppliers get "Customer ... Complaints" in s_comment
  kCustomer,
  kOrder,
  kOrderDate,
  kLineCount,
  kLineitem,
  kNation,
  kRegion,
};

/// SplitMix64's finalizer: a bijective mix of 64 bits.
constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// The random draws of one row of one stream. Draws are taken in a fixed order, so the k-th
/// draw of a row is always the same number.
class RowRandom {
 public:
  constexpr RowRandom(Stream stream, uint64_t row)
      : state_(mix64(static_cast<uint64_t>(stream) * 0x9e3779b97f4a7c15ULL + mix64(row + 0x632be59bd9b4e019ULL))) {}

  constexpr uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  /// Uniform in [lo, hi] (both inclusive).
  constexpr int64_t uniform(int64_t lo, int64_t hi) {
    const auto range = static_cast<unsigned __int128>(static_cast<uint64_t>(hi - lo) + 1);
    return lo + static_cast<int64_t>((static_cast<unsigned __int128>(next()) * range) >> 64);
  }

 private:
  uint64_t state_;
};

}  // namespace floe::tpch
