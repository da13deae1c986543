// The worker role: runs stage tasks with the local engine and serves their output partitions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace floe::cluster {

struct WorkerOptions {
  std::string scheduler_address = "127.0.0.1:5051";
  std::string host = "0.0.0.0";             // address the Worker service binds
  std::string advertise_host = "127.0.0.1";  // address peers and the scheduler use
  int port = 0;                              // 0: any free port
  std::string shuffle_dir = "/tmp/floe/shuffle";
  std::string node_id;
  int threads = 0;
  int64_t memory_limit = 0;
  int heartbeat_ms = 1000;
  bool insecure = true;
};

/// A worker process's service: registers with the scheduler (retrying until it answers),
/// heartbeats, and runs the tasks the scheduler sends. Each task reads its exchange inputs from
/// the workers that produced them (over gRPC, or from its own shuffle directory), runs its plan
/// fragment on all cores and writes its output partitions to the shuffle directory.
class Worker {
 public:
  explicit Worker(WorkerOptions options);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Binds the service and starts registering and heartbeating; returns at once.
  void start();
  /// Blocks until shutdown().
  void wait();
  void shutdown();
  /// host:port peers reach this worker at (after start()).
  std::string address() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::cluster
