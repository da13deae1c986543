// Loading, checking and printing the cluster configuration (see config.h).
#include "cluster/config.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <variant>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/error.h"

extern char** environ;

namespace floe::cluster {

namespace {

using FieldRef = std::variant<std::string*, int*, int64_t*>;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int kOneDayMs = 86'400'000;

/// One configurable key. The table below is the single list of keys: loading, printing, the
/// error messages and the tests all walk it, so a new key is one line here.
struct Field {
  std::string_view section;  // "" for top-level keys
  std::string_view key;
  FieldRef (*ref)(ClusterConfig&);
  int64_t min = 0;  // range of integer keys
  int64_t max = 0;
  bool byte_size = false;    // an integer that may also be written "4GiB"
  bool non_empty = false;    // a string that must not be empty
  std::string_view choices;  // a string limited to these comma-separated values ("" allowed)
  std::string_view doc;
};

#define FLOE_REF(member) [](ClusterConfig& c) -> FieldRef { return &c.member; }

const std::vector<Field>& fields() {
  static const std::vector<Field> kFields = {
      {"", "role", FLOE_REF(role), 0, 0, false, false, "scheduler,worker",
       "What `floe service` runs: \"scheduler\" or \"worker\" (the other commands name their role)."},
      {"", "cluster_id", FLOE_REF(cluster_id), 0, 0, false, true, "",
       "Name of the cluster, in logs and in the cluster information clients see."},
      {"", "node_id", FLOE_REF(node_id), 0, 0, false, true, "",
       "Name of this process in logs and on the dashboard (default: <hostname>-<pid>)."},

      {"scheduler", "host", FLOE_REF(scheduler.host), 0, 0, false, true, "",
       "Address the scheduler's gRPC service binds."},
      {"scheduler", "port", FLOE_REF(scheduler.port), 0, 65535, false, false, "",
       "Port of the scheduler's gRPC service (0: any free port)."},
      {"scheduler", "n_workers", FLOE_REF(scheduler.n_workers), 0, 100000, false, false, "",
       "Workers to wait for before running queries (0: don't wait)."},
      {"scheduler", "heartbeat_interval_ms", FLOE_REF(scheduler.heartbeat_interval_ms), 1, kOneDayMs, false, false, "",
       "Interval at which workers report to the scheduler, in milliseconds."},
      {"scheduler", "worker_timeout_ms", FLOE_REF(scheduler.worker_timeout_ms), 1, kOneDayMs, false, false, "",
       "A worker silent this long is dead and the queries it was running fail, in milliseconds."},
      {"scheduler", "broadcast_threshold_rows", FLOE_REF(scheduler.broadcast_threshold_rows), 0, kInt64Max, false,
       false, "", "Join sides estimated to have fewer rows are broadcast instead of shuffled."},
      {"scheduler", "result_threshold_bytes", FLOE_REF(scheduler.result_threshold_bytes), 0, kInt64Max, true, false,
       "", "Results larger than this are written as Parquet to results_dir instead of streamed (\"64MiB\" works)."},
      {"scheduler", "results_dir", FLOE_REF(scheduler.results_dir), 0, 0, false, true, "",
       "Where large results are stored: the anonymous-results location, shared with clients."},
      {"scheduler", "max_concurrent_queries", FLOE_REF(scheduler.max_concurrent_queries), 1, 10000, false, false, "",
       "Queries run at the same time; further queries wait in a queue."},
      {"scheduler", "dashboard_port", FLOE_REF(scheduler.dashboard_port), 0, 65535, false, false, "",
       "Port of the web dashboard (0: no dashboard)."},

      {"worker", "scheduler_address", FLOE_REF(worker.scheduler_address), 0, 0, false, true, "",
       "HOST:PORT of the scheduler this worker registers with."},
      {"worker", "host", FLOE_REF(worker.host), 0, 0, false, true, "", "Address the worker's gRPC service binds."},
      {"worker", "advertise_host", FLOE_REF(worker.advertise_host), 0, 0, false, true, "",
       "Address the scheduler and other workers reach this worker at."},
      {"worker", "port", FLOE_REF(worker.port), 0, 65535, false, false, "",
       "Port of the worker's gRPC service (0: any free port)."},
      {"worker", "shuffle_dir", FLOE_REF(worker.shuffle_dir), 0, 0, false, true, "",
       "Directory for this worker's shuffle data."},
      {"worker", "threads", FLOE_REF(worker.threads), 0, 4096, false, false, "",
       "Threads for running tasks (0: all cores)."},
      {"worker", "memory_limit", FLOE_REF(worker.memory_limit), 0, kInt64Max, true, false, "",
       "Memory budget in bytes, or a size such as \"4GiB\", \"512MB\" or \"1.5G\" (0: no limit)."},
      {"worker", "heartbeat_interval_ms", FLOE_REF(worker.heartbeat_interval_ms), 1, kOneDayMs, false, false, "",
       "Interval between heartbeats until the scheduler names its own, in milliseconds."},
  };
  return kFields;
}

#undef FLOE_REF

constexpr std::string_view kSections[] = {"scheduler", "worker"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string dotted(const Field& f) {
  return f.section.empty() ? std::string(f.key) : fmt::format("{}.{}", f.section, f.key);
}

const Field* find_field(std::string_view section, std::string_view key) {
  for (const Field& f : fields()) {
    if (f.section == section && f.key == key) return &f;
  }
  return nullptr;
}

bool is_section(std::string_view name) {
  return std::find(std::begin(kSections), std::end(kSections), name) != std::end(kSections);
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// "unknown key 'prot' in [scheduler]; valid keys: host, port, ... (did you mean 'port'?)".
std::string unknown_key_message(std::string_view section, std::string_view key) {
  std::vector<std::string> valid;
  for (const Field& f : fields()) {
    if (f.section == section) valid.emplace_back(f.key);
  }
  std::string where = section.empty() ? "at the top level" : fmt::format("in [{}]", section);
  std::string msg = fmt::format("unknown key '{}' {}; valid keys: {}", key, where, fmt::join(valid, ", "));
  if (section.empty()) {
    msg += fmt::format("; valid sections: {}", fmt::join(kSections, ", "));
    for (std::string_view s : kSections) valid.emplace_back(s);
  }
  const std::string key_lower = lower(key);
  for (const std::string& v : valid) {
    if (edit_distance(key_lower, v) <= 2) return msg + fmt::format(" (did you mean '{}'?)", v);
  }
  return msg;
}

std::string range_text(const Field& f) {
  return f.max == kInt64Max ? fmt::format("at least {}", f.min) : fmt::format("between {} and {}", f.min, f.max);
}

/// Stores an integer after checking its range; `where` names the file position or variable.
void set_integer(ClusterConfig& config, const Field& f, int64_t v, const std::string& where) {
  FLOE_USER_CHECK(v >= f.min && v <= f.max, InvalidArgument, "{}: {} must be {}, got {}", where, dotted(f),
                  range_text(f), v);
  FieldRef ref = f.ref(config);
  if (auto* p = std::get_if<int*>(&ref)) {
    **p = static_cast<int>(v);
  } else {
    *std::get<int64_t*>(ref) = v;
  }
}

void set_string(ClusterConfig& config, const Field& f, const std::string& v, const std::string& where) {
  FLOE_USER_CHECK(!f.non_empty || !v.empty(), InvalidArgument, "{}: {} must not be empty", where, dotted(f));
  if (!f.choices.empty() && !v.empty()) {
    bool ok = false;
    for (std::string_view rest = f.choices; !rest.empty();) {
      const size_t comma = rest.find(',');
      ok = ok || rest.substr(0, comma) == v;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    std::string choices(f.choices);
    std::replace(choices.begin(), choices.end(), ',', '|');
    FLOE_USER_CHECK(ok, InvalidArgument, "{}: {} must be {} or empty, got '{}'", where, dotted(f), choices, v);
  }
  *std::get<std::string*>(f.ref(config)) = v;
}

/// Sets a key from text, as environment variables give it.
void set_from_text(ClusterConfig& config, const Field& f, std::string_view text, const std::string& where) {
  FieldRef ref = f.ref(config);
  if (std::holds_alternative<std::string*>(ref)) {
    set_string(config, f, std::string(text), where);
    return;
  }
  const std::string_view t = trim(text);
  if (f.byte_size) {
    int64_t bytes = 0;
    try {
      bytes = parse_byte_size(t);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(fmt::format("{}: {}: {}", where, dotted(f), e.what()));
    }
    set_integer(config, f, bytes, where);
    return;
  }
  int64_t v = 0;
  const char* end = t.data() + t.size();
  auto [ptr, ec] = std::from_chars(t.data(), end, v);
  FLOE_USER_CHECK(!t.empty() && ec != std::errc::invalid_argument && ptr == end, InvalidArgument,
                  "{}: {} must be an integer, got '{}'", where, dotted(f), text);
  FLOE_USER_CHECK(ec != std::errc::result_out_of_range, InvalidArgument, "{}: {} must be {}, got {}", where,
                  dotted(f), range_text(f), t);
  set_integer(config, f, v, where);
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return fmt::format("the string \"{}\"", *node.value<std::string>());
    case toml::node_type::integer: return fmt::format("the integer {}", *node.value<int64_t>());
    case toml::node_type::floating_point: return fmt::format("the float {}", *node.value<double>());
    case toml::node_type::boolean: return *node.value<bool>() ? "true" : "false";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

std::string position(const std::string& path, const toml::source_region& source) {
  return fmt::format("{}:{}:{}", path, source.begin.line, source.begin.column);
}

/// Sets a key from a TOML value: integers must be TOML integers (byte sizes may be strings too)
/// and strings TOML strings, so a quoted "5051" for a port is a type error, as in the file spec.
void set_from_toml(ClusterConfig& config, const Field& f, const toml::node& node, const std::string& where) {
  FieldRef ref = f.ref(config);
  if (std::holds_alternative<std::string*>(ref)) {
    FLOE_USER_CHECK(node.is_string(), InvalidArgument, "{}: {} must be a string, got {}", where, dotted(f),
                    type_name(node));
    set_string(config, f, *node.value<std::string>(), where);
    return;
  }
  if (f.byte_size && node.is_string()) {
    set_from_text(config, f, *node.value<std::string>(), where);
    return;
  }
  FLOE_USER_CHECK(node.is_integer(), InvalidArgument, "{}: {} must be an integer{}, got {}", where, dotted(f),
                  f.byte_size ? " or a size such as \"4GiB\"" : "", type_name(node));
  set_integer(config, f, *node.value<int64_t>(), where);
}

void apply_file(ClusterConfig& config, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  FLOE_USER_CHECK(in.is_open(), InvalidArgument, "cannot read the configuration file '{}': {}", path,
                  std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    throw InvalidArgument(fmt::format("{}: invalid TOML: {}", position(path, e.source()), e.description()));
  }
  for (auto&& [key, node] : root) {
    const std::string name(key.str());
    const std::string where = position(path, key.source());
    if (is_section(name)) {
      const toml::table* section = node.as_table();
      FLOE_USER_CHECK(section != nullptr, InvalidArgument, "{}: '{}' must be a section ([{}]), got {}", where, name,
                      name, type_name(node));
      for (auto&& [sub_key, sub_node] : *section) {
        const std::string sub_where = position(path, sub_key.source());
        const Field* f = find_field(name, sub_key.str());
        FLOE_USER_CHECK(f != nullptr, InvalidArgument, "{}: {}", sub_where, unknown_key_message(name, sub_key.str()));
        set_from_toml(config, *f, sub_node, sub_where);
      }
      continue;
    }
    const Field* f = find_field("", name);
    if (f == nullptr && node.is_table()) {
      throw InvalidArgument(fmt::format("{}: unknown section [{}]; valid sections: {}", where, name,
                                        fmt::join(kSections, ", ")));
    }
    FLOE_USER_CHECK(f != nullptr, InvalidArgument, "{}: {}", where, unknown_key_message("", name));
    set_from_toml(config, *f, node, where);
  }
}

void apply_env(ClusterConfig& config, const std::map<std::string, std::string>& env) {
  constexpr std::string_view kPrefix = "FLOE__";
  for (const auto& [name, value] : env) {
    if (name.size() < kPrefix.size() || lower(name.substr(0, kPrefix.size())) != lower(kPrefix)) continue;
    const std::string rest = lower(std::string_view(name).substr(kPrefix.size()));
    const std::string where = fmt::format("environment variable {}", name);
    const size_t split = rest.find("__");
    std::string section = split == std::string::npos ? "" : rest.substr(0, split);
    std::string key = split == std::string::npos ? rest : rest.substr(split + 2);
    if (section.empty() && is_section(key)) {
      std::string upper = key;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      throw InvalidArgument(fmt::format("{}: [{}] is a section; set its keys as FLOE__{}__KEY", where, key, upper));
    }
    if (!section.empty() && !is_section(section)) {
      throw InvalidArgument(fmt::format("{}: unknown section [{}]; valid sections: {} (variables are named "
                                        "FLOE__SECTION__KEY or FLOE__KEY)",
                                        where, section, fmt::join(kSections, ", ")));
    }
    const Field* f = find_field(section, key);
    FLOE_USER_CHECK(f != nullptr, InvalidArgument, "{}: {}", where, unknown_key_message(section, key));
    set_from_text(config, *f, value, where);
  }
}

/// Checks between keys, after every source has been applied.
void check_consistency(const ClusterConfig& config, const std::string& sources) {
  const SchedulerConfig& s = config.scheduler;
  FLOE_USER_CHECK(s.worker_timeout_ms > s.heartbeat_interval_ms, InvalidArgument,
                  "{}: scheduler.worker_timeout_ms ({}) must be greater than scheduler.heartbeat_interval_ms ({}), "
                  "or every worker would be declared dead between two heartbeats",
                  sources, s.worker_timeout_ms, s.heartbeat_interval_ms);
  FLOE_USER_CHECK(s.dashboard_port == 0 || s.port == 0 || s.dashboard_port != s.port, InvalidArgument,
                  "{}: scheduler.dashboard_port and scheduler.port are both {}; they must differ", sources, s.port);
  const std::string& address = config.worker.scheduler_address;
  const size_t colon = address.rfind(':');
  int port = 0;
  const char* end = address.data() + address.size();
  const bool port_ok = colon != std::string::npos && colon > 0 &&
                       std::from_chars(address.data() + colon + 1, end, port).ptr == end && colon + 1 < address.size() &&
                       port >= 1 && port <= 65535;
  FLOE_USER_CHECK(port_ok, InvalidArgument, "{}: worker.scheduler_address must be HOST:PORT with a port from 1 to "
                  "65535, got '{}'", sources, address);
}

}  // namespace

std::string default_node_id() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') std::strcpy(host, "localhost");
  return fmt::format("{}-{}", host, static_cast<long>(getpid()));
}

std::vector<std::string> config_keys() {
  std::vector<std::string> out;
  for (const Field& f : fields()) out.push_back(dotted(f));
  return out;
}

int64_t parse_byte_size(std::string_view text) {
  const std::string_view t = trim(text);
  const auto fail = [&](std::string_view why) {
    return InvalidArgument(fmt::format("invalid size '{}': {}; expected a number of bytes with an optional unit: B, "
                                       "K, M, G, T (powers of 1000; KB, MB, ... too) or KiB, MiB, GiB, TiB "
                                       "(powers of 1024), e.g. \"4GiB\", \"512MB\", \"1.5G\"",
                                       text, why));
  };
  size_t i = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  const std::string_view whole = t.substr(0, i);
  std::string_view fraction;
  if (i < t.size() && t[i] == '.') {
    const size_t start = ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    fraction = t.substr(start, i - start);
  }
  if (whole.empty() && fraction.empty()) {
    throw fail(!t.empty() && t[0] == '-' ? "sizes cannot be negative" : "no number");
  }
  const std::string unit = lower(trim(t.substr(i)));
  static const std::pair<std::string_view, int64_t> kUnits[] = {
      {"", 1},          {"b", 1},
      {"k", 1000},      {"kb", 1000},       {"ki", 1LL << 10}, {"kib", 1LL << 10},
      {"m", 1000000},   {"mb", 1000000},    {"mi", 1LL << 20}, {"mib", 1LL << 20},
      {"g", 1000000000}, {"gb", 1000000000}, {"gi", 1LL << 30}, {"gib", 1LL << 30},
      {"t", 1000000000000}, {"tb", 1000000000000}, {"ti", 1LL << 40}, {"tib", 1LL << 40},
  };
  int64_t multiplier = 0;
  for (const auto& [name, m] : kUnits) {
    if (unit == name) multiplier = m;
  }
  if (multiplier == 0) throw fail(fmt::format("unknown unit '{}'", trim(t.substr(i))));
  // Exact decimal arithmetic: "1.1G" is 1,100,000,000 bytes, not 1,099,999,999.
  if (whole.size() > 20 || fraction.size() > 18) throw fail("too large");
  __int128 number = 0;
  for (char c : whole) number = number * 10 + (c - '0');
  __int128 scale = 1;
  for (char c : fraction) {
    number = number * 10 + (c - '0');
    scale *= 10;
  }
  const __int128 bytes = number * multiplier / scale;
  if (bytes > kInt64Max) throw fail("too large");
  return static_cast<int64_t>(bytes);
}

ClusterConfig load_config(const std::optional<std::string>& path, const std::map<std::string, std::string>& env) {
  ClusterConfig config;
  if (path) apply_file(config, *path);
  apply_env(config, env);
  std::string sources = "configuration";
  if (path) sources = fmt::format("configuration from {}", *path);
  const bool any_env = std::any_of(env.begin(), env.end(), [](const auto& kv) {
    return kv.first.size() > 6 && lower(kv.first.substr(0, 6)) == "floe__";
  });
  if (any_env) sources += path ? " and FLOE__ variables" : " from FLOE__ variables";
  check_consistency(config, sources);
  return config;
}

std::map<std::string, std::string> environment_map() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

std::string to_toml(const ClusterConfig& config) {
  ClusterConfig copy = config;  // fields() hands out mutable references
  std::ostringstream out;
  out << "# Floe cluster configuration. Every key is optional; FLOE__SECTION__KEY variables override.\n\n";
  std::string_view section;
  for (const Field& f : fields()) {
    if (f.section != section) {
      section = f.section;
      out << "\n[" << section << "]\n";
    }
    out << "# " << f.doc << "\n" << f.key << " = ";
    FieldRef ref = f.ref(copy);
    if (auto* s = std::get_if<std::string*>(&ref)) {
      // toml++ quotes and escapes; without its literal and multi-line string flags it writes
      // "basic" strings, the form the example file uses.
      const toml::value<std::string> value(**s);
      out << toml::toml_formatter(value, toml::format_flags::allow_unicode_strings);
    } else if (auto* i = std::get_if<int*>(&ref)) {
      out << **i;
    } else {
      out << *std::get<int64_t*>(ref);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace floe::cluster
