#include <gtest/gtest.h>

#include "core/plans/eligibility.h"
#include "core/plans/plan.h"
#include "core/plans/sampling.h"
#include "core/plans/task.h"

namespace suiji::plans {
namespace {

TEST(PlanStatusTest, FollowsTheProcedureOrder) {
  EXPECT_EQ(*NextPlanStatus(PlanStatus::kDraft, PlanAction::kSubmit), PlanStatus::kSubmitted);
  EXPECT_EQ(*NextPlanStatus(PlanStatus::kSubmitted, PlanAction::kReturn), PlanStatus::kDraft);
  EXPECT_EQ(*NextPlanStatus(PlanStatus::kSubmitted, PlanAction::kApprove), PlanStatus::kApproved);
  EXPECT_EQ(*NextPlanStatus(PlanStatus::kApproved, PlanAction::kPublish), PlanStatus::kPublished);
  EXPECT_EQ(*NextPlanStatus(PlanStatus::kPublished, PlanAction::kStart), PlanStatus::kExecuting);
  EXPECT_EQ(*NextPlanStatus(PlanStatus::kExecuting, PlanAction::kComplete), PlanStatus::kCompleted);
}

TEST(PlanStatusTest, RefusesSkippingSteps) {
  auto r = NextPlanStatus(PlanStatus::kDraft, PlanAction::kApprove);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "PLAN_STATE_INVALID");
  EXPECT_EQ(r.status().message(), "计划当前状态为“草稿”，不能批准");
  EXPECT_FALSE(NextPlanStatus(PlanStatus::kSubmitted, PlanAction::kPublish).ok());
  EXPECT_FALSE(NextPlanStatus(PlanStatus::kSuperseded, PlanAction::kStart).ok());
}

Batch ValidBatch() {
  Batch b;
  b.seq = 1;
  b.name = "第一季度";
  b.window_from = *Date::Parse("2026-01-01");
  b.window_to = *Date::Parse("2026-03-31");
  b.item_codes = {"SCJG-GS-01"};
  return b;
}

TEST(PlanContentTest, ReportsEveryProblem) {
  PlanContent p;
  p.year = 2026;
  Batch b = ValidBatch();
  b.window_to = *Date::Parse("2027-01-05");
  b.item_codes.clear();
  b.ratio_bp = 0;
  p.batches = {b};
  auto problems = ValidatePlanContent(p);
  std::vector<std::string> fields;
  for (const auto& x : problems) fields.push_back(x.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"title", "batches[1].window", "batches[1].items",
                                              "batches[1].ratio"}));
}

TEST(PlanContentTest, JsonRoundTripAndDiff) {
  PlanContent p{"2026年度计划", "年度", 2026, {ValidBatch()}};
  p.batches[0].filter.tags = {"食品经营许可"};
  p.batches[0].ratio_bp = 500;
  auto back = PlanContentFromJson(PlanContentToJson(p));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, p);
  PlanContent q = p;
  q.batches[0].window_to = *Date::Parse("2026-03-20");
  auto changes = DiffPlanContent(p, q);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "batches[1]");
  EXPECT_NE(changes[0].new_value.find("2026-03-20"), std::string::npos);
  EXPECT_TRUE(DiffPlanContent(p, p).empty());
}

TEST(SamplingTest, FirstMatchingTierWins) {
  registers::TierSettings t;
  TierFacts key{{"重点监管"}, {}, 5, 2, "D"};
  EXPECT_EQ(StratumFor(key, t), "重点对象");
  TierFacts problem{{}, {}, 2, 0, "D"};
  EXPECT_EQ(StratumFor(problem, t), "问题对象");
  TierFacts risky{{}, {}, 1, 0, "C"};
  EXPECT_EQ(StratumFor(risky, t), "风险对象（C类）");
  TierFacts plain{{}, {}, 0, 0, "B"};
  EXPECT_EQ(StratumFor(plain, t), "一般对象");
  t.key_enabled = false;
  EXPECT_EQ(StratumFor(key, t), "问题对象");
}

// StratumFor hands out names that outlive the call, for the dictionary's classes and for a
// class a department added beyond them.
TEST(SamplingTest, RiskStratumNamesOutliveTheCall) {
  registers::TierSettings t;
  t.risk_classes = {"A", "E"};
  std::string_view a, e;
  {
    TierFacts risky_a{{}, {}, 0, 0, "A"};
    TierFacts risky_e{{}, {}, 0, 0, "E"};
    a = StratumFor(risky_a, t);
    e = StratumFor(risky_e, t);
    EXPECT_EQ(StratumFor(risky_e, t).data(), e.data());  // made once
  }
  EXPECT_EQ(a, "风险对象（A类）");
  EXPECT_EQ(e, "风险对象（E类）");
  EXPECT_EQ(a, RiskStratumName("A"));
}

TEST(SamplingTest, QuotaIsCeilingOfRatioTimesSize) {
  EXPECT_EQ(Quota(100, 300), 3);
  EXPECT_EQ(Quota(101, 300), 4);
  EXPECT_EQ(Quota(1, 300), 1);
  EXPECT_EQ(Quota(0, 300), 0);
  EXPECT_EQ(Quota(7, 10000), 7);
}

TEST(SamplingTest, RatiosRespectItemFloorsAndCeilings) {
  registers::SamplingPolicy policy;
  RatioInputs in{&policy, std::nullopt, 2000, 3000};          // a life-safety item: floor 20%
  EXPECT_EQ(StratumRatio("一般对象", "", in), 2000);          // 3% raised to 20%
  EXPECT_EQ(StratumRatio("风险对象（D类）", "D", in), 3000);  // 30%
  in.override_bp = 2500;
  EXPECT_EQ(StratumRatio("一般对象", "", in), 2500);
  EXPECT_EQ(StratumRatio("重点对象", "", in), 10000);
  EXPECT_EQ(CheckOverrideAgainstFloor(1000, 2000).reason(), "QUOTA_BELOW_FLOOR");
  EXPECT_TRUE(CheckOverrideAgainstFloor(2000, 2000).ok());
}

TEST(SamplingTest, ExclusionsInTheirOrder) {
  ExclusionRules r;
  r.yearly_cap = 2;
  r.window_from = *Date::Parse("2026-12-01");
  r.min_interval_days = [](const std::string& code) { return code == "SCJG-SP-01" ? 180 : 0; };
  ExclusionFacts f;
  f.reg_status = registers::RegistrationStatus::kOperating;
  EXPECT_FALSE(ExclusionFor(f, r).has_value());
  f.in_other_task = true;
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kInOtherTask);
  f.last_inspection_by_item = {{"SCJG-SP-01", *Date::Parse("2026-07-01")}};
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kMinInterval);
  f.last_inspection_by_item = {{"SCJG-SP-01", *Date::Parse("2026-05-01")}};  // 214 days ago: fine
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kInOtherTask);
  f.inspections_this_year = 2;
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kYearlyCap);
  f.surviving = false;
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kNotSurviving);
  f.reg_status = registers::RegistrationStatus::kRevoked;
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kNotOperating);
  f.reg_status = std::nullopt;  // a text no dictionary entry names is not 存续 either
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kNotOperating);
}

TEST(SamplingTest, MutualRecognitionExcludesOnlyWithinTheRulesPeriod) {
  ExclusionRules r;
  r.window_from = *Date::Parse("2026-12-01");
  ExclusionFacts f;
  f.reg_status = registers::RegistrationStatus::kOperating;
  f.last_by_other_department = *Date::Parse("2026-11-01");  // 30 days before the window
  EXPECT_FALSE(ExclusionFor(f, r).has_value());             // the rule is off by default
  r.mutual_recognition_days = 31;
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kMutualRecognition);
  r.mutual_recognition_days = 30;  // exactly the period: recognised no longer
  EXPECT_FALSE(ExclusionFor(f, r).has_value());
  r.mutual_recognition_days = 90;
  f.in_other_task = true;  // checked after the recognition
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kMutualRecognition);
  f.last_by_other_department.reset();
  EXPECT_EQ(ExclusionFor(f, r), Exclusion::kInOtherTask);
  EXPECT_EQ(ExclusionName(Exclusion::kMutualRecognition), "mutual_recognition");
}

TEST(PlanTextTest, TitleBatchNamesAndNotesFollowTheTextRules) {
  PlanContent p;
  p.title = "2026年度随机抽查计划";
  p.kind = "年度";
  p.year = 2026;
  Batch b;
  b.seq = 1;
  b.name = "第一季度";
  b.note = "第一行\n第二行";
  p.batches = {b};
  EXPECT_TRUE(CheckPlanText(p).ok());
  PlanContent bad = p;
  bad.title = std::string(101, 'x');
  EXPECT_EQ(CheckPlanText(bad).reason(), "TEXT_TOO_LONG");
  EXPECT_EQ(CheckPlanText(bad).message(), "“计划名称”不能超过 100 个字符");
  bad = p;
  bad.batches[0].name = "第一\u202e季度";
  EXPECT_EQ(CheckPlanText(bad).reason(), "TEXT_INVALID_CHAR");
  EXPECT_NE(std::string(CheckPlanText(bad).message()).find("批次名称"), std::string::npos);
  bad = p;
  bad.batches[0].note = std::string(2001, 'x');
  EXPECT_EQ(CheckPlanText(bad).message(), "“批次说明”不能超过 2000 个字符");
  bad = p;
  bad.batches.assign(101, b);
  EXPECT_EQ(CheckPlanText(bad).reason(), "PLAN_TOO_MANY_BATCHES");
}

TEST(TaskStateTest, NamesAreTheStoredTextAndParseBack) {
  EXPECT_EQ(TaskStatusName(TaskStatus::kDraft), "draft");
  EXPECT_EQ(TaskStatusName(TaskStatus::kTargetsCommitted), "targets_committed");
  EXPECT_EQ(TaskStatusName(TaskStatus::kTargetsLocked), "targets_locked");
  EXPECT_EQ(TaskStatusName(TaskStatus::kDispatched), "dispatched");
  EXPECT_EQ(TaskStatusDisplayName(TaskStatus::kDraft), "待抽取");
  EXPECT_EQ(TaskStatusDisplayName(TaskStatus::kDispatched), "已派发");
  EXPECT_EQ(TaskStatusName(TaskStatus::kCompleted), "completed");
  EXPECT_EQ(TaskStatusDisplayName(TaskStatus::kCompleted), "已完成");
  EXPECT_TRUE(TargetsLocked(TaskStatus::kCompleted));
  for (TaskStatus s : {TaskStatus::kDraft, TaskStatus::kTargetsCommitted,
                       TaskStatus::kTargetsLocked, TaskStatus::kDispatched})
    EXPECT_EQ(ParseTaskStatus(TaskStatusName(s)), s);
  EXPECT_FALSE(TargetsLocked(TaskStatus::kTargetsCommitted));
  EXPECT_TRUE(TargetsLocked(TaskStatus::kTargetsLocked));
  EXPECT_TRUE(TargetsLocked(TaskStatus::kDispatched));
  for (TaskOrigin o : {TaskOrigin::kPlan, TaskOrigin::kAdhoc, TaskOrigin::kJoint})
    EXPECT_EQ(ParseTaskOrigin(TaskOriginName(o)), o);
  EXPECT_EQ(TaskOriginName(TaskOrigin::kAdhoc), "adhoc");
  EXPECT_EQ(TaskDepartmentRoleName(TaskDepartmentRole::kCooperating), "cooperating");
  EXPECT_EQ(ParseTaskDepartmentRole("lead"), TaskDepartmentRole::kLead);
  EXPECT_EQ(AssigneeKindName(AssigneeKind::kExpert), "expert");
  EXPECT_EQ(ParseAssigneeKind("inspector"), AssigneeKind::kInspector);
  for (ProposalStatus s : {ProposalStatus::kOpen, ProposalStatus::kFormed, ProposalStatus::kLapsed})
    EXPECT_EQ(ParseProposalStatus(ProposalStatusName(s)), s);
  for (ProposalResponse r : {ProposalResponse::kPending, ProposalResponse::kAccepted,
                             ProposalResponse::kDeclined, ProposalResponse::kExpired})
    EXPECT_EQ(ParseProposalResponse(ProposalResponseName(r)), r);
}

TEST(TaskStateTest, UnknownTextIsNotAState) {
  EXPECT_EQ(ParseTaskStatus("Draft"), std::nullopt);
  EXPECT_EQ(ParseTaskOrigin(""), std::nullopt);
  EXPECT_EQ(ParseProposalStatus("closed"), std::nullopt);
  EXPECT_EQ(ParseProposalResponse("yes"), std::nullopt);
}

TEST(EligibilitySummaryTest, JsonIsTheAnsweredShapeAndReadsBack) {
  EligibilitySummary s{2,
                       10,
                       {{7, "91410105MA00000003", "甲商店", 2, 5, {{"证件过期", 1}, {"回避", 2}}},
                        {8, "91410105MA00000011", "乙商店", 1, 0, {}}},
                       {10, 3, 2, 5, 1}};
  const nlohmann::json j = EligibilitySummaryToJson(s);
  EXPECT_EQ(
      j.dump(),
      R"({"cap":10,"per_task":2,"staffing":{"fillable":2,"needed":3,"people":5,"policy_cap":10,)"
      R"("short_targets":1},"targets":[{"eligible":5,"excluded":{"回避":2,"证件过期":1},)"
      R"("key":"91410105MA00000003","name":"甲商店","needed":2,"target_id":7},{"eligible":0,)"
      R"("excluded":{},"key":"91410105MA00000011","name":"乙商店","needed":1,"target_id":8}]})");
  EXPECT_EQ(EligibilitySummaryFromJson(j), s);
  // Stored before staffing was recorded: the policy cap was the draw's cap.
  nlohmann::json old = j;
  old.erase("staffing");
  old["cap"] = 4;
  EXPECT_EQ(EligibilitySummaryFromJson(old).staffing.policy_cap, 4);
  EXPECT_EQ(EligibilitySummaryFromJson(nlohmann::json()), EligibilitySummary{});
}

}  // namespace
}  // namespace suiji::plans
