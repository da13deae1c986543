// The ".dt" namespace: date and time kernels registered as scalar functions.
#include "compute/function_registry.h"

namespace floe::compute {

void register_temporal_functions(FunctionRegistry& registry) {}

}  // namespace floe::compute
