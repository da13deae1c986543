// Writes Parquet's metadata structs with thrift's compact protocol (what writers put in files).
#include <memory>

#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "io/parquet/metadata.h"

namespace floe::io::parquet {

namespace {

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
using apache::thrift::protocol::T_STRING;
using apache::thrift::protocol::T_STRUCT;

/// A compact-protocol writer into a growing memory buffer.
class Out {
 public:
  Out() : buffer_(std::make_shared<TMemoryBuffer>()), protocol_(buffer_) {}

  template <typename Fn>
  void write_struct(Fn&& fields) {
    protocol_.writeStructBegin("");
    fields();
    protocol_.writeFieldStop();
    protocol_.writeStructEnd();
  }
  void field_i32(int16_t id, int32_t v) { begin(id, T_I32); protocol_.writeI32(v); end(); }
  void field_i64(int16_t id, int64_t v) { begin(id, T_I64); protocol_.writeI64(v); end(); }
  void field_i16(int16_t id, int16_t v) { begin(id, T_I16); protocol_.writeI16(v); end(); }
  void field_byte(int16_t id, int8_t v) { begin(id, T_BYTE); protocol_.writeByte(v); end(); }
  void field_bool(int16_t id, bool v) { begin(id, T_BOOL); protocol_.writeBool(v); end(); }
  void field_binary(int16_t id, const std::string& v) { begin(id, T_STRING); protocol_.writeBinary(v); end(); }
  template <typename E>
  void field_enum(int16_t id, E v) { field_i32(id, static_cast<int32_t>(v)); }
  template <typename Fn>
  void field_struct(int16_t id, Fn&& fields) {
    begin(id, T_STRUCT);
    write_struct(fields);
    end();
  }
  /// A list field of `items`, each written by `write_one(item)`.
  template <typename T, typename Fn>
  void field_list(int16_t id, TType elem, const std::vector<T>& items, Fn&& write_one) {
    begin(id, T_LIST);
    protocol_.writeListBegin(elem, static_cast<uint32_t>(items.size()));
    for (const auto& item : items) write_one(item);
    protocol_.writeListEnd();
    end();
  }
  void i32(int32_t v) { protocol_.writeI32(v); }
  void i64(int64_t v) { protocol_.writeI64(v); }
  void boolean(bool v) { protocol_.writeBool(v); }
  void binary(const std::string& v) { protocol_.writeBinary(v); }

  std::string finish() { return buffer_->getBufferAsString(); }

 private:
  void begin(int16_t id, TType type) { protocol_.writeFieldBegin("", type, id); }
  void end() { protocol_.writeFieldEnd(); }

  std::shared_ptr<TMemoryBuffer> buffer_;
  Protocol protocol_;
};

template <typename T, typename Fn>
void optional_field(const std::optional<T>& v, Fn&& write) {
  if (v) write(*v);
}

void write_empty(Out& out, int16_t id) {
  out.field_struct(id, [] {});
}

void write_logical_type(Out& out, const LogicalType& t) {
  using Kind = LogicalType::Kind;
  auto id = static_cast<int16_t>(t.kind);
  switch (t.kind) {
    case Kind::kNone:
    case Kind::kOther: return;
    case Kind::kDecimal:
      out.field_struct(id, [&] {
        out.field_i32(1, t.decimal_scale);
        out.field_i32(2, t.decimal_precision);
      });
      return;
    case Kind::kTime:
    case Kind::kTimestamp:
      out.field_struct(id, [&] {
        out.field_bool(1, t.adjusted_to_utc);
        out.field_struct(2, [&] { write_empty(out, static_cast<int16_t>(t.unit)); });
      });
      return;
    case Kind::kInteger:
      out.field_struct(id, [&] {
        out.field_byte(1, t.bit_width);
        out.field_bool(2, t.is_signed);
      });
      return;
    default:
      write_empty(out, id);
      return;
  }
}

void write_statistics(Out& out, const Statistics& s) {
  optional_field(s.max, [&](const auto& v) { out.field_binary(1, v); });
  optional_field(s.min, [&](const auto& v) { out.field_binary(2, v); });
  optional_field(s.null_count, [&](auto v) { out.field_i64(3, v); });
  optional_field(s.distinct_count, [&](auto v) { out.field_i64(4, v); });
  optional_field(s.max_value, [&](const auto& v) { out.field_binary(5, v); });
  optional_field(s.min_value, [&](const auto& v) { out.field_binary(6, v); });
  optional_field(s.is_max_value_exact, [&](auto v) { out.field_bool(7, v); });
  optional_field(s.is_min_value_exact, [&](auto v) { out.field_bool(8, v); });
}

void write_key_values(Out& out, int16_t id, const std::vector<KeyValue>& kvs) {
  if (kvs.empty()) return;
  out.field_list(id, T_STRUCT, kvs, [&](const KeyValue& kv) {
    out.write_struct([&] {
      out.field_binary(1, kv.key);
      optional_field(kv.value, [&](const auto& v) { out.field_binary(2, v); });
    });
  });
}

void write_schema_element(Out& out, const SchemaElement& e) {
  out.write_struct([&] {
    optional_field(e.type, [&](auto v) { out.field_enum(1, v); });
    optional_field(e.type_length, [&](auto v) { out.field_i32(2, v); });
    optional_field(e.repetition, [&](auto v) { out.field_enum(3, v); });
    out.field_binary(4, e.name);
    optional_field(e.num_children, [&](auto v) { out.field_i32(5, v); });
    optional_field(e.converted_type, [&](auto v) { out.field_enum(6, v); });
    optional_field(e.scale, [&](auto v) { out.field_i32(7, v); });
    optional_field(e.precision, [&](auto v) { out.field_i32(8, v); });
    optional_field(e.field_id, [&](auto v) { out.field_i32(9, v); });
    if (e.logical_type && e.logical_type->kind != LogicalType::Kind::kNone &&
        e.logical_type->kind != LogicalType::Kind::kOther) {
      out.field_struct(10, [&] { write_logical_type(out, *e.logical_type); });
    }
  });
}

void write_column_meta_data(Out& out, const ColumnMetaData& m) {
  out.field_enum(1, m.type);
  out.field_list(2, T_I32, m.encodings, [&](Encoding e) { out.i32(static_cast<int32_t>(e)); });
  out.field_list(3, T_STRING, m.path_in_schema, [&](const std::string& s) { out.binary(s); });
  out.field_enum(4, m.codec);
  out.field_i64(5, m.num_values);
  out.field_i64(6, m.total_uncompressed_size);
  out.field_i64(7, m.total_compressed_size);
  write_key_values(out, 8, m.key_value_metadata);
  out.field_i64(9, m.data_page_offset);
  optional_field(m.index_page_offset, [&](auto v) { out.field_i64(10, v); });
  optional_field(m.dictionary_page_offset, [&](auto v) { out.field_i64(11, v); });
  optional_field(m.statistics, [&](const auto& s) { out.field_struct(12, [&] { write_statistics(out, s); }); });
  if (!m.encoding_stats.empty()) {
    out.field_list(13, T_STRUCT, m.encoding_stats, [&](const PageEncodingStats& s) {
      out.write_struct([&] {
        out.field_enum(1, s.page_type);
        out.field_enum(2, s.encoding);
        out.field_i32(3, s.count);
      });
    });
  }
  optional_field(m.bloom_filter_offset, [&](auto v) { out.field_i64(14, v); });
  optional_field(m.bloom_filter_length, [&](auto v) { out.field_i32(15, v); });
}

void write_column_chunk(Out& out, const ColumnChunk& c) {
  out.write_struct([&] {
    optional_field(c.file_path, [&](const auto& v) { out.field_binary(1, v); });
    out.field_i64(2, c.file_offset);
    optional_field(c.meta_data, [&](const auto& m) { out.field_struct(3, [&] { write_column_meta_data(out, m); }); });
    optional_field(c.offset_index_offset, [&](auto v) { out.field_i64(4, v); });
    optional_field(c.offset_index_length, [&](auto v) { out.field_i32(5, v); });
    optional_field(c.column_index_offset, [&](auto v) { out.field_i64(6, v); });
    optional_field(c.column_index_length, [&](auto v) { out.field_i32(7, v); });
  });
}

void write_row_group(Out& out, const RowGroup& g) {
  out.write_struct([&] {
    out.field_list(1, T_STRUCT, g.columns, [&](const ColumnChunk& c) { write_column_chunk(out, c); });
    out.field_i64(2, g.total_byte_size);
    out.field_i64(3, g.num_rows);
    if (!g.sorting_columns.empty()) {
      out.field_list(4, T_STRUCT, g.sorting_columns, [&](const SortingColumn& s) {
        out.write_struct([&] {
          out.field_i32(1, s.column_idx);
          out.field_bool(2, s.descending);
          out.field_bool(3, s.nulls_first);
        });
      });
    }
    optional_field(g.file_offset, [&](auto v) { out.field_i64(5, v); });
    optional_field(g.total_compressed_size, [&](auto v) { out.field_i64(6, v); });
    optional_field(g.ordinal, [&](auto v) { out.field_i16(7, v); });
  });
}

}  // namespace

std::string serialize_file_metadata(const FileMetaData& m) {
  Out out;
  out.write_struct([&] {
    out.field_i32(1, m.version);
    out.field_list(2, T_STRUCT, m.schema, [&](const SchemaElement& e) { write_schema_element(out, e); });
    out.field_i64(3, m.num_rows);
    out.field_list(4, T_STRUCT, m.row_groups, [&](const RowGroup& g) { write_row_group(out, g); });
    write_key_values(out, 5, m.key_value_metadata);
    optional_field(m.created_by, [&](const auto& v) { out.field_binary(6, v); });
    if (!m.column_orders.empty()) {
      // Only TYPE_ORDER exists; entries that are false are written as TYPE_ORDER too, since an
      // empty union is not valid thrift.
      out.field_list(7, T_STRUCT, m.column_orders, [&](bool) { out.write_struct([&] { write_empty(out, 1); }); });
    }
  });
  return out.finish();
}

std::string serialize_page_header(const PageHeader& h) {
  Out out;
  out.write_struct([&] {
    out.field_enum(1, h.type);
    out.field_i32(2, h.uncompressed_page_size);
    out.field_i32(3, h.compressed_page_size);
    optional_field(h.crc, [&](auto v) { out.field_i32(4, v); });
    optional_field(h.data_page_header, [&](const DataPageHeader& d) {
      out.field_struct(5, [&] {
        out.field_i32(1, d.num_values);
        out.field_enum(2, d.encoding);
        out.field_enum(3, d.definition_level_encoding);
        out.field_enum(4, d.repetition_level_encoding);
        optional_field(d.statistics, [&](const auto& s) { out.field_struct(5, [&] { write_statistics(out, s); }); });
      });
    });
    optional_field(h.dictionary_page_header, [&](const DictionaryPageHeader& d) {
      out.field_struct(7, [&] {
        out.field_i32(1, d.num_values);
        out.field_enum(2, d.encoding);
        optional_field(d.is_sorted, [&](auto v) { out.field_bool(3, v); });
      });
    });
    optional_field(h.data_page_header_v2, [&](const DataPageHeaderV2& d) {
      out.field_struct(8, [&] {
        out.field_i32(1, d.num_values);
        out.field_i32(2, d.num_nulls);
        out.field_i32(3, d.num_rows);
        out.field_enum(4, d.encoding);
        out.field_i32(5, d.definition_levels_byte_length);
        out.field_i32(6, d.repetition_levels_byte_length);
        out.field_bool(7, d.is_compressed);
        optional_field(d.statistics, [&](const auto& s) { out.field_struct(8, [&] { write_statistics(out, s); }); });
      });
    });
  });
  return out.finish();
}

std::string serialize_offset_index(const OffsetIndex& index) {
  Out out;
  out.write_struct([&] {
    out.field_list(1, T_STRUCT, index.page_locations, [&](const PageLocation& loc) {
      out.write_struct([&] {
        out.field_i64(1, loc.offset);
        out.field_i32(2, loc.compressed_page_size);
        out.field_i64(3, loc.first_row_index);
      });
    });
    if (!index.unencoded_byte_array_data_bytes.empty()) {
      out.field_list(2, T_I64, index.unencoded_byte_array_data_bytes, [&](int64_t v) { out.i64(v); });
    }
  });
  return out.finish();
}

std::string serialize_column_index(const ColumnIndex& index) {
  Out out;
  out.write_struct([&] {
    out.field_list(1, T_BOOL, index.null_pages, [&](bool v) { out.boolean(v); });
    out.field_list(2, T_STRING, index.min_values, [&](const std::string& v) { out.binary(v); });
    out.field_list(3, T_STRING, index.max_values, [&](const std::string& v) { out.binary(v); });
    out.field_enum(4, index.boundary_order);
    if (!index.null_counts.empty()) out.field_list(5, T_I64, index.null_counts, [&](int64_t v) { out.i64(v); });
  });
  return out.finish();
}

}  // namespace floe::io::parquet
