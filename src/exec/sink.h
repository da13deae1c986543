// Sinks: a query's result streamed into a file (Parquet, CSV) as it is computed.
#pragma once

#include <string>

#include "io/csv_writer.h"
#include "io/parquet/parquet_writer.h"
#include "plan/lazy_frame.h"

namespace floe {

/// Runs `query` and writes its rows to a Parquet file at `path` as they come: memory stays
/// bounded by a row group and the morsels in flight, not by the size of the result.
void sink_parquet(const LazyFrame& query, const std::string& path, const io::ParquetWriteOptions& options = {});

/// Runs `query` and writes its rows as CSV to `path` as they come.
void sink_csv(const LazyFrame& query, const std::string& path, const io::CsvWriteOptions& options = {});

}  // namespace floe
