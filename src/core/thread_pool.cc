// ThreadPool: a job is a function run by k workers that each pull their own work.
#include "core/thread_pool.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#ifndef FLOE_DEFAULT_MORSEL_ROWS
#define FLOE_DEFAULT_MORSEL_ROWS 65536
#endif

namespace floe {

namespace {
thread_local bool t_inside_pool = false;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  try {
    return std::stoi(v);
  } catch (...) {
    return fallback;
  }
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) threads_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void ThreadPool::worker_loop() {
  t_inside_pool = true;
  uint64_t seen = 0;
  while (true) {
    Job* job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || (job_ != nullptr && generation_ != seen); });
      if (stop_) return;
      seen = generation_;
      job = job_;
      ++attached_;
    }
    while (true) {
      int w = job->next.fetch_add(1);
      if (w >= job->workers) break;
      try {
        (*job->fn)(w);
      } catch (...) {
        std::lock_guard lock(job->error_mutex);
        if (!job->error) job->error = std::current_exception();
      }
      job->done.fetch_add(1);
    }
    {
      // The job lives on the caller's stack: it may only return once no worker holds it.
      std::lock_guard lock(mutex_);
      --attached_;
    }
    finished_.notify_all();
  }
}

void ThreadPool::run(int workers, const std::function<void(int)>& fn) {
  if (workers <= 0) return;
  if (workers == 1 || t_inside_pool || threads_.empty()) {
    for (int w = 0; w < workers; ++w) fn(w);
    return;
  }
  std::lock_guard run_lock(run_mutex_);
  Job job;
  job.fn = &fn;
  job.workers = workers;
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    ++generation_;
  }
  wake_.notify_all();
  // The caller works too.
  t_inside_pool = true;
  while (true) {
    int w = job.next.fetch_add(1);
    if (w >= workers) break;
    try {
      fn(w);
    } catch (...) {
      std::lock_guard lock(job.error_mutex);
      if (!job.error) job.error = std::current_exception();
    }
    job.done.fetch_add(1);
  }
  t_inside_pool = false;
  {
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return job.done.load() == workers && attached_ == 0; });
    job_ = nullptr;
  }
  if (job.error) std::rethrow_exception(job.error);
}

void ThreadPool::parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  int64_t tasks = (n + grain - 1) / grain;
  std::atomic<int64_t> cursor{0};
  int workers = static_cast<int>(std::min<int64_t>(tasks, size()));
  run(workers, [&](int) {
    while (true) {
      int64_t t = cursor.fetch_add(1);
      if (t >= tasks) break;
      fn(t * grain, std::min(n, (t + 1) * grain));
    }
  });
}

int ThreadPool::default_threads() {
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, env_int("FLOE_MAX_THREADS", cores));
}

ThreadPool& ThreadPool::global() {
  static ThreadPool pool(default_threads());
  return pool;
}

int64_t morsel_rows() {
  static const int64_t rows = std::max(1, env_int("FLOE_MORSEL_SIZE", FLOE_DEFAULT_MORSEL_ROWS));
  return rows;
}

}  // namespace floe
