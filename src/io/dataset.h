// Datasets: the files behind a scan's sources (paths, directories, glob patterns) and the hive
// partition values (`key=value/` folders) in their paths.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace floe::io {

/// One file of a dataset with the hive partition values found in its path, in folder order.
struct DatasetFile {
  std::string path;
  std::vector<std::pair<std::string, std::optional<std::string>>> partitions;  // null: __HIVE_DEFAULT_PARTITION__
};

/// The files of `sources`, in order: a file stands for itself, a directory for every file below
/// it (sorted, hidden and `_`-prefixed files skipped), a pattern with `*`, `?` or `[` for the
/// files it matches (sorted; `**` matches any depth). With `hive`, partition values are parsed
/// from the folders below a directory source, and from the whole path of a file or pattern
/// match (as Polars does). Throws IoError when a source matches nothing.
std::vector<DatasetFile> expand_sources(const std::vector<std::string>& sources, bool hive);

/// Whether any source is a directory (Polars then turns hive partitioning on by default).
bool any_directory(const std::vector<std::string>& sources);

}  // namespace floe::io
