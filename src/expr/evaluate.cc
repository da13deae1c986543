// The expression interpreter: one kernel call per node and chunk, never per row.
#include "expr/evaluate.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <unordered_set>

#include "compute/boolean.h"
#include "compute/cast.h"
#include "compute/selection.h"
#include "compute/sort.h"
#include "compute/validity.h"
#include "compute/window_functions.h"
#include "core/column_builder.h"
#include "core/error.h"

namespace floe {

EvalContext::EvalContext(const Chunk& chunk) : chunk_(chunk), dense_(chunk.num_columns()) {}

const ColumnPtr& EvalContext::column(int index) {
  ColumnPtr& c = dense_[static_cast<size_t>(index)];
  if (!c) {
    const ColumnPtr& raw = chunk_.column(static_cast<size_t>(index));
    c = chunk_.selection() ? compute::gather(raw, *chunk_.selection()) : raw;
  }
  return c;
}

namespace {

ColumnPtr concat_strings(const ColumnPtr& a, const ColumnPtr& b) {
  const int64_t n = compute::broadcast_length(*a, *b);
  StringBuilder out(TypeId::kString, n);
  const bool as = a->length() == 1 && n != 1, bs = b->length() == 1 && n != 1;
  std::string buf;
  for (int64_t i = 0; i < n; ++i) {
    int64_t ia = as ? 0 : i, ib = bs ? 0 : i;
    if (a->is_null(ia) || b->is_null(ib)) {
      out.append_null();
      continue;
    }
    buf.assign(a->string_at(ia));
    buf.append(b->string_at(ib));
    out.append(buf);
  }
  return out.finish();
}

ColumnPtr fill_nan(const ColumnPtr& v, const ColumnPtr& fill) {
  if (!v->type().is_float()) return v;
  return visit_numeric(v->type().id, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    if constexpr (std::is_floating_point_v<T>) {
      FixedBuilder<uint8_t> mask(TypeId::kBoolean, v->length());
      const T* p = v->values<T>();
      for (int64_t i = 0; i < v->length(); ++i) mask.data()[i] = std::isnan(p[i]);
      return compute::if_else(mask.finish(), fill, v);
    }
    return v;
  });
}

}  // namespace

/// The listed values of an is_in: strings in a hash set, integers (and dates, times, ...) in an
/// open-addressing table of their bits, floats in a sorted list (-0.0 finds 0.0, NaN finds NaN).
class IsInLookup {
 public:
  void build(const std::vector<ColumnPtr>& values, const DataType& type) {
    for (const auto& c : values) has_null_ |= c->is_null(0);
    if (type.is_string_like()) {
      for (const auto& c : values) {
        if (c->is_valid(0)) storage_.emplace_back(c->string_at(0));
      }
      for (const auto& s : storage_) strings_.insert(s);
      return;
    }
    if (type.id == TypeId::kNull) return;
    visit_numeric(physical_type(type), [&](auto tag) {
      using T = decltype(tag);
      for (const auto& c : values) {
        if (!c->is_valid(0)) continue;
        if constexpr (std::is_floating_point_v<T>) {
          floats_.push_back(static_cast<double>(c->values<T>()[0]));
        } else if constexpr (sizeof(T) > sizeof(uint64_t)) {
          wide_.push_back(static_cast<__int128>(c->values<T>()[0]));
        } else {
          ints_.push_back(static_cast<uint64_t>(c->values<T>()[0]));
        }
      }
    });
    // NaN finds NaN (as in Polars): kept out of the sorted list, which cannot order it.
    for (double x : floats_) has_nan_ |= std::isnan(x);
    floats_.erase(std::remove_if(floats_.begin(), floats_.end(), [](double x) { return std::isnan(x); }), floats_.end());
    std::sort(floats_.begin(), floats_.end());
    std::sort(wide_.begin(), wide_.end());
    std::sort(ints_.begin(), ints_.end());
    ints_.erase(std::unique(ints_.begin(), ints_.end()), ints_.end());
    // Values within a span of 2^20 (e.g. the keys of a join's build side) get a bitmap: one
    // bit test per row, in a table that stays in cache. So do many values over a wider span
    // when the bitmap is smaller than a hash set of them would be (2 bytes per slot of the
    // hash set's arrays, twice as many slots as values). Bit span + 1 is a clear sentinel for
    // values outside the span. Others get a hash set.
    const uint64_t span = ints_.empty() ? 0 : ints_.back() - ints_.front();
    const bool dense = span < (uint64_t{1} << 30) && span / 8 < ints_.size() * 2 * (sizeof(uint64_t) + 1);
    if (ints_.size() > 8 && (span < (uint64_t{1} << 20) || dense)) {
      low_ = ints_.front();
      span_ = ints_.back() - low_;
      bits_.assign((span_ + 2 + 63) / 64, 0);
      for (uint64_t x : ints_) bits_[(x - low_) >> 6] |= uint64_t{1} << ((x - low_) & 63);
      return;
    }
    size_t cap = 16;
    while (cap < ints_.size() * 2) cap *= 2;
    slots_.assign(cap, 0);
    used_.assign(cap, 0);
    mask_ = cap - 1;
    for (uint64_t x : ints_) {
      uint64_t s = slot(x);
      while (used_[s]) s = (s + 1) & mask_;
      used_[s] = 1;
      slots_[s] = x;
    }
  }

  ColumnPtr lookup(const ColumnPtr& v) const {
    const int64_t n = v->length();
    FixedBuilder<uint8_t> out(TypeId::kBoolean, n);
    uint8_t* dst = out.data();
    if (v->type().is_string_like()) {
      for (int64_t i = 0; i < n; ++i) dst[i] = strings_.count(v->string_at(i)) > 0;
    } else if (v->type().id != TypeId::kNull) {
      visit_numeric(physical_type(v->type()), [&](auto tag) {
        using T = decltype(tag);
        const T* p = v->values<T>();
        if constexpr (std::is_floating_point_v<T>) {
          for (int64_t i = 0; i < n; ++i) {
            const double x = static_cast<double>(p[i]);
            dst[i] = std::isnan(x) ? has_nan_ : std::binary_search(floats_.begin(), floats_.end(), x);
          }
        } else if constexpr (sizeof(T) > sizeof(uint64_t)) {
          for (int64_t i = 0; i < n; ++i) dst[i] = std::binary_search(wide_.begin(), wide_.end(), static_cast<__int128>(p[i]));
        } else if (ints_.size() <= 8) {
          for (int64_t i = 0; i < n; ++i) {
            uint8_t hit = 0;
            for (uint64_t s : ints_) hit |= static_cast<uint64_t>(p[i]) == s;
            dst[i] = hit;
          }
        } else if (!bits_.empty()) {
          const uint64_t* bits = bits_.data();
          for (int64_t i = 0; i < n; ++i) {
            uint64_t d = static_cast<uint64_t>(p[i]) - low_;
            d = d <= span_ ? d : span_ + 1;
            dst[i] = static_cast<uint8_t>((bits[d >> 6] >> (d & 63)) & 1);
          }
        } else {
          for (int64_t i = 0; i < n; ++i) dst[i] = contains(static_cast<uint64_t>(p[i]));
        }
      });
    } else {
      std::memset(dst, 0, static_cast<size_t>(n));
    }
    // Null input stays null (Polars); a miss is null rather than false when the list has a null.
    if (v->has_nulls() || has_null_) {
      BufferPtr validity = compute::copy_validity(*v);
      if (has_null_) {
        for (int64_t i = 0; i < n; ++i) {
          if (!dst[i]) bitmap::clear(validity->data(), i);
        }
      }
      out.set_validity(validity);
    }
    return out.finish();
  }

 private:
  uint64_t slot(uint64_t x) const { return ((x ^ (x >> 29)) * 0xbf58476d1ce4e5b9ULL >> 17) & mask_; }
  bool contains(uint64_t x) const {
    for (uint64_t s = slot(x); used_[s]; s = (s + 1) & mask_) {
      if (slots_[s] == x) return true;
    }
    return false;
  }

  bool has_null_ = false;
  bool has_nan_ = false;
  std::vector<std::string> storage_;
  std::unordered_set<std::string_view> strings_;
  std::vector<double> floats_;
  std::vector<__int128> wide_;  // decimals
  std::vector<uint64_t> ints_;  // distinct, sorted
  std::vector<uint64_t> slots_;  // a hash set of ints_, when there is no bitmap
  std::vector<uint8_t> used_;
  uint64_t mask_ = 0;
  std::vector<uint64_t> bits_;  // bit x - low_ set for every x in ints_, when their span is small
  uint64_t low_ = 0, span_ = 0;
};



IsInSet::IsInSet() = default;
IsInSet::~IsInSet() = default;

ColumnPtr evaluate(const BoundExpr& e, EvalContext& ctx) {
  auto child = [&](size_t i) { return evaluate(*e.children[i], ctx); };
  switch (e.kind) {
    case ExprKind::kColumn: return ctx.column(e.column_index);
    case ExprKind::kLiteral: return e.literal;
    case ExprKind::kAlias: return child(0);
    case ExprKind::kArith: {
      ColumnPtr a = child(0), b = child(1);
      if (e.type.id == TypeId::kString) return concat_strings(a, b);
      if (e.source->arith_op == compute::ArithOp::kPow && e.children[1]->type.id == TypeId::kUInt32 && e.type.is_integer()) {
        return compute::integer_pow(a, b);
      }
      return compute::arithmetic(e.source->arith_op, a, b);
    }
    case ExprKind::kCompare: return compute::compare(e.source->compare_op, child(0), child(1));
    case ExprKind::kBool: return compute::boolean_op(e.source->bool_op, child(0), child(1));
    case ExprKind::kNot: return compute::boolean_not(child(0));
    case ExprKind::kNegate: return compute::negate(child(0));
    case ExprKind::kCast: return compute::cast(child(0), e.type, e.source->strict, e.children[0]->name);
    case ExprKind::kIsNull: return compute::is_null(child(0), e.source->negate);
    case ExprKind::kFillNull: {
      ColumnPtr v = child(0);
      if (!v->has_nulls()) return v;
      return compute::if_else(compute::is_null(v, true), v, child(1));
    }
    case ExprKind::kFillNan: return fill_nan(child(0), child(1));
    case ExprKind::kIsIn: {
      auto values = [&] {
        std::vector<ColumnPtr> out;
        for (size_t i = 1; i < e.children.size(); ++i) out.push_back(child(i));
        return out;
      };
      if (e.is_in_set) {
        // Constant values: the set is built once, by the first evaluation.
        IsInSet& set = *e.is_in_set;
        std::call_once(set.lookup_once, [&] {
          set.lookup = std::make_unique<IsInLookup>();
          set.lookup->build(values(), e.children[0]->type);
        });
        return set.lookup->lookup(child(0));
      }
      IsInLookup set;
      set.build(values(), e.children[0]->type);
      return set.lookup(child(0));
    }
    case ExprKind::kTernary: return compute::if_else(child(0), child(1), child(2));
    case ExprKind::kFunction: {
      std::vector<ColumnPtr> args;
      for (size_t i = 0; i < e.children.size(); ++i) args.push_back(child(i));
      return e.function->execute(args, e.source->options);
    }
    case ExprKind::kAgg: return compute::aggregate(e.source->agg, child(0), e.source->agg_options);
    case ExprKind::kLen: return Scalar(TypeId::kUInt32, static_cast<uint64_t>(ctx.rows())).to_column(1);
    case ExprKind::kFilter: {
      ColumnPtr v = compute::broadcast(child(0), ctx.rows());
      ColumnPtr mask = compute::broadcast(child(1), v->length());
      FLOE_USER_CHECK(mask->length() == v->length(), ShapeMismatch, "filter predicate has length {}, values {}",
                      mask->length(), v->length());
      return compute::gather(v, compute::mask_to_selection(*mask));
    }
    case ExprKind::kSortExpr: {
      ColumnPtr v = child(0);
      auto order = compute::sort_indices({v}, std::vector<bool>{e.source->negate}, std::vector<bool>{false});
      return compute::gather(v, order.data(), static_cast<int64_t>(order.size()));
    }
    case ExprKind::kWindowFunction: return compute::window_function(e.source->name, child(0), e.source->options);
    case ExprKind::kOver:
      // The executor computes over() nodes on the whole input (exec/window.h) before evaluating.
      throw InvalidOperation(fmt::format("over() is not supported in this context: `{}`", Expr(e.source).to_string()));
    case ExprKind::kIntRange: {
      const auto& p = e.source->options.params;
      int64_t start = p[0].as_int64(), end = p[1].as_int64(), step = p[2].as_int64();
      int64_t n = step > 0 ? (end > start ? (end - start + step - 1) / step : 0)
                           : (start > end ? (start - end - step - 1) / -step : 0);
      FixedBuilder<int64_t> b(TypeId::kInt64, n);
      for (int64_t i = 0; i < n; ++i) b.data()[i] = start + i * step;
      return b.finish();
    }
    default: break;
  }
  throw InternalError(fmt::format("cannot evaluate expression kind {}", static_cast<int>(e.kind)));
}

ColumnPtr evaluate_full(const BoundExpr& e, EvalContext& ctx) {
  ColumnPtr c = evaluate(e, ctx);
  if (c->length() == ctx.rows()) return c;
  FLOE_USER_CHECK(c->length() == 1, ShapeMismatch, "expression `{}` has length {} but the frame has {} rows", e.name,
                  c->length(), ctx.rows());
  return compute::broadcast(c, ctx.rows());
}

}  // namespace floe
