// The C++ client of a Floe cluster (see client.h).
#include "cluster/client.h"

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "cluster/block_format.h"
#include "cluster/plan_serde.h"
#include "cluster/rpc.h"
#include "cluster/shuffle_store.h"
#include "core/error.h"
#include "io/parquet/parquet_reader.h"

namespace floe::cluster {

struct ClusterClient::Stub {
  std::unique_ptr<proto::Scheduler::Stub> scheduler;
};

namespace {

/// The error of a call that did not reach the scheduler, worded as Polars Cloud words it.
[[noreturn]] void unreachable(const std::string& address, bool insecure, const grpc::Status& status) {
  throw ConnectionFailed(fmt::format(
      "Error setting up gRPC connection, transport error\ntcp connect error: could not reach the Floe scheduler at {} ({})\n"
      "Hint: is the cluster running? Start one on this machine with `floe local --workers 2`, or check "
      "compute_address and compute_port{}",
      address, status.error_message(),
      insecure ? "" : "; a cluster without TLS (such as `floe local`) needs ClusterContext(..., insecure=True)"));
}

}  // namespace

ClusterClient::ClusterClient(const std::string& host, int port, bool insecure, double timeout_seconds)
    : address_(fmt::format("{}:{}", host, port)), insecure_(insecure), timeout_(timeout_seconds), stub_(std::make_unique<Stub>()) {
  FLOE_USER_CHECK(port > 0 && port < 65536, InvalidArgument, "compute_port must be between 1 and 65535, got {}", port);
  FLOE_USER_CHECK(!host.empty(), InvalidArgument, "compute_address must not be empty");
  reconnect();
}

void ClusterClient::reconnect() {
  // A fresh channel: one that failed to connect waits out its backoff before trying again,
  // which would keep failing calls for seconds after the scheduler came up.
  stub_->scheduler = proto::Scheduler::NewStub(make_channel(address_, insecure_));
}

ClusterClient::~ClusterClient() = default;

/// One call to the scheduler with a deadline of the client's timeout plus `extra` seconds; an
/// unreachable scheduler raises the connection error with its hint.
#define FLOE_CALL_WITHIN(method, request, response, extra)                                  \
  do {                                                                                      \
    grpc::ClientContext context;                                                            \
    context.set_deadline(deadline_after(timeout_ + (extra)));                               \
    grpc::Status status = stub_->scheduler->method(&context, request, response);           \
    if (!status.ok()) {                                                                     \
      if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||                           \
          status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {                     \
        reconnect();                                                                        \
        unreachable(address_, insecure_, status);                                           \
      }                                                                                     \
      throw_status(status, #method);                                                        \
    }                                                                                       \
  } while (0)
#define FLOE_CALL(method, request, response) FLOE_CALL_WITHIN(method, request, response, 0.0)

std::string ClusterClient::submit(const PlanPtr& plan, bool distributed, const std::string& sink_path,
                                  const std::string& tag) {
  proto::SubmitQueryRequest request;
  set_version(request.mutable_version());
  request.set_plan(serialize_plan(plan));
  request.set_distributed(distributed);
  request.set_sink_path(sink_path);
  request.set_tag(tag);
  proto::SubmitQueryResponse response;
  FLOE_CALL(SubmitQuery, request, &response);
  return response.query_id();
}

proto::QueryStatus ClusterClient::status(const std::string& query_id) {
  proto::QueryRef request;
  set_version(request.mutable_version());
  request.set_query_id(query_id);
  proto::QueryStatus response;
  FLOE_CALL(GetQueryStatus, request, &response);
  return response;
}

proto::QueryStatus ClusterClient::wait(const std::string& query_id, double timeout_seconds) {
  const auto start = std::chrono::steady_clock::now();
  while (true) {
    // Long polls: the scheduler answers as soon as the query finishes.
    double wait = 5.0;
    if (timeout_seconds >= 0) {
      wait = std::min(wait, timeout_seconds - std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    proto::QueryRef request;
    set_version(request.mutable_version());
    request.set_query_id(query_id);
    request.set_wait_ms(static_cast<uint32_t>(std::max(0.0, wait) * 1000));
    proto::QueryStatus s;
    FLOE_CALL_WITHIN(GetQueryStatus, request, &s, std::max(0.0, wait));
    if (s.state() != proto::QueryStatus::QUEUED && s.state() != proto::QueryStatus::RUNNING) return s;
    if (wait <= 0) return s;
  }
}

void raise_query_error(const proto::QueryStatus& status) {
  if (status.state() == proto::QueryStatus::CANCELLED) {
    throw Cancelled(fmt::format("query {} was cancelled", status.query_id()));
  }
  if (status.state() != proto::QueryStatus::FAILED) return;
  throw_tagged(status.error(), "ComputeError");
}

DataFrame ClusterClient::result(const std::string& query_id) {
  proto::QueryStatus s = wait(query_id);
  raise_query_error(s);
  FLOE_USER_CHECK(s.state() == proto::QueryStatus::SUCCEEDED, InvalidOperation, "query {} has not finished",
                  query_id);
  if (!s.result_location().empty()) return io::read_parquet(s.result_location());
  proto::QueryRef request;
  set_version(request.mutable_version());
  request.set_query_id(query_id);
  grpc::ClientContext context;
  auto reader = stub_->scheduler->FetchResult(&context, request);
  std::vector<std::string> blocks;
  proto::DataBlock block;
  while (reader->Read(&block)) blocks.push_back(std::move(*block.mutable_data()));
  grpc::Status status = reader->Finish();
  if (!status.ok()) throw_status(status, "fetching the result");
  FLOE_USER_CHECK(!blocks.empty(), IoError, "the scheduler sent no data for query {}", query_id);
  return decode_blocks(decode_block_schema(blocks[0]), blocks);
}

proto::QueryStatus ClusterClient::cancel(const std::string& query_id) {
  proto::QueryRef request;
  set_version(request.mutable_version());
  request.set_query_id(query_id);
  proto::QueryStatus response;
  FLOE_CALL(CancelQuery, request, &response);
  return response;
}

std::string ClusterClient::explain(const PlanPtr& plan, bool distributed) {
  proto::ExplainRequest request;
  set_version(request.mutable_version());
  request.set_plan(serialize_plan(plan));
  request.set_distributed(distributed);
  proto::ExplainResponse response;
  FLOE_CALL(Explain, request, &response);
  return response.text();
}

proto::ClusterInfo ClusterClient::cluster_info() {
  proto::ClusterInfoRequest request;
  set_version(request.mutable_version());
  proto::ClusterInfo response;
  FLOE_CALL(GetClusterInfo, request, &response);
  return response;
}

}  // namespace floe::cluster
