// The process-wide worker threads that run morsel-driven pipelines and parallel kernels.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace floe {

/// A fixed set of threads (one per core, or FLOE_MAX_THREADS). Work is handed out as "run this
/// function on k workers and wait": each worker then pulls morsels from a shared atomic cursor
/// itself, which is what morsel-driven execution needs.
class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();

  int size() const { return static_cast<int>(threads_.size()) + 1; }

  /// Runs `fn(worker_index)` for worker_index in [0, workers) concurrently, the calling thread
  /// taking part, and returns when all are done. The first exception thrown is rethrown here.
  /// Called from inside a pool task, it runs the workers one after another on this thread
  /// (no nested parallelism, so no deadlock).
  void run(int workers, const std::function<void(int)>& fn);

  /// Splits [0, n) into tasks of at least `grain` items and runs `fn(begin, end)` in parallel.
  void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

  /// The shared pool, sized by FLOE_MAX_THREADS or the number of cores.
  static ThreadPool& global();
  /// Threads a query may use: FLOE_MAX_THREADS, or the number of cores.
  static int default_threads();

 private:
  void worker_loop();

  struct Job {
    const std::function<void(int)>* fn = nullptr;
    int workers = 0;
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    std::exception_ptr error;
    std::mutex error_mutex;
  };

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  Job* job_ = nullptr;
  uint64_t generation_ = 0;
  int attached_ = 0;  // pool threads currently holding job_
  bool stop_ = false;
  std::mutex run_mutex_;  // one job at a time
};

/// Rows per morsel: FLOE_MORSEL_SIZE, or the build's default (a handful of rows when built with
/// FLOE_TINY_MORSELS, so tests cross chunk boundaries everywhere).
int64_t morsel_rows();

}  // namespace floe
