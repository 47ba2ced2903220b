#include "tabular/columns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tabular/reader.h"
#include "tabular/test_zip.h"

namespace suiji::tabular {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<ColumnSpec> TargetSpecs() {
  return {
      {"uscc", "统一社会信用代码", true, {"社会信用代码", "信用代码"}, "91350100M000100Y43"},
      {"name", "企业名称", true, {"名称", "市场主体名称"}, "福州市某某有限公司"},
      {"address", "住所（经营场所）", false, {"住所", "地址"}, "福州市鼓楼区"},
      {"risk", "信用风险等级", false, {}, ""},
  };
}

TEST(HeaderMapTest, MapsHeadersAliasesAndTolerantSpellings) {
  const std::vector<std::string_view> header = {"企业 名称", "备注", "＊社会信用代码（必填）",
                                                "住所(经营\n场所)"};
  auto m = HeaderMap::Build(TargetSpecs(), header);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const std::vector<std::string_view> row = {"甲公司", "x", "91350100M000100Y43", "鼓楼"};
  EXPECT_EQ(m->Get(row, "uscc"), "91350100M000100Y43");
  EXPECT_EQ(m->Get(row, "name"), "甲公司");
  EXPECT_EQ(m->Get(row, "address"), "鼓楼");
  EXPECT_EQ(m->Get(row, "risk"), "");
  EXPECT_EQ(m->Get(row, "nonexistent"), "");
  EXPECT_EQ(m->Get(row, size_t{0}), "91350100M000100Y43");
  EXPECT_EQ(m->Get({"short"}, "uscc"), "");  // short row
  EXPECT_TRUE(m->Has("address"));
  EXPECT_FALSE(m->Has("risk"));
  EXPECT_EQ(m->ColumnOf("uscc"), 2u);
  EXPECT_EQ(m->HeaderOf("uscc"), "统一社会信用代码");
  EXPECT_THAT(m->unknown_headers(), ElementsAre("备注"));
}

TEST(HeaderMapTest, CaseInsensitiveAscii) {
  std::vector<ColumnSpec> specs = {{"id", "ID", true, {}, ""}};
  EXPECT_TRUE(HeaderMap::Build(specs, {"id"}).ok());
  EXPECT_TRUE(HeaderMap::Build(specs, {"ｉｄ"}).ok());
}

TEST(HeaderMapTest, MissingRequiredColumnsAreAllListed) {
  auto m = HeaderMap::Build(TargetSpecs(), {"住所", "其他"});
  EXPECT_EQ(m.status().reason(), "HEADER_MISSING");
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("“统一社会信用代码”、“企业名称”"));
}

TEST(HeaderMapTest, DuplicateColumnsAreAnError) {
  auto m = HeaderMap::Build(TargetSpecs(), {"统一社会信用代码", "企业名称", "名称"});
  EXPECT_EQ(m.status().reason(), "HEADER_DUPLICATE");
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("第 B 列和第 C 列"));
}

TEST(HeaderMapTest, UnknownColumnsCanBeRefused) {
  HeaderOptions strict;
  strict.allow_unknown_columns = false;
  auto m = HeaderMap::Build(TargetSpecs(), {"统一社会信用代码", "企业名称", "", "备注"}, strict);
  EXPECT_EQ(m.status().reason(), "HEADER_UNKNOWN");
  EXPECT_THAT(std::string(m.status().message()), HasSubstr("D 列“备注”"));
  // Empty header cells are never unknown.
  EXPECT_TRUE(HeaderMap::Build(TargetSpecs(), {"统一社会信用代码", "企业名称", ""}, strict).ok());
}

TEST(HeaderMapTest, SpecsSharingAHeaderIsAProgrammingError) {
  std::vector<ColumnSpec> specs = {{"a", "名称", false, {}, ""},
                                   {"b", "企业", false, {"名称"}, ""}};
  EXPECT_EQ(HeaderMap::Build(specs, {"名称"}).status().code(), StatusCode::kInternal);
}

TEST(HeaderMapTest, DetectsTemplateExampleRow) {
  auto m = HeaderMap::Build(TargetSpecs(),
                            {"统一社会信用代码", "企业名称", "住所（经营场所）", "信用风险等级"});
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->IsExampleRow({"91350100M000100Y43", "福州市某某有限公司", " 福州市鼓楼区", ""}));
  EXPECT_FALSE(m->IsExampleRow({"91350100M000100Y43", "另一家公司", "福州市鼓楼区", ""}));
  EXPECT_FALSE(m->IsExampleRow({"91350100M000100Y43", "福州市某某有限公司", "福州市鼓楼区", "A"}));
}

TEST(ColumnsTest, Letters) {
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(26), "AA");
  EXPECT_EQ(ColumnLetters(16383), "XFD");
}

TEST(ColumnsTest, TemplateRoundTripsThroughHeaderMap) {
  for (Format f : {Format::kCsv, Format::kXlsx}) {
    auto bytes = BuildTemplate(f, TargetSpecs(), "抽查对象导入模板");
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    std::vector<std::vector<std::string>> rows;
    ASSERT_TRUE(ReadTable(*bytes, f, {}, [&](size_t, const std::vector<std::string_view>& c) {
                  rows.emplace_back(c.begin(), c.end());
                  return true;
                }).ok());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][0], "*统一社会信用代码");
    EXPECT_EQ(rows[0][2], "住所（经营场所）");
    std::vector<std::string_view> header(rows[0].begin(), rows[0].end());
    auto m = HeaderMap::Build(TargetSpecs(), header);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    std::vector<std::string_view> example(rows[1].begin(), rows[1].end());
    EXPECT_EQ(m->Get(example, "uscc"), "91350100M000100Y43");
    EXPECT_TRUE(m->IsExampleRow(example));
  }
  EXPECT_THAT(HeaderRow(TargetSpecs()),
              ElementsAre("统一社会信用代码", "企业名称", "住所（经营场所）", "信用风险等级"));
}

}  // namespace
}  // namespace suiji::tabular
