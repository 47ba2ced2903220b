#include "tabular/writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include "tabular/reader.h"
#include "tabular/test_zip.h"
#include "tabular/workbook.h"

namespace suiji::tabular {
namespace {

using ::testing::HasSubstr;
using testing::ReadAll;

using Rows = std::vector<std::vector<std::string>>;

// Values that break naive exporters.
Rows TrickyRows() {
  return {
      {"统一社会信用代码", "名称", "备注"},
      {"91350100M000100Y43", "福州市某某有限公司", "普通"},
      {"000123", "0", "leading zeros"},
      {"110105194912310021", "123456789012345678", "18 digits"},
      {"a,b", "say \"hi\"", "line1\nline2"},
      {"line1\r\nline2", "\ttab", " spaced "},
      {"=SUM(A1)", "+86 138", "-x"},
      {"@cmd", "=cmd|' /C calc'!A0", "'=already"},
      {"'", "''", "'plain"},
      {"-5", "+5", "-"},
      {"😀 emoji 𠮷", "中文，全角：；", "　全角空格　"},
      {"_x0041_",
       "a\x01"
       "b\x1f",
       "x_x005F_y"},
      {"", "only middle", ""},
      {"TRUE", "1.50", "2026-11-21"},
  };
}

// What a reader returns for TrickyRows(): blank-cell trailing is kept by CSV, dropped by xlsx.
void ExpectSameCells(const Rows& got, const Rows& want, bool xlsx) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    std::vector<std::string> w = want[i];
    if (xlsx) {
      while (!w.empty() && w.back().empty()) w.pop_back();
    }
    EXPECT_EQ(got[i], w) << "row " << i;
  }
}

TEST(WriterTest, CsvRoundTripIsLossless) {
  const Rows rows = TrickyRows();
  auto bytes = WriteTableToBytes(Format::kCsv, "x", rows);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_TRUE(bytes->starts_with("\xEF\xBB\xBF"));
  auto r = ReadAll(*bytes, Format::kCsv);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ExpectSameCells(r.rows, rows, false);
}

TEST(WriterTest, CsvUsesCrlfQuotingAndFormulaGuard) {
  auto bytes = WriteTableToBytes(
      Format::kCsv, "x", Rows{{"h1", "h2"}, {"a,b", "=1+1"}, {"-5", "@x"}, {"x\"y", "'=z"}});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "\xEF\xBB\xBFh1,h2\r\n\"a,b\",'=1+1\r\n-5,'@x\r\n\"x\"\"y\",''=z\r\n");
}

TEST(WriterTest, CsvWithoutGuardWritesCellsVerbatim) {
  WriteOptions o;
  o.csv_formula_guard = false;
  auto bytes = WriteTableToBytes(Format::kCsv, "x", Rows{{"=1+1"}}, o);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "\xEF\xBB\xBF=1+1\r\n");
}

TEST(WriterTest, XlsxRoundTripIsLossless) {
  const Rows rows = TrickyRows();
  auto bytes = WriteTableToBytes(Format::kXlsx, "抽查对象名录", rows);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto r = ReadAll(*bytes, Format::kXlsx);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.info.sheet, "抽查对象名录");
  ExpectSameCells(r.rows, rows, true);
}

TEST(WriterTest, XlsxFileHasBoldFrozenHeaderAndColumnWidths) {
  const std::string path = testing::TempPath("styled.xlsx");
  auto w = TableWriter::Create(Format::kXlsx, path, "名录");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->AddRow({"统一社会信用代码", "名称"}).ok());
  ASSERT_TRUE((*w)->AddRow({"91350100M000100Y43", "x"}).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_EQ((*w)->rows_written(), 2u);
  const std::string bytes = testing::ReadFileBytes(path);
  int err = 0;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  ASSERT_NE(z, nullptr) << err;
  zip_file_t* f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
  ASSERT_NE(f, nullptr);
  std::string xml(1 << 16, '\0');
  xml.resize(static_cast<size_t>(zip_fread(f, xml.data(), xml.size())));
  zip_fclose(f);
  zip_discard(z);
  EXPECT_THAT(xml, HasSubstr("state=\"frozen\""));
  EXPECT_THAT(xml, HasSubstr("<col min=\"1\" max=\"1\" width=\"20."));  // 18 chars + 2
  EXPECT_THAT(xml, HasSubstr("s=\"1\""));  // the bold format on header cells
}

TEST(WriterTest, WorkbookHasEverySheetInOrderWithItsRows) {
  const Rows tricky = TrickyRows();
  std::vector<SheetData> sheets(2);
  sheets[0].name = "封面";
  sheets[0].rows = {
      {"一个很长的报表标题，合并到表头的宽度", ""}, {"项目", "内容"}, {"期间", "上半年"}};
  sheets[0].title_rows = 1;
  sheets[1].name = "统计表";
  sheets[1].rows = tricky;
  sheets[1].bold_last_row = true;
  auto bytes = WriteWorkbookToBytes(sheets);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto names = ListSheets(*bytes);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(*names, (std::vector<std::string>{"封面", "统计表"}));
  ReadOptions o;
  o.sheet = "封面";
  Rows cover;
  ASSERT_TRUE(ReadTable(*bytes, Format::kXlsx, o, [&](size_t, const auto& cells) {
                cover.emplace_back(cells.begin(), cells.end());
                return true;
              }).ok());
  // The merged title keeps its text in its first cell (the rest of the range is blank).
  for (auto& row : cover)
    while (!row.empty() && row.back().empty()) row.pop_back();
  EXPECT_EQ(cover,
            (Rows{{"一个很长的报表标题，合并到表头的宽度"}, {"项目", "内容"}, {"期间", "上半年"}}));
  o.sheet = "统计表";
  Rows table;
  ASSERT_TRUE(ReadTable(*bytes, Format::kXlsx, o, [&](size_t, const auto& cells) {
                table.emplace_back(cells.begin(), cells.end());
                return true;
              }).ok());
  ExpectSameCells(table, tricky, true);
  // Two sheets that Excel would name alike are refused.
  sheets[1].name = "封面";
  EXPECT_EQ(WriteWorkbookToBytes(sheets).status().reason(), "SHEET_NAME_TAKEN");
}

TEST(WriterTest, SheetNamesAreSanitised) {
  EXPECT_EQ(SanitizeSheetName("a/b:c[d]*?\\"), "a_b_c_d____");
  EXPECT_EQ(SanitizeSheetName(""), "Sheet1");
  EXPECT_EQ(SanitizeSheetName("'x'"), "_x_");
  EXPECT_EQ(SanitizeSheetName(std::string(40, 'a')), std::string(31, 'a'));
  std::string zh;
  for (int i = 0; i < 40; ++i) zh += "检";
  std::string zh31;
  for (int i = 0; i < 31; ++i) zh31 += "检";
  EXPECT_EQ(SanitizeSheetName(zh), zh31);
  auto bytes = WriteTableToBytes(Format::kXlsx, "2026/上半年:统计", Rows{{"a"}});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto names = ListSheets(*bytes);
  ASSERT_TRUE(names.ok());
  EXPECT_THAT(*names, ::testing::ElementsAre("2026_上半年_统计"));
}

TEST(WriterTest, InvalidUtf8AndOverlongCellsAreRejected) {
  for (Format f : {Format::kCsv, Format::kXlsx}) {
    auto bytes = WriteTableToBytes(f, "x", Rows{{"ok"}, {"bad\xFF"}});
    EXPECT_EQ(bytes.status().reason(), "ENCODING_INVALID");
    EXPECT_THAT(std::string(bytes.status().message()), HasSubstr("第 2 行第 1 列"));
  }
  auto bytes = WriteTableToBytes(Format::kXlsx, "x", Rows{{std::string(32768, 'a')}});
  EXPECT_EQ(bytes.status().reason(), "CELL_TOO_LONG");
  bytes = WriteTableToBytes(Format::kXlsx, "x", Rows{{std::string(32767, 'a')}});
  EXPECT_TRUE(bytes.ok());
}

TEST(WriterTest, AddRowAfterFinishFails) {
  for (Format f : {Format::kCsv, Format::kXlsx}) {
    const std::string path =
        testing::TempPath(std::string("finished") + std::string(FileExtension(f)));
    auto w = TableWriter::Create(f, path, "x");
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Finish().ok());
    EXPECT_FALSE((*w)->AddRow({"a"}).ok());
    EXPECT_FALSE((*w)->Finish().ok());
  }
}

TEST(WriterTest, UnwritablePathFails) {
  for (Format f : {Format::kCsv, Format::kXlsx}) {
    auto w = TableWriter::Create(f, "/nonexistent-dir/x" + std::string(FileExtension(f)), "x");
    EXPECT_EQ(w.status().reason(), "FILE_UNWRITABLE");
  }
}

TEST(WriterTest, StreamingCallbackForm) {
  auto bytes = WriteTableToBytes(Format::kXlsx, "x", [](TableWriter& w) -> Status {
    RETURN_IF_ERROR(w.AddRow({"序号"}));
    for (int i = 0; i < 1000; ++i) RETURN_IF_ERROR(w.AddRow({std::to_string(i)}));
    return OkStatus();
  });
  ASSERT_TRUE(bytes.ok());
  auto r = ReadAll(*bytes, Format::kXlsx);
  ASSERT_EQ(r.rows.size(), 1001u);
  EXPECT_EQ(r.rows[1000][0], "999");
  // An error from the callback is returned as is.
  auto failed = WriteTableToBytes(Format::kCsv, "x",
                                  [](TableWriter&) { return InvalidArgument("X", "失败"); });
  EXPECT_EQ(failed.status().reason(), "X");
}

}  // namespace
}  // namespace suiji::tabular
