// The C++ client of a Floe cluster: what `fl.ClusterContext` and query handles call.
#pragma once

#include <memory>
#include <string>

#include "core/data_frame.h"
#include "floe/service.pb.h"
#include "plan/logical_plan.h"

namespace floe::cluster {

/// A connection to a scheduler. Every call has a deadline: an unreachable scheduler raises
/// ConnectionFailed ("Error setting up gRPC connection ...") within seconds.
class ClusterClient {
 public:
  ClusterClient(const std::string& host, int port, bool insecure, double timeout_seconds = 10);
  ~ClusterClient();

  const std::string& address() const { return address_; }

  /// Submits `plan` (not yet optimized: the scheduler optimizes it); returns the query id.
  std::string submit(const PlanPtr& plan, bool distributed, const std::string& sink_path = "",
                     const std::string& tag = "");
  proto::QueryStatus status(const std::string& query_id);
  /// Polls until the query has finished (or `timeout_seconds` passed, then returns the last
  /// status).
  proto::QueryStatus wait(const std::string& query_id, double timeout_seconds = -1);
  /// The result of a succeeded query streamed from the scheduler (or read from where it was
  /// stored). Raises the query's error when it failed or was cancelled.
  DataFrame result(const std::string& query_id);
  proto::QueryStatus cancel(const std::string& query_id);
  /// The stage graph the scheduler would run for `plan`.
  std::string explain(const PlanPtr& plan, bool distributed);
  proto::ClusterInfo cluster_info();

 private:
  void reconnect();

  std::string address_;
  bool insecure_;
  double timeout_;
  struct Stub;
  std::unique_ptr<Stub> stub_;
};

/// Raises the error of a failed or cancelled query, with its kind as raised on the cluster.
void raise_query_error(const proto::QueryStatus& status);

}  // namespace floe::cluster
