// The native extension module behind the `floe` Python package.
#include <pybind11/pybind11.h>

namespace py = pybind11;

PYBIND11_MODULE(_floe, m) { m.doc() = "Floe's native engine"; }
