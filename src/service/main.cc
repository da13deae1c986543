// The floe binary: one executable for every role: scheduler, worker, a local cluster, and the
// TPC-H data generator.
#include <chrono>
#include <optional>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cluster/config.h"
#include "core/error.h"
#include "service/roles.h"
#include "tpch/dataset_writer.h"

namespace {

constexpr const char* kVersion = "floe 0.1.0";

/// Parses "a,b,c" into tables, naming the valid ones when a name is unknown.
std::vector<floe::tpch::Table> parse_tables(const std::vector<std::string>& names) {
  std::vector<floe::tpch::Table> tables;
  for (const std::string& name : names) {
    const auto table = floe::tpch::table_from_name(name);
    if (!table) {
      throw CLI::ValidationError(
          "--tables", fmt::format("unknown table '{}'; expected some of region, nation, supplier, customer, "
                                  "part, partsupp, orders, lineitem",
                                  name));
    }
    tables.push_back(*table);
  }
  return tables;
}

/// Runs a command; a bad argument or setting exits 2 with its message, any other error 1.
template <typename Command>
int run_reporting_errors(Command&& command) {
  try {
    return command();
  } catch (const CLI::ValidationError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const floe::InvalidArgument& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const floe::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

int run_tpch_generate(const floe::tpch::GenerateOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto written = floe::tpch::generate_dataset(options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int64_t total = 0;
  for (const auto& table : written) {
    std::printf("%-9s %12lld rows  %zu file(s)  %s\n", std::string(floe::tpch::table_name(table.table)).c_str(),
                static_cast<long long>(table.rows), table.files.size(),
                table.files.size() == 1 ? table.files[0].c_str() : "");
    total += table.rows;
  }
  std::printf("generated %lld rows at scale factor %g in %.2f s\n", static_cast<long long>(total),
              options.scale_factor, seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Floe: a query engine for DataFrames with Polars' API", "floe"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(0, 1);

  CLI::App* version = app.add_subcommand("version", "Print the version");

  CLI::App* tpch = app.add_subcommand("tpch", "TPC-H tools");
  tpch->require_subcommand(0, 1);
  CLI::App* generate = tpch->add_subcommand(
      "generate",
      "Generate the eight TPC-H tables. One file per table is DIR/<table>.<ext>; with --files-per-table N "
      "each table is DIR/<table>/part-0.<ext> ... part-<N-1>.<ext>, in key order. The data depend only on "
      "the scale factor, never on the number of threads.");
  floe::tpch::GenerateOptions options;
  std::string format = "csv";
  std::vector<std::string> tables;
  generate->add_option("--scale-factor,-s", options.scale_factor, "Scale factor (1: about 1 GB of CSV)")
      ->required()
      ->check(CLI::Range(1e-6, 100000.0));
  generate->add_option("--output,-o", options.output_dir, "Output directory (created if missing)")->required();
  generate->add_option("--format", format, "File format")->check(CLI::IsMember({"csv", "parquet"}));
  generate->add_option("--tables", tables, "Comma-separated tables to generate (default: all)")->delimiter(',');
  generate->add_option("--files-per-table", options.files_per_table, "Files to split each table into")
      ->check(CLI::Range(1, 100000));
  bool decimal_money = false;
  generate->add_flag("--decimal", decimal_money,
                     "Money columns (l_extendedprice, o_totalprice, ...) as Decimal(15,2), as the specification "
                     "declares them, instead of Float64 (the PDS-H data)");

  // Cluster roles: settings come from defaults, then --config FILE, then FLOE__SECTION__KEY
  // variables, then these flags.
  std::optional<std::string> config_path;
  app.add_option("--config,-c", config_path, "TOML configuration file ([scheduler] and [worker] sections)");
  std::optional<int> port, n_workers, worker_port, threads;
  std::optional<std::string> scheduler_address, shuffle_dir, node_id, advertise_host;
  int local_workers = 2;

  CLI::App* scheduler = app.add_subcommand("scheduler", "Run the scheduler: the cluster's entry point for clients");
  scheduler->add_option("--port,-p", port, "Port of the scheduler's gRPC service (default 5051)");
  scheduler->add_option("--n-workers", n_workers, "Workers to wait for before running queries");

  CLI::App* worker = app.add_subcommand("worker", "Run a worker that executes stage tasks");
  worker->add_option("--scheduler", scheduler_address, "HOST:PORT of the scheduler");
  worker->add_option("--port,-p", worker_port, "Port of the worker's gRPC service (default: any free port)");
  worker->add_option("--shuffle-dir", shuffle_dir, "Directory for shuffle data");
  worker->add_option("--threads", threads, "Threads for running tasks (default: all cores)")->check(CLI::Range(1, 4096));
  worker->add_option("--node-id", node_id, "Name of this worker (default: worker-<pid>)");
  worker->add_option("--advertise-host", advertise_host, "Host name other nodes reach this worker at");

  CLI::App* service = app.add_subcommand(
      "service", "Run the role named by the configuration's `role` key (FLOE__ROLE): scheduler or worker");

  CLI::App* local = app.add_subcommand("local", "Run a scheduler and N workers on this machine");
  local->add_option("--workers,-n", local_workers, "Worker processes")->check(CLI::Range(1, 64));
  local->add_option("--port,-p", port, "Port of the scheduler (default 5051)");
  local->add_option("--shuffle-dir", shuffle_dir, "Directory for the workers' shuffle data");

  CLI::App* config_cmd = app.add_subcommand("config", "Configuration tools");
  CLI::App* config_show = config_cmd->add_subcommand("show", "Print the effective configuration as TOML");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  if (scheduler->parsed() || worker->parsed() || service->parsed() || local->parsed() || config_show->parsed()) {
    return run_reporting_errors([&] {
      floe::cluster::ClusterConfig config = floe::cluster::load_config(config_path, floe::cluster::environment_map());
      if (port) config.scheduler.port = *port;
      if (n_workers) config.scheduler.n_workers = *n_workers;
      if (scheduler_address) config.worker.scheduler_address = *scheduler_address;
      if (worker_port) config.worker.port = *worker_port;
      if (shuffle_dir) config.worker.shuffle_dir = *shuffle_dir;
      if (threads) config.worker.threads = *threads;
      if (node_id) config.node_id = *node_id;
      if (advertise_host) config.worker.advertise_host = *advertise_host;
      if (config_show->parsed()) {
        std::printf("%s", floe::cluster::to_toml(config).c_str());
        return 0;
      }
      if (local->parsed()) {
        if (!port) config.worker.scheduler_address = "127.0.0.1:" + std::to_string(config.scheduler.port);
        return floe::service::run_local(config, local_workers);
      }
      std::string role = scheduler->parsed() ? "scheduler" : worker->parsed() ? "worker" : config.role;
      if (role == "scheduler") return floe::service::run_scheduler(config);
      if (role == "worker") return floe::service::run_worker(config);
      std::fprintf(stderr, "error: 'floe service' needs a role: set role = \"scheduler\" or \"worker\" in the configuration "
                           "file, or FLOE__ROLE\n");
      return 2;
    });
  }
  if (config_cmd->parsed()) {
    std::fprintf(stderr, "%serror: 'floe config' needs a subcommand (show)\n", config_cmd->help().c_str());
    return 2;
  }
  if (version->parsed()) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  if (generate->parsed()) {
    return run_reporting_errors([&] {
      options.tables = parse_tables(tables);
      options.format = format == "parquet" ? floe::tpch::FileFormat::kParquet : floe::tpch::FileFormat::kCsv;
      options.money = decimal_money ? floe::tpch::Money::kDecimal : floe::tpch::Money::kFloat64;
      return run_tpch_generate(options);
    });
  }
  if (tpch->parsed()) {
    std::fprintf(stderr, "%serror: 'floe tpch' needs a subcommand (generate)\n", tpch->help().c_str());
    return 2;
  }
  std::printf("%s", app.help().c_str());
  return 0;
}
