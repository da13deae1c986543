// The ".str" namespace: string kernels registered as scalar functions.
#include "compute/function_registry.h"

namespace floe::compute {

void register_string_functions(FunctionRegistry& registry) {}

}  // namespace floe::compute
