// Loops that apply a scalar operation over one or two columns, broadcasting length-1 inputs.
#pragma once

#include "compute/validity.h"
#include "core/column_builder.h"

namespace floe::compute {

/// out[i] = op(a[i], b[i]) for i < n, where an input of length 1 is repeated. Three separate
/// loops so the compiler vectorizes each without a branch per row.
template <typename A, typename B, typename Out, typename Op>
void binary_loop(const A* a, bool a_scalar, const B* b, bool b_scalar, Out* out, int64_t n, Op op) {
  if (a_scalar && !b_scalar) {
    const A av = a[0];
    for (int64_t i = 0; i < n; ++i) out[i] = op(av, b[i]);
  } else if (b_scalar && !a_scalar) {
    const B bv = b[0];
    for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], bv);
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], b[i]);
  }
}

/// A column of type `out_type` with out[i] = op(a[i], b[i]); nulls where either input is null.
template <typename A, typename B, typename Out, typename Op>
ColumnPtr binary_kernel(const Column& a, const Column& b, const DataType& out_type, Op op) {
  const int64_t n = broadcast_length(a, b);
  FixedBuilder<Out> builder(out_type, n);
  binary_loop(a.values<A>(), a.length() == 1 && n != 1, b.values<B>(), b.length() == 1 && n != 1, builder.data(), n,
              op);
  builder.set_validity(combine_validity(a, b, n));
  return builder.finish();
}

/// A column of type `out_type` with out[i] = op(a[i]); nulls kept.
template <typename A, typename Out, typename Op>
ColumnPtr unary_kernel(const Column& a, const DataType& out_type, Op op) {
  const int64_t n = a.length();
  FixedBuilder<Out> builder(out_type, n);
  const A* in = a.values<A>();
  Out* out = builder.data();
  for (int64_t i = 0; i < n; ++i) out[i] = op(in[i]);
  builder.set_validity(a.validity_buffer());
  return builder.finish();
}

}  // namespace floe::compute
