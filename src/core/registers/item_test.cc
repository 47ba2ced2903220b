#include "core/registers/item.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/registers/dictionary.h"

namespace suiji::registers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

InspectionItem FoodItem() {
  InspectionItem i;
  i.department_id = 1;
  i.code = "SCJG-SP-01";
  i.name = "食品经营者监督检查";
  i.category = "重点检查事项";
  i.legal_basis = {"《中华人民共和国食品安全法》第一百一十条", "《食品生产经营监督检查管理办法》"};
  i.target_types = {"企业", "个体工商户"};
  i.content = "经营者资质、经营条件、食品贮存";
  i.methods = {"实地检查", "书面检查"};
  i.ratio_min_bp = 2000;
  i.ratio_max_bp = 10000;
  i.life_safety = true;
  i.max_per_target_per_year = 1;
  i.qualifications = {"食品安全监管"};
  i.level = "区";
  return i;
}

std::vector<std::string> FieldsOf(const Problems& p) {
  std::vector<std::string> out;
  for (const auto& x : p) out.push_back(x.field);
  return out;
}

TEST(ItemCodeTest, HierarchyOfOneToThreeSegments) {
  EXPECT_TRUE(IsValidItemCode("SCJG"));
  EXPECT_TRUE(IsValidItemCode("SCJG-SP"));
  EXPECT_TRUE(IsValidItemCode("SCJG-SP-01"));
  EXPECT_FALSE(IsValidItemCode("SCJG-SP-01-02"));
  EXPECT_FALSE(IsValidItemCode("scjg-sp"));
  EXPECT_FALSE(IsValidItemCode("SCJG--01"));
  EXPECT_FALSE(IsValidItemCode("-SCJG"));
  EXPECT_FALSE(IsValidItemCode("SCJG-"));
  EXPECT_FALSE(IsValidItemCode("食品-01"));
  EXPECT_FALSE(IsValidItemCode(""));
  EXPECT_EQ(ParentItemCode("SCJG-SP-01"), "SCJG-SP");
  EXPECT_EQ(ParentItemCode("SCJG"), "");
  EXPECT_EQ(ItemCodeLevel("SCJG-SP-01"), 3);
}

TEST(ItemValidationTest, AValidItemHasNoProblems) {
  EXPECT_THAT(ValidateItem(FoodItem(), DictionarySet::Builtin()), IsEmpty());
}

TEST(ItemValidationTest, RatioFloorIsThreePercent) {
  InspectionItem i = FoodItem();
  i.life_safety = false;
  i.ratio_min_bp = 299;
  auto p = ValidateItem(i, DictionarySet::Builtin());
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "ratio_min");
  EXPECT_THAT(p[0].message, HasSubstr("不得低于 3%"));
  i.ratio_min_bp = 300;
  EXPECT_THAT(ValidateItem(i, DictionarySet::Builtin()), IsEmpty());
}

TEST(ItemValidationTest, LifeAndPropertySafetyItemsNeedTwentyPercent) {
  InspectionItem i = FoodItem();
  i.ratio_min_bp = 1999;
  auto p = ValidateItem(i, DictionarySet::Builtin());
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0].message, HasSubstr("生命财产安全"));
  EXPECT_THAT(p[0].message, HasSubstr("20%"));
  EXPECT_THAT(p[0].message, HasSubstr("19.99%"));
}

TEST(ItemValidationTest, RatioCeilingAndOrder) {
  InspectionItem i = FoodItem();
  i.ratio_max_bp = 10001;
  EXPECT_THAT(FieldsOf(ValidateItem(i, DictionarySet::Builtin())), ElementsAre("ratio_max"));
  i.ratio_max_bp = 2500;
  i.ratio_min_bp = 3000;
  auto p = ValidateItem(i, DictionarySet::Builtin());
  EXPECT_THAT(FieldsOf(p), ElementsAre("ratio_max"));
  EXPECT_THAT(p[0].message, HasSubstr("不能低于下限"));
  // 重点 items may go to 100%.
  i.ratio_min_bp = i.ratio_max_bp = 10000;
  EXPECT_THAT(ValidateItem(i, DictionarySet::Builtin()), IsEmpty());
}

TEST(ItemValidationTest, ReportsEveryProblemNotJustTheFirst) {
  InspectionItem i;
  i.code = "bad code";
  i.category = "特别事项";
  i.methods = {"实地检查", "飞行检查", "实地检查"};
  i.target_types = {"企业"};
  i.ratio_min_bp = 100;
  i.level = "省";
  i.valid_from = Date{2026, 12, 1};
  i.valid_to = Date{2026, 1, 1};
  auto p = ValidateItem(i, DictionarySet::Builtin());
  EXPECT_THAT(FieldsOf(p), ElementsAre("department_id", "code", "name", "category", "legal_basis",
                                       "methods", "methods", "ratio_min", "level", "valid_to"));
}

TEST(ItemValidationTest, JointItemsNeedLeadAndDistinctCooperators) {
  InspectionItem i = FoodItem();
  i.cooperating_department_ids = {2, 2};
  auto p = ValidateItem(i, DictionarySet::Builtin());
  EXPECT_THAT(FieldsOf(p), ElementsAre("lead_department_id", "cooperating_department_ids"));
  i.lead_department_id = 1;
  i.cooperating_department_ids = {2, 3};
  EXPECT_THAT(ValidateItem(i, DictionarySet::Builtin()), IsEmpty());
  i.cooperating_department_ids = {1};
  EXPECT_THAT(FieldsOf(ValidateItem(i, DictionarySet::Builtin())),
              ElementsAre("cooperating_department_ids"));
}

TEST(ItemValidationTest, DeactivationNeedsAReason) {
  InspectionItem i = FoodItem();
  i.active = false;
  EXPECT_THAT(FieldsOf(ValidateItem(i, DictionarySet::Builtin())), ElementsAre("inactive_reason"));
}

TEST(ItemDiffTest, ShowsExactlyWhatChanged) {
  InspectionItem a = FoodItem(), b = FoodItem();
  b.ratio_min_bp = 2500;
  b.methods.push_back("检验检测");
  b.lead_department_id = 1;
  b.cooperating_department_ids = {4};
  auto names = [](int64_t id) {
    return id == 1 ? std::string("区市场监管局") : "部门" + std::to_string(id);
  };
  auto d = DiffItems(a, b, names);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0], (FieldChange{"methods", "检查方式", "实地检查；书面检查",
                               "实地检查；书面检查；检验检测"}));
  EXPECT_EQ(d[1], (FieldChange{"ratio_min", "抽查比例下限（%）", "20", "25"}));
  EXPECT_EQ(d[2], (FieldChange{"lead_department_id", "发起部门", "", "区市场监管局"}));
  EXPECT_EQ(d[3], (FieldChange{"cooperating_department_ids", "配合部门", "", "部门4"}));
  EXPECT_THAT(DiffItems(a, a, names), IsEmpty());
}

TEST(ItemJsonTest, RoundTripsEveryField) {
  InspectionItem i = FoodItem();
  i.ratio_min_bp = 2050;
  i.lead_department_id = 1;
  i.cooperating_department_ids = {3, 4};
  i.valid_from = Date{2026, 1, 1};
  i.frequency_note = "每年不超过1次";
  auto j = ItemToJson(i);
  EXPECT_EQ(j["ratio_min"], 20.5);
  EXPECT_EQ(j["ratio_max"], 100);
  auto back = ItemFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, i);
}

TEST(ItemJsonTest, RejectsWrongTypesAndOverPreciseRatios) {
  EXPECT_EQ(ItemFromJson({{"ratio_min", 3.125}}).status().reason(), "FIELD_INVALID");
  EXPECT_EQ(ItemFromJson({{"methods", "实地检查"}}).status().reason(), "FIELD_INVALID");
  auto ok = ItemFromJson({{"ratio_min", "5%"}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->ratio_min_bp, 500);
}

TEST(PercentTest, TextRoundTrip) {
  EXPECT_EQ(PercentText(300), "3");
  EXPECT_EQ(PercentText(250), "2.5");
  EXPECT_EQ(PercentText(1), "0.01");
  EXPECT_EQ(PercentText(10000), "100");
  EXPECT_EQ(ParsePercent("3"), 300);
  EXPECT_EQ(ParsePercent(" 2.5% "), 250);
  EXPECT_EQ(ParsePercent("20％"), 2000);
  EXPECT_EQ(ParsePercent("0.01"), 1);
  EXPECT_EQ(ParsePercent("1.234"), std::nullopt);
  EXPECT_EQ(ParsePercent("abc"), std::nullopt);
  EXPECT_EQ(ParsePercent(""), std::nullopt);
}

TEST(DictionaryTest, EnumerationsUseTheExactStrings) {
  const auto& d = DictionarySet::Builtin();
  const Dictionary& results = d.Get(dict::kInspectionResult);
  EXPECT_EQ(results.entries.size(), 13u);
  EXPECT_TRUE(results.Accepts("通过登记的住所（经营场所）无法联系"));
  EXPECT_TRUE(results.Accepts("公示信息隐瞒真实情况、弄虚作假"));
  EXPECT_TRUE(results.Accepts("已被吊销"));
  EXPECT_TRUE(d.Get(dict::kFollowUp).Accepts("移送办案机构立案查处"));
  EXPECT_EQ(d.Get(dict::kCreditRisk).LabelOf("C"), "信用风险较高");
  EXPECT_TRUE(d.Get(dict::kTargetType).Accepts("外国企业常驻代表机构"));
  EXPECT_TRUE(d.Get(dict::kRegistrationStatus).Accepts("迁出"));
  EXPECT_TRUE(d.Get(dict::kCheckMethod).Accepts("委托第三方/专业机构"));
  EXPECT_TRUE(d.Get(dict::kCheckMethod).Accepts("信用承诺/自我声明"));
  EXPECT_EQ(d.Get(dict::kTaskType).AcceptedList(), "“定向”“不定向”");
}

TEST(DictionaryTest, ExtensibleDictionariesGrowButNeverLoseValues) {
  DictionarySet set = DictionarySet::Builtin();
  Dictionary next = set.Get(dict::kCheckMethod);
  next.version = 2;
  next.entries.push_back({"远程视频检查", "远程视频检查", false});
  next.entries[1].retired = true;
  ASSERT_TRUE(set.CheckSuccessor(next).ok());
  set.Put(next);
  EXPECT_TRUE(set.Get(dict::kCheckMethod).Accepts("远程视频检查"));
  EXPECT_FALSE(set.Get(dict::kCheckMethod).Accepts("书面检查"));
  EXPECT_NE(set.Get(dict::kCheckMethod).Find("书面检查"), nullptr);

  Dictionary dropped = set.Get(dict::kCheckMethod);
  dropped.version = 3;
  dropped.entries.erase(dropped.entries.begin());
  EXPECT_EQ(set.CheckSuccessor(dropped).reason(), "DICTIONARY_INVALID");
  Dictionary skipped = set.Get(dict::kCheckMethod);
  skipped.version = 5;
  EXPECT_EQ(set.CheckSuccessor(skipped).reason(), "DICTIONARY_VERSION_INVALID");
  Dictionary fixed = set.Get(dict::kRegistrationStatus);
  fixed.version = 2;
  EXPECT_EQ(set.CheckSuccessor(fixed).reason(), "DICTIONARY_NOT_EXTENSIBLE");
  auto round = DictionaryFromJson(DictionaryToJson(set.Get(dict::kCheckMethod)));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->entries, set.Get(dict::kCheckMethod).entries);
}

}  // namespace
}  // namespace suiji::registers
