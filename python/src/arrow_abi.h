// The Arrow C data interface's ABI structs (arrow.apache.org/docs/format/CDataInterface.html),
// shared by the export and import halves of the PyCapsule interface.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>

#include "core/data_frame.h"

namespace floe::python {

// The ABI structs as the specification defines them (they are meant to be declared by each
// implementation; the layout is the contract).
extern "C" {
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  ArrowSchema** children;
  ArrowSchema* dictionary;
  void (*release)(ArrowSchema*);
  void* private_data;
};
struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  ArrowArray** children;
  ArrowArray* dictionary;
  void (*release)(ArrowArray*);
  void* private_data;
};
struct ArrowArrayStream {
  int (*get_schema)(ArrowArrayStream*, ArrowSchema* out);
  int (*get_next)(ArrowArrayStream*, ArrowArray* out);
  const char* (*get_last_error)(ArrowArrayStream*);
  void (*release)(ArrowArrayStream*);
  void* private_data;
};
}

/// A frame from an `arrow_array_stream` capsule (each batch a chunk).
DataFrame frame_from_stream(pybind11::capsule capsule);
/// A frame from `arrow_schema` and `arrow_array` capsules of one record batch or array.
DataFrame frame_from_array(pybind11::capsule schema_capsule, pybind11::capsule array_capsule);

}  // namespace floe::python
