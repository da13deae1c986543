// The registry of named scalar functions (".str.*", ".dt.*", math) that expressions call.
#pragma once

#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/column.h"
#include "core/scalar.h"

namespace floe::compute {

/// Constant parameters of a function call, in the order the function documents them (e.g.
/// `str.slice`: offset, length; `str.contains`: pattern, literal, strict; `dt.truncate`:
/// every). Expression arguments go in the column list instead.
struct FunctionOptions {
  std::vector<Scalar> params;

  const Scalar& param(size_t i) const;
  bool has(size_t i) const { return i < params.size() && !params[i].is_null(); }
};

/// One function: its name, a sentence of documentation, how many column arguments it takes,
/// how its output type follows from the argument types, and the kernel. Kernels take columns
/// of equal length (or length 1, which broadcasts) and return a column of the same length.
struct ScalarFunction {
  using Resolve = std::function<DataType(std::span<const DataType>, const FunctionOptions&)>;
  using Execute = std::function<ColumnPtr(std::span<const ColumnPtr>, const FunctionOptions&)>;

  std::string name;
  std::string doc;
  int arity = 1;
  Resolve resolve;
  Execute execute;
};

class FunctionRegistry {
 public:
  void add(ScalarFunction fn);
  /// The function called `name`; throws InvalidOperation naming it when there is none.
  const ScalarFunction& get(const std::string& name) const;
  bool contains(const std::string& name) const { return functions_.count(name) > 0; }
  std::vector<std::string> names() const;

  /// The process-wide registry with every built-in function registered.
  static const FunctionRegistry& global();

 private:
  std::map<std::string, ScalarFunction> functions_;
};

// Registration of each family, called once from FunctionRegistry::global().
void register_math_functions(FunctionRegistry& registry);
void register_string_functions(FunctionRegistry& registry);
void register_temporal_functions(FunctionRegistry& registry);
void register_nested_functions(FunctionRegistry& registry);

}  // namespace floe::compute
