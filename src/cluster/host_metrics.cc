// Host metrics from /proc, /sys/fs/cgroup and getrusage (see host_metrics.h).
#include "cluster/host_metrics.h"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/error.h"

namespace floe::cluster {

namespace {

std::string read_small_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The fields of /proc/self/stat after the command name, which may itself contain spaces and
/// parentheses (hence the search for the last ')'). Element 0 is field 3 (state) of proc(5).
std::vector<std::string> self_stat_fields() {
  const std::string stat = read_small_file("/proc/self/stat");
  const size_t close = stat.rfind(')');
  std::vector<std::string> out;
  if (close == std::string::npos) return out;
  std::istringstream in(stat.substr(close + 1));
  for (std::string field; in >> field;) out.push_back(field);
  return out;
}

/// Value in kB of a "Name:   123 kB" line of /proc/meminfo, in bytes; 0 when missing.
int64_t meminfo_bytes(const std::string& meminfo, const std::string& name) {
  const size_t at = meminfo.find(name + ":");
  if (at == std::string::npos) return 0;
  return std::strtoll(meminfo.c_str() + at + name.size() + 1, nullptr, 10) * 1024;
}

/// A cgroup v2 memory file as a number; -1 for "max" or when unreadable.
int64_t cgroup_number(const std::string& path) {
  const std::string text = read_small_file(path);
  if (text.empty() || text.compare(0, 3, "max") == 0) return -1;
  return std::strtoll(text.c_str(), nullptr, 10);
}

/// Lowers total and available memory to the tightest cgroup v2 limit on this process, so a
/// container reports its own budget rather than the host's.
void apply_cgroup_limit(int64_t& total, int64_t& available) {
  const std::string cgroups = read_small_file("/proc/self/cgroup");
  const size_t at = cgroups.find("0::");
  if (at == std::string::npos) return;
  std::string path = cgroups.substr(at + 3, cgroups.find('\n', at) - at - 3);
  while (true) {
    const std::string dir = "/sys/fs/cgroup" + (path == "/" ? std::string() : path);
    const int64_t limit = cgroup_number(dir + "/memory.max");
    if (limit > 0 && (total == 0 || limit < total)) {
      total = limit;
      const int64_t used = cgroup_number(dir + "/memory.current");
      if (used >= 0) available = std::clamp<int64_t>(limit - used, 0, available > 0 ? available : limit);
    }
    if (path.empty() || path == "/") break;
    const size_t slash = path.rfind('/');
    path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
  }
}

/// Busy and total jiffies of all cores, from the first line of /proc/stat.
std::pair<double, double> host_cpu_jiffies() {
  std::istringstream in(read_small_file("/proc/stat"));
  std::string label;
  in >> label;
  if (label != "cpu") return {0, 0};
  // user nice system idle iowait irq softirq steal; guest time is already counted in user.
  double v[8] = {};
  for (double& x : v) in >> x;
  double total = 0;
  for (double x : v) total += x;
  return {total - v[3] - v[4], total};
}

double process_cpu_seconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// Seconds since this process started, from /proc (for the first sample's CPU average).
double process_age_seconds(const std::vector<std::string>& stat) {
  constexpr size_t kStartTime = 22 - 3;  // proc(5) field 22, in clock ticks after boot
  if (stat.size() <= kStartTime) return 0;
  const double uptime = std::strtod(read_small_file("/proc/uptime").c_str(), nullptr);
  const double start = std::strtod(stat[kStartTime].c_str(), nullptr) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return std::max(0.0, uptime - start);
}

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

/// What the previous sample saw, so CPU percentages cover the interval between samples.
struct PreviousSample {
  std::mutex mutex;
  bool valid = false;
  std::chrono::steady_clock::time_point at;
  double process_cpu = 0;
  double host_busy = 0;
  double host_total = 0;
};

PreviousSample& previous_sample() {
  static PreviousSample previous;
  return previous;
}

}  // namespace

HostMetrics sample_host_metrics() {
  HostMetrics m;
  m.timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  m.cores = usable_cores();
  m.process_cpu_seconds = process_cpu_seconds();

  const std::vector<std::string> stat = self_stat_fields();
  constexpr size_t kNumThreads = 20 - 3;
  if (stat.size() > kNumThreads) m.threads = std::atoi(stat[kNumThreads].c_str());

  std::istringstream statm(read_small_file("/proc/self/statm"));
  int64_t size_pages = 0, resident_pages = 0;
  if (statm >> size_pages >> resident_pages) m.rss_bytes = resident_pages * sysconf(_SC_PAGESIZE);

  const std::string meminfo = read_small_file("/proc/meminfo");
  m.total_memory_bytes = meminfo_bytes(meminfo, "MemTotal");
  m.available_memory_bytes = meminfo_bytes(meminfo, "MemAvailable");
  apply_cgroup_limit(m.total_memory_bytes, m.available_memory_bytes);

  std::istringstream loadavg(read_small_file("/proc/loadavg"));
  loadavg >> m.load_1m >> m.load_5m >> m.load_15m;

  const auto [host_busy, host_total] = host_cpu_jiffies();
  const auto now = std::chrono::steady_clock::now();
  PreviousSample& previous = previous_sample();
  std::lock_guard lock(previous.mutex);
  double wall = previous.valid ? std::chrono::duration<double>(now - previous.at).count() : process_age_seconds(stat);
  double cpu = m.process_cpu_seconds - (previous.valid ? previous.process_cpu : 0);
  if (wall > 1e-3) m.cpu_percent = std::max(0.0, 100.0 * cpu / wall);
  const double busy = host_busy - (previous.valid ? previous.host_busy : 0);
  const double total = host_total - (previous.valid ? previous.host_total : 0);
  if (total > 0) m.host_cpu_percent = std::clamp(100.0 * busy / total, 0.0, 100.0);
  // Samples closer together than 10 ms would give noisy percentages: keep the older baseline.
  if (!previous.valid || wall >= 0.01) {
    previous.valid = true;
    previous.at = now;
    previous.process_cpu = m.process_cpu_seconds;
    previous.host_busy = host_busy;
    previous.host_total = host_total;
  }
  return m;
}

MetricsHistory::MetricsHistory(size_t capacity) : capacity_(capacity) {
  FLOE_USER_CHECK(capacity > 0, InvalidArgument, "MetricsHistory needs a capacity of at least 1 sample");
  ring_.reserve(capacity);
}

void MetricsHistory::push(const HostMetrics& sample) {
  std::lock_guard lock(mutex_);
  if (ring_.size() < capacity_) {
    ring_.push_back(sample);
    return;
  }
  ring_[next_] = sample;
  next_ = (next_ + 1) % capacity_;
}

std::vector<HostMetrics> MetricsHistory::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<HostMetrics> out;
  out.reserve(ring_.size());
  // Once full, the oldest sample sits at next_.
  out.insert(out.end(), ring_.begin() + static_cast<ptrdiff_t>(next_), ring_.end());
  out.insert(out.end(), ring_.begin(), ring_.begin() + static_cast<ptrdiff_t>(next_));
  return out;
}

std::vector<HostMetrics> MetricsHistory::snapshot_since(int64_t after_ms) const {
  std::vector<HostMetrics> all = snapshot();
  std::erase_if(all, [&](const HostMetrics& m) { return m.timestamp_ms <= after_ms; });
  return all;
}

size_t MetricsHistory::size() const {
  std::lock_guard lock(mutex_);
  return ring_.size();
}

}  // namespace floe::cluster
