// LazyFrame::collect: the plan layer's entry point into execution.
#include <malloc.h>

#include "exec/executor.h"
#include "plan/lazy_frame.h"

namespace floe {

DataFrame LazyFrame::collect() const {
  DataFrame result = execute(optimize(plan_));
  // Buffers freed during the query stay in the heap for reuse (see core/buffer.cc). When much
  // of the heap is free (a large frame was dropped), hand those pages back to the system; a
  // little free memory is kept, so back-to-back queries do not fault their pages in again.
  constexpr size_t kKeepFree = 256u << 20;
  if (mallinfo2().fordblks > kKeepFree) malloc_trim(kKeepFree);
  return result;
}

}  // namespace floe
