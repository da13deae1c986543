// Comparison kernels for numeric, boolean, temporal and string columns.
#include "compute/compare.h"

#include <bit>
#include <cmath>

#include "compute/elementwise.h"
#include "core/error.h"

namespace floe::compute {

namespace {

/// Total order on floats with NaN largest and NaN == NaN (Polars' semantics).
template <typename T>
int float_cmp(T a, T b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return static_cast<int>(an) - static_cast<int>(bn);
  return (a > b) - (a < b);
}

template <typename T>
ColumnPtr compare_fixed(CompareOp op, const Column& a, const Column& b) {
  const DataType out = TypeId::kBoolean;
  if constexpr (std::is_floating_point_v<T>) {
    switch (op) {
      case CompareOp::kEq: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return float_cmp(x, y) == 0; });
      case CompareOp::kNe: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return float_cmp(x, y) != 0; });
      case CompareOp::kLt: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return float_cmp(x, y) < 0; });
      case CompareOp::kLe: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return float_cmp(x, y) <= 0; });
      case CompareOp::kGt: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return float_cmp(x, y) > 0; });
      case CompareOp::kGe: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return float_cmp(x, y) >= 0; });
    }
  } else {
    switch (op) {
      case CompareOp::kEq: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return x == y; });
      case CompareOp::kNe: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return x != y; });
      case CompareOp::kLt: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return x < y; });
      case CompareOp::kLe: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return x <= y; });
      case CompareOp::kGt: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return x > y; });
      case CompareOp::kGe: return binary_kernel<T, T, uint8_t>(a, b, out, [](T x, T y) -> uint8_t { return x >= y; });
    }
  }
  return nullptr;
}

/// Three-way comparison of two string views, using the inline prefix before the bytes.
inline int compare_views(const StringView& x, const std::vector<BufferPtr>& xb, const StringView& y,
                         const std::vector<BufferPtr>& yb) {
  uint32_t px = x.prefix_order(), py = y.prefix_order();
  if (px != py) return px < py ? -1 : 1;
  std::string_view sx = Column::view_string(x, xb), sy = Column::view_string(y, yb);
  int c = sx.compare(sy);
  return (c > 0) - (c < 0);
}

inline bool equal_views(const StringView& x, const std::vector<BufferPtr>& xb, const StringView& y,
                        const std::vector<BufferPtr>& yb) {
  // Size and prefix sit in the first 8 bytes: most unequal pairs differ there.
  uint64_t hx, hy;
  std::memcpy(&hx, &x, 8);
  std::memcpy(&hy, &y, 8);
  if (hx != hy) return false;
  if (x.is_inline()) return std::memcmp(&x, &y, 16) == 0;
  return Column::view_string(x, xb) == Column::view_string(y, yb);
}

ColumnPtr compare_strings(CompareOp op, const Column& a, const Column& b) {
  const int64_t n = broadcast_length(a, b);
  FixedBuilder<uint8_t> builder(TypeId::kBoolean, n);
  uint8_t* out = builder.data();
  const StringView* av = a.values<StringView>();
  const StringView* bv = b.values<StringView>();
  const auto& ab = a.data_buffers();
  const auto& bb = b.data_buffers();
  const bool as = a.length() == 1 && n != 1, bs = b.length() == 1 && n != 1;
  auto run = [&](auto pred) {
    for (int64_t i = 0; i < n; ++i) out[i] = pred(av[as ? 0 : i], bv[bs ? 0 : i]);
  };
  switch (op) {
    case CompareOp::kEq: run([&](const StringView& x, const StringView& y) -> uint8_t { return equal_views(x, ab, y, bb); }); break;
    case CompareOp::kNe: run([&](const StringView& x, const StringView& y) -> uint8_t { return !equal_views(x, ab, y, bb); }); break;
    case CompareOp::kLt: run([&](const StringView& x, const StringView& y) -> uint8_t { return compare_views(x, ab, y, bb) < 0; }); break;
    case CompareOp::kLe: run([&](const StringView& x, const StringView& y) -> uint8_t { return compare_views(x, ab, y, bb) <= 0; }); break;
    case CompareOp::kGt: run([&](const StringView& x, const StringView& y) -> uint8_t { return compare_views(x, ab, y, bb) > 0; }); break;
    case CompareOp::kGe: run([&](const StringView& x, const StringView& y) -> uint8_t { return compare_views(x, ab, y, bb) >= 0; }); break;
  }
  builder.set_validity(combine_validity(a, b, n));
  return builder.finish();
}

}  // namespace

const char* compare_op_symbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "==";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

ColumnPtr compare(CompareOp op, const ColumnPtr& ap, const ColumnPtr& bp) {
  const Column& a = *ap;
  const Column& b = *bp;
  FLOE_CHECK(a.type() == b.type(), "compare {} with {}", a.type().to_string(), b.type().to_string());
  if (a.type().id == TypeId::kNull) return Column::nulls(TypeId::kBoolean, broadcast_length(a, b));
  if (a.type().is_string_like()) return compare_strings(op, a, b);
  return visit_numeric(a.type().id == TypeId::kDatetime || a.type().id == TypeId::kDuration ||
                               a.type().id == TypeId::kTime
                           ? TypeId::kInt64
                           : a.type().id,
                       [&](auto tag) -> ColumnPtr { return compare_fixed<decltype(tag)>(op, a, b); });
}

}  // namespace floe::compute
