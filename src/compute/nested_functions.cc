// Functions of List and Struct columns: list.len, list.get and struct.field, as Polars has them.
#include <cstring>

#include "compute/function_registry.h"
#include "compute/selection.h"
#include "core/error.h"

namespace floe::compute {

namespace {

/// Polars' StructFieldNotFoundError: a struct field named that does not exist.
class StructFieldNotFound : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "StructFieldNotFoundError"; }
};

void expect_kind(const std::string& name, std::span<const DataType> types, TypeId id) {
  FLOE_USER_CHECK(types.size() == 1, InvalidOperation, "{} takes one argument, got {}", name, types.size());
  FLOE_USER_CHECK(types[0].id == id || types[0].id == TypeId::kNull, InvalidOperation,
                  "expected {} data type for {} operation, got: {}", id == TypeId::kList ? "List" : "Struct",
                  id == TypeId::kList ? "list" : "struct", types[0].to_polars_repr());
}

/// The validity of `a` and `b` together (either may be null: all valid).
BufferPtr and_validity(const Column& a, const Column& b, int64_t n) {
  if (!a.validity() && !b.validity()) return nullptr;
  if (!a.validity()) return b.validity_buffer();
  if (!b.validity()) return a.validity_buffer();
  auto out = Buffer::allocate(bitmap::bytes_for(n));
  bitmap::and_bits(a.validity(), b.validity(), out->data(), n);
  return out;
}

ScalarFunction list_len() {
  ScalarFunction fn;
  fn.name = "list.len";
  fn.doc = "Number of items in each list (UInt32); null for a null list.";
  fn.resolve = [](std::span<const DataType> types, const FunctionOptions&) -> DataType {
    expect_kind("list.len", types, TypeId::kList);
    return TypeId::kUInt32;
  };
  fn.execute = [](std::span<const ColumnPtr> args, const FunctionOptions&) -> ColumnPtr {
    const Column& in = *args[0];
    const int64_t n = in.length();
    if (in.type().id == TypeId::kNull) return Column::nulls(TypeId::kUInt32, n);
    const int64_t* offsets = in.list_offsets();
    auto values = Buffer::allocate(sizeof(uint32_t) * static_cast<size_t>(n));
    uint32_t* out = values->as<uint32_t>();
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<uint32_t>(offsets[i + 1] - offsets[i]);
    return std::make_shared<Column>(TypeId::kUInt32, n, std::move(values), in.validity_buffer());
  };
  return fn;
}

/// list.get(index, null_on_oob): item `index` of each list (negative counts from the end).
ScalarFunction list_get() {
  ScalarFunction fn;
  fn.name = "list.get";
  fn.doc = "Item `index` of each list, counting from the end when negative; out of bounds is an error, or "
           "null with null_on_oob.";
  fn.resolve = [](std::span<const DataType> types, const FunctionOptions&) -> DataType {
    expect_kind("list.get", types, TypeId::kList);
    return types[0].id == TypeId::kNull ? DataType(TypeId::kNull) : types[0].list_item();
  };
  fn.execute = [](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
    const Column& in = *args[0];
    const int64_t n = in.length();
    if (in.type().id == TypeId::kNull) return Column::nulls(TypeId::kNull, n);
    const int64_t index = options.param(0).as_int64();
    const bool null_on_oob = options.has(1) && options.param(1).as_bool();
    const int64_t* offsets = in.list_offsets();
    std::vector<int64_t> rows(static_cast<size_t>(n));
    bool out_of_bounds = false;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t len = offsets[i + 1] - offsets[i];
      const int64_t k = index < 0 ? len + index : index;
      const bool inside = k >= 0 && k < len;
      out_of_bounds |= !inside && in.is_valid(i);
      rows[static_cast<size_t>(i)] = inside && in.is_valid(i) ? offsets[i] + k : -1;
    }
    FLOE_USER_CHECK(!out_of_bounds || null_on_oob, ComputeError, "get index is out of bounds");
    return gather_nullable(in.children()[0], rows.data(), n);
  };
  return fn;
}

/// struct.field(name): the field's column, null where the struct is null.
ScalarFunction struct_field() {
  ScalarFunction fn;
  fn.name = "struct.field";
  fn.doc = "The field `name` of each struct; null where the struct is null.";
  auto find = [](const DataType& type, const std::string& name) -> size_t {
    const auto& fields = type.struct_fields();
    for (size_t f = 0; f < fields.size(); ++f) {
      if (fields[f].name == name) return f;
    }
    throw StructFieldNotFound(name);
  };
  fn.resolve = [find](std::span<const DataType> types, const FunctionOptions& options) -> DataType {
    expect_kind("struct.field", types, TypeId::kStruct);
    if (types[0].id == TypeId::kNull) return TypeId::kNull;
    return types[0].struct_fields()[find(types[0], options.param(0).as_string())].type;
  };
  fn.execute = [find](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
    const Column& in = *args[0];
    if (in.type().id == TypeId::kNull) return Column::nulls(TypeId::kNull, in.length());
    const ColumnPtr& field = in.children()[find(in.type(), options.param(0).as_string())];
    if (!in.has_nulls()) return field;
    return field->with_validity(and_validity(in, *field, in.length()));
  };
  return fn;
}

}  // namespace

void register_nested_functions(FunctionRegistry& registry) {
  registry.add(list_len());
  registry.add(list_get());
  registry.add(struct_field());
}

}  // namespace floe::compute
