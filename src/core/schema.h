// Schema: ordered, named, typed fields of a frame.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/data_type.h"

namespace floe {

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  const Field& operator[](size_t i) const { return fields_[i]; }
  const std::vector<Field>& fields() const { return fields_; }
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }

  void add(std::string name, DataType type) { fields_.push_back({std::move(name), std::move(type)}); }
  /// Replaces the field of that name, or appends it.
  void set(const std::string& name, DataType type);

  std::optional<size_t> find(const std::string& name) const;
  /// Index of `name`; throws ColumnNotFound listing the available columns.
  size_t index_of(const std::string& name) const;
  const Field& field(const std::string& name) const { return fields_[index_of(name)]; }
  std::vector<std::string> names() const;

  bool operator==(const Schema& o) const { return fields_ == o.fields_; }
  /// "Schema([('a', Int64), ('b', String)])" as Polars prints it.
  std::string to_string() const;

 private:
  std::vector<Field> fields_;
};

/// "column 'x' not found; available: a, b, c" (used wherever a name is looked up).
std::string column_not_found_message(const std::string& name, const std::vector<std::string>& available);

}  // namespace floe
