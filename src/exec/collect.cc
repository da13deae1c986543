// LazyFrame::collect: the plan layer's entry point into execution.
#include "exec/executor.h"
#include "plan/lazy_frame.h"

namespace floe {

DataFrame LazyFrame::collect() const { return execute(optimize(plan_)); }

}  // namespace floe
