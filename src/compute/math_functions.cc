// Math functions (abs, round, floor, ceil, sqrt, exp, log, pow, clip) as scalar functions.
#include "compute/function_registry.h"

namespace floe::compute {

void register_math_functions(FunctionRegistry& registry) {}

}  // namespace floe::compute
