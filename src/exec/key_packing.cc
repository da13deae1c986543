// Packing integer key tuples into one integer for the join's hash table.
#include "exec/key_packing.h"

#include <bit>
#include <cstring>
#include <limits>

#include "core/bitmap.h"

namespace floe {

bool fits_int64(const DataType& t) {
  if (t.id == TypeId::kUInt64) return false;  // values above INT64_MAX have no int64 difference
  return t.is_integer() || t.id == TypeId::kDate || t.id == TypeId::kDatetime || t.id == TypeId::kDuration ||
         t.id == TypeId::kTime;
}

std::optional<KeyPacking> KeyPacking::plan(const std::vector<ColumnPtr>& keys, int64_t rows) {
  if (keys.size() < 2 || rows == 0) return std::nullopt;
  for (const auto& k : keys) {
    if (!fits_int64(k->type())) return std::nullopt;
  }
  KeyPacking p;
  std::vector<int> bits;
  int total = 0;
  for (const auto& k : keys) {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    visit_int_values(*k, [&](const auto* v) {
      if (!k->has_nulls()) {
        for (int64_t i = 0; i < rows; ++i) {
          const auto x = static_cast<int64_t>(v[i]);
          lo = x < lo ? x : lo;
          hi = x > hi ? x : hi;
        }
      } else {
        for (int64_t i = 0; i < rows; ++i) {
          if (!k->is_valid(i)) continue;
          const auto x = static_cast<int64_t>(v[i]);
          lo = x < lo ? x : lo;
          hi = x > hi ? x : hi;
        }
      }
    });
    if (lo > hi) lo = hi = 0;  // every value null
    const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    bits.push_back(64 - std::countl_zero(range));
    total += bits.back();
    if (total > 63) return std::nullopt;
    p.min_.push_back(lo);
    p.max_.push_back(hi);
  }
  p.shift_.assign(keys.size(), 0);
  for (size_t i = keys.size() - 1; i-- > 0;) p.shift_[i] = p.shift_[i + 1] + bits[i + 1];
  return p;
}

ColumnPtr KeyPacking::pack(const std::vector<ColumnPtr>& keys, int64_t rows) const {
  const size_t n = static_cast<size_t>(rows);
  auto values = Buffer::allocate(n * sizeof(int64_t));
  auto* out = reinterpret_cast<uint64_t*>(values->data());
  std::memset(out, 0, n * sizeof(int64_t));
  std::vector<uint8_t> ok(n, 1);
  for (size_t k = 0; k < keys.size(); ++k) {
    const uint64_t lo = static_cast<uint64_t>(min_[k]);
    const uint64_t width = static_cast<uint64_t>(max_[k]) - lo;
    const int shift = shift_[k];
    visit_int_values(*keys[k], [&](const auto* v) {
      for (size_t i = 0; i < n; ++i) {
        const uint64_t d = static_cast<uint64_t>(static_cast<int64_t>(v[i])) - lo;  // wraps below the minimum
        ok[i] &= d <= width;
        out[i] |= d << shift;  // rows outside the range get a value, but no match
      }
    });
    if (keys[k]->has_nulls()) {
      for (size_t i = 0; i < n; ++i) ok[i] &= keys[k]->is_valid(static_cast<int64_t>(i));
    }
  }
  BufferPtr validity;
  for (size_t i = 0; i < n; ++i) {
    if (ok[i]) continue;
    if (!validity) {
      validity = Buffer::allocate(bitmap::bytes_for(rows));
      std::memset(validity->data(), 0xff, bitmap::bytes_for(rows));
    }
    bitmap::clear(validity->data(), static_cast<int64_t>(i));
  }
  return std::make_shared<Column>(DataType(TypeId::kInt64), rows, values, validity);
}

}  // namespace floe
