// Tests of host metrics sampling (values are plausible) and of the metrics history ring buffer.
#include "cluster/host_metrics.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"

namespace floe::cluster {
namespace {

TEST(HostMetrics, SampleIsPlausible) {
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const HostMetrics m = sample_host_metrics();
  EXPECT_GE(m.timestamp_ms, before);
  EXPECT_LT(m.timestamp_ms, before + 60'000);
  EXPECT_GT(m.rss_bytes, 1 << 20);  // a gtest binary holds more than a MiB
  EXPECT_GE(m.cores, 1);
  EXPECT_LE(m.cores, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_GT(m.total_memory_bytes, m.rss_bytes);
  EXPECT_GT(m.available_memory_bytes, 0);
  EXPECT_LE(m.available_memory_bytes, m.total_memory_bytes);
  EXPECT_GE(m.load_1m, 0);
  EXPECT_GE(m.load_5m, 0);
  EXPECT_GE(m.load_15m, 0);
  EXPECT_GE(m.threads, 1);
  EXPECT_GT(m.process_cpu_seconds, 0);
  EXPECT_GE(m.cpu_percent, 0);
  EXPECT_GE(m.host_cpu_percent, 0);
  EXPECT_LE(m.host_cpu_percent, 100);
}

TEST(HostMetrics, CpuPercentMeasuresTheIntervalSinceTheLastSample) {
  sample_host_metrics();  // baseline
  // Spin one thread for ~300 ms: this process uses about one core over the interval.
  const auto start = std::chrono::steady_clock::now();
  volatile uint64_t sink = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(300)) sink = sink + 1;
  const HostMetrics busy = sample_host_metrics();
  EXPECT_GT(busy.cpu_percent, 40);  // generous: the machine may be shared
  EXPECT_LT(busy.cpu_percent, 100.0 * busy.cores + 20);
  EXPECT_GT(busy.host_cpu_percent, 0);

  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const HostMetrics idle = sample_host_metrics();
  EXPECT_LT(idle.cpu_percent, 40);
  EXPECT_GE(idle.process_cpu_seconds, busy.process_cpu_seconds);
}

HostMetrics at(int64_t ms) {
  HostMetrics m;
  m.timestamp_ms = ms;
  m.rss_bytes = ms * 10;
  return m;
}

std::vector<int64_t> timestamps(const std::vector<HostMetrics>& samples) {
  std::vector<int64_t> out;
  for (const auto& s : samples) out.push_back(s.timestamp_ms);
  return out;
}

TEST(HostMetricsHistory, KeepsTheLastCapacitySamplesOldestFirst) {
  MetricsHistory history(3);
  EXPECT_EQ(history.capacity(), 3u);
  EXPECT_TRUE(history.snapshot().empty());
  history.push(at(1));
  history.push(at(2));
  EXPECT_EQ(timestamps(history.snapshot()), (std::vector<int64_t>{1, 2}));
  history.push(at(3));
  EXPECT_EQ(timestamps(history.snapshot()), (std::vector<int64_t>{1, 2, 3}));
  history.push(at(4));
  EXPECT_EQ(timestamps(history.snapshot()), (std::vector<int64_t>{2, 3, 4}));
  for (int64_t t = 5; t <= 11; ++t) history.push(at(t));
  EXPECT_EQ(history.size(), 3u);
  const auto last = history.snapshot();
  EXPECT_EQ(timestamps(last), (std::vector<int64_t>{9, 10, 11}));
  EXPECT_EQ(last[2].rss_bytes, 110);  // whole samples are kept, not just timestamps
  EXPECT_EQ(timestamps(history.snapshot_since(9)), (std::vector<int64_t>{10, 11}));
  EXPECT_TRUE(history.snapshot_since(11).empty());
}

TEST(HostMetricsHistory, DefaultsToTenMinutesAtOneHertz) {
  MetricsHistory history;
  EXPECT_EQ(history.capacity(), 600u);
  for (int64_t t = 0; t < 1000; ++t) history.push(at(t));
  const auto all = history.snapshot();
  ASSERT_EQ(all.size(), 600u);
  EXPECT_EQ(all.front().timestamp_ms, 400);
  EXPECT_EQ(all.back().timestamp_ms, 999);
}

TEST(HostMetricsHistory, RejectsZeroCapacity) {
  try {
    MetricsHistory history(0);
    FAIL() << "no error";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("capacity of at least 1"), std::string::npos) << e.what();
  }
}

TEST(HostMetricsHistory, ConcurrentPushAndSnapshotStayOrdered) {
  MetricsHistory history(64);
  constexpr int kWriters = 4, kPerWriter = 5000;
  std::atomic<int64_t> clock{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < kPerWriter; ++i) {
        // Timestamps taken under the history's order: each push carries a fresh, larger one.
        static std::mutex order;
        std::lock_guard lock(order);
        history.push(at(++clock));
      }
    });
  }
  int snapshots = 0;
  while (!done) {
    const auto s = history.snapshot();
    for (size_t i = 1; i < s.size(); ++i) ASSERT_LT(s[i - 1].timestamp_ms, s[i].timestamp_ms);
    ++snapshots;
    done = clock == kWriters * kPerWriter;
  }
  for (auto& t : writers) t.join();
  const auto final = history.snapshot();
  ASSERT_EQ(final.size(), 64u);
  EXPECT_EQ(final.back().timestamp_ms, kWriters * kPerWriter);
  EXPECT_EQ(final.front().timestamp_ms, kWriters * kPerWriter - 63);
  EXPECT_GT(snapshots, 0);
}

}  // namespace
}  // namespace floe::cluster
