// What every gRPC endpoint of the cluster shares: versions, channels, and errors as statuses.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "floe/service.grpc.pb.h"

namespace floe::cluster {

/// The release of this build, and the protocol version of proto/floe/*.proto: a client, worker
/// or scheduler refuses peers of another protocol version.
inline constexpr const char* kFloeVersion = "0.1.0";
inline constexpr uint32_t kProtocolVersion = 1;

/// Messages may carry plans with inline frames and blocks of shuffle data.
inline constexpr int kMaxMessageBytes = 512 * 1024 * 1024;

void set_version(proto::Version* version);

/// OK, or FAILED_PRECONDITION naming both versions when `peer` speaks another protocol.
grpc::Status check_version(const proto::Version& peer);

/// A channel to `address` ("host:port"), plaintext when `insecure`, else TLS with the system's
/// root certificates.
std::shared_ptr<grpc::Channel> make_channel(const std::string& address, bool insecure);

/// Runs `body`, turning a floe::Error into a status whose message is "Kind: message" (so the
/// client can raise the same Python exception), and anything else into INTERNAL.
template <typename Body>
grpc::Status guarded(Body&& body);

/// The error a failed call raises: floe::Error subclasses recovered from "Kind: message",
/// RuntimeError-like floe::IoError for transport failures (with `what` naming the call).
[[noreturn]] void throw_status(const grpc::Status& status, const std::string& what);

/// Raises the error a "[Kind] message" text stands for (as error_status writes them), with that
/// kind; an untagged text raises `untagged_kind`.
[[noreturn]] void throw_tagged(const std::string& text, const std::string& untagged_kind);

/// A deadline `seconds` from now, for a client context.
inline std::chrono::system_clock::time_point deadline_after(double seconds) {
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(seconds));
}

grpc::Status error_status(const std::exception& e);

/// Starts a plaintext gRPC server for `service` on host:port (port 0: any free port); returns it
/// and sets `bound_port`. Throws ConnectionFailed naming `role` when it cannot listen.
std::unique_ptr<grpc::Server> serve(grpc::Service* service, const std::string& host, int port, int* bound_port,
                                    const std::string& role);

template <typename Body>
grpc::Status guarded(Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return error_status(e);
  }
}

}  // namespace floe::cluster
