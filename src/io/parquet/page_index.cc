// Page index decoding and the fully-dictionary-encoded test.
#include "io/parquet/page_index.h"

namespace floe::io::parquet {

std::optional<DecodedPageIndex> decode_page_index(const ColumnDescriptor& column, const ColumnIndex& column_index,
                                                  const OffsetIndex& offset_index, int64_t num_rows) {
  const auto& locations = offset_index.page_locations;
  const size_t pages = locations.size();
  if (pages == 0 || column.nested() || column_index.null_pages.size() != pages ||
      column_index.min_values.size() != pages || column_index.max_values.size() != pages ||
      (!column_index.null_counts.empty() && column_index.null_counts.size() != pages)) {
    return std::nullopt;
  }
  DecodedPageIndex out;
  out.first_row.reserve(pages);
  out.pages.reserve(pages);
  for (size_t p = 0; p < pages; ++p) {
    const int64_t first = locations[p].first_row_index;
    const int64_t end = p + 1 < pages ? locations[p + 1].first_row_index : num_rows;
    if ((p == 0 && first != 0) || first >= end || end > num_rows) return std::nullopt;
    out.first_row.push_back(first);
    DecodedStatistics page;
    if (column_index.null_pages[p]) {
      // Only nulls: the min and max entries are empty placeholders.
      page.null_count = end - first;
    } else {
      Statistics s;
      s.min_value = column_index.min_values[p];
      s.max_value = column_index.max_values[p];
      if (!column_index.null_counts.empty()) s.null_count = column_index.null_counts[p];
      page = decode_statistics(column, s);
    }
    if (page.null_count && (*page.null_count < 0 || *page.null_count > end - first)) page.null_count.reset();
    out.pages.push_back(std::move(page));
  }
  return out;
}

bool fully_dictionary_encoded(const ColumnMetaData& metadata) {
  auto dictionary = [](Encoding e) { return e == Encoding::kPlainDictionary || e == Encoding::kRleDictionary; };
  if (!metadata.encoding_stats.empty()) {
    bool any = false;
    for (const auto& s : metadata.encoding_stats) {
      if (s.page_type != PageType::kDataPage && s.page_type != PageType::kDataPageV2) continue;
      if (s.count > 0 && !dictionary(s.encoding)) return false;
      any |= s.count > 0;
    }
    return any;
  }
  // Booleans take RLE as a value encoding, so RLE proves nothing about their pages.
  if (metadata.type == PhysicalType::kBoolean) return false;
  bool any = false;
  for (Encoding e : metadata.encodings) {
    if (dictionary(e)) {
      any = true;
    } else if (e != Encoding::kRle && e != Encoding::kBitPacked) {
      return false;
    }
  }
  return any;
}

}  // namespace floe::io::parquet
