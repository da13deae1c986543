// Scaffolding shared by the ".dt" kernels: type checks, tick arithmetic, and datetimes turned
// into local wall-clock ticks of their time zone.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "compute/function_registry.h"
#include "core/civil_time.h"
#include "core/error.h"
#include "core/time_zone.h"

namespace floe::compute {

inline constexpr int64_t kSecondsPerDay = 86'400;

inline int64_t nanos_per_tick(TimeUnit u) { return 1'000'000'000 / ticks_per_second(u); }
inline int64_t ticks_per_day(TimeUnit u) { return kSecondsPerDay * ticks_per_second(u); }

/// The zone of a Datetime type, or nullptr when its wall clock is UTC (naive or "UTC").
inline std::shared_ptr<const TimeZone> zone_of(const DataType& t) {
  if (t.id != TypeId::kDatetime || t.tz.empty() || t.tz == "UTC") return nullptr;
  return TimeZone::find_or_throw(t.tz);
}

/// Kinds of temporal input a function accepts, as a bit mask.
enum TemporalKinds : unsigned { kDateKind = 1, kDatetimeKind = 2, kTimeKind = 4, kDurationKind = 8 };

/// Checks that `fn` got one column of an accepted kind; the message names the function, the
/// kinds it takes and the type it got (e.g. "dt.hour expects a Datetime or Time column, got date").
inline void expect_temporal_input(std::string_view fn, std::span<const DataType> types, unsigned kinds) {
  FLOE_USER_CHECK(types.size() == 1, InvalidOperation, "{} expects 1 column argument, got {}", fn, types.size());
  const TypeId id = types[0].id;
  const bool ok = (id == TypeId::kDate && (kinds & kDateKind)) || (id == TypeId::kDatetime && (kinds & kDatetimeKind)) ||
                  (id == TypeId::kTime && (kinds & kTimeKind)) || (id == TypeId::kDuration && (kinds & kDurationKind));
  if (ok) {
    zone_of(types[0]);  // an unknown time zone is an error here already, naming the zone
    return;
  }
  std::string expected;
  const std::pair<unsigned, const char*> names[] = {
      {kDateKind, "Date"}, {kDatetimeKind, "Datetime"}, {kTimeKind, "Time"}, {kDurationKind, "Duration"}};
  int count = 0, total = 0;
  for (const auto& [bit, name] : names) total += (kinds & bit) != 0;
  for (const auto& [bit, name] : names) {
    if (!(kinds & bit)) continue;
    if (count > 0) expected += count + 1 == total ? " or " : ", ";
    expected += name;
    ++count;
  }
  throw InvalidOperation(fmt::format("{} expects a {} column, got {}", fn, expected, types[0].to_string()));
}

/// The single column argument of a ".dt" function, checked as `expect_temporal_input` does.
inline const Column& temporal_input(std::string_view fn, std::span<const ColumnPtr> args, unsigned kinds) {
  FLOE_USER_CHECK(args.size() == 1 && args[0], InvalidOperation, "{} expects 1 column argument, got {}", fn,
                  args.size());
  DataType t = args[0]->type();
  expect_temporal_input(fn, std::span<const DataType>(&t, 1), kinds);
  return *args[0];
}

/// Calls `fn(std::integral_constant<int64_t, ticks per second>)`, so that divisions by the
/// unit's constants compile to multiplications.
template <typename Fn>
decltype(auto) visit_unit(TimeUnit u, Fn&& fn) {
  switch (u) {
    case TimeUnit::kMilli: return fn(std::integral_constant<int64_t, 1'000>{});
    case TimeUnit::kMicro: return fn(std::integral_constant<int64_t, 1'000'000>{});
    case TimeUnit::kNano: break;
  }
  return fn(std::integral_constant<int64_t, 1'000'000'000>{});
}

/// Wall-clock ticks of a Datetime column: its own values when naive or UTC, else a new buffer
/// with each value shifted by its zone's offset at that instant. Null slots hold anything.
class LocalTicks {
 public:
  explicit LocalTicks(const Column& in) {
    values_ = in.values<int64_t>();
    auto zone = zone_of(in.type());
    if (!zone) return;
    const int64_t n = in.length();
    owned_ = Buffer::allocate(sizeof(int64_t) * static_cast<size_t>(n));
    int64_t* out = owned_->as<int64_t>();
    const int64_t tps = ticks_per_second(in.type().unit);
    size_t hint = 0;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t t = values_[i];
      hint = zone->interval_of(civil::floor_div(t, tps), hint);
      // Unsigned addition: garbage under a null slot may sit near the int64 limits.
      out[i] = static_cast<int64_t>(static_cast<uint64_t>(t) + static_cast<uint64_t>(int64_t{zone->offset(hint)} * tps));
    }
    values_ = out;
  }
  const int64_t* data() const { return values_; }

 private:
  const int64_t* values_;
  BufferPtr owned_;
};

/// Registers dt.truncate (temporal_truncate.cc); called from register_temporal_functions.
void register_temporal_truncate(FunctionRegistry& registry);

}  // namespace floe::compute
