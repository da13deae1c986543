// Grouped accumulators: typed per-group state updated in one pass over each morsel.
#include "compute/grouped_aggregate.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "compute/cast.h"
#include "compute/selection.h"
#include "core/column_builder.h"
#include "core/data_frame.h"
#include "core/decimal.h"
#include "core/error.h"

namespace floe::compute {

namespace {

/// Groups few enough for lane_sums().
constexpr uint32_t kLaneGroups = 32;

/// Compensated sums (and, with `counts`, counts) of `value(i)` for rows i < n into groups
/// gids[i] < groups <= kLaneGroups. With few groups consecutive rows mostly add to the same
/// group, and each add would wait for the one before; four lanes taken by consecutive rows in
/// turn keep four adds in flight.
template <typename Value>
void lane_sums(CompensatedSum* sums, uint32_t groups, int64_t* counts, int64_t n, const uint32_t* gids, Value&& value) {
  CompensatedSum lanes[4][kLaneGroups] = {};
  uint32_t lane_counts[4][kLaneGroups] = {};
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (int l = 0; l < 4; ++l) {
      lanes[l][gids[i + l]].add(value(i + l));
      if (counts) ++lane_counts[l][gids[i + l]];
    }
  }
  for (; i < n; ++i) {
    lanes[0][gids[i]].add(value(i));
    if (counts) ++lane_counts[0][gids[i]];
  }
  for (uint32_t g = 0; g < groups; ++g) {
    for (int l = 0; l < 4; ++l) {
      sums[g].add(lanes[l][g]);
      if (counts) counts[g] += lane_counts[l][g];
    }
  }
}

template <typename T>
class GroupedSum final : public GroupedAccumulator {
 public:
  explicit GroupedSum(DataType out) : out_(std::move(out)) {}
  void resize(uint32_t g) override { sums_.resize(g, Acc{}); }
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t) override {
    const T* v = c->values<T>();
    const int64_t n = c->length();
    if constexpr (kFloat) {
      if (sums_.size() <= kLaneGroups) {
        const uint8_t* bits = c->has_nulls() ? c->validity() : nullptr;
        lane_sums(sums_.data(), static_cast<uint32_t>(sums_.size()), nullptr, n, gids,
                  [&](int64_t i) { return bits && !bitmap::get(bits, i) ? 0.0 : static_cast<double>(v[i]); });
        return;
      }
    }
    Acc* s = sums_.data();
    if (c->has_nulls()) {
      const uint8_t* bits = c->validity();
      for (int64_t i = 0; i < n; ++i) add(s[gids[i]], bitmap::get(bits, i) ? static_cast<SumType<T>>(v[i]) : SumType<T>(0));
    } else {
      for (int64_t i = 0; i < n; ++i) add(s[gids[i]], static_cast<SumType<T>>(v[i]));
    }
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedSum&>(o);
    for (size_t i = 0; i < count; ++i) {
      if constexpr (kFloat) {
        sums_[dst[i]].add(other.sums_[src[i]]);
      } else {
        sums_[dst[i]] += other.sums_[src[i]];
      }
    }
  }
  ColumnPtr finish(uint32_t groups) override {
    sums_.resize(groups, Acc{});
    return visit_numeric(physical_type(out_), [&](auto tag) -> ColumnPtr {
      using O = decltype(tag);
      FixedBuilder<O> b(out_, groups);
      for (uint32_t g = 0; g < groups; ++g) {
        if constexpr (kFloat) {
          b.data()[g] = static_cast<O>(sums_[g].value());
        } else {
          b.data()[g] = static_cast<O>(sums_[g]);
        }
      }
      return b.finish();
    });
  }

 private:
  // Float sums are compensated so they do not depend on which worker saw which rows.
  static constexpr bool kFloat = std::is_floating_point_v<SumType<T>>;
  using Acc = std::conditional_t<kFloat, CompensatedSum, SumType<T>>;
  static void add(Acc& a, SumType<T> x) {
    if constexpr (kFloat) {
      a.add(x);
    } else {
      a += x;
    }
  }

  DataType out_;
  std::vector<Acc> sums_;
};

class GroupedCount final : public GroupedAccumulator {
 public:
  explicit GroupedCount(AggKind kind) : kind_(kind) {}
  void resize(uint32_t g) override { counts_.resize(g, 0); }
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t) override {
    const int64_t n = c->length();
    uint32_t* cnt = counts_.data();
    if (kind_ == AggKind::kLen || (kind_ == AggKind::kCount && !c->has_nulls())) {
      for (int64_t i = 0; i < n; ++i) ++cnt[gids[i]];
      return;
    }
    if (kind_ == AggKind::kNullCount && !c->has_nulls()) return;
    const uint8_t* bits = c->validity();
    const uint32_t want = kind_ == AggKind::kCount ? 1 : 0;
    for (int64_t i = 0; i < n; ++i) cnt[gids[i]] += bitmap::get(bits, i) == want;
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedCount&>(o);
    for (size_t i = 0; i < count; ++i) counts_[dst[i]] += other.counts_[src[i]];
  }
  ColumnPtr finish(uint32_t groups) override {
    counts_.resize(groups, 0);
    FixedBuilder<uint32_t> b(TypeId::kUInt32, groups);
    std::copy(counts_.begin(), counts_.end(), b.data());
    return b.finish();
  }

 private:
  AggKind kind_;
  std::vector<uint32_t> counts_;
};

/// mean, var, std: per-group count, mean and sum of squared deviations (Welford), merged with
/// Chan's formula.
template <typename T>
class GroupedMoments final : public GroupedAccumulator {
 public:
  GroupedMoments(AggKind kind, DataType in, DataType out, int ddof)
      : kind_(kind), in_(std::move(in)), out_(std::move(out)), ddof_(ddof) {}
  void resize(uint32_t g) override {
    n_.resize(g, 0);
    if (kind_ == AggKind::kMean) {
      sums_.resize(g);
      return;
    }
    mean_.resize(g, 0);
    m2_.resize(g, 0);
  }
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t) override {
    const T* v = c->values<T>();
    const uint8_t* bits = c->validity();
    if (kind_ == AggKind::kMean) {
      // A compensated sum and a count: no division per row, and the same answer whichever
      // worker saw which rows.
      if (!bits && sums_.size() <= kLaneGroups) {
        lane_sums(sums_.data(), static_cast<uint32_t>(sums_.size()), n_.data(), c->length(), gids,
                  [&](int64_t i) { return static_cast<double>(v[i]); });
        return;
      }
      for (int64_t i = 0; i < c->length(); ++i) {
        if (bits && !bitmap::get(bits, i)) continue;
        ++n_[gids[i]];
        sums_[gids[i]].add(static_cast<double>(v[i]));
      }
      return;
    }
    for (int64_t i = 0; i < c->length(); ++i) {
      if (bits && !bitmap::get(bits, i)) continue;
      uint32_t g = gids[i];
      double x = static_cast<double>(v[i]);
      double n = static_cast<double>(++n_[g]);
      double delta = x - mean_[g];
      mean_[g] += delta / n;
      m2_[g] += delta * (x - mean_[g]);
    }
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedMoments&>(o);
    if (kind_ == AggKind::kMean) {
      for (size_t i = 0; i < count; ++i) {
        n_[dst[i]] += other.n_[src[i]];
        sums_[dst[i]].add(other.sums_[src[i]]);
      }
      return;
    }
    for (size_t i = 0; i < count; ++i) {
      uint32_t g = src[i], t = dst[i];
      if (other.n_[g] == 0) continue;
      double na = static_cast<double>(n_[t]), nb = static_cast<double>(other.n_[g]);
      double delta = other.mean_[g] - mean_[t];
      double total = na + nb;
      mean_[t] += delta * nb / total;
      m2_[t] += other.m2_[g] + delta * delta * na * nb / total;
      n_[t] += other.n_[g];
    }
  }
  ColumnPtr finish(uint32_t groups) override {
    resize(groups);
    auto value = [&](uint32_t g, bool& valid) {
      valid = n_[g] > 0;
      if (kind_ == AggKind::kMean) return valid ? sums_[g].value() / static_cast<double>(n_[g]) : 0.0;
      valid = n_[g] > ddof_;
      double var = valid ? m2_[g] / static_cast<double>(n_[g] - ddof_) : 0;
      return kind_ == AggKind::kStd ? std::sqrt(var) : var;
    };
    return visit_numeric(physical_type(out_), [&](auto tag) -> ColumnPtr {
      using O = decltype(tag);
      FixedBuilder<O> b(out_, groups);
      for (uint32_t g = 0; g < groups; ++g) {
        bool valid;
        double r = value(g, valid);
        if constexpr (std::is_floating_point_v<O>) {
          b.data()[g] = static_cast<O>(r);
        } else {
          // Means of temporal values: back to ticks (dates as microsecond datetimes).
          if (in_.id == TypeId::kDate) r *= 86400.0 * 1e6;
          b.data()[g] = static_cast<O>(std::llround(r));
        }
        if (!valid) b.set_null(g);
      }
      return b.finish();
    });
  }

 private:
  AggKind kind_;
  DataType in_, out_;
  int ddof_;
  std::vector<int64_t> n_;
  std::vector<double> mean_, m2_;
  std::vector<CompensatedSum> sums_;  // kMean
};

/// mean of a Decimal: exact 128-bit sums and counts per group, divided once at the end.
class GroupedDecimalMean final : public GroupedAccumulator {
 public:
  explicit GroupedDecimalMean(int scale) : scale_(scale) {}
  void resize(uint32_t g) override {
    sums_.resize(g, 0);
    n_.resize(g, 0);
  }
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t) override {
    const __int128* v = c->values<__int128>();
    const uint8_t* bits = c->validity();
    for (int64_t i = 0; i < c->length(); ++i) {
      const bool valid = bits == nullptr || bitmap::get(bits, i);
      sums_[gids[i]] += valid ? v[i] : 0;
      n_[gids[i]] += valid;
    }
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedDecimalMean&>(o);
    for (size_t i = 0; i < count; ++i) {
      sums_[dst[i]] += other.sums_[src[i]];
      n_[dst[i]] += other.n_[src[i]];
    }
  }
  ColumnPtr finish(uint32_t groups) override {
    resize(groups);
    FixedBuilder<double> b(TypeId::kFloat64, groups);
    for (uint32_t g = 0; g < groups; ++g) {
      b.data()[g] = n_[g] > 0 ? decimal::mean(sums_[g], n_[g], scale_) : 0.0;
      if (n_[g] == 0) b.set_null(g);
    }
    return b.finish();
  }

 private:
  int scale_;
  std::vector<__int128> sums_;
  std::vector<int64_t> n_;
};

/// min / max of numbers; NaN only when a group holds nothing else.
template <typename T>
class GroupedMinMax final : public GroupedAccumulator {
 public:
  GroupedMinMax(bool is_max, DataType type) : is_max_(is_max), type_(std::move(type)) {}
  void resize(uint32_t g) override {
    best_.resize(g, is_max_ ? lowest() : highest());
    state_.resize(g, 0);
  }
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t) override {
    const T* v = c->values<T>();
    const uint8_t* bits = c->validity();
    for (int64_t i = 0; i < c->length(); ++i) {
      if (bits && !bitmap::get(bits, i)) continue;
      offer(gids[i], v[i]);
    }
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedMinMax&>(o);
    for (size_t i = 0; i < count; ++i) {
      uint32_t g = src[i], t = dst[i];
      if (other.state_[g] & 1) offer(t, other.best_[g]);
      state_[t] |= other.state_[g] & 2;
    }
  }
  ColumnPtr finish(uint32_t groups) override {
    resize(groups);
    FixedBuilder<T> b(type_, groups);
    for (uint32_t g = 0; g < groups; ++g) {
      b.data()[g] = best_[g];
      if (!(state_[g] & 1)) {
        if constexpr (std::is_floating_point_v<T>) {
          if (state_[g] & 2) {
            b.data()[g] = std::numeric_limits<T>::quiet_NaN();
            continue;
          }
        }
        b.set_null(g);
      }
    }
    return b.finish();
  }

 private:
  static T lowest() {
    if constexpr (std::is_same_v<T, __int128>) return min_value<T>();
    else return std::numeric_limits<T>::lowest();
  }
  static T highest() { return max_value<T>(); }
  void offer(uint32_t g, T x) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x)) {
        state_[g] |= 2;
        return;
      }
    }
    best_[g] = is_max_ ? std::max(best_[g], x) : std::min(best_[g], x);
    state_[g] |= 1;
  }
  bool is_max_;
  DataType type_;
  std::vector<T> best_;
  std::vector<uint8_t> state_;  // bit 0: has a value; bit 1: saw NaN
};

/// first / last: per group the earliest (or latest) row by (morsel sequence, row), remembered
/// as a reference into the morsels seen; the values are gathered once at the end.
class GroupedFirstLast final : public GroupedAccumulator {
 public:
  GroupedFirstLast(bool last, DataType type) : last_(last), type_(std::move(type)) {}
  void resize(uint32_t g) override {
    order_.resize(g, last_ ? 0 : UINT64_MAX);
    part_.resize(g, UINT32_MAX);
    row_.resize(g, 0);
  }
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t sequence) override {
    const uint32_t part = static_cast<uint32_t>(parts_.size());
    parts_.push_back(c);
    const uint64_t base = static_cast<uint64_t>(sequence) << 32;
    for (int64_t i = 0; i < c->length(); ++i) offer(gids[i], base | static_cast<uint64_t>(i), part, static_cast<uint32_t>(i));
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedFirstLast&>(o);
    const uint32_t base = static_cast<uint32_t>(parts_.size());
    parts_.insert(parts_.end(), other.parts_.begin(), other.parts_.end());
    for (size_t i = 0; i < count; ++i) {
      uint32_t g = src[i];
      if (other.part_[g] != UINT32_MAX) offer(dst[i], other.order_[g], base + other.part_[g], other.row_[g]);
    }
  }
  ColumnPtr finish(uint32_t groups) override {
    resize(groups);
    std::vector<int64_t> offsets;
    int64_t total = 0;
    for (const auto& p : parts_) {
      offsets.push_back(total);
      total += p->length();
    }
    ColumnPtr all = parts_.empty() ? Column::nulls(type_, 0) : concat_columns(parts_);
    std::vector<int64_t> idx(groups);
    for (uint32_t g = 0; g < groups; ++g) idx[g] = part_[g] == UINT32_MAX ? -1 : offsets[part_[g]] + row_[g];
    return gather_nullable(all, idx.data(), groups);
  }

 private:
  void offer(uint32_t g, uint64_t order, uint32_t part, uint32_t row) {
    if (part_[g] == UINT32_MAX || (last_ ? order > order_[g] : order < order_[g])) {
      order_[g] = order;
      part_[g] = part;
      row_[g] = row;
    }
  }
  bool last_;
  DataType type_;
  std::vector<ColumnPtr> parts_;
  std::vector<uint64_t> order_;
  std::vector<uint32_t> part_, row_;
};

/// Everything else (string min/max, n_unique, median, quantile): keeps the input
/// with its group ids and computes per group at the end, after a sort by group.
class GroupedCollect final : public GroupedAccumulator {
 public:
  GroupedCollect(AggKind kind, DataType in, DataType out, AggOptions options)
      : kind_(kind), in_(std::move(in)), out_(std::move(out)), options_(std::move(options)) {}
  void resize(uint32_t) override {}
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t sequence) override {
    parts_.push_back({c, std::vector<uint32_t>(gids, gids + c->length()), sequence});
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedCollect&>(o);
    constexpr uint32_t kSkip = UINT32_MAX;
    uint32_t max_group = 0;
    for (const auto& p : other.parts_) {
      for (uint32_t g : p.gids) max_group = std::max(max_group, g + 1);
    }
    std::vector<uint32_t> mapping(max_group, kSkip);
    for (size_t i = 0; i < count; ++i) {
      if (src[i] < max_group) mapping[src[i]] = dst[i];
    }
    for (const auto& p : other.parts_) {
      Part mapped{nullptr, {}, p.sequence};
      std::vector<uint32_t> rows;
      for (size_t i = 0; i < p.gids.size(); ++i) {
        uint32_t t = mapping[p.gids[i]];
        if (t == kSkip) continue;
        rows.push_back(static_cast<uint32_t>(i));
        mapped.gids.push_back(t);
      }
      if (rows.empty()) continue;
      mapped.values = rows.size() == p.gids.size() ? p.values : gather(p.values, rows.data(), static_cast<int64_t>(rows.size()));
      parts_.push_back(std::move(mapped));
    }
  }
  ColumnPtr finish(uint32_t groups) override {
    std::stable_sort(parts_.begin(), parts_.end(), [](const Part& a, const Part& b) { return a.sequence < b.sequence; });
    // Rows of each group, in input order.
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> rows(groups);
    for (uint32_t p = 0; p < parts_.size(); ++p) {
      for (uint32_t i = 0; i < parts_[p].gids.size(); ++i) rows[parts_[p].gids[i]].push_back({p, i});
    }
    std::vector<ColumnPtr> cols;
    for (const auto& p : parts_) cols.push_back(p.values);
    std::vector<int64_t> offsets;
    int64_t total = 0;
    for (const auto& c : cols) {
      offsets.push_back(total);
      total += c->length();
    }
    ColumnPtr all = cols.empty() ? Column::nulls(in_, 0) : concat_columns(cols);
    std::vector<ColumnPtr> results;
    results.reserve(groups);
    std::vector<uint32_t> idx;
    for (uint32_t g = 0; g < groups; ++g) {
      idx.clear();
      for (auto [p, i] : rows[g]) idx.push_back(static_cast<uint32_t>(offsets[p] + i));
      ColumnPtr values = gather(all, idx.data(), static_cast<int64_t>(idx.size()));
      results.push_back(aggregate(kind_, values, options_));
    }
    if (results.empty()) return Column::nulls(out_, 0);
    ColumnPtr out = concat_columns(results);
    return out;
  }

 private:
  struct Part {
    ColumnPtr values;
    std::vector<uint32_t> gids;
    int64_t sequence;
  };
  AggKind kind_;
  DataType in_, out_;
  AggOptions options_;
  std::vector<Part> parts_;
};

/// n_unique of fixed-width values: the distinct (group, value) pairs in one open-addressing
/// set, each group's pairs chained so a merge walks only the groups it is given. Null counts
/// as one value, NaN as one, and -0.0 equals 0.0, as in Polars.
/// Distinct non-null values per group (plus one for a null), for fixed-width values compared
/// by bits (floats canonical: one NaN, one zero). The (group, value) pairs go into a hash set
/// while it stays small enough for the cache; past that every row is appended as it comes and
/// duplicates are removed at the end, group by group, after a counting sort by group: a set
/// that outgrows the cache costs a miss per row, appending and the final per-group pass do not.
template <typename T>
class GroupedNUniqueFixed final : public GroupedAccumulator {
 public:
  void resize(uint32_t g) override { has_null_.resize(g, 0); }
  void update(const ColumnPtr& c, const uint32_t* gids, int64_t) override {
    const T* v = c->values<T>();
    const int64_t n = c->length();
    if (c->has_nulls()) {
      const uint8_t* bits = c->validity();
      for (int64_t i = 0; i < n; ++i) {
        if (bitmap::get(bits, i)) {
          add(gids[i], canonical(v[i]));
        } else {
          has_null_[gids[i]] = 1;
        }
      }
    } else {
      int64_t i = 0;
      for (; i < n && distinct_; ++i) add(gids[i], canonical(v[i]));
      append_all(v, gids, i, n);
    }
  }
  void seal() override {
    if (sealed_) return;
    sort_by_group(static_cast<uint32_t>(has_null_.size()));
  }
  void merge(GroupedAccumulator& o, const uint32_t* src, const uint32_t* dst, size_t count) override {
    auto& other = static_cast<GroupedNUniqueFixed&>(o);
    other.seal();
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) total += other.offsets_[src[i] + 1] - other.offsets_[src[i]];
    if (distinct_ && values_.size() + total > kSetLimit) {  // too many for the set: append them all
      distinct_ = false;
      std::vector<uint32_t>().swap(slots_);
    }
    if (!distinct_) {
      size_t at = values_.size();
      values_.resize(at + total);
      groups_.resize(at + total);
      for (size_t i = 0; i < count; ++i) {
        // A partition's groups are spread over the other worker's ids: fetch ahead.
        if (i + 16 < count) __builtin_prefetch(&other.offsets_[src[i + 16]]);
        if (i + 8 < count) __builtin_prefetch(&other.values_[other.offsets_[src[i + 8]]]);
        const uint32_t s = src[i], d = dst[i];
        has_null_[d] |= other.has_null_[s];
        for (uint32_t k = other.offsets_[s]; k < other.offsets_[s + 1]; ++k, ++at) {
          values_[at] = other.values_[k];
          groups_[at] = d;
        }
      }
      return;
    }
    for (size_t i = 0; i < count; ++i) {
      const uint32_t s = src[i], d = dst[i];
      if (other.has_null_[s]) has_null_[d] = 1;
      for (uint32_t k = other.offsets_[s]; k < other.offsets_[s + 1]; ++k) add(d, other.values_[k]);
    }
  }
  ColumnPtr finish(uint32_t groups) override {
    resize(groups);
    sort_by_group(groups);
    FixedBuilder<uint32_t> b(TypeId::kUInt32, groups);
    uint32_t* out = b.data();
    for (uint32_t g = 0; g < groups; ++g) {
      uint64_t* run = values_.data() + offsets_[g];
      const uint32_t k = offsets_[g + 1] - offsets_[g];
      out[g] = (distinct_ ? k : count_distinct(run, k)) + has_null_[g];
    }
    return b.finish();
  }

 private:
  /// Distinct pairs a worker keeps in its hash set before it switches to appending.
  static constexpr size_t kSetLimit = size_t{1} << 16;

  static uint64_t canonical(T v) {
    if constexpr (std::is_floating_point_v<T>) {
      double d = static_cast<double>(v);
      if (std::isnan(d)) return 0x7ff8000000000000ull;
      if (d == 0) d = 0;
      return std::bit_cast<uint64_t>(d);
    } else {
      return static_cast<uint64_t>(v);
    }
  }
  static uint64_t hash(uint32_t g, uint64_t v) {
    uint64_t h = (v ^ (uint64_t{g} * 0x9E3779B97F4A7C15ull)) * 0xC2B2AE3D27D4EB4Full;
    return h ^ (h >> 31);
  }

  void add(uint32_t g, uint64_t v) {
    if (!distinct_) {
      groups_.push_back(g);
      values_.push_back(v);
      return;
    }
    if (values_.size() * 2 >= slots_.size()) {
      if (values_.size() >= kSetLimit) {
        distinct_ = false;
        std::vector<uint32_t>().swap(slots_);
        add(g, v);
        return;
      }
      grow();
    }
    uint64_t s = hash(g, v) & mask_;
    while (slots_[s] != 0) {
      const uint32_t e = slots_[s] - 1;
      if (values_[e] == v && groups_[e] == g) return;
      s = (s + 1) & mask_;
    }
    groups_.push_back(g);
    values_.push_back(v);
    slots_[s] = static_cast<uint32_t>(values_.size());
  }
  void grow() {
    const size_t cap = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    for (uint32_t i = 0; i < values_.size(); ++i) {
      uint64_t s = hash(groups_[i], values_[i]) & mask_;
      while (slots_[s] != 0) s = (s + 1) & mask_;
      slots_[s] = i + 1;
    }
  }
  void append_all(const T* v, const uint32_t* gids, int64_t begin, int64_t end) {
    if (begin >= end) return;
    const size_t base = values_.size();
    values_.resize(base + static_cast<size_t>(end - begin));
    groups_.resize(values_.size());
    for (int64_t i = begin; i < end; ++i) {
      values_[base + static_cast<size_t>(i - begin)] = canonical(v[i]);
      groups_[base + static_cast<size_t>(i - begin)] = gids[i];
    }
  }
  /// Orders values_ by group (a stable counting sort): group g's values are
  /// values_[offsets_[g] .. offsets_[g + 1]).
  void sort_by_group(uint32_t groups) {
    if (sealed_) {  // groups only grow: the new ones are empty
      offsets_.resize(size_t{groups} + 1, offsets_.back());
      return;
    }
    offsets_.assign(size_t{groups} + 1, 0);
    for (uint32_t g : groups_) ++offsets_[g + 1];
    for (uint32_t g = 0; g < groups; ++g) offsets_[g + 1] += offsets_[g];
    std::vector<uint64_t> sorted(values_.size());
    std::vector<uint32_t> next(offsets_.begin(), offsets_.end() - 1);
    for (size_t i = 0; i < values_.size(); ++i) sorted[next[groups_[i]]++] = values_[i];
    values_ = std::move(sorted);
    std::vector<uint32_t>().swap(groups_);
    std::vector<uint32_t>().swap(slots_);
    sealed_ = true;
  }
  /// Distinct values among run[0, k), reordering the run.
  uint32_t count_distinct(uint64_t* run, uint32_t k) {
    if (k <= 1) return k;
    if (k <= 64) {
      std::sort(run, run + k);
      uint32_t distinct = 1;
      for (uint32_t i = 1; i < k; ++i) distinct += run[i] != run[i - 1];
      return distinct;
    }
    // A long run: a scratch hash set sized for it.
    size_t cap = 128;
    while (cap < size_t{k} * 2) cap *= 2;
    scratch_.assign(cap, 0);
    scratch_used_.assign(cap, 0);
    const uint64_t mask = cap - 1;
    uint32_t distinct = 0;
    for (uint32_t i = 0; i < k; ++i) {
      uint64_t s = hash(0, run[i]) & mask;
      while (scratch_used_[s] && scratch_[s] != run[i]) s = (s + 1) & mask;
      if (!scratch_used_[s]) {
        scratch_used_[s] = 1;
        scratch_[s] = run[i];
        ++distinct;
      }
    }
    return distinct;
  }

  bool distinct_ = true;  // values_ holds each (group, value) pair once (hash set mode)
  bool sealed_ = false;
  std::vector<uint32_t> groups_;  // the group of each value (until sealed)
  std::vector<uint64_t> values_;  // canonical values; by group once sealed
  std::vector<uint32_t> slots_;   // the hash set: index + 1 into values_ (0: empty)
  uint64_t mask_ = 0;
  std::vector<uint32_t> offsets_;  // once sealed: groups + 1 offsets into values_
  std::vector<uint8_t> has_null_;
  std::vector<uint64_t> scratch_;
  std::vector<uint8_t> scratch_used_;
};

}  // namespace

std::unique_ptr<GroupedAccumulator> make_grouped_accumulator(AggKind kind, const DataType& input,
                                                             const AggOptions& options) {
  DataType out = agg_output_type(kind, input);
  TypeId phys = physical_type(input);
  switch (kind) {
    case AggKind::kCount:
    case AggKind::kLen:
    case AggKind::kNullCount: return std::make_unique<GroupedCount>(kind);
    case AggKind::kSum:
      return visit_numeric(phys, [&](auto tag) -> std::unique_ptr<GroupedAccumulator> {
        return std::make_unique<GroupedSum<decltype(tag)>>(out);
      });
    case AggKind::kMean:
    case AggKind::kVar:
    case AggKind::kStd:
      if (input.is_decimal()) {
        if (kind == AggKind::kMean) return std::make_unique<GroupedDecimalMean>(input.scale);
        return std::make_unique<GroupedCollect>(kind, input, out, options);
      }
      return visit_numeric(phys, [&](auto tag) -> std::unique_ptr<GroupedAccumulator> {
        return std::make_unique<GroupedMoments<decltype(tag)>>(kind, input, out, options.ddof);
      });
    case AggKind::kFirst:
    case AggKind::kLast: return std::make_unique<GroupedFirstLast>(kind == AggKind::kLast, input);
    case AggKind::kMin:
    case AggKind::kMax:
      if (!input.is_string_like() && input.id != TypeId::kNull) {
        return visit_numeric(phys, [&](auto tag) -> std::unique_ptr<GroupedAccumulator> {
          return std::make_unique<GroupedMinMax<decltype(tag)>>(kind == AggKind::kMax, input);
        });
      }
      [[fallthrough]];
    case AggKind::kNUnique:
      // Decimals go to GroupedCollect: the fixed-width set keys values by 64 bits.
      if (!input.is_string_like() && input.id != TypeId::kNull && !input.is_decimal()) {
        return visit_numeric(phys, [&](auto tag) -> std::unique_ptr<GroupedAccumulator> {
          return std::make_unique<GroupedNUniqueFixed<decltype(tag)>>();
        });
      }
      [[fallthrough]];
    default: return std::make_unique<GroupedCollect>(kind, input, out, options);
  }
}

}  // namespace floe::compute
