// The Arrow C data and stream interfaces (arrow.apache.org/docs/format/CDataInterface.html)
// wrapped in PyCapsules, both ways.
#include "arrow_interop.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "compute/selection.h"
#include "core/bitmap.h"
#include "core/column_builder.h"
#include "core/data_frame.h"
#include "core/error.h"

namespace floe::python {

namespace py = pybind11;

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

void export_schema(const Schema& schema, ArrowSchema* out) {
  std::vector<ArrowSchema*> children;
  for (const auto& f : schema) {
    auto* c = new ArrowSchema;
    fill_schema(c, arrow_format(f.type), f.name, {}, kNullable);
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
    default:
      d->buffers = {validity(), c.values_buffer() ? c.values_buffer()->data() : nullptr};
      if (c.values_buffer()) d->keep.push_back(c.values_buffer());
  }
  *out = ArrowArray{n, null_count, 0, static_cast<int64_t>(d->buffers.size()), 0,
                    d->buffers.empty() ? nullptr : d->buffers.data(), nullptr, nullptr, &release_array, d};
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
    const auto& f = d->frame.schema()[0];
    fill_schema(out, arrow_format(f.type), f.name, {}, kNullable);
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

// ---------------------------------------------------------------------------------------------
// Import

/// Keeps an imported array (and everything below it) alive until the last buffer is dropped.
struct ImportedArray {
  ArrowArray array;
  ~ImportedArray() {
    if (array.release) array.release(&array);
  }
};
using Owner = std::shared_ptr<void>;

struct Imported {
  std::string format;
  std::string name;
  const ArrowSchema* schema;
};

BufferPtr import_validity(const ArrowArray& a) {
  if (a.null_count == 0 || a.n_buffers == 0 || a.buffers[0] == nullptr) return nullptr;
  auto v = Buffer::zeroed(bitmap::bytes_for(a.length));
  bitmap::copy_bits(static_cast<const uint8_t*>(a.buffers[0]), a.offset, v->data(), a.length);
  return v;
}

template <typename In, typename Out, typename F>
BufferPtr convert_values(const ArrowArray& a, F f) {
  auto out = Buffer::allocate(sizeof(Out) * static_cast<size_t>(a.length));
  const In* in = static_cast<const In*>(a.buffers[1]) + a.offset;
  Out* o = reinterpret_cast<Out*>(out->data());
  for (int64_t i = 0; i < a.length; ++i) o[i] = f(in[i]);
  return out;
}

BufferPtr wrap_values(const ArrowArray& a, size_t width, const Owner& owner) {
  if (a.length == 0 || a.buffers[1] == nullptr) return Buffer::allocate(0);
  return Buffer::wrap(static_cast<const uint8_t*>(a.buffers[1]) + width * static_cast<size_t>(a.offset),
                      width * static_cast<size_t>(a.length), owner);
}

TimeUnit parse_unit(char c, const std::string& format, const std::string& name) {
  switch (c) {
    case 'm': return TimeUnit::kMilli;
    case 'u': return TimeUnit::kMicro;
    case 'n': return TimeUnit::kNano;
  }
  throw InvalidOperation(fmt::format("Arrow type '{}' of column '{}' is not supported (unit '{}')", format, name, c));
}

ColumnPtr import_array(const ArrowArray& a, const ArrowSchema& s, const Owner& owner);

ColumnPtr import_strings(const ArrowArray& a, bool large, DataType type, const Owner& owner) {
  const uint8_t* data = static_cast<const uint8_t*>(a.buffers[2]);
  auto offset_at = [&](int64_t i) -> int64_t {
    return large ? static_cast<const int64_t*>(a.buffers[1])[a.offset + i] : static_cast<const int32_t*>(a.buffers[1])[a.offset + i];
  };
  const int64_t first = a.length > 0 ? offset_at(0) : 0;
  const int64_t last = a.length > 0 ? offset_at(a.length) : 0;
  BufferPtr validity = import_validity(a);
  if (last - first < (int64_t{1} << 31)) {
    // Views into the producer's data buffer: no string is copied.
    auto views = Buffer::allocate(sizeof(StringView) * static_cast<size_t>(a.length));
    auto* v = reinterpret_cast<StringView*>(views->data());
    for (int64_t i = 0; i < a.length; ++i) {
      int64_t b = offset_at(i), e = offset_at(i + 1);
      std::string_view str(reinterpret_cast<const char*>(data) + b, static_cast<size_t>(e - b));
      v[i] = str.size() <= StringView::kInlineSize ? StringView::make_inline(str)
                                                    : StringView::make_ref(str, 0, static_cast<uint32_t>(b - first));
    }
    std::vector<BufferPtr> buffers{Buffer::wrap(data + first, static_cast<size_t>(last - first), owner)};
    return std::make_shared<Column>(type, a.length, views, validity, std::move(buffers));
  }
  StringBuilder builder(type, a.length, static_cast<size_t>(last - first));
  for (int64_t i = 0; i < a.length; ++i) {
    int64_t b = offset_at(i), e = offset_at(i + 1);
    builder.append(std::string_view(reinterpret_cast<const char*>(data) + b, static_cast<size_t>(e - b)));
  }
  ColumnPtr built = builder.finish();
  return validity ? built->with_validity(validity) : built;
}

ColumnPtr import_dictionary(const ArrowArray& a, const ArrowSchema& s, const Owner& owner) {
  ColumnPtr values = import_array(*a.dictionary, *s.dictionary, owner);
  std::vector<uint32_t> idx(static_cast<size_t>(a.length));
  std::string f = s.format;
  auto read = [&](auto* p) {
    for (int64_t i = 0; i < a.length; ++i) {
      auto k = p[a.offset + i];
      // Null slots may hold any index: clamp them to a valid one.
      idx[static_cast<size_t>(i)] = (k < 0 || static_cast<int64_t>(k) >= values->length()) ? 0 : static_cast<uint32_t>(k);
    }
  };
  if (f == "c") read(static_cast<const int8_t*>(a.buffers[1]));
  else if (f == "C") read(static_cast<const uint8_t*>(a.buffers[1]));
  else if (f == "s") read(static_cast<const int16_t*>(a.buffers[1]));
  else if (f == "S") read(static_cast<const uint16_t*>(a.buffers[1]));
  else if (f == "i") read(static_cast<const int32_t*>(a.buffers[1]));
  else if (f == "I") read(static_cast<const uint32_t*>(a.buffers[1]));
  else if (f == "l") read(static_cast<const int64_t*>(a.buffers[1]));
  else if (f == "L") read(static_cast<const uint64_t*>(a.buffers[1]));
  else throw InvalidOperation(fmt::format("Arrow dictionary index type '{}' is not supported", f));
  if (values->length() == 0) return Column::nulls(values->type(), a.length);
  ColumnPtr out = compute::gather(values, idx.data(), a.length);
  BufferPtr validity = import_validity(a);
  if (!validity) return out;
  if (out->validity_buffer()) bitmap::and_bits(validity->data(), out->validity(), validity->data(), a.length);
  return out->with_validity(validity);
}

/// decimal128 ("d:precision,scale" or "d:precision,scale,128"): the 16-byte values as they are,
/// copied only when the producer's buffer is not 16-byte aligned.
ColumnPtr import_decimal(const ArrowArray& a, const std::string& f, const std::string& name, const Owner& owner) {
  int precision = 0, scale = 0, bits = 128;
  const int parsed = std::sscanf(f.c_str(), "d:%d,%d,%d", &precision, &scale, &bits);
  FLOE_USER_CHECK(parsed >= 2 && bits == 128 && precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision,
                  InvalidOperation, "Arrow type '{}' of column '{}' is not supported (only decimal128 with scale 0..precision)",
                  f, name);
  BufferPtr values = wrap_values(a, 16, owner);
  if (reinterpret_cast<uintptr_t>(values->data()) % alignof(__int128) != 0) {
    auto copy = Buffer::allocate(values->size());
    std::memcpy(copy->data(), values->data(), values->size());
    values = copy;
  }
  return std::make_shared<Column>(DataType::decimal(precision, scale), a.length, values, import_validity(a));
}

ColumnPtr import_array(const ArrowArray& a, const ArrowSchema& s, const Owner& owner) {
  const std::string f = s.format;
  const std::string name = s.name ? s.name : "";
  if (s.dictionary != nullptr) return import_dictionary(a, s, owner);
  auto fixed = [&](TypeId id, size_t width) {
    return std::make_shared<Column>(DataType(id), a.length, wrap_values(a, width, owner), import_validity(a));
  };
  if (f == "n") return Column::nulls(TypeId::kNull, a.length);
  if (f == "b") {
    auto bytes = Buffer::allocate(static_cast<size_t>(a.length));
    auto tmp = Buffer::zeroed(bitmap::bytes_for(a.length));
    bitmap::copy_bits(static_cast<const uint8_t*>(a.buffers[1]), a.offset, tmp->data(), a.length);
    bitmap::unpack_bits(tmp->data(), bytes->data(), a.length);
    return std::make_shared<Column>(TypeId::kBoolean, a.length, bytes, import_validity(a));
  }
  if (f == "c") return fixed(TypeId::kInt8, 1);
  if (f == "s") return fixed(TypeId::kInt16, 2);
  if (f == "i") return fixed(TypeId::kInt32, 4);
  if (f == "l") return fixed(TypeId::kInt64, 8);
  if (f == "C") return fixed(TypeId::kUInt8, 1);
  if (f == "S") return fixed(TypeId::kUInt16, 2);
  if (f == "I") return fixed(TypeId::kUInt32, 4);
  if (f == "L") return fixed(TypeId::kUInt64, 8);
  if (f == "f") return fixed(TypeId::kFloat32, 4);
  if (f == "g") return fixed(TypeId::kFloat64, 8);
  if (f == "e") {
    auto values = convert_values<uint16_t, float>(a, [](uint16_t h) {
      uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ffu;
      uint32_t bits;
      if (exp == 0) {
        float v = std::ldexp(static_cast<float>(mant), -24);
        return sign ? -v : v;
      }
      bits = exp == 31 ? (sign | 0x7f800000u | (mant << 13)) : (sign | ((exp + 112) << 23) | (mant << 13));
      float v;
      std::memcpy(&v, &bits, 4);
      return v;
    });
    return std::make_shared<Column>(TypeId::kFloat32, a.length, values, import_validity(a));
  }
  if (f == "u" || f == "U") return import_strings(a, f == "U", TypeId::kString, owner);
  if (f == "z" || f == "Z") return import_strings(a, f == "Z", TypeId::kBinary, owner);
  if (f == "vu" || f == "vz") {
    std::vector<BufferPtr> data;
    for (int64_t i = 2; i + 1 < a.n_buffers; ++i) {
      const int64_t size = static_cast<const int64_t*>(a.buffers[a.n_buffers - 1])[i - 2];
      data.push_back(Buffer::wrap(a.buffers[i], static_cast<size_t>(size), owner));
    }
    return std::make_shared<Column>(f == "vu" ? TypeId::kString : TypeId::kBinary, a.length,
                                    wrap_values(a, sizeof(StringView), owner), import_validity(a), std::move(data));
  }
  if (f == "tdD") return fixed(TypeId::kDate, 4);
  if (f == "tdm") {  // date64: milliseconds, which Polars reads as Datetime(ms)
    return std::make_shared<Column>(DataType::datetime(TimeUnit::kMilli), a.length, wrap_values(a, 8, owner), import_validity(a));
  }
  if (f.size() >= 4 && f.compare(0, 2, "ts") == 0 && f[3] == ':') {
    std::string tz = f.substr(4);
    if (f[2] == 's') {  // seconds: Polars has no second unit, so milliseconds
      auto values = convert_values<int64_t, int64_t>(a, [](int64_t v) { return v * 1000; });
      return std::make_shared<Column>(DataType::datetime(TimeUnit::kMilli, tz), a.length, values, import_validity(a));
    }
    return std::make_shared<Column>(DataType::datetime(parse_unit(f[2], f, name), tz), a.length, wrap_values(a, 8, owner),
                                    import_validity(a));
  }
  if (f.size() == 3 && f.compare(0, 2, "tD") == 0) {
    if (f[2] == 's') {
      auto values = convert_values<int64_t, int64_t>(a, [](int64_t v) { return v * 1000; });
      return std::make_shared<Column>(DataType::duration(TimeUnit::kMilli), a.length, values, import_validity(a));
    }
    return std::make_shared<Column>(DataType::duration(parse_unit(f[2], f, name)), a.length, wrap_values(a, 8, owner),
                                    import_validity(a));
  }
  if (f.size() > 2 && f.compare(0, 2, "d:") == 0) return import_decimal(a, f, name, owner);
  if (f == "ttn") return fixed(TypeId::kTime, 8);
  if (f == "ttu") {
    auto values = convert_values<int64_t, int64_t>(a, [](int64_t v) { return v * 1000; });
    return std::make_shared<Column>(TypeId::kTime, a.length, values, import_validity(a));
  }
  if (f == "tts" || f == "ttm") {
    const int64_t scale = f == "tts" ? 1000000000 : 1000000;
    auto values = convert_values<int32_t, int64_t>(a, [scale](int32_t v) { return v * scale; });
    return std::make_shared<Column>(TypeId::kTime, a.length, values, import_validity(a));
  }
  throw InvalidOperation(fmt::format("Arrow type '{}' of column '{}' is not supported yet", f, name));
}

/// Moves a released-by-consumer ArrowArray into a shared owner.
std::shared_ptr<ImportedArray> take(ArrowArray* a) {
  auto owned = std::make_shared<ImportedArray>();
  owned->array = *a;
  a->release = nullptr;
  return owned;
}

struct SchemaHolder {
  ArrowSchema schema{};
  ~SchemaHolder() {
    if (schema.release) schema.release(&schema);
  }
};

/// A frame from one struct array (record batch) or a single column named by its schema.
Chunk import_batch(const ArrowSchema& schema, const std::shared_ptr<ImportedArray>& batch, Schema& out_schema) {
  const ArrowArray& a = batch->array;
  std::vector<ColumnPtr> cols;
  Schema s;
  if (std::string(schema.format) == "+s") {
    FLOE_USER_CHECK(a.n_children == schema.n_children, ComputeError, "Arrow struct array has {} children, its schema {}",
                    a.n_children, schema.n_children);
    for (int64_t i = 0; i < a.n_children; ++i) {
      ColumnPtr c = import_array(*a.children[i], *schema.children[i], batch);
      // Struct-level offsets slice every child.
      if (a.offset > 0 || c->length() != a.length) c = c->slice(a.offset, a.length);
      s.add(schema.children[i]->name ? schema.children[i]->name : "", c->type());
      cols.push_back(std::move(c));
    }
  } else {
    ColumnPtr c = import_array(a, schema, batch);
    s.add(schema.name ? schema.name : "", c->type());
    cols.push_back(std::move(c));
  }
  out_schema = s;
  int64_t rows = cols.empty() ? a.length : cols[0]->length();
  return Chunk(std::move(cols), rows);
}

DataFrame frame_from_stream(py::capsule capsule) {
  auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), "arrow_array_stream"));
  if (stream == nullptr) throw py::error_already_set();
  SchemaHolder schema;
  FLOE_USER_CHECK(stream->get_schema(stream, &schema.schema) == 0, ComputeError, "Arrow stream failed to give its schema: {}",
                  stream->get_last_error(stream) ? stream->get_last_error(stream) : "unknown error");
  std::vector<Chunk> chunks;
  Schema out;
  // An empty stream still has a schema: import an empty batch of it.
  while (true) {
    ArrowArray next{};
    int rc = stream->get_next(stream, &next);
    FLOE_USER_CHECK(rc == 0, ComputeError, "Arrow stream failed: {}",
                    stream->get_last_error(stream) ? stream->get_last_error(stream) : "unknown error");
    if (next.release == nullptr) break;
    chunks.push_back(import_batch(schema.schema, take(&next), out));
  }
  if (chunks.empty()) {
    // Build the schema from the Arrow schema with zero-length columns.
    std::vector<ColumnPtr> cols;
    Schema s;
    auto add = [&](const ArrowSchema& f) {
      ArrowArray empty{};
      std::vector<const void*> bufs(8, nullptr);
      static const int64_t zero[2] = {0, 0};
      bufs[1] = zero;
      bufs[2] = zero;
      empty.buffers = bufs.data();
      empty.n_buffers = 3;
      ColumnPtr c = f.dictionary ? import_array(empty, *f.dictionary, nullptr) : import_array(empty, f, nullptr);
      s.add(f.name ? f.name : "", c->type());
      cols.push_back(c);
    };
    if (std::string(schema.schema.format) == "+s") {
      for (int64_t i = 0; i < schema.schema.n_children; ++i) add(*schema.schema.children[i]);
    } else {
      add(schema.schema);
    }
    return DataFrame(s, std::move(cols));
  }
  return DataFrame(out, std::move(chunks));
}

DataFrame frame_from_array(py::capsule schema_capsule, py::capsule array_capsule) {
  auto* schema = static_cast<ArrowSchema*>(PyCapsule_GetPointer(schema_capsule.ptr(), "arrow_schema"));
  auto* array = static_cast<ArrowArray*>(PyCapsule_GetPointer(array_capsule.ptr(), "arrow_array"));
  if (schema == nullptr || array == nullptr) throw py::error_already_set();
  Schema out;
  Chunk c = import_batch(*schema, take(array), out);
  return DataFrame(out, {c});
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
