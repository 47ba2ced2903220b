#include "core/registers/people.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/ids.h"

namespace suiji::registers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using R = IneligibilityReason;

Inspector Liu() {
  Inspector i;
  i.department_id = 1;
  i.unit_id = 7;
  i.name = "刘洋";
  i.gender = "男";
  i.cert_no = "豫A01050001";
  i.cert_expires = Date{2026, 11, 20};
  i.citizen_id = *MakeCitizenId("410105", Date{1988, 3, 14}, 123);
  i.qualifications = {{"食品安全监管", Date{2027, 12, 31}}, {"特种设备安全监察", std::nullopt}};
  return i;
}

EligibilityRequest Today(Date d) {
  EligibilityRequest r;
  r.from = r.to = d;
  return r;
}

std::vector<R> Reasons(const EligibilityResult& r) {
  std::vector<R> out;
  for (const auto& x : r.reasons) out.push_back(x.reason);
  return out;
}

TEST(InspectorStatusTest, NamesAndParsesTheClosedSet) {
  for (InspectorStatus s : {InspectorStatus::kActive, InspectorStatus::kInactive})
    EXPECT_EQ(ParseInspectorStatus(InspectorStatusName(s)), s);
  EXPECT_EQ(InspectorStatusName(InspectorStatus::kActive), "有效");
  EXPECT_EQ(InspectorStatusName(InspectorStatus::kInactive), "失效");
  EXPECT_EQ(ParseInspectorStatus("停用"), std::nullopt);
  const Dictionary& d = DictionarySet::Builtin().Get(dict::kInspectorStatus);
  ASSERT_EQ(d.entries.size(), 2u);
  for (const auto& e : d.entries) EXPECT_TRUE(ParseInspectorStatus(e.value).has_value()) << e.value;
  Inspector i;
  EXPECT_TRUE(IsActive(i));  // a new record is 有效
  i.status = "停用";
  EXPECT_FALSE(IsActive(i));
  EXPECT_EQ(InspectorStatusOf(i), std::nullopt);
}

TEST(EligibilityTest, CertificateExpiredYesterdayIsIneligibleToday) {
  Inspector i = Liu();
  auto on_expiry_day = CheckEligibility(i, Today({2026, 11, 20}), {});
  EXPECT_TRUE(on_expiry_day.eligible());
  auto next_day = CheckEligibility(i, Today({2026, 11, 21}), {});
  ASSERT_FALSE(next_day.eligible());
  EXPECT_THAT(Reasons(next_day), ElementsAre(R::kCertificateExpired));
  EXPECT_EQ(next_day.reasons[0].detail, "执法证已于 2026-11-20 过期");
  EXPECT_EQ(IneligibilityReasonName(R::kCertificateExpired), "证件过期");
}

TEST(EligibilityTest, CertificateMustCoverTheWholeWindow) {
  EligibilityRequest r;
  r.from = {2026, 11, 10};
  r.to = {2026, 11, 30};
  auto res = CheckEligibility(Liu(), r, {});
  EXPECT_THAT(Reasons(res), ElementsAre(R::kCertificateExpired));
  EXPECT_THAT(res.reasons[0].detail, HasSubstr("早于检查结束日期 2026-11-30"));
}

TEST(EligibilityTest, QualificationsMustBeHeldAndValid) {
  EligibilityRequest r = Today({2026, 6, 1});
  r.required_qualifications = {"食品安全监管", "特种设备安全监察", "计量监督"};
  auto res = CheckEligibility(Liu(), r, {});
  EXPECT_THAT(Reasons(res), ElementsAre(R::kMissingQualification));
  EXPECT_EQ(res.reasons[0].detail, "缺少资格“计量监督”");
  Inspector i = Liu();
  i.qualifications[0].expires = Date{2026, 5, 31};
  r.required_qualifications = {"食品安全监管"};
  EXPECT_THAT(CheckEligibility(i, r, {}).reasons[0].detail, HasSubstr("有效期至 2026-05-31"));
}

TEST(EligibilityTest, ItemScopeCoversSubItems) {
  Inspector i = Liu();
  i.item_scope = {"SCJG-SP"};
  EligibilityRequest r = Today({2026, 6, 1});
  r.item_codes = {"SCJG-SP-01", "SCJG-SP"};
  EXPECT_TRUE(CheckEligibility(i, r, {}).eligible());
  r.item_codes = {"SCJG-SPX-01"};
  EXPECT_THAT(Reasons(CheckEligibility(i, r, {})), ElementsAre(R::kMissingQualification));
}

TEST(EligibilityTest, JurisdictionLeaveAndConflict) {
  Inspector i = Liu();
  i.absences = {{"请假", {2026, 6, 1}, {2026, 6, 5}, "年休假"},
                {"培训", {2026, 7, 1}, {2026, 7, 3}, ""}};
  EligibilityRequest r = Today({2026, 6, 3});
  r.allowed_units = std::vector<int64_t>{8, 9};
  r.target_ids = {42};
  ConflictOfInterest c{0, 42, "亲属", "本人申报", "", Date{2025, 1, 1}, std::nullopt, true, ""};
  ConflictOfInterest other{0, 43, "持股", "组织核查", "", std::nullopt, std::nullopt, true, ""};
  ConflictOfInterest lapsed{0,    42, "曾任职", "本人申报", "", std::nullopt, Date{2026, 1, 1},
                            true, ""};
  std::vector<ConflictOfInterest> cs = {c, other, lapsed};
  auto res = CheckEligibility(i, r, cs);
  EXPECT_THAT(Reasons(res), ElementsAre(R::kOutsideJurisdiction, R::kUnavailable, R::kConflict));
  EXPECT_EQ(res.reasons[1].detail, "请假（2026-06-01 至 2026-06-05）：年休假");
  EXPECT_THAT(res.reasons[2].detail, HasSubstr("亲属"));
  r.allowed_units = std::vector<int64_t>{7};
  r.from = r.to = {2026, 6, 6};
  cs[0].active = false;
  EXPECT_TRUE(CheckEligibility(i, r, cs).eligible());
}

TEST(EligibilityTest, InactiveInspectorsAndEveryReasonAtOnce) {
  Inspector i = Liu();
  i.status = "失效";
  i.status_reason = "调离";
  EligibilityRequest r = Today({2027, 1, 1});
  r.required_qualifications = {"计量监督"};
  auto res = CheckEligibility(i, r, {});
  EXPECT_THAT(Reasons(res),
              ElementsAre(R::kInactive, R::kCertificateExpired, R::kMissingQualification));
  EXPECT_EQ(res.reasons[0].detail, "人员状态为“失效”：调离");
  auto j = EligibilityToJson(res);
  EXPECT_EQ(j["eligible"], false);
  EXPECT_EQ(j["reasons"][1]["code"], "CERTIFICATE_EXPIRED");
  EXPECT_EQ(j["reasons"][1]["reason"], "证件过期");
}

TEST(InspectorValidationTest, ValidatesCitizenIdAndRequiredFields) {
  Date today{2026, 11, 21};
  EXPECT_THAT(ValidateInspector(Liu(), DictionarySet::Builtin(), today, true), IsEmpty());
  Inspector bad = Liu();
  bad.citizen_id[17] = bad.citizen_id[17] == '1' ? '2' : '1';
  bad.cert_no.clear();
  bad.status = "失效";
  bad.absences = {{"出差", {2026, 1, 2}, {2026, 1, 1}, ""}};
  auto p = ValidateInspector(bad, DictionarySet::Builtin(), today, true);
  std::vector<std::string> fields;
  for (const auto& x : p) fields.push_back(x.field);
  EXPECT_THAT(fields,
              ElementsAre("cert_no", "citizen_id", "status_reason", "absences", "absences"));
  Inspector keep = Liu();
  keep.citizen_id.clear();
  EXPECT_THAT(ValidateInspector(keep, DictionarySet::Builtin(), today, false), IsEmpty());
  EXPECT_EQ(ValidateInspector(keep, DictionarySet::Builtin(), today, true).size(), 1u);
}

TEST(InspectorTextTest, QualificationsAndAbsencesRoundTrip) {
  auto q = ParseQualificationsText("食品安全监管(~2027-12-31)；特种设备安全监察");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->size(), 2u);
  EXPECT_EQ((*q)[0].expires, (Date{2027, 12, 31}));
  EXPECT_EQ(QualificationsText(*q), "食品安全监管(~2027-12-31)；特种设备安全监察");
  auto a = ParseAbsencesText("请假（2026-06-01至2026-06-05）年休假;培训(2026-07-01~2026-07-03)");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->size(), 2u);
  EXPECT_EQ((*a)[0].note, "年休假");
  EXPECT_EQ(AbsencesText(*a), "请假(2026-06-01~2026-06-05)年休假；培训(2026-07-01~2026-07-03)");
  EXPECT_FALSE(ParseAbsencesText("请假").ok());
  EXPECT_FALSE(ParseQualificationsText("食品(2026-01-01~2027-01-01)").ok());
}

TEST(InspectorDiffTest, CitizenIdOnlyMasked) {
  Inspector a = Liu(), b = Liu();
  a.citizen_id_masked = MaskCitizenId(a.citizen_id);
  b.citizen_id = *MakeCitizenId("410105", Date{1990, 1, 1}, 11);
  b.citizen_id_masked = MaskCitizenId(b.citizen_id);
  auto d = DiffInspectors(a, b);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].field, "citizen_id");
  EXPECT_EQ(d[0].new_value.find(b.citizen_id), std::string::npos);
  EXPECT_NE(d[0].new_value.find("********"), std::string::npos);
  auto j = InspectorToJson(b);
  EXPECT_FALSE(j.contains("citizen_id"));
}

TEST(ConflictTest, ValidationAndForce) {
  ConflictOfInterest c{1,    2, "持股", "本人申报", "", Date{2026, 1, 1}, Date{2026, 12, 31},
                       true, ""};
  EXPECT_THAT(ValidateConflict(c, DictionarySet::Builtin()), IsEmpty());
  EXPECT_TRUE(c.InForce({2026, 12, 31}, {2027, 1, 5}));
  EXPECT_FALSE(c.InForce({2027, 1, 1}, {2027, 1, 5}));
  c.kind = "同学";
  c.source.clear();
  EXPECT_EQ(ValidateConflict(c, DictionarySet::Builtin()).size(), 2u);
}

TEST(ExpertTest, ValidationAndJson) {
  Expert e;
  e.department_id = 1;
  e.expert_no = "ZJ-001";
  e.name = "周文";
  e.organisation = "郑州大学食品学院";
  e.specialties = {"食品检验"};
  e.engaged_from = Date{2026, 1, 1};
  e.engaged_to = Date{2028, 12, 31};
  EXPECT_THAT(ValidateExpert(e), IsEmpty());
  auto back = ExpertFromJson(ExpertToJson(e));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, e);
  e.engaged_to = Date{2025, 1, 1};
  e.specialties.clear();
  EXPECT_EQ(ValidateExpert(e).size(), 2u);
}

}  // namespace
}  // namespace suiji::registers
