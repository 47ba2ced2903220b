// Issue #3 acceptance, on SQLite and PostgreSQL: a 100,000-row target .xlsx with 50 scattered bad
// rows changes nothing and reports exactly those 50 rows with reasons; the fixed file stores every
// row; export → re-import is lossless.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "core/ids.h"
#include "service/platform.h"
#include "support/test_db.h"
#include "tabular/writer.h"

namespace suiji::service {
namespace {

using testing::TestDatabase;

constexpr int kRows = 100'000;
constexpr int kBadRows = 50;

class ImportAcceptanceTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_ = std::filesystem::temp_directory_path() /
            ("suiji_accept_keys_" + std::to_string(::getpid()));
    PlatformOptions o;
    o.key_file = (keys_ / "platform.ed25519").string();
    o.pii_key_file = (keys_ / "pii.key").string();
    o.secrets_key_file = (keys_ / "secrets.key").string();
    auto p = Platform::Create(tdb_->Reopen(), clock_, entropy_, o);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    p_ = std::move(p).value();
    const Principal sys = Principal::System("test");
    ASSERT_TRUE(p_->org()
                    .UpsertRegions(sys, {{"410000", "河南省", "", "province"},
                                         {"410100", "郑州市", "410000", "city"},
                                         {"410105", "金水区", "410100", "county"}})
                    .ok());
    const int64_t dept =
        p_->org()
            .CreateDepartment(sys, {"JS-SCJG", "金水区市场监督管理局", "区市场监管局", "410105"})
            ->id;
    for (int u = 1; u <= 4; ++u)
      ASSERT_TRUE(p_->org()
                      .CreateUnit(sys, {dept, std::nullopt, "S0" + std::to_string(u),
                                        "第" + std::to_string(u) + "市场监管所", "市场监管所", "所",
                                        "410105"})
                      .ok());
    planner_.username = "planner";
    planner_.grants = {{Role::kPlanner, Scope::Department(dept)}};
  }
  void TearDown() override {
    p_.reset();
    tdb_.reset();
    std::error_code ec;
    std::filesystem::remove_all(keys_, ec);
  }

  int64_t TargetCount() { return testing::CountRows(p_->db(), "targets"); }

  FakeClock clock_{*ParseTimestamp("2026-11-20T02:00:00Z")};
  FixedEntropy entropy_{5};
  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<Platform> p_;
  std::filesystem::path keys_;
  Principal planner_;
};

// One data row (cells in the order of the header below).
std::vector<std::string> GoodRow(int n) {
  const std::string num = std::to_string(n);
  const std::string body = "MA" + std::string(6 - num.size(), '0') + num;
  const bool individual = n % 3 == 0;
  return {*MakeUscc(individual ? "92" : "91", "410105", body),
          individual ? "郑州市金水区花园路鑫源餐饮店" + num : "河南恒达建材有限公司" + num,
          individual ? "个体工商户" : "企业",
          "王" + num,
          "郑州市金水区花园路" + std::to_string(n % 300 + 1) + "号",
          "410105",
          "第" + std::to_string(n % 4 + 1) + "市场监管所",
          individual ? "62" : "51",
          std::string(1, "ABCD"[n % 4]),
          "2026-03-01",
          n % 50 == 0 ? "是" : "否",
          individual ? "食品经营许可" : "",
          n % 200 == 0 ? "特种设备专项库(2026-01-01~2026-12-31)" : ""};
}

const std::vector<std::string> kHeader = {
    "统一社会信用代码", "名称",     "对象类型", "法定代表人（负责人）", "住所（经营场所）",
    "行政区划代码",     "属地单位", "行业代码", "信用风险分类",         "风险分类日期",
    "列入经营异常名录", "标签",     "专项库"};

TEST_P(ImportAcceptanceTest, HundredThousandRowsWithFiftyBadOnesThenFixedThenRoundTrip) {
  // Fifty rows spread over the file, each broken in one of ten ways (row numbers as Excel shows
  // them: the header is row 1, data row i is row i + 1).
  std::map<size_t, std::string> expected;  // row -> column
  std::vector<std::vector<std::string>> rows = {kHeader};
  rows.reserve(kRows + 1);
  for (int n = 1; n <= kRows; ++n) rows.push_back(GoodRow(n));
  for (int k = 0; k < kBadRows; ++k) {
    const int i = 1 + (k * 1999 + 17) % kRows;  // distinct, scattered
    auto& r = rows[static_cast<size_t>(i)];
    const size_t row = static_cast<size_t>(i) + 1;
    switch (k % 10) {
      case 0:
        r[0].back() = r[0].back() == '0' ? '1' : '0', expected[row] = "统一社会信用代码";
        break;
      case 1: r[7] = "99", expected[row] = "行业代码"; break;
      case 2: r[2] = "公司", expected[row] = "对象类型"; break;
      case 3: r[5] = "999999", expected[row] = "行政区划代码"; break;
      case 4: r[6] = "不存在的所", expected[row] = "属地单位"; break;
      case 5: r[9] = "2026-02-30", expected[row] = "风险分类日期"; break;
      case 6: r[10] = "可能", expected[row] = "列入经营异常名录"; break;
      case 7: r[8] = "E", expected[row] = "信用风险分类"; break;
      case 8: r[1] = "", expected[row] = "名称"; break;
      case 9: r[12] = "特种设备专项库(2026-13-01~)", expected[row] = "专项库"; break;
    }
  }
  ASSERT_EQ(expected.size(), static_cast<size_t>(kBadRows));
  auto bad_file = tabular::WriteTableToBytes(tabular::Format::kXlsx, "检查对象", rows);
  ASSERT_TRUE(bad_file.ok()) << bad_file.status().ToString();
  RegisterTransfer& transfer = p_->registers().transfer();
  ImportOptions o;
  o.format = tabular::Format::kXlsx;
  o.file_name = "targets-100k.xlsx";

  auto refused = transfer.Import(planner_, RegisterKind::kTargets, *bad_file, o);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_FALSE(refused->applied);
  EXPECT_EQ(refused->report.rows(), static_cast<size_t>(kRows));
  EXPECT_EQ(refused->report.rows_with_errors(), static_cast<size_t>(kBadRows));
  std::map<size_t, std::string> reported;
  for (const auto& e : refused->report.errors()) {
    EXPECT_FALSE(e.reason.empty()) << e.row;
    reported.emplace(e.row, e.column);
  }
  EXPECT_EQ(reported, expected);
  EXPECT_EQ(TargetCount(), 0);

  // The fixed file stores every row.
  rows.resize(1);
  for (int n = 1; n <= kRows; ++n) rows.push_back(GoodRow(n));
  auto good_file = tabular::WriteTableToBytes(tabular::Format::kXlsx, "检查对象", rows);
  ASSERT_TRUE(good_file.ok());
  auto stored = transfer.Import(planner_, RegisterKind::kTargets, *good_file, o);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_TRUE(stored->applied) << stored->report.ToText();
  EXPECT_EQ(stored->created, kRows);
  EXPECT_EQ(TargetCount(), kRows);
  auto sample = p_->registers().targets().GetByKey(planner_, GoodRow(4242)[0]);
  ASSERT_TRUE(sample.ok());
  EXPECT_EQ(sample->target.name, GoodRow(4242)[1]);
  EXPECT_EQ(sample->target.risk_class, "C");

  // Export → re-import changes nothing, and exporting again gives the same bytes.
  auto exported =
      transfer.ExportToBytes(planner_, RegisterKind::kTargets, tabular::Format::kXlsx, {});
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  auto csv_before =
      transfer.ExportToBytes(planner_, RegisterKind::kTargets, tabular::Format::kCsv, {});
  auto again = transfer.Import(planner_, RegisterKind::kTargets, *exported, o);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE(again->applied) << again->report.ToText();
  EXPECT_EQ(again->unchanged, kRows);
  EXPECT_EQ(again->created + again->updated, 0);
  auto csv_after =
      transfer.ExportToBytes(planner_, RegisterKind::kTargets, tabular::Format::kCsv, {});
  EXPECT_TRUE(*csv_before == *csv_after);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ImportAcceptanceTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return testing::DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::service
