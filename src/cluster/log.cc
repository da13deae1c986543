// Structured JSON logs (see log.h).
#include "cluster/log.h"

#include <chrono>
#include <cstdio>
#include <mutex>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace floe::cluster {

namespace {

std::mutex log_mutex;
int min_level = 1;
std::string role = "floe";

int level_rank(const std::string& level) {
  if (level == "debug") return 0;
  if (level == "info") return 1;
  if (level == "warn") return 2;
  if (level == "error") return 3;
  return -1;
}

}  // namespace

void set_log_level(const std::string& level) {
  const int rank = level_rank(level);
  FLOE_USER_CHECK(rank >= 0, InvalidArgument, "unknown log level '{}'; expected debug, info, warn or error", level);
  std::lock_guard lock(log_mutex);
  min_level = rank;
}

void set_log_role(const std::string& r) {
  std::lock_guard lock(log_mutex);
  role = r;
}

void log_event(const std::string& level, const std::string& message, const LogFields& fields) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  nlohmann::ordered_json line;
  line["ts"] = fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms);
  line["level"] = level;
  line["msg"] = message;
  std::lock_guard lock(log_mutex);
  if (level_rank(level) < min_level) return;
  line["role"] = role;
  for (const auto& [key, value] : fields) line[key] = value;
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fprintf(stderr, "%s\n", text.c_str());
  std::fflush(stderr);
}

}  // namespace floe::cluster
