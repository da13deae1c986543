// ".dt.truncate": rounding dates and datetimes down to a multiple of a duration, as Polars does.
// Fixed durations are aligned to the epoch, weeks start on Monday, months, quarters and years
// are calendar-aware; a datetime with a time zone is truncated on its local wall clock and the
// result mapped back to UTC, keeping the original's side of a DST fold.
#include "compute/duration_string.h"
#include "compute/temporal_kernel.h"

namespace floe::compute {

namespace {

/// What to truncate to, in the ticks of the input (days for a Date).
struct Truncation {
  enum Kind { kFixed, kWeeks, kMonths } kind = kFixed;
  int64_t ticks = 0;  // kFixed: multiple of this many ticks (<= 1: unchanged)
  int64_t count = 0;  // kWeeks, kMonths: how many
  bool date_millis = false;  // kFixed on a Date: `ticks` are milliseconds, not days
};

/// Validates `every` for an input of type `type` and turns it into a Truncation. Like Polars,
/// months, weeks, days and sub-daily parts may not be mixed, except that days and a clock time
/// form one fixed duration on a naive or UTC datetime.
Truncation plan_truncation(const std::string& every, const DataType& type) {
  const CalendarDuration d = parse_duration(every, "dt.truncate");
  const char* kind = type.id == TypeId::kDate ? "Date" : "Datetime";
  FLOE_USER_CHECK(!d.is_zero(), ComputeError, "dt.truncate: duration cannot be zero, got '{}'", every);
  FLOE_USER_CHECK(!d.negative, ComputeError, "dt.truncate: cannot truncate a {} to a negative duration '{}'", kind,
                  every);
  const bool fixed_days = type.id == TypeId::kDatetime && !zone_of(type);
  const int parts = (d.months != 0) + (d.weeks != 0) + (d.days != 0 && !(fixed_days && d.nanos != 0)) + (d.nanos != 0);
  FLOE_USER_CHECK(parts == 1, ComputeError,
                  "dt.truncate: cannot mix month, week, day, and sub-daily units for this operation, got '{}'", every);

  const int64_t per_day = type.id == TypeId::kDate ? 1 : ticks_per_day(type.unit);
  int64_t span;
  FLOE_USER_CHECK(!__builtin_mul_overflow(d.weeks, 7 * per_day, &span) && d.months < (int64_t{1} << 40),
                  InvalidArgument, "dt.truncate: duration '{}' is too large", every);
  if (d.months) return {Truncation::kMonths, 0, d.months};
  if (d.weeks) return {Truncation::kWeeks, 0, d.weeks};
  if (type.id == TypeId::kDate) {
    if (d.days) return {Truncation::kFixed, d.days, 0};
    // Sub-daily truncation of a date works on its midnight in milliseconds, as Polars does.
    return {Truncation::kFixed, d.nanos / 1'000'000, 0, true};
  }
  const int64_t per_tick = nanos_per_tick(type.unit);
  int64_t ticks;
  FLOE_USER_CHECK(!__builtin_mul_overflow(d.days, per_day, &ticks) &&
                      !__builtin_add_overflow(ticks, d.nanos / per_tick, &ticks),
                  InvalidArgument, "dt.truncate: duration '{}' is too large", every);
  return {Truncation::kFixed, ticks, 0};
}

/// Truncates wall-clock ticks by one kind of plan, with `kPerDay` ticks a day (1 for dates).
/// Kind and day length are template parameters so that the row loops carry no dispatch and
/// divide by constants.
template <Truncation::Kind kKind, int64_t kPerDay>
struct Truncate {
  const Truncation& plan;

  int64_t operator()(int64_t t) const {
    if constexpr (kKind == Truncation::kFixed) {
      return t - civil::floor_mod(t, plan.ticks);
    } else if constexpr (kKind == Truncation::kWeeks) {
      // 1970-01-05 was the first Monday after the epoch: weeks are counted from it.
      return t - civil::floor_mod(t - 4 * kPerDay, 7 * plan.count * kPerDay);
    } else {
      const int64_t day = civil::floor_div(t, kPerDay);
      const civil::DateFields c = civil::date_fields(static_cast<int32_t>(day));
      if (plan.count == 1) return (day - (c.day - 1)) * kPerDay;
      if (plan.count == 12) return (day - (c.ordinal - 1)) * kPerDay;
      // Months are counted from January 1970, so "13mo" steps through 1970-01, 1971-02, ...
      int64_t months = (int64_t{c.year} - 1970) * 12 + (c.month - 1);
      months -= civil::floor_mod(months, plan.count);
      const int64_t year = civil::floor_div(months, 12);
      const auto month = static_cast<uint32_t>(months - year * 12 + 1);
      return civil::days_from_civil(year + 1970, month, 1) * kPerDay;
    }
  }
};

/// Calls `fn(truncate)` with the Truncate functor for `plan` and a day of `kPerDay` ticks. A
/// fixed duration of at most one tick leaves values unchanged and gets the identity.
template <int64_t kPerDay, typename Fn>
void with_truncate(const Truncation& plan, Fn&& fn) {
  switch (plan.kind) {
    case Truncation::kFixed:
      if (plan.ticks <= 1) return fn([](int64_t t) { return t; });
      return fn(Truncate<Truncation::kFixed, kPerDay>{plan});
    case Truncation::kWeeks:
      return fn(Truncate<Truncation::kWeeks, kPerDay>{plan});
    case Truncation::kMonths:
      return fn(Truncate<Truncation::kMonths, kPerDay>{plan});
  }
}

/// Calls `fn` for each row of `in`; null rows get 0 instead, so that the calendar arithmetic
/// never sees the garbage a null slot may hold.
template <typename Out, typename Fn>
void fill_rows(const Column& in, Out* out, Fn&& fn) {
  const int64_t n = in.length();
  if (in.has_nulls()) {
    for (int64_t i = 0; i < n; ++i) out[i] = in.is_valid(i) ? fn(i) : Out{0};
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = fn(i);
  }
}

ColumnPtr truncate_dates(const Column& in, const Truncation& plan) {
  const int64_t n = in.length();
  const int32_t* d = in.values<int32_t>();
  auto values = Buffer::allocate(sizeof(int32_t) * static_cast<size_t>(n));
  int32_t* out = values->as<int32_t>();
  with_truncate<1>(plan, [&](auto truncate) {
    fill_rows(in, out, [&](int64_t i) { return static_cast<int32_t>(truncate(d[i])); });
  });
  return std::make_shared<Column>(in.type(), n, std::move(values), in.validity_buffer());
}

/// Truncation of dates by a sub-daily duration given in milliseconds: each date is taken as
/// its midnight in milliseconds, truncated, and divided back into days. Polars divides toward
/// zero there (not down), so a date before 1970 truncated by e.g. "25h" can stay on its day;
/// Floe matches it.
ColumnPtr truncate_dates_subdaily(const Column& in, int64_t millis) {
  const int64_t n = in.length();
  const int32_t* d = in.values<int32_t>();
  auto values = Buffer::allocate(sizeof(int32_t) * static_cast<size_t>(n));
  int32_t* out = values->as<int32_t>();
  constexpr int64_t kMillisPerDay = kSecondsPerDay * 1'000;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t ms = int64_t{d[i]} * kMillisPerDay;
    const int64_t r = millis <= 1 ? ms : ms - civil::floor_mod(ms, millis);
    out[i] = static_cast<int32_t>(r / kMillisPerDay);
  }
  return std::make_shared<Column>(in.type(), n, std::move(values), in.validity_buffer());
}

/// Maps a truncated wall-clock time back to UTC. An ambiguous wall time (in a DST fold) takes
/// the original's offset when that is one of its readings, else the earlier. A skipped wall
/// time (in a DST gap) is read with the original's offset, and then with the offset in force
/// at that reading: the result lands on one side of the gap, as Polars' does.
int64_t localize(const TimeZone& zone, int64_t local, int64_t original_offset, int64_t tps) {
  const int64_t s = civil::floor_div(local, tps);
  const int64_t frac = local - s * tps;
  const TimeZone::LocalResult r = zone.from_local(s);
  switch (r.kind) {
    case TimeZone::LocalResult::kUnique:
      return r.earliest * tps + frac;
    case TimeZone::LocalResult::kAmbiguous: {
      const int64_t same_offset = local - original_offset;
      if (same_offset == r.latest * tps + frac) return same_offset;
      return r.earliest * tps + frac;
    }
    case TimeZone::LocalResult::kNonexistent: {
      const int64_t first_reading = civil::floor_div(local - original_offset, tps);
      return local - int64_t{zone.offset_at(first_reading)} * tps;
    }
  }
  return local - original_offset;
}

ColumnPtr truncate_datetimes(const Column& in, const Truncation& plan) {
  const int64_t n = in.length();
  const int64_t* t = in.values<int64_t>();
  auto values = Buffer::allocate(sizeof(int64_t) * static_cast<size_t>(n));
  int64_t* out = values->as<int64_t>();
  auto zone = zone_of(in.type());
  if (!zone) {
    visit_unit(in.type().unit, [&](auto tps) {
      with_truncate<kSecondsPerDay * decltype(tps)::value>(plan, [&](auto truncate) {
        fill_rows(in, out, [&](int64_t i) { return truncate(t[i]); });
      });
    });
    return std::make_shared<Column>(in.type(), n, std::move(values), in.validity_buffer());
  }
  LocalTicks local(in);
  const int64_t* wall = local.data();
  const int64_t tps = ticks_per_second(in.type().unit);
  // Truncated rows often repeat (every row of a day truncates to the same midnight): remember
  // the last wall time mapped back to UTC.
  int64_t cached_wall = 0, cached_offset = 0, cached_utc = 0;
  bool cached = false;
  visit_unit(in.type().unit, [&](auto unit_tps) {
    with_truncate<kSecondsPerDay * decltype(unit_tps)::value>(plan, [&](auto truncate) {
      fill_rows(in, out, [&](int64_t i) {
        const int64_t r = truncate(wall[i]);
        const int64_t offset = wall[i] - t[i];
        if (r == wall[i]) return t[i];
        if (!cached || r != cached_wall || offset != cached_offset) {
          cached = true;
          cached_wall = r;
          cached_offset = offset;
          cached_utc = localize(*zone, r, offset, tps);
        }
        return cached_utc;
      });
    });
  });
  return std::make_shared<Column>(in.type(), n, std::move(values), in.validity_buffer());
}

}  // namespace

void register_temporal_truncate(FunctionRegistry& registry) {
  ScalarFunction f;
  f.name = "dt.truncate";
  f.doc = "Rounds each date or datetime down to a multiple of `every` (\"1d\", \"15m\", \"1w\", \"3mo\", \"1y\", ...).";
  f.resolve = [](std::span<const DataType> types, const FunctionOptions&) {
    expect_temporal_input("dt.truncate", types, kDateKind | kDatetimeKind);
    return types[0];
  };
  f.execute = [](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
    const Column& in = temporal_input("dt.truncate", args, kDateKind | kDatetimeKind);
    FLOE_USER_CHECK(options.has(0), InvalidArgument, "dt.truncate requires the parameter 'every' (e.g. \"1d\")");
    const Scalar& every = options.params[0];
    FLOE_USER_CHECK(every.type().id == TypeId::kString, InvalidArgument,
                    "dt.truncate: parameter 'every' must be a String, got {}", every.type().to_string());
    const Truncation plan = plan_truncation(every.as_string(), in.type());
    if (in.type().id == TypeId::kDatetime) return truncate_datetimes(in, plan);
    if (plan.date_millis) return truncate_dates_subdaily(in, plan.ticks);
    return truncate_dates(in, plan);
  };
  registry.add(std::move(f));
}

}  // namespace floe::compute
