#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iconv.h>

#include "tabular/reader.h"
#include "tabular/test_zip.h"

namespace suiji::tabular {
namespace {

using ::testing::ElementsAre;
using testing::ReadAll;

using Rows = std::vector<std::vector<std::string>>;

// GB18030 bytes of UTF-8 `s`, as Chinese Excel writes "CSV (逗号分隔)".
std::string ToGb18030(const std::string& s) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(s.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(s.data());
  size_t in_left = s.size();
  char* o = out.data();
  size_t out_left = out.size();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

TEST(CsvReaderTest, ReadsSimpleRowsWithRowNumbers) {
  auto r = ReadAll("名称,代码\n甲公司,001\n乙公司,002\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows, (Rows{{"名称", "代码"}, {"甲公司", "001"}, {"乙公司", "002"}}));
  EXPECT_THAT(r.row_numbers, ElementsAre(1, 2, 3));
  EXPECT_EQ(r.info.encoding, "UTF-8");
}

TEST(CsvReaderTest, QuotedCellsWithCommasQuotesAndLineBreaks) {
  auto r =
      ReadAll("a,\"b,c\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\nnext,\"\",x\r\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows, (Rows{{"a", "b,c", "say \"hi\"", "line1\nline2"}, {"next", "", "x"}}));
  // The quoted line break does not start a new Excel row.
  EXPECT_THAT(r.row_numbers, ElementsAre(1, 2));
}

TEST(CsvReaderTest, CrLfLfAndLoneCrLineEnds) {
  auto r = ReadAll("a\r\nb\nc\rd", Format::kCsv);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows, (Rows{{"a"}, {"b"}, {"c"}, {"d"}}));
}

TEST(CsvReaderTest, Utf8BomIsRemoved) {
  auto r = ReadAll("\xEF\xBB\xBF统一社会信用代码\n91350100M000100Y43\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows[0][0], "统一社会信用代码");
  EXPECT_EQ(r.info.encoding, "UTF-8 BOM");
}

TEST(CsvReaderTest, BlankRowsAreSkippedButCounted) {
  auto r = ReadAll("h1,h2\n\n,\na,b\n,,\n\r\n\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows, (Rows{{"h1", "h2"}, {"a", "b"}}));
  EXPECT_THAT(r.row_numbers, ElementsAre(1, 4));
  EXPECT_EQ(r.info.last_row_number, 4u);
}

TEST(CsvReaderTest, TrailingCommaMeansTrailingEmptyCell) {
  auto r = ReadAll("a,b,\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows, (Rows{{"a", "b", ""}}));
}

TEST(CsvReaderTest, BareQuoteInsideUnquotedCellIsLiteral) {
  auto r = ReadAll("12\" pipe,a\"b\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows, (Rows{{"12\" pipe", "a\"b"}}));
}

TEST(CsvReaderTest, SpacesAfterClosingQuoteAreAllowed) {
  auto r = ReadAll("\"a\"  ,b\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}}));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsCorruptNamingTheRow) {
  auto r = ReadAll("h\nok\n\"abc\"def,x\n", Format::kCsv);
  EXPECT_EQ(r.status.reason(), "FILE_CORRUPT");
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("第 3 行"));
}

TEST(CsvReaderTest, UnclosedQuoteIsCorrupt) {
  auto r = ReadAll("h\n\"abc,def\nmore\n", Format::kCsv);
  EXPECT_EQ(r.status.reason(), "FILE_CORRUPT");
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("第 2 行"));
}

TEST(CsvReaderTest, EmptyInputHasNoRows) {
  auto r = ReadAll("", Format::kCsv);
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.rows.empty());
}

TEST(CsvReaderTest, CallbackCanStopEarly) {
  size_t seen = 0;
  Status s = ReadTable("a\nb\nc\n", Format::kCsv, {}, [&](size_t, const auto&) {
    ++seen;
    return seen < 2;
  });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(seen, 2u);
}

TEST(CsvReaderTest, RowCapCountsNonBlankRows) {
  ReadOptions o;
  o.max_rows = 3;
  EXPECT_TRUE(ReadAll("a\nb\nc\n\n\n", Format::kCsv, o).status.ok());
  auto r = ReadAll("a\nb\nc\nd\n", Format::kCsv, o);
  EXPECT_EQ(r.status.reason(), "FILE_TOO_LARGE");
  EXPECT_EQ(r.rows.size(), 3u);
}

TEST(CsvReaderTest, ByteCap) {
  ReadOptions o;
  o.max_uncompressed_bytes = 10;
  EXPECT_EQ(ReadAll("0123456789A", Format::kCsv, o).status.reason(), "FILE_TOO_LARGE");
  EXPECT_TRUE(ReadAll("0123456789", Format::kCsv, o).status.ok());
}

TEST(CsvReaderTest, TooManyColumns) {
  std::string line(16384, ',');  // 16385 cells
  EXPECT_EQ(ReadAll(line + "x\n", Format::kCsv).status.reason(), "FILE_TOO_LARGE");
}

TEST(CsvReaderTest, Gb18030IsDecoded) {
  const std::string utf8 =
      "统一社会信用代码,企业名称,地址\r\n91350100M000100Y43,\"福州市某某有限公司\","
      "\"福建省福州市鼓楼区五四路1号,2层\"\r\n";
  const std::string gbk = ToGb18030(utf8);
  ASSERT_NE(gbk, utf8);
  auto r = ReadAll(gbk, Format::kCsv);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.encoding, "GB18030");
  EXPECT_EQ(
      r.rows,
      (Rows{{"统一社会信用代码", "企业名称", "地址"},
            {"91350100M000100Y43", "福州市某某有限公司", "福建省福州市鼓楼区五四路1号,2层"}}));
}

TEST(CsvReaderTest, Gb18030AcrossChunksWithMultiLineCells) {
  // More than the 1 MiB conversion chunk, with quoted line breaks straddling chunk ends.
  std::string utf8 = "编号,说明\n";
  Rows expected = {{"编号", "说明"}};
  for (int i = 0; i < 40000; ++i) {
    const std::string note = "第" + std::to_string(i) + "条\n检查记录，“合格”";
    utf8 += std::to_string(i) + ",\"" + note + "\"\n";
    expected.push_back({std::to_string(i), note});
  }
  const std::string gbk = ToGb18030(utf8);
  ASSERT_GT(gbk.size(), 1u << 20);
  auto r = ReadAll(gbk, Format::kCsv);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows, expected);
  EXPECT_EQ(r.row_numbers.back(), 40001u);
}

TEST(CsvReaderTest, DamagedUtf8IsRefusedNotMisreadAsGbk) {
  std::string s = "名称,地址\n";
  for (int i = 0; i < 20; ++i) s += "福州市某某有限公司,福建省福州市\n";
  s += "坏\xE5\x9B,x\n";  // a truncated character
  auto r = ReadAll(s, Format::kCsv);
  EXPECT_EQ(r.status.reason(), "ENCODING_INVALID");
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("第 22 行"));
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("CSV UTF-8"));
}

TEST(CsvReaderTest, InvalidUtf8AfterBomIsRefused) {
  auto r = ReadAll("\xEF\xBB\xBF" + ToGb18030("名称\n公司\n"), Format::kCsv);
  EXPECT_EQ(r.status.reason(), "ENCODING_INVALID");
}

TEST(CsvReaderTest, Utf16IsRefused) {
  EXPECT_EQ(ReadAll(std::string("\xFF\xFE"
                                "a\0b\0",
                                6),
                    Format::kCsv)
                .status.reason(),
            "ENCODING_INVALID");
  EXPECT_EQ(ReadAll(std::string("a\0b\0\n\0", 6), Format::kCsv).status.reason(),
            "ENCODING_INVALID");
}

TEST(CsvReaderTest, NeitherUtf8NorGbkIsRefused) {
  // 0xFF is not a GB18030 lead byte.
  auto r = ReadAll("ab\xFF\xFF\xFF\n", Format::kCsv);
  EXPECT_EQ(r.status.reason(), "ENCODING_INVALID");
}

TEST(CsvReaderTest, XlsxOrXlsContentWithCsvNameIsCorrupt) {
  EXPECT_EQ(ReadAll("PK\x03\x04rest", Format::kCsv).status.reason(), "FILE_CORRUPT");
  EXPECT_EQ(ReadAll("\xD0\xCF\x11\xE0rest", Format::kCsv).status.reason(), "FILE_CORRUPT");
}

TEST(CsvReaderTest, FormulaGuardIsStrippedByDefault) {
  auto r = ReadAll("'=SUM(A1),'+86,'-x,'@a,''quoted,'plain,'\n", Format::kCsv);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows, (Rows{{"=SUM(A1)", "+86", "-x", "@a", "'quoted", "'plain", "'"}}));
  ReadOptions keep;
  keep.strip_formula_guard = false;
  r = ReadAll("'=SUM(A1)\n", Format::kCsv, keep);
  EXPECT_EQ(r.rows, (Rows{{"'=SUM(A1)"}}));
}

TEST(CsvReaderTest, ReadTableFileUsesExtensionAndReportsMissingFile) {
  const std::string path = testing::TempPath("file_test.CSV");
  {
    FILE* f = fopen(path.c_str(), "wb");
    fputs("a,b\n1,2\n", f);
    fclose(f);
  }
  Rows rows;
  Status s = ReadTableFile(path, {}, [&](size_t, const std::vector<std::string_view>& c) {
    rows.emplace_back(c.begin(), c.end());
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(
      ReadTableFile(testing::TempPath("nope.csv"), {}, [](size_t, const auto&) { return true; })
          .reason(),
      "FILE_NOT_FOUND");
  EXPECT_EQ(ReadTableFile(path + ".txt", {}, [](size_t, const auto&) { return true; }).reason(),
            "FILE_FORMAT_UNSUPPORTED");
}

TEST(FormatTest, FromFileName) {
  EXPECT_EQ(*FormatFromFileName("a.csv"), Format::kCsv);
  EXPECT_EQ(*FormatFromFileName("名录.XLSX"), Format::kXlsx);
  EXPECT_EQ(FormatFromFileName("old.xls").status().reason(), "FILE_FORMAT_UNSUPPORTED");
  EXPECT_THAT(std::string(FormatFromFileName("old.xls").status().message()),
              ::testing::HasSubstr(".xlsx"));
  EXPECT_EQ(FormatFromFileName("a.txt").status().reason(), "FILE_FORMAT_UNSUPPORTED");
  EXPECT_EQ(FileExtension(Format::kXlsx), ".xlsx");
}

}  // namespace
}  // namespace suiji::tabular
