// Hash partitioning of a frame's rows by key columns, the producing side of a hash shuffle.
#pragma once

#include <string>
#include <vector>

#include "core/data_frame.h"

namespace floe::cluster {

/// Splits `frame` into `partitions` frames by a hash of the `keys` columns. Rows whose keys are
/// equal in the group-by sense (nulls equal to each other, -0.0 equal to 0.0, all NaNs equal)
/// land in the same partition, and rows keep their relative order within a partition. The hash
/// is KeyLayout's (exec/group_table.h): unseeded, so every process maps a key to the same
/// partition, but it depends on the key types (both sides of a shuffle join must be cast to
/// the same key types first) and on this build; all processes of one cluster run one build.
/// `partitions == 1` returns the frame itself. Throws ColumnNotFound for an unknown key and
/// InvalidArgument for no keys or a partition count outside [1, 65536].
std::vector<DataFrame> hash_partition(const DataFrame& frame, const std::vector<std::string>& keys, int partitions);

}  // namespace floe::cluster
