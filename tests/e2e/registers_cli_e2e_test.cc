// `suiji import` and `suiji export` with the real binary on the demo district.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/process.h"

namespace suiji::testing {
namespace {

namespace fs = std::filesystem;

class RegistersCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("suiji_reg_cli_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    db_ = "sqlite://" + (dir_ / "demo.db").string();
    auto demo = RunCommand({SuijiBinary(), "demo", "--db", db_}, "", std::chrono::seconds(120));
    // Not ASSERT: a failure in SetUpTestSuite only marks the tests skipped. Every test fails
    // instead.
    if (demo.exit_code != 0) setup_error_ = "suiji demo failed: " + demo.err;
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static std::string File(const std::string& name) { return (dir_ / name).string(); }
  static CommandResult Suiji(std::vector<std::string> args) {
    args.insert(args.begin(), SuijiBinary());
    args.push_back("--db");
    args.push_back(db_);
    return RunCommand(args, "", std::chrono::seconds(120));
  }

  static inline fs::path dir_;
  static inline std::string db_;
  static inline std::string setup_error_;
};

TEST_F(RegistersCliTest, ExportThenImportChangesNothing) {
  auto out = Suiji({"export", "targets", "--format", "csv", "--out", File("targets.csv")});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("已导出检查对象名录库"), std::string::npos);
  auto dry = Suiji({"import", "targets", File("targets.csv"), "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err << dry.out;
  EXPECT_NE(dry.out.find("试导入（未做任何修改）"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("将新增 0，将更新 0，未变 20412"), std::string::npos) << dry.out;

  for (const char* reg : {"items", "inspectors", "experts", "conflicts"}) {
    const std::string file = File(std::string(reg) + ".xlsx");
    auto e = Suiji({"export", reg, "--format", "xlsx", "--out", file});
    ASSERT_EQ(e.exit_code, 0) << reg << e.err;
    auto i = Suiji({"import", reg, file});
    ASSERT_EQ(i.exit_code, 0) << reg << i.err << i.out;
    EXPECT_NE(i.out.find("新增 0，更新 0"), std::string::npos) << reg << i.out;
  }
}

TEST_F(RegistersCliTest, BadRowsAreAllListedAndNothingChanges) {
  {
    std::ofstream f(File("bad.csv"));
    f << "统一社会信用代码,名称,对象类型,行政区划代码,属地单位,行业代码\n"
         "91410105MA0000001A,甲公司,企业,410105,花园路市场监管所,51\n"
         "91350100M000100Y43,乙公司,公司,410105,花园路市场监管所,51\n"
         "91350100M000100Y43,丙公司,企业,410105,不存在的所,ZZ\n";
  }
  auto r = Suiji({"import", "targets", File("bad.csv")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("导入失败，未做任何修改"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("第 2 行，列“统一社会信用代码”"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("第 3 行，列“对象类型”"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("第 4 行，列“属地单位”"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("第 4 行，列“行业代码”"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("与第 3 行的代码重复"), std::string::npos) << r.out;
  // With the override the bad check digit is kept (and recorded); the rest must still be fixed.
  {
    std::ofstream f(File("override.csv"));
    f << "统一社会信用代码,名称,对象类型,行政区划代码,属地单位,行业代码\n"
         "91410105MA0000001A,甲公司,企业,410105,花园路市场监管所,51\n";
  }
  auto kept = Suiji({"import", "targets", File("override.csv"), "--allow-invalid-codes"});
  EXPECT_EQ(kept.exit_code, 0) << kept.out << kept.err;
  EXPECT_NE(kept.out.find("新增 1"), std::string::npos) << kept.out;
  EXPECT_NE(kept.out.find("1 个代码未通过校验但按要求保留"), std::string::npos) << kept.out;
}

TEST_F(RegistersCliTest, TemplatesAndUsageErrors) {
  auto t =
      Suiji({"export", "inspectors", "--template", "--format", "csv", "--out", File("tpl.csv")});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  std::ifstream in(File("tpl.csv"));
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find("*执法证号"), std::string::npos);
  auto unknown = Suiji({"import", "vehicles", File("tpl.csv")});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("REGISTER_UNKNOWN"), std::string::npos) << unknown.err;
  auto missing = Suiji({"import", "targets", File("nope.csv")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("文件不存在"), std::string::npos) << missing.err;
  auto xls = Suiji({"import", "targets", File("old.xls")});
  EXPECT_EQ(xls.exit_code, 2);
}

}  // namespace
}  // namespace suiji::testing
