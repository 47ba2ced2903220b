// Random damage to valid files must give an error or rows, never a crash or a hang.
#include <gtest/gtest.h>

#include <random>

#include "tabular/reader.h"
#include "tabular/test_zip.h"
#include "tabular/writer.h"

namespace suiji::tabular {
namespace {

std::string SampleXlsx(bool constant_memory_writer) {
  if (constant_memory_writer) {
    std::vector<std::vector<std::string>> rows = {{"统一社会信用代码", "名称", "日期"}};
    for (int i = 0; i < 50; ++i) {
      rows.push_back(
          {"91350100M000100Y4" + std::to_string(i % 10), "公司" + std::to_string(i), "2026-11-21"});
    }
    return *WriteTableToBytes(Format::kXlsx, "S", rows);
  }
  testing::XlsxParts p;
  p.shared_strings =
      testing::SstXml("<si><t>代码</t></si><si><r><t>名</t></r><r><t>称</t></r></si>");
  p.styles =
      R"(<styleSheet><numFmts><numFmt numFmtId="170" formatCode="yyyy/m/d"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>)";
  std::string rows = R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)";
  for (int i = 2; i < 60; ++i) {
    rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>" +
            std::to_string(i * 7) + "</v></c><c r=\"C" + std::to_string(i) + "\" s=\"1\"><v>4634" +
            std::to_string(i % 10) + "</v></c></row>";
  }
  p.sheets.push_back({"S", testing::SheetXml(rows)});
  return testing::MakeXlsx(p);
}

void Exercise(const std::string& bytes, Format f) {
  size_t cells = 0;
  ReadOptions o;
  o.max_uncompressed_bytes = 64u << 20;
  Status s = ReadTable(bytes, f, o, [&](size_t, const std::vector<std::string_view>& c) {
    for (std::string_view v : c) cells += v.size();
    return true;
  });
  if (!s.ok()) {
    EXPECT_FALSE(s.reason().empty());
    EXPECT_FALSE(s.message().empty());
  }
}

TEST(FuzzTest, TruncatedAndBitFlippedXlsxNeverCrash) {
  std::mt19937 rng(20261121);
  for (bool cm : {true, false}) {
    const std::string good = SampleXlsx(cm);
    ASSERT_FALSE(good.empty());
    for (int i = 0; i < 400; ++i) {
      std::string bad = good;
      const int mode = i % 3;
      if (mode == 0) {
        bad.resize(rng() % bad.size());
      } else {
        const int flips = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < flips; ++k)
          bad[rng() % bad.size()] ^= static_cast<char>(1 << (rng() % 8));
        if (mode == 2) bad.resize(bad.size() - rng() % 64);
      }
      Exercise(bad, Format::kXlsx);
    }
  }
}

TEST(FuzzTest, DamagedXmlInsideAValidZipNeverCrashes) {
  // Bit flips in the XML text itself (the zip CRC would otherwise catch most of them).
  std::mt19937 rng(7);
  const std::string rows =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a&amp;b</t></is></c><c r="B1"><v>1.5</v></c></row><row r="2"><c r="C2" t="s"><v>0</v></c></row>)";
  const std::string sheet = testing::SheetXml(rows);
  const std::string sst = testing::SstXml("<si><t>x</t></si>");
  for (int i = 0; i < 300; ++i) {
    std::string s = sheet;
    for (int k = 0; k < 3; ++k) s[rng() % s.size()] = "<>&\"'/=x0 ;#"[rng() % 12];
    testing::XlsxParts p;
    p.sheets.push_back({"S", s});
    p.shared_strings = sst;
    Exercise(testing::MakeXlsx(p), Format::kXlsx);
  }
}

TEST(FuzzTest, RandomCsvNeverCrashes) {
  std::mt19937 rng(42);
  const std::string alphabet = "a,\"\r\n'=\xE4\xB8\xAD\xC6\xF3\xFF ";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const size_t n = rng() % 200;
    for (size_t k = 0; k < n; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    Exercise(s, Format::kCsv);
  }
}

}  // namespace
}  // namespace suiji::tabular
