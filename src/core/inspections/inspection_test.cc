#include "core/inspections/inspection.h"

#include <gtest/gtest.h>

namespace suiji::inspections {
namespace {

using registers::DictionarySet;

const Date kStart = *Date::Parse("2026-09-01");
const Date kToday = *Date::Parse("2026-10-20");
const std::vector<std::string> kItems = {"SCJG-GS-01", "SCJG-GS-02"};

ItemEntry Item(std::string code, std::string result = "未发现问题") {
  ItemEntry it;
  it.item_code = std::move(code);
  it.methods = {"实地检查"};
  it.inspected_on = *Date::Parse("2026-09-29");
  it.result = std::move(result);
  it.follow_up = "无需后续处置";
  return it;
}

bool Mentions(const registers::Problems& p, std::string_view field) {
  for (const auto& x : p)
    if (x.field == field) return true;
  return false;
}

TEST(RecordStatusTest, StoredNamesRoundTripAndDisplayInChinese) {
  for (RecordStatus s : {RecordStatus::kPending, RecordStatus::kSubmitted, RecordStatus::kReturned,
                         RecordStatus::kApproved, RecordStatus::kPublished})
    EXPECT_EQ(ParseRecordStatus(RecordStatusName(s)), s);
  EXPECT_EQ(ParseRecordStatus("已公示"), std::nullopt);
  EXPECT_EQ(RecordStatusDisplay(RecordStatus::kSubmitted), "待审核");
  EXPECT_TRUE(Editable(RecordStatus::kReturned));
  EXPECT_FALSE(Editable(RecordStatus::kApproved));
}

TEST(CheckTest, ADraftMayBeIncompleteButNotWrong) {
  RecordEntry e;
  ItemEntry half;
  half.item_code = "SCJG-GS-01";
  half.methods = {"实地检查"};
  e.items.push_back(half);
  EXPECT_TRUE(CheckDraft(e, kItems, DictionarySet::Builtin(), kStart, kToday).empty());
  auto p = CheckComplete(e, kItems, DictionarySet::Builtin(), kStart, kToday);
  EXPECT_TRUE(Mentions(p, "items.SCJG-GS-01.result"));
  EXPECT_TRUE(Mentions(p, "items.SCJG-GS-01.inspected_on"));
  EXPECT_TRUE(Mentions(p, "items.SCJG-GS-02"));  // not recorded at all

  e.items[0].result = "查无此事";
  e.items[0].inspected_on = *Date::Parse("2026-10-21");  // tomorrow
  p = CheckDraft(e, kItems, DictionarySet::Builtin(), kStart, kToday);
  EXPECT_TRUE(Mentions(p, "items.SCJG-GS-01.result"));
  EXPECT_TRUE(Mentions(p, "items.SCJG-GS-01.inspected_on"));
}

// 免罚清单 covers minor violations only: not a finding of no problem, not an obstruction.
TEST(CheckTest, LenientOnlyForAMinorViolationPublishedWithANote) {
  RecordEntry e;
  e.items = {Item("SCJG-GS-01"), Item("SCJG-GS-02", "未按规定公示应当公示的信息")};
  e.items[1].lenient = true;
  EXPECT_TRUE(CheckDraft(e, kItems, DictionarySet::Builtin(), kStart, kToday).empty());
  EXPECT_EQ(
      LenientNote(e),
      "；免罚清单：SCJG-GS-02 未按规定公示应当公示的信息，轻微违法首次发现，依法不予行政处罚");
  e.items[0].lenient = true;  // 未发现问题
  EXPECT_TRUE(Mentions(CheckDraft(e, kItems, DictionarySet::Builtin(), kStart, kToday),
                       "items.SCJG-GS-01.lenient"));
  e.items[0].lenient = false;
  e.items[1].result = "不配合检查情节严重";
  EXPECT_TRUE(Mentions(CheckDraft(e, kItems, DictionarySet::Builtin(), kStart, kToday),
                       "items.SCJG-GS-02.lenient"));
  EXPECT_EQ(LenientNote(RecordEntry{}), "");
}

TEST(CheckTest, ItemsOutsideTheTaskAndCannotInspectResultsAreRefused) {
  RecordEntry e;
  e.items = {Item("SCJG-SP-01"), Item("SCJG-GS-01", "已注销")};
  auto p = CheckDraft(e, kItems, DictionarySet::Builtin(), kStart, kToday);
  EXPECT_TRUE(Mentions(p, "items.SCJG-SP-01"));
  EXPECT_TRUE(Mentions(p, "items.SCJG-GS-01.result"));
}

TEST(CheckTest, AProblemResultNeedsFindings) {
  RecordEntry e;
  e.items = {Item("SCJG-GS-01"), Item("SCJG-GS-02", "未按规定公示应当公示的信息")};
  EXPECT_TRUE(Mentions(CheckComplete(e, kItems, DictionarySet::Builtin(), kStart, kToday),
                       "items.SCJG-GS-02.findings"));
  e.items[1].findings = "2025年度报告未按期公示";
  EXPECT_TRUE(CheckComplete(e, kItems, DictionarySet::Builtin(), kStart, kToday).empty());
}

TEST(CheckTest, CannotInspectNeedsAListedOutcomeAndItsDateNotItems) {
  RecordEntry e;
  e.cannot_inspect = "通过登记的住所（经营场所）无法联系";
  EXPECT_TRUE(Mentions(CheckComplete(e, kItems, DictionarySet::Builtin(), kStart, kToday),
                       "cannot_inspect_on"));
  e.cannot_inspect_on = *Date::Parse("2026-09-15");
  EXPECT_TRUE(CheckComplete(e, kItems, DictionarySet::Builtin(), kStart, kToday).empty());
  e.cannot_inspect = "老板不在";
  EXPECT_TRUE(Mentions(CheckComplete(e, kItems, DictionarySet::Builtin(), kStart, kToday),
                       "cannot_inspect"));
}

TEST(SummaryTest, OneResultPerRecordInDictionaryOrder) {
  const auto& results = DictionarySet::Builtin().Get(registers::dict::kInspectionResult);
  RecordEntry e;
  e.items = {Item("A"), Item("B")};
  EXPECT_EQ(SummaryResult(e, results), "未发现问题");
  e.items[0].result = "发现问题已责令改正";
  e.items[1].result = "未按规定公示应当公示的信息";
  EXPECT_EQ(SummaryResult(e, results), "未按规定公示应当公示的信息；发现问题已责令改正");
  e.cannot_inspect = "已迁出";
  EXPECT_EQ(SummaryResult(e, results), "已迁出");
}

TEST(CompletedOnTest, LatestItemDateOrTheCannotInspectDate) {
  RecordEntry e;
  e.items = {Item("A"), Item("B")};
  e.items[1].inspected_on = *Date::Parse("2026-10-08");
  EXPECT_EQ(CompletedOn(e), Date::Parse("2026-10-08"));
  e.items[1].inspected_on.reset();
  EXPECT_EQ(CompletedOn(e), Date::Parse("2026-09-29"));
  e.cannot_inspect = "已注销";
  EXPECT_EQ(CompletedOn(e), std::nullopt);
}

TEST(TargetEffectTest, EachOutcomeChangesTheDirectoryOnce) {
  registers::Target t;
  EXPECT_TRUE(ApplyTargetEffect(*FindCannotInspect("已注销"), t));
  EXPECT_EQ(t.reg_status, "注销");
  EXPECT_FALSE(ApplyTargetEffect(*FindCannotInspect("已注销"), t));
  EXPECT_TRUE(ApplyTargetEffect(*FindCannotInspect("通过登记的住所（经营场所）无法联系"), t));
  EXPECT_EQ(t.tags, std::vector<std::string>{kUnreachableTag});
  EXPECT_FALSE(ApplyTargetEffect(*FindCannotInspect("通过登记的住所（经营场所）无法联系"), t));
  EXPECT_TRUE(ApplyTargetEffect(*FindCannotInspect("已关闭停业或正在组织清算"), t));
  EXPECT_FALSE(t.surviving);
  EXPECT_EQ(FindCannotInspect("未发现问题"), nullptr);
}

TEST(RedactTest, IdNumbersAndPhoneNumbersLeaveThePublicText) {
  EXPECT_EQ(RedactPersonalData("负责人身份证410105198001011234已核实"), "负责人身份证＊＊＊已核实");
  EXPECT_EQ(RedactPersonalData("身份证41010519800101123X"), "身份证＊＊＊");
  EXPECT_EQ(RedactPersonalData("手机13812345678，座机0371-65551234"), "手机＊＊＊，座机＊＊＊");
  EXPECT_EQ(RedactPersonalData("联系电话65551234"), "联系电话＊＊＊");
  // Dates, amounts and codes that are not personal data stay.
  EXPECT_EQ(RedactPersonalData("2026年9月29日责令改正，罚款5000元，编号2026001"),
            "2026年9月29日责令改正，罚款5000元，编号2026001");
  EXPECT_EQ(RedactPersonalData("统一社会信用代码91410105MA44XXXX1A"),
            "统一社会信用代码91410105MA44XXXX1A");
}

TEST(DeadlineTest, TwentyWorkingDaysAcrossTheNationalDayHoliday) {
  // Completed Tue 2026-09-29; 2026-10-01..07 is the National Day holiday (Sun 09-20 and Sat
  // 10-10 are 调休 working days in the official arrangement, if listed).
  const auto& cal = WorkingCalendar::Official();
  auto d = PublicationDeadline(cal, *Date::Parse("2026-09-29"));
  EXPECT_TRUE(d.exact());
  EXPECT_EQ(cal.WorkingDaysBetween(*Date::Parse("2026-09-29"), d.value).value, 20);
  // A plain Monday-Friday count would land 5+ days earlier: the holiday is really skipped.
  EXPECT_GT(d.value, Date::Parse("2026-09-29")->AddDays(28));
}

}  // namespace
}  // namespace suiji::inspections
