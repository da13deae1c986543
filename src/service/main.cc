// The floe binary: one executable for every role (local engine and the TPC-H data generator now;
// scheduler and worker later).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/error.h"
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  if (version->parsed()) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  if (generate->parsed()) {
    try {
      options.tables = parse_tables(tables);
      options.format = format == "parquet" ? floe::tpch::FileFormat::kParquet : floe::tpch::FileFormat::kCsv;
      return run_tpch_generate(options);
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
  if (tpch->parsed()) {
    std::fprintf(stderr, "%serror: 'floe tpch' needs a subcommand (generate)\n", tpch->help().c_str());
    return 2;
  }
  std::printf("%s", app.help().c_str());
  return 0;
}
