#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "tabular/reader.h"
#include "tabular/test_zip.h"

namespace suiji::tabular {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MakeXlsx;
using testing::ReadAll;
using testing::SheetXml;
using testing::SstXml;
using testing::XlsxParts;

using Rows = std::vector<std::vector<std::string>>;

// A styles part whose cellXfs are: 0 General, 1 numFmt 14 (date), 2 custom yyyy"年"m"月"d"日",
// 3 custom yyyy-mm-dd hh:mm:ss, 4 numFmt 20 (h:mm), 5 numFmt 31 (zh-CN 年月日 built-in),
// 6 custom "0.00_);[Red](0.00)" (not a date), 7 numFmt 49 (text).
constexpr const char* kStyles = R"X(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="177" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/><numFmt numFmtId="178" formatCode="0.00_);[Red]\(0.00\)"/></numFmts>
<cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176"/>
<xf numFmtId="177"/><xf numFmtId="20"/><xf numFmtId="31"/><xf numFmtId="178"/><xf numFmtId="49"/></cellXfs>
</styleSheet>)X";

Rows ReadOk(const std::string& bytes, const ReadOptions& o = {}) {
  auto r = ReadAll(bytes, Format::kXlsx, o);
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  return r.rows;
}

TEST(XlsxReaderTest, SharedAndInlineStringsAndNumbers) {
  XlsxParts p;
  p.shared_strings = SstXml(
      "<si><t>统一社会信用代码</t></si><si><t>名称</t></si>"
      "<si><t xml:space=\"preserve\"> 甲 &amp; 乙 </t></si>");
  p.sheets.push_back(
      {"名录",
       SheetXml(
           R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
           R"(<row r="2"><c r="A2" t="inlineStr"><is><t>00123</t></is></c><c r="B2" t="s"><v>2</v></c><c r="C2"><v>42</v></c><c r="D2"><v>-3.5</v></c></row>)")});
  EXPECT_EQ(ReadOk(MakeXlsx(p)),
            (Rows{{"统一社会信用代码", "名称"}, {"00123", " 甲 & 乙 ", "42", "-3.5"}}));
}

TEST(XlsxReaderTest, RichTextRunsAreJoinedAndPhoneticRunsSkipped) {
  XlsxParts p;
  p.shared_strings = SstXml(
      "<si><r><rPr><b/></rPr><t>福州</t></r><r><t>市场</t></r><r><rPr><i/></rPr><t>监管局</t></r></"
      "si>"
      "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"1\"/></si>");
  p.sheets.push_back(
      {"S",
       SheetXml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
                R"(<c r="C1" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c></row>)")});
  EXPECT_EQ(ReadOk(MakeXlsx(p)), (Rows{{"福州市场监管局", "漢字", "内联"}}));
}

TEST(XlsxReaderTest, SparseCellsAndRowsAreFilledAndNumbered) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="D1"><v>4</v></c></row>)"
           R"(<row r="7"><c r="C7"><v>1</v></c></row><row r="9" spans="1:3"><c r="A9" s="0"/></row>)")});
  auto r = ReadAll(MakeXlsx(p), Format::kXlsx);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows, (Rows{{"", "b", "", "4"}, {"", "", "1"}}));
  EXPECT_THAT(r.row_numbers, ElementsAre(1, 7));
}

TEST(XlsxReaderTest, RowsAndCellsWithoutReferencesFollowOnFromThePrevious) {
  XlsxParts p;
  p.sheets.push_back({"S", SheetXml("<row><c><v>1</v></c><c><v>2</v></c></row><row><c "
                                    "r=\"C2\"><v>3</v></c><c><v>4</v></c></row>")});
  auto r = ReadAll(MakeXlsx(p), Format::kXlsx);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows, (Rows{{"1", "2"}, {"", "", "3", "4"}}));
  EXPECT_THAT(r.row_numbers, ElementsAre(1, 2));
}

TEST(XlsxReaderTest, DatesThroughStyles) {
  XlsxParts p;
  p.styles = kStyles;
  // 46347 = 2026-11-21; .5 = 12:00.
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c r="A1" s="1"><v>46347</v></c><c r="B1" s="2"><v>46347</v></c>)"
           R"(<c r="C1" s="3"><v>46347.5</v></c><c r="D1" s="4"><v>0.75</v></c><c r="E1" s="5"><v>46347</v></c>)"
           R"(<c r="F1" s="6"><v>46347</v></c><c r="G1" s="7"><v>46347</v></c><c r="H1" s="1"><v>-1</v></c></row>)"
           R"(<row r="2"><c r="A2" s="1"><v>1</v></c><c r="B2" s="1"><v>59</v></c><c r="C2" s="1"><v>61</v></c><c r="D2" s="3"><v>46347.99999999</v></c></row>)")});
  EXPECT_EQ(ReadOk(MakeXlsx(p)),
            (Rows{{"2026-11-21", "2026-11-21", "2026-11-21 12:00:00", "18:00:00", "2026-11-21",
                   "46347", "46347", "-1"},
                  {"1900-01-01", "1900-02-28", "1900-03-01", "2026-11-22 00:00:00"}}));
}

TEST(XlsxReaderTest, Date1904System) {
  XlsxParts p;
  p.styles = kStyles;
  p.date1904 = true;
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44885</v></c></row>)")});
  EXPECT_EQ(ReadOk(MakeXlsx(p)), (Rows{{"1904-01-01", "2026-11-21"}}));
}

TEST(XlsxReaderTest, NumbersRenderAsExcelShowsThem) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c><v>1.0</v></c><c><v>0.30000000000000004</v></c><c><v>1E-3</v></c>)"
           R"(<c><v>123456789012345</v></c><c><v>-0</v></c><c><v>2.5E+3</v></c><c><v>1.5E-7</v></c><c><v>13800138000</v></c></row>)")});
  EXPECT_EQ(
      ReadOk(MakeXlsx(p)),
      (Rows{{"1", "0.3", "0.001", "123456789012345", "0", "2500", "0.00000015", "13800138000"}}));
}

TEST(XlsxReaderTest, LongNumbersAreReportedAsPrecisionLoss) {
  XlsxParts p;
  // An 18-digit 身份证号 typed into a General cell: Excel keeps 15 significant digits.
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>)"
           R"(<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><v>1.1010519491231E+17</v></c></row>)")});
  const std::string bytes = MakeXlsx(p);
  auto r = ReadAll(bytes, Format::kXlsx);
  EXPECT_EQ(r.status.reason(), "NUMBER_PRECISION_LOST");
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("第 2 行第 B 列"));
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("110105194912310000"));
  ReadOptions lenient;
  lenient.fail_on_precision_loss = false;
  EXPECT_EQ(ReadOk(bytes, lenient), (Rows{{"h"}, {"x", "110105194912310000"}}));
}

TEST(XlsxReaderTest, BooleansErrorsFormulaStringsAndEscapes) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c>)"
           R"(<c t="str"><f>A1&amp;"x"</f><v>TRUEx</v></c><c><f>1+1</f><v>2</v></c>)"
           R"(<c t="inlineStr"><is><t>a_x000D_&#10;b_x005F_x0041_</t></is></c><c t="d"><v>2026-11-21T00:00:00Z</v></c></row>)")});
  EXPECT_EQ(ReadOk(MakeXlsx(p)),
            (Rows{{"TRUE", "FALSE", "#N/A", "TRUEx", "2", "a\r\nb_x0041_", "2026-11-21"}}));
}

TEST(XlsxReaderTest, SixteenDigitLiteralIsPrecisionLossToo) {
  XlsxParts p;
  p.sheets.push_back({"S", SheetXml(R"(<row r="3"><c r="C3"><v>1234567890123456</v></c></row>)")});
  auto r = ReadAll(MakeXlsx(p), Format::kXlsx);
  EXPECT_EQ(r.status.reason(), "NUMBER_PRECISION_LOST");
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("第 3 行第 C 列"));
}

TEST(XlsxReaderTest, LineEndsInStringsFollowXmlRules) {
  XlsxParts p;
  // A literal CRLF in XML text is a line feed; &#13; and _x000D_ are carriage returns.
  p.shared_strings = SstXml("<si><t>x\r\ny</t></si><si><t>a&#13;&#10;b</t></si>");
  p.sheets.push_back(
      {"S", SheetXml(R"(<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>)")});
  EXPECT_EQ(ReadOk(MakeXlsx(p)), (Rows{{"x\ny", "a\r\nb"}}));
}

TEST(XlsxReaderTest, CallbackCanStopEarlyAndInfoCountsRows) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c><v>1</v></c></row><row r="2"><c><v>2</v></c></row><row r="5"><c><v>5</v></c></row>)")});
  const std::string bytes = MakeXlsx(p);
  size_t seen = 0;
  ReadInfo info;
  EXPECT_TRUE(ReadTable(
                  bytes, Format::kXlsx, {}, [&](size_t, const auto&) { return ++seen < 2; }, &info)
                  .ok());
  EXPECT_EQ(seen, 2u);
  auto r = ReadAll(bytes, Format::kXlsx);
  EXPECT_EQ(r.info.rows_reported, 3u);
  EXPECT_EQ(r.info.last_row_number, 5u);
  EXPECT_EQ(r.info.encoding, "XLSX");
}

TEST(XlsxReaderTest, SharedStringsWithoutRelationshipAreFoundByName) {
  XlsxParts p;
  p.sheets.push_back({"S", SheetXml(R"(<row r="1"><c t="s"><v>0</v></c></row>)")});
  std::string bytes = MakeXlsx(p);
  // Add the part without a relationship pointing at it.
  std::vector<std::pair<std::string, std::string>> entries;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  ASSERT_NE(z, nullptr);
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
    std::string c(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, c.data(), c.size());
    zip_fclose(f);
    entries.emplace_back(st.name, c);
  }
  zip_discard(z);
  entries.emplace_back("xl/sharedStrings.xml", SstXml("<si><t>找到了</t></si>"));
  EXPECT_EQ(ReadOk(testing::MakeZip(entries)), (Rows{{"找到了"}}));
}

TEST(XlsxReaderTest, RowsOutsideSheetDataAreIgnored) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       R"(<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData><extLst><row r="1"><c><v>9</v></c></row></extLst></worksheet>)"});
  EXPECT_EQ(ReadOk(MakeXlsx(p)), (Rows{{"1"}}));
}

TEST(XlsxReaderTest, EncryptedZipEntriesAreCorrupt) {
  const std::string path = testing::TempPath("encrypted.xlsx");
  XlsxParts p;
  p.sheets.push_back({"S", SheetXml(R"(<row r="1"><c><v>1</v></c></row>)")});
  const std::string plain = MakeXlsx(p);
  // Re-pack with the worksheet AES-encrypted.
  int err = 0;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(plain.data(), plain.size(), 0, &ze);
  zip_t* in = zip_open_from_source(src, ZIP_RDONLY, &ze);
  ASSERT_NE(in, nullptr);
  zip_t* out = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  std::vector<std::string> contents(static_cast<size_t>(zip_get_num_entries(in, 0)));
  for (zip_int64_t i = 0; i < zip_get_num_entries(in, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(in, static_cast<zip_uint64_t>(i), 0, &st);
    std::string& c = contents[static_cast<size_t>(i)];
    c.resize(st.size);
    zip_file_t* f = zip_fopen_index(in, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, c.data(), c.size());
    zip_fclose(f);
    const zip_int64_t idx =
        zip_file_add(out, st.name, zip_source_buffer(out, c.data(), c.size(), 0), 0);
    if (std::string_view(st.name).find("worksheets") != std::string_view::npos &&
        zip_file_set_encryption(out, static_cast<zip_uint64_t>(idx), ZIP_EM_AES_256, "pw") != 0) {
      zip_discard(out);
      zip_discard(in);
      GTEST_SKIP() << "libzip built without AES";
    }
  }
  ASSERT_EQ(zip_close(out), 0);
  zip_discard(in);
  auto r = ReadAll(testing::ReadFileBytes(path), Format::kXlsx);
  EXPECT_EQ(r.status.reason(), "FILE_CORRUPT");
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("加密"));
}

TEST(XlsxReaderTest, ChoosesSheetByNameOrFirstVisible) {
  XlsxParts p;
  p.sheets.push_back(
      {"字典", SheetXml(R"(<row r="1"><c t="inlineStr"><is><t>hidden</t></is></c></row>)"), true});
  p.sheets.push_back(
      {"Data", SheetXml(R"(<row r="1"><c t="inlineStr"><is><t>data</t></is></c></row>)")});
  p.sheets.push_back(
      {"抽查对象", SheetXml(R"(<row r="1"><c t="inlineStr"><is><t>targets</t></is></c></row>)")});
  const std::string bytes = MakeXlsx(p);
  auto r = ReadAll(bytes, Format::kXlsx);
  EXPECT_EQ(r.rows, (Rows{{"data"}}));
  EXPECT_EQ(r.info.sheet, "Data");
  ReadOptions o;
  o.sheet = "抽查对象";
  EXPECT_EQ(ReadOk(bytes, o), (Rows{{"targets"}}));
  o.sheet = "data";
  EXPECT_EQ(ReadOk(bytes, o), (Rows{{"data"}}));
  o.sheet = "字典";
  EXPECT_EQ(ReadOk(bytes, o), (Rows{{"hidden"}}));
  o.sheet = "没有";
  r = ReadAll(bytes, Format::kXlsx, o);
  EXPECT_EQ(r.status.reason(), "SHEET_NOT_FOUND");
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("字典、Data、抽查对象"));
  auto names = ListSheets(bytes);
  ASSERT_TRUE(names.ok());
  EXPECT_THAT(*names, ElementsAre("字典", "Data", "抽查对象"));
}

TEST(XlsxReaderTest, PrefixedElementsAndCommentsAndCdata) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       R"(<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- generated -->)"
       R"(<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t><![CDATA[<a&b>]]></x:t></x:is></x:c><x:c r='B1'><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>)"});
  EXPECT_EQ(ReadOk(MakeXlsx(p)), (Rows{{"<a&b>", "7"}}));
}

TEST(XlsxReaderTest, BlankRowsAreSkipped) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       SheetXml(
           R"(<row r="1"><c t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c t="inlineStr"><is><t></t></is></c></row>)"
           R"(<row r="3"/><row r="4"><c t="inlineStr"><is><t>x</t></is></c></row><row r="5"><c r="A5" s="1"/></row>)")});
  auto r = ReadAll(MakeXlsx(p), Format::kXlsx);
  EXPECT_EQ(r.rows, (Rows{{"h"}, {"x"}}));
  EXPECT_THAT(r.row_numbers, ElementsAre(1, 4));
}

TEST(XlsxReaderTest, MalformedSheetsAreCorrupt) {
  for (const std::string& rows : {
           std::string(R"(<row r="2"></row><row r="1"></row>)"),  // rows out of order
           std::string(
               R"(<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>)"),  // cells out of
                                                                                     // order
           std::string(R"(<row r="1"><c t="s"><v>0</v></c></row>)"),   // no shared strings
           std::string(R"(<row r="1"><c><v>abc</v></c></row>)"),       // not a number
           std::string(R"(<row r="1"><c t="zz"><v>1</v></c></row>)"),  // unknown type
           std::string(R"(<row r="1"><c><v>1</c></row>)"),             // mismatched tags
           std::string(R"(<row r="1"><c t="inlineStr"><is><t>&bogus;</t></is></c></row>)"),
           std::string(R"(<row r="1"><c r="1A"><v>1</v></c></row>)"),
       }) {
    XlsxParts p;
    p.sheets.push_back({"S", SheetXml(rows)});
    EXPECT_EQ(ReadAll(MakeXlsx(p), Format::kXlsx).status.reason(), "FILE_CORRUPT") << rows;
  }
}

TEST(XlsxReaderTest, DoctypeIsRejected) {
  XlsxParts p;
  p.sheets.push_back(
      {"S",
       R"(<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><worksheet><sheetData></sheetData></worksheet>)"});
  EXPECT_EQ(ReadAll(MakeXlsx(p), Format::kXlsx).status.reason(), "FILE_CORRUPT");
}

TEST(XlsxReaderTest, NotAZipOrOldXlsIsCorrupt) {
  EXPECT_EQ(ReadAll("名称,代码\n", Format::kXlsx).status.reason(), "FILE_CORRUPT");
  EXPECT_EQ(ReadAll("", Format::kXlsx).status.reason(), "FILE_CORRUPT");
  auto r = ReadAll(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") + std::string(600, '\0'),
                   Format::kXlsx);
  EXPECT_EQ(r.status.reason(), "FILE_CORRUPT");
  EXPECT_THAT(std::string(r.status.message()), HasSubstr("密码"));
  EXPECT_EQ(ReadAll(testing::MakeZip({{"hello.txt", "hi"}}), Format::kXlsx).status.reason(),
            "FILE_CORRUPT");
}

TEST(XlsxReaderTest, DecompressedSizeCapStopsZipBombs) {
  // 40 MB of highly compressible rows compress to well under 1 MB.
  std::string rows;
  const std::string row =
      R"(<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>)";
  while (rows.size() < (40u << 20)) rows += row;
  XlsxParts p;
  p.sheets.push_back({"S", SheetXml(rows)});
  const std::string bytes = MakeXlsx(p);
  EXPECT_LT(bytes.size(), 1u << 20);
  ReadOptions o;
  o.max_uncompressed_bytes = 8u << 20;
  o.max_rows = 10'000'000;
  auto r = ReadAll(bytes, Format::kXlsx, o);
  EXPECT_EQ(r.status.reason(), "FILE_TOO_LARGE");
  o.max_uncompressed_bytes = 2ull << 30;
  o.max_rows = 1000;
  size_t seen = 0;
  Status s = ReadTable(bytes, Format::kXlsx, o, [&](size_t, const auto&) { return ++seen, true; });
  EXPECT_EQ(s.reason(), "FILE_TOO_LARGE");
  EXPECT_EQ(seen, 1000u);
}

TEST(XlsxReaderTest, ReadsWorkbookWrittenByLibxlsxwriterWithSharedStrings) {
  // Normal (not constant-memory) mode: shared strings, numbers, a date, a formula.
  const std::string path = testing::TempPath("lxw_shared.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "检查结果");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* zh_date = workbook_add_format(wb);
  format_set_num_format(zh_date, "yyyy\"年\"m\"月\"d\"日\"");
  worksheet_write_string(ws, 0, 0, "企业名称", nullptr);
  worksheet_write_string(ws, 0, 1, "检查日期", nullptr);
  worksheet_write_string(ws, 0, 2, "罚款", nullptr);
  worksheet_write_string(ws, 1, 0, "福州市某某有限公司", nullptr);
  lxw_datetime dt = {2026, 11, 21, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 1, &dt, date);
  worksheet_write_number(ws, 1, 2, 5000, nullptr);
  worksheet_write_string(ws, 2, 0, "福州市某某有限公司", nullptr);
  worksheet_write_datetime(ws, 2, 1, &dt, zh_date);
  worksheet_write_formula_num(ws, 2, 2, "=C2*2", nullptr, 10000);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  Rows rows;
  Status s = ReadTableFile(path, {}, [&](size_t, const std::vector<std::string_view>& c) {
    rows.emplace_back(c.begin(), c.end());
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(rows, (Rows{{"企业名称", "检查日期", "罚款"},
                        {"福州市某某有限公司", "2026-11-21", "5000"},
                        {"福州市某某有限公司", "2026-11-21", "10000"}}));
}

}  // namespace
}  // namespace suiji::tabular
