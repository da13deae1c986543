// Conversions between Python objects and Floe values, columns and frames.
#pragma once

#include <pybind11/pybind11.h>

#include <optional>

#include "core/data_frame.h"
#include "core/scalar.h"

namespace floe::python {

namespace py = pybind11;

/// A Python value as a Scalar. Python ints and floats come back as "dynamic" numbers
/// (int64 / float64) that adapt to the column they meet; `dynamic` reports which.
Scalar to_scalar(const py::handle& value, bool* dynamic = nullptr);

/// A Python list (or other iterable) as a column: dtype inferred as Polars does (ints -> i64,
/// ints with floats -> f64, str, bool, date, datetime[us], timedelta -> duration[us], time),
/// or converted to `dtype` when given.
ColumnPtr column_from_sequence(const py::handle& values, const std::optional<DataType>& dtype, bool strict = true);

/// One value of a column as a Python object (None for null).
py::object value_to_py(const Column& column, int64_t i);

/// Python lists, tuples and dicts as a List or Struct column (inferred as Polars infers a
/// Series: a list's item type from the first list holding a value, a struct's fields from the
/// first dict), or as `dtype` when it is nested. nullptr when neither applies.
ColumnPtr nested_from_sequence(const py::handle& values, const std::optional<DataType>& dtype, bool strict);

/// Row `i` of a List column as a Python list, of a Struct column as a dict.
py::object nested_to_py(const Column& column, int64_t i);

/// A whole column as a Python list.
py::list column_to_list(const Column& column);

}  // namespace floe::python
