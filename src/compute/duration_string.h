// Polars' duration strings ("1d", "2h30m", "3mo", "-1w"): parsing into calendar and fixed parts.
#pragma once

#include <cstdint>
#include <string_view>

namespace floe::compute {

/// A duration as Polars spells it: calendar months (y = 12, q = 3), weeks, days, and a fixed
/// number of nanoseconds (h, m, s, ms, us, ns). Each part is non-negative; `negative` applies
/// to the whole.
struct CalendarDuration {
  int64_t months = 0;
  int64_t weeks = 0;
  int64_t days = 0;
  int64_t nanos = 0;
  bool negative = false;

  bool is_zero() const { return months == 0 && weeks == 0 && days == 0 && nanos == 0; }
};

/// Parses `text` (e.g. "1mo15d", "-2h"); `fn` names the caller in errors. Throws
/// InvalidArgument for malformed strings, naming the offending part and the units accepted.
CalendarDuration parse_duration(std::string_view text, std::string_view fn);

}  // namespace floe::compute
