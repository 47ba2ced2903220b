#include "tabular/cells.h"

#include <gtest/gtest.h>

namespace suiji::tabular {
namespace {

TEST(CellsTest, TrimRemovesAsciiFullWidthAndInvisibleSpaces) {
  EXPECT_EQ(TrimCell("  abc \t\r\n"), "abc");
  EXPECT_EQ(TrimCell("\u3000\u3000福州\u3000"), "福州");
  EXPECT_EQ(TrimCell("\u00A0x\u200B\uFEFF"), "x");
  EXPECT_EQ(TrimCell("a b"), "a b");
  EXPECT_EQ(TrimCell("\u3000"), "");
  EXPECT_EQ(TrimCell(""), "");
  EXPECT_EQ(TrimCell("\xFF "), "\xFF");  // malformed bytes are kept
}

TEST(CellsTest, HalfWidth) {
  EXPECT_EQ(ToHalfWidth("９１３５０１００Ｍ０００１００Ｙ４３"), "91350100M000100Y43");
  EXPECT_EQ(ToHalfWidth("（中文）　ａ"), "(中文) a");
  EXPECT_EQ(ToHalfWidth("中文，不变"), "中文,不变");
}

TEST(CellsTest, NormalizeCode) {
  EXPECT_EQ(NormalizeCode(" ９１３５ ０１００ｍ０００１００ｙ４３\u3000"), "91350100M000100Y43");
  EXPECT_EQ(NormalizeCode("11010519491231002x"), "11010519491231002X");
}

TEST(CellsTest, ParseDates) {
  const Date d{2026, 11, 21};
  for (const char* s : {"2026-11-21", "2026/11/21", "2026.11.21", "2026年11月21日", "2026年11月21",
                        "2026 年 11 月 21 日", "20261121", " 2026-11-21 ", "２０２６－１１－２１",
                        "2026-11-21 00:00:00", "2026-11-21 00:00", "2026-11-21T00:00:00"}) {
    EXPECT_EQ(ParseDateCell(s), d) << s;
  }
  EXPECT_EQ(ParseDateCell("2026-1-5"), (Date{2026, 1, 5}));
  EXPECT_EQ(ParseDateCell("2026年1月5号"), (Date{2026, 1, 5}));
  for (const char* s : {"", "2026-02-30", "2026-11", "21/11/2026", "2026-11-21 12:00:00",
                        "20261332", "46347", "2026/11-21", "abc", "2026-11-21-1"}) {
    EXPECT_FALSE(ParseDateCell(s).has_value()) << s;
  }
  EXPECT_EQ(ParseDateCell("46347", true), d);
  EXPECT_FALSE(ParseDateCell("60", true).has_value());
}

TEST(CellsTest, ExcelSerials) {
  EXPECT_EQ(DateFromExcelSerial(1), (Date{1900, 1, 1}));
  EXPECT_EQ(DateFromExcelSerial(59), (Date{1900, 2, 28}));
  EXPECT_EQ(DateFromExcelSerial(61), (Date{1900, 3, 1}));
  EXPECT_EQ(DateFromExcelSerial(46347), (Date{2026, 11, 21}));
  EXPECT_EQ(DateFromExcelSerial(2958465), (Date{9999, 12, 31}));
  EXPECT_FALSE(DateFromExcelSerial(0).has_value());
  EXPECT_FALSE(DateFromExcelSerial(2958466).has_value());
}

TEST(CellsTest, ParseBooleans) {
  for (const char* s : {"是", "Y", "y", "Yes", "TRUE", "true", "1", "√", " 是 ", "Ｙ", "对"}) {
    EXPECT_EQ(ParseBoolCell(s), true) << s;
  }
  for (const char* s : {"否", "N", "no", "FALSE", "0", "×", "错"}) {
    EXPECT_EQ(ParseBoolCell(s), false) << s;
  }
  for (const char* s : {"", "2", "是的", "maybe"}) EXPECT_FALSE(ParseBoolCell(s).has_value()) << s;
}

TEST(CellsTest, ParseIntegers) {
  EXPECT_EQ(ParseIntCell("42"), 42);
  EXPECT_EQ(ParseIntCell(" -7 "), -7);
  EXPECT_EQ(ParseIntCell("+7"), 7);
  EXPECT_EQ(ParseIntCell("1,234,567"), 1234567);
  EXPECT_EQ(ParseIntCell("12.00"), 12);
  EXPECT_EQ(ParseIntCell("１２"), 12);
  EXPECT_EQ(ParseIntCell("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseIntCell("-9223372036854775808"), INT64_MIN);
  for (const char* s : {"", "-", "1.5", "1,23", "12,345,67", ",123", "1e3", "9223372036854775808",
                        "99999999999999999999", "abc", "1 2"}) {
    EXPECT_FALSE(ParseIntCell(s).has_value()) << s;
  }
}

}  // namespace
}  // namespace suiji::tabular
