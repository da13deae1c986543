// Configuration of Floe's cluster processes: defaults, then a TOML file, then FLOE__* variables.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::cluster {

/// "<hostname>-<pid>": unique per process on a cluster of distinct hosts.
std::string default_node_id();

/// Settings of the scheduler process ([scheduler] in the file, FLOE__SCHEDULER__KEY).
struct SchedulerConfig {
  std::string host = "0.0.0.0";  ///< address the gRPC service binds
  int port = 5051;               ///< 0: any free port
  int n_workers = 0;             ///< workers to wait for before running queries; 0: don't wait
  int heartbeat_interval_ms = 1000;  ///< interval the scheduler asks workers to heartbeat at
  int worker_timeout_ms = 10000;     ///< a worker silent this long is dead
  int64_t broadcast_threshold_rows = 1'000'000;  ///< join sides estimated smaller are broadcast
  int64_t result_threshold_bytes = 64LL << 20;   ///< larger results go to results_dir as Parquet
  std::string results_dir = "/tmp/floe/results";  ///< the anonymous-results location
  int max_concurrent_queries = 1;                 ///< further queries wait in a queue
  int dashboard_port = 8080;                      ///< 0: no dashboard

  bool operator==(const SchedulerConfig&) const = default;
};

/// Settings of a worker process ([worker] in the file, FLOE__WORKER__KEY).
struct WorkerConfig {
  std::string scheduler_address = "127.0.0.1:5051";  ///< HOST:PORT of the scheduler
  std::string host = "0.0.0.0";                      ///< address the worker's service binds
  std::string advertise_host = "127.0.0.1";          ///< address the scheduler and peers use
  int port = 0;                                      ///< 0: any free port
  std::string shuffle_dir = "/tmp/floe/shuffle";
  int threads = 0;           ///< 0: all cores
  int64_t memory_limit = 0;  ///< bytes; 0: no limit
  int heartbeat_interval_ms = 1000;

  bool operator==(const WorkerConfig&) const = default;
};

/// The whole configuration of one process. Top-level keys: role, cluster_id, node_id.
struct ClusterConfig {
  std::string role;                ///< "scheduler", "worker" or "" (chosen by the command line)
  std::string cluster_id = "floe";
  std::string node_id = default_node_id();  ///< names this process in logs and to the scheduler
  SchedulerConfig scheduler;
  WorkerConfig worker;

  bool operator==(const ClusterConfig&) const = default;
};

/// The effective configuration: defaults, then the TOML file at `path` (when given), then the
/// variables in `env` named FLOE__SECTION__KEY or FLOE__KEY (section and key case-insensitive;
/// other variables are ignored). Throws InvalidArgument naming the file (with line and column)
/// or the variable, and the key, for: an unreadable or malformed file, an unknown section or key
/// (listing the valid ones), a value of the wrong type, or one out of range.
ClusterConfig load_config(const std::optional<std::string>& path, const std::map<std::string, std::string>& env);

/// The process's environment variables (from `environ`), for load_config.
std::map<std::string, std::string> environment_map();

/// The configuration as a TOML document with every key, each after a one-line comment;
/// load_config of the text gives back an equal ClusterConfig.
std::string to_toml(const ClusterConfig& config);

/// Bytes in a size such as "4GiB", "512MB", "1.5G", "64 KiB" or "1048576". Units are
/// case-insensitive; K, M, G, T (with or without a trailing B) are powers of 1000 and KiB,
/// MiB, GiB, TiB (or Ki, Mi, Gi, Ti) powers of 1024, as in Kubernetes. Fractions round down to
/// whole bytes. Throws InvalidArgument for anything else, negative sizes and overflow.
int64_t parse_byte_size(std::string_view text);

/// Every configurable key as "key" (top level) or "section.key", in file order.
std::vector<std::string> config_keys();

}  // namespace floe::cluster
