// Reads and writes Parquet's metadata structs with thrift's compact protocol, field id by field
// id, skipping fields this reader does not know.
#include "io/parquet/metadata.h"

#include <climits>
#include <memory>

#include <thrift/TConfiguration.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "core/error.h"

namespace floe::io::parquet {

namespace {

using apache::thrift::TConfiguration;
using apache::thrift::protocol::TCompactProtocolT;
using apache::thrift::protocol::TType;
using apache::thrift::transport::TMemoryBuffer;
using Protocol = TCompactProtocolT<TMemoryBuffer>;
using apache::thrift::protocol::T_BOOL;
using apache::thrift::protocol::T_BYTE;
using apache::thrift::protocol::T_I16;
using apache::thrift::protocol::T_I32;
using apache::thrift::protocol::T_I64;
using apache::thrift::protocol::T_LIST;
using apache::thrift::protocol::T_STOP;
using apache::thrift::protocol::T_STRING;
using apache::thrift::protocol::T_STRUCT;

/// A compact-protocol reader over borrowed bytes. Every read checks the bytes left, so garbage
/// input ends in an exception rather than a huge allocation.
class In {
 public:
  explicit In(std::string_view bytes)
      : buffer_(std::make_shared<TMemoryBuffer>(
            reinterpret_cast<uint8_t*>(const_cast<char*>(bytes.data())), static_cast<uint32_t>(bytes.size()),
            TMemoryBuffer::OBSERVE, std::make_shared<TConfiguration>(limit(bytes)))),
        // thrift sizes strings and containers from the input before it checks the bytes left:
        // no length may exceed what the buffer holds (this also stops a size * element overflow).
        protocol_(buffer_, limit(bytes), limit(bytes)) {}

  static int32_t limit(std::string_view bytes) {
    return static_cast<int32_t>(std::min<size_t>(std::max<size_t>(bytes.size(), 1), INT32_MAX));
  }

  /// Reads one struct, calling `on_field(id, type)` for each field; it returns false for fields
  /// it did not consume, which are then skipped.
  template <typename Fn>
  void read_struct(Fn&& on_field) {
    std::string name;
    TType type;
    int16_t id;
    protocol_.readStructBegin(name);
    while (true) {
      protocol_.readFieldBegin(name, type, id);
      if (type == T_STOP) break;
      if (!on_field(id, type)) protocol_.skip(type);
      protocol_.readFieldEnd();
    }
    protocol_.readStructEnd();
  }

  int32_t i32() {
    int32_t v;
    protocol_.readI32(v);
    return v;
  }
  int64_t i64() {
    int64_t v;
    protocol_.readI64(v);
    return v;
  }
  int16_t i16() {
    int16_t v;
    protocol_.readI16(v);
    return v;
  }
  int8_t byte() {
    int8_t v;
    protocol_.readByte(v);
    return v;
  }
  bool boolean() {
    bool v;
    protocol_.readBool(v);
    return v;
  }
  std::string binary() {
    std::string v;
    protocol_.readBinary(v);
    return v;
  }
  template <typename E>
  E enumeration() {
    return static_cast<E>(i32());
  }

  /// Reads a list of `expected` elements with `read_one()`; a list of another element type is
  /// skipped. Returns false in that case.
  template <typename T, typename Fn>
  bool list(std::vector<T>& out, TType expected, Fn&& read_one) {
    TType elem;
    uint32_t size;
    protocol_.readListBegin(elem, size);
    // Each element takes at least one byte, so a count beyond the bytes left is corrupt.
    FLOE_USER_CHECK(size <= buffer_->available_read(), ComputeError,
                    "corrupt Parquet metadata: a list of {} elements in {} remaining bytes", size,
                    buffer_->available_read());
    if (elem != expected) {
      for (uint32_t i = 0; i < size; ++i) protocol_.skip(elem);
      protocol_.readListEnd();
      return false;
    }
    out.clear();
    out.reserve(size);
    for (uint32_t i = 0; i < size; ++i) out.push_back(read_one());
    protocol_.readListEnd();
    return true;
  }

  uint32_t consumed(size_t total) const { return static_cast<uint32_t>(total - buffer_->available_read()); }

 private:
  std::shared_ptr<TMemoryBuffer> buffer_;
  Protocol protocol_;
};

void require(bool present, const char* structure, const char* field) {
  FLOE_USER_CHECK(present, ComputeError, "corrupt Parquet metadata: {} lacks its required field '{}'", structure,
                  field);
}

LogicalType::Unit read_time_unit(In& in) {
  LogicalType::Unit unit = LogicalType::Unit::kMillis;
  in.read_struct([&](int16_t id, TType type) {
    if (type != T_STRUCT || id < 1 || id > 3) return false;
    unit = static_cast<LogicalType::Unit>(id);
    in.read_struct([](int16_t, TType) { return false; });
    return true;
  });
  return unit;
}

LogicalType read_logical_type(In& in) {
  LogicalType t;
  in.read_struct([&](int16_t id, TType type) {
    if (type != T_STRUCT) return false;
    switch (id) {
      case 5:
        t.kind = LogicalType::Kind::kDecimal;
        in.read_struct([&](int16_t f, TType ft) {
          if (ft != T_I32) return false;
          if (f == 1) t.decimal_scale = in.i32();
          else if (f == 2) t.decimal_precision = in.i32();
          else return false;
          return true;
        });
        return true;
      case 7:
      case 8:
        t.kind = id == 7 ? LogicalType::Kind::kTime : LogicalType::Kind::kTimestamp;
        in.read_struct([&](int16_t f, TType ft) {
          if (f == 1 && ft == T_BOOL) t.adjusted_to_utc = in.boolean();
          else if (f == 2 && ft == T_STRUCT) t.unit = read_time_unit(in);
          else return false;
          return true;
        });
        return true;
      case 10:
        t.kind = LogicalType::Kind::kInteger;
        in.read_struct([&](int16_t f, TType ft) {
          if (f == 1 && ft == T_BYTE) t.bit_width = in.byte();
          else if (f == 2 && ft == T_BOOL) t.is_signed = in.boolean();
          else return false;
          return true;
        });
        return true;
      case 1: case 2: case 3: case 4: case 6: case 11: case 12: case 13: case 14: case 15:
        t.kind = static_cast<LogicalType::Kind>(id);
        in.read_struct([](int16_t, TType) { return false; });
        return true;
      default:
        t.kind = LogicalType::Kind::kOther;
        return false;
    }
  });
  return t;
}

SchemaElement read_schema_element(In& in) {
  SchemaElement e;
  bool has_name = false;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_I32) return false; e.type = in.enumeration<PhysicalType>(); return true;
      case 2: if (type != T_I32) return false; e.type_length = in.i32(); return true;
      case 3: if (type != T_I32) return false; e.repetition = in.enumeration<Repetition>(); return true;
      case 4: if (type != T_STRING) return false; e.name = in.binary(); has_name = true; return true;
      case 5: if (type != T_I32) return false; e.num_children = in.i32(); return true;
      case 6: if (type != T_I32) return false; e.converted_type = in.enumeration<ConvertedType>(); return true;
      case 7: if (type != T_I32) return false; e.scale = in.i32(); return true;
      case 8: if (type != T_I32) return false; e.precision = in.i32(); return true;
      case 9: if (type != T_I32) return false; e.field_id = in.i32(); return true;
      case 10: if (type != T_STRUCT) return false; e.logical_type = read_logical_type(in); return true;
      default: return false;
    }
  });
  require(has_name, "SchemaElement", "name");
  return e;
}

Statistics read_statistics(In& in) {
  Statistics s;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_STRING) return false; s.max = in.binary(); return true;
      case 2: if (type != T_STRING) return false; s.min = in.binary(); return true;
      case 3: if (type != T_I64) return false; s.null_count = in.i64(); return true;
      case 4: if (type != T_I64) return false; s.distinct_count = in.i64(); return true;
      case 5: if (type != T_STRING) return false; s.max_value = in.binary(); return true;
      case 6: if (type != T_STRING) return false; s.min_value = in.binary(); return true;
      case 7: if (type != T_BOOL) return false; s.is_max_value_exact = in.boolean(); return true;
      case 8: if (type != T_BOOL) return false; s.is_min_value_exact = in.boolean(); return true;
      default: return false;
    }
  });
  return s;
}

KeyValue read_key_value(In& in) {
  KeyValue kv;
  in.read_struct([&](int16_t id, TType type) {
    if (type != T_STRING) return false;
    if (id == 1) kv.key = in.binary();
    else if (id == 2) kv.value = in.binary();
    else return false;
    return true;
  });
  return kv;
}

SortingColumn read_sorting_column(In& in) {
  SortingColumn c;
  in.read_struct([&](int16_t id, TType type) {
    if (id == 1 && type == T_I32) c.column_idx = in.i32();
    else if (id == 2 && type == T_BOOL) c.descending = in.boolean();
    else if (id == 3 && type == T_BOOL) c.nulls_first = in.boolean();
    else return false;
    return true;
  });
  return c;
}

PageEncodingStats read_page_encoding_stats(In& in) {
  PageEncodingStats s;
  in.read_struct([&](int16_t id, TType type) {
    if (type != T_I32) return false;
    if (id == 1) s.page_type = in.enumeration<PageType>();
    else if (id == 2) s.encoding = in.enumeration<Encoding>();
    else if (id == 3) s.count = in.i32();
    else return false;
    return true;
  });
  return s;
}

ColumnMetaData read_column_meta_data(In& in) {
  ColumnMetaData m;
  bool has_type = false, has_codec = false, has_num_values = false, has_data_page = false;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_I32) return false; m.type = in.enumeration<PhysicalType>(); has_type = true; return true;
      case 2: if (type != T_LIST) return false; in.list(m.encodings, T_I32, [&] { return in.enumeration<Encoding>(); }); return true;
      case 3: if (type != T_LIST) return false; in.list(m.path_in_schema, T_STRING, [&] { return in.binary(); }); return true;
      case 4: if (type != T_I32) return false; m.codec = in.enumeration<CompressionCodec>(); has_codec = true; return true;
      case 5: if (type != T_I64) return false; m.num_values = in.i64(); has_num_values = true; return true;
      case 6: if (type != T_I64) return false; m.total_uncompressed_size = in.i64(); return true;
      case 7: if (type != T_I64) return false; m.total_compressed_size = in.i64(); return true;
      case 8: if (type != T_LIST) return false; in.list(m.key_value_metadata, T_STRUCT, [&] { return read_key_value(in); }); return true;
      case 9: if (type != T_I64) return false; m.data_page_offset = in.i64(); has_data_page = true; return true;
      case 10: if (type != T_I64) return false; m.index_page_offset = in.i64(); return true;
      case 11: if (type != T_I64) return false; m.dictionary_page_offset = in.i64(); return true;
      case 12: if (type != T_STRUCT) return false; m.statistics = read_statistics(in); return true;
      case 13: if (type != T_LIST) return false; in.list(m.encoding_stats, T_STRUCT, [&] { return read_page_encoding_stats(in); }); return true;
      case 14: if (type != T_I64) return false; m.bloom_filter_offset = in.i64(); return true;
      case 15: if (type != T_I32) return false; m.bloom_filter_length = in.i32(); return true;
      default: return false;
    }
  });
  require(has_type, "ColumnMetaData", "type");
  require(has_codec, "ColumnMetaData", "codec");
  require(has_num_values, "ColumnMetaData", "num_values");
  require(has_data_page, "ColumnMetaData", "data_page_offset");
  return m;
}

ColumnChunk read_column_chunk(In& in) {
  ColumnChunk c;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_STRING) return false; c.file_path = in.binary(); return true;
      case 2: if (type != T_I64) return false; c.file_offset = in.i64(); return true;
      case 3: if (type != T_STRUCT) return false; c.meta_data = read_column_meta_data(in); return true;
      case 4: if (type != T_I64) return false; c.offset_index_offset = in.i64(); return true;
      case 5: if (type != T_I32) return false; c.offset_index_length = in.i32(); return true;
      case 6: if (type != T_I64) return false; c.column_index_offset = in.i64(); return true;
      case 7: if (type != T_I32) return false; c.column_index_length = in.i32(); return true;
      default: return false;
    }
  });
  return c;
}

RowGroup read_row_group(In& in) {
  RowGroup g;
  bool has_rows = false;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_LIST) return false; in.list(g.columns, T_STRUCT, [&] { return read_column_chunk(in); }); return true;
      case 2: if (type != T_I64) return false; g.total_byte_size = in.i64(); return true;
      case 3: if (type != T_I64) return false; g.num_rows = in.i64(); has_rows = true; return true;
      case 4: if (type != T_LIST) return false; in.list(g.sorting_columns, T_STRUCT, [&] { return read_sorting_column(in); }); return true;
      case 5: if (type != T_I64) return false; g.file_offset = in.i64(); return true;
      case 6: if (type != T_I64) return false; g.total_compressed_size = in.i64(); return true;
      case 7: if (type != T_I16) return false; g.ordinal = in.i16(); return true;
      default: return false;
    }
  });
  require(has_rows, "RowGroup", "num_rows");
  return g;
}

bool read_column_order(In& in) {
  bool type_order = false;
  in.read_struct([&](int16_t id, TType type) {
    if (id != 1 || type != T_STRUCT) return false;
    in.read_struct([](int16_t, TType) { return false; });
    type_order = true;
    return true;
  });
  return type_order;
}

DataPageHeader read_data_page_header(In& in) {
  DataPageHeader h;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_I32) return false; h.num_values = in.i32(); return true;
      case 2: if (type != T_I32) return false; h.encoding = in.enumeration<Encoding>(); return true;
      case 3: if (type != T_I32) return false; h.definition_level_encoding = in.enumeration<Encoding>(); return true;
      case 4: if (type != T_I32) return false; h.repetition_level_encoding = in.enumeration<Encoding>(); return true;
      case 5: if (type != T_STRUCT) return false; h.statistics = read_statistics(in); return true;
      default: return false;
    }
  });
  return h;
}

DictionaryPageHeader read_dictionary_page_header(In& in) {
  DictionaryPageHeader h;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_I32) return false; h.num_values = in.i32(); return true;
      case 2: if (type != T_I32) return false; h.encoding = in.enumeration<Encoding>(); return true;
      case 3: if (type != T_BOOL) return false; h.is_sorted = in.boolean(); return true;
      default: return false;
    }
  });
  return h;
}

DataPageHeaderV2 read_data_page_header_v2(In& in) {
  DataPageHeaderV2 h;
  in.read_struct([&](int16_t id, TType type) {
    switch (id) {
      case 1: if (type != T_I32) return false; h.num_values = in.i32(); return true;
      case 2: if (type != T_I32) return false; h.num_nulls = in.i32(); return true;
      case 3: if (type != T_I32) return false; h.num_rows = in.i32(); return true;
      case 4: if (type != T_I32) return false; h.encoding = in.enumeration<Encoding>(); return true;
      case 5: if (type != T_I32) return false; h.definition_levels_byte_length = in.i32(); return true;
      case 6: if (type != T_I32) return false; h.repetition_levels_byte_length = in.i32(); return true;
      case 7: if (type != T_BOOL) return false; h.is_compressed = in.boolean(); return true;
      case 8: if (type != T_STRUCT) return false; h.statistics = read_statistics(in); return true;
      default: return false;
    }
  });
  return h;
}

/// Runs `parse` and turns thrift's exceptions (truncated or malformed bytes) into ComputeError.
template <typename Fn>
auto guarded(const char* what, Fn&& parse) {
  try {
    return parse();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw ComputeError(fmt::format("corrupt Parquet {}: {}", what, e.what()));
  }
}

}  // namespace

FileMetaData parse_file_metadata(std::string_view bytes) {
  return guarded("file metadata", [&] {
    In in(bytes);
    FileMetaData m;
    bool has_schema = false, has_rows = false, has_groups = false;
    in.read_struct([&](int16_t id, TType type) {
      switch (id) {
        case 1: if (type != T_I32) return false; m.version = in.i32(); return true;
        case 2: if (type != T_LIST) return false; has_schema = in.list(m.schema, T_STRUCT, [&] { return read_schema_element(in); }); return true;
        case 3: if (type != T_I64) return false; m.num_rows = in.i64(); has_rows = true; return true;
        case 4: if (type != T_LIST) return false; has_groups = in.list(m.row_groups, T_STRUCT, [&] { return read_row_group(in); }); return true;
        case 5: if (type != T_LIST) return false; in.list(m.key_value_metadata, T_STRUCT, [&] { return read_key_value(in); }); return true;
        case 6: if (type != T_STRING) return false; m.created_by = in.binary(); return true;
        case 7: if (type != T_LIST) return false; in.list(m.column_orders, T_STRUCT, [&] { return read_column_order(in); }); return true;
        default: return false;
      }
    });
    require(has_schema, "FileMetaData", "schema");
    require(has_rows, "FileMetaData", "num_rows");
    require(has_groups, "FileMetaData", "row_groups");
    return m;
  });
}

PageHeader parse_page_header(std::string_view bytes, uint32_t* header_size) {
  return guarded("page header", [&] {
    In in(bytes);
    PageHeader h;
    bool has_type = false, has_uncompressed = false, has_compressed = false;
    in.read_struct([&](int16_t id, TType type) {
      switch (id) {
        case 1: if (type != T_I32) return false; h.type = in.enumeration<PageType>(); has_type = true; return true;
        case 2: if (type != T_I32) return false; h.uncompressed_page_size = in.i32(); has_uncompressed = true; return true;
        case 3: if (type != T_I32) return false; h.compressed_page_size = in.i32(); has_compressed = true; return true;
        case 4: if (type != T_I32) return false; h.crc = in.i32(); return true;
        case 5: if (type != T_STRUCT) return false; h.data_page_header = read_data_page_header(in); return true;
        case 7: if (type != T_STRUCT) return false; h.dictionary_page_header = read_dictionary_page_header(in); return true;
        case 8: if (type != T_STRUCT) return false; h.data_page_header_v2 = read_data_page_header_v2(in); return true;
        default: return false;
      }
    });
    require(has_type, "PageHeader", "type");
    require(has_uncompressed, "PageHeader", "uncompressed_page_size");
    require(has_compressed, "PageHeader", "compressed_page_size");
    FLOE_USER_CHECK(h.uncompressed_page_size >= 0 && h.compressed_page_size >= 0, ComputeError,
                    "corrupt Parquet page header: negative page size ({} compressed, {} uncompressed)",
                    h.compressed_page_size, h.uncompressed_page_size);
    if (header_size) *header_size = in.consumed(bytes.size());
    return h;
  });
}

OffsetIndex parse_offset_index(std::string_view bytes) {
  return guarded("offset index", [&] {
    In in(bytes);
    OffsetIndex index;
    in.read_struct([&](int16_t id, TType type) {
      if (type != T_LIST) return false;
      if (id == 1) {
        in.list(index.page_locations, T_STRUCT, [&] {
          PageLocation loc;
          in.read_struct([&](int16_t f, TType ft) {
            if (f == 1 && ft == T_I64) loc.offset = in.i64();
            else if (f == 2 && ft == T_I32) loc.compressed_page_size = in.i32();
            else if (f == 3 && ft == T_I64) loc.first_row_index = in.i64();
            else return false;
            return true;
          });
          return loc;
        });
      } else if (id == 2) {
        in.list(index.unencoded_byte_array_data_bytes, T_I64, [&] { return in.i64(); });
      } else {
        return false;
      }
      return true;
    });
    return index;
  });
}

ColumnIndex parse_column_index(std::string_view bytes) {
  return guarded("column index", [&] {
    In in(bytes);
    ColumnIndex index;
    in.read_struct([&](int16_t id, TType type) {
      switch (id) {
        case 1: if (type != T_LIST) return false; in.list(index.null_pages, T_BOOL, [&] { return in.boolean(); }); return true;
        case 2: if (type != T_LIST) return false; in.list(index.min_values, T_STRING, [&] { return in.binary(); }); return true;
        case 3: if (type != T_LIST) return false; in.list(index.max_values, T_STRING, [&] { return in.binary(); }); return true;
        case 4: if (type != T_I32) return false; index.boundary_order = in.enumeration<BoundaryOrder>(); return true;
        case 5: if (type != T_LIST) return false; in.list(index.null_counts, T_I64, [&] { return in.i64(); }); return true;
        default: return false;
      }
    });
    return index;
  });
}

const char* physical_type_name(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return "BOOLEAN";
    case PhysicalType::kInt32: return "INT32";
    case PhysicalType::kInt64: return "INT64";
    case PhysicalType::kInt96: return "INT96";
    case PhysicalType::kFloat: return "FLOAT";
    case PhysicalType::kDouble: return "DOUBLE";
    case PhysicalType::kByteArray: return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

const char* codec_name(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kUncompressed: return "UNCOMPRESSED";
    case CompressionCodec::kSnappy: return "SNAPPY";
    case CompressionCodec::kGzip: return "GZIP";
    case CompressionCodec::kLzo: return "LZO";
    case CompressionCodec::kBrotli: return "BROTLI";
    case CompressionCodec::kLz4: return "LZ4";
    case CompressionCodec::kZstd: return "ZSTD";
    case CompressionCodec::kLz4Raw: return "LZ4_RAW";
  }
  return "UNKNOWN";
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN";
}

}  // namespace floe::io::parquet
