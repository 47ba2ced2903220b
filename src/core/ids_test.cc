#include "core/ids.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace suiji {
namespace {

constexpr char kUsccExample[] = "91350100M000100Y43";     // GB 32100-2015 worked example
constexpr char kCitizenExample[] = "11010519491231002X";  // GB 11643-1999 worked example
const Date kToday{2026, 11, 21};

// Published codes of well-known organisations (business licences, annual reports, EV
// certificates, GLEIF records), each found in public sources and checked here.
const char* const kRealUsccs[] = {
    "914403001922038216",  // 华为技术有限公司
    "91440300708461136T",  // 深圳市腾讯计算机系统有限公司
    "9144030071526726XG",  // 腾讯科技（深圳）有限公司
    "91330100799655058B",  // 阿里巴巴（中国）有限公司
    "91110108551385082Q",  // 小米科技有限责任公司
    "91110000802100433B",  // 北京百度网讯科技有限公司
    "91100000100003962T",  // 中国工商银行股份有限公司 (national registration, region 100000)
    "911100001000044477",  // 中国建设银行股份有限公司
    "911000001000013428",  // 中国银行股份有限公司
    "911100001000054748",  // 中国农业银行股份有限公司
    "9131000010000595XD",  // 交通银行股份有限公司
    "9144030010001686XA",  // 招商银行股份有限公司
    "9131000013221158XC",  // 上海浦东发展银行股份有限公司
    "91440300100012316L",  // 中国平安保险（集团）股份有限公司
    "91440300192317458F",  // 比亚迪股份有限公司
    "9144030027939873X7",  // 中兴通讯股份有限公司
    "91440400192548256N",  // 珠海格力电器股份有限公司
    "91440606722473344C",  // 美的集团股份有限公司
    "91440300192181490G",  // 万科企业股份有限公司
    "91350900587527783P",  // 宁德时代新能源科技股份有限公司
    "91370200264574251E",  // 海尔智家股份有限公司
    "91110000710925462X",  // 中国石油天然气股份有限公司
    "91520000214434146R",  // 中航重机股份有限公司
    "91340111MA2RAD3M4R",  // 蔚来控股有限公司 (post-2015 "MA" organisation code)
    "12100000425006117P",  // 复旦大学 (事业单位)
    "12100000470095016Q",  // 浙江大学 (事业单位)
};

// Published 15-digit 注册号 of the same kind of sources.
const char* const kRealRegistrationNumbers[] = {
    "110108012660422",  // 小米科技有限责任公司
    "110108000673293",  // 北京百度网讯科技有限公司
    "440301103448669",  // 深圳市腾讯计算机系统有限公司
    "520000000005018",  // 中航重机股份有限公司
};

std::string Reason(const Status& s) { return std::string(s.reason()); }
std::string Message(const Status& s) { return std::string(s.message()); }

// --- 统一社会信用代码 -------------------------------------------------------------------

TEST(UsccTest, StandardExampleIsValid) {
  EXPECT_TRUE(CheckUscc(kUsccExample).ok()) << CheckUscc(kUsccExample).ToString();
}

TEST(UsccTest, RealPublishedCodesAreValid) {
  ASSERT_GE(std::size(kRealUsccs), 20u);
  for (const char* code : kRealUsccs) {
    const Status s = CheckUscc(code);
    EXPECT_TRUE(s.ok()) << code << ": " << s.ToString();
    EXPECT_EQ(*UsccCheckChar(std::string_view(code, 17)), code[17]) << code;
  }
}

TEST(UsccTest, EverySingleCharacterChangeIsInvalid) {
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ-a ";
  const std::string good = kUsccExample;
  int tried = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    for (char c : alphabet) {
      if (c == good[i]) continue;
      std::string bad = good;
      bad[i] = c;
      EXPECT_FALSE(CheckUscc(bad).ok()) << bad;
      ++tried;
    }
  }
  EXPECT_EQ(tried, 18 * 38);  // every position, every other symbol
}

TEST(UsccTest, EveryRealCodeWithOneCharacterChangedIsInvalid) {
  for (const char* real : kRealUsccs) {
    const std::string good = real;
    for (size_t i = 0; i < good.size(); ++i) {
      for (char c : std::string_view("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
        if (c == good[i]) continue;
        std::string bad = good;
        bad[i] = c;
        EXPECT_FALSE(CheckUscc(bad).ok()) << bad;
      }
    }
  }
}

TEST(UsccTest, ReportsLength) {
  const Status s = CheckUscc("91350100M000100Y4");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Reason(s), id_reason::kUsccLength);
  EXPECT_EQ(Message(s), "统一社会信用代码长度应为18位，实际为17位");
  EXPECT_EQ(Reason(CheckUscc("")), id_reason::kUsccLength);
}

TEST(UsccTest, CountsCharactersNotBytes) {
  const Status s = CheckUscc("91350100M000100Y4中");
  EXPECT_EQ(Reason(s), id_reason::kUsccIllegalChar);
  EXPECT_EQ(Message(s), "第18位含非法字符“中”");
}

TEST(UsccTest, ReportsIllegalCharacterWithPosition) {
  const Status s = CheckUscc("91I50100M000100Y43");
  EXPECT_EQ(Reason(s), id_reason::kUsccIllegalChar);
  EXPECT_EQ(Message(s), "第3位含非法字符“I”（统一社会信用代码不使用字母I、O、S、V、Z）");
  EXPECT_EQ(Message(CheckUscc("91350100M000100Y-3")), "第17位含非法字符“-”");
  EXPECT_EQ(Message(CheckUscc("91350100M000100 43")), "第16位含非法字符空格");
  EXPECT_EQ(Message(CheckUscc(std::string("91350100M000100Y4") + '\x01')),
            "第18位含非法字符“\\x01”");
}

TEST(UsccTest, RejectsLowerCaseAndNamesTheFix) {
  const Status s = CheckUscc("91350100m000100y43");
  EXPECT_EQ(Reason(s), id_reason::kUsccLowercase);
  EXPECT_EQ(Message(s), "第9位为小写字母“m”，应为大写“M”");
  EXPECT_TRUE(CheckUscc(NormalizeIdInput("91350100m000100y43")).ok());
}

TEST(UsccTest, ChecksDepartmentAndCategoryAgainstTheTable) {
  Status s = CheckUscc("B1350100M000100Y43");
  EXPECT_EQ(Reason(s), id_reason::kUsccDepartment);
  EXPECT_EQ(Message(s), "第1位登记管理部门代码“B”无效，应为1—9、A、N、Y之一");
  s = CheckUscc("94350100M000100Y43");
  EXPECT_EQ(Reason(s), id_reason::kUsccCategory);
  EXPECT_EQ(Message(s), "第2位机构类别代码“4”不属于登记管理部门“9”（工商），应为1、2、3之一");
  EXPECT_EQ(Reason(CheckUscc("Y2350100M000100Y43")), id_reason::kUsccCategory);
  EXPECT_EQ(Reason(CheckUscc("9A350100M000100Y43")), id_reason::kUsccCategory);
}

TEST(UsccTest, ChecksRegionPart) {
  Status s = CheckUscc("91990100M000100Y43");
  EXPECT_EQ(Reason(s), id_reason::kUsccRegion);
  EXPECT_EQ(Message(s), "第3—8位登记管理机关行政区划码“990100”无效：“99”不是省级行政区划代码");
  s = CheckUscc("9135A100M000100Y43");
  EXPECT_EQ(Reason(s), id_reason::kUsccRegion);
  EXPECT_EQ(Message(s), "第3—8位登记管理机关行政区划码“35A100”应为6位数字");
  // 100000 (national registration) is valid; other 10xxxx codes are not.
  EXPECT_TRUE(CheckUscc(*MakeUscc("91", "100000", "M000100Y")).ok());
  EXPECT_EQ(Reason(CheckUscc("91100100M000100Y43")), id_reason::kUsccRegion);
}

TEST(UsccTest, ReportsOrganisationCodeCheckBeforeOverallCheck) {
  const Status s = CheckUscc("91350100M000100Y53");
  EXPECT_EQ(Reason(s), id_reason::kUsccOrgCode);
  EXPECT_EQ(Message(s), "组织机构代码校验位错误：第17位应为“4”，实际为“5”");
}

TEST(UsccTest, ReportsExpectedCheckCharacter) {
  const Status s = CheckUscc("91350100M000100Y4Y");
  EXPECT_EQ(Reason(s), id_reason::kUsccCheck);
  EXPECT_EQ(Message(s), "第18位校验位应为“3”，实际为“Y”");
}

TEST(UsccTest, CheckCharOfStandardExample) {
  EXPECT_EQ(*UsccCheckChar("91350100M000100Y4"), '3');
  EXPECT_FALSE(UsccCheckChar("91350100M000100Y").ok());
  EXPECT_FALSE(UsccCheckChar("91350100M000100I4").ok());
}

TEST(UsccTest, MakeUsccRebuildsTheExampleAndOnlyMakesValidCodes) {
  EXPECT_EQ(*MakeUscc("91", "350100", "M000100Y"), kUsccExample);
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const char* const pairs[] = {"11", "12", "51", "52", "91", "92", "93", "A1", "N2", "Y1"};
  for (int i = 0; i < 500; ++i) {
    std::string body;
    for (int k = 0; k < 8; ++k) body += alphabet[(i * 7 + k * 13 + i * k) % alphabet.size()];
    const StatusOr<std::string> code = MakeUscc(pairs[i % 10], "440305", body);
    ASSERT_TRUE(code.ok()) << body;
    EXPECT_TRUE(CheckUscc(*code).ok()) << *code;
  }
  EXPECT_FALSE(MakeUscc("94", "350100", "M000100Y").ok());
  EXPECT_FALSE(MakeUscc("91", "990100", "M000100Y").ok());
  EXPECT_FALSE(MakeUscc("91", "350100", "M000100I").ok());
  EXPECT_FALSE(MakeUscc("91", "350100", "M000100").ok());
}

TEST(UsccTest, CategoryTableNamesTheTargetType) {
  EXPECT_EQ(UsccCategoryOf("91350100M000100Y43")->category_name, "企业");
  EXPECT_EQ(UsccCategoryOf("92")->category_name, "个体工商户");
  EXPECT_EQ(UsccCategoryOf("93")->category_name, "农民专业合作社");
  EXPECT_EQ(UsccCategoryOf("12")->department_name, "机构编制");
  EXPECT_FALSE(UsccCategoryOf("94"));
  EXPECT_EQ(UsccCategories().size(), 36u);
}

// --- 组织机构代码 ------------------------------------------------------------------------

TEST(OrganizationCodeTest, ChecksGb11714) {
  EXPECT_TRUE(CheckOrganizationCode("M000100Y4").ok());
  EXPECT_TRUE(CheckOrganizationCode("M000100Y-4").ok());
  EXPECT_TRUE(CheckOrganizationCode("71526726X").ok());  // check value 10 is written X
  EXPECT_EQ(Reason(CheckOrganizationCode("M000100Y5")), id_reason::kOrgCodeCheck);
  EXPECT_EQ(Message(CheckOrganizationCode("M000100Y5")),
            "组织机构代码校验位错误：第9位应为“4”，实际为“5”");
  EXPECT_EQ(Reason(CheckOrganizationCode("M000100Y")), id_reason::kOrgCodeLength);
  EXPECT_EQ(Reason(CheckOrganizationCode("M00010-Y4")), id_reason::kOrgCodeIllegalChar);
  EXPECT_EQ(*OrganizationCodeCheckChar("M000100Y"), '4');
  EXPECT_FALSE(OrganizationCodeCheckChar("m000100Y").ok());
}

// --- 注册号 -----------------------------------------------------------------------------

TEST(RegistrationNumberTest, RealPublishedNumbersAreValid) {
  for (const char* code : kRealRegistrationNumbers) {
    EXPECT_TRUE(CheckRegistrationNumber(code).ok()) << code;
    EXPECT_EQ(*RegistrationNumberCheckDigit(std::string_view(code, 14)), code[14]);
  }
}

TEST(RegistrationNumberTest, EverySingleDigitChangeIsInvalid) {
  for (const char* real : kRealRegistrationNumbers) {
    const std::string good = real;
    for (size_t i = 0; i < good.size(); ++i) {
      for (char c = '0'; c <= '9'; ++c) {
        if (c == good[i]) continue;
        std::string bad = good;
        bad[i] = c;
        EXPECT_FALSE(CheckRegistrationNumber(bad).ok()) << bad;
      }
    }
  }
}

TEST(RegistrationNumberTest, ReportsReasons) {
  EXPECT_EQ(Message(CheckRegistrationNumber("11010801266042")), "注册号长度应为15位，实际为14位");
  EXPECT_EQ(Message(CheckRegistrationNumber("11010801266042A")),
            "第15位含非法字符“A”（注册号只含数字）");
  EXPECT_EQ(Reason(CheckRegistrationNumber("990108012660422")), id_reason::kRegNoRegion);
  const Status s = CheckRegistrationNumber("110108012660423");
  EXPECT_EQ(Reason(s), id_reason::kRegNoCheck);
  EXPECT_EQ(Message(s), "第15位校验位应为“2”，实际为“3”");
}

// --- 公民身份号码 -------------------------------------------------------------------------

TEST(CitizenIdTest, StandardExampleIsValid) {
  EXPECT_TRUE(CheckCitizenId(kCitizenExample, kToday).ok());
  EXPECT_EQ(*CitizenIdCheckChar("11010519491231002"), 'X');
}

TEST(CitizenIdTest, EverySingleCharacterChangeIsInvalid) {
  const std::string good = kCitizenExample;
  for (size_t i = 0; i < good.size(); ++i) {
    for (char c : std::string_view("0123456789Xx")) {
      if (c == good[i]) continue;
      std::string bad = good;
      bad[i] = c;
      EXPECT_FALSE(CheckCitizenId(bad, kToday).ok()) << bad;
    }
  }
}

TEST(CitizenIdTest, ReportsReasons) {
  EXPECT_EQ(Message(CheckCitizenId("11010519491231002", kToday)),
            "公民身份号码长度应为18位，实际为17位");
  EXPECT_EQ(Reason(CheckCitizenId("110105491231002", kToday)), id_reason::kCitizenIdLegacy);
  EXPECT_EQ(Message(CheckCitizenId("11010519491231002x", kToday)),
            "第18位为小写字母“x”，应为大写“X”");
  EXPECT_EQ(Message(CheckCitizenId("1101051949123100AX", kToday)), "第17位含非法字符“A”");
  EXPECT_EQ(Reason(CheckCitizenId("X10105194912310021", kToday)), id_reason::kCitizenIdIllegalChar);
  EXPECT_EQ(Message(CheckCitizenId("99010519491231002X", kToday)),
            "第1—6位地址码“990105”无效：“99”不是省级行政区划代码");
  const Status s = CheckCitizenId("110105194912310021", kToday);
  EXPECT_EQ(Reason(s), id_reason::kCitizenIdCheck);
  EXPECT_EQ(Message(s), "第18位校验位应为“X”，实际为“1”");
}

TEST(CitizenIdTest, BirthDateMustBeReal) {
  // Correct check characters, so only the date can be at fault.
  for (const char* body : {"11010519490229002", "11010519491301002", "11010519491200002",
                           "11010520230431002", "11010500000101002"}) {
    const std::string code = std::string(body) + *CitizenIdCheckChar(body);
    const Status s = CheckCitizenId(code, kToday);
    EXPECT_EQ(Reason(s), id_reason::kCitizenIdBirthDate) << code;
    EXPECT_EQ(Message(s), "出生日期无效：第7—14位“" + std::string(body + 6, 8) + "”不是真实日期");
  }
  EXPECT_TRUE(CheckCitizenId(*MakeCitizenId("110105", Date{2000, 2, 29}, 7), kToday).ok());
}

TEST(CitizenIdTest, BirthDateMustNotBeInTheFuture) {
  const std::string tomorrow = *MakeCitizenId("110105", Date{2026, 11, 22}, 1);
  const Status s = CheckCitizenId(tomorrow, kToday);
  EXPECT_EQ(Reason(s), id_reason::kCitizenIdBirthInFuture);
  EXPECT_EQ(Message(s), "出生日期无效：2026-11-22晚于今天（2026-11-21）");
  EXPECT_TRUE(CheckCitizenId(tomorrow, Date{2026, 11, 22}).ok());  // born today
}

TEST(CitizenIdTest, AcceptsResidencePermitsOfHongKongMacaoTaiwanResidents) {
  for (const char* region : {"810000", "820000", "830000"}) {
    EXPECT_TRUE(CheckCitizenId(*MakeCitizenId(region, Date{1990, 5, 17}, 123), kToday).ok());
  }
}

TEST(CitizenIdTest, MakeCitizenIdBuildsTheExample) {
  EXPECT_EQ(*MakeCitizenId("110105", Date{1949, 12, 31}, 2), kCitizenExample);
  EXPECT_FALSE(MakeCitizenId("11010", Date{1949, 12, 31}, 2).ok());
  EXPECT_FALSE(MakeCitizenId("110105", Date{1949, 12, 31}, 1000).ok());
  EXPECT_FALSE(CitizenIdCheckChar("1101051949123100A").ok());
}

TEST(CitizenIdTest, Masking) {
  EXPECT_EQ(MaskCitizenId(kCitizenExample), "110105********002X");
  EXPECT_EQ(MaskCitizenId("110105491231002"), "110105*****1002");
  EXPECT_EQ(MaskCitizenId("1234567890"), "**********");
  EXPECT_EQ(MaskCitizenId(""), "");
}

// --- shared ------------------------------------------------------------------------------

TEST(IdInputTest, NormalizeTrimsUpperCasesAndFoldsFullWidth) {
  EXPECT_EQ(NormalizeIdInput("  91350100m000100y43\t\n"), kUsccExample);
  EXPECT_EQ(NormalizeIdInput("\xE3\x80\x80１１０１０５１９４９１２３１００２ｘ"), kCitizenExample);
  EXPECT_EQ(NormalizeIdInput("9135 0100"), "9135 0100");  // inner spaces stay: the check names them
  EXPECT_EQ(NormalizeIdInput("   "), "");
  EXPECT_EQ(NormalizeIdInput("中文"), "中文");
}

TEST(IdInputTest, KindsAndDispatch) {
  EXPECT_EQ(ParseIdKind("uscc"), IdKind::kUscc);
  EXPECT_EQ(ParseIdKind("regno"), IdKind::kRegistrationNumber);
  EXPECT_EQ(ParseIdKind("citizen"), IdKind::kCitizenId);
  EXPECT_FALSE(ParseIdKind("USCC"));
  EXPECT_TRUE(CheckId(IdKind::kUscc, kUsccExample, kToday).ok());
  EXPECT_TRUE(CheckId(IdKind::kRegistrationNumber, "110108012660422", kToday).ok());
  EXPECT_TRUE(CheckId(IdKind::kCitizenId, kCitizenExample, kToday).ok());
  EXPECT_FALSE(CheckId(IdKind::kCitizenId, kUsccExample, kToday).ok());
  EXPECT_EQ(IdKindName(IdKind::kCitizenId), "公民身份号码");
}

}  // namespace
}  // namespace suiji
