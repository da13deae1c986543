// The per-thread current cancellation token.
#include "core/cancellation.h"

#include "core/error.h"

namespace floe {

namespace {
thread_local std::shared_ptr<CancellationToken> t_current;
}  // namespace

const std::shared_ptr<CancellationToken>& CancellationToken::current() { return t_current; }

ScopedCancellation::ScopedCancellation(std::shared_ptr<CancellationToken> token) : previous_(std::move(t_current)) {
  t_current = std::move(token);
}

ScopedCancellation::~ScopedCancellation() { t_current = std::move(previous_); }

void check_cancelled(const CancellationToken* token) {
  if (token != nullptr && token->cancelled()) throw Cancelled("query cancelled");
}

}  // namespace floe
