// Floe's Parquet reader: open a file, inspect its schema and statistics, decode column chunks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/data_frame.h"
#include "core/scalar.h"
#include "core/schema.h"

namespace floe::io {

class RandomAccessFile;
namespace parquet {
struct FileMetaData;
struct ColumnDescriptor;
}  // namespace parquet

/// Min, max and null count of one column chunk.
struct ParquetColumnStats {
  std::optional<Scalar> min, max;  // in the column's Floe type; absent when unknown
  std::optional<int64_t> null_count;
};

/// The page index of one column chunk: where each data page starts and what it holds.
struct ParquetPageIndex {
  std::vector<int64_t> first_row;         // per page: its first row in the row group, ascending from 0
  std::vector<ParquetColumnStats> pages;  // per page: min, max and null count
};

/// An open Parquet file: its footer parsed, column chunks decoded on request. Safe to share
/// between threads.
class ParquetFile {
 public:
  /// Opens `path` through FileSystem::for_path and parses the footer (clear ComputeError on a
  /// file that is not Parquet, truncated, or corrupt).
  static std::shared_ptr<const ParquetFile> open(const std::string& path);
  ~ParquetFile();

  const std::string& path() const { return path_; }
  /// Floe types of the top-level columns.
  const Schema& schema() const { return schema_; }
  int num_row_groups() const;
  int64_t num_rows() const;
  int64_t row_group_rows(int row_group) const;
  /// Statistics of `column` (index into schema()) in `row_group`.
  ParquetColumnStats statistics(int row_group, int column) const;
  /// The page index of `column` in `row_group`, or nullopt when the file has none for it (or
  /// one that does not fit the chunk). One ranged read of each of the two indexes.
  std::optional<ParquetPageIndex> page_index(int row_group, int column) const;
  /// Every distinct value of `column` in `row_group` (nulls aside) when all of its data pages
  /// are dictionary-encoded, read from the dictionary page alone; nullptr otherwise.
  ColumnPtr dictionary_values(int row_group, int column) const;
  /// Decodes one column chunk. When `rows` is given (sorted row indices within the row group),
  /// returns only those rows (late materialization).
  ColumnPtr read_column(int row_group, int column, const std::vector<uint32_t>* rows = nullptr) const;
  /// Decodes `columns` of `row_group` into a chunk, columns in the order given.
  Chunk read_row_group(int row_group, const std::vector<int>& columns) const;

  /// The parsed footer, for tools and tests.
  const parquet::FileMetaData& metadata() const { return *metadata_; }

  /// The bytes of each of `columns`' chunks in `row_group`, fetched with one read per run of
  /// adjacent chunks.
  std::vector<BufferPtr> fetch_chunks(int row_group, const std::vector<int>& columns) const;
  /// Decodes column `column` of `row_group` from its fetched bytes.
  ColumnPtr decode_chunk(int row_group, int column, const BufferPtr& bytes,
                         const std::vector<uint32_t>* rows = nullptr) const;

 private:
  ParquetFile() = default;
  void check_indexes(int row_group, int column) const;

  std::string path_;
  std::unique_ptr<RandomAccessFile> file_;
  std::unique_ptr<parquet::FileMetaData> metadata_;
  std::vector<parquet::ColumnDescriptor> columns_;
  Schema schema_;
};

struct ParquetReadOptions {
  std::optional<std::vector<std::string>> columns;  // only these, in this order
  std::optional<int64_t> n_rows;                     // at most this many rows
};

/// Reads a whole file, row groups and column chunks decoded in parallel on the thread pool.
DataFrame read_parquet(const std::string& path, const ParquetReadOptions& options = {});

}  // namespace floe::io
