// Writing generated TPC-H tables as CSV or Parquet files, batch by batch.
#include "tpch/dataset_writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "io/csv_writer.h"
#include "io/file_system.h"
#include "io/parquet/parquet_writer.h"

namespace floe::tpch {

namespace {

/// Units generated and written at once: about a million rows (lineitem has four per unit,
/// partsupp four), so a batch is a few hundred megabytes at most.
int64_t batch_units(Table table) {
  return table == Table::kLineitem || table == Table::kPartSupp ? (1 << 18) : (1 << 20);
}

const char* extension(FileFormat format) { return format == FileFormat::kCsv ? "csv" : "parquet"; }

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

/// Generates units [begin, end) of `table` batch by batch and hands each batch to `sink`
/// (at least once, so an empty range still writes a file with the table's columns).
template <typename Sink>
void generate_batches(Table table, const ScaleCounts& counts, Money money, int64_t begin, int64_t end,
                      WrittenTable& written, Sink&& sink) {
  int64_t lo = begin;
  do {
    const int64_t hi = std::min(end, lo + batch_units(table));
    const DataFrame frame = generate_table(table, counts, lo, hi, money);
    sink(frame);
    written.rows += frame.num_rows();
    lo = hi;
  } while (lo < end);
}

void write_csv_file(Table table, const ScaleCounts& counts, Money money, int64_t begin, int64_t end,
                    const std::string& path, WrittenTable& written) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  FLOE_USER_CHECK(file != nullptr, IoError, "cannot create '{}': {}", path, std::strerror(errno));
  io::CsvWriteOptions options;
  generate_batches(table, counts, money, begin, end, written, [&](const DataFrame& frame) {
    const std::string text = io::write_csv_string(frame, options);
    FLOE_USER_CHECK(std::fwrite(text.data(), 1, text.size(), file.get()) == text.size(), IoError,
                    "cannot write '{}': {}", path, std::strerror(errno));
    options.include_header = false;
  });
  FLOE_USER_CHECK(std::fflush(file.get()) == 0, IoError, "cannot write '{}': {}", path, std::strerror(errno));
}

void write_parquet_file(Table table, const ScaleCounts& counts, Money money, int64_t begin, int64_t end,
                        const std::string& path, WrittenTable& written) {
  io::ParquetWriter writer(io::FileSystem::for_path(path).open_write(path), table_schema(table, money));
  generate_batches(table, counts, money, begin, end, written, [&](const DataFrame& frame) { writer.write(frame); });
  writer.close();
}

}  // namespace

std::string table_file_path(const GenerateOptions& options, Table table, int part) {
  const std::filesystem::path dir(options.output_dir);
  const std::string name(table_name(table));
  if (options.files_per_table == 1) return (dir / (name + "." + extension(options.format))).string();
  return (dir / name / fmt::format("part-{}.{}", part, extension(options.format))).string();
}

std::vector<WrittenTable> generate_dataset(const GenerateOptions& options) {
  const ScaleCounts counts = ScaleCounts::for_scale_factor(options.scale_factor);
  FLOE_USER_CHECK(!options.output_dir.empty(), InvalidArgument, "an output directory is required");
  FLOE_USER_CHECK(options.files_per_table >= 1 && options.files_per_table <= 100000, InvalidArgument,
                  "files per table must be in [1, 100000], got {}", options.files_per_table);
  std::vector<Table> tables = options.tables;
  if (tables.empty()) tables.assign(all_tables().begin(), all_tables().end());

  std::vector<WrittenTable> result;
  for (Table table : tables) {
    WrittenTable written;
    written.table = table;
    std::error_code ec;
    const std::filesystem::path first = table_file_path(options, table, 0);
    std::filesystem::create_directories(first.parent_path(), ec);
    FLOE_USER_CHECK(!ec, IoError, "cannot create directory '{}': {}", first.parent_path().string(), ec.message());
    const int64_t units = table_units(table, counts);
    const int files = options.files_per_table;
    for (int part = 0; part < files; ++part) {
      const int64_t begin = units * part / files, end = units * (part + 1) / files;
      const std::string path = table_file_path(options, table, part);
      if (options.format == FileFormat::kCsv) {
        write_csv_file(table, counts, options.money, begin, end, path, written);
      } else {
        write_parquet_file(table, counts, options.money, begin, end, path, written);
      }
      written.files.push_back(path);
    }
    result.push_back(std::move(written));
  }
  return result;
}

}  // namespace floe::tpch
