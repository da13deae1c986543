// Encoding one column of a row group into compressed Parquet pages, with its chunk metadata.
#pragma once

#include <string>
#include <vector>

#include "core/column.h"
#include "io/parquet/dictionary_encoder.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

struct ColumnChunkOptions {
  CompressionCodec codec = CompressionCodec::kZstd;
  int compression_level = 0;  // 0: the codec's default
  int64_t data_page_size = 1024 * 1024;  // uncompressed bytes of values per data page, about
  bool statistics = true;
  bool dictionary = true;
  DictionaryLimits dictionary_limits;
};

/// A page ready to write: its header and body. The body is uncompressed as encoded and
/// compressed once `compress_page` ran; the header's sizes follow.
struct EncodedPage {
  PageHeader header;
  std::string body;
};

/// The pages of one column chunk (the dictionary page first, when there is one) and its
/// metadata, whose offsets and sizes `place_column_chunk` fills in.
struct EncodedColumnChunk {
  std::vector<EncodedPage> pages;
  ColumnMetaData metadata;
};

/// Encodes every row of `column` as data pages v1 of an OPTIONAL column (definition levels
/// RLE-encoded with bit width 1). Values are dictionary-encoded (RLE_DICTIONARY) when the
/// options allow it and the dictionary stays within its limits, PLAIN otherwise. Pages hold
/// about `data_page_size` bytes of values and start at multiples of 8 rows.
/// Appends the dictionary page of `dict` to `chunk` (with its encoding stat) and returns the
/// bit width of the indexes into it.
int append_dictionary_page(const DictionaryEncoding& dict, EncodedColumnChunk* chunk);

EncodedColumnChunk encode_column_chunk(const Column& column, const std::string& name, const ColumnChunkOptions& options);

/// Compresses the page's body with the options' codec and sets the header's sizes.
void compress_page(EncodedPage* page, const ColumnChunkOptions& options);

/// Serializes the page headers of `chunk` (its pages compressed) for a chunk that starts at
/// byte `offset` of the file, and sets the metadata's page offsets and total sizes. Returns
/// the headers, one per page, to be written each before its body.
std::vector<std::string> place_column_chunk(EncodedColumnChunk* chunk, int64_t offset);

}  // namespace floe::io::parquet
