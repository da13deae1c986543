// The ARROW:schema footer entry: the frame's Arrow schema, so readers restore Floe's exact types.
#pragma once

#include <string>

#include "core/schema.h"

namespace floe::io::parquet {

/// Key of the footer's key-value entry that holds the Arrow schema.
inline constexpr const char* kArrowSchemaKey = "ARROW:schema";

/// The Arrow IPC Schema message of `schema` (continuation marker, length, flatbuffer), base64
/// encoded, as Arrow and Polars store it. Parquet alone cannot say "Duration", "Null" or a
/// datetime's time zone name; pyarrow and Polars read them back from here. Strings and binary
/// are LargeUtf8 and LargeBinary, as Polars writes them.
std::string arrow_schema_metadata(const Schema& schema);

/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);

}  // namespace floe::io::parquet
