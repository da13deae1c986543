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

/// The rows of `frame` split by ranges of column `key` in the order of a sort by it
/// (`descending`, `nulls_last`): partition i holds the rows that sort after exactly i of the
/// `bounds` (a column of the key's type, in that sort order); nulls and NaNs go where the sort
/// puts them. Rows keep their order inside a partition. Sorting each partition and stacking them
/// in order sorts the frame.
std::vector<DataFrame> range_partition(const DataFrame& frame, const std::string& key, const ColumnPtr& bounds,
                                       bool descending, bool nulls_last);


/// Up to `max_rows` evenly spaced values of column `key`, as a one-column frame: what a task
/// with a range output reports so that the scheduler can choose the bounds.
DataFrame range_sample(const DataFrame& frame, const std::string& key, int64_t max_rows = 1000);

/// `partitions - 1` bounds (fewer when the samples hold no ordinary values) at even quantiles of
/// the stacked samples, nulls and NaNs left out, in the order of the sort.
ColumnPtr range_bounds(const std::vector<DataFrame>& samples, const std::string& key, bool descending, int partitions);

}  // namespace floe::cluster
