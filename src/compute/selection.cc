// Row selection kernels.
#include "compute/selection.h"

#include <algorithm>

#include "compute/elementwise.h"
#include "core/data_frame.h"
#include "core/error.h"

namespace floe::compute {

SelectionVector mask_to_selection(const Column& mask, const SelectionVector* base) {
  FLOE_CHECK(mask.type().id == TypeId::kBoolean, "mask must be Boolean, got {}", mask.type().to_string());
  const int64_t n = mask.length();
  const uint8_t* m = mask.values<uint8_t>();
  SelectionVector out(static_cast<size_t>(n));
  uint32_t* dst = out.data();
  size_t k = 0;
  if (mask.has_nulls()) {
    const uint8_t* valid = mask.validity();
    for (int64_t i = 0; i < n; ++i) {
      dst[k] = static_cast<uint32_t>(i);
      k += m[i] & bitmap::get(valid, i);
    }
  } else {
    // Branch-free: always write, advance only on a hit.
    for (int64_t i = 0; i < n; ++i) {
      dst[k] = static_cast<uint32_t>(i);
      k += m[i];
    }
  }
  out.resize(k);
  if (base) {
    for (size_t i = 0; i < k; ++i) out[i] = (*base)[out[i]];
  }
  return out;
}

namespace {

template <typename Index>
ColumnPtr gather_impl(const ColumnPtr& column, const Index* indices, int64_t n, bool nullable);

/// Gathers the rows of a List: new offsets from the picked rows' lengths, then the items of
/// those rows in order (a single contiguous run of items is sliced, not copied).
template <typename Index>
ColumnPtr gather_list(const Column& c, const Index* indices, int64_t n, BufferPtr validity) {
  const int64_t* in_off = c.list_offsets();
  auto offsets = Buffer::allocate(sizeof(int64_t) * static_cast<size_t>(n + 1));
  int64_t* out_off = offsets->as<int64_t>();
  out_off[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t len = 0;
    if constexpr (std::is_signed_v<Index>) {
      if (indices[i] >= 0) len = in_off[indices[i] + 1] - in_off[indices[i]];
    } else {
      len = in_off[indices[i] + 1] - in_off[indices[i]];
    }
    out_off[i + 1] = out_off[i] + len;
  }
  const int64_t total = out_off[n];
  std::vector<int64_t> item_rows(static_cast<size_t>(total));
  int64_t* dst = item_rows.data();
  bool contiguous = true;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = out_off[i + 1] - out_off[i];
    if (len == 0) continue;
    const int64_t start = in_off[indices[i]];
    contiguous &= dst == item_rows.data() || dst[-1] + 1 == start;
    for (int64_t k = 0; k < len; ++k) dst[k] = start + k;
    dst += len;
  }
  const ColumnPtr& items = c.children()[0];
  ColumnPtr out_items = total == 0 ? items->slice(0, 0)
                        : contiguous ? items->slice(item_rows[0], total)
                                     : gather_impl(items, item_rows.data(), total, false);
  return Column::make_list(c.type(), n, std::move(offsets), std::move(out_items), std::move(validity));
}

template <typename Index>
ColumnPtr gather_impl(const ColumnPtr& column, const Index* indices, int64_t n, bool nullable) {
  const Column& c = *column;
  const DataType& t = c.type();
  if (t.id == TypeId::kNull) return Column::nulls(t, n);
  BufferPtr validity;
  if (c.has_nulls() || nullable) {
    validity = Buffer::allocate(bitmap::bytes_for(n));
    uint8_t* out_bits = validity->data();
    std::memset(out_bits, 0, bitmap::bytes_for(n));
    const uint8_t* in_bits = c.validity();
    for (int64_t i = 0; i < n; ++i) {
      Index idx = indices[i];
      bool present = true;
      if constexpr (std::is_signed_v<Index>) present = idx >= 0;
      bool valid = present && (in_bits == nullptr || bitmap::get(in_bits, static_cast<int64_t>(idx)));
      out_bits[i >> 3] |= static_cast<uint8_t>(valid) << (i & 7);
    }
  }
  if (t.id == TypeId::kList) return gather_list(c, indices, n, std::move(validity));
  if (t.id == TypeId::kStruct) {
    // Each field takes the same rows; a missing row (-1) is null in the fields too.
    std::vector<ColumnPtr> fields;
    fields.reserve(c.children().size());
    for (const auto& child : c.children()) fields.push_back(gather_impl(child, indices, n, nullable));
    return Column::make_struct(t, n, std::move(fields), std::move(validity));
  }
  return visit_physical(t.id, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    auto values = Buffer::allocate(sizeof(T) * static_cast<size_t>(n));
    T* out = values->as<T>();
    const T* in = c.values<T>();
    if constexpr (std::is_signed_v<Index>) {
      for (int64_t i = 0; i < n; ++i) out[i] = indices[i] >= 0 ? in[indices[i]] : T{};
    } else {
      for (int64_t i = 0; i < n; ++i) out[i] = in[indices[i]];
    }
    return std::make_shared<Column>(t, n, std::move(values), std::move(validity), c.data_buffers());
  });
}

}  // namespace

ColumnPtr gather(const ColumnPtr& column, const uint32_t* indices, int64_t n) {
  return gather_impl(column, indices, n, false);
}

ColumnPtr gather(const ColumnPtr& column, const SelectionVector& sel) {
  return gather_impl(column, sel.data(), static_cast<int64_t>(sel.size()), false);
}

ColumnPtr gather_nullable(const ColumnPtr& column, const int64_t* indices, int64_t n) {
  return gather_impl(column, indices, n, true);
}

Chunk materialize(const Chunk& chunk) {
  if (!chunk.selection()) return chunk;
  const SelectionVector& sel = *chunk.selection();
  std::vector<ColumnPtr> cols;
  cols.reserve(chunk.num_columns());
  for (const auto& c : chunk.columns()) cols.push_back(gather(c, sel));
  Chunk out(std::move(cols), static_cast<int64_t>(sel.size()));
  out.set_sequence(chunk.sequence());
  return out;
}

ColumnPtr broadcast(const ColumnPtr& column, int64_t n) {
  if (column->length() == n || column->length() != 1) return column;
  std::vector<uint32_t> zeros(static_cast<size_t>(n), 0);
  return gather(column, zeros.data(), n);
}

ColumnPtr if_else(const ColumnPtr& mask_p, const ColumnPtr& a_p, const ColumnPtr& b_p) {
  const Column& mask = *mask_p;
  const Column& a = *a_p;
  const Column& b = *b_p;
  FLOE_CHECK(a.type() == b.type(), "if_else branches {} and {}", a.type().to_string(), b.type().to_string());
  int64_t n = std::max({mask.length(), a.length(), b.length()});
  // An empty column against scalars (length 1) gives an empty result.
  if (n == 1 && std::min({mask.length(), a.length(), b.length()}) == 0) n = 0;
  FLOE_USER_CHECK((mask.length() == n || mask.length() == 1) && (a.length() == n || a.length() == 1) &&
                      (b.length() == n || b.length() == 1),
                  ShapeMismatch, "when/then/otherwise: lengths {}, {} and {} do not match", mask.length(), a.length(),
                  b.length());
  const DataType& t = a.type();
  const bool ms = mask.length() != n, as = a.length() != n, bs = b.length() != n;
  if (n == 0) return Column::nulls(a.type(), 0);
  const uint8_t* m = mask.values<uint8_t>();
  auto pick = [&](int64_t i) -> bool { return m[ms ? 0 : i] && mask.is_valid(ms ? 0 : i); };
  BufferPtr validity;
  if (a.has_nulls() || b.has_nulls()) {
    validity = all_valid_bitmap(n);
    for (int64_t i = 0; i < n; ++i) {
      bool valid = pick(i) ? a.is_valid(as ? 0 : i) : b.is_valid(bs ? 0 : i);
      if (!valid) bitmap::clear(validity->data(), i);
    }
  }
  if (t.id == TypeId::kNull) return Column::nulls(t, n);
  if (t.is_nested()) {
    // Nested values are picked by row: a then b end to end, and each row's index into that.
    ColumnPtr both = concat_columns({a_p, b_p});
    std::vector<uint32_t> rows(static_cast<size_t>(n));
    const auto a_len = static_cast<uint32_t>(a.length());
    for (int64_t i = 0; i < n; ++i) {
      rows[i] = pick(i) ? static_cast<uint32_t>(as ? 0 : i) : a_len + static_cast<uint32_t>(bs ? 0 : i);
    }
    return gather(both, rows.data(), n);
  }
  return visit_physical(t.id, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    auto values = Buffer::allocate(sizeof(T) * static_cast<size_t>(n));
    T* out = values->as<T>();
    const T* av = a.values<T>();
    const T* bv = b.values<T>();
    std::vector<BufferPtr> buffers;
    uint32_t b_base = 0;
    if constexpr (std::is_same_v<T, StringView>) {
      buffers = a.data_buffers();
      b_base = static_cast<uint32_t>(buffers.size());
      buffers.insert(buffers.end(), b.data_buffers().begin(), b.data_buffers().end());
    }
    for (int64_t i = 0; i < n; ++i) {
      if (pick(i)) {
        out[i] = av[as ? 0 : i];
      } else {
        out[i] = bv[bs ? 0 : i];
        if constexpr (std::is_same_v<T, StringView>) {
          if (!out[i].is_inline()) out[i].ref.buffer_index += b_base;
        }
      }
    }
    return std::make_shared<Column>(t, n, std::move(values), std::move(validity), std::move(buffers));
  });
}

}  // namespace floe::compute
