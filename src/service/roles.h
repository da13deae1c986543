// The cluster roles of the floe binary: scheduler, worker, service and local.
#pragma once

#include <optional>
#include <string>

#include "cluster/config.h"

namespace floe::service {

/// Runs the scheduler until SIGINT or SIGTERM; returns the exit code.
int run_scheduler(const cluster::ClusterConfig& config);

/// Runs a worker until SIGINT or SIGTERM; returns the exit code.
int run_worker(const cluster::ClusterConfig& config);

/// A scheduler in this process and `workers` worker processes (children of this one, stopped
/// with it), each with its own shuffle directory below the configured one.
int run_local(const cluster::ClusterConfig& config, int workers);

}  // namespace floe::service
