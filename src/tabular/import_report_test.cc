#include "tabular/import_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace suiji::tabular {
namespace {

using ::testing::HasSubstr;

TEST(ImportReportTest, EmptyReportIsOk) {
  ImportReport r;
  r.CountRow();
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.ToStatus().ok());
  EXPECT_EQ(r.rows(), 1u);
  EXPECT_TRUE(r.ToTextLines().empty());
}

TEST(ImportReportTest, RendersLinesInChinese) {
  ImportReport r;
  r.AddError(12, "统一社会信用代码", "91350100M000100Y44", "校验位错误");
  r.AddError(12, "企业名称", "", "不能为空");
  r.AddError(15, "", "", "与第 3 行重复");
  r.AddError(0, "", "", "文件中没有数据行");
  EXPECT_THAT(
      r.ToTextLines(),
      ::testing::ElementsAre("第 12 行，列“统一社会信用代码”：校验位错误（值：91350100M000100Y44）",
                             "第 12 行，列“企业名称”：不能为空", "第 15 行：与第 3 行重复",
                             "文件中没有数据行"));
  EXPECT_EQ(r.error_count(), 4u);
  EXPECT_EQ(r.rows_with_errors(), 3u);
  const Status s = r.ToStatus();
  EXPECT_EQ(s.reason(), "IMPORT_ROWS_INVALID");
  EXPECT_THAT(std::string(s.message()), HasSubstr("共 4 处错误"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("第 12 行"));
}

TEST(ImportReportTest, LongValuesAreShortenedAndLineBreaksFlattened) {
  ImportReport r;
  r.AddError(2, "备注", std::string(100, 'x'), "太长");
  r.AddError(3, "备注", "a\nb", "含换行");
  const auto lines = r.ToTextLines();
  EXPECT_THAT(lines[0], HasSubstr(std::string(40, 'x') + "…）"));
  EXPECT_THAT(lines[1], HasSubstr("（值：a b）"));
  // JSON keeps the full value.
  EXPECT_EQ(r.ToJson()["errors"][0]["value"].get<std::string>().size(), 100u);
}

TEST(ImportReportTest, CapsStoredErrorsButKeepsExactCount) {
  ImportReport r(3);
  for (size_t row = 2; row < 12; ++row) {
    r.CountRow();
    r.AddError(row, "代码", "x", "格式错误");
  }
  EXPECT_EQ(r.errors().size(), 3u);
  EXPECT_EQ(r.error_count(), 10u);
  EXPECT_TRUE(r.truncated());
  const auto lines = r.ToTextLines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines.back(), "……另有 7 处错误未列出");
  const nlohmann::json j = r.ToJson();
  EXPECT_EQ(j["error_count"], 10);
  EXPECT_EQ(j["rows"], 10);
  EXPECT_EQ(j["rows_with_errors"], 10);
  EXPECT_EQ(j["truncated"], true);
  EXPECT_EQ(j["errors"].size(), 3u);
  EXPECT_EQ(j["errors"][0]["row"], 2);
  EXPECT_EQ(j["errors"][0]["column"], "代码");
}

}  // namespace
}  // namespace suiji::tabular
