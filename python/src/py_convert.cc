// Python <-> Floe value conversion.
#include "py_convert.h"

#include <datetime.h>

#include "compute/cast.h"
#include "core/civil_time.h"
#include "core/column_builder.h"
#include "core/decimal.h"
#include "core/error.h"

namespace floe::python {

namespace {

void ensure_datetime_api() {
  if (PyDateTimeAPI == nullptr) PyDateTime_IMPORT;
}

/// Python's decimal.Decimal class, looked up once and kept for the life of the process.
PyObject* decimal_class() {
  static PyObject* cls = py::object(py::module_::import("decimal").attr("Decimal")).release().ptr();
  return cls;
}

/// A decimal.Decimal as Polars infers it: Decimal(38, digits after the point), the unscaled
/// value exact.
Scalar decimal_scalar(const py::handle& v) {
  py::tuple parts = v.attr("as_tuple")();
  py::object exponent = parts[2];
  FLOE_USER_CHECK(py::isinstance<py::int_>(exponent), InvalidArgument, "cannot convert Decimal('{}') to a Floe value",
                  py::str(v).cast<std::string>());
  const int scale = std::max(0, -exponent.cast<int>());
  FLOE_USER_CHECK(scale <= decimal::kMaxPrecision, InvalidArgument,
                  "Decimal('{}') has {} digits after the point; at most 38 fit", py::str(v).cast<std::string>(), scale);
  const std::string text = py::str(v).cast<std::string>();
  auto unscaled = decimal::parse(text, decimal::kMaxPrecision, scale);
  FLOE_USER_CHECK(unscaled.has_value(), InvalidArgument, "Decimal('{}') does not fit 38 digits", text);
  return Scalar::decimal(*unscaled, decimal::kMaxPrecision, scale);
}

int64_t micros_of_datetime(PyObject* o) {
  int32_t days = civil::days_from_civil(PyDateTime_GET_YEAR(o), static_cast<uint32_t>(PyDateTime_GET_MONTH(o)),
                                        static_cast<uint32_t>(PyDateTime_GET_DAY(o)));
  int64_t secs = PyDateTime_DATE_GET_HOUR(o) * 3600 + PyDateTime_DATE_GET_MINUTE(o) * 60 + PyDateTime_DATE_GET_SECOND(o);
  int64_t us = static_cast<int64_t>(days) * 86400000000LL + secs * 1000000 + PyDateTime_DATE_GET_MICROSECOND(o);
  // Aware datetimes are stored in UTC.
  PyObject* tz = PyDateTime_DATE_GET_TZINFO(o);
  if (tz != Py_None) {
    py::object offset = py::reinterpret_borrow<py::object>(o).attr("utcoffset")();
    if (!offset.is_none()) {
      PyObject* td = offset.ptr();
      us -= (static_cast<int64_t>(PyDateTime_DELTA_GET_DAYS(td)) * 86400 + PyDateTime_DELTA_GET_SECONDS(td)) * 1000000 +
            PyDateTime_DELTA_GET_MICROSECONDS(td);
    }
  }
  return us;
}

}  // namespace

Scalar to_scalar(const py::handle& v, bool* dynamic) {
  ensure_datetime_api();
  if (dynamic) *dynamic = false;
  PyObject* o = v.ptr();
  if (o == Py_None) return Scalar();
  if (PyBool_Check(o)) return Scalar::boolean(o == Py_True);
  if (PyLong_Check(o)) {
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(o, &overflow);
    // Ints that fit an Int64 are "dynamic" (they adapt to the column they meet); larger ones are
    // plain UInt64 literals, as in Polars.
    if (dynamic) *dynamic = overflow == 0;
    if (overflow > 0) {
      unsigned long long u = PyLong_AsUnsignedLongLong(o);
      if (PyErr_Occurred()) {
        PyErr_Clear();
        throw InvalidArgument(fmt::format("integer {} is too large for a 64-bit integer", py::str(v).cast<std::string>()));
      }
      return Scalar(TypeId::kUInt64, static_cast<uint64_t>(u));
    }
    FLOE_USER_CHECK(overflow == 0, InvalidArgument, "integer {} is too small for a 64-bit integer", py::str(v).cast<std::string>());
    return Scalar::int64(x);
  }
  if (PyFloat_Check(o)) {
    if (dynamic) *dynamic = true;
    return Scalar::float64(PyFloat_AsDouble(o));
  }
  if (PyUnicode_Check(o)) return Scalar::string(v.cast<std::string>());
  if (PyBytes_Check(o)) return Scalar(TypeId::kBinary, std::string(PyBytes_AsString(o), static_cast<size_t>(PyBytes_Size(o))));
  if (PyDateTime_Check(o)) {
    PyObject* tz = PyDateTime_DATE_GET_TZINFO(o);
    std::string zone;
    if (tz != Py_None) {
      py::object key = py::reinterpret_borrow<py::object>(tz);
      zone = py::hasattr(key, "key") ? key.attr("key").cast<std::string>() : "UTC";
    }
    return Scalar(DataType::datetime(TimeUnit::kMicro, zone), micros_of_datetime(o));
  }
  if (PyDate_Check(o)) {
    return Scalar(TypeId::kDate, static_cast<int64_t>(civil::days_from_civil(
                                     PyDateTime_GET_YEAR(o), static_cast<uint32_t>(PyDateTime_GET_MONTH(o)),
                                     static_cast<uint32_t>(PyDateTime_GET_DAY(o)))));
  }
  if (PyDelta_Check(o)) {
    int64_t us = (static_cast<int64_t>(PyDateTime_DELTA_GET_DAYS(o)) * 86400 + PyDateTime_DELTA_GET_SECONDS(o)) * 1000000 +
                 PyDateTime_DELTA_GET_MICROSECONDS(o);
    return Scalar(DataType::duration(TimeUnit::kMicro), us);
  }
  if (PyTime_Check(o)) {
    int64_t ns = ((PyDateTime_TIME_GET_HOUR(o) * 3600LL + PyDateTime_TIME_GET_MINUTE(o) * 60LL +
                   PyDateTime_TIME_GET_SECOND(o)) * 1000000LL + PyDateTime_TIME_GET_MICROSECOND(o)) * 1000LL;
    return Scalar(TypeId::kTime, ns);
  }
  if (PyObject_IsInstance(o, decimal_class()) == 1) return decimal_scalar(v);
  // numpy scalars and other numbers.
  if (py::hasattr(v, "item") && !py::isinstance<py::sequence>(v)) return to_scalar(v.attr("item")(), dynamic);
  throw InvalidArgument(fmt::format("cannot convert Python value of type '{}' to a Floe value",
                                    py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>()));
}

namespace {

[[noreturn]] void raise_unexpected_value(const DataType& target, const Scalar& s, const py::handle& value) {
  // Polars quotes strings in the message: found value of type String: "x".
  std::string shown = py::str(value).cast<std::string>();
  if (s.type().id == TypeId::kString) shown = "\"" + shown + "\"";
  throw py::type_error(fmt::format(
      "unexpected value while building Series of type {}; found value of type {}: {}\n\n"
      "Hint: Try setting `strict=False` to allow passing data with mixed types.",
      target.to_polars_repr(), s.type().to_polars_repr(), shown));
}

/// Whether a value of type `from` may go into a column of type `to` under `strict=True`
/// (Polars: integers and booleans widen into numbers, nothing narrows or changes kind).
bool strict_compatible(const DataType& from, const DataType& to) {
  if (from == to || from.id == TypeId::kNull || to.id == TypeId::kNull) return true;
  if (to.id == TypeId::kDecimal) return from.id == TypeId::kDecimal || from.is_integer();
  if (to.is_integer()) return from.is_integer() || from.id == TypeId::kBoolean;
  if (to.is_float()) return from.is_numeric() || from.id == TypeId::kBoolean;
  if (to.id == TypeId::kDatetime) return from.id == TypeId::kDatetime || from.id == TypeId::kDate || from.is_integer();
  if (to.id == TypeId::kDate || to.id == TypeId::kDuration || to.id == TypeId::kTime) {
    return from.id == to.id || from.is_integer();
  }
  return false;
}

/// The type Polars infers for a list of values: with `strict`, the first non-null value's type,
/// which later values may only widen losslessly (ints into floats); otherwise the supertype of
/// all of them, strings winning over everything.
DataType infer_sequence_type(const std::vector<Scalar>& items, const py::handle& values, bool strict) {
  DataType t = TypeId::kNull;
  bool any_negative = false, any_unsigned = false;
  for (const auto& s : items) {
    if (s.is_null()) continue;
    const DataType& v = s.type();
    if (v.id == TypeId::kInt64 && s.as_int64() < 0) any_negative = true;
    if (v.id == TypeId::kUInt64) any_unsigned = true;
  }
  size_t i = 0;
  for (auto item : values) {
    const Scalar& s = items[i++];
    if (s.is_null()) continue;
    const DataType& v = s.type();
    if (t.id == TypeId::kNull) {
      t = v;
      continue;
    }
    if (t == v) continue;
    if (t.is_decimal() && v.is_decimal()) {  // Decimal(38, the largest scale), as Polars
      t = supertype(t, v);
      continue;
    }
    if (t.is_integer() && v.is_integer()) {
      // Python ints: Int64, or UInt64 once a value needs it (Polars' Int128 is not supported).
      t = any_unsigned && !any_negative ? DataType(TypeId::kUInt64) : supertype(t, v);
      continue;
    }
    if (strict) {
      if (!strict_compatible(v, t)) raise_unexpected_value(t, s, item);
      continue;
    }
    if (t.id == TypeId::kString || v.id == TypeId::kString) {
      t = TypeId::kString;
      continue;
    }
    try {
      t = supertype(t, v);
    } catch (const floe::Error&) {
      raise_unexpected_value(t, s, item);
    }
  }
  return t;
}

/// The column of the values converted to `t` (values of another kind are converted as a cast
/// would; with `t` a String, each value's text).
ColumnPtr build_column(const std::vector<Scalar>& items, const DataType& t) {
  const int64_t n = static_cast<int64_t>(items.size());
  if (t.id == TypeId::kNull) return Column::nulls(t, n);
  if (t.is_string_like()) {
    StringBuilder b(t, n);
    for (const auto& s : items) {
      if (s.is_null()) {
        b.append_null();
      } else if (s.type().is_string_like()) {
        b.append(s.as_string());
      } else {
        ColumnPtr text = compute::cast(s.to_column(1), TypeId::kString, false);
        text->is_null(0) ? b.append_null() : b.append(text->string_at(0));
      }
    }
    return b.finish();
  }
  if (t.id == TypeId::kDecimal) {
    FixedBuilder<__int128> b(t, n);
    for (int64_t i = 0; i < n; ++i) {
      const Scalar& s = items[static_cast<size_t>(i)];
      std::optional<__int128> v;
      if (s.is_null() || s.type().is_string_like()) {
      } else if (s.type().is_decimal()) {
        v = decimal::rescale(std::get<__int128>(s.value()), s.type().scale, t.scale);
        if (v && !decimal::fits(*v, t.precision)) v.reset();
      } else {
        ColumnPtr one = compute::cast(s.to_column(1), t, false);
        if (one->is_valid(0)) v = one->values<__int128>()[0];
      }
      b.data()[i] = v.value_or(0);
      if (!v) b.set_null(i);
    }
    return b.finish();
  }
  return visit_physical(t.id, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, StringView>) {
      return nullptr;
    } else {
      FixedBuilder<T> b(t, n);
      for (int64_t i = 0; i < n; ++i) {
        const Scalar& s = items[static_cast<size_t>(i)];
        if (s.is_null() || s.type().is_string_like()) {
          b.data()[i] = T{};
          b.set_null(i);
        } else if constexpr (std::is_floating_point_v<T>) {
          b.data()[i] = static_cast<T>(s.as_double());
        } else if (s.type().is_unsigned_integer()) {
          b.data()[i] = static_cast<T>(std::get<uint64_t>(s.value()));
        } else if (s.type().id == TypeId::kBoolean) {
          b.data()[i] = static_cast<T>(s.as_bool());
        } else if (s.type().is_float()) {
          b.data()[i] = static_cast<T>(s.as_double());
        } else {
          b.data()[i] = static_cast<T>(s.as_int64());
        }
      }
      return b.finish();
    }
  });
}

}  // namespace

ColumnPtr column_from_sequence(const py::handle& values, const std::optional<DataType>& dtype, bool strict) {
  if (ColumnPtr nested = nested_from_sequence(values, dtype, strict)) return nested;
  std::vector<Scalar> items;
  for (auto item : values) items.push_back(to_scalar(item));
  if (!dtype) {
    DataType t = infer_sequence_type(items, values, strict);
    if (t.is_string_like() || t.id == TypeId::kNull || t.is_numeric() || t.id == TypeId::kBoolean || t.is_decimal()) {
      return build_column(items, t);
    }
    // Temporal: build each value in its own type, then cast (dates widen into datetimes).
    std::vector<Scalar> same;
    for (const auto& s : items) same.push_back(s.is_null() || s.type() == t ? s : Scalar::from_column(*compute::cast(s.to_column(1), t, false), 0));
    return build_column(same, t);
  }
  const DataType& target = *dtype;
  if (strict) {
    size_t i = 0;
    for (auto item : values) {
      const Scalar& s = items[i++];
      if (!s.is_null() && !strict_compatible(s.type(), target)) raise_unexpected_value(target, s, item);
    }
  }
  // Each value in its own type first, then the cast: exact for every integer, and strict casts
  // report values that do not fit.
  DataType t = infer_sequence_type(items, values, false);
  ColumnPtr col = t.is_temporal() ? column_from_sequence(values, std::nullopt, false) : build_column(items, t);
  if (col->type() == target) return col;
  if (!strict || target.id == TypeId::kNull || target.is_float()) return compute::cast(col, target, false);
  ColumnPtr out = compute::cast(col, target, false);
  for (int64_t r = 0; r < out->length(); ++r) {
    if (out->is_null(r) && !col->is_null(r)) {
      size_t idx = 0;
      for (auto item : values) {
        if (idx++ == static_cast<size_t>(r)) raise_unexpected_value(target, items[static_cast<size_t>(r)], item);
      }
    }
  }
  return out;
}

namespace {

/// A new Python object from the C API, or the Python error it raised (e.g. ValueError "year 0 is
/// out of range" for a date Python cannot represent, as Polars reports it).
py::object checked(py::object o) {
  if (!o) throw py::error_already_set();
  return o;
}

}  // namespace

py::object value_to_py(const Column& c, int64_t i) {
  ensure_datetime_api();
  if (c.is_null(i)) return py::none();
  const DataType& t = c.type();
  switch (t.id) {
    case TypeId::kNull: return py::none();
    case TypeId::kBoolean: return py::bool_(c.values<uint8_t>()[i] != 0);
    case TypeId::kInt8: return py::int_(c.values<int8_t>()[i]);
    case TypeId::kInt16: return py::int_(c.values<int16_t>()[i]);
    case TypeId::kInt32: return py::int_(c.values<int32_t>()[i]);
    case TypeId::kInt64: return py::int_(c.values<int64_t>()[i]);
    case TypeId::kUInt8: return py::int_(c.values<uint8_t>()[i]);
    case TypeId::kUInt16: return py::int_(c.values<uint16_t>()[i]);
    case TypeId::kUInt32: return py::int_(c.values<uint32_t>()[i]);
    case TypeId::kUInt64: return py::int_(c.values<uint64_t>()[i]);
    case TypeId::kFloat32: return py::float_(c.values<float>()[i]);
    case TypeId::kFloat64: return py::float_(c.values<double>()[i]);
    case TypeId::kString: {
      auto s = c.string_at(i);
      return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
    }
    case TypeId::kBinary: {
      auto s = c.string_at(i);
      return py::bytes(s.data(), s.size());
    }
    case TypeId::kDate: {
      auto ymd = civil::civil_from_days(c.values<int32_t>()[i]);
      return checked(py::reinterpret_steal<py::object>(PyDate_FromDate(ymd.year, static_cast<int>(ymd.month), static_cast<int>(ymd.day))));
    }
    case TypeId::kDatetime: {
      int64_t tps = ticks_per_second(t.unit);
      int64_t v = c.values<int64_t>()[i];
      int64_t per_day = 86400 * tps;
      int32_t days = static_cast<int32_t>(civil::floor_div(v, per_day));
      int64_t rem = civil::floor_mod(v, per_day);
      int64_t secs = rem / tps;
      int64_t us = (rem % tps) * 1000000 / tps;
      auto ymd = civil::civil_from_days(days);
      py::object dt = checked(py::reinterpret_steal<py::object>(PyDateTime_FromDateAndTime(
          ymd.year, static_cast<int>(ymd.month), static_cast<int>(ymd.day), static_cast<int>(secs / 3600),
          static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60), static_cast<int>(us))));
      if (!t.tz.empty()) {
        py::object zoneinfo = py::module_::import("zoneinfo").attr("ZoneInfo");
        py::object utc = zoneinfo("UTC");
        dt = dt.attr("replace")(py::arg("tzinfo") = utc).attr("astimezone")(zoneinfo(t.tz));
      }
      return dt;
    }
    case TypeId::kDuration: {
      int64_t v = c.values<int64_t>()[i];
      int64_t us = t.unit == TimeUnit::kMilli ? v * 1000 : t.unit == TimeUnit::kMicro ? v : v / 1000;
      int64_t days = civil::floor_div(us, 86400000000LL);
      int64_t rem = civil::floor_mod(us, 86400000000LL);
      return checked(py::reinterpret_steal<py::object>(PyDelta_FromDSU(static_cast<int>(days), static_cast<int>(rem / 1000000),
                                                               static_cast<int>(rem % 1000000))));
    }
    case TypeId::kDecimal: {
      const std::string text = decimal::to_string(c.values<__int128>()[i], t.scale);
      return checked(py::reinterpret_steal<py::object>(PyObject_CallFunction(decimal_class(), "s", text.c_str())));
    }
    case TypeId::kList:
    case TypeId::kStruct: return nested_to_py(c, i);
    case TypeId::kTime: {
      int64_t ns = c.values<int64_t>()[i];
      int64_t secs = ns / 1000000000;
      return checked(py::reinterpret_steal<py::object>(PyTime_FromTime(static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                                                               static_cast<int>(secs % 60), static_cast<int>(ns % 1000000000 / 1000))));
    }
  }
  return py::none();
}

py::list column_to_list(const Column& c) {
  py::list out(static_cast<size_t>(c.length()));
  for (int64_t i = 0; i < c.length(); ++i) out[static_cast<size_t>(i)] = value_to_py(c, i);
  return out;
}

}  // namespace floe::python
