#include "core/time.h"

#include <gtest/gtest.h>

namespace suiji {
namespace {

TEST(DateTest, EpochRoundTripOverFourCenturies) {
  for (int64_t d = -146097; d <= 146097 * 2; d += 37) {
    Date x = Date::FromDaysSinceEpoch(d);
    ASSERT_TRUE(Date::IsValid(x.year, x.month, x.day)) << d;
    ASSERT_EQ(x.DaysSinceEpoch(), d);
  }
}

TEST(DateTest, ParseIsStrict) {
  EXPECT_EQ(Date::Parse("2024-02-29")->ToString(), "2024-02-29");
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_FALSE(Date::Parse("2026-13-01"));
  EXPECT_FALSE(Date::Parse("2026-1-01"));
  EXPECT_FALSE(Date::Parse("2026/01/01"));
}

TEST(DateTest, IsoWeekday) {
  EXPECT_EQ(Date::Parse("2026-11-21")->IsoWeekday(), 5);  // Saturday
  EXPECT_EQ(Date::Parse("1970-01-01")->IsoWeekday(), 3);  // Thursday
}

TEST(TimeTest, ChinaDateTurnsAtSixteenUtc) {
  auto t = *ParseTimestamp("2026-11-20T15:59:59.999Z");
  EXPECT_EQ(ChinaDate(t).ToString(), "2026-11-20");
  EXPECT_EQ(ChinaDate(t + std::chrono::milliseconds(1)).ToString(), "2026-11-21");
  EXPECT_EQ(FormatTimestamp(ChinaMidnight(*Date::Parse("2026-11-21"))), "2026-11-20T16:00:00.000Z");
}

TEST(TimeTest, TimestampFormatRoundTripAndOffsets) {
  auto t = *ParseTimestamp("2026-11-21T10:13:05.042Z");
  EXPECT_EQ(FormatTimestamp(t), "2026-11-21T10:13:05.042Z");
  EXPECT_EQ(*ParseTimestamp("2026-11-21T18:13:05.042+08:00"), t);
  EXPECT_FALSE(ParseTimestamp("2026-11-21 10:13:05Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-21T25:13:05Z"));
}

}  // namespace
}  // namespace suiji
