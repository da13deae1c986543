// Parquet writer: frames or streams of chunks into row groups of encoded, compressed column chunks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data_frame.h"
#include "io/file_system.h"
#include "io/parquet/column_chunk_writer.h"
#include "io/parquet/metadata.h"

namespace floe::io {

/// Options of `write_parquet`, named and defaulted as Polars' `write_parquet` arguments.
struct ParquetWriteOptions {
  /// "uncompressed", "snappy", "gzip", "zstd", "lz4" (LZ4_RAW) or "brotli".
  std::string compression = "zstd";
  /// The codec's level (zstd 1..22, gzip 0..9, brotli 0..11); absent: zstd 3 as Polars, the
  /// library default for the others.
  std::optional<int> compression_level;
  int64_t row_group_size = 512 * 512;  // rows per row group
  int64_t data_page_size = 1024 * 1024;  // bytes of values per data page, about
  bool statistics = true;              // min, max and null count per column chunk
  bool dictionary = true;              // dictionary-encode columns whose dictionary stays small
};

/// The codec of a Polars compression name. Throws InvalidArgument naming the valid ones.
parquet::CompressionCodec parse_parquet_compression(const std::string& name);

/// Streams chunks into a Parquet file: `write()` may be called many times; row groups are cut
/// at `row_group_size` rows and the columns of each are encoded and compressed in parallel;
/// `close()` writes the footer (a writer dropped unclosed leaves a file without one). Memory
/// stays bounded by one row group. Every column is written OPTIONAL, with definition levels,
/// as Polars writes them, and the footer carries the ARROW:schema entry. Not thread-safe: one
/// thread calls `write` (the row group's work is spread over the pool inside).
class ParquetWriter {
 public:
  /// Validates the options (InvalidArgument) and writes the leading magic.
  ParquetWriter(std::unique_ptr<OutputStream> out, Schema schema, ParquetWriteOptions options = {});
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  /// Appends the rows of `chunk` (its selection applied), whose columns must match the schema
  /// (SchemaMismatch otherwise).
  void write(const Chunk& chunk);
  void write(const DataFrame& frame);
  /// Writes the last row group and the footer, and closes the stream. Further calls do nothing.
  void close();

  int64_t rows_written() const { return rows_written_; }

 private:
  void flush_row_group();
  void write_bytes(const void* data, size_t size);

  std::unique_ptr<OutputStream> out_;
  Schema schema_;
  parquet::ColumnChunkOptions chunk_options_;
  int64_t row_group_size_;
  std::vector<Chunk> pending_;
  int64_t pending_rows_ = 0;
  int64_t offset_ = 0;
  int64_t rows_written_ = 0;
  std::vector<parquet::RowGroup> row_groups_;
  bool closed_ = false;
};

/// Writes `frame` to `path` (any path `FileSystem::for_path` serves).
void write_parquet(const DataFrame& frame, const std::string& path, const ParquetWriteOptions& options = {});

}  // namespace floe::io
