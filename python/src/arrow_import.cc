// Importing Arrow C streams and arrays as frames, zero-copy where the layouts agree (numbers,
// temporal values, string views, int64 list offsets).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "arrow_abi.h"
#include "compute/selection.h"
#include "core/bitmap.h"
#include "core/column_builder.h"
#include "core/error.h"

namespace floe::python {

namespace py = pybind11;

namespace {

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

/// The child arrays of a list ("+l", "+L") or struct ("+s"). An empty array made up for a
/// schema without batches has no children: it stands in for them too.
const ArrowArray& child_array(const ArrowArray& a, int64_t i) { return a.n_children > i ? *a.children[i] : a; }

/// A list array: int64 offsets (copied from int32 ones; wrapped when they are int64 already)
/// into the whole imported child.
ColumnPtr import_list(const ArrowArray& a, const ArrowSchema& s, bool large, const Owner& owner) {
  FLOE_USER_CHECK(s.n_children == 1, ComputeError, "Arrow list '{}' must have one child schema, has {}",
                  s.name ? s.name : "", s.n_children);
  ColumnPtr items = import_array(child_array(a, 0), *s.children[0], owner);
  BufferPtr offsets;
  if (a.length == 0 || a.buffers[1] == nullptr) {
    offsets = Buffer::zeroed(sizeof(int64_t) * static_cast<size_t>(a.length + 1));
  } else if (large) {
    offsets = Buffer::wrap(static_cast<const int64_t*>(a.buffers[1]) + a.offset, sizeof(int64_t) * static_cast<size_t>(a.length + 1),
                           owner);
  } else {
    offsets = Buffer::allocate(sizeof(int64_t) * static_cast<size_t>(a.length + 1));
    const int32_t* in = static_cast<const int32_t*>(a.buffers[1]) + a.offset;
    int64_t* out = offsets->as<int64_t>();
    for (int64_t i = 0; i <= a.length; ++i) out[i] = in[i];
  }
  DataType type = DataType::list(items->type());  // before `items` is moved from
  return Column::make_list(std::move(type), a.length, std::move(offsets), std::move(items), import_validity(a));
}

/// A struct array: each child imported and cut to the struct's own offset and length.
ColumnPtr import_struct(const ArrowArray& a, const ArrowSchema& s, const Owner& owner) {
  std::vector<Field> fields;
  std::vector<ColumnPtr> children;
  for (int64_t i = 0; i < s.n_children; ++i) {
    ColumnPtr c = import_array(child_array(a, i), *s.children[i], owner);
    if (a.n_children > i && (a.offset > 0 || c->length() != a.length)) c = c->slice(a.offset, a.length);
    fields.push_back(Field{s.children[i]->name ? s.children[i]->name : "", c->type()});
    children.push_back(std::move(c));
  }
  return Column::make_struct(DataType::struct_(std::move(fields)), a.length, std::move(children), import_validity(a));
}

ColumnPtr import_array(const ArrowArray& a, const ArrowSchema& s, const Owner& owner) {
  const std::string f = s.format;
  const std::string name = s.name ? s.name : "";
  if (s.dictionary != nullptr) return import_dictionary(a, s, owner);
  if (f == "+l" || f == "+L") return import_list(a, s, f == "+L", owner);
  if (f == "+s") return import_struct(a, s, owner);
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

}  // namespace

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


}  // namespace floe::python
