// One converter object per column chunk; null slots are skipped, since a string view there may
// point nowhere.
#include "io/parquet/value_conversion.h"

#include <cmath>
#include <cstring>

#include "core/bitmap.h"
#include "core/error.h"

namespace floe::io::parquet {

namespace {

struct Bytes12 {
  uint8_t b[12];
};

class Converter {
 public:
  Converter(const ColumnDescriptor& column, int64_t n, BufferPtr values, BufferPtr validity,
            std::vector<BufferPtr> buffers)
      : column_(column), num_rows_(n), values_(std::move(values)), validity_(std::move(validity)),
        buffers_(std::move(buffers)) {}

  /// Throws when a decoded string view points outside the decoded buffers (a corrupt page).
  void check_views() const {
    const auto* views = values_->as<StringView>();
    const uint8_t* valid = validity_ ? validity_->data() : nullptr;
    for (int64_t i = 0; i < num_rows_; ++i) {
      const StringView& v = views[i];
      if (v.is_inline() || (valid && !bitmap::get(valid, i))) continue;
      FLOE_USER_CHECK(v.ref.buffer_index < buffers_.size() &&
                          uint64_t{v.ref.offset} + v.size <= buffers_[v.ref.buffer_index]->size(),
                      ComputeError, "corrupt Parquet column '{}': value {} lies outside its page", column_.name, i);
    }
  }

  /// The decoded physical values as a column of the Floe type.
  ColumnPtr convert() {
    if (is_byte_array()) check_views();
    const DataType& type = column_.type;
    const int64_t n = num_rows_;
    switch (column_.conversion) {
      case Conversion::kNone:
        if (is_byte_array()) return std::make_shared<Column>(type, n, values_, validity_, std::move(buffers_));
        return std::make_shared<Column>(type, n, values_, validity_);
      case Conversion::kNarrowInt:
        return visit_numeric(type.id, [&](auto tag) {
          using T = decltype(tag);
          return map_values<int32_t, T>([](int32_t v) { return static_cast<T>(v); });
        });
      case Conversion::kTimeMillis:
        return map_values<int32_t, int64_t>([](int32_t v) { return int64_t{v} * 1000000; });
      case Conversion::kTimeMicros:
        return map_values<int64_t, int64_t>([](int64_t v) { return static_cast<int64_t>(static_cast<uint64_t>(v) * 1000); });
      case Conversion::kInt96:
        return map_values<Bytes12, int64_t>([](const Bytes12& v) {
          int64_t nanos;
          int32_t julian_day;
          std::memcpy(&nanos, v.b, 8);
          std::memcpy(&julian_day, v.b + 8, 4);
          constexpr int64_t kUnixEpochJulianDay = 2440588;
          constexpr int64_t kNanosPerDay = 86400LL * 1000000000LL;
          return static_cast<int64_t>(static_cast<uint64_t>(julian_day - kUnixEpochJulianDay) * kNanosPerDay +
                                      static_cast<uint64_t>(nanos));
        });
      case Conversion::kFloat16:
        return map_values<StringView, float>([](const StringView& v) {
          uint16_t h;
          std::memcpy(&h, v.inlined, 2);
          return half_to_float(h);
        });
      case Conversion::kDecimal: return convert_decimal();
      case Conversion::kNull: break;
    }
    return Column::nulls(TypeId::kNull, n);
  }

  template <typename From, typename To, typename Fn>
  ColumnPtr map_values(Fn&& fn) {
    BufferPtr out = Buffer::allocate(static_cast<size_t>(num_rows_) * sizeof(To));
    const From* in = values_->as<From>();
    To* o = out->as<To>();
    if (validity_) {
      // Null slots hold no value (a string view there may point nowhere): skip them.
      const uint8_t* valid = validity_->data();
      for (int64_t i = 0; i < num_rows_; ++i) o[i] = bitmap::get(valid, i) ? fn(in[i]) : To{};
    } else {
      for (int64_t i = 0; i < num_rows_; ++i) o[i] = fn(in[i]);
    }
    return std::make_shared<Column>(column_.type, num_rows_, std::move(out), validity_);
  }

  ColumnPtr convert_decimal() {
    if (column_.type.id == TypeId::kDecimal) return convert_decimal128();
    const double divisor = std::pow(10.0, column_.scale);
    switch (column_.physical) {
      case PhysicalType::kInt32:
        return map_values<int32_t, double>([&](int32_t v) { return v / divisor; });
      case PhysicalType::kInt64:
        return map_values<int64_t, double>([&](int64_t v) { return static_cast<double>(v) / divisor; });
      default: break;
    }
    const auto& buffers = buffers_;
    return map_values<StringView, double>([&](const StringView& v) {
      FLOE_USER_CHECK(v.is_inline() || (v.ref.buffer_index < buffers.size() &&
                                        uint64_t{v.ref.offset} + v.size <= buffers[v.ref.buffer_index]->size()),
                      ComputeError, "corrupt Parquet column '{}': a decimal lies outside its page", column_.name);
      const auto bytes = Column::view_string(v, buffers);
      const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
      if (bytes.empty()) return 0.0;
      // Big-endian two's complement; wider than 16 bytes accumulates in floating point.
      if (bytes.size() <= 16) {
        __int128 x = (p[0] & 0x80) ? -1 : 0;
        for (size_t i = 0; i < bytes.size(); ++i) x = (x << 8) | p[i];
        return static_cast<double>(x) / divisor;
      }
      double x = 0;
      for (size_t i = 0; i < bytes.size(); ++i) x = x * 256.0 + p[i];
      if (p[0] & 0x80) x -= std::pow(256.0, static_cast<double>(bytes.size()));
      return x / divisor;
    });
  }

  /// Unscaled values of any physical type into 16-byte decimals.
  ColumnPtr convert_decimal128() {
    using int128 = __int128;
    switch (column_.physical) {
      case PhysicalType::kInt32: return map_values<int32_t, int128>([](int32_t v) { return int128{v}; });
      case PhysicalType::kInt64: return map_values<int64_t, int128>([](int64_t v) { return int128{v}; });
      default: break;
    }
    const auto& buffers = buffers_;
    bool too_wide = false;
    auto out = map_values<StringView, int128>([&](const StringView& v) {
      FLOE_USER_CHECK(v.is_inline() || (v.ref.buffer_index < buffers.size() &&
                                        uint64_t{v.ref.offset} + v.size <= buffers[v.ref.buffer_index]->size()),
                      ComputeError, "corrupt Parquet column '{}': a decimal lies outside its page", column_.name);
      const auto bytes = Column::view_string(v, buffers);
      const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
      if (bytes.empty()) return int128{0};
      // Big-endian two's complement; bytes past 16 may only repeat the sign.
      size_t skip = bytes.size() > 16 ? bytes.size() - 16 : 0;
      const uint8_t sign = (p[0] & 0x80) ? 0xff : 0;
      for (size_t i = 0; i < skip; ++i) too_wide |= p[i] != sign;
      int128 x = (p[skip] & 0x80) ? -1 : 0;
      too_wide |= skip > 0 && ((p[skip] & 0x80) ? 0xff : 0) != sign;
      for (size_t i = skip; i < bytes.size(); ++i) x = (x << 8) | p[i];
      return x;
    });
    FLOE_USER_CHECK(!too_wide, ComputeError, "corrupt Parquet column '{}': a decimal does not fit 128 bits",
                    column_.name);
    return out;
  }


 private:
  bool is_byte_array() const {
    return column_.physical == PhysicalType::kByteArray || column_.physical == PhysicalType::kFixedLenByteArray;
  }

  const ColumnDescriptor& column_;
  const int64_t num_rows_;
  BufferPtr values_;
  BufferPtr validity_;
  std::vector<BufferPtr> buffers_;
};

}  // namespace

ColumnPtr convert_values(const ColumnDescriptor& column, int64_t n, BufferPtr values, BufferPtr validity,
                         std::vector<BufferPtr> buffers) {
  return Converter(column, n, std::move(values), std::move(validity), std::move(buffers)).convert();
}

}  // namespace floe::io::parquet
