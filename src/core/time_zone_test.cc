// Tests of zoneinfo reading and POSIX TZ rules, against what Polars 2.1 prints for the instants.
#include "core/time_zone.h"

#include <gtest/gtest.h>

#include "core/civil_time.h"
#include "core/posix_tz_rule.h"

namespace floe {
namespace {

int64_t utc(int64_t y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return civil::days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

// A minimal version-2 TZif file with one local time type and no transitions, so every instant
// follows the footer rule.
std::string tzif_with_footer(const std::string& footer) {
  auto be32 = [](uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[static_cast<size_t>(i)] = static_cast<char>(v >> (24 - 8 * i));
    return s;
  };
  std::string header = "TZif2" + std::string(15, '\0');
  header += be32(0) + be32(0) + be32(0) + be32(0) + be32(1) + be32(4);  // one type, 4 chars
  std::string block = be32(static_cast<uint32_t>(-18000)) + std::string(1, '\0') + std::string(1, '\0') + std::string("EST\0", 4);
  return header + block + header + block + "\n" + footer + "\n";
}

TEST(TimeZone, PosixRules) {
  auto tz = TimeZone::parse("Test/US", tzif_with_footer("EST5EDT,M3.2.0,M11.1.0"));
  ASSERT_NE(tz, nullptr);
  EXPECT_EQ(tz->abbreviation_at(utc(2024, 1, 15, 12)), "EST");
  EXPECT_EQ(tz->offset_at(utc(2024, 7, 15, 12)), -4 * 3600);
  // Daylight time starts at 2:00 local standard time on the second Sunday of March...
  EXPECT_EQ(tz->abbreviation_at(utc(2024, 3, 10, 6, 59, 59)), "EST");
  EXPECT_EQ(tz->abbreviation_at(utc(2024, 3, 10, 7)), "EDT");
  // ... and ends at 2:00 local daylight time on the first Sunday of November.
  EXPECT_EQ(tz->abbreviation_at(utc(2024, 11, 3, 5, 59, 59)), "EDT");
  EXPECT_EQ(tz->abbreviation_at(utc(2024, 11, 3, 6)), "EST");

  auto south = TimeZone::parse("Test/LordHowe", tzif_with_footer("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"));
  ASSERT_NE(south, nullptr);
  EXPECT_EQ(south->abbreviation_at(utc(2024, 1, 1)), "+11");
  EXPECT_EQ(south->offset_at(utc(2024, 7, 1)), 10 * 3600 + 1800);

  auto fixed = TimeZone::parse("Test/Dubai", tzif_with_footer("<+04>-4"));
  ASSERT_NE(fixed, nullptr);
  EXPECT_EQ(fixed->abbreviation_at(utc(2024, 1, 1)), "+04");
  EXPECT_EQ(fixed->offset_at(utc(2024, 1, 1)), 4 * 3600);
}

TEST(TimeZone, RejectsWhatIsNotTzif) {
  EXPECT_EQ(TimeZone::parse("x", "not a zone file"), nullptr);
  EXPECT_EQ(TimeZone::find("../../etc/passwd"), nullptr);
  EXPECT_EQ(TimeZone::find("No/Such_Zone"), nullptr);
}

TEST(TimeZone, SystemZoneinfo) {
  auto ny = TimeZone::find("America/New_York");
  if (!ny) GTEST_SKIP() << "no zoneinfo on this machine";
  // pl.Series([datetime(...)]).dt.replace_time_zone("UTC").dt.convert_time_zone(zone)
  EXPECT_EQ(ny->abbreviation_at(utc(2024, 7, 15, 12)), "EDT");
  EXPECT_EQ(ny->abbreviation_at(utc(2050, 7, 1)), "EDT");
  EXPECT_EQ(ny->abbreviation_at(utc(2150, 7, 1)), "EST");  // chrono-tz stops at 2099
  EXPECT_EQ(ny->offset_at(utc(1850, 1, 1)), -(4 * 3600 + 56 * 60 + 2));  // LMT
  auto warsaw = TimeZone::find("Europe/Warsaw");
  ASSERT_NE(warsaw, nullptr);
  EXPECT_EQ(warsaw->abbreviation_at(utc(2099, 7, 1)), "CEST");
  EXPECT_EQ(warsaw->abbreviation_at(utc(2100, 7, 1)), "CET");
  EXPECT_EQ(warsaw->abbreviation_at(utc(2024, 10, 27, 0, 59, 59)), "CEST");
  EXPECT_EQ(warsaw->abbreviation_at(utc(2024, 10, 27, 1)), "CET");
  auto lord_howe = TimeZone::find("Australia/Lord_Howe");
  ASSERT_NE(lord_howe, nullptr);
  EXPECT_EQ(lord_howe->abbreviation_at(utc(2100, 7, 1)), "+11");
  EXPECT_EQ(TimeZone::find("Etc/GMT+5")->abbreviation_at(utc(2024, 1, 1)), "-05");
  EXPECT_EQ(TimeZone::find("UTC")->abbreviation_at(0), "UTC");
}

TEST(TimeZone, PosixRuleParsing) {
  auto ny = PosixTzRule::parse("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->std_offset, -5 * 3600);
  EXPECT_EQ(ny->dst_offset, -4 * 3600);
  EXPECT_EQ(ny->std_abbreviation, "EST");
  EXPECT_EQ(ny->dst_abbreviation, "EDT");
  auto t = ny->transitions(2024);  // 2024-03-10 07:00 UTC and 2024-11-03 06:00 UTC
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0], (std::pair<int64_t, int32_t>{1710054000, -4 * 3600}));
  EXPECT_EQ(t[1], (std::pair<int64_t, int32_t>{1730613600, -5 * 3600}));
  auto howe = PosixTzRule::parse("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  ASSERT_TRUE(howe);
  EXPECT_EQ(howe->std_offset, 37800);
  EXPECT_EQ(howe->dst_offset, 39600);
  EXPECT_EQ(howe->std_abbreviation, "+1030");
  EXPECT_EQ(howe->transitions(2030)[0].second, 37800) << "in the south, the April end comes first";
  auto fixed = PosixTzRule::parse("<+0530>-5:30");
  ASSERT_TRUE(fixed);
  EXPECT_FALSE(fixed->has_dst);
  EXPECT_TRUE(fixed->transitions(2050).empty());
  auto julian = PosixTzRule::parse("XXX3YYY,J60/0,300/1:30");
  ASSERT_TRUE(julian);
  EXPECT_EQ(julian->transitions(2024)[0].first, (civil::days_from_civil(2024, 3, 1)) * int64_t{86400} + 3 * 3600);
  for (const char* bad : {"", "E", "EST", "EST5EDT", "EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0,x"}) {
    EXPECT_FALSE(PosixTzRule::parse(bad)) << bad;
  }
}

TEST(TimeZone, IntervalLookupFindsTheHoldingInterval) {
  for (const char* name : {"Europe/Warsaw", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}) {
    auto zone = TimeZone::find(name);
    uint64_t x = 88172645463325252ull;  // xorshift: a fixed spread of instants from 1800 to 2100
    size_t hint = 0;
    for (int k = 0; k < 200000; ++k) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      const int64_t s = static_cast<int64_t>(x % 9'500'000'000ull) - 5'400'000'000;
      const size_t i = zone->interval_of(s, k % 2 ? hint : 0);
      ASSERT_LE(zone->start(i), s) << name;
      ASSERT_LT(s, zone->end(i)) << name;
      hint = i;
    }
  }
}

TEST(TimeZone, LocalToUtcResolution) {
  // A toy zone: +1h until t=1000s, then +2h (a gap 01:16:40-02:16:40 local), then +1h again
  // from t=100000s (a fold).
  TimeZone zone("Test/Toy", {0, 1000, 100000}, {3600, 7200, 3600});
  auto r = zone.from_local(0);
  EXPECT_EQ(r.kind, TimeZone::LocalResult::kUnique);
  EXPECT_EQ(r.earliest, -3600);
  r = zone.from_local(1000 + 3600 + 100);  // inside the gap
  EXPECT_EQ(r.kind, TimeZone::LocalResult::kNonexistent);
  EXPECT_EQ(r.earliest, 1000 + 3600 + 100 - 7200);  // read with the offset after the jump
  EXPECT_EQ(r.latest, 1000);                        // the jump
  r = zone.from_local(100000 + 3600 + 100);  // inside the fold
  EXPECT_EQ(r.kind, TimeZone::LocalResult::kAmbiguous);
  EXPECT_EQ(r.earliest, 100000 + 3600 + 100 - 7200);
  EXPECT_EQ(r.latest, 100000 + 100);
  EXPECT_EQ(zone.offset_at(999), 3600);
  EXPECT_EQ(zone.offset_at(1000), 7200);
  EXPECT_EQ(zone.offset_at(INT64_MAX), 3600);
}

}  // namespace
}  // namespace floe
