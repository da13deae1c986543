// Tests of zoneinfo reading and POSIX TZ rules, against what Polars 2.1 prints for the instants.
#include "core/time_zone.h"

#include <gtest/gtest.h>

#include "core/civil_calendar.h"

namespace floe {
namespace {

int64_t utc(int64_t y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
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
  EXPECT_EQ(tz->offset_at(utc(2024, 1, 15, 12)).abbreviation, "EST");
  EXPECT_EQ(tz->offset_at(utc(2024, 7, 15, 12)).utc_offset, -4 * 3600);
  // Daylight time starts at 2:00 local standard time on the second Sunday of March...
  EXPECT_EQ(tz->offset_at(utc(2024, 3, 10, 6, 59, 59)).abbreviation, "EST");
  EXPECT_EQ(tz->offset_at(utc(2024, 3, 10, 7)).abbreviation, "EDT");
  // ... and ends at 2:00 local daylight time on the first Sunday of November.
  EXPECT_EQ(tz->offset_at(utc(2024, 11, 3, 5, 59, 59)).abbreviation, "EDT");
  EXPECT_EQ(tz->offset_at(utc(2024, 11, 3, 6)).abbreviation, "EST");

  auto south = TimeZone::parse("Test/LordHowe", tzif_with_footer("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"));
  ASSERT_NE(south, nullptr);
  EXPECT_EQ(south->offset_at(utc(2024, 1, 1)).abbreviation, "+11");
  EXPECT_EQ(south->offset_at(utc(2024, 7, 1)).utc_offset, 10 * 3600 + 1800);

  auto fixed = TimeZone::parse("Test/Dubai", tzif_with_footer("<+04>-4"));
  ASSERT_NE(fixed, nullptr);
  EXPECT_EQ(fixed->offset_at(utc(2024, 1, 1)).abbreviation, "+04");
  EXPECT_EQ(fixed->offset_at(utc(2024, 1, 1)).utc_offset, 4 * 3600);
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
  EXPECT_EQ(ny->offset_at(utc(2024, 7, 15, 12)).abbreviation, "EDT");
  EXPECT_EQ(ny->offset_at(utc(2050, 7, 1)).abbreviation, "EDT");
  EXPECT_EQ(ny->offset_at(utc(2150, 7, 1)).abbreviation, "EST");  // chrono-tz stops at 2099
  EXPECT_EQ(ny->offset_at(utc(1850, 1, 1)).utc_offset, -(4 * 3600 + 56 * 60 + 2));  // LMT
  auto warsaw = TimeZone::find("Europe/Warsaw");
  ASSERT_NE(warsaw, nullptr);
  EXPECT_EQ(warsaw->offset_at(utc(2099, 7, 1)).abbreviation, "CEST");
  EXPECT_EQ(warsaw->offset_at(utc(2100, 7, 1)).abbreviation, "CET");
  EXPECT_EQ(warsaw->offset_at(utc(2024, 10, 27, 0, 59, 59)).abbreviation, "CEST");
  EXPECT_EQ(warsaw->offset_at(utc(2024, 10, 27, 1)).abbreviation, "CET");
  auto lord_howe = TimeZone::find("Australia/Lord_Howe");
  ASSERT_NE(lord_howe, nullptr);
  EXPECT_EQ(lord_howe->offset_at(utc(2100, 7, 1)).abbreviation, "+11");
  EXPECT_EQ(TimeZone::find("Etc/GMT+5")->offset_at(utc(2024, 1, 1)).abbreviation, "-05");
  EXPECT_EQ(TimeZone::find("UTC")->offset_at(0).abbreviation, "UTC");
}

}  // namespace
}  // namespace floe
