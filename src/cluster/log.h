// Structured logs of the cluster's processes: one JSON object per line on stderr.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace floe::cluster {

using LogFields = std::vector<std::pair<std::string, std::string>>;

/// Writes {"ts": ..., "level": ..., "msg": ..., "role": ..., fields...} as one line. Levels:
/// debug, info, warn, error; lines below the level set by set_log_level are dropped.
void log_event(const std::string& level, const std::string& message, const LogFields& fields = {});

/// "debug", "info" (the default), "warn" or "error"; throws InvalidArgument otherwise.
void set_log_level(const std::string& level);

/// Names this process in every line ("scheduler", "worker", "local").
void set_log_role(const std::string& role);

}  // namespace floe::cluster
