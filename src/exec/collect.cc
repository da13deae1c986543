// LazyFrame::collect: the plan layer's entry point into execution.
#include <malloc.h>

#include "exec/executor.h"
#include "plan/lazy_frame.h"

namespace floe {

DataFrame LazyFrame::collect() const {
  DataFrame result = execute(optimize(plan_));
  // Buffers freed during the query stay in the heap for reuse (see core/buffer.cc); hand the
  // free pages back to the system once the query is done.
  malloc_trim(0);
  return result;
}

}  // namespace floe
