// Order-dependent functions over whole columns or row segments: cum_*, shift, diff, rank, top_k.
#pragma once

#include <span>
#include <string>

#include "compute/function_registry.h"
#include "core/column.h"

namespace floe::compute {

/// Parameters, in `FunctionOptions::params` order:
///   cum_sum, cum_prod, cum_min, cum_max, cum_count: reverse (bool)
///   shift: n (int), fill value (a Scalar, null for none)
///   diff: n (int), null_behavior ("ignore" or "drop")
///   rank: method ("average", "min", "max", "dense", "ordinal"), descending (bool)
///   top_k, bottom_k: k (int)
/// Every function sees the rows of one segment in order; with `offsets` (segment i is rows
/// [offsets[i], offsets[i + 1])), each segment is computed on its own, as over() needs.

/// Whether `name` is one of the functions above.
bool is_window_function(const std::string& name);

/// Whether the function returns fewer rows than it gets (top_k, bottom_k, diff with
/// null_behavior="drop"); those only run over a whole column, never over segments.
bool window_function_changes_length(const std::string& name, const FunctionOptions& options);

/// The output type, as in Polars (cum_sum of Int8 is Int64 but of Int32 stays Int32, rank
/// "average" is Float64 and the other methods UInt32, diff of UInt8 is Int16, diff of Date is
/// Duration). Throws InvalidOperation when the function does not apply to `input` and
/// InvalidArgument for a malformed parameter.
DataType window_output_type(const std::string& name, const DataType& input, const FunctionOptions& options);

/// Runs function `name` over `input` (each segment of `offsets` separately; empty `offsets`:
/// the whole column is one segment). The result has the type `window_output_type` names.
ColumnPtr window_function(const std::string& name, const ColumnPtr& input, const FunctionOptions& options,
                          std::span<const int64_t> offsets = {});

}  // namespace floe::compute
