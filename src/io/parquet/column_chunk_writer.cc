// Column chunk encoding: a dictionary page when it pays, then data pages v1 of levels and values.
//
// Pages are cut at multiples of 8 rows so each page's definition levels start on a byte of
// the validity bitmap.
#include "io/parquet/column_chunk_writer.h"

#include <algorithm>
#include <cstring>

#include "core/bitmap.h"
#include "core/error.h"
#include "io/parquet/codec.h"
#include "io/parquet/column_statistics.h"
#include "io/parquet/plain_encoder.h"
#include "io/parquet/rle_encoder.h"
#include "io/parquet/writer_schema.h"

namespace floe::io::parquet {

namespace {

/// Most rows in one data page (the header counts values in an i32; a million rows of a few
/// bits each is already a small page).
constexpr int64_t kMaxPageRows = int64_t{1} << 20;

/// Page boundaries [bounds[i], bounds[i + 1]) over `n` rows, every boundary but the last a
/// multiple of 8.
std::vector<int64_t> fixed_page_bounds(int64_t n, double bytes_per_row, int64_t page_size) {
  double rows_per_page = static_cast<double>(page_size) / std::max(bytes_per_row, 0.125);
  int64_t rows = static_cast<int64_t>(std::min(rows_per_page, static_cast<double>(kMaxPageRows)));
  rows = std::max<int64_t>(8, rows / 8 * 8);
  std::vector<int64_t> bounds{0};
  for (int64_t b = rows; b < n; b += rows) bounds.push_back(b);
  bounds.push_back(n);
  return bounds;
}

std::vector<int64_t> byte_array_page_bounds(const Column& column, int64_t page_size) {
  const StringView* views = column.values<StringView>();
  const uint8_t* validity = column.validity();
  const int64_t n = column.length();
  std::vector<int64_t> bounds{0};
  int64_t bytes = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (validity == nullptr || bitmap::get(validity, i)) bytes += 4 + views[i].size;
    if ((bytes >= page_size || i + 1 - bounds.back() >= kMaxPageRows) && (i + 1 - bounds.back()) % 8 == 0 &&
        i + 1 < n) {
      bounds.push_back(i + 1);
      bytes = 0;
    }
  }
  bounds.push_back(n);
  return bounds;
}

void add_encoding_stat(ColumnMetaData* md, PageType type, Encoding encoding) {
  for (auto& s : md->encoding_stats) {
    if (s.page_type == type && s.encoding == encoding) {
      ++s.count;
      return;
    }
  }
  md->encoding_stats.push_back({type, encoding, 1});
}

}  // namespace

int append_dictionary_page(const DictionaryEncoding& dict, EncodedColumnChunk* chunk) {
  const int64_t entries = dict.values->length();
  EncodedPage page;
  page.header.type = PageType::kDictionaryPage;
  page.header.dictionary_page_header = DictionaryPageHeader{static_cast<int32_t>(entries), Encoding::kPlain, {}};
  encode_plain(*dict.values, 0, entries, &page.body);
  chunk->pages.push_back(std::move(page));
  add_encoding_stat(&chunk->metadata, PageType::kDictionaryPage, Encoding::kPlain);
  // Width 0 is legal for a one-entry dictionary, but not every reader takes it.
  return std::max(1, bit_width_for(static_cast<uint64_t>(entries - 1)));
}

EncodedColumnChunk encode_column_chunk(const Column& column, const std::string& name,
                                       const ColumnChunkOptions& options) {
  const int64_t n = column.length();
  const TypeId id = column.type().id;
  EncodedColumnChunk out;
  ColumnMetaData& md = out.metadata;
  md.type = writer_physical_type(column.type());
  md.path_in_schema = {name};
  md.codec = options.codec;
  md.num_values = n;

  std::optional<DictionaryEncoding> dict;
  if (options.dictionary) dict = dictionary_encode(column, options.dictionary_limits);
  int bit_width = 0;
  if (dict) bit_width = append_dictionary_page(*dict, &out);
  if (options.statistics) {
    // The dictionary holds exactly the chunk's distinct values: scanning it is cheaper.
    md.statistics = column_statistics(dict ? *dict->values : column);
    md.statistics->null_count = column.null_count();
  }
  const Encoding value_encoding = dict ? Encoding::kRleDictionary : Encoding::kPlain;
  md.encodings = {Encoding::kPlain, Encoding::kRle};
  if (dict) md.encodings.push_back(Encoding::kRleDictionary);

  std::vector<int64_t> bounds;
  if (dict) {
    bounds = fixed_page_bounds(n, bit_width / 8.0, options.data_page_size);
  } else if (id == TypeId::kString || id == TypeId::kBinary) {
    bounds = byte_array_page_bounds(column, options.data_page_size);
  } else if (id == TypeId::kBoolean || id == TypeId::kNull) {
    bounds = fixed_page_bounds(n, 0.125, options.data_page_size);
  } else {
    bounds = fixed_page_bounds(n, plain_width(id), options.data_page_size);
  }

  const uint8_t* validity = column.validity();
  int64_t next_index = 0;  // into dict->indices, which skip nulls
  for (size_t p = 0; p + 1 < bounds.size(); ++p) {
    const int64_t begin = bounds[p], end = bounds[p + 1];
    EncodedPage page;
    std::string& body = page.body;
    const int64_t rows = end - begin;
    const int64_t value_bytes = dict ? rows * bit_width / 8 : (id == TypeId::kString || id == TypeId::kBinary)
                                                               ? 0  // grown once by encode_plain
                                                               : rows * plain_width(id);
    body.reserve(static_cast<size_t>(64 + rows / 8 + value_bytes));
    body.resize(4);
    encode_validity_levels(validity ? validity + begin / 8 : nullptr, end - begin, &body);
    const auto levels_size = static_cast<uint32_t>(body.size() - 4);
    std::memcpy(body.data(), &levels_size, 4);
    if (dict) {
      const int64_t valid = validity ? bitmap::count_set(validity + begin / 8, end - begin) : end - begin;
      body.push_back(static_cast<char>(bit_width));
      RleEncoder encoder(bit_width, &body);
      encoder.put(dict->indices.data() + next_index, valid);
      encoder.finish();
      next_index += valid;
    } else {
      encode_plain(column, begin, end, &body);
    }
    page.header.type = PageType::kDataPage;
    page.header.data_page_header =
        DataPageHeader{static_cast<int32_t>(end - begin), value_encoding, Encoding::kRle, Encoding::kRle, {}};
    out.pages.push_back(std::move(page));
    add_encoding_stat(&md, PageType::kDataPage, value_encoding);
  }
  return out;
}

void compress_page(EncodedPage* page, const ColumnChunkOptions& options) {
  FLOE_USER_CHECK(page->body.size() <= static_cast<size_t>(INT32_MAX), ComputeError,
                  "Parquet page of {} bytes is too large; pages hold at most {} bytes", page->body.size(), INT32_MAX);
  page->header.uncompressed_page_size = static_cast<int32_t>(page->body.size());
  if (options.codec != CompressionCodec::kUncompressed) {
    page->body = compress(options.codec, page->body, options.compression_level);
  }
  FLOE_USER_CHECK(page->body.size() <= static_cast<size_t>(INT32_MAX), ComputeError,
                  "compressed Parquet page of {} bytes is too large", page->body.size());
  page->header.compressed_page_size = static_cast<int32_t>(page->body.size());
}

std::vector<std::string> place_column_chunk(EncodedColumnChunk* chunk, int64_t offset) {
  ColumnMetaData& md = chunk->metadata;
  std::vector<std::string> headers;
  headers.reserve(chunk->pages.size());
  md.total_compressed_size = 0;
  md.total_uncompressed_size = 0;
  bool first_data_page = true;
  for (const EncodedPage& page : chunk->pages) {
    if (page.header.type == PageType::kDictionaryPage) {
      md.dictionary_page_offset = offset;
    } else if (first_data_page) {
      md.data_page_offset = offset;
      first_data_page = false;
    }
    headers.push_back(serialize_page_header(page.header));
    const auto header_size = static_cast<int64_t>(headers.back().size());
    md.total_compressed_size += header_size + page.header.compressed_page_size;
    md.total_uncompressed_size += header_size + page.header.uncompressed_page_size;
    offset += header_size + page.header.compressed_page_size;
  }
  return headers;
}

}  // namespace floe::io::parquet
