// Cancelling a running query: a flag the caller sets and the workers check between morsels.
#pragma once

#include <atomic>
#include <memory>

namespace floe {

/// Set by whoever wants the query stopped (Ctrl-C in Python, a cancel request to the
/// scheduler); workers check it before each morsel and raise Cancelled.
class CancellationToken {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

  /// The token of the query running on this thread (null: not cancellable).
  static const std::shared_ptr<CancellationToken>& current();

 private:
  std::atomic<bool> cancelled_{false};
};

/// Makes `token` the current one for this thread while in scope.
class ScopedCancellation {
 public:
  explicit ScopedCancellation(std::shared_ptr<CancellationToken> token);
  ~ScopedCancellation();
  ScopedCancellation(const ScopedCancellation&) = delete;
  ScopedCancellation& operator=(const ScopedCancellation&) = delete;

 private:
  std::shared_ptr<CancellationToken> previous_;
};

/// Throws Cancelled if the current query was cancelled.
void check_cancelled(const CancellationToken* token);

}  // namespace floe
