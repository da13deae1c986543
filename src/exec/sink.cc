// Streaming sinks over execute_streaming: chunks go to the file writer in order.
#include "exec/sink.h"

#include "exec/executor.h"
#include "io/file_system.h"

namespace floe {

void sink_parquet(const LazyFrame& query, const std::string& path, const io::ParquetWriteOptions& options) {
  PlanPtr plan = optimize(query.plan());
  io::ParquetWriter writer(io::FileSystem::for_path(path).open_write(path), plan->schema, options);
  execute_streaming(plan, [&](const Chunk& chunk) { writer.write(chunk); });
  writer.close();
}

void sink_csv(const LazyFrame& query, const std::string& path, const io::CsvWriteOptions& options) {
  PlanPtr plan = optimize(query.plan());
  auto out = io::FileSystem::for_path(path).open_write(path);
  io::CsvWriteOptions rows = options;
  bool first = true;
  execute_streaming(plan, [&](const Chunk& chunk) {
    // The header (if asked for) comes with the first chunk, even an empty one.
    rows.include_header = first && options.include_header;
    first = false;
    std::string text = io::write_csv_string(DataFrame(plan->schema, {chunk}), rows);
    out->write(text.data(), text.size());
  });
  out->close();
}

}  // namespace floe
