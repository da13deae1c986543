// Accumulators for sum, mean, min, max, count, first/last, variance and the holistic aggregates.
#include "compute/aggregate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>
#include <vector>

#include "compute/cast.h"
#include "compute/selection.h"
#include "compute/sort.h"
#include "core/column_builder.h"
#include "core/data_frame.h"
#include "core/decimal.h"
#include "core/error.h"

namespace floe::compute {

const char* agg_name(AggKind kind) {
  switch (kind) {
    case AggKind::kSum: return "sum";
    case AggKind::kMean: return "mean";
    case AggKind::kMin: return "min";
    case AggKind::kMax: return "max";
    case AggKind::kCount: return "count";
    case AggKind::kLen: return "len";
    case AggKind::kNullCount: return "null_count";
    case AggKind::kNUnique: return "n_unique";
    case AggKind::kFirst: return "first";
    case AggKind::kLast: return "last";
    case AggKind::kStd: return "std";
    case AggKind::kVar: return "var";
    case AggKind::kMedian: return "median";
    case AggKind::kQuantile: return "quantile";
  }
  return "?";
}

DataType agg_output_type(AggKind kind, const DataType& t) {
  auto unsupported = [&]() -> DataType {
    throw InvalidOperation(fmt::format("`{}` operation not supported for dtype `{}`", agg_name(kind), t.to_string()));
  };
  switch (kind) {
    case AggKind::kCount:
    case AggKind::kLen:
    case AggKind::kNullCount:
    case AggKind::kNUnique: return TypeId::kUInt32;
    case AggKind::kFirst:
    case AggKind::kLast: return t;
    case AggKind::kMin:
    case AggKind::kMax: return t;
    case AggKind::kSum:
      switch (t.id) {
        case TypeId::kBoolean: return TypeId::kUInt32;
        case TypeId::kInt8:
        case TypeId::kInt16:
        case TypeId::kUInt8:
        case TypeId::kUInt16: return TypeId::kInt64;
        case TypeId::kNull: return TypeId::kInt64;
        case TypeId::kDuration: return t;
        case TypeId::kDecimal: return DataType::decimal(38, t.scale);
        default:
          if (t.is_numeric()) return t;
          return unsupported();
      }
    case AggKind::kMean:
    case AggKind::kMedian:
    case AggKind::kQuantile:
    case AggKind::kStd:
    case AggKind::kVar:
      if (t.id == TypeId::kFloat32) return t;
      if (t.is_numeric() || t.is_decimal() || t.id == TypeId::kBoolean || t.id == TypeId::kNull) return TypeId::kFloat64;
      if (t.id == TypeId::kDuration && kind != AggKind::kVar) return t;
      if ((t.id == TypeId::kDate || t.id == TypeId::kDatetime) && (kind == AggKind::kMean || kind == AggKind::kMedian)) {
        return t.id == TypeId::kDate ? DataType::datetime(TimeUnit::kMicro) : t;
      }
      return unsupported();
  }
  return unsupported();
}

namespace {

/// Physical value type used to accumulate: int64 for signed, uint64 for unsigned, double for floats.
template <typename T>
class SumAccumulator final : public Accumulator {
 public:
  explicit SumAccumulator(DataType out) : out_(std::move(out)) {}
  void update(const ColumnPtr& c, int64_t sequence) override {
    const T* v = c->values<T>();
    const int64_t n = c->length();
    SumType<T> s = 0;
    if (c->has_nulls()) {
      const uint8_t* bits = c->validity();
      for (int64_t i = 0; i < n; ++i) s += bitmap::get(bits, i) ? static_cast<SumType<T>>(v[i]) : SumType<T>(0);
    } else {
      for (int64_t i = 0; i < n; ++i) s += static_cast<SumType<T>>(v[i]);
    }
    if constexpr (kFloat) {
      partials_.emplace_back(sequence, s);
    } else {
      sum_ += s;
    }
  }
  void merge(Accumulator& o) override {
    auto& other = static_cast<SumAccumulator&>(o);
    sum_ += other.sum_;
    partials_.insert(partials_.end(), other.partials_.begin(), other.partials_.end());
  }
  ColumnPtr finish() override {
    if constexpr (kFloat) {
      // Morsel sums in input order, whichever threads computed them: one thread and many give
      // the same answer.
      std::sort(partials_.begin(), partials_.end());
      CompensatedSum total;
      for (const auto& [seq, partial] : partials_) total.add(partial);
      return Scalar(out_, total.value()).to_column(1);
    }
    if constexpr (std::is_same_v<T, __int128>) return Scalar(out_, sum_).to_column(1);
    Scalar s = std::is_signed_v<T> ? Scalar(out_, static_cast<int64_t>(sum_)) : Scalar(out_, static_cast<uint64_t>(sum_));
    return s.to_column(1);
  }

 private:
  static constexpr bool kFloat = std::is_floating_point_v<SumType<T>>;
  DataType out_;
  SumType<T> sum_ = 0;
  std::vector<std::pair<int64_t, double>> partials_;  // floats: (morsel sequence, morsel sum)
};

/// Count, mean, variance and standard deviation from (n, mean, M2), merged with Chan's formula.
template <typename T>
class MomentAccumulator final : public Accumulator {
 public:
  MomentAccumulator(AggKind kind, DataType in, DataType out, int ddof)
      : kind_(kind), in_(std::move(in)), out_(std::move(out)), ddof_(ddof) {}
  void update(const ColumnPtr& c, int64_t sequence) override {
    const T* v = c->values<T>();
    const int64_t n = c->length();
    const uint8_t* bits = c->validity();
    double sum = 0;
    int64_t cnt = 0;
    for (int64_t i = 0; i < n; ++i) {
      bool valid = bits == nullptr || bitmap::get(bits, i);
      sum += valid ? static_cast<double>(v[i]) : 0.0;
      cnt += valid;
    }
    if (cnt == 0) return;
    double mean = sum / static_cast<double>(cnt);
    double m2 = 0;
    if (kind_ == AggKind::kVar || kind_ == AggKind::kStd) {
      for (int64_t i = 0; i < n; ++i) {
        double d = static_cast<double>(v[i]) - mean;
        m2 += (bits == nullptr || bitmap::get(bits, i)) ? d * d : 0.0;
      }
    }
    partials_.push_back({sequence, cnt, mean, m2, sum});
  }
  void merge(Accumulator& o) override {
    auto& other = static_cast<MomentAccumulator&>(o);
    partials_.insert(partials_.end(), other.partials_.begin(), other.partials_.end());
  }
  ColumnPtr finish() override {
    // Morsels combined in input order, whichever threads computed them.
    std::sort(partials_.begin(), partials_.end(), [](const Partial& a, const Partial& b) { return a.sequence < b.sequence; });
    CompensatedSum total;
    for (const auto& p : partials_) {
      combine(p.n, p.mean, p.m2);
      total.add(p.sum);
    }
    sum_ = total.value();
    if (n_ == 0) return Scalar::null(out_).to_column(1);
    double r;
    if (kind_ == AggKind::kMean) {
      r = sum_ / static_cast<double>(n_);
    } else {
      if (n_ - ddof_ <= 0) return Scalar::null(out_).to_column(1);
      r = m2_ / static_cast<double>(n_ - ddof_);
      if (kind_ == AggKind::kStd) r = std::sqrt(r);
    }
    if (out_.is_float()) return Scalar(out_, r).to_column(1);
    // Means of dates and datetimes are datetimes (dates in microseconds).
    if (in_.id == TypeId::kDate) r *= 86400.0 * 1e6;
    return Scalar(out_, static_cast<int64_t>(std::llround(r))).to_column(1);
  }

 private:
  void combine(int64_t n, double mean, double m2) {
    int64_t total = n_ + n;
    double delta = mean - mean_;
    mean_ += delta * static_cast<double>(n) / static_cast<double>(total);
    m2_ += m2 + delta * delta * static_cast<double>(n_) * static_cast<double>(n) / static_cast<double>(total);
    n_ = total;
  }
  struct Partial {
    int64_t sequence, n;
    double mean, m2, sum;
  };
  std::vector<Partial> partials_;
  AggKind kind_;
  DataType in_, out_;
  int ddof_;
  int64_t n_ = 0;
  double mean_ = 0, m2_ = 0, sum_ = 0;
};

/// Mean of a Decimal: the exact 128-bit sum and the count, divided once at the end as Float64.
class DecimalMeanAccumulator final : public Accumulator {
 public:
  explicit DecimalMeanAccumulator(int scale) : scale_(scale) {}
  void update(const ColumnPtr& c, int64_t) override {
    const __int128* v = c->values<__int128>();
    const uint8_t* bits = c->validity();
    for (int64_t i = 0; i < c->length(); ++i) {
      bool valid = bits == nullptr || bitmap::get(bits, i);
      sum_ += valid ? v[i] : 0;
      count_ += valid;
    }
  }
  void merge(Accumulator& o) override {
    auto& other = static_cast<DecimalMeanAccumulator&>(o);
    sum_ += other.sum_;
    count_ += other.count_;
  }
  ColumnPtr finish() override {
    if (count_ == 0) return Scalar::null(TypeId::kFloat64).to_column(1);
    return Scalar::float64(decimal::mean(sum_, count_, scale_)).to_column(1);
  }

 private:
  int scale_;
  __int128 sum_ = 0;
  int64_t count_ = 0;
};

/// Std and var of a Decimal: its morsels as Float64, into the float accumulator.
class CastingAccumulator final : public Accumulator {
 public:
  CastingAccumulator(std::unique_ptr<Accumulator> inner, DataType to) : inner_(std::move(inner)), to_(std::move(to)) {}
  void update(const ColumnPtr& c, int64_t sequence) override { inner_->update(cast(c, to_), sequence); }
  void merge(Accumulator& o) override { inner_->merge(*static_cast<CastingAccumulator&>(o).inner_); }
  ColumnPtr finish() override { return inner_->finish(); }

 private:
  std::unique_ptr<Accumulator> inner_;
  DataType to_;
};

/// Min or max; NaN is ignored unless every value is NaN (Polars' behaviour).
template <typename T>
class MinMaxAccumulator final : public Accumulator {
 public:
  MinMaxAccumulator(bool is_max, DataType type) : is_max_(is_max), type_(std::move(type)) {}
  void update(const ColumnPtr& c, int64_t) override {
    const T* v = c->values<T>();
    const int64_t n = c->length();
    const uint8_t* bits = c->validity();
    bool seen = false;
    bool saw_nan = false;
    T best{};
    if constexpr (std::is_floating_point_v<T>) {
      T lo = std::numeric_limits<T>::infinity(), hi = -std::numeric_limits<T>::infinity();
      int64_t cnt = 0;
      for (int64_t i = 0; i < n; ++i) {
        bool valid = bits == nullptr || bitmap::get(bits, i);
        T x = v[i];
        bool use = valid && !std::isnan(x);
        saw_nan |= valid && std::isnan(x);
        lo = use && x < lo ? x : lo;
        hi = use && x > hi ? x : hi;
        cnt += use;
      }
      seen = cnt > 0;
      best = is_max_ ? hi : lo;
    } else {
      T lo = max_value<T>(), hi = min_value<T>();
      int64_t cnt = 0;
      for (int64_t i = 0; i < n; ++i) {
        bool valid = bits == nullptr || bitmap::get(bits, i);
        T x = v[i];
        lo = valid && x < lo ? x : lo;
        hi = valid && x > hi ? x : hi;
        cnt += valid;
      }
      seen = cnt > 0;
      best = is_max_ ? hi : lo;
    }
    saw_nan_ |= saw_nan;
    if (seen) offer(best);
  }
  void merge(Accumulator& o) override {
    auto& other = static_cast<MinMaxAccumulator&>(o);
    saw_nan_ |= other.saw_nan_;
    if (other.has_) offer(other.best_);
  }
  ColumnPtr finish() override {
    FixedBuilder<T> b(type_, 1);
    if (has_) {
      b.data()[0] = best_;
    } else if constexpr (std::is_floating_point_v<T>) {
      if (saw_nan_) {
        b.data()[0] = std::numeric_limits<T>::quiet_NaN();
      } else {
        b.data()[0] = 0;
        b.set_null(0);
      }
    } else {
      b.data()[0] = T{};
      b.set_null(0);
    }
    return b.finish();
  }

 private:
  void offer(T x) {
    if (!has_ || (is_max_ ? x > best_ : x < best_)) best_ = x;
    has_ = true;
  }
  bool is_max_;
  DataType type_;
  bool has_ = false;
  bool saw_nan_ = false;
  T best_{};
};

/// Min or max of strings and binary (and of the Null type, which stays null).
class StringMinMaxAccumulator final : public Accumulator {
 public:
  StringMinMaxAccumulator(bool is_max, DataType type) : is_max_(is_max), type_(std::move(type)) {}
  void update(const ColumnPtr& c, int64_t) override {
    if (type_.id == TypeId::kNull) return;
    for (int64_t i = 0; i < c->length(); ++i) {
      if (c->is_valid(i)) offer(c->string_at(i));
    }
  }
  void merge(Accumulator& o) override {
    auto& other = static_cast<StringMinMaxAccumulator&>(o);
    if (other.has_) offer(other.best_);
  }
  ColumnPtr finish() override { return has_ ? Scalar(type_, best_).to_column(1) : Column::nulls(type_, 1); }

 private:
  void offer(std::string_view s) {
    if (!has_ || (is_max_ ? s > best_ : s < best_)) best_.assign(s);
    has_ = true;
  }
  bool is_max_;
  DataType type_;
  bool has_ = false;
  std::string best_;
};

/// count (non-null values), null_count and len (all rows).
class CountAccumulator final : public Accumulator {
 public:
  explicit CountAccumulator(AggKind kind) : kind_(kind) {}
  void update(const ColumnPtr& c, int64_t) override {
    switch (kind_) {
      case AggKind::kNullCount: count_ += c->null_count(); break;
      case AggKind::kLen: count_ += c->length(); break;
      default: count_ += c->length() - c->null_count(); break;
    }
  }
  void merge(Accumulator& o) override { count_ += static_cast<CountAccumulator&>(o).count_; }
  ColumnPtr finish() override { return Scalar(TypeId::kUInt32, static_cast<uint64_t>(count_)).to_column(1); }

 private:
  AggKind kind_;
  int64_t count_ = 0;
};

/// first/last: the value (null included) at the smallest/largest sequence number seen.
class FirstLastAccumulator final : public Accumulator {
 public:
  FirstLastAccumulator(bool last, DataType type) : last_(last), type_(std::move(type)) {}
  void update(const ColumnPtr& c, int64_t seq) override {
    if (c->length() == 0) return;
    if (value_ && (last_ ? seq < seq_ : seq > seq_)) return;
    value_ = c->slice(last_ ? c->length() - 1 : 0, 1);
    seq_ = seq;
  }
  void merge(Accumulator& o) override {
    auto& other = static_cast<FirstLastAccumulator&>(o);
    if (other.value_) update(other.value_, other.seq_);
  }
  ColumnPtr finish() override { return value_ ? value_ : Column::nulls(type_, 1); }

 private:
  bool last_;
  DataType type_;
  ColumnPtr value_;
  int64_t seq_ = 0;
};

/// n_unique: thread-local hash sets of the distinct values (null counts as one value), merged
/// by union. Floats are normalized so -0.0 and 0.0, and all NaNs, count once.
class NUniqueAccumulator final : public Accumulator {
 public:
  explicit NUniqueAccumulator(DataType type) : type_(std::move(type)) {}
  void update(const ColumnPtr& c, int64_t) override {
    const int64_t n = c->length();
    has_null_ |= c->has_nulls();
    if (type_.is_string_like()) {
      for (int64_t i = 0; i < n; ++i) {
        if (c->is_valid(i)) strings_.emplace(c->string_at(i));
      }
      return;
    }
    if (type_.id == TypeId::kNull) return;
    if (type_.id == TypeId::kDecimal) {  // all 16 bytes are the key
      const char* v = reinterpret_cast<const char*>(c->values<__int128>());
      for (int64_t i = 0; i < n; ++i) {
        if (c->is_valid(i)) strings_.emplace(v + i * 16, 16);
      }
      return;
    }
    TypeId phys = physical_type(type_);
    visit_numeric(phys, [&](auto tag) {
      using T = decltype(tag);
      const T* v = c->values<T>();
      const uint8_t* bits = c->validity();
      for (int64_t i = 0; i < n; ++i) {
        if (bits && !bitmap::get(bits, i)) continue;
        uint64_t key;
        if constexpr (std::is_floating_point_v<T>) {
          double d = static_cast<double>(v[i]);
          d = std::isnan(d) ? std::numeric_limits<double>::quiet_NaN() : (d == 0 ? 0.0 : d);
          std::memcpy(&key, &d, 8);
        } else {
          key = static_cast<uint64_t>(v[i]);
        }
        numbers_.insert(key);
      }
    });
  }
  void merge(Accumulator& o) override {
    auto& other = static_cast<NUniqueAccumulator&>(o);
    has_null_ |= other.has_null_;
    numbers_.insert(other.numbers_.begin(), other.numbers_.end());
    strings_.insert(other.strings_.begin(), other.strings_.end());
  }
  ColumnPtr finish() override {
    uint64_t count = numbers_.size() + strings_.size() + (has_null_ ? 1 : 0);
    return Scalar(TypeId::kUInt32, count).to_column(1);
  }

 private:
  DataType type_;
  bool has_null_ = false;
  std::unordered_set<uint64_t> numbers_;
  std::unordered_set<std::string> strings_;
};

/// Keeps all input (in sequence order) for median and quantile.
class HolisticAccumulator final : public Accumulator {
 public:
  HolisticAccumulator(AggKind kind, DataType in, DataType out, AggOptions options)
      : kind_(kind), in_(std::move(in)), out_(std::move(out)), options_(std::move(options)) {}
  void update(const ColumnPtr& c, int64_t seq) override { parts_.emplace_back(seq, c); }
  void merge(Accumulator& o) override {
    auto& other = static_cast<HolisticAccumulator&>(o);
    parts_.insert(parts_.end(), other.parts_.begin(), other.parts_.end());
  }
  ColumnPtr finish() override {
    std::sort(parts_.begin(), parts_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<ColumnPtr> cols;
    for (auto& p : parts_) cols.push_back(p.second);
    ColumnPtr all = cols.empty() ? Column::nulls(in_, 0) : concat_columns(cols);
    return quantile(all, kind_ == AggKind::kMedian ? 0.5 : options_.quantile,
                    kind_ == AggKind::kMedian ? "linear" : options_.interpolation);
  }

 private:
  ColumnPtr quantile(const ColumnPtr& all, double q, const std::string& method) {
    FLOE_USER_CHECK(q >= 0 && q <= 1, InvalidArgument, "quantile must be between 0.0 and 1.0, got {}", q);
    ColumnPtr values = all;
    if (in_.id == TypeId::kBoolean || in_.id == TypeId::kDecimal) values = cast(all, TypeId::kFloat64);
    std::vector<double> v;
    v.reserve(static_cast<size_t>(values->length()));
    TypeId phys = values->type().id == TypeId::kDate ? TypeId::kInt32
                  : values->type().is_temporal()     ? TypeId::kInt64
                                                     : values->type().id;
    visit_numeric(phys, [&](auto tag) {
      using T = decltype(tag);
      const T* p = values->values<T>();
      for (int64_t i = 0; i < values->length(); ++i) {
        if (values->is_valid(i)) v.push_back(static_cast<double>(p[i]));
      }
    });
    if (v.empty()) return Scalar::null(out_).to_column(1);
    std::sort(v.begin(), v.end(), [](double a, double b) { return a < b || (std::isnan(b) && !std::isnan(a)); });
    double pos = q * static_cast<double>(v.size() - 1);
    size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
    double r;
    if (method == "nearest") {
      r = v[static_cast<size_t>(std::round(pos))];
    } else if (method == "lower") {
      r = v[lo];
    } else if (method == "higher") {
      r = v[hi];
    } else if (method == "midpoint") {
      r = (v[lo] + v[hi]) / 2;
    } else if (method == "linear") {
      r = v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
    } else {
      throw InvalidArgument(fmt::format("unknown interpolation '{}'; expected nearest, lower, higher, midpoint or linear", method));
    }
    if (out_.is_float()) return Scalar(out_, r).to_column(1);
    // Temporal medians: back to the physical tick (dates are averaged as microsecond datetimes).
    if (in_.id == TypeId::kDate) r *= 86400.0 * 1e6;
    return Scalar(out_, static_cast<int64_t>(std::llround(r))).to_column(1);
  }

  AggKind kind_;
  DataType in_, out_;
  AggOptions options_;
  std::vector<std::pair<int64_t, ColumnPtr>> parts_;
};

}  // namespace

std::unique_ptr<Accumulator> make_accumulator(AggKind kind, const DataType& input, const AggOptions& options) {
  DataType out = agg_output_type(kind, input);
  TypeId phys = physical_type(input);
  switch (kind) {
    case AggKind::kCount:
    case AggKind::kLen:
    case AggKind::kNullCount: return std::make_unique<CountAccumulator>(kind);
    case AggKind::kFirst: return std::make_unique<FirstLastAccumulator>(false, input);
    case AggKind::kLast: return std::make_unique<FirstLastAccumulator>(true, input);
    case AggKind::kNUnique: return std::make_unique<NUniqueAccumulator>(input);
    case AggKind::kMedian:
    case AggKind::kQuantile: return std::make_unique<HolisticAccumulator>(kind, input, out, options);
    case AggKind::kMin:
    case AggKind::kMax:
      if (input.is_string_like() || input.id == TypeId::kNull) {
        return std::make_unique<StringMinMaxAccumulator>(kind == AggKind::kMax, input);
      }
      return visit_numeric(phys, [&](auto tag) -> std::unique_ptr<Accumulator> {
        return std::make_unique<MinMaxAccumulator<decltype(tag)>>(kind == AggKind::kMax, input);
      });
    case AggKind::kSum:
      if (input.id == TypeId::kNull) return std::make_unique<SumAccumulator<int64_t>>(out);
      return visit_numeric(phys, [&](auto tag) -> std::unique_ptr<Accumulator> {
        return std::make_unique<SumAccumulator<decltype(tag)>>(out);
      });
    case AggKind::kMean:
    case AggKind::kStd:
    case AggKind::kVar:
      if (input.id == TypeId::kDecimal) {
        if (kind == AggKind::kMean) return std::make_unique<DecimalMeanAccumulator>(input.scale);
        return std::make_unique<CastingAccumulator>(
            std::make_unique<MomentAccumulator<double>>(kind, TypeId::kFloat64, out, options.ddof), TypeId::kFloat64);
      }
      if (input.id == TypeId::kNull) return std::make_unique<MomentAccumulator<uint8_t>>(kind, input, out, options.ddof);
      return visit_numeric(phys, [&](auto tag) -> std::unique_ptr<Accumulator> {
        return std::make_unique<MomentAccumulator<decltype(tag)>>(kind, input, out, options.ddof);
      });
  }
  FLOE_CHECK(false, "unknown aggregate");
  return nullptr;
}

ColumnPtr aggregate(AggKind kind, const ColumnPtr& column, const AggOptions& options) {
  auto acc = make_accumulator(kind, column->type(), options);
  acc->update(column, 0);
  return acc->finish();
}

}  // namespace floe::compute
