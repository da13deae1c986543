// Page loop of a column chunk: decompresses each page, decodes definition levels into the
// validity bitmap and values straight into the column's buffer, then spreads them over the
// null slots and converts physical values to the Floe type. Leaves of nested columns keep
// their levels instead and their defined values dense (the nested reader assembles them).
#include "io/parquet/column_reader.h"

#include <algorithm>
#include <cstring>

#include "compute/selection.h"
#include "core/bitmap.h"
#include "core/error.h"
#include "io/parquet/codec.h"
#include "io/parquet/rle_decoder.h"
#include "io/parquet/value_conversion.h"
#include "io/parquet/value_decoders.h"

namespace floe::io::parquet {

namespace {

template <int W>
struct Cell {
  uint8_t b[W];
};

/// Moves the `non_null` dense values at the start of `out` to their rows among `n`, as the
/// validity bits (from bit `offset`) say; null slots become zero.
template <int W>
void spread(uint8_t* out, const uint8_t* bits, int64_t offset, int64_t n, int64_t non_null) {
  using C = Cell<W>;
  C* cells = reinterpret_cast<C*>(out);
  int64_t k = non_null;
  for (int64_t i = n - 1; i >= 0 && k < i + 1; --i) {
    if (bitmap::get(bits, offset + i)) {
      cells[i] = cells[--k];
    } else {
      std::memset(&cells[i], 0, W);
    }
  }
}

template <int W>
void gather_dictionary(const uint8_t* dict, const uint32_t* indices, int64_t n, uint8_t* out) {
  using C = Cell<W>;
  const C* d = reinterpret_cast<const C*>(dict);
  C* o = reinterpret_cast<C*>(out);
  for (int64_t i = 0; i < n; ++i) o[i] = d[indices[i]];
}

class ChunkDecoder {
 public:
  ChunkDecoder(const ColumnDescriptor& column, const ColumnMetaData& metadata, const BufferPtr& chunk,
               int64_t num_rows, const std::vector<uint32_t>* rows, LeafChunk* leaf = nullptr)
      : column_(column), metadata_(metadata), chunk_(chunk), num_rows_(num_rows), rows_(rows),
        width_(physical_width(column.physical)), leaf_(leaf) {}

  /// Leaf mode: every page's levels into `leaf_`, and only the defined values, densely.
  void run_leaf() {
    FLOE_USER_CHECK(codec_supported(metadata_.codec), ComputeError,
                    "Parquet column '{}' is compressed with {}, which is not supported", column_.name,
                    codec_name(metadata_.codec));
    // The footer's value count bounds the level entries (and so the values); a leaf without a
    // list above it has exactly one entry per row.
    const int64_t entries = metadata_.num_values;
    FLOE_USER_CHECK(entries >= 0 && entries <= (int64_t{1} << 40) &&
                        (column_.max_repetition_level > 0 || entries == num_rows_),
                    ComputeError, "corrupt Parquet column '{}': {} values in a row group of {} rows", column_.name,
                    entries, num_rows_);
    num_rows_ = entries;
    if (column_.conversion != Conversion::kNull) {
      reserve(std::min(entries, std::max<int64_t>(int64_t{1} << 16, metadata_.total_uncompressed_size * 8)));
    }
    for_each_page([&] { return entries_ < entries; }, [&](const PageHeader& header, int64_t page_offset) {
      switch (header.type) {
        case PageType::kDictionaryPage: read_dictionary(header, page_offset); break;
        case PageType::kDataPage:
        case PageType::kDataPageV2: read_leaf_page(header, page_offset); break;
        default: break;
      }
    });
    FLOE_USER_CHECK(entries_ == entries, ComputeError,
                    "corrupt Parquet column '{}': its pages hold {} level entries, the column chunk {}", column_.name,
                    entries_, entries);
    num_rows_ = row_;
    validity_ = nullptr;
    leaf_->values = column_.conversion == Conversion::kNull ? Column::nulls(TypeId::kNull, row_) : convert();
  }

  ColumnPtr run() {
    FLOE_USER_CHECK(num_rows_ >= 0 && num_rows_ <= (int64_t{1} << 40), ComputeError,
                    "corrupt Parquet metadata: row group of {} rows", num_rows_);
    if (column_.conversion == Conversion::kNull) return finish_rows(Column::nulls(TypeId::kNull, num_rows_));
    FLOE_USER_CHECK(codec_supported(metadata_.codec), ComputeError,
                    "Parquet column '{}' is compressed with {}, which is not supported; supported: UNCOMPRESSED, "
                    "SNAPPY, GZIP, ZSTD, LZ4, LZ4_RAW, BROTLI",
                    column_.name, codec_name(metadata_.codec));
    // The row count comes from the footer; the buffers start at what the chunk's bytes can
    // plausibly hold and grow as pages prove more rows, so a corrupt count allocates nothing.
    reserve(std::min(num_rows_, std::max<int64_t>(int64_t{1} << 16, metadata_.total_uncompressed_size * 8)));
    for_each_page([&] { return row_ < num_rows_; }, [&](const PageHeader& header, int64_t page_offset) {
      switch (header.type) {
        case PageType::kDictionaryPage: read_dictionary(header, page_offset); break;
        case PageType::kDataPage: read_data_page_v1(header, page_offset); break;
        case PageType::kDataPageV2: read_data_page_v2(header, page_offset); break;
        default: break;  // index pages carry nothing we need
      }
    });
    FLOE_USER_CHECK(row_ == num_rows_, ComputeError,
                    "corrupt Parquet column '{}': its pages hold {} values, the row group has {} rows", column_.name,
                    row_, num_rows_);
    if (validity_ && nulls_ == 0) validity_ = nullptr;
    return finish_rows(convert());
  }

  /// The chunk's bytes are its dictionary page alone: its values as a column without nulls.
  ColumnPtr dictionary_only() {
    FLOE_USER_CHECK(codec_supported(metadata_.codec), ComputeError,
                    "Parquet column '{}' is compressed with {}, which is not supported", column_.name,
                    codec_name(metadata_.codec));
    const int64_t size = static_cast<int64_t>(chunk_->size());
    uint32_t header_size = 0;
    PageHeader header = parse_page_header(raw(0, size), &header_size);
    FLOE_USER_CHECK(header.type == PageType::kDictionaryPage, ComputeError,
                    "corrupt Parquet column '{}': its dictionary page offset points at a page of another type",
                    column_.name);
    FLOE_USER_CHECK(header.compressed_page_size <= size - header_size, ComputeError,
                    "corrupt Parquet column '{}': a dictionary page of {} bytes with {} bytes left", column_.name,
                    header.compressed_page_size, size - header_size);
    read_dictionary(header, header_size);
    values_ = dictionary_;
    validity_ = nullptr;
    num_rows_ = dictionary_size_;
    return convert();
  }

 private:
  /// Calls `page(header, offset of its bytes)` for the pages of the chunk, in order, while
  /// `more()` and bytes are left; a page claiming more bytes than are left is an error.
  template <typename More, typename Page>
  void for_each_page(More&& more, Page&& page) {
    const int64_t size = static_cast<int64_t>(chunk_->size());
    int64_t offset = 0;
    while (offset < size && more()) {
      uint32_t header_size = 0;
      PageHeader header = parse_page_header(raw(offset, size - offset), &header_size);
      offset += header_size;
      FLOE_USER_CHECK(header.compressed_page_size <= size - offset, ComputeError,
                      "corrupt Parquet column '{}': a page of {} bytes with {} bytes left in the column chunk",
                      column_.name, header.compressed_page_size, size - offset);
      const int64_t page_offset = offset;
      offset += header.compressed_page_size;
      page(header, page_offset);
    }
  }

  std::string_view raw(int64_t offset, int64_t size) const {
    return {reinterpret_cast<const char*>(chunk_->data()) + offset, static_cast<size_t>(size)};
  }

  /// The page's bytes after decompression (a view of the chunk when uncompressed).
  BufferPtr page_bytes(int64_t offset, int64_t compressed, int64_t uncompressed, bool compressed_flag = true) {
    if (metadata_.codec == CompressionCodec::kUncompressed || !compressed_flag) {
      return Buffer::view(chunk_, static_cast<size_t>(offset), static_cast<size_t>(compressed));
    }
    if (is_byte_array()) {
      // String views will point into this page: it must live as long as the column.
      return decompress(metadata_.codec, raw(offset, compressed), uncompressed);
    }
    // Other pages are copied out before the next one is read, so a per-thread scratch buffer
    // serves them all (no fresh pages for the kernel to fault in and zero).
    FLOE_USER_CHECK(uncompressed >= 0 && uncompressed <= kMaxPageSize, ComputeError,
                    "corrupt Parquet column '{}': page of {} bytes", column_.name, uncompressed);
    thread_local BufferPtr scratch;
    if (!scratch || scratch->size() < static_cast<size_t>(uncompressed)) {
      scratch = Buffer::allocate(static_cast<size_t>(uncompressed) + static_cast<size_t>(uncompressed) / 4);
    }
    decompress_into(metadata_.codec, raw(offset, compressed), scratch->data(), uncompressed);
    return Buffer::view(scratch, 0, static_cast<size_t>(uncompressed));
  }

  uint32_t add_buffer(BufferPtr buffer) {
    buffers_.push_back(std::move(buffer));
    return static_cast<uint32_t>(buffers_.size() - 1);
  }

  bool is_byte_array() const {
    return column_.physical == PhysicalType::kByteArray || column_.physical == PhysicalType::kFixedLenByteArray;
  }

  void read_dictionary(const PageHeader& header, int64_t offset) {
    FLOE_USER_CHECK(header.dictionary_page_header.has_value(), ComputeError,
                    "corrupt Parquet column '{}': dictionary page without its header", column_.name);
    const auto& d = *header.dictionary_page_header;
    FLOE_USER_CHECK(d.encoding == Encoding::kPlain || d.encoding == Encoding::kPlainDictionary, ComputeError,
                    "Parquet column '{}': dictionary page encoding {} is not supported (expected PLAIN)", column_.name,
                    encoding_name(d.encoding));
    BufferPtr page = page_bytes(offset, header.compressed_page_size, header.uncompressed_page_size);
    const int64_t n = d.num_values;
    // Every PLAIN value takes at least this many bits, which bounds the count by the page size.
    const int64_t min_bits = column_.physical == PhysicalType::kBoolean     ? 1
                             : column_.physical == PhysicalType::kByteArray ? 32
                             : column_.physical == PhysicalType::kFixedLenByteArray
                                 ? int64_t{8} * column_.type_length
                                 : int64_t{8} * width_;
    FLOE_USER_CHECK(n >= 0 && n * min_bits <= static_cast<int64_t>(page->size()) * 8, ComputeError,
                    "corrupt Parquet column '{}': dictionary of {} values in {} bytes", column_.name, n, page->size());
    dictionary_ = Buffer::allocate(static_cast<size_t>(n) * static_cast<size_t>(width_));
    dictionary_size_ = n;
    decode_plain(page, 0, static_cast<int64_t>(page->size()), n, dictionary_->data());
  }

  /// PLAIN values of the page buffer `page` from byte `at` into `out`.
  void decode_plain(const BufferPtr& page, int64_t at, int64_t size, int64_t n, uint8_t* out) {
    const uint8_t* data = page->data() + at;
    switch (column_.physical) {
      case PhysicalType::kBoolean: decode_plain_boolean(data, size, n, out); return;
      case PhysicalType::kByteArray:
        decode_plain_byte_array(data, size, n, ViewTarget{page->data(), add_buffer(page)},
                                reinterpret_cast<StringView*>(out));
        return;
      case PhysicalType::kFixedLenByteArray:
        decode_plain_fixed_byte_array(data, size, column_.type_length, n, ViewTarget{page->data(), add_buffer(page)},
                                      reinterpret_cast<StringView*>(out));
        return;
      default: decode_plain_fixed(data, size, width_, n, out); return;
    }
  }

  bool page_needed(int64_t page_rows) const {
    if (!rows_) return true;
    auto it = std::lower_bound(rows_->begin(), rows_->end(), static_cast<uint32_t>(row_));
    return it != rows_->end() && *it < row_ + page_rows;
  }

  void skip_page(int64_t page_rows) {
    std::memset(values_->data() + row_ * width_, 0, static_cast<size_t>(page_rows * width_));
    if (validity_) {
      for (int64_t i = 0; i < page_rows; ++i) bitmap::clear(validity_->data(), row_ + i);
      nulls_ += page_rows;
    }
    row_ += page_rows;
  }

  int64_t check_page_rows(int64_t page_rows) {
    FLOE_USER_CHECK(page_rows >= 0 && page_rows <= num_rows_ - row_, ComputeError,
                    "corrupt Parquet column '{}': a page of {} values after {} of {} rows", column_.name, page_rows,
                    row_, num_rows_);
    if (row_ + page_rows > capacity_) reserve(std::min(num_rows_, std::max(row_ + page_rows, capacity_ * 2)));
    return page_rows;
  }

  /// Grows the values and validity buffers to `rows`, keeping the rows decoded so far.
  void reserve(int64_t rows) {
    // String views start zeroed (empty inline strings): a slot a corrupt page leaves unwritten
    // must never point into a buffer that is not there.
    const size_t bytes = static_cast<size_t>(rows) * static_cast<size_t>(width_);
    BufferPtr values = is_byte_array() ? Buffer::zeroed(bytes) : Buffer::allocate(bytes);
    if (row_ > 0) std::memcpy(values->data(), values_->data(), static_cast<size_t>(row_ * width_));
    values_ = std::move(values);
    if (column_.max_definition_level > 0 && !leaf_) {
      BufferPtr validity = Buffer::allocate(bitmap::bytes_for(rows));
      if (row_ > 0) std::memcpy(validity->data(), validity_->data(), bitmap::bytes_for(row_));
      validity_ = std::move(validity);
    }
    capacity_ = rows;
  }

  /// One data page (v1 or v2) of a leaf: its levels appended to `leaf_`, its defined values
  /// after those of earlier pages. Records may span pages: levels are assembled per chunk.
  void read_leaf_page(const PageHeader& header, int64_t offset) {
    const bool v2 = header.type == PageType::kDataPageV2;
    FLOE_USER_CHECK(v2 ? header.data_page_header_v2.has_value() : header.data_page_header.has_value(), ComputeError,
                    "corrupt Parquet column '{}': data page without its header", column_.name);
    const int64_t n = v2 ? header.data_page_header_v2->num_values : header.data_page_header->num_values;
    const Encoding encoding = v2 ? header.data_page_header_v2->encoding : header.data_page_header->encoding;
    FLOE_USER_CHECK(n >= 0 && n <= metadata_.num_values - entries_, ComputeError,
                    "corrupt Parquet column '{}': a page of {} values after {} of {}", column_.name, n, entries_,
                    metadata_.num_values);
    const int max_rep = column_.max_repetition_level, max_def = column_.max_definition_level;
    BufferPtr page;
    int64_t at = 0;
    if (v2) {
      const auto& d = *header.data_page_header_v2;
      const int64_t rep = d.repetition_levels_byte_length, def = d.definition_levels_byte_length;
      FLOE_USER_CHECK(rep >= 0 && def >= 0 && rep + def <= header.compressed_page_size &&
                          rep + def <= header.uncompressed_page_size,
                      ComputeError, "corrupt Parquet column '{}': v2 page levels of {} + {} bytes in a page of {}",
                      column_.name, rep, def, header.compressed_page_size);
      // v2 levels are never compressed and carry no length prefix.
      if (max_rep > 0) decode_levels(chunk_->data() + offset, rep, max_rep, n, leaf_->repetition, "repetition");
      if (max_def > 0) decode_levels(chunk_->data() + offset + rep, def, max_def, n, leaf_->definition, "definition");
      page = page_bytes(offset + rep + def, header.compressed_page_size - rep - def,
                        header.uncompressed_page_size - rep - def, d.is_compressed);
    } else {
      page = page_bytes(offset, header.compressed_page_size, header.uncompressed_page_size);
      const auto& d = *header.data_page_header;
      if (max_rep > 0) at = prefixed_levels(page, at, d.repetition_level_encoding, max_rep, n, leaf_->repetition, "repetition");
      if (max_def > 0) at = prefixed_levels(page, at, d.definition_level_encoding, max_def, n, leaf_->definition, "definition");
    }
    if (max_def == 0) leaf_->definition.resize(leaf_->definition.size() + static_cast<size_t>(n), 0);
    const uint8_t* def = leaf_->definition.data() + entries_;
    int64_t non_null = 0;
    for (int64_t i = 0; i < n; ++i) non_null += def[i] == max_def;
    entries_ += n;
    if (column_.conversion == Conversion::kNull) {
      row_ += non_null;
      return;
    }
    check_page_rows(non_null);
    decode_page_values(encoding, page, at, static_cast<int64_t>(page->size()) - at, non_null, non_null);
  }

  /// v1 levels: a 4-byte length, then the RLE runs; returns the offset past them.
  int64_t prefixed_levels(const BufferPtr& page, int64_t at, Encoding encoding, int max_level, int64_t n,
                          std::vector<uint8_t>& out, const char* what) {
    FLOE_USER_CHECK(encoding == Encoding::kRle, ComputeError,
                    "Parquet column '{}': {} levels encoded as {} are not supported (expected RLE)", column_.name, what,
                    encoding_name(encoding));
    const int64_t size = static_cast<int64_t>(page->size());
    FLOE_USER_CHECK(size - at >= 4, ComputeError, "corrupt Parquet column '{}': page too short for its {} levels",
                    column_.name, what);
    uint32_t length;
    std::memcpy(&length, page->data() + at, 4);
    FLOE_USER_CHECK(length <= size - at - 4, ComputeError,
                    "corrupt Parquet column '{}': {} bytes of {} levels with {} bytes left in the page", column_.name,
                    length, what, size - at - 4);
    decode_levels(page->data() + at + 4, length, max_level, n, out, what);
    return at + 4 + length;
  }

  /// Appends `n` levels to `out`, growing it only as far as the runs actually decode, so a page
  /// that claims more values than its bytes hold fails before allocating for them.
  void decode_levels(const uint8_t* data, int64_t size, int max_level, int64_t n, std::vector<uint8_t>& out,
                     const char* what) {
    RleDecoder decoder(data, size, 32 - __builtin_clz(static_cast<uint32_t>(max_level)));
    int64_t done = 0;
    while (done < n) {
      const int64_t step = std::min<int64_t>(n - done, int64_t{1} << 16);
      const size_t base = out.size();
      out.resize(base + static_cast<size_t>(step));
      const int64_t got = decoder.get(out.data() + base, step);
      done += got;
      if (got < step) {
        out.resize(base + static_cast<size_t>(got));
        break;
      }
    }
    FLOE_USER_CHECK(done == n, ComputeError, "corrupt Parquet column '{}': {} {} levels for a page of {} values",
                    column_.name, done, what, n);
  }

  void read_data_page_v1(const PageHeader& header, int64_t offset) {
    FLOE_USER_CHECK(header.data_page_header.has_value(), ComputeError,
                    "corrupt Parquet column '{}': data page without its header", column_.name);
    const auto& d = *header.data_page_header;
    const int64_t page_rows = check_page_rows(d.num_values);
    if (!page_needed(page_rows)) return skip_page(page_rows);
    BufferPtr page = page_bytes(offset, header.compressed_page_size, header.uncompressed_page_size);
    const int64_t size = static_cast<int64_t>(page->size());
    int64_t at = 0;
    int64_t non_null = page_rows;
    if (column_.max_definition_level > 0) {
      FLOE_USER_CHECK(d.definition_level_encoding == Encoding::kRle, ComputeError,
                      "Parquet column '{}': definition levels encoded as {} are not supported (expected RLE)",
                      column_.name, encoding_name(d.definition_level_encoding));
      FLOE_USER_CHECK(size >= 4, ComputeError, "corrupt Parquet column '{}': page too short for its levels",
                      column_.name);
      uint32_t length;
      std::memcpy(&length, page->data(), 4);
      FLOE_USER_CHECK(length <= size - 4, ComputeError,
                      "corrupt Parquet column '{}': {} bytes of definition levels in a page of {}", column_.name, length,
                      size);
      non_null = read_levels(page->data() + 4, length, page_rows);
      at = 4 + length;
    }
    decode_page_values(d.encoding, page, at, size - at, page_rows, non_null);
  }

  void read_data_page_v2(const PageHeader& header, int64_t offset) {
    FLOE_USER_CHECK(header.data_page_header_v2.has_value(), ComputeError,
                    "corrupt Parquet column '{}': v2 data page without its header", column_.name);
    const auto& d = *header.data_page_header_v2;
    const int64_t page_rows = check_page_rows(d.num_values);
    if (!page_needed(page_rows)) return skip_page(page_rows);
    const int64_t rep = d.repetition_levels_byte_length, def = d.definition_levels_byte_length;
    FLOE_USER_CHECK(rep >= 0 && def >= 0 && rep + def <= header.compressed_page_size &&
                        rep + def <= header.uncompressed_page_size,
                    ComputeError, "corrupt Parquet column '{}': v2 page levels of {} + {} bytes in a page of {}",
                    column_.name, rep, def, header.compressed_page_size);
    int64_t non_null = page_rows;
    if (column_.max_definition_level > 0) {
      non_null = read_levels(chunk_->data() + offset + rep, def, page_rows);
    }
    BufferPtr values = page_bytes(offset + rep + def, header.compressed_page_size - rep - def,
                                  header.uncompressed_page_size - rep - def, d.is_compressed);
    decode_page_values(d.encoding, values, 0, static_cast<int64_t>(values->size()), page_rows, non_null);
  }

  /// Decodes `page_rows` definition levels into the validity bitmap; returns the non-null count.
  int64_t read_levels(const uint8_t* data, int64_t size, int64_t page_rows) {
    RleDecoder levels(data, size, 1);
    const int64_t valid = levels.get_validity(validity_->data(), row_, page_rows, 1);
    nulls_ += page_rows - valid;
    return valid;
  }

  void decode_page_values(Encoding encoding, const BufferPtr& page, int64_t at, int64_t size, int64_t page_rows,
                          int64_t non_null) {
    uint8_t* out = values_->data() + row_ * width_;
    const uint8_t* data = page->data() + at;
    auto* views = reinterpret_cast<StringView*>(out);
    const auto physical = column_.physical;
    switch (encoding) {
      case Encoding::kPlain: decode_plain(page, at, size, non_null, out); break;
      case Encoding::kPlainDictionary:
      case Encoding::kRleDictionary: decode_dictionary_indices(data, size, non_null, out); break;
      case Encoding::kRle: {
        FLOE_USER_CHECK(physical == PhysicalType::kBoolean && size >= 4, ComputeError,
                        "Parquet column '{}': RLE values are only supported for booleans", column_.name);
        uint32_t length;
        std::memcpy(&length, data, 4);
        FLOE_USER_CHECK(length <= size - 4, ComputeError, "corrupt Parquet column '{}': RLE booleans overrun the page",
                        column_.name);
        RleDecoder rle(data + 4, length, 1);
        FLOE_USER_CHECK(rle.get(out, non_null) == non_null, ComputeError,
                        "corrupt Parquet column '{}': fewer RLE booleans than values", column_.name);
        break;
      }
      case Encoding::kDeltaBinaryPacked:
        if (physical == PhysicalType::kInt32) {
          decode_delta_binary_packed(data, size, non_null, reinterpret_cast<int32_t*>(out));
        } else {
          FLOE_USER_CHECK(physical == PhysicalType::kInt64, ComputeError,
                          "Parquet column '{}': DELTA_BINARY_PACKED needs INT32 or INT64, not {}", column_.name,
                          physical_type_name(physical));
          decode_delta_binary_packed(data, size, non_null, reinterpret_cast<int64_t*>(out));
        }
        break;
      case Encoding::kDeltaLengthByteArray:
        FLOE_USER_CHECK(physical == PhysicalType::kByteArray, ComputeError,
                        "Parquet column '{}': DELTA_LENGTH_BYTE_ARRAY needs BYTE_ARRAY, not {}", column_.name,
                        physical_type_name(physical));
        decode_delta_length_byte_array(data, size, non_null, ViewTarget{page->data(), add_buffer(page)}, views);
        break;
      case Encoding::kDeltaByteArray: {
        FLOE_USER_CHECK(is_byte_array(), ComputeError,
                        "Parquet column '{}': DELTA_BYTE_ARRAY needs a byte array column, not {}", column_.name,
                        physical_type_name(physical));
        const auto index = static_cast<uint32_t>(buffers_.size());
        buffers_.push_back(decode_delta_byte_array(data, size, non_null, index, views));
        break;
      }
      case Encoding::kByteStreamSplit:
        if (physical == PhysicalType::kFixedLenByteArray) {
          // Split bytes are rejoined into a new buffer the views point into.
          BufferPtr joined = Buffer::allocate(static_cast<size_t>(non_null * column_.type_length));
          decode_byte_stream_split(data, size, column_.type_length, non_null, joined->data());
          decode_plain_fixed_byte_array(joined->data(), static_cast<int64_t>(joined->size()), column_.type_length,
                                        non_null, ViewTarget{joined->data(), add_buffer(joined)}, views);
        } else {
          FLOE_USER_CHECK(width_ == 4 || width_ == 8, ComputeError,
                          "Parquet column '{}': BYTE_STREAM_SPLIT is not defined for {}", column_.name,
                          physical_type_name(physical));
          decode_byte_stream_split(data, size, width_, non_null, out);
        }
        break;
      default:
        throw ComputeError(fmt::format("Parquet column '{}': encoding {} is not supported", column_.name,
                                       encoding_name(encoding)));
    }
    if (non_null < page_rows) {
      switch (width_) {
        case 1: spread<1>(out, validity_->data(), row_, page_rows, non_null); break;
        case 4: spread<4>(out, validity_->data(), row_, page_rows, non_null); break;
        case 8: spread<8>(out, validity_->data(), row_, page_rows, non_null); break;
        case 12: spread<12>(out, validity_->data(), row_, page_rows, non_null); break;
        default: spread<16>(out, validity_->data(), row_, page_rows, non_null); break;
      }
    }
    row_ += page_rows;
  }

  void decode_dictionary_indices(const uint8_t* data, int64_t size, int64_t n, uint8_t* out) {
    FLOE_USER_CHECK(dictionary_ != nullptr, ComputeError,
                    "corrupt Parquet column '{}': dictionary-encoded page without a dictionary page", column_.name);
    if (n == 0) return;
    FLOE_USER_CHECK(size >= 1, ComputeError, "corrupt Parquet column '{}': empty dictionary-encoded page",
                    column_.name);
    indices_.resize(static_cast<size_t>(n));
    RleDecoder rle(data + 1, size - 1, data[0]);
    FLOE_USER_CHECK(rle.get(indices_.data(), n) == n, ComputeError,
                    "corrupt Parquet column '{}': fewer dictionary indices than values", column_.name);
    uint32_t max_index = 0;
    for (uint32_t i : indices_) max_index = std::max(max_index, i);
    FLOE_USER_CHECK(max_index < dictionary_size_, ComputeError,
                    "corrupt Parquet column '{}': dictionary index {} in a dictionary of {} values", column_.name,
                    max_index, dictionary_size_);
    const uint8_t* dict = dictionary_->data();
    switch (width_) {
      case 1: gather_dictionary<1>(dict, indices_.data(), n, out); break;
      case 4: gather_dictionary<4>(dict, indices_.data(), n, out); break;
      case 8: gather_dictionary<8>(dict, indices_.data(), n, out); break;
      case 12: gather_dictionary<12>(dict, indices_.data(), n, out); break;
      default: gather_dictionary<16>(dict, indices_.data(), n, out); break;
    }
  }

  /// The decoded physical values as a column of the Floe type.
  ColumnPtr convert() { return convert_values(column_, num_rows_, values_, validity_, std::move(buffers_)); }

  ColumnPtr finish_rows(ColumnPtr column) {
    if (!rows_) return column;
    return compute::gather(column, rows_->data(), static_cast<int64_t>(rows_->size()));
  }

  const ColumnDescriptor& column_;
  const ColumnMetaData& metadata_;
  const BufferPtr& chunk_;
  int64_t num_rows_;  // the dictionary's size when only it is decoded
  const std::vector<uint32_t>* rows_;
  const int width_;
  BufferPtr values_;
  BufferPtr validity_;
  std::vector<BufferPtr> buffers_;
  BufferPtr dictionary_;
  int64_t dictionary_size_ = 0;
  std::vector<uint32_t> indices_;
  int64_t row_ = 0;
  int64_t capacity_ = 0;  // rows the buffers hold
  int64_t nulls_ = 0;
  LeafChunk* leaf_ = nullptr;  // leaf mode: levels go here, `row_` counts defined values
  int64_t entries_ = 0;        // leaf mode: level entries decoded so far
};

}  // namespace

ColumnPtr read_column_chunk(const ColumnDescriptor& column, const ColumnMetaData& metadata, const BufferPtr& chunk,
                            int64_t num_rows, const std::vector<uint32_t>* rows) {
  FLOE_USER_CHECK(!column.nested(), ComputeError, "nested column '{}' ({}) is not supported yet", column.name,
                  column.nested_kind);
  if (rows) {
    FLOE_USER_CHECK(rows->empty() || rows->back() < num_rows, InvalidArgument,
                    "row {} requested from column '{}' of a row group of {} rows", rows->back(), column.name, num_rows);
  }
  return ChunkDecoder(column, metadata, chunk, num_rows, rows).run();
}

LeafChunk read_leaf_chunk(const ColumnDescriptor& leaf, const ColumnMetaData& metadata, const BufferPtr& chunk,
                          int64_t num_rows) {
  LeafChunk out;
  ChunkDecoder(leaf, metadata, chunk, num_rows, nullptr, &out).run_leaf();
  return out;
}

ColumnPtr read_dictionary_page(const ColumnDescriptor& column, const ColumnMetaData& metadata, const BufferPtr& page) {
  FLOE_USER_CHECK(!column.nested() && column.conversion != Conversion::kNull, ComputeError,
                  "column '{}' has no dictionary values to read", column.name);
  return ChunkDecoder(column, metadata, page, 0, nullptr).dictionary_only();
}

}  // namespace floe::io::parquet
