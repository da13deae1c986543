// Samples of this process's and this host's CPU and memory use, and a history for the dashboard.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace floe::cluster {

/// One sample. Values that cannot be read (no /proc) are 0.
struct HostMetrics {
  int64_t timestamp_ms = 0;          ///< when sampled, milliseconds since the Unix epoch
  double cpu_percent = 0;            ///< this process since the previous sample; 100 = one core busy, as in top
  double host_cpu_percent = 0;       ///< the whole host since the previous sample; 100 = every core busy
  double process_cpu_seconds = 0;    ///< user + system CPU time of this process since it started
  int64_t rss_bytes = 0;             ///< resident memory of this process
  int64_t total_memory_bytes = 0;    ///< the host's memory, or the cgroup's limit when lower (containers)
  int64_t available_memory_bytes = 0;  ///< memory that can still be allocated without swapping
  double load_1m = 0;                ///< load averages from /proc/loadavg
  double load_5m = 0;
  double load_15m = 0;
  int cores = 1;                     ///< cores this process may run on
  int threads = 0;                   ///< threads of this process
};

/// Samples now. CPU percentages are measured since the previous call in this process (the
/// first call reports the average since the process started, and for the host since boot).
/// Thread-safe; never throws.
HostMetrics sample_host_metrics();

/// The last `capacity` samples, oldest first: a fixed-size ring buffer that threads may push to
/// and read from concurrently (the sampler thread writes, dashboard requests read).
class MetricsHistory {
 public:
  /// Ten minutes of one sample per second by default. Throws InvalidArgument for 0.
  explicit MetricsHistory(size_t capacity = 600);

  /// Adds a sample, dropping the oldest when full.
  void push(const HostMetrics& sample);

  /// The samples held, oldest first.
  std::vector<HostMetrics> snapshot() const;

  /// The samples with timestamp_ms > after_ms, oldest first (for polling clients).
  std::vector<HostMetrics> snapshot_since(int64_t after_ms) const;

  size_t size() const;
  size_t capacity() const { return capacity_; }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<HostMetrics> ring_;  // grows to capacity_, then overwritten from next_
  size_t next_ = 0;                // where the next sample goes once full
};

}  // namespace floe::cluster
