// Tests of the cluster configuration: defaults, file and environment layers, every error, sizes,
// the to_toml round trip, and that deploy/floe.example.toml matches the defaults.
#include "cluster/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/error.h"

namespace floe::cluster {
namespace {

using ::testing::HasSubstr;
using Env = std::map<std::string, std::string>;

class ClusterConfigTest : public ::testing::Test {
 protected:
  /// Writes `text` to a fresh file and returns its path.
  std::string write_file(const std::string& text) {
    const std::string path = fmt::format("{}/floe_config_{}_{}.toml", ::testing::TempDir(), getpid(), files_++);
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& p : paths_) std::filesystem::remove(p);
  }

  /// The message of the InvalidArgument that `load` throws; fails the test when none is thrown.
  static std::string error_of(const std::function<void()>& load) {
    try {
      load();
    } catch (const InvalidArgument& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InvalidArgument was thrown";
    return {};
  }
  std::string file_error(const std::string& text) {
    const std::string path = write_file(text);
    return error_of([&] { load_config(path, {}); });
  }
  static std::string env_error(const Env& env) {
    return error_of([&] { load_config(std::nullopt, env); });
  }

 private:
  int files_ = 0;
  std::vector<std::string> paths_;
};

TEST_F(ClusterConfigTest, Defaults) {
  const ClusterConfig c = load_config(std::nullopt, {});
  EXPECT_EQ(c, ClusterConfig{});
  EXPECT_EQ(c.role, "");
  EXPECT_EQ(c.cluster_id, "floe");
  EXPECT_EQ(c.node_id, default_node_id());
  EXPECT_THAT(c.node_id, HasSubstr(fmt::format("-{}", getpid())));
  EXPECT_EQ(c.scheduler.host, "0.0.0.0");
  EXPECT_EQ(c.scheduler.port, 5051);
  EXPECT_EQ(c.scheduler.n_workers, 0);
  EXPECT_EQ(c.scheduler.heartbeat_interval_ms, 1000);
  EXPECT_EQ(c.scheduler.worker_timeout_ms, 10000);
  EXPECT_EQ(c.scheduler.broadcast_threshold_rows, 1'000'000);
  EXPECT_EQ(c.scheduler.result_threshold_bytes, 64 * 1024 * 1024);
  EXPECT_EQ(c.scheduler.results_dir, "/tmp/floe/results");
  EXPECT_EQ(c.scheduler.max_concurrent_queries, 1);
  EXPECT_EQ(c.scheduler.dashboard_port, 8080);
  EXPECT_EQ(c.worker.scheduler_address, "127.0.0.1:5051");
  EXPECT_EQ(c.worker.host, "0.0.0.0");
  EXPECT_EQ(c.worker.advertise_host, "127.0.0.1");
  EXPECT_EQ(c.worker.port, 0);
  EXPECT_EQ(c.worker.shuffle_dir, "/tmp/floe/shuffle");
  EXPECT_EQ(c.worker.threads, 0);
  EXPECT_EQ(c.worker.memory_limit, 0);
  EXPECT_EQ(c.worker.heartbeat_interval_ms, 1000);
}

TEST_F(ClusterConfigTest, FileOverridesDefaults) {
  const std::string path = write_file(R"(
role = "worker"
cluster_id = "prod"
node_id = "w-7"

[scheduler]
port = 6000
n_workers = 4
results_dir = "/data/results"
result_threshold_bytes = "1MiB"
broadcast_threshold_rows = 5_000

[worker]
scheduler_address = "sched.internal:6000"
threads = 8
memory_limit = "4GiB"
)");
  const ClusterConfig c = load_config(path, {});
  EXPECT_EQ(c.role, "worker");
  EXPECT_EQ(c.cluster_id, "prod");
  EXPECT_EQ(c.node_id, "w-7");
  EXPECT_EQ(c.scheduler.port, 6000);
  EXPECT_EQ(c.scheduler.n_workers, 4);
  EXPECT_EQ(c.scheduler.results_dir, "/data/results");
  EXPECT_EQ(c.scheduler.result_threshold_bytes, 1 << 20);
  EXPECT_EQ(c.scheduler.broadcast_threshold_rows, 5000);
  EXPECT_EQ(c.worker.scheduler_address, "sched.internal:6000");
  EXPECT_EQ(c.worker.threads, 8);
  EXPECT_EQ(c.worker.memory_limit, int64_t{4} << 30);
  // Keys the file does not name keep their defaults.
  EXPECT_EQ(c.scheduler.host, "0.0.0.0");
  EXPECT_EQ(c.worker.shuffle_dir, "/tmp/floe/shuffle");
  EXPECT_EQ(c.scheduler.dashboard_port, 8080);
}

TEST_F(ClusterConfigTest, DottedKeysAndInlineTablesWork) {
  const std::string path = write_file("scheduler.port = 7000\nworker = { threads = 3 }\n");
  const ClusterConfig c = load_config(path, {});
  EXPECT_EQ(c.scheduler.port, 7000);
  EXPECT_EQ(c.worker.threads, 3);
}

TEST_F(ClusterConfigTest, EnvironmentOverridesFile) {
  const std::string path = write_file("[scheduler]\nport = 6000\nn_workers = 2\n[worker]\nshuffle_dir = \"/a\"\n");
  const Env env = {{"FLOE__SCHEDULER__PORT", "6001"},
                   {"floe__worker__Shuffle_Dir", "/data/shuffle"},  // case-insensitive
                   {"FLOE__ROLE", "scheduler"},
                   {"FLOE__WORKER__MEMORY_LIMIT", "512MB"},
                   {"FLOE__SCHEDULER__WORKER_TIMEOUT_MS", " 2500 "},
                   {"FLOE_MAX_THREADS", "3"},  // single underscores: not configuration
                   {"PATH", "/usr/bin"}};
  const ClusterConfig c = load_config(path, env);
  EXPECT_EQ(c.scheduler.port, 6001);
  EXPECT_EQ(c.scheduler.n_workers, 2);  // from the file, untouched by env
  EXPECT_EQ(c.worker.shuffle_dir, "/data/shuffle");
  EXPECT_EQ(c.role, "scheduler");
  EXPECT_EQ(c.worker.memory_limit, 512'000'000);
  EXPECT_EQ(c.scheduler.worker_timeout_ms, 2500);
}

TEST_F(ClusterConfigTest, EnvironmentWithoutFile) {
  const ClusterConfig c = load_config(std::nullopt, {{"FLOE__CLUSTER_ID", "blue"}, {"FLOE__NODE_ID", "n1"}});
  EXPECT_EQ(c.cluster_id, "blue");
  EXPECT_EQ(c.node_id, "n1");
}

TEST_F(ClusterConfigTest, EnvironmentMapReadsTheProcessEnvironment) {
  setenv("FLOE_CONFIG_TEST_VARIABLE", "a=b", 1);
  const Env env = environment_map();
  unsetenv("FLOE_CONFIG_TEST_VARIABLE");
  ASSERT_TRUE(env.count("FLOE_CONFIG_TEST_VARIABLE"));
  EXPECT_EQ(env.at("FLOE_CONFIG_TEST_VARIABLE"), "a=b");
}

TEST_F(ClusterConfigTest, MissingFile) {
  const std::string msg = error_of([] { load_config("/nonexistent/floe.toml", {}); });
  EXPECT_THAT(msg, HasSubstr("/nonexistent/floe.toml"));
  EXPECT_THAT(msg, HasSubstr("No such file"));
}

TEST_F(ClusterConfigTest, UnparsableFileNamesLineAndColumn) {
  const std::string msg = file_error("[scheduler]\nport = 5051\nhost = \"unterminated\n");
  EXPECT_THAT(msg, HasSubstr(".toml:3:"));
  EXPECT_THAT(msg, HasSubstr("invalid TOML"));
}

TEST_F(ClusterConfigTest, UnknownSectionListsValidOnes) {
  const std::string msg = file_error("[scheduler]\nport = 1\n\n[workers]\nthreads = 2\n");
  EXPECT_THAT(msg, HasSubstr(".toml:4:"));
  EXPECT_THAT(msg, HasSubstr("unknown section [workers]"));
  EXPECT_THAT(msg, HasSubstr("valid sections: scheduler, worker"));
}

TEST_F(ClusterConfigTest, UnknownKeyListsValidOnesAndSuggests) {
  const std::string msg = file_error("[scheduler]\nprot = 6000\n");
  EXPECT_THAT(msg, HasSubstr(".toml:2:1"));
  EXPECT_THAT(msg, HasSubstr("unknown key 'prot' in [scheduler]"));
  EXPECT_THAT(msg, HasSubstr("valid keys: host, port, n_workers, heartbeat_interval_ms"));
  EXPECT_THAT(msg, HasSubstr("did you mean 'port'?"));

  const std::string top = file_error("colour = 1\n");
  EXPECT_THAT(top, HasSubstr("unknown key 'colour' at the top level; valid keys: role, cluster_id, node_id"));
  EXPECT_THAT(top, HasSubstr("valid sections: scheduler, worker"));
  EXPECT_THAT(top, ::testing::Not(HasSubstr("did you mean")));
}

TEST_F(ClusterConfigTest, SectionThatIsNotATable) {
  EXPECT_THAT(file_error("worker = 3\n"), HasSubstr("'worker' must be a section ([worker]), got the integer 3"));
}

TEST_F(ClusterConfigTest, WrongTypes) {
  EXPECT_THAT(file_error("[scheduler]\nport = \"abc\"\n"),
              HasSubstr(":2:1: scheduler.port must be an integer, got the string \"abc\""));
  EXPECT_THAT(file_error("[scheduler]\nport = 5051.0\n"), HasSubstr("scheduler.port must be an integer, got the float"));
  EXPECT_THAT(file_error("[worker]\nhost = 1\n"), HasSubstr("worker.host must be a string, got the integer 1"));
  EXPECT_THAT(file_error("cluster_id = true\n"), HasSubstr("cluster_id must be a string, got true"));
  EXPECT_THAT(file_error("[worker]\nmemory_limit = [1]\n"),
              HasSubstr("worker.memory_limit must be an integer or a size such as \"4GiB\", got an array"));
  EXPECT_THAT(env_error({{"FLOE__SCHEDULER__PORT", "abc"}}),
              HasSubstr("environment variable FLOE__SCHEDULER__PORT: scheduler.port must be an integer, got 'abc'"));
  EXPECT_THAT(env_error({{"FLOE__WORKER__THREADS", "4x"}}), HasSubstr("worker.threads must be an integer, got '4x'"));
  EXPECT_THAT(env_error({{"FLOE__WORKER__THREADS", ""}}), HasSubstr("worker.threads must be an integer, got ''"));
}

TEST_F(ClusterConfigTest, OutOfRange) {
  EXPECT_THAT(file_error("[scheduler]\nport = 70000\n"),
              HasSubstr("scheduler.port must be between 0 and 65535, got 70000"));
  EXPECT_THAT(file_error("[scheduler]\nmax_concurrent_queries = 0\n"),
              HasSubstr("scheduler.max_concurrent_queries must be between 1 and 10000, got 0"));
  EXPECT_THAT(file_error("[worker]\nthreads = -1\n"), HasSubstr("worker.threads must be between 0 and 4096, got -1"));
  EXPECT_THAT(env_error({{"FLOE__SCHEDULER__DASHBOARD_PORT", "65536"}}),
              HasSubstr("FLOE__SCHEDULER__DASHBOARD_PORT: scheduler.dashboard_port must be between 0 and 65535"));
  // Past int64: reported as out of range, not as a wrong type.
  EXPECT_THAT(env_error({{"FLOE__SCHEDULER__BROADCAST_THRESHOLD_ROWS", "99999999999999999999"}}),
              HasSubstr("scheduler.broadcast_threshold_rows must be at least 0, got 99999999999999999999"));
}

TEST_F(ClusterConfigTest, InvalidStrings) {
  EXPECT_THAT(file_error("role = \"master\"\n"), HasSubstr("role must be scheduler|worker or empty, got 'master'"));
  EXPECT_THAT(env_error({{"FLOE__WORKER__SHUFFLE_DIR", ""}}),
              HasSubstr("FLOE__WORKER__SHUFFLE_DIR: worker.shuffle_dir must not be empty"));
  EXPECT_THAT(env_error({{"FLOE__WORKER__SCHEDULER_ADDRESS", "sched"}}),
              HasSubstr("worker.scheduler_address must be HOST:PORT with a port from 1 to 65535, got 'sched'"));
  EXPECT_THAT(env_error({{"FLOE__WORKER__SCHEDULER_ADDRESS", "sched:0"}}), HasSubstr("got 'sched:0'"));
  EXPECT_EQ(load_config(std::nullopt, {{"FLOE__WORKER__SCHEDULER_ADDRESS", "[::1]:5051"}}).worker.scheduler_address,
            "[::1]:5051");
}

TEST_F(ClusterConfigTest, EnvironmentNamingErrors) {
  EXPECT_THAT(env_error({{"FLOE__SCHEDULR__PORT", "1"}}),
              HasSubstr("FLOE__SCHEDULR__PORT: unknown section [schedulr]; valid sections: scheduler, worker"));
  const std::string key = env_error({{"FLOE__WORKER__THREAD", "1"}});
  EXPECT_THAT(key, HasSubstr("environment variable FLOE__WORKER__THREAD: unknown key 'thread' in [worker]"));
  EXPECT_THAT(key, HasSubstr("did you mean 'threads'?"));
  EXPECT_THAT(env_error({{"FLOE__WORKER", "x"}}), HasSubstr("[worker] is a section; set its keys as FLOE__WORKER__KEY"));
  EXPECT_THAT(env_error({{"FLOE__PORT", "1"}}), HasSubstr("unknown key 'port' at the top level"));
}

TEST_F(ClusterConfigTest, CrossKeyChecks) {
  EXPECT_THAT(file_error("[scheduler]\nheartbeat_interval_ms = 5000\nworker_timeout_ms = 5000\n"),
              HasSubstr("scheduler.worker_timeout_ms (5000) must be greater than scheduler.heartbeat_interval_ms (5000)"));
  const std::string msg = env_error({{"FLOE__SCHEDULER__DASHBOARD_PORT", "5051"}});
  EXPECT_THAT(msg, HasSubstr("FLOE__ variables"));
  EXPECT_THAT(msg, HasSubstr("scheduler.dashboard_port and scheduler.port are both 5051"));
}

TEST(ClusterConfigByteSize, Parses) {
  EXPECT_EQ(parse_byte_size("0"), 0);
  EXPECT_EQ(parse_byte_size("1048576"), 1048576);
  EXPECT_EQ(parse_byte_size("100B"), 100);
  EXPECT_EQ(parse_byte_size("4GiB"), int64_t{4} << 30);
  EXPECT_EQ(parse_byte_size("4gib"), int64_t{4} << 30);
  EXPECT_EQ(parse_byte_size("4Gi"), int64_t{4} << 30);
  EXPECT_EQ(parse_byte_size("512MB"), 512'000'000);
  EXPECT_EQ(parse_byte_size("512M"), 512'000'000);
  EXPECT_EQ(parse_byte_size("512MiB"), int64_t{512} << 20);
  EXPECT_EQ(parse_byte_size("1.5G"), 1'500'000'000);
  EXPECT_EQ(parse_byte_size("1.1G"), 1'100'000'000);  // exact, no floating-point rounding
  EXPECT_EQ(parse_byte_size("1.5GiB"), int64_t{3} << 29);
  EXPECT_EQ(parse_byte_size(" 64 KiB "), 65536);
  EXPECT_EQ(parse_byte_size("2TB"), 2'000'000'000'000);
  EXPECT_EQ(parse_byte_size("1Ti"), int64_t{1} << 40);
  EXPECT_EQ(parse_byte_size(".5K"), 500);
  EXPECT_EQ(parse_byte_size("0.0001KiB"), 0);  // fractions of a byte round down
  EXPECT_EQ(parse_byte_size("9223372036854775807"), std::numeric_limits<int64_t>::max());
}

TEST(ClusterConfigByteSize, Rejects) {
  const auto message = [](std::string_view text) {
    try {
      parse_byte_size(text);
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message("4XB"), HasSubstr("invalid size '4XB': unknown unit 'XB'"));
  EXPECT_THAT(message("4XB"), HasSubstr("KiB, MiB, GiB, TiB"));
  EXPECT_THAT(message(""), HasSubstr("no number"));
  EXPECT_THAT(message("GiB"), HasSubstr("no number"));
  EXPECT_THAT(message("-1G"), HasSubstr("sizes cannot be negative"));
  EXPECT_THAT(message("1.2.3"), HasSubstr("unknown unit '.3'"));
  EXPECT_THAT(message("9223372036854775808"), HasSubstr("too large"));
  EXPECT_THAT(message("10000000000TiB"), HasSubstr("too large"));
  EXPECT_THAT(message("1e9"), HasSubstr("unknown unit 'e9'"));
}

TEST_F(ClusterConfigTest, ByteSizeErrorsNameTheKey) {
  EXPECT_THAT(file_error("[worker]\nmemory_limit = \"4 gigs\"\n"),
              HasSubstr(":2:1: worker.memory_limit: invalid size '4 gigs': unknown unit 'gigs'"));
  EXPECT_THAT(file_error("[worker]\nmemory_limit = -5\n"), HasSubstr("worker.memory_limit must be at least 0, got -5"));
  EXPECT_THAT(env_error({{"FLOE__SCHEDULER__RESULT_THRESHOLD_BYTES", "lots"}}),
              HasSubstr("FLOE__SCHEDULER__RESULT_THRESHOLD_BYTES: scheduler.result_threshold_bytes: invalid size"));
}

TEST_F(ClusterConfigTest, ToTomlRoundTrips) {
  // Defaults, and a configuration with every key changed, including strings that need escaping.
  ClusterConfig changed;
  changed.role = "worker";
  changed.cluster_id = "quote\" back\\slash tab\t ünï";
  changed.node_id = "line\nbreak";
  changed.scheduler = {"10.0.0.1", 6000, 3, 250, 900, 42, 123456789, "/r d", 4, 0};
  changed.worker = {"s:1", "::", "w.example", 7001, "/s", 16, int64_t{5} << 30, 333};
  ASSERT_NE(changed.scheduler, SchedulerConfig{});
  ASSERT_NE(changed.worker, WorkerConfig{});
  for (const ClusterConfig& original : {ClusterConfig{}, changed}) {
    const std::string text = to_toml(original);
    EXPECT_EQ(load_config(write_file(text), {}), original) << text;
  }
}

TEST_F(ClusterConfigTest, ToTomlPrintsEveryKeyWithAComment) {
  const std::string text = to_toml(ClusterConfig{});
  EXPECT_THAT(text, HasSubstr("\n[scheduler]\n"));
  EXPECT_THAT(text, HasSubstr("\n[worker]\n"));
  EXPECT_THAT(text, HasSubstr("# Port of the scheduler's gRPC service (0: any free port).\nport = 5051\n"));
  EXPECT_THAT(text, HasSubstr("memory_limit = 0\n"));
  for (const std::string& key : config_keys()) {
    const std::string bare = key.substr(key.find('.') == std::string::npos ? 0 : key.find('.') + 1);
    EXPECT_THAT(text, HasSubstr("\n" + bare + " = ")) << key;
  }
}

TEST_F(ClusterConfigTest, ExampleFileMatchesTheDefaults) {
  const std::filesystem::path example =
      std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "deploy" / "floe.example.toml";
  ASSERT_TRUE(std::filesystem::exists(example)) << example;
  EXPECT_EQ(load_config(example.string(), {}), ClusterConfig{});
  std::ifstream in(example);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const std::string& key : config_keys()) {
    const std::string bare = key.substr(key.find('.') == std::string::npos ? 0 : key.find('.') + 1);
    EXPECT_THAT(text, HasSubstr(bare + " = ")) << key << " is not documented in " << example;
  }
}

}  // namespace
}  // namespace floe::cluster
