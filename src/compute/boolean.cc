// Boolean kernels.
#include "compute/boolean.h"

#include "compute/elementwise.h"
#include "core/error.h"

namespace floe::compute {

ColumnPtr boolean_op(BoolOp op, const ColumnPtr& ap, const ColumnPtr& bp) {
  const Column& a = *ap;
  const Column& b = *bp;
  FLOE_CHECK(a.type() == b.type(), "boolean op on {} and {}", a.type().to_string(), b.type().to_string());
  if (a.type().is_integer()) {
    return visit_numeric(a.type().id, [&](auto tag) -> ColumnPtr {
      using T = decltype(tag);
      if constexpr (std::is_floating_point_v<T>) return nullptr;
      else switch (op) {
        case BoolOp::kAnd: return binary_kernel<T, T, T>(a, b, a.type(), [](T x, T y) { return static_cast<T>(x & y); });
        case BoolOp::kOr: return binary_kernel<T, T, T>(a, b, a.type(), [](T x, T y) { return static_cast<T>(x | y); });
        case BoolOp::kXor: return binary_kernel<T, T, T>(a, b, a.type(), [](T x, T y) { return static_cast<T>(x ^ y); });
      }
      return nullptr;
    });
  }
  FLOE_USER_CHECK(a.type().id == TypeId::kBoolean, InvalidOperation, "logical operation not supported for dtype {}",
                  a.type().to_string());
  const int64_t n = broadcast_length(a, b);
  ColumnPtr out;
  switch (op) {
    case BoolOp::kAnd: out = binary_kernel<uint8_t, uint8_t, uint8_t>(a, b, TypeId::kBoolean, [](uint8_t x, uint8_t y) -> uint8_t { return x & y; }); break;
    case BoolOp::kOr: out = binary_kernel<uint8_t, uint8_t, uint8_t>(a, b, TypeId::kBoolean, [](uint8_t x, uint8_t y) -> uint8_t { return x | y; }); break;
    case BoolOp::kXor: return binary_kernel<uint8_t, uint8_t, uint8_t>(a, b, TypeId::kBoolean, [](uint8_t x, uint8_t y) -> uint8_t { return x ^ y; });
  }
  if (!out->has_nulls()) return out;
  // Kleene: a null next to a deciding value (false for and, true for or) is that value.
  const uint8_t decider = op == BoolOp::kAnd ? 0 : 1;
  BufferPtr validity = copy_validity(*out);
  const bool as = a.length() == 1 && n != 1, bs = b.length() == 1 && n != 1;
  const uint8_t* av = a.values<uint8_t>();
  const uint8_t* bv = b.values<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    int64_t ia = as ? 0 : i, ib = bs ? 0 : i;
    if ((a.is_valid(ia) && av[ia] == decider) || (b.is_valid(ib) && bv[ib] == decider)) bitmap::set(validity->data(), i);
  }
  // The value under a now-valid row must be the decider.
  auto values = Buffer::allocate(static_cast<size_t>(n));
  std::memcpy(values->data(), out->values<uint8_t>(), static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t ia = as ? 0 : i, ib = bs ? 0 : i;
    if ((a.is_valid(ia) && av[ia] == decider) || (b.is_valid(ib) && bv[ib] == decider)) values->data()[i] = decider;
  }
  return std::make_shared<Column>(DataType(TypeId::kBoolean), n, values, validity);
}

ColumnPtr boolean_not(const ColumnPtr& a) {
  if (a->type().is_integer()) {
    return visit_numeric(a->type().id, [&](auto tag) -> ColumnPtr {
      using T = decltype(tag);
      if constexpr (std::is_floating_point_v<T>) return nullptr;
      else return unary_kernel<T, T>(*a, a->type(), [](T x) { return static_cast<T>(~x); });
    });
  }
  FLOE_USER_CHECK(a->type().id == TypeId::kBoolean, InvalidOperation, "`not` operation not supported for dtype {}",
                  a->type().to_string());
  return unary_kernel<uint8_t, uint8_t>(*a, TypeId::kBoolean, [](uint8_t x) -> uint8_t { return x ^ 1; });
}

ColumnPtr is_null(const ColumnPtr& a, bool negate) {
  const int64_t n = a->length();
  FixedBuilder<uint8_t> b(TypeId::kBoolean, n);
  uint8_t* out = b.data();
  if (!a->has_nulls()) {
    std::memset(out, negate ? 1 : 0, static_cast<size_t>(n));
  } else {
    const uint8_t* bits = a->validity();
    const uint8_t flip = negate ? 0 : 1;
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(bitmap::get(bits, i) ^ flip);
  }
  return b.finish();
}

}  // namespace floe::compute
