// Python lists and dicts <-> Floe's List and Struct columns.
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "py_convert.h"

namespace floe::python {

namespace {

bool is_list_value(const py::handle& v) { return PyList_Check(v.ptr()) || PyTuple_Check(v.ptr()); }
bool is_dict_value(const py::handle& v) { return PyDict_Check(v.ptr()); }

[[noreturn]] void raise_unexpected(const DataType& target, const py::handle& value) {
  throw py::type_error(fmt::format(
      "unexpected value while building Series of type {}; found value of type {}: {}\n\n"
      "Hint: Try setting `strict=False` to allow passing data with mixed types.",
      target.to_polars_repr(), py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>(),
      py::str(value).cast<std::string>()));
}

/// A validity bitmap with the rows in `nulls` cleared, or nullptr when there are none.
BufferPtr validity_of(const std::vector<bool>& nulls) {
  const auto n = static_cast<int64_t>(nulls.size());
  BufferPtr validity;
  for (int64_t i = 0; i < n; ++i) {
    if (!nulls[static_cast<size_t>(i)]) continue;
    if (!validity) {
      validity = Buffer::allocate(bitmap::bytes_for(n));
      std::memset(validity->data(), 0xff, bitmap::bytes_for(n));
    }
    bitmap::clear(validity->data(), i);
  }
  return validity;
}

/// Lists (or None) as a List column. Without `item_type`, under `strict` the items take the type
/// of the first list that holds a value and the rest are converted to it, as Polars does
/// ([[1], [2.5]] is List(Int64)); a value that cannot be converted is an error.
ColumnPtr build_list(const py::handle& values, const DataType& declared, const std::optional<DataType>& item_type,
                     bool strict) {
  std::vector<bool> nulls;
  py::list flat;
  std::vector<int64_t> offsets{0};
  std::optional<DataType> items_as = item_type;
  for (auto v : values) {
    if (v.is_none()) {
      nulls.push_back(true);
    } else {
      if (!is_list_value(v)) raise_unexpected(declared, v);
      nulls.push_back(false);
      if (!items_as && strict) {
        bool any_value = false;
        for (auto x : v) any_value |= !x.is_none();
        if (any_value) items_as = column_from_sequence(v, std::nullopt, strict)->type();
      }
      for (auto x : v) flat.append(x);
    }
    offsets.push_back(static_cast<int64_t>(flat.size()));
  }
  // Without strict, the items take the supertype of them all (strings winning), as Polars does.
  ColumnPtr items = strict || item_type ? column_from_sequence(flat, items_as.value_or(DataType(TypeId::kNull)),
                                                               item_type ? strict : false)
                                        : column_from_sequence(flat, std::nullopt, false);
  if (strict && !item_type) {
    // The items were converted leniently; a value that became null could not be converted.
    int64_t k = 0;
    for (auto x : flat) {
      if (items->is_null(k) && !x.is_none()) raise_unexpected(DataType::list(items->type()), x);
      ++k;
    }
  }
  const auto n = static_cast<int64_t>(nulls.size());
  auto buffer = Buffer::allocate(sizeof(int64_t) * offsets.size());
  std::memcpy(buffer->data(), offsets.data(), sizeof(int64_t) * offsets.size());
  DataType type = DataType::list(items->type());
  return Column::make_list(std::move(type), n, std::move(buffer), std::move(items), validity_of(nulls));
}

/// Dicts (or None) as a Struct column: the fields of `fields`, or the keys of the first dict
/// (later keys are dropped, as Polars drops them); a missing key is a null field.
ColumnPtr build_struct(const py::handle& values, const std::optional<std::vector<Field>>& fields, bool strict) {
  std::vector<std::string> names;
  if (fields) {
    for (const auto& f : *fields) names.push_back(f.name);
  } else {
    for (auto v : values) {
      if (v.is_none()) continue;
      if (!is_dict_value(v)) break;  // reported below
      for (auto item : v.cast<py::dict>()) names.push_back(py::str(item.first).cast<std::string>());
      break;
    }
  }
  std::vector<py::list> columns(names.size());
  std::vector<bool> nulls;
  for (auto v : values) {
    nulls.push_back(v.is_none());
    if (!v.is_none() && !is_dict_value(v)) {
      std::vector<Field> shown;
      if (fields) shown = *fields;
      raise_unexpected(DataType::struct_(shown), v);
    }
    py::dict d = v.is_none() ? py::dict() : v.cast<py::dict>();
    for (size_t f = 0; f < names.size(); ++f) {
      py::str key(names[f]);
      columns[f].append(d.contains(key) ? py::object(d[key]) : py::object(py::none()));
    }
  }
  std::vector<Field> out_fields;
  std::vector<ColumnPtr> children;
  for (size_t f = 0; f < names.size(); ++f) {
    std::optional<DataType> t;
    if (fields) t = (*fields)[f].type;
    children.push_back(column_from_sequence(columns[f], t, strict));
    out_fields.push_back(Field{names[f], children.back()->type()});
  }
  const auto n = static_cast<int64_t>(nulls.size());
  return Column::make_struct(DataType::struct_(std::move(out_fields)), n, std::move(children), validity_of(nulls));
}

}  // namespace

ColumnPtr nested_from_sequence(const py::handle& values, const std::optional<DataType>& dtype, bool strict) {
  if (dtype) {
    if (dtype->id == TypeId::kList) return build_list(values, *dtype, dtype->list_item(), strict);
    if (dtype->id == TypeId::kStruct) return build_struct(values, dtype->struct_fields(), strict);
    return nullptr;
  }
  if (!py::isinstance<py::list>(values) && !py::isinstance<py::tuple>(values)) return nullptr;
  for (auto v : values) {
    if (v.is_none()) continue;
    if (is_list_value(v)) return build_list(values, DataType::list(TypeId::kNull), std::nullopt, strict);
    if (is_dict_value(v)) return build_struct(values, std::nullopt, strict);
    return nullptr;
  }
  return nullptr;
}

py::object nested_to_py(const Column& c, int64_t i) {
  if (c.is_null(i)) return py::none();
  if (c.type().id == TypeId::kList) {
    const int64_t* offsets = c.list_offsets();
    const Column& items = *c.children()[0];
    py::list out(static_cast<size_t>(offsets[i + 1] - offsets[i]));
    for (int64_t k = offsets[i]; k < offsets[i + 1]; ++k) out[static_cast<size_t>(k - offsets[i])] = value_to_py(items, k);
    return out;
  }
  py::dict out;
  const auto& fields = c.type().struct_fields();
  for (size_t f = 0; f < fields.size(); ++f) out[py::str(fields[f].name)] = value_to_py(*c.children()[f], i);
  return out;
}

}  // namespace floe::python
