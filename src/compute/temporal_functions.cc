// The ".dt" namespace: date and time kernels registered as scalar functions. Calendar and
// clock fields, date/time parts, epoch and duration totals live here; truncation in
// temporal_truncate.cc. Datetimes with a time zone give the fields of their local wall clock.
#include <cstring>

#include "compute/function_registry.h"
#include "compute/temporal_kernel.h"

namespace floe::compute {

namespace {

template <typename Out>
DataType out_type_of() {
  if constexpr (std::is_same_v<Out, int8_t>) return TypeId::kInt8;
  if constexpr (std::is_same_v<Out, int16_t>) return TypeId::kInt16;
  if constexpr (std::is_same_v<Out, int32_t>) return TypeId::kInt32;
  return TypeId::kInt64;
}

template <typename Out>
Out* allocate_values(BufferPtr& buffer, int64_t n) {
  buffer = Buffer::allocate(sizeof(Out) * static_cast<size_t>(n));
  return buffer->as<Out>();
}

/// A calendar field of each row's day: `fn(int32 days since epoch) -> Out`. Null slots are
/// computed too (the arithmetic is safe on any value), which keeps the loop branch-free.
template <typename Out, typename Fn>
ColumnPtr day_field(const Column& in, Fn fn) {
  const int64_t n = in.length();
  BufferPtr values;
  Out* out = allocate_values<Out>(values, n);
  if (in.type().id == TypeId::kDate) {
    const int32_t* days = in.values<int32_t>();
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<Out>(fn(days[i]));
  } else {
    LocalTicks local(in);
    const int64_t* t = local.data();
    visit_unit(in.type().unit, [&](auto tps) {
      constexpr int64_t kTicksPerDay = kSecondsPerDay * decltype(tps)::value;
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<Out>(fn(static_cast<int32_t>(civil::floor_div(t[i], kTicksPerDay))));
    });
  }
  return std::make_shared<Column>(out_type_of<Out>(), n, std::move(values), in.validity_buffer());
}

/// A clock field of each row's time of day: `fn(int64 nanoseconds since midnight) -> Out`.
template <typename Out, typename Fn>
ColumnPtr clock_field(const Column& in, Fn fn) {
  const int64_t n = in.length();
  BufferPtr values;
  Out* out = allocate_values<Out>(values, n);
  if (in.type().id == TypeId::kTime) {
    const int64_t* ns = in.values<int64_t>();
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<Out>(fn(ns[i]));
  } else {
    LocalTicks local(in);
    const int64_t* t = local.data();
    visit_unit(in.type().unit, [&](auto tps) {
      constexpr int64_t kTicksPerDay = kSecondsPerDay * decltype(tps)::value;
      constexpr int64_t kNanosPerTick = 1'000'000'000 / decltype(tps)::value;
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<Out>(fn(civil::floor_mod(t[i], kTicksPerDay) * kNanosPerTick));
    });
  }
  return std::make_shared<Column>(out_type_of<Out>(), n, std::move(values), in.validity_buffer());
}

template <typename Out, typename Fn>
ScalarFunction day_field_function(std::string name, std::string doc, Fn fn) {
  ScalarFunction f;
  f.name = name;
  f.doc = std::move(doc);
  f.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    expect_temporal_input(name, types, kDateKind | kDatetimeKind);
    return out_type_of<Out>();
  };
  f.execute = [name, fn](std::span<const ColumnPtr> args, const FunctionOptions&) {
    return day_field<Out>(temporal_input(name, args, kDateKind | kDatetimeKind), fn);
  };
  return f;
}

template <typename Out, typename Fn>
ScalarFunction clock_field_function(std::string name, std::string doc, Fn fn) {
  ScalarFunction f;
  f.name = name;
  f.doc = std::move(doc);
  f.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    expect_temporal_input(name, types, kDatetimeKind | kTimeKind);
    return out_type_of<Out>();
  };
  f.execute = [name, fn](std::span<const ColumnPtr> args, const FunctionOptions&) {
    return clock_field<Out>(temporal_input(name, args, kDatetimeKind | kTimeKind), fn);
  };
  return f;
}

// --- date / time parts ------------------------------------------------------------------------

ScalarFunction date_function() {
  ScalarFunction f;
  f.name = "dt.date";
  f.doc = "The (local) calendar date of each datetime.";
  f.resolve = [](std::span<const DataType> types, const FunctionOptions&) {
    expect_temporal_input("dt.date", types, kDateKind | kDatetimeKind);
    return DataType(TypeId::kDate);
  };
  f.execute = [](std::span<const ColumnPtr> args, const FunctionOptions&) -> ColumnPtr {
    const Column& in = temporal_input("dt.date", args, kDateKind | kDatetimeKind);
    if (in.type().id == TypeId::kDate) return args[0];
    return day_field<int32_t>(in, [](int32_t d) { return d; })->with_type(TypeId::kDate);
  };
  return f;
}

ScalarFunction time_function() {
  ScalarFunction f;
  f.name = "dt.time";
  f.doc = "The (local) time of day of each datetime.";
  f.resolve = [](std::span<const DataType> types, const FunctionOptions&) {
    expect_temporal_input("dt.time", types, kDatetimeKind | kTimeKind);
    return DataType(TypeId::kTime);
  };
  f.execute = [](std::span<const ColumnPtr> args, const FunctionOptions&) -> ColumnPtr {
    const Column& in = temporal_input("dt.time", args, kDatetimeKind | kTimeKind);
    if (in.type().id == TypeId::kTime) return args[0];
    return clock_field<int64_t>(in, [](int64_t ns) { return ns; })->with_type(TypeId::kTime);
  };
  return f;
}

// --- epoch ------------------------------------------------------------------------------------

/// The target of dt.epoch: a time unit, or whole days ("d").
struct EpochUnit {
  bool days = false;
  TimeUnit unit = TimeUnit::kMicro;
  int64_t per_second = 1'000'000;  // ticks per second of the target ("s": 1)
};

EpochUnit epoch_unit(const FunctionOptions& options) {
  if (!options.has(0)) return {};
  const Scalar& p = options.params[0];
  FLOE_USER_CHECK(p.type().id == TypeId::kString, InvalidArgument, "dt.epoch: parameter 'time_unit' must be a String, got {}",
                  p.type().to_string());
  const std::string& u = p.as_string();
  if (u == "d") return {true, TimeUnit::kMicro, 0};
  if (u == "s") return {false, TimeUnit::kMicro, 1};
  if (u == "ms") return {false, TimeUnit::kMilli, 1'000};
  if (u == "us") return {false, TimeUnit::kMicro, 1'000'000};
  if (u == "ns") return {false, TimeUnit::kNano, 1'000'000'000};
  throw InvalidArgument(fmt::format("dt.epoch: time unit must be one of 'ns', 'us', 'ms', 's', 'd', got '{}'", u));
}

/// Rescales ticks from `from` per second to `to` per second: floor division when coarsening
/// (so instants before 1970 round down, as Polars does), multiplication when refining.
ColumnPtr rescale(const Column& in, int64_t from, int64_t to, DataType out_type) {
  const int64_t n = in.length();
  const int64_t* t = in.values<int64_t>();
  if (from == to) return in.with_type(out_type);
  BufferPtr values;
  int64_t* out = allocate_values<int64_t>(values, n);
  if (from > to) {
    const int64_t ratio = from / to;
    for (int64_t i = 0; i < n; ++i) out[i] = civil::floor_div(t[i], ratio);
  } else {
    const uint64_t ratio = static_cast<uint64_t>(to / from);
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<int64_t>(static_cast<uint64_t>(t[i]) * ratio);
  }
  return std::make_shared<Column>(out_type, n, std::move(values), in.validity_buffer());
}

ScalarFunction epoch_function() {
  ScalarFunction f;
  f.name = "dt.epoch";
  f.doc = "Time since 1970-01-01 00:00 UTC in the unit given ('ns', 'us' (default), 'ms', 's'; 'd' gives Int32 days).";
  f.resolve = [](std::span<const DataType> types, const FunctionOptions& options) {
    expect_temporal_input("dt.epoch", types, kDateKind | kDatetimeKind);
    return DataType(epoch_unit(options).days ? TypeId::kInt32 : TypeId::kInt64);
  };
  f.execute = [](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
    const Column& in = temporal_input("dt.epoch", args, kDateKind | kDatetimeKind);
    const EpochUnit target = epoch_unit(options);
    const int64_t n = in.length();
    if (in.type().id == TypeId::kDate) {
      if (target.days) return in.with_type(TypeId::kInt32);
      const int32_t* d = in.values<int32_t>();
      const int64_t per_day = kSecondsPerDay * target.per_second;
      BufferPtr values;
      int64_t* out = allocate_values<int64_t>(values, n);
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<int64_t>(static_cast<uint64_t>(int64_t{d[i]}) * per_day);
      return std::make_shared<Column>(TypeId::kInt64, n, std::move(values), in.validity_buffer());
    }
    // Epoch time is UTC: the time zone does not enter.
    const int64_t from = ticks_per_second(in.type().unit);
    if (!target.days) return rescale(in, from, target.per_second, TypeId::kInt64);
    const int64_t* t = in.values<int64_t>();
    const int64_t per_day = ticks_per_day(in.type().unit);
    BufferPtr values;
    int32_t* out = allocate_values<int32_t>(values, n);
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<int32_t>(civil::floor_div(t[i], per_day));
    return std::make_shared<Column>(TypeId::kInt32, n, std::move(values), in.validity_buffer());
  };
  return f;
}

// --- duration totals ------------------------------------------------------------------------

/// dt.total_<unit>: whole units in each duration, truncated toward zero as Polars does.
ScalarFunction total_function(std::string name, int64_t nanos_per_unit) {
  ScalarFunction f;
  f.name = name;
  f.doc = "The number of whole units in each duration, truncated toward zero.";
  f.resolve = [name](std::span<const DataType> types, const FunctionOptions&) {
    expect_temporal_input(name, types, kDurationKind);
    return DataType(TypeId::kInt64);
  };
  f.execute = [name, nanos_per_unit](std::span<const ColumnPtr> args, const FunctionOptions&) -> ColumnPtr {
    const Column& in = temporal_input(name, args, kDurationKind);
    const int64_t per_tick = nanos_per_tick(in.type().unit);
    const int64_t n = in.length();
    const int64_t* t = in.values<int64_t>();
    if (per_tick == nanos_per_unit) return in.with_type(TypeId::kInt64);
    BufferPtr values;
    int64_t* out = allocate_values<int64_t>(values, n);
    if (nanos_per_unit > per_tick) {
      const int64_t ratio = nanos_per_unit / per_tick;
      for (int64_t i = 0; i < n; ++i) out[i] = t[i] / ratio;
    } else {
      const uint64_t ratio = static_cast<uint64_t>(per_tick / nanos_per_unit);
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<int64_t>(static_cast<uint64_t>(t[i]) * ratio);
    }
    return std::make_shared<Column>(TypeId::kInt64, n, std::move(values), in.validity_buffer());
  };
  return f;
}

constexpr int64_t kNanosPerSecond = 1'000'000'000;

}  // namespace

void register_temporal_functions(FunctionRegistry& registry) {
  using civil::date_fields;
  registry.add(day_field_function<int32_t>("dt.year", "The calendar year.", [](int32_t d) { return date_fields(d).year; }));
  registry.add(day_field_function<int8_t>("dt.month", "The month, 1 to 12.", [](int32_t d) { return date_fields(d).month; }));
  registry.add(day_field_function<int8_t>("dt.day", "The day of the month, 1 to 31.", [](int32_t d) { return date_fields(d).day; }));
  registry.add(day_field_function<int16_t>("dt.ordinal_day", "The day of the year, 1 to 366.",
                                           [](int32_t d) { return date_fields(d).ordinal; }));
  registry.add(day_field_function<int8_t>("dt.quarter", "The quarter, 1 to 4.",
                                          [](int32_t d) { return (date_fields(d).month + 2) / 3; }));
  registry.add(day_field_function<int8_t>("dt.weekday", "The ISO weekday: Monday 1 to Sunday 7.",
                                          [](int32_t d) { return civil::iso_weekday(d); }));
  registry.add(clock_field_function<int8_t>("dt.hour", "The hour, 0 to 23.",
                                            [](int64_t ns) { return ns / (3600 * kNanosPerSecond); }));
  registry.add(clock_field_function<int8_t>("dt.minute", "The minute, 0 to 59.",
                                            [](int64_t ns) { return ns / (60 * kNanosPerSecond) % 60; }));
  registry.add(clock_field_function<int8_t>("dt.second", "The second, 0 to 59.",
                                            [](int64_t ns) { return ns / kNanosPerSecond % 60; }));
  registry.add(clock_field_function<int32_t>("dt.millisecond", "Milliseconds of the second, 0 to 999.",
                                             [](int64_t ns) { return ns % kNanosPerSecond / 1'000'000; }));
  registry.add(clock_field_function<int32_t>("dt.microsecond", "Microseconds of the second, 0 to 999999.",
                                             [](int64_t ns) { return ns % kNanosPerSecond / 1'000; }));
  registry.add(clock_field_function<int32_t>("dt.nanosecond", "Nanoseconds of the second, 0 to 999999999.",
                                             [](int64_t ns) { return ns % kNanosPerSecond; }));
  registry.add(date_function());
  registry.add(time_function());
  registry.add(epoch_function());
  registry.add(total_function("dt.total_days", kSecondsPerDay * kNanosPerSecond));
  registry.add(total_function("dt.total_hours", 3600 * kNanosPerSecond));
  registry.add(total_function("dt.total_minutes", 60 * kNanosPerSecond));
  registry.add(total_function("dt.total_seconds", kNanosPerSecond));
  registry.add(total_function("dt.total_milliseconds", 1'000'000));
  registry.add(total_function("dt.total_microseconds", 1'000));
  registry.add(total_function("dt.total_nanoseconds", 1));
  register_temporal_truncate(registry);
}

}  // namespace floe::compute
