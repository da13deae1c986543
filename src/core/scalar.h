// Scalar: a single typed value (literals, aggregate results, printing).
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "core/column.h"
#include "core/data_type.h"

namespace floe {

/// One value of a DataType, or null. Integers are held as int64 or uint64, floats as double,
/// temporal values as their physical integer, strings and binary as bytes, decimals as their
/// unscaled __int128 (the scale is the type's).
class Scalar {
 public:
  using Value = std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string, __int128>;

  Scalar() = default;  // null of type Null
  Scalar(DataType type, Value v) : type_(std::move(type)), value_(std::move(v)) {}

  static Scalar null(DataType type) { return Scalar(std::move(type), std::monostate{}); }
  static Scalar boolean(bool v) { return Scalar(TypeId::kBoolean, v); }
  static Scalar int64(int64_t v) { return Scalar(TypeId::kInt64, v); }
  static Scalar float64(double v) { return Scalar(TypeId::kFloat64, v); }
  static Scalar string(std::string v) { return Scalar(TypeId::kString, std::move(v)); }
  static Scalar decimal(__int128 unscaled, int precision, int scale) {
    return Scalar(DataType::decimal(precision, scale), unscaled);
  }

  const DataType& type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  const Value& value() const { return value_; }

  /// The value as a number (booleans as 0/1, decimals scaled, as_int64 truncating them);
  /// throws for null or strings.
  double as_double() const;
  int64_t as_int64() const;
  bool as_bool() const { return std::get<bool>(value_); }
  const std::string& as_string() const { return std::get<std::string>(value_); }

  /// A column of `length` copies of this value.
  ColumnPtr to_column(int64_t length = 1) const;
  /// Value `i` of `column`.
  static Scalar from_column(const Column& column, int64_t i);

  bool operator==(const Scalar& o) const { return type_ == o.type_ && value_ == o.value_; }

 private:
  DataType type_;
  Value value_;
};

}  // namespace floe
