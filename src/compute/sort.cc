// Multi-key stable sort. Numeric keys are first turned into order-preserving unsigned
// integers, so the comparator does one integer comparison per key instead of a type switch.
#include "compute/sort.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "core/error.h"
#include "core/cancellation.h"
#include "core/thread_pool.h"

namespace floe::compute {

namespace {

/// Maps a value to an unsigned integer with the same order (floats: NaN largest).
template <typename T>
uint64_t order_key(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    double d = static_cast<double>(v);
    if (std::isnan(d)) return ~uint64_t{0};
    if (d == 0) d = 0;  // -0.0 == 0.0
    uint64_t bits = std::bit_cast<uint64_t>(d);
    return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<uint64_t>(static_cast<int64_t>(v)) ^ (uint64_t{1} << 63);
  } else {
    return static_cast<uint64_t>(v);
  }
}

/// Sorts `v` with `less` on all cores: runs of the input are sorted in parallel, then merged
/// pairwise in parallel rounds. `less` must be a strict total order (ties broken by index), so
/// the result equals a sequential sort. With `limit`, only the first `limit` positions are
/// guaranteed sorted (top-k): each run keeps its best `limit` before merging.
template <typename T, typename Less>
void parallel_sort(std::vector<T>& v, Less less, std::optional<int64_t> limit = std::nullopt) {
  const size_t n = v.size();
  ThreadPool& pool = ThreadPool::global();
  const size_t threads = static_cast<size_t>(std::max(1, ThreadPool::default_threads()));
  const size_t k = limit ? static_cast<size_t>(std::max<int64_t>(0, *limit)) : n;
  // Large inputs are split into runs even on one thread, so a cancel is noticed between runs.
  if (n < 65536) {
    if (k < n) {
      std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end(), less);
      v.resize(k);
    } else {
      std::sort(v.begin(), v.end(), less);
    }
    return;
  }
  const CancellationToken* token = CancellationToken::current().get();
  const size_t runs = threads * 4;
  std::vector<size_t> bounds(runs + 1);
  for (size_t r = 0; r <= runs; ++r) bounds[r] = n * r / runs;
  std::vector<size_t> ends(runs);
  pool.parallel_for(static_cast<int64_t>(runs), 1, [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      check_cancelled(token);
      auto first = v.begin() + static_cast<std::ptrdiff_t>(bounds[static_cast<size_t>(r)]);
      auto last = v.begin() + static_cast<std::ptrdiff_t>(bounds[static_cast<size_t>(r) + 1]);
      size_t len = static_cast<size_t>(last - first);
      if (k < len) {
        std::partial_sort(first, first + static_cast<std::ptrdiff_t>(k), last, less);
        ends[static_cast<size_t>(r)] = bounds[static_cast<size_t>(r)] + k;
      } else {
        std::sort(first, last, less);
        ends[static_cast<size_t>(r)] = bounds[static_cast<size_t>(r) + 1];
      }
    }
  });
  // Merge rounds: runs [begin_i, end_i) pairwise into a second buffer.
  std::vector<std::pair<size_t, size_t>> segs(runs);
  for (size_t r = 0; r < runs; ++r) segs[r] = {bounds[r], ends[r]};
  std::vector<T> buf(n);
  std::vector<T>* src = &v;
  std::vector<T>* dst = &buf;
  while (segs.size() > 1) {
    check_cancelled(token);
    std::vector<std::pair<size_t, size_t>> next((segs.size() + 1) / 2);
    pool.parallel_for(static_cast<int64_t>(next.size()), 1, [&](int64_t b, int64_t e) {
      for (int64_t m = b; m < e; ++m) {
        size_t i = static_cast<size_t>(m) * 2;
        auto [a0, a1] = segs[i];
        size_t out = a0;
        if (i + 1 < segs.size()) {
          auto [b0, b1] = segs[i + 1];
          size_t take = std::min(k, (a1 - a0) + (b1 - b0));
          auto ai = src->begin() + static_cast<std::ptrdiff_t>(a0), ae = src->begin() + static_cast<std::ptrdiff_t>(a1);
          auto bi = src->begin() + static_cast<std::ptrdiff_t>(b0), be = src->begin() + static_cast<std::ptrdiff_t>(b1);
          auto o = dst->begin() + static_cast<std::ptrdiff_t>(out);
          for (size_t t = 0; t < take; ++t) *o++ = (bi == be || (ai != ae && !less(*bi, *ai))) ? *ai++ : *bi++;
          next[static_cast<size_t>(m)] = {out, out + take};
        } else {
          std::copy(src->begin() + static_cast<std::ptrdiff_t>(a0), src->begin() + static_cast<std::ptrdiff_t>(a1),
                    dst->begin() + static_cast<std::ptrdiff_t>(out));
          next[static_cast<size_t>(m)] = {out, a1};
        }
      }
    });
    segs = std::move(next);
    std::swap(src, dst);
  }
  std::vector<T> result(src->begin() + static_cast<std::ptrdiff_t>(segs[0].first),
                        src->begin() + static_cast<std::ptrdiff_t>(segs[0].second));
  v = std::move(result);
}

struct PreparedKey {
  const Column* column;
  SortKeyOptions options;
  std::vector<uint64_t> normalized;  // numeric keys only
  bool is_string = false;
};

int compare_strings_at(const Column& c, int64_t i, int64_t j) {
  const StringView* v = c.values<StringView>();
  uint32_t pi = v[i].prefix_order(), pj = v[j].prefix_order();
  if (pi != pj) return pi < pj ? -1 : 1;
  int r = c.string_at(i).compare(c.string_at(j));
  return (r > 0) - (r < 0);
}

}  // namespace

std::vector<uint32_t> sort_indices(const std::vector<ColumnPtr>& keys, const std::vector<SortKeyOptions>& options,
                                   std::optional<int64_t> limit) {
  FLOE_CHECK(!keys.empty() && keys.size() == options.size(), "sort needs keys and options of equal count");
  if (std::any_of(keys.begin(), keys.end(), [](const ColumnPtr& k) { return k->type().id == TypeId::kDecimal; })) {
    // A 128-bit decimal orders as its signed high 64 bits, then its unsigned low 64 bits: two
    // keys the 64-bit paths below handle.
    std::vector<ColumnPtr> split;
    std::vector<SortKeyOptions> split_options;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (keys[k]->type().id != TypeId::kDecimal) {
        split.push_back(keys[k]);
        split_options.push_back(options[k]);
        continue;
      }
      const Column& c = *keys[k];
      const int64_t rows = c.length();
      auto hi = Buffer::allocate(sizeof(int64_t) * static_cast<size_t>(rows));
      auto lo = Buffer::allocate(sizeof(uint64_t) * static_cast<size_t>(rows));
      const __int128* v = c.values<__int128>();
      for (int64_t i = 0; i < rows; ++i) {
        hi->as<int64_t>()[i] = static_cast<int64_t>(v[i] >> 64);
        lo->as<uint64_t>()[i] = static_cast<uint64_t>(v[i]);
      }
      split.push_back(std::make_shared<Column>(TypeId::kInt64, rows, std::move(hi), c.validity_buffer()));
      split.push_back(std::make_shared<Column>(TypeId::kUInt64, rows, std::move(lo), c.validity_buffer()));
      split_options.push_back(options[k]);
      split_options.push_back(options[k]);
    }
    return sort_indices(split, split_options, limit);
  }
  const int64_t n = keys[0]->length();
  FLOE_USER_CHECK(n <= static_cast<int64_t>(UINT32_MAX), InvalidOperation, "sort of more than 2^32 rows is not supported");
  std::vector<PreparedKey> prepared;
  for (size_t k = 0; k < keys.size(); ++k) {
    PreparedKey p{keys[k].get(), options[k], {}, keys[k]->type().is_string_like()};
    FLOE_CHECK(keys[k]->length() == n, "sort keys of different lengths");
    if (!p.is_string && keys[k]->type().id != TypeId::kNull) {
      p.normalized.resize(static_cast<size_t>(n));
      visit_numeric(physical_type(keys[k]->type()), [&](auto tag) {
        using T = decltype(tag);
        const T* v = keys[k]->values<T>();
        for (int64_t i = 0; i < n; ++i) p.normalized[static_cast<size_t>(i)] = order_key(v[i]);
      });
    }
    prepared.push_back(std::move(p));
  }
  std::vector<uint32_t> idx(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) idx[static_cast<size_t>(i)] = static_cast<uint32_t>(i);

  // Fast path: one numeric key without nulls sorts (key, index) pairs.
  if (prepared.size() == 1 && !prepared[0].is_string && !prepared[0].column->has_nulls() &&
      prepared[0].column->type().id != TypeId::kNull) {
    const auto& key = prepared[0].normalized;
    bool desc = prepared[0].options.descending;
    std::vector<std::pair<uint64_t, uint32_t>> pairs(static_cast<size_t>(n));
    for (size_t i = 0; i < pairs.size(); ++i) pairs[i] = {desc ? ~key[i] : key[i], static_cast<uint32_t>(i)};
    parallel_sort(pairs, std::less<>(), limit);
    idx.resize(pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) idx[i] = pairs[i].second;
    return idx;
  }

  // Fast path: two numeric keys. Nulls become a rank in front of the key (0 before values, 2
  // after), so each row is a (rank0, key0, rank1, key1, index) tuple compared as plain integers.
  bool two_numeric = prepared.size() == 2;
  for (const auto& p : prepared) two_numeric &= !p.is_string && p.column->type().id != TypeId::kNull;
  if (two_numeric) {
    struct Row {
      uint64_t k0, k1;
      uint32_t ranks, index;
      bool operator<(const Row& o) const {
        if (ranks != o.ranks) {
          // ranks packs (rank0 << 2 | rank1); compare rank0 first, then the key, then rank1.
          if ((ranks >> 2) != (o.ranks >> 2)) return (ranks >> 2) < (o.ranks >> 2);
        }
        if (k0 != o.k0) return k0 < o.k0;
        if ((ranks & 3) != (o.ranks & 3)) return (ranks & 3) < (o.ranks & 3);
        if (k1 != o.k1) return k1 < o.k1;
        return index < o.index;
      }
    };
    std::vector<Row> rows(static_cast<size_t>(n));
    auto rank = [](const PreparedKey& p, size_t i) -> uint32_t {
      if (!p.column->is_null(static_cast<int64_t>(i))) return 1;
      return p.options.nulls_last ? 2 : 0;
    };
    const bool nulls0 = prepared[0].column->has_nulls(), nulls1 = prepared[1].column->has_nulls();
    const bool d0 = prepared[0].options.descending, d1 = prepared[1].options.descending;
    for (size_t i = 0; i < rows.size(); ++i) {
      uint32_t r0 = nulls0 ? rank(prepared[0], i) : 1, r1 = nulls1 ? rank(prepared[1], i) : 1;
      uint64_t k0 = r0 == 1 ? (d0 ? ~prepared[0].normalized[i] : prepared[0].normalized[i]) : 0;
      uint64_t k1 = r1 == 1 ? (d1 ? ~prepared[1].normalized[i] : prepared[1].normalized[i]) : 0;
      rows[i] = Row{k0, k1, (r0 << 2) | r1, static_cast<uint32_t>(i)};
    }
    parallel_sort(rows, std::less<>(), limit);
    idx.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) idx[i] = rows[i].index;
    return idx;
  }

  // Fast path: a numeric key then a string key. Each row carries the numeric key and the
  // string's first 12 bytes as big-endian integers plus its length, so most comparisons never
  // touch the string data; only strings longer than 12 bytes that agree on those fall back.
  if (prepared.size() == 2 && !prepared[0].is_string && prepared[0].column->type().id != TypeId::kNull &&
      prepared[1].is_string) {
    struct Row {
      uint64_t k0, s0, s1;  // s1: bytes 8..11 of the string, then its length
      uint32_t index;
      uint8_t r0, r1;  // null ranks: 0 before values, 1 a value, 2 after
    };
    const Column& strings = *prepared[1].column;
    const StringView* views = strings.values<StringView>();
    const bool nulls0 = prepared[0].column->has_nulls(), nulls1 = strings.has_nulls();
    const bool d0 = prepared[0].options.descending, d1 = prepared[1].options.descending;
    auto rank = [](const PreparedKey& p, size_t i) -> uint8_t {
      if (!p.column->is_null(static_cast<int64_t>(i))) return 1;
      return p.options.nulls_last ? 2 : 0;
    };
    std::vector<Row> rows(static_cast<size_t>(n));
    for (size_t i = 0; i < rows.size(); ++i) {
      Row& r = rows[i];
      r.r0 = nulls0 ? rank(prepared[0], i) : 1;
      r.r1 = nulls1 ? rank(prepared[1], i) : 1;
      r.k0 = r.r0 == 1 ? (d0 ? ~prepared[0].normalized[i] : prepared[0].normalized[i]) : 0;
      r.index = static_cast<uint32_t>(i);
      r.s0 = r.s1 = 0;
      if (r.r1 != 1) continue;
      std::string_view str = Column::view_string(views[i], strings.data_buffers());
      unsigned char head[12] = {};
      std::memcpy(head, str.data(), std::min<size_t>(str.size(), 12));
      for (int b = 0; b < 8; ++b) r.s0 = (r.s0 << 8) | head[b];
      uint64_t mid = 0;
      for (int b = 8; b < 12; ++b) mid = (mid << 8) | head[b];
      r.s1 = (mid << 32) | std::min<uint64_t>(str.size(), UINT32_MAX);
    }
    auto string_order = [&](const Row& a, const Row& b) -> int {
      if (a.s0 != b.s0) return a.s0 < b.s0 ? -1 : 1;
      if ((a.s1 >> 32) != (b.s1 >> 32)) return (a.s1 >> 32) < (b.s1 >> 32) ? -1 : 1;
      const uint32_t la = static_cast<uint32_t>(a.s1), lb = static_cast<uint32_t>(b.s1);
      if (la > 12 && lb > 12) {
        int c = strings.string_at(a.index).substr(12).compare(strings.string_at(b.index).substr(12));
        if (c != 0) return c < 0 ? -1 : 1;
      }
      return la == lb ? 0 : (la < lb ? -1 : 1);  // equal first 12 bytes: the shorter is a prefix
    };
    parallel_sort(
        rows,
        [&](const Row& a, const Row& b) {
          if (a.r0 != b.r0) return a.r0 < b.r0;
          if (a.k0 != b.k0) return a.k0 < b.k0;
          if (a.r1 != b.r1) return a.r1 < b.r1;
          if (a.r1 == 1) {
            int c = string_order(a, b);
            if (c != 0) return d1 ? c > 0 : c < 0;
          }
          return a.index < b.index;
        },
        limit);
    idx.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) idx[i] = rows[i].index;
    return idx;
  }

  auto less = [&](uint32_t a, uint32_t b) {
    for (const auto& p : prepared) {
      const Column& c = *p.column;
      bool na = c.is_null(a), nb = c.is_null(b);
      if (na || nb) {
        if (na && nb) continue;
        // Nulls go first unless nulls_last, whatever the direction.
        return na != p.options.nulls_last;
      }
      int r;
      if (p.is_string) {
        r = compare_strings_at(c, a, b);
      } else {
        uint64_t x = p.normalized[a], y = p.normalized[b];
        r = (x > y) - (x < y);
      }
      if (r != 0) return p.options.descending ? r > 0 : r < 0;
    }
    return a < b;  // stability
  };
  parallel_sort(idx, less, limit);
  return idx;
}

std::vector<uint32_t> sort_indices(const std::vector<ColumnPtr>& keys, const std::vector<bool>& descending,
                                   const std::vector<bool>& nulls_last) {
  std::vector<SortKeyOptions> opts(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    opts[i].descending = i < descending.size() ? descending[i] : (descending.size() == 1 && descending[0]);
    opts[i].nulls_last = i < nulls_last.size() ? nulls_last[i] : (nulls_last.size() == 1 && nulls_last[0]);
  }
  return sort_indices(keys, opts);
}

int compare_rows(const Column& a, int64_t i, const Column& b, int64_t j) {
  bool na = a.is_null(i), nb = b.is_null(j);
  if (na || nb) return static_cast<int>(nb) - static_cast<int>(na);
  if (a.type().is_string_like()) {
    int r = a.string_at(i).compare(b.string_at(j));
    return (r > 0) - (r < 0);
  }
  if (a.type().id == TypeId::kDecimal) {
    __int128 x = a.values<__int128>()[i], y = b.values<__int128>()[j];
    return (x > y) - (x < y);
  }
  return visit_numeric(physical_type(a.type()), [&](auto tag) {
    using T = decltype(tag);
    uint64_t x = order_key(a.values<T>()[i]), y = order_key(b.values<T>()[j]);
    return (x > y) - (x < y);
  });
}

bool rows_equal(const Column& a, int64_t i, const Column& b, int64_t j) { return compare_rows(a, i, b, j) == 0; }

}  // namespace floe::compute
