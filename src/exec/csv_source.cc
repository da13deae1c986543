// CsvSource: projection and row limits pushed into the CSV reader.
#include "exec/csv_source.h"

#include "plan/lazy_frame.h"

namespace floe {

CsvSource::CsvSource(std::string path, io::CsvReadOptions options)
    : path_(std::move(path)), options_(std::move(options)), schema_(io::infer_csv_schema(path_, options_)) {
  // Reads use the schema inferred now: no second inference pass, and types cannot drift
  // between planning and execution.
  if (!options_.schema) options_.schema = schema_;
  if (options_.columns) {
    Schema projected;
    for (const auto& c : *options_.columns) projected.add(c, schema_.field(c).type);
    schema_ = projected;
  }
}

std::string CsvSource::describe() const { return "Csv SCAN [" + path_ + "]"; }

DataFrame CsvSource::read(const ScanRequest& request) const {
  io::CsvReadOptions o = options_;
  if (request.columns) o.columns = *request.columns;
  if (request.n_rows) o.n_rows = o.n_rows ? std::min(*o.n_rows, *request.n_rows) : *request.n_rows;
  return io::read_csv(path_, o);
}

LazyFrame scan_csv(const std::string& path, const io::CsvReadOptions& options) {
  return LazyFrame::scan(std::make_shared<CsvSource>(path, options));
}

}  // namespace floe
