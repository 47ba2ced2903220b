// The demo's whole cycle (issue 11): three small tasks of 金水区市场监督管理局 drawn with a witness
// (targets and inspectors), their targets recorded, and then one task published, one waiting for
// review and one approved but left unpublished past its 20-working-day deadline — so that a first
// start shows 抽查结果, 随机抽取记录, the review queue and the overdue list with real entries.
// Dates are relative to today, so the demo reads the same whenever it is loaded.

#include "core/draw/draw_state.h"
#include "service/demo.h"
#include "service/platform.h"

namespace suiji::service {
namespace {

struct CycleTask {
  const char* title;
  int start_days_ago;      // window start
  int inspected_days_ago;  // the visit
  enum Stage { kPublished, kInReview, kOverdue } stage;
};

StatusOr<TaskView> DrawTask(Platform& p, const Principal& sys, const CycleTask& c, Date today,
                            const std::vector<std::string>& keys, int round) {
  NewTask t;
  t.title = c.title;
  t.department_id = 1;
  t.task_type = "定向";
  t.window_from = today.AddDays(-c.start_days_ago);
  t.window_to = today.AddDays(30);
  t.item_codes = {"SCJG-GS-01", "SCJG-GS-02"};
  t.filter.keys = keys;
  t.ratio_bp = 3000;
  ASSIGN_OR_RETURN(TaskView v, p.tasks().CreateAdhoc(sys, t));
  const int64_t id = v.row.id;
  ASSIGN_OR_RETURN(v, p.tasks().CommitTargets(sys, id, {"现场见证人掷骰"}));
  RETURN_IF_ERROR(
      p.draws().AddWitness(sys, *v.target_draw_no, "陈志远", "金水区人大代表").status());
  ASSIGN_OR_RETURN(v, p.ceremony().RevealTargets(sys, id, {std::to_string(300 + round)}));
  ASSIGN_OR_RETURN(v, p.tasks().CommitInspectors(sys, id, 1, {"现场见证人掷骰"}));
  const auto draws = v.inspector_draws;
  for (const auto& d : draws) {
    if (d.status != draw::DrawStatus::kCommitted) continue;
    RETURN_IF_ERROR(p.draws().AddWitness(sys, d.draw_no, "陈志远", "金水区人大代表").status());
    ASSIGN_OR_RETURN(
        v, p.ceremony().RevealAssignments(sys, id, d.draw_no, {std::to_string(500 + round)}));
  }
  // The ceremony's steps answer with the task counted; the cycle records results per target.
  return p.tasks().Get(sys, id);
}

}  // namespace

StatusOr<DemoCycleReport> LoadDemoCycle(Platform& p) {
  const Principal sys = Principal::System("demo");
  const Date today = ChinaDate(p.clock().Now());
  // 30 surviving enterprises of 花园路, ten per task (each task draws 30% of its ten).
  registers::TargetFilter f;
  f.unit_ids = {7};
  f.types = {"企业"};
  f.reg_statuses = {"存续"};
  f.surviving = true;
  std::vector<std::string> keys;
  RETURN_IF_ERROR(
      p.registers().targets().Scan(sys, f, std::nullopt, [&](const registers::TargetRecord& t) {
        if (t.target.tags.empty()) keys.push_back(t.target.NaturalKey());
        return keys.size() < 30;
      }));
  if (keys.size() < 30)
    return FailedPrecondition("DEMO_TARGETS_MISSING", "演示数据中花园路的企业不足 30 家");

  const CycleTask tasks[] = {
      {"企业年度报告公示信息抽查（演示：已公示）", 45, 20, CycleTask::kPublished},
      {"企业公示信息抽查（演示：待审核）", 20, 3, CycleTask::kInReview},
      {"企业公示信息抽查（演示：逾期未公示）", 80, 50, CycleTask::kOverdue},
  };
  DemoCycleReport report;
  for (int i = 0; i < 3; ++i) {
    const CycleTask& c = tasks[i];
    ASSIGN_OR_RETURN(
        TaskView v,
        DrawTask(p, sys, c, today,
                 std::vector<std::string>(keys.begin() + i * 10, keys.begin() + i * 10 + 10), i));
    ++report.tasks;
    const Date visit = today.AddDays(-c.inspected_days_ago);
    int n = 0;
    for (const auto& target : v.targets) {
      inspections::RecordEntry e;
      const bool problem =
          n++ == 0;  // the first target of each task had not published its shareholder change
      e.items = {{"SCJG-GS-01",
                  {"书面检查", "网络监测"},
                  visit,
                  "",
                  "",
                  "未发现问题",
                  "无需后续处置",
                  false},
                 {"SCJG-GS-02",
                  {"实地检查"},
                  visit,
                  problem ? "股东变更信息未按规定在20个工作日内公示" : "",
                  problem ? "当场责令10个工作日内补充公示" : "",
                  problem ? "未按规定公示应当公示的信息" : "未发现问题",
                  problem ? "责令改正并跟踪复查" : "无需后续处置",
                  false}};
      e.remark = problem ? "已责令限期改正，将跟踪复查" : "";
      ASSIGN_OR_RETURN(RecordView r,
                       p.inspections().Save(sys, v.row.id, target.target_id, 1, e, 0));
      ASSIGN_OR_RETURN(r, p.inspections().Submit(sys, r.id, r.revision));
      ASSIGN_OR_RETURN(r, p.inspections().Confirm(sys, r.id, r.revision));
      if (c.stage == CycleTask::kInReview) {
        ++report.in_review;
        continue;
      }
      ASSIGN_OR_RETURN(r, p.inspections().Approve(sys, r.id));
      if (c.stage == CycleTask::kOverdue) {
        ++report.overdue;
        continue;
      }
      ASSIGN_OR_RETURN(r, p.inspections().Publish(sys, r.id));
      ++report.published;
    }
  }
  return report;
}

}  // namespace suiji::service
