// The Arrow C data and stream interfaces (arrow.apache.org/docs/format/CDataInterface.html)
// wrapped in PyCapsules, both ways: the export half and the bindings (import: arrow_import.cc).
#include "arrow_interop.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "arrow_abi.h"
#include "compute/selection.h"
#include "core/bitmap.h"
#include "core/data_frame.h"
#include "core/error.h"

namespace floe::python {

namespace py = pybind11;

namespace {

constexpr int64_t kNullable = 2;

// ---------------------------------------------------------------------------------------------
// Export

const char* unit_char(TimeUnit u) { return u == TimeUnit::kMilli ? "m" : (u == TimeUnit::kMicro ? "u" : "n"); }

std::string arrow_format(const DataType& t) {
  switch (t.id) {
    case TypeId::kNull: return "n";
    case TypeId::kBoolean: return "b";
    case TypeId::kInt8: return "c";
    case TypeId::kInt16: return "s";
    case TypeId::kInt32: return "i";
    case TypeId::kInt64: return "l";
    case TypeId::kUInt8: return "C";
    case TypeId::kUInt16: return "S";
    case TypeId::kUInt32: return "I";
    case TypeId::kUInt64: return "L";
    case TypeId::kFloat32: return "f";
    case TypeId::kFloat64: return "g";
    case TypeId::kString: return "vu";
    case TypeId::kBinary: return "vz";
    case TypeId::kDate: return "tdD";
    case TypeId::kTime: return "ttn";
    case TypeId::kDatetime: return std::string("ts") + unit_char(t.unit) + ":" + t.tz;
    case TypeId::kDuration: return std::string("tD") + unit_char(t.unit);
    case TypeId::kDecimal: return fmt::format("d:{},{}", t.precision, t.scale);  // decimal128
    case TypeId::kList: return "+L";  // large_list: Floe's offsets are int64
    case TypeId::kStruct: return "+s";
  }
  throw InvalidOperation(fmt::format("cannot export a column of type {} to Arrow", t.to_string()));
}

struct SchemaData {
  std::string format, name;
  std::vector<ArrowSchema*> children;
};

void release_schema(ArrowSchema* s) {
  auto* d = static_cast<SchemaData*>(s->private_data);
  for (ArrowSchema* c : d->children) {
    if (c->release) c->release(c);
    delete c;
  }
  delete d;
  s->release = nullptr;
}

void fill_schema(ArrowSchema* out, std::string format, std::string name, std::vector<ArrowSchema*> children, int64_t flags) {
  auto* d = new SchemaData{std::move(format), std::move(name), std::move(children)};
  *out = ArrowSchema{d->format.c_str(), d->name.c_str(), nullptr, flags, static_cast<int64_t>(d->children.size()),
                     d->children.empty() ? nullptr : d->children.data(), nullptr, &release_schema, d};
}

/// The schema of one field, with a child schema per list item or struct field.
void export_field(const Field& f, ArrowSchema* out) {
  std::vector<ArrowSchema*> children;
  if (f.type.is_nested()) {
    for (const auto& child : *f.type.children) {
      auto* c = new ArrowSchema;
      export_field(child, c);
      children.push_back(c);
    }
  }
  fill_schema(out, arrow_format(f.type), f.name, std::move(children), kNullable);
}

void export_schema(const Schema& schema, ArrowSchema* out) {
  std::vector<ArrowSchema*> children;
  for (const auto& f : schema) {
    auto* c = new ArrowSchema;
    export_field(f, c);
    children.push_back(c);
  }
  fill_schema(out, "+s", "", std::move(children), 0);
}

struct ArrayData {
  std::vector<BufferPtr> keep;  // the memory the buffers point into
  std::vector<const void*> buffers;
  std::vector<ArrowArray*> children;
  std::vector<int64_t> variadic_sizes;
};

void release_array(ArrowArray* a) {
  auto* d = static_cast<ArrayData*>(a->private_data);
  for (ArrowArray* c : d->children) {
    if (c->release) c->release(c);
    delete c;
  }
  delete d;
  a->release = nullptr;
}

void export_column(const Column& c, ArrowArray* out) {
  auto* d = new ArrayData;
  const int64_t n = c.length();
  int64_t null_count = c.null_count();
  auto validity = [&]() -> const void* {
    if (!c.validity_buffer() || c.null_count() == 0) return nullptr;
    d->keep.push_back(c.validity_buffer());
    return c.validity();
  };
  switch (c.type().id) {
    case TypeId::kNull: null_count = n; break;
    case TypeId::kBoolean: {
      auto bits = Buffer::zeroed(bitmap::bytes_for(n));
      bitmap::pack_bytes(c.values<uint8_t>(), bits->data(), n);
      d->buffers = {validity(), bits->data()};
      d->keep.push_back(bits);
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      d->buffers = {validity(), c.values<StringView>()};
      d->keep.push_back(c.values_buffer());
      for (const auto& b : c.data_buffers()) {
        d->buffers.push_back(b->data());
        d->keep.push_back(b);
        d->variadic_sizes.push_back(static_cast<int64_t>(b->size()));
      }
      d->buffers.push_back(d->variadic_sizes.data());
      break;
    }
    case TypeId::kList:
    case TypeId::kStruct: {
      // A list's offsets may start above 0 (a slice); Arrow allows that, so the items go out
      // whole. A struct has only its validity buffer.
      d->buffers = {validity()};
      if (c.type().id == TypeId::kList) {
        d->buffers.push_back(c.list_offsets());
        d->keep.push_back(c.values_buffer());
      }
      for (const auto& child : c.children()) {
        auto* a = new ArrowArray;
        export_column(*child, a);
        d->children.push_back(a);
      }
      break;
    }
    default:
      d->buffers = {validity(), c.values_buffer() ? c.values_buffer()->data() : nullptr};
      if (c.values_buffer()) d->keep.push_back(c.values_buffer());
  }
  *out = ArrowArray{n, null_count, 0, static_cast<int64_t>(d->buffers.size()), static_cast<int64_t>(d->children.size()),
                    d->buffers.empty() ? nullptr : d->buffers.data(), d->children.empty() ? nullptr : d->children.data(),
                    nullptr, &release_array, d};
}

void export_chunk(const Chunk& chunk, ArrowArray* out) {
  auto* d = new ArrayData;
  for (const auto& col : chunk.columns()) {
    auto* a = new ArrowArray;
    export_column(*col, a);
    d->children.push_back(a);
  }
  d->buffers = {nullptr};
  *out = ArrowArray{chunk.num_rows(), 0, 0, 1, static_cast<int64_t>(d->children.size()), d->buffers.data(),
                    d->children.empty() ? nullptr : d->children.data(), nullptr, &release_array, d};
}

/// A stream over a frame's chunks: struct arrays (`as_struct`), or the single column's arrays.
struct StreamData {
  DataFrame frame;
  bool as_struct;
  size_t next = 0;
  std::string error;
};

int stream_schema(ArrowArrayStream* s, ArrowSchema* out) {
  auto* d = static_cast<StreamData*>(s->private_data);
  if (d->as_struct) {
    export_schema(d->frame.schema(), out);
  } else {
    export_field(d->frame.schema()[0], out);
  }
  return 0;
}

int stream_next(ArrowArrayStream* s, ArrowArray* out) {
  auto* d = static_cast<StreamData*>(s->private_data);
  const auto& chunks = d->frame.chunks();
  while (d->next < chunks.size() && chunks[d->next].num_rows() == 0 && chunks.size() > 1) ++d->next;
  if (d->next >= chunks.size()) {
    out->release = nullptr;  // end of stream
    return 0;
  }
  Chunk c = chunks[d->next++];
  if (c.selection()) c = compute::materialize(c);
  if (d->as_struct) {
    export_chunk(c, out);
  } else {
    export_column(*c.column(0), out);
  }
  return 0;
}

const char* stream_error(ArrowArrayStream* s) {
  auto* d = static_cast<StreamData*>(s->private_data);
  return d->error.empty() ? nullptr : d->error.c_str();
}

void stream_release(ArrowArrayStream* s) {
  delete static_cast<StreamData*>(s->private_data);
  s->release = nullptr;
}

py::capsule stream_capsule(const DataFrame& frame, bool as_struct) {
  for (const auto& f : frame.schema()) arrow_format(f.type);  // unsupported types fail here, not mid-stream
  auto* stream = new ArrowArrayStream{&stream_schema, &stream_next, &stream_error, &stream_release,
                                      new StreamData{frame, as_struct, 0, {}}};
  return py::capsule(stream, "arrow_array_stream", [](PyObject* cap) {
    auto* s = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(cap, "arrow_array_stream"));
    if (s == nullptr) {
      PyErr_Clear();
      return;
    }
    if (s->release) s->release(s);
    delete s;
  });
}

}  // namespace

void bind_arrow(py::module_& m) {
  m.def("frame_to_arrow_stream", [](const DataFrame& df) { return stream_capsule(df, true); });
  m.def("column_to_arrow_stream", [](const DataFrame& df) { return stream_capsule(df, false); });
  m.def("frame_arrow_schema", [](const DataFrame& df) {
    auto* s = new ArrowSchema;
    export_schema(df.schema(), s);
    return py::capsule(s, "arrow_schema", [](PyObject* cap) {
      auto* p = static_cast<ArrowSchema*>(PyCapsule_GetPointer(cap, "arrow_schema"));
      if (p == nullptr) {
        PyErr_Clear();
        return;
      }
      if (p->release) p->release(p);
      delete p;
    });
  });
  m.def("arrow_schema_is_struct", [](py::capsule capsule) {
    auto* s = static_cast<ArrowSchema*>(PyCapsule_GetPointer(capsule.ptr(), "arrow_schema"));
    if (s == nullptr) throw py::error_already_set();
    return std::string(s->format) == "+s";
  });
  m.def("frame_from_arrow_stream", &frame_from_stream);
  m.def("frame_from_arrow_array", &frame_from_array);
}

}  // namespace floe::python
