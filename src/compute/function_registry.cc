// Function lookup and the one place where built-in families are registered.
#include "compute/function_registry.h"

#include "core/error.h"

namespace floe::compute {

const Scalar& FunctionOptions::param(size_t i) const {
  FLOE_CHECK(i < params.size(), "function parameter {} missing", i);
  return params[i];
}

void FunctionRegistry::add(ScalarFunction fn) {
  std::string name = fn.name;
  FLOE_CHECK(!functions_.count(name), "function '{}' registered twice", name);
  functions_.emplace(std::move(name), std::move(fn));
}

const ScalarFunction& FunctionRegistry::get(const std::string& name) const {
  auto it = functions_.find(name);
  FLOE_USER_CHECK(it != functions_.end(), InvalidOperation, "unknown function '{}'", name);
  return it->second;
}

std::vector<std::string> FunctionRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, fn] : functions_) out.push_back(name);
  return out;
}

const FunctionRegistry& FunctionRegistry::global() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    register_math_functions(r);
    register_string_functions(r);
    register_temporal_functions(r);
    register_nested_functions(r);
    return r;
  }();
  return registry;
}

}  // namespace floe::compute
