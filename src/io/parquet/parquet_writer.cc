// ParquetWriter: row groups buffered, encoded on the thread pool, written in order; footer at close.
#include "io/parquet/parquet_writer.h"

#include <algorithm>
#include <cstring>
#include <ranges>

#include "compute/selection.h"
#include "core/error.h"
#include "core/thread_pool.h"
#include "io/parquet/arrow_schema.h"
#include "io/parquet/nested_schema.h"
#include "io/parquet/nested_writer.h"
#include "io/parquet/writer_schema.h"

namespace floe::io {

using parquet::CompressionCodec;

namespace {

constexpr char kMagic[4] = {'P', 'A', 'R', '1'};
constexpr const char* kCreatedBy = "Floe version 0.1.0";

/// The codec's level as codec.h's `compress` takes it, checked against Polars' ranges.
int compression_level(CompressionCodec codec, const std::string& name, std::optional<int> level) {
  if (!level) return codec == CompressionCodec::kZstd ? 3 : 0;  // Polars' zstd default is 3
  auto check = [&](int lo, int hi) {
    FLOE_USER_CHECK(*level >= lo && *level <= hi, InvalidArgument,
                    "compression_level {} is outside the valid range {}..={} of {}", *level, lo, hi, name);
  };
  switch (codec) {
    case CompressionCodec::kZstd: check(1, 22); break;
    case CompressionCodec::kGzip: check(0, 9); break;
    case CompressionCodec::kBrotli: check(0, 11); break;
    default: return 0;  // the other codecs have no levels; Polars ignores the argument
  }
  return *level;
}

}  // namespace

CompressionCodec parse_parquet_compression(const std::string& name) {
  if (name == "uncompressed") return CompressionCodec::kUncompressed;
  if (name == "snappy") return CompressionCodec::kSnappy;
  if (name == "gzip") return CompressionCodec::kGzip;
  if (name == "zstd") return CompressionCodec::kZstd;
  if (name == "lz4") return CompressionCodec::kLz4Raw;
  if (name == "brotli") return CompressionCodec::kBrotli;
  throw InvalidArgument(fmt::format(
      "parquet `compression` must be one of {{'uncompressed', 'snappy', 'gzip', 'brotli', 'lz4', 'zstd'}}, got {}", name));
}

ParquetWriter::ParquetWriter(std::unique_ptr<OutputStream> out, Schema schema, ParquetWriteOptions options)
    : out_(std::move(out)), schema_(std::move(schema)), row_group_size_(options.row_group_size) {
  FLOE_USER_CHECK(options.row_group_size > 0, InvalidArgument, "row_group_size must be positive, got {}",
                  options.row_group_size);
  FLOE_USER_CHECK(options.data_page_size > 0, InvalidArgument, "data_page_size must be positive, got {}",
                  options.data_page_size);
  chunk_options_.codec = parse_parquet_compression(options.compression);
  chunk_options_.compression_level = compression_level(chunk_options_.codec, options.compression, options.compression_level);
  chunk_options_.data_page_size = options.data_page_size;
  chunk_options_.statistics = options.statistics;
  chunk_options_.dictionary = options.dictionary;
  write_bytes(kMagic, sizeof(kMagic));
}

void ParquetWriter::write_bytes(const void* data, size_t size) {
  out_->write(data, size);
  offset_ += static_cast<int64_t>(size);
}

void ParquetWriter::write(const Chunk& chunk) {
  FLOE_CHECK(!closed_, "write to a closed ParquetWriter");
  FLOE_USER_CHECK(chunk.num_columns() == schema_.size(), SchemaMismatch,
                  "cannot write a chunk of {} columns to a Parquet file of {} columns", chunk.num_columns(),
                  schema_.size());
  for (size_t i = 0; i < schema_.size(); ++i) {
    FLOE_USER_CHECK(chunk.column(i)->type() == schema_[i].type, SchemaMismatch,
                    "column '{}' of the chunk is {}; the Parquet file's schema says {}", schema_[i].name,
                    chunk.column(i)->type().to_string(), schema_[i].type.to_string());
  }
  const Chunk rows = chunk.selection() ? compute::materialize(chunk) : chunk;
  const int64_t n = rows.num_rows();
  int64_t pos = 0;
  while (pos < n) {
    const int64_t take = std::min(row_group_size_ - pending_rows_, n - pos);
    pending_.push_back(pos == 0 && take == n ? rows : rows.slice(pos, take));
    pending_rows_ += take;
    pos += take;
    if (pending_rows_ == row_group_size_) flush_row_group();
  }
}

void ParquetWriter::write(const DataFrame& frame) {
  for (const Chunk& chunk : frame.chunks()) write(chunk);
}

void ParquetWriter::flush_row_group() {
  if (pending_rows_ == 0) return;
  const size_t ncols = schema_.size();
  std::vector<ColumnPtr> columns(ncols);
  for (size_t c = 0; c < ncols; ++c) {
    std::vector<ColumnPtr> parts;
    parts.reserve(pending_.size());
    for (const Chunk& chunk : pending_) parts.push_back(chunk.column(c));
    columns[c] = concat_columns(parts);
  }
  pending_.clear();

  // One column chunk per column, or one per leaf of a nested column.
  std::vector<std::vector<parquet::EncodedColumnChunk>> chunks(ncols);
  ThreadPool& pool = ThreadPool::global();
  auto encode = [&](size_t c, bool compress) {
    if (columns[c]->type().is_nested()) {
      chunks[c] = parquet::encode_nested_column_chunks(*columns[c], schema_[c].name, chunk_options_);
    } else {
      chunks[c].push_back(parquet::encode_column_chunk(*columns[c], schema_[c].name, chunk_options_));
    }
    columns[c].reset();
    if (compress) {
      for (auto& chunk : chunks[c]) {
        for (auto& page : chunk.pages) parquet::compress_page(&page, chunk_options_);
      }
    }
  };
  if (static_cast<int64_t>(ncols) >= 2 * pool.size()) {
    // Enough columns to keep every core busy: one task per column, encoding and compressing,
    // the largest first so no worker is left with a big one at the end.
    std::vector<std::pair<int64_t, size_t>> order;
    for (size_t c = 0; c < ncols; ++c) {
      const DataType& type = columns[c]->type();
      int64_t bytes = columns[c]->length() * (type.is_nested() ? 8 : byte_width(type.id));
      for (const auto& b : columns[c]->data_buffers()) bytes += static_cast<int64_t>(b->size());
      order.emplace_back(-bytes, c);
    }
    std::sort(order.begin(), order.end());
    pool.parallel_for(static_cast<int64_t>(ncols), 1, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) encode(order[static_cast<size_t>(i)].second, true);
    });
  } else {
    // Few columns: encode them in parallel, then compress all their pages in parallel.
    pool.parallel_for(static_cast<int64_t>(ncols), 1, [&](int64_t begin, int64_t end) {
      for (int64_t c = begin; c < end; ++c) encode(static_cast<size_t>(c), false);
    });
    std::vector<parquet::EncodedPage*> pages;
    for (auto& column : chunks) {
      for (auto& chunk : column) {
        for (auto& page : chunk.pages) pages.push_back(&page);
      }
    }
    pool.parallel_for(static_cast<int64_t>(pages.size()), 1, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) parquet::compress_page(pages[static_cast<size_t>(p)], chunk_options_);
    });
  }

  parquet::RowGroup group;
  group.num_rows = pending_rows_;
  group.file_offset = offset_;
  if (row_groups_.size() <= INT16_MAX) group.ordinal = static_cast<int16_t>(row_groups_.size());  // an i16 field
  int64_t compressed = 0;
  for (auto& chunk : chunks | std::views::join) {
    parquet::ColumnChunk column;
    column.file_offset = offset_;
    const std::vector<std::string> headers = parquet::place_column_chunk(&chunk, offset_);
    for (size_t p = 0; p < chunk.pages.size(); ++p) {
      write_bytes(headers[p].data(), headers[p].size());
      write_bytes(chunk.pages[p].body.data(), chunk.pages[p].body.size());
      std::string().swap(chunk.pages[p].body);
    }
    group.total_byte_size += chunk.metadata.total_uncompressed_size;
    compressed += chunk.metadata.total_compressed_size;
    column.meta_data = std::move(chunk.metadata);
    group.columns.push_back(std::move(column));
  }
  group.total_compressed_size = compressed;
  row_groups_.push_back(std::move(group));
  rows_written_ += pending_rows_;
  pending_rows_ = 0;
}

void ParquetWriter::close() {
  if (closed_) return;
  flush_row_group();
  parquet::FileMetaData metadata;
  metadata.version = 2;
  parquet::SchemaElement root;
  root.name = "root";
  root.num_children = static_cast<int32_t>(schema_.size());
  metadata.schema.push_back(std::move(root));
  int leaves = 0;
  for (const Field& field : schema_) {
    parquet::append_schema_elements(field, &metadata.schema);
    leaves += parquet::count_leaf_columns(field.type);
  }
  metadata.num_rows = rows_written_;
  metadata.row_groups = std::move(row_groups_);
  metadata.created_by = kCreatedBy;
  metadata.key_value_metadata.push_back({parquet::kArrowSchemaKey, parquet::arrow_schema_metadata(schema_)});
  metadata.column_orders.assign(static_cast<size_t>(leaves), true);
  const std::string footer = parquet::serialize_file_metadata(metadata);
  write_bytes(footer.data(), footer.size());
  const auto footer_size = static_cast<uint32_t>(footer.size());
  write_bytes(&footer_size, 4);
  write_bytes(kMagic, sizeof(kMagic));
  out_->close();
  closed_ = true;
}

void write_parquet(const DataFrame& frame, const std::string& path, const ParquetWriteOptions& options) {
  ParquetWriter writer(FileSystem::for_path(path).open_write(path), frame.schema(), options);
  writer.write(frame);
  writer.close();
}

}  // namespace floe::io
