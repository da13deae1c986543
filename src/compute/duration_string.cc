// Parsing of Polars duration strings.
#include "compute/duration_string.h"

#include "core/error.h"

namespace floe::compute {

namespace {

constexpr std::string_view kUnits = "'y', 'mo', 'q', 'w', 'd', 'h', 'm', 's', 'ms', 'us', 'ns'";

bool add_checked(int64_t& part, int64_t n, int64_t scale) {
  int64_t scaled;
  if (__builtin_mul_overflow(n, scale, &scaled)) return false;
  return !__builtin_add_overflow(part, scaled, &part);
}

}  // namespace

CalendarDuration parse_duration(std::string_view text, std::string_view fn) {
  CalendarDuration d;
  size_t i = 0;
  if (!text.empty() && text[0] == '-') {
    d.negative = true;
    i = 1;
  }
  while (i < text.size()) {
    const size_t digits_start = i;
    int64_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      FLOE_USER_CHECK(!__builtin_mul_overflow(n, 10, &n) && !__builtin_add_overflow(n, text[i] - '0', &n),
                      InvalidArgument, "{}: the number in duration string '{}' is too large", fn, text);
      ++i;
    }
    if (i == digits_start) {
      FLOE_USER_CHECK(text[i] != '-', InvalidArgument,
                      "{}: only a single minus sign is allowed, at the front of the duration string '{}'", fn, text);
      throw InvalidArgument(fmt::format("{}: expected a leading integer in the duration string '{}', found '{}'", fn,
                                        text, text[i]));
    }
    const size_t unit_start = i;
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    FLOE_USER_CHECK(!unit.empty(), InvalidArgument,
                    "{}: expected a unit to follow the integer in the duration string '{}'; units are {}", fn, text,
                    kUnits);
    bool ok;
    if (unit == "ns") {
      ok = add_checked(d.nanos, n, 1);
    } else if (unit == "us") {
      ok = add_checked(d.nanos, n, 1'000);
    } else if (unit == "ms") {
      ok = add_checked(d.nanos, n, 1'000'000);
    } else if (unit == "s") {
      ok = add_checked(d.nanos, n, 1'000'000'000);
    } else if (unit == "m") {
      ok = add_checked(d.nanos, n, 60'000'000'000);
    } else if (unit == "h") {
      ok = add_checked(d.nanos, n, 3'600'000'000'000);
    } else if (unit == "d") {
      ok = add_checked(d.days, n, 1);
    } else if (unit == "w") {
      ok = add_checked(d.weeks, n, 1);
    } else if (unit == "mo") {
      ok = add_checked(d.months, n, 1);
    } else if (unit == "q") {
      ok = add_checked(d.months, n, 3);
    } else if (unit == "y") {
      ok = add_checked(d.months, n, 12);
    } else {
      throw InvalidArgument(fmt::format("{}: unit '{}' in duration string '{}' is not supported; units are {}", fn,
                                        unit, text, kUnits));
    }
    FLOE_USER_CHECK(ok, InvalidArgument, "{}: duration string '{}' is too large", fn, text);
  }
  return d;
}

}  // namespace floe::compute
