// Scalar conversions to and from columns.
#include "core/scalar.h"

#include "core/column_builder.h"
#include "core/decimal.h"
#include "core/error.h"

namespace floe {

double Scalar::as_double() const {
  return std::visit(
      [&](const auto& v) -> double {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate> || std::is_same_v<V, std::string>) {
          throw InvalidOperation(fmt::format("expected a number, got a {} value", type_.to_string()));
        } else if constexpr (std::is_same_v<V, __int128>) {
          return decimal::to_double(v, type_.scale);
        } else {
          return static_cast<double>(v);
        }
      },
      value_);
}

int64_t Scalar::as_int64() const {
  return std::visit(
      [&](const auto& v) -> int64_t {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate> || std::is_same_v<V, std::string>) {
          throw InvalidOperation(fmt::format("expected an integer, got a {} value", type_.to_string()));
        } else if constexpr (std::is_same_v<V, __int128>) {
          return static_cast<int64_t>(v / decimal::pow10(type_.scale));
        } else {
          return static_cast<int64_t>(v);
        }
      },
      value_);
}

ColumnPtr Scalar::to_column(int64_t length) const {
  if (is_null() || type_.id == TypeId::kNull) return Column::nulls(type_, length);
  if (type_.is_string_like()) {
    StringBuilder b(type_, length);
    const std::string& s = as_string();
    for (int64_t i = 0; i < length; ++i) b.append(s);
    return b.finish();
  }
  return visit_physical(type_.id, [&](auto t) -> ColumnPtr {
    using T = decltype(t);
    if constexpr (std::is_same_v<T, StringView>) {
      return nullptr;
    } else {
      T v{};
      std::visit(
          [&](const auto& x) {
            using V = std::decay_t<decltype(x)>;
            if constexpr (!std::is_same_v<V, std::monostate> && !std::is_same_v<V, std::string>) {
              // A decimal's type always matches its value (from_column, literals, casts).
              if constexpr (std::is_same_v<V, __int128> && !std::is_same_v<T, __int128>) {
                v = static_cast<T>(decimal::to_double(x, type_.scale));
              } else {
                v = static_cast<T>(x);
              }
            }
          },
          value_);
      FixedBuilder<T> b(type_, length);
      T* out = b.data();
      for (int64_t i = 0; i < length; ++i) out[i] = v;
      return b.finish();
    }
  });
}

Scalar Scalar::from_column(const Column& column, int64_t i) {
  const DataType& t = column.type();
  if (column.is_null(i) || t.id == TypeId::kNull) return Scalar::null(t);
  if (t.is_string_like()) return Scalar(t, std::string(column.string_at(i)));
  if (t.id == TypeId::kBoolean) return Scalar(t, column.values<uint8_t>()[i] != 0);
  return visit_physical(t.id, [&](auto x) -> Scalar {
    using T = decltype(x);
    if constexpr (std::is_same_v<T, StringView>) {
      return Scalar();
    } else if constexpr (std::is_same_v<T, __int128>) {
      return Scalar(t, column.values<T>()[i]);
    } else if constexpr (std::is_floating_point_v<T>) {
      return Scalar(t, static_cast<double>(column.values<T>()[i]));
    } else if constexpr (std::is_unsigned_v<T>) {
      return Scalar(t, static_cast<uint64_t>(column.values<T>()[i]));
    } else {
      return Scalar(t, static_cast<int64_t>(column.values<T>()[i]));
    }
  });
}

}  // namespace floe
