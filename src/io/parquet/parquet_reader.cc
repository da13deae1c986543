// ParquetFile and read_parquet: the footer is read once; column chunks are fetched with one
// ranged read per run of adjacent chunks and decoded in parallel.
#include "io/parquet/parquet_reader.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "core/error.h"
#include "core/thread_pool.h"
#include "io/file_system.h"
#include "io/parquet/column_descriptor.h"
#include "io/parquet/column_reader.h"
#include "io/parquet/metadata.h"
#include "io/parquet/nested_reader.h"
#include "io/parquet/page_index.h"

namespace floe::io {

using parquet::ColumnDescriptor;
using parquet::ColumnMetaData;
using parquet::FileMetaData;

namespace {

constexpr char kMagic[] = "PAR1";
constexpr int64_t kFooterTail = 8;  // 4-byte footer length + magic

struct ByteRange {
  int64_t offset = 0;
  int64_t length = 0;
};

/// Where a column chunk's bytes start: its dictionary page when it has one before the data.
int64_t chunk_start(const ColumnMetaData& m) {
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 && *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  return start;
}

}  // namespace

ParquetFile::~ParquetFile() = default;

std::shared_ptr<const ParquetFile> ParquetFile::open(const std::string& path) {
  std::shared_ptr<ParquetFile> file(new ParquetFile());
  file->path_ = path;
  file->file_ = FileSystem::for_path(path).open_read(path);
  const int64_t size = file->file_->size();
  FLOE_USER_CHECK(size >= 12, ComputeError, "'{}' is not a Parquet file: {} bytes is too short (expected at least 12)",
                  path, size);
  BufferPtr tail = file->file_->read_at(size - kFooterTail, kFooterTail);
  if (std::memcmp(tail->data() + 4, "PARE", 4) == 0) {
    throw ComputeError(fmt::format("'{}' is an encrypted Parquet file, which is not supported", path));
  }
  FLOE_USER_CHECK(std::memcmp(tail->data() + 4, kMagic, 4) == 0, ComputeError,
                  "'{}' is not a Parquet file (or is truncated): it does not end with the magic bytes PAR1", path);
  uint32_t footer_length;
  std::memcpy(&footer_length, tail->data(), 4);
  FLOE_USER_CHECK(footer_length <= size - kFooterTail - 4, ComputeError,
                  "corrupt Parquet file '{}': a footer of {} bytes in a file of {} bytes", path, footer_length, size);
  BufferPtr head = file->file_->read_at(0, 4);
  FLOE_USER_CHECK(std::memcmp(head->data(), kMagic, 4) == 0, ComputeError,
                  "'{}' is not a Parquet file: it does not start with the magic bytes PAR1", path);
  BufferPtr footer = file->file_->read_at(size - kFooterTail - footer_length, footer_length);
  try {
    file->metadata_ = std::make_unique<FileMetaData>(parquet::parse_file_metadata(
        std::string_view(reinterpret_cast<const char*>(footer->data()), footer->size())));
    file->columns_ = parquet::describe_columns(*file->metadata_);
  } catch (const ComputeError& e) {
    throw ComputeError(fmt::format("reading Parquet file '{}': {}", path, e.what()));
  }
  for (const auto& group : file->metadata_->row_groups) {
    FLOE_USER_CHECK(group.num_rows >= 0, ComputeError, "corrupt Parquet file '{}': a row group of {} rows", path,
                    group.num_rows);
    for (const auto& chunk : group.columns) {
      FLOE_USER_CHECK(chunk.meta_data.has_value(), ComputeError,
                      "Parquet file '{}': column chunks without inline metadata are not supported", path);
      FLOE_USER_CHECK(!chunk.file_path.has_value() || chunk.file_path->empty(), ComputeError,
                      "Parquet file '{}': column chunks in other files ('{}') are not supported", path,
                      *chunk.file_path);
    }
  }
  std::vector<Field> fields;
  for (const auto& c : file->columns_) fields.push_back({c.name, c.type});
  file->schema_ = Schema(std::move(fields));
  return file;
}

int ParquetFile::num_row_groups() const { return static_cast<int>(metadata_->row_groups.size()); }

int64_t ParquetFile::num_rows() const {
  int64_t total = 0;
  for (const auto& g : metadata_->row_groups) total += g.num_rows;
  return total;
}

int64_t ParquetFile::row_group_rows(int row_group) const {
  check_indexes(row_group, 0);
  return metadata_->row_groups[static_cast<size_t>(row_group)].num_rows;
}

void ParquetFile::check_indexes(int row_group, int column) const {
  FLOE_USER_CHECK(row_group >= 0 && row_group < num_row_groups(), InvalidArgument,
                  "row group {} out of range: '{}' has {} row groups", row_group, path_, num_row_groups());
  FLOE_USER_CHECK(column >= 0 && (column < static_cast<int>(columns_.size()) || (column == 0 && columns_.empty())),
                  InvalidArgument, "column {} out of range: '{}' has {} columns", column, path_, columns_.size());
}

ParquetColumnStats ParquetFile::statistics(int row_group, int column) const {
  check_indexes(row_group, column);
  const ColumnDescriptor& c = columns_[static_cast<size_t>(column)];
  ParquetColumnStats out;
  if (c.nested()) return out;
  const auto& meta = *metadata_->row_groups[static_cast<size_t>(row_group)].columns[static_cast<size_t>(c.leaf)].meta_data;
  if (!meta.statistics) return out;
  auto decoded = parquet::decode_statistics(c, *meta.statistics);
  out.min = std::move(decoded.min);
  out.max = std::move(decoded.max);
  out.null_count = decoded.null_count;
  return out;
}

std::optional<ParquetPageIndex> ParquetFile::page_index(int row_group, int column) const {
  check_indexes(row_group, column);
  const ColumnDescriptor& c = columns_[static_cast<size_t>(column)];
  if (c.nested()) return std::nullopt;
  const auto& group = metadata_->row_groups[static_cast<size_t>(row_group)];
  const auto& chunk = group.columns[static_cast<size_t>(c.leaf)];
  if (!chunk.column_index_offset || !chunk.column_index_length || !chunk.offset_index_offset ||
      !chunk.offset_index_length) {
    return std::nullopt;
  }
  const int64_t limit = file_->size() - kFooterTail;
  auto fetch = [&](int64_t offset, int32_t length) -> std::optional<BufferPtr> {
    if (offset < 4 || length <= 0 || length > limit - offset) return std::nullopt;
    return file_->read_at(offset, length);
  };
  auto ci_bytes = fetch(*chunk.column_index_offset, *chunk.column_index_length);
  auto oi_bytes = fetch(*chunk.offset_index_offset, *chunk.offset_index_length);
  if (!ci_bytes || !oi_bytes) return std::nullopt;
  std::optional<parquet::DecodedPageIndex> decoded;
  try {
    auto as_view = [](const BufferPtr& b) { return std::string_view(reinterpret_cast<const char*>(b->data()), b->size()); };
    decoded = parquet::decode_page_index(c, parquet::parse_column_index(as_view(*ci_bytes)),
                                         parquet::parse_offset_index(as_view(*oi_bytes)), group.num_rows);
  } catch (const ComputeError&) {
    // The page index is an optional shortcut: a damaged one means reading every page.
    return std::nullopt;
  }
  if (!decoded) return std::nullopt;
  ParquetPageIndex out;
  out.first_row = std::move(decoded->first_row);
  for (auto& p : decoded->pages) out.pages.push_back({std::move(p.min), std::move(p.max), p.null_count});
  return out;
}

ColumnPtr ParquetFile::dictionary_values(int row_group, int column) const {
  check_indexes(row_group, column);
  const ColumnDescriptor& c = columns_[static_cast<size_t>(column)];
  if (c.nested() || c.conversion == parquet::Conversion::kNull) return nullptr;
  const ColumnMetaData& m =
      *metadata_->row_groups[static_cast<size_t>(row_group)].columns[static_cast<size_t>(c.leaf)].meta_data;
  if (!parquet::fully_dictionary_encoded(m) || !m.dictionary_page_offset) return nullptr;
  // The dictionary page comes first and the data pages right after it.
  const int64_t start = *m.dictionary_page_offset, end = m.data_page_offset;
  if (start < 4 || end <= start || end > file_->size() - kFooterTail) return nullptr;
  try {
    return parquet::read_dictionary_page(c, m, file_->read_at(start, end - start));
  } catch (const ComputeError& e) {
    throw ComputeError(fmt::format("reading Parquet file '{}', row group {}: {}", path_, row_group, e.what()));
  }
}

std::vector<BufferPtr> ParquetFile::fetch_chunks(int row_group, const std::vector<int>& columns) const {
  const auto& group = metadata_->row_groups[static_cast<size_t>(row_group)];
  const int64_t file_size = file_->size();
  std::vector<ByteRange> ranges(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    check_indexes(row_group, columns[i]);
    const ColumnDescriptor& c = columns_[static_cast<size_t>(columns[i])];
    FLOE_USER_CHECK(c.unsupported.empty(), ComputeError, "Parquet file '{}': column '{}' cannot be read: {}", path_,
                    c.name, c.unsupported);
    // A nested column's leaf chunks are read as one range from the first start to the last end.
    int64_t begin = INT64_MAX, end = 0;
    for (int leaf = c.leaf; leaf < c.leaf + c.num_leaves; ++leaf) {
      const ColumnMetaData& m = *group.columns[static_cast<size_t>(leaf)].meta_data;
      const int64_t start = chunk_start(m);
      FLOE_USER_CHECK(start >= 4 && m.total_compressed_size >= 0 &&
                          m.total_compressed_size <= file_size - kFooterTail - start,
                      ComputeError, "corrupt Parquet file '{}': column '{}' claims bytes [{}, {}) of a {}-byte file",
                      path_, c.name, start, start + m.total_compressed_size, file_size);
      begin = std::min(begin, start);
      end = std::max(end, start + m.total_compressed_size);
    }
    ranges[i] = {begin, end - begin};
  }
  // One read per run of chunks that touch or nearly touch (gaps under 1 MiB are read through).
  constexpr int64_t kMaxGap = 1 << 20;
  std::vector<size_t> order(columns.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ranges[a].offset < ranges[b].offset; });
  std::vector<BufferPtr> out(columns.size());
  size_t i = 0;
  while (i < order.size()) {
    if (ranges[order[i]].length == 0) {
      out[order[i]] = Buffer::allocate(0);
      ++i;
      continue;
    }
    const int64_t begin = ranges[order[i]].offset;
    int64_t end = begin + ranges[order[i]].length;
    size_t j = i + 1;
    while (j < order.size() && ranges[order[j]].offset <= end + kMaxGap) {
      end = std::max(end, ranges[order[j]].offset + ranges[order[j]].length);
      ++j;
    }
    BufferPtr run = file_->read_at(begin, end - begin);
    for (size_t k = i; k < j; ++k) {
      const ByteRange& r = ranges[order[k]];
      out[order[k]] = Buffer::view(run, static_cast<size_t>(r.offset - begin), static_cast<size_t>(r.length));
    }
    i = j;
  }
  return out;
}

ColumnPtr ParquetFile::decode_chunk(int row_group, int column, const BufferPtr& bytes,
                                    const std::vector<uint32_t>* rows) const {
  check_indexes(row_group, column);
  const ColumnDescriptor& c = columns_[static_cast<size_t>(column)];
  const auto& group = metadata_->row_groups[static_cast<size_t>(row_group)];
  try {
    if (c.nested()) {
      // `bytes` spans the leaf chunks (fetch_chunks): each leaf's chunk is a view into it.
      const auto& chunks = group.columns;
      std::vector<const ColumnMetaData*> metadata;
      std::vector<BufferPtr> leaf_bytes;
      int64_t first = INT64_MAX;
      for (int leaf = c.leaf; leaf < c.leaf + c.num_leaves; ++leaf) {
        first = std::min(first, chunk_start(*chunks[static_cast<size_t>(leaf)].meta_data));
      }
      for (int leaf = c.leaf; leaf < c.leaf + c.num_leaves; ++leaf) {
        const ColumnMetaData& m = *chunks[static_cast<size_t>(leaf)].meta_data;
        const int64_t at = chunk_start(m) - first;
        FLOE_USER_CHECK(at >= 0 && m.total_compressed_size >= 0 &&
                            at + m.total_compressed_size <= static_cast<int64_t>(bytes->size()),
                        ComputeError, "corrupt Parquet column '{}': a leaf chunk lies outside the bytes read", c.name);
        metadata.push_back(&m);
        leaf_bytes.push_back(Buffer::view(bytes, static_cast<size_t>(at), static_cast<size_t>(m.total_compressed_size)));
      }
      return parquet::read_nested_column(c, metadata, leaf_bytes, group.num_rows, rows);
    }
    return parquet::read_column_chunk(c, *group.columns[static_cast<size_t>(c.leaf)].meta_data, bytes, group.num_rows,
                                      rows);
  } catch (const ComputeError& e) {
    throw ComputeError(fmt::format("reading Parquet file '{}', row group {}: {}", path_, row_group, e.what()));
  }
}

ColumnPtr ParquetFile::read_column(int row_group, int column, const std::vector<uint32_t>* rows) const {
  check_indexes(row_group, column);
  return decode_chunk(row_group, column, fetch_chunks(row_group, {column})[0], rows);
}

Chunk ParquetFile::read_row_group(int row_group, const std::vector<int>& columns) const {
  check_indexes(row_group, 0);
  std::vector<BufferPtr> bytes = fetch_chunks(row_group, columns);
  std::vector<ColumnPtr> out(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) out[i] = decode_chunk(row_group, columns[i], bytes[i]);
  return Chunk(std::move(out), row_group_rows(row_group));
}

DataFrame read_parquet(const std::string& path, const ParquetReadOptions& options) {
  auto file = ParquetFile::open(path);
  const Schema& schema = file->schema();
  std::vector<int> columns;
  if (options.columns) {
    for (const auto& name : *options.columns) columns.push_back(static_cast<int>(schema.index_of(name)));
  } else {
    for (size_t i = 0; i < schema.size(); ++i) columns.push_back(static_cast<int>(i));
  }
  Schema out_schema;
  for (int c : columns) out_schema.add(schema[static_cast<size_t>(c)].name, schema[static_cast<size_t>(c)].type);
  // Row groups needed to cover n_rows.
  const int64_t limit = options.n_rows.value_or(INT64_MAX);
  FLOE_USER_CHECK(limit >= 0, InvalidArgument, "n_rows must be at least 0, got {}", limit);
  std::vector<int> groups;
  int64_t covered = 0;
  for (int g = 0; g < file->num_row_groups() && covered < limit; ++g) {
    if (file->row_group_rows(g) == 0) continue;
    groups.push_back(g);
    covered += file->row_group_rows(g);
  }
  std::vector<std::vector<BufferPtr>> bytes(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) bytes[g] = file->fetch_chunks(groups[g], columns);
  const int64_t ncols = static_cast<int64_t>(columns.size());
  std::vector<std::vector<ColumnPtr>> decoded(groups.size(), std::vector<ColumnPtr>(columns.size()));
  // Largest chunks first, so the last tasks to start are short ones and the workers finish
  // together.
  std::vector<int64_t> tasks(groups.size() * columns.size());
  for (size_t t = 0; t < tasks.size(); ++t) tasks[t] = static_cast<int64_t>(t);
  std::stable_sort(tasks.begin(), tasks.end(), [&](int64_t a, int64_t b) {
    return bytes[static_cast<size_t>(a / ncols)][static_cast<size_t>(a % ncols)]->size() >
           bytes[static_cast<size_t>(b / ncols)][static_cast<size_t>(b % ncols)]->size();
  });
  ThreadPool::global().parallel_for(static_cast<int64_t>(tasks.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const int64_t t = tasks[static_cast<size_t>(i)];
      const size_t g = static_cast<size_t>(t / ncols), c = static_cast<size_t>(t % ncols);
      decoded[g][c] = file->decode_chunk(groups[g], columns[c], bytes[g][c]);
    }
  });
  std::vector<Chunk> chunks;
  int64_t rows = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const int64_t group_rows = file->row_group_rows(groups[g]);
    Chunk chunk(std::move(decoded[g]), group_rows);
    const int64_t take = std::min(group_rows, limit - rows);
    if (take < group_rows) chunk = chunk.slice(0, take);
    rows += take;
    chunks.push_back(std::move(chunk));
  }
  if (chunks.empty()) {
    std::vector<ColumnPtr> empty;
    for (const auto& f : out_schema) empty.push_back(Column::nulls(f.type, 0));
    return DataFrame(std::move(out_schema), std::move(empty));
  }
  return DataFrame(std::move(out_schema), std::move(chunks));
}

}  // namespace floe::io
