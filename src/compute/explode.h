// Explode: one row per list item, the other columns repeated alongside.
#pragma once

#include <vector>

#include "core/column.h"

namespace floe::compute {

struct ExplodeOptions {
  bool empty_as_null = false;  // an empty list gives one null row (else none)
  bool keep_nulls = true;      // a null list gives one null row (else none)
};

/// The rows of `columns` (equal lengths) with each List column in `targets` replaced by its items,
/// one row per item, and every other column repeated to match, as Polars' `explode`. The
/// targets must hold lists of equal lengths row by row; throws ShapeError when they do not,
/// InvalidOperation when a target is not a List.
std::vector<ColumnPtr> explode(const std::vector<ColumnPtr>& columns, const std::vector<size_t>& targets,
                               const ExplodeOptions& options = {});

}  // namespace floe::compute
