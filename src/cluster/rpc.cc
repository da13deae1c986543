// Versions, channels and errors of the cluster's gRPC endpoints (see rpc.h).
#include "cluster/rpc.h"

#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/error.h"

namespace floe::cluster {

void set_version(proto::Version* version) {
  version->set_floe(kFloeVersion);
  version->set_protocol(kProtocolVersion);
}

grpc::Status check_version(const proto::Version& peer) {
  if (peer.protocol() == kProtocolVersion) return grpc::Status::OK;
  return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                      fmt::format("[InvalidOperationError] version mismatch: the client is Floe {} (protocol {}) but the "
                                  "cluster runs Floe {} (protocol {}); client and cluster must run the same version",
                                  peer.floe().empty() ? "unknown" : peer.floe(), peer.protocol(), kFloeVersion,
                                  kProtocolVersion));
}

std::shared_ptr<grpc::Channel> make_channel(const std::string& address, bool insecure) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  // Fail fast when the peer is down instead of backing off for minutes between attempts.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  auto credentials = insecure ? grpc::InsecureChannelCredentials() : grpc::SslCredentials(grpc::SslCredentialsOptions());
  return grpc::CreateCustomChannel(address, credentials, args);
}

grpc::Status error_status(const std::exception& e) {
  if (const auto* cancelled = dynamic_cast<const Cancelled*>(&e)) {
    return grpc::Status(grpc::StatusCode::CANCELLED, fmt::format("[{}] {}", cancelled->kind(), e.what()));
  }
  if (const auto* error = dynamic_cast<const Error*>(&e)) {
    return grpc::Status(grpc::StatusCode::UNKNOWN, fmt::format("[{}] {}", error->kind(), e.what()));
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, fmt::format("[PanicException] {}", e.what()));
}

namespace {

/// "[Kind] message" split into kind and message.
std::optional<std::pair<std::string, std::string>> split_tagged(const std::string& text) {
  if (text.rfind("[", 0) != 0) return std::nullopt;
  const size_t close = text.find("] ");
  if (close == std::string::npos) return std::nullopt;
  return std::make_pair(text.substr(1, close - 1), text.substr(close + 2));
}

}  // namespace

void throw_tagged(const std::string& text, const std::string& untagged_kind) {
  if (auto tagged = split_tagged(text)) throw RemoteError(tagged->first, tagged->second);
  throw RemoteError(untagged_kind, text);
}

void throw_status(const grpc::Status& status, const std::string& what) {
  const std::string& message = status.error_message();
  if (split_tagged(message)) throw_tagged(message, "");
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      throw ConnectionFailed(fmt::format("{}: {} ({})", what, message, status.error_code() == grpc::StatusCode::UNAVAILABLE
                                                                            ? "unavailable"
                                                                            : "deadline exceeded"));
    default: throw ConnectionFailed(fmt::format("{}: {} (gRPC status {})", what, message, static_cast<int>(status.error_code())));
  }
}

std::unique_ptr<grpc::Server> serve(grpc::Service* service, const std::string& host, int port, int* bound_port,
                                    const std::string& role) {
  grpc::ServerBuilder builder;
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.AddListeningPort(fmt::format("{}:{}", host, port), grpc::InsecureServerCredentials(), bound_port);
  builder.RegisterService(service);
  auto server = builder.BuildAndStart();
  FLOE_USER_CHECK(server && *bound_port > 0, ConnectionFailed, "the {} could not listen on {}:{} (is the port taken?)", role,
                  host, port);
  return server;
}

}  // namespace floe::cluster
