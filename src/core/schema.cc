// Schema lookups and printing.
#include "core/schema.h"

#include <fmt/format.h>

#include "core/error.h"

namespace floe {

void Schema::set(const std::string& name, DataType type) {
  for (auto& f : fields_) {
    if (f.name == name) {
      f.type = std::move(type);
      return;
    }
  }
  fields_.push_back({name, std::move(type)});
}

std::optional<size_t> Schema::find(const std::string& name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return i;
  }
  return std::nullopt;
}

size_t Schema::index_of(const std::string& name) const {
  auto i = find(name);
  if (!i) throw ColumnNotFound(column_not_found_message(name, names()));
  return *i;
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> out;
  out.reserve(fields_.size());
  for (const auto& f : fields_) out.push_back(f.name);
  return out;
}

std::string Schema::to_string() const {
  std::string s = "Schema([";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) s += ", ";
    s += fmt::format("('{}', {})", fields_[i].name, fields_[i].type.to_polars_repr());
  }
  return s + "])";
}

std::string column_not_found_message(const std::string& name, const std::vector<std::string>& available) {
  std::string list;
  for (size_t i = 0; i < available.size(); ++i) {
    if (i) list += ", ";
    if (i == 20) {
      list += fmt::format("... ({} more)", available.size() - 20);
      break;
    }
    list += "\"" + available[i] + "\"";
  }
  return fmt::format("unable to find column \"{}\"; valid columns: [{}]", name, list);
}

}  // namespace floe
