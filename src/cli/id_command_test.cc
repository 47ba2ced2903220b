#include "cli/id_command.h"

#include <gtest/gtest.h>

#include "cli/run_for_test.h"

namespace suiji::cli {
namespace {

CommandOutput IdCmd(const std::vector<std::string>& args) {
  return RunCommand(AddIdCommands, args);
}

TEST(IdCommandTest, OneLinePerCodeAndExitOneIfAnyIsInvalid) {
  const CommandOutput r =
      IdCmd({"id", "check", "--kind", "uscc", "91350100M000100Y43", "91350100M000100Y4Y", "9135"});
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_EQ(r.out,
            "91350100M000100Y43 valid\n"
            "91350100M000100Y4Y invalid: 第18位校验位应为“3”，实际为“Y”\n"
            "9135 invalid: 统一社会信用代码长度应为18位，实际为4位\n");
  EXPECT_EQ(r.err, "");
}

TEST(IdCommandTest, ExitZeroIfAllAreValid) {
  const CommandOutput r = IdCmd({"id", "check", "--kind", "uscc", "914403001922038216",
                                 "91440300708461136T", "9144030010001686XA"});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out,
            "914403001922038216 valid\n91440300708461136T valid\n9144030010001686XA valid\n");
}

TEST(IdCommandTest, RegistrationNumbersAndCitizenIds) {
  EXPECT_EQ(IdCmd({"id", "check", "--kind", "regno", "110108012660422"}).out,
            "110108012660422 valid\n");
  CommandOutput r = IdCmd({"id", "check", "--kind", "citizen", "--today", "2026-11-21",
                           "11010519491231002X", "11010519491231002x"});
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_EQ(r.out,
            "11010519491231002X valid\n"
            "11010519491231002x invalid: 第18位为小写字母“x”，应为大写“X”\n");
  // Born 2026-11-22: in the future on the 21st, fine on the 22nd.
  const std::string id = "11010520261122001X";
  EXPECT_EQ(IdCmd({"id", "check", "--kind", "citizen", "--today", "2026-11-21", id}).out,
            id + " invalid: 出生日期无效：2026-11-22晚于今天（2026-11-21）\n");
  EXPECT_EQ(IdCmd({"id", "check", "--kind", "citizen", "--today", "2026-11-22", id}).exit_code,
            kExitOk);
}

TEST(IdCommandTest, NormalizeFoldsCaseAndSpaceAndPrintsTheNormalisedCode) {
  const CommandOutput r =
      IdCmd({"id", "check", "--kind", "uscc", "--normalize", " 91350100m000100y43 "});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out, "91350100M000100Y43 valid\n");
}

TEST(IdCommandTest, BadFlagsAreUsageErrors) {
  CommandOutput r = IdCmd({"id", "check", "--kind", "passport", "E12345678"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "错误：--kind 应为 uscc、regno 或 citizen，实际为“passport”（ID_KIND_INVALID）\n");
  r = IdCmd({"id", "check", "--kind", "citizen", "--today", "2026-02-30", "11010519491231002X"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.err,
            "错误：--today 日期“2026-02-30”无效，应为YYYY-MM-DD格式的真实日期（DATE_INVALID）\n");
  EXPECT_NE(IdCmd({"id", "check", "91350100M000100Y43"}).exit_code, kExitOk);  // --kind is required
  EXPECT_NE(IdCmd({"id", "check", "--kind", "uscc"}).exit_code, kExitOk);      // so is a code
}

}  // namespace
}  // namespace suiji::cli
