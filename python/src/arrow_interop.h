// The Arrow PyCapsule interface: frames and series exported as Arrow C streams and arrays, and
// any object exposing `__arrow_c_stream__` / `__arrow_c_array__` imported, zero-copy where the
// layouts agree (numbers, temporal values, string views).
#pragma once

#include <pybind11/pybind11.h>

namespace floe::python {

/// Registers `frame_to_arrow_stream`, `column_to_arrow_array`, `frame_from_arrow_stream` and
/// `frame_from_arrow_array` on the extension module.
void bind_arrow(pybind11::module_& m);

}  // namespace floe::python
