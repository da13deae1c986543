// The scheduler role: the cluster's entry point for clients and its registry of workers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "floe/service.pb.h"

namespace floe::cluster {

struct SchedulerOptions {
  std::string host = "0.0.0.0";
  int port = 5051;  // 0: any free port
  std::string cluster_id = "floe";
  int expected_workers = 0;  // queries wait until this many workers have registered
  int heartbeat_ms = 1000;
  int worker_timeout_ms = 10000;  // a worker silent this long is dead
  int64_t broadcast_threshold_rows = 1'000'000;
  int64_t result_threshold_bytes = 64 << 20;  // larger results are stored as Parquet in results_dir
  std::string results_dir = "/tmp/floe/results";
  int max_concurrent_queries = 1;  // others wait in a queue
  bool insecure = true;
};

/// Accepts queries, optimizes and cuts them into stages, runs the stages' tasks on the
/// registered workers in dependency order, tracks progress, and hands results to clients
/// (streamed from memory, or stored as Parquet when large). A worker that stops heartbeating is
/// dead: its running tasks fail their query with an error naming it.
class Scheduler {
 public:
  explicit Scheduler(SchedulerOptions options);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Binds the service and starts the dispatcher; returns at once.
  void start();
  void wait();
  void shutdown();
  int port() const;

  /// Snapshots for the dashboard.
  proto::ClusterInfo cluster_info() const;
  proto::QueryList list_queries() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::cluster
