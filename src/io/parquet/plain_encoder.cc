// PLAIN encoding: valid values gathered branch-free into the page, narrow ints widened to INT32.
#include "io/parquet/plain_encoder.h"

#include <cstring>
#include <memory>
#include <type_traits>

#include "core/bitmap.h"
#include "io/parquet/writer_schema.h"

namespace floe::io::parquet {

namespace {

/// Room for `bytes` more bytes at the end of `out`; returns where they start.
uint8_t* grow(std::string* out, size_t bytes) {
  const size_t start = out->size();
  out->resize(start + bytes);
  return reinterpret_cast<uint8_t*>(out->data() + start);
}

/// Appends rows [begin, end) of `values` that `validity` marks valid, converted to `Out`.
template <typename Out, typename In>
void append_fixed(const In* values, const uint8_t* validity, int64_t begin, int64_t end, std::string* out) {
  const int64_t n = end - begin;
  const size_t start = out->size();
  auto* dst = reinterpret_cast<Out*>(grow(out, sizeof(Out) * static_cast<size_t>(n)));
  const In* src = values + begin;
  if (validity == nullptr) {
    if constexpr (sizeof(Out) == sizeof(In)) {
      std::memcpy(dst, src, sizeof(Out) * static_cast<size_t>(n));
    } else {
      for (int64_t i = 0; i < n; ++i) dst[i] = static_cast<Out>(src[i]);
    }
    return;
  }
  // Write every value and advance only past valid ones: no branch per row.
  int64_t k = 0;
  for (int64_t i = 0; i < n; ++i) {
    dst[k] = static_cast<Out>(src[i]);
    k += bitmap::get(validity, begin + i);
  }
  out->resize(start + sizeof(Out) * static_cast<size_t>(k));
}

void append_booleans(const uint8_t* values, const uint8_t* validity, int64_t begin, int64_t end, std::string* out) {
  const int64_t n = end - begin;
  const uint8_t* src = values + begin;
  std::unique_ptr<uint8_t[]> gathered;
  int64_t k = n;
  if (validity != nullptr) {
    gathered = std::make_unique_for_overwrite<uint8_t[]>(static_cast<size_t>(n));
    k = 0;
    for (int64_t i = 0; i < n; ++i) {
      gathered[static_cast<size_t>(k)] = src[i];
      k += bitmap::get(validity, begin + i);
    }
    src = gathered.get();
  }
  bitmap::pack_bytes(src, grow(out, static_cast<size_t>((k + 7) / 8)), k);
}

void append_byte_arrays(const Column& column, int64_t begin, int64_t end, std::string* out) {
  const StringView* views = column.values<StringView>();
  const uint8_t* validity = column.validity();
  const auto& buffers = column.data_buffers();
  size_t bytes = 0;
  for (int64_t i = begin; i < end; ++i) {
    if (validity == nullptr || bitmap::get(validity, i)) bytes += 4 + views[i].size;
  }
  uint8_t* dst = grow(out, bytes);
  for (int64_t i = begin; i < end; ++i) {
    if (validity != nullptr && !bitmap::get(validity, i)) continue;
    const StringView& v = views[i];
    std::memcpy(dst, &v.size, 4);
    const char* data = v.is_inline()
                           ? v.inlined
                           : reinterpret_cast<const char*>(buffers[v.ref.buffer_index]->data()) + v.ref.offset;
    std::memcpy(dst + 4, data, v.size);
    dst += 4 + v.size;
  }
}

}  // namespace

void append_decimals_big_endian(const __int128* values, const uint8_t* validity, int64_t begin, int64_t end,
                                std::string* out) {
  int64_t valid = 0;
  for (int64_t i = begin; i < end; ++i) valid += validity == nullptr || bitmap::get(validity, i);
  uint8_t* dst = grow(out, static_cast<size_t>(valid) * kDecimalFixedWidth);
  for (int64_t i = begin; i < end; ++i) {
    if (validity != nullptr && !bitmap::get(validity, i)) continue;
    auto v = static_cast<unsigned __int128>(values[i]);
    for (int b = kDecimalFixedWidth - 1; b >= 0; --b) {
      dst[b] = static_cast<uint8_t>(v);
      v >>= 8;
    }
    dst += kDecimalFixedWidth;
  }
}

int plain_width(TypeId type) {
  switch (type) {
    case TypeId::kNull:
    case TypeId::kBoolean:
    case TypeId::kString:
    case TypeId::kBinary: return 0;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kDatetime:
    case TypeId::kDuration:
    case TypeId::kTime: return 8;
    case TypeId::kDecimal: return kDecimalFixedWidth;  // at most
    default: return 4;
  }
}

void encode_plain(const Column& column, int64_t begin, int64_t end, std::string* out) {
  const TypeId id = column.type().id;
  const uint8_t* validity = column.validity();
  switch (id) {
    case TypeId::kNull: return;
    case TypeId::kBoolean: return append_booleans(column.values<uint8_t>(), validity, begin, end, out);
    case TypeId::kInt8: return append_fixed<int32_t>(column.values<int8_t>(), validity, begin, end, out);
    case TypeId::kInt16: return append_fixed<int32_t>(column.values<int16_t>(), validity, begin, end, out);
    case TypeId::kUInt8: return append_fixed<int32_t>(column.values<uint8_t>(), validity, begin, end, out);
    case TypeId::kUInt16: return append_fixed<int32_t>(column.values<uint16_t>(), validity, begin, end, out);
    case TypeId::kString:
    case TypeId::kBinary: return append_byte_arrays(column, begin, end, out);
    case TypeId::kDecimal:
      if (column.type().precision <= kMaxInt64DecimalPrecision) {
        return append_fixed<int64_t>(column.values<__int128>(), validity, begin, end, out);
      }
      return append_decimals_big_endian(column.values<__int128>(), validity, begin, end, out);
    default:
      visit_physical(id, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_same_v<T, StringView>) append_fixed<T>(column.values<T>(), validity, begin, end, out);
      });
  }
}

template <typename T>
void encode_plain_values(TypeId type, const T* values, int64_t n, std::string* out) {
  if (type == TypeId::kBoolean) {
    if constexpr (std::is_same_v<T, uint8_t>) bitmap::pack_bytes(values, grow(out, static_cast<size_t>((n + 7) / 8)), n);
    return;
  }
  if constexpr (sizeof(T) < 4) {
    append_fixed<int32_t>(values, nullptr, 0, n, out);
  } else {
    append_fixed<T>(values, nullptr, 0, n, out);
  }
}

template void encode_plain_values(TypeId, const int8_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const int16_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const int32_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const int64_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const uint8_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const uint16_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const uint32_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const uint64_t*, int64_t, std::string*);
template void encode_plain_values(TypeId, const float*, int64_t, std::string*);
template void encode_plain_values(TypeId, const double*, int64_t, std::string*);

}  // namespace floe::io::parquet
