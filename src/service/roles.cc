// The cluster roles of the floe binary (see roles.h).
#include "service/roles.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cluster/log.h"
#include "cluster/scheduler.h"
#include "cluster/worker.h"

namespace floe::service {

namespace {

/// SIGINT and SIGTERM write their number to a pipe that wait_for_signal() reads: a handler
/// works whichever thread the signal lands on (gRPC starts threads of its own).
int signal_pipe[2] = {-1, -1};

void on_stop_signal(int signal) {
  const char byte = static_cast<char>(signal);
  [[maybe_unused]] ssize_t ignored = write(signal_pipe[1], &byte, 1);
}

struct StopSignals {};

StopSignals block_stop_signals() {
  if (signal_pipe[0] < 0 && pipe(signal_pipe) != 0) std::perror("floe: pipe");
  struct sigaction action = {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return {};
}

int wait_for_signal(const StopSignals&) {
  char byte = 0;
  while (read(signal_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  return byte;
}

cluster::SchedulerOptions scheduler_options(const cluster::ClusterConfig& config) {
  cluster::SchedulerOptions o;
  o.host = config.scheduler.host;
  o.port = config.scheduler.port;
  o.cluster_id = config.cluster_id;
  o.expected_workers = config.scheduler.n_workers;
  o.heartbeat_ms = config.scheduler.heartbeat_interval_ms;
  o.worker_timeout_ms = config.scheduler.worker_timeout_ms;
  o.broadcast_threshold_rows = config.scheduler.broadcast_threshold_rows;
  o.result_threshold_bytes = config.scheduler.result_threshold_bytes;
  o.results_dir = config.scheduler.results_dir;
  o.max_concurrent_queries = config.scheduler.max_concurrent_queries;
  return o;
}

cluster::WorkerOptions worker_options(const cluster::ClusterConfig& config) {
  cluster::WorkerOptions o;
  o.scheduler_address = config.worker.scheduler_address;
  o.host = config.worker.host;
  o.advertise_host = config.worker.advertise_host;
  o.port = config.worker.port;
  o.shuffle_dir = config.worker.shuffle_dir;
  o.node_id = config.node_id;
  o.threads = config.worker.threads;
  o.memory_limit = config.worker.memory_limit;
  o.heartbeat_ms = config.worker.heartbeat_interval_ms;
  return o;
}

}  // namespace

int run_scheduler(const cluster::ClusterConfig& config) {
  const StopSignals signals = block_stop_signals();
  cluster::set_log_role("scheduler");
  cluster::Scheduler scheduler(scheduler_options(config));
  scheduler.start();
  const int signal = wait_for_signal(signals);
  cluster::log_event("info", "stopping", {{"signal", std::to_string(signal)}});
  scheduler.shutdown();
  return 0;
}

int run_worker(const cluster::ClusterConfig& config) {
  const StopSignals signals = block_stop_signals();
  cluster::set_log_role("worker");
  if (config.worker.threads > 0) setenv("FLOE_MAX_THREADS", std::to_string(config.worker.threads).c_str(), 1);
  cluster::Worker worker(worker_options(config));
  worker.start();
  const int signal = wait_for_signal(signals);
  cluster::log_event("info", "stopping", {{"signal", std::to_string(signal)}});
  worker.shutdown();
  return 0;
}

int run_local(const cluster::ClusterConfig& config, int workers) {
  const StopSignals signals = block_stop_signals();
  cluster::set_log_role("local");
  auto options = scheduler_options(config);
  options.expected_workers = std::max(options.expected_workers, workers);
  cluster::Scheduler scheduler(options);
  scheduler.start();
  const std::string scheduler_address = fmt::format("127.0.0.1:{}", scheduler.port());

  // Each core is shared: the workers split the machine's cores between them unless told.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = config.worker.threads > 0 ? config.worker.threads : std::max(1, cores / std::max(1, workers));
  std::vector<pid_t> children;
  for (int i = 0; i < workers; ++i) {
    const std::string node_id = fmt::format("{}-worker-{}", config.cluster_id, i);
    const std::string shuffle = fmt::format("{}/{}", config.worker.shuffle_dir, node_id);
    std::vector<std::string> args = {"floe", "worker", "--scheduler", scheduler_address, "--node-id", node_id,
                                     "--shuffle-dir", shuffle, "--threads", std::to_string(threads)};
    pid_t pid = fork();
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive `floe local`
      signal(SIGINT, SIG_DFL);
      signal(SIGTERM, SIG_DFL);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/proc/self/exe", argv.data());
      std::perror("floe local: cannot start a worker");
      _exit(127);
    }
    if (pid > 0) children.push_back(pid);
  }
  std::printf("Floe local cluster: scheduler at %s with %d worker%s (%d thread%s each)\n", scheduler_address.c_str(),
              workers, workers == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
  std::fflush(stdout);

  const int signal = wait_for_signal(signals);
  cluster::log_event("info", "stopping", {{"signal", std::to_string(signal)}});
  for (pid_t pid : children) kill(pid, SIGTERM);
  for (pid_t pid : children) waitpid(pid, nullptr, 0);
  scheduler.shutdown();
  return 0;
}

}  // namespace floe::service
