#include "core/registers/target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/ids.h"
#include "core/registers/rules.h"
#include "core/registers/target_filter.h"

namespace suiji::registers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr Date kToday{2026, 11, 21};

Target Restaurant() {
  Target t;
  t.uscc = "91350100M000100Y43";
  t.name = "郑州市金水区鑫源餐饮店";
  t.type = "个体工商户";
  t.legal_rep = "王芳";
  t.address = "郑州市金水区花园路 86 号";
  t.region_code = "410105002";
  t.unit_id = 7;
  t.industry_code = "62";
  t.risk_class = "B";
  t.risk_as_of = Date{2026, 3, 1};
  t.tags = {"食品经营许可"};
  t.directories = {{"餐饮服务专项库", Date{2026, 1, 1}, Date{2026, 12, 31}}};
  return t;
}

std::vector<std::string> FieldsOf(const Problems& p) {
  std::vector<std::string> out;
  for (const auto& x : p) out.push_back(x.field);
  return out;
}

// The enum names exactly the built-in dictionary's closed set.
TEST(RegistrationStatusTest, NamesTheDictionaryEntries) {
  const Dictionary& d = DictionarySet::Builtin().Get(dict::kRegistrationStatus);
  ASSERT_EQ(d.entries.size(), 5u);
  for (const auto& e : d.entries) {
    auto s = ParseRegistrationStatus(e.value);
    ASSERT_TRUE(s.has_value()) << e.value;
    EXPECT_EQ(RegistrationStatusName(*s), e.value);
  }
  EXPECT_EQ(ParseRegistrationStatus("歇业"), std::nullopt);
  EXPECT_EQ(Target().reg_status, "存续");
}

TEST(TargetTest, NaturalKeyPrefersTheCreditCode) {
  Target t = Restaurant();
  EXPECT_EQ(t.NaturalKey(), "91350100M000100Y43");
  t.uscc.clear();
  t.regno = "410105000012345";
  EXPECT_EQ(t.NaturalKey(), "REG:410105000012345");
  t.regno.clear();
  t.object_code = "XM-2026-001";
  EXPECT_EQ(t.NaturalKey(), "OBJ:XM-2026-001");
  EXPECT_EQ(Restaurant().IndustrySection(), 'H');
}

// WithNaturalKey hands over the same key as NaturalKey(), the stored code itself when it is the
// key (a view of the target's own string, no copy).
TEST(TargetTest, WithNaturalKeyViewsTheSameKey) {
  Target t = Restaurant();
  const auto copy = [](std::string_view key) { return std::string(key); };
  EXPECT_TRUE(t.WithNaturalKey([&](std::string_view key) { return key.data() == t.uscc.data(); }));
  EXPECT_EQ(t.WithNaturalKey(copy), t.NaturalKey());
  t.uscc.clear();
  t.regno = "410105000012345";
  EXPECT_EQ(t.WithNaturalKey(copy), "REG:410105000012345");
  t.regno.clear();
  t.object_code = "XM-2026-001";
  EXPECT_EQ(t.WithNaturalKey(copy), "OBJ:XM-2026-001");
  t.object_code.clear();
  EXPECT_EQ(t.WithNaturalKey(copy), "");
}

TEST(TargetValidationTest, ValidTargetHasNoProblems) {
  EXPECT_THAT(ValidateTarget(Restaurant(), DictionarySet::Builtin(), kToday), IsEmpty());
}

TEST(TargetValidationTest, InvalidCreditCodeNeedsTheOverride) {
  Target t = Restaurant();
  t.uscc = "91350100M000100Y44";
  auto p = ValidateTarget(t, DictionarySet::Builtin(), kToday);
  ASSERT_THAT(FieldsOf(p), ElementsAre("uscc"));
  EXPECT_THAT(p[0].message, HasSubstr("校验"));
  EXPECT_THAT(p[0].message, HasSubstr("保留未通过校验的代码"));
  t.code_override = true;
  EXPECT_THAT(ValidateTarget(t, DictionarySet::Builtin(), kToday), IsEmpty());
}

TEST(TargetValidationTest, EnterprisesNeedARegistrationProductsDoNot) {
  Target t = Restaurant();
  t.uscc.clear();
  t.object_code = "P-001";
  EXPECT_THAT(FieldsOf(ValidateTarget(t, DictionarySet::Builtin(), kToday)), ElementsAre("uscc"));
  t.type = "产品";
  EXPECT_THAT(ValidateTarget(t, DictionarySet::Builtin(), kToday), IsEmpty());
}

TEST(TargetValidationTest, ReportsEveryProblem) {
  Target t;
  t.uscc = "123";
  t.type = "公司";
  t.region_code = "999999";
  t.industry_code = "Z";
  t.reg_status = "正常";
  t.risk_class = "E";
  t.tags = {"A", "A"};
  t.complaints = -1;
  t.in_directory = false;
  EXPECT_THAT(FieldsOf(ValidateTarget(t, DictionarySet::Builtin(), kToday)),
              ElementsAre("uscc", "name", "type", "region_code", "unit_id", "industry_code",
                          "reg_status", "risk_class", "tags", "complaints", "removed_reason"));
}

TEST(TargetTextTest, DirectoriesRoundTrip) {
  auto d = ParseDirectoriesText(
      "食品生产专项库（2026-01-01至2026-12-31）；特种设备专项库;网络交易(~2027-06-30)");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 3u);
  EXPECT_EQ((*d)[0].valid_to, (Date{2026, 12, 31}));
  EXPECT_FALSE((*d)[1].valid_from);
  EXPECT_EQ(DirectoriesText(*d),
            "食品生产专项库(2026-01-01~2026-12-31)；特种设备专项库；网络交易(~2027-06-30)");
  EXPECT_EQ(ParseDirectoriesText("坏(2026-13-01~)").status().reason(), "DIRECTORY_TEXT_INVALID");
  EXPECT_TRUE(ParseDirectoriesText("").ok());
}

TEST(TargetDiffTest, FieldLevelOldAndNew) {
  Target a = Restaurant(), b = Restaurant();
  b.risk_class = "C";
  b.abnormal = true;
  b.unit_id = 8;
  auto d = DiffTargets(a, b, [](int64_t id) { return "所" + std::to_string(id); });
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0], (FieldChange{"risk_class", "信用风险分类", "B", "C"}));
  EXPECT_EQ(d[1], (FieldChange{"abnormal", "列入经营异常名录", "否", "是"}));
  EXPECT_EQ(d[2], (FieldChange{"unit_id", "属地单位", "所7", "所8"}));
}

TEST(TargetJsonTest, RoundTrip) {
  Target t = Restaurant();
  t.code_override = true;
  auto back = TargetFromJson(TargetToJson(t));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, t);
  auto lower = TargetFromJson({{"uscc", " 91350100m000100y43 "}});
  EXPECT_EQ(lower->uscc, "91350100M000100Y43");
}

TEST(TargetFilterTest, StableJsonForm) {
  TargetFilter a;
  a.types = {"企业", "个体工商户", "企业"};
  a.risk_classes = {"D", "C"};
  a.surviving = true;
  TargetFilter b;
  b.risk_classes = {"C", "D"};
  b.types = {"个体工商户", "企业"};
  b.surviving = true;
  EXPECT_EQ(TargetFilterToJson(a).dump(), TargetFilterToJson(b).dump());
  EXPECT_EQ(TargetFilterToJson(a).dump(),
            R"({"risk_classes":["C","D"],"surviving":true,"types":["个体工商户","企业"],"v":1})");
  auto back = TargetFilterFromJson(TargetFilterToJson(a));
  ASSERT_TRUE(back.ok());
  a.Canonicalize();
  EXPECT_EQ(*back, a);
  EXPECT_EQ(TargetFilterFromJson({{"v", 1}, {"colour", "red"}}).status().reason(),
            "FILTER_INVALID");
  EXPECT_EQ(TargetFilterFromJson({{"v", 2}}).status().reason(), "FILTER_INVALID");
  EXPECT_EQ(TargetFilterFromJson({{"types", "企业"}}).status().reason(), "FILTER_INVALID");
  EXPECT_EQ(TargetFilterToJson(TargetFilter{}).dump(), R"({"v":1})");
}

TEST(TargetFilterTest, TagsAllRequiresEveryTag) {
  Target t = Restaurant();  // tagged 食品经营许可
  TargetFilter f;
  f.tags_all = {"食品经营许可", "重点监管"};
  EXPECT_FALSE(TargetMatches(t, f, {}, kToday));
  f.tags = {"食品经营许可", "重点监管"};  // any-of alone would match
  f.tags_all.clear();
  EXPECT_TRUE(TargetMatches(t, f, {}, kToday));
  f.tags.clear();
  t.tags.push_back("重点监管");
  f.tags_all = {"重点监管", "食品经营许可"};
  EXPECT_TRUE(TargetMatches(t, f, {}, kToday));
  EXPECT_EQ(DescribeTargetFilter(f), "同时带有标签“重点监管”和“食品经营许可”");
  EXPECT_EQ(TargetFilterToJson(f).dump(), R"({"tags_all":["重点监管","食品经营许可"],"v":1})");
  auto back = TargetFilterFromJson(TargetFilterToJson(f));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->tags_all, f.tags_all);
  EXPECT_FALSE(f.empty());
}

TEST(TargetFilterTest, ChineseDescription) {
  TargetFilter f;
  EXPECT_EQ(DescribeTargetFilter(f), "全部在库检查对象");
  f.name_contains = "餐饮";
  f.types = {"企业", "个体工商户"};
  f.unit_ids = {7};
  f.industries = {"H"};
  f.risk_classes = {"C", "D"};
  f.reg_statuses = {"存续"};
  f.surviving = true;
  f.abnormal = false;
  FilterNames names;
  names.unit = [](int64_t) { return std::string("花园路市场监管所"); };
  EXPECT_EQ(
      DescribeTargetFilter(f, names),
      "名称包含“餐饮”；对象类型为个体工商户或企业；属地为花园路市场监管所（含下级单位）；"
      "行业为H 住宿和餐饮业；信用风险分类为C或D；登记状态为存续；实际经营；未列入经营异常名录");
}

TEST(TargetFilterTest, MatchesEvaluatesEveryCondition) {
  Target t = Restaurant();
  std::set<int64_t> units = {7, 9};
  TargetFilter f;
  EXPECT_TRUE(TargetMatches(t, f, units, kToday));
  f.industries = {"H"};
  f.region_prefixes = {"410100"};
  f.unit_ids = {3};
  f.tags = {"食品经营许可", "特种设备使用"};
  f.directories = {"餐饮服务专项库"};
  EXPECT_TRUE(TargetMatches(t, f, units, kToday));
  EXPECT_FALSE(TargetMatches(t, f, units, Date{2027, 1, 1}));  // directory lapsed
  f.risk_classes = {kUnclassifiedRisk};
  EXPECT_FALSE(TargetMatches(t, f, units, kToday));
  t.risk_class.clear();
  t.risk_as_of.reset();
  EXPECT_TRUE(TargetMatches(t, f, units, kToday));
  f.keys = {"91350100M000100Y43"};
  EXPECT_TRUE(TargetMatches(t, f, units, kToday));
  t.in_directory = false;
  EXPECT_FALSE(TargetMatches(t, f, units, kToday));
  f.include_removed = true;
  EXPECT_TRUE(TargetMatches(t, f, units, kToday));
  f.name_contains = "建材";
  EXPECT_FALSE(TargetMatches(t, f, units, kToday));
}

TEST(TargetFilterTest, ValidationNamesBadValues) {
  TargetFilter f;
  f.types = {"公司"};
  f.industries = {"ZZ"};
  f.risk_classes = {"E"};
  f.region_prefixes = {"41x"};
  EXPECT_EQ(ValidateTargetFilter(f, DictionarySet::Builtin()).size(), 4u);
}

TEST(RulesTest, DefaultsValidateAndPolicyLookups) {
  DepartmentRules r = DefaultRules(1);
  r.title = "随机抽查工作细则";
  EXPECT_THAT(ValidateRules(r, DictionarySet::Builtin()), IsEmpty());
  EXPECT_EQ(RatioForClass(r.policy, "D"), 3000);
  EXPECT_EQ(RatioForClass(r.policy, ""), 300);
  r.policy.item_min_interval_days = {{"SCJG-SP", 180}};
  r.policy.default_min_interval_days = 30;
  EXPECT_EQ(MinIntervalDays(r.policy, "SCJG-SP-01"), 180);
  EXPECT_EQ(MinIntervalDays(r.policy, "SCJG-TZ-01"), 30);
}

TEST(RulesTest, AtLeastTwoInspectorsAndSaneRatios) {
  DepartmentRules r = DefaultRules(1);
  r.title = "细则";
  r.policy.inspectors_per_task = 1;
  r.policy.risk_ratio_bp["A"] = 12000;
  r.policy.tiers.risk_classes = {"C", "X"};
  auto p = ValidateRules(r, DictionarySet::Builtin());
  std::vector<std::string> fields;
  for (const auto& x : p) fields.push_back(x.field);
  EXPECT_THAT(fields,
              ElementsAre("policy.risk_ratio", "policy.inspectors_per_task", "policy.tiers.risk"));
}

TEST(RulesTest, JsonRoundTripAndDiff) {
  DepartmentRules r = DefaultRules(3);
  r.title = "商务局随机抽查细则";
  r.procedure = "确定事项→抽取→公告→检查→公示";
  r.policy.item_min_interval_days = {{"SW-01", 90}};
  r.policy.risk_ratio_bp["A"] = 150;
  auto back = RulesFromJson(RulesToJson(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, r);
  DepartmentRules s = r;
  s.policy.per_target_yearly_cap = 1;
  s.policy.risk_ratio_bp["D"] = 5000;
  auto d = DiffRules(r, s);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0],
            (FieldChange{"policy.risk_ratio.D", "D类（信用风险高）抽查比例（%）", "30", "50"}));
  EXPECT_EQ(d[1],
            (FieldChange{"policy.per_target_yearly_cap", "同一对象每年抽查次数上限", "2", "1"}));
}

TEST(RulesTest, PublicPersonDisplayDefaultsToNameAndRoundTrips) {
  DepartmentRules r = DefaultRules(1);
  EXPECT_EQ(r.policy.public_person_display, PublicPersonDisplay::kNameAndNumber);
  // Rules saved before the setting existed read as the default.
  nlohmann::json old = RulesToJson(r);
  old["policy"].erase("public_person_display");
  auto read = RulesFromJson(old);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->policy.public_person_display, PublicPersonDisplay::kNameAndNumber);

  DepartmentRules numbers = r;
  numbers.policy.public_person_display = PublicPersonDisplay::kNumberOnly;
  nlohmann::json j = RulesToJson(numbers);
  EXPECT_EQ(j["policy"]["public_person_display"], "number_only");
  auto back = RulesFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, numbers);
  auto d = DiffRules(r, numbers);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], (FieldChange{"policy.public_person_display", "公开记录中的检查人员",
                               "姓名＋执法证号", "仅执法证号"}));

  j["policy"]["public_person_display"] = "id_number";
  EXPECT_EQ(RulesFromJson(j).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace suiji::registers
