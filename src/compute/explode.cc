// Explode kernel: row counts from the first target's lengths, then gathers.
#include "compute/explode.h"

#include <algorithm>

#include "compute/selection.h"
#include "core/error.h"

namespace floe::compute {

std::vector<ColumnPtr> explode(const std::vector<ColumnPtr>& columns, const std::vector<size_t>& targets,
                               const ExplodeOptions& options) {
  FLOE_USER_CHECK(!targets.empty(), InvalidArgument, "explode needs at least one column");
  for (size_t t : targets) {
    FLOE_USER_CHECK(columns[t]->type().id == TypeId::kList, InvalidOperation,
                    "explode is not supported for column of type {}; expected a List", columns[t]->type().to_string());
  }
  const Column& first = *columns[targets[0]];
  const int64_t n = first.length();
  const int64_t* first_offsets = first.list_offsets();
  // Every target must split each row into the same number of items.
  for (size_t k = 1; k < targets.size(); ++k) {
    const Column& other = *columns[targets[k]];
    const int64_t* o = other.list_offsets();
    bool same = true;
    for (int64_t i = 0; i < n; ++i) {
      same &= (o[i + 1] - o[i]) == (first_offsets[i + 1] - first_offsets[i]) || (first.is_null(i) && other.is_null(i));
    }
    FLOE_USER_CHECK(same, ShapeMismatch, "exploded columns must have matching element counts");
  }
  // Rows out per row in: its items, or one null row for an empty or null list when asked.
  std::vector<uint32_t> repeat;
  repeat.reserve(static_cast<size_t>(first_offsets[n] - first_offsets[0] + n));
  std::vector<int64_t> slot;  // per output row: item number within its list, or -1 for a null row
  slot.reserve(repeat.capacity());
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = first.is_null(i) ? 0 : first_offsets[i + 1] - first_offsets[i];
    const bool one_null = len == 0 && (first.is_null(i) ? options.keep_nulls : options.empty_as_null);
    for (int64_t k = 0; k < len; ++k) {
      repeat.push_back(static_cast<uint32_t>(i));
      slot.push_back(k);
    }
    if (one_null) {
      repeat.push_back(static_cast<uint32_t>(i));
      slot.push_back(-1);
    }
  }
  const auto rows = static_cast<int64_t>(repeat.size());
  std::vector<ColumnPtr> out(columns.size());
  std::vector<int64_t> items(repeat.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    if (std::find(targets.begin(), targets.end(), c) == targets.end()) {
      out[c] = gather(columns[c], repeat.data(), rows);
      continue;
    }
    const int64_t* o = columns[c]->list_offsets();
    for (int64_t r = 0; r < rows; ++r) items[r] = slot[r] < 0 ? -1 : o[repeat[r]] + slot[r];
    out[c] = gather_nullable(columns[c]->children()[0], items.data(), rows);
  }
  return out;
}

}  // namespace floe::compute
