#include "service/oversight/deadline_sweep.h"

#include <utility>
#include <vector>

#include "service/audit.h"
#include "service/oversight/accountability.h"
#include "service/oversight/messages.h"
#include "store/credit/credit_store.h"
#include "store/database.h"
#include "store/oversight/message_store.h"

namespace suiji::service {

// What one deadline's firing writes.
struct DeadlineSweep::Firing {
  std::string kind;  // deadline_firings.kind
  int64_t record_id = 0;
  Date deadline;
  std::string record_no;  // for the audit entry
  Notice notice;
  // Who gets the message: the holders of the permission in each department.
  std::vector<std::pair<int64_t, Permission>> notify;
  // Departments that failed the obligation (passed deadlines only).
  std::optional<ObligationKind> obligation;
  std::vector<int64_t> accountable;
  std::string obligation_text;
  // Re-checked inside the firing's transaction: false when the obligation was met meanwhile.
  std::function<StatusOr<bool>(store::Connection&)> still_due;
};

namespace {

const Principal& DeadlinePrincipal() {
  static const Principal p = Principal::System("deadline");
  return p;
}

int64_t WorkingDaysLeft(const WorkingCalendar& cal, Date today, Date deadline) {
  if (deadline >= today) return cal.WorkingDaysBetween(today, deadline).value;
  return -cal.WorkingDaysBetween(deadline, today).value;
}

}  // namespace

Status DeadlineSweep::Fire(const Firing& f, SweepReport& report, int SweepReport::*counter) {
  int messages = 0;
  int entries = 0;
  bool fired = false;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        messages = entries = 0;
        fired = false;
        if (f.still_due) {
          ASSIGN_OR_RETURN(bool due, f.still_due(c));
          if (!due) return OkStatus();
        }
        const std::string now = FormatTimestamp(clock_.Now());
        ASSIGN_OR_RETURN(auto firing_id,
                         store::ClaimDeadlineFiring(
                             c, {0, f.kind, f.record_id, f.deadline.ToString(), now, instance_}));
        if (!firing_id) return OkStatus();  // fired already, here or by another server
        fired = true;
        for (const auto& [department_id, permission] : f.notify) {
          ASSIGN_OR_RETURN(
              int n, NotifyDepartmentIn(c, org_, clock_, department_id, permission, f.notice));
          messages += n;
        }
        if (f.obligation) {
          for (int64_t department_id : f.accountable) {
            store::AccountabilityRow a;
            a.kind = std::string(ObligationKindName(*f.obligation));
            a.department_id = department_id;
            a.record_kind = f.notice.record_kind;
            a.record_id = f.record_id;
            a.record_no = f.record_no;
            a.link = f.notice.link;
            a.obligation = f.obligation_text;
            a.detail = f.notice.body;
            a.deadline = f.deadline.ToString();
            a.firing_id = *firing_id;
            a.recorded_at = now;
            RETURN_IF_ERROR(store::InsertAccountability(c, a).status());
            ++entries;
          }
        }
        return RecordAudit(c, clock_, DeadlinePrincipal(), "deadline.fire", f.notice.record_kind,
                           f.record_no,
                           {{"kind", f.kind},
                            {"record_id", f.record_id},
                            {"deadline", f.deadline.ToString()},
                            {"instance", instance_},
                            {"messages", messages},
                            {"accountable", f.accountable}})
            .status();
      }));
  if (fired) {
    ++(report.*counter);
    report.messages += messages;
    report.accountability += entries;
  }
  return OkStatus();
}

Status DeadlineSweep::SweepJointProposals(Date today, SweepReport& report) {
  // Lists resolve the open proposals whose deadline passed (the silent members expire).
  ASSIGN_OR_RETURN(auto proposals, plans_.ListProposals(DeadlinePrincipal(), std::nullopt));
  for (const auto& p : proposals) {
    const auto deadline = Date::Parse(p.row.deadline);
    if (!deadline) continue;
    std::vector<int64_t> silent;
    std::vector<int64_t> pending;
    for (const auto& m : p.members) {
      if (m.response == plans::ProposalResponse::kExpired) silent.push_back(m.department_id);
      if (m.response == plans::ProposalResponse::kPending) pending.push_back(m.department_id);
    }
    std::string names;
    for (const auto& n : p.department_names) names += (names.empty() ? "" : "、") + n;
    Firing f;
    f.record_id = p.row.id;
    f.deadline = *deadline;
    f.record_no = p.row.proposal_no;
    f.notice.record_kind = "joint_proposal";
    f.notice.record_id = p.row.id;
    f.notice.link = "/console/joint";
    if (*deadline < today && !silent.empty()) {
      f.kind = "joint_answer";
      f.notice.kind = MessageKind::kOverdue;
      f.notice.subject = "联合抽查建议 " + p.row.proposal_no + " 答复期限已过";
      f.notice.body = "联合抽查建议 " + p.row.proposal_no + "（" + names + "）应于 " +
                      p.row.deadline + " 前答复，逾期未答复的部门按不参加处理。";
      for (const auto& m : p.members)
        f.notify.emplace_back(m.department_id, Permission::kPlanApprove);
      f.obligation = ObligationKind::kJointAnswer;
      f.accountable = silent;
      f.obligation_text = "未在 10 个工作日内答复联合抽查建议";
      RETURN_IF_ERROR(Fire(f, report, &SweepReport::joint_answers));
    } else if (p.row.status == plans::ProposalStatus::kOpen && !pending.empty() &&
               *deadline >= today &&
               WorkingDaysLeft(calendar_, today, *deadline) <= inspections::kDueSoonWorkingDays) {
      f.kind = "joint_answer_due_soon";
      f.notice.kind = MessageKind::kDueSoon;
      f.notice.subject = "联合抽查建议 " + p.row.proposal_no + " 将于 " + p.row.deadline + " 到期";
      f.notice.body = "请在 " + p.row.deadline + " 前答复联合抽查建议 " + p.row.proposal_no + "（" +
                      names + "），逾期按不参加处理。";
      for (int64_t d : pending) f.notify.emplace_back(d, Permission::kPlanApprove);
      RETURN_IF_ERROR(Fire(f, report, &SweepReport::due_soon));
    }
  }
  return OkStatus();
}

Status DeadlineSweep::SweepPublications(SweepReport& report) {
  ASSIGN_OR_RETURN(DeadlineReport deadlines,
                   inspections_.Deadlines(DeadlinePrincipal(), std::nullopt));
  auto firing_of = [](const DeadlineLine& d) {
    Firing f;
    f.record_id = d.record_id;
    f.deadline = d.deadline;
    f.record_no = d.task_no;
    f.notice.record_kind = "record";
    f.notice.record_id = d.record_id;
    f.notice.link = "/console/results/records/" + std::to_string(d.record_id);
    return f;
  };
  for (const auto& d : deadlines.overdue) {
    Firing f = firing_of(d);
    f.kind = "publication";
    f.notice.kind = MessageKind::kOverdue;
    f.notice.subject = "检查结果逾期未公示：" + d.target_name;
    f.notice.body = "任务 " + d.task_no + "「" + d.task_title + "」中 " + d.target_name +
                    " 的检查结果（" + d.department_name + "）应于 " + d.deadline.ToString() +
                    " 前公示，现已逾期。";
    f.notify.emplace_back(d.department_id, Permission::kResultApprove);
    f.obligation = ObligationKind::kPublication;
    f.accountable = {d.department_id};
    f.obligation_text = d.status == inspections::RecordStatus::kPending ||
                                d.status == inspections::RecordStatus::kReturned
                            ? "检查结果未在 20 个工作日内录入并公示"
                            : "检查结果未在 20 个工作日内公示";
    RETURN_IF_ERROR(Fire(f, report, &SweepReport::publications));
  }
  for (const auto& d : deadlines.due_soon) {
    Firing f = firing_of(d);
    f.kind = "publication_due_soon";
    f.notice.kind = MessageKind::kDueSoon;
    f.notice.subject = "检查结果将于 " + d.deadline.ToString() + " 到期：" + d.target_name;
    f.notice.body = "任务 " + d.task_no + "「" + d.task_title + "」中 " + d.target_name +
                    " 的检查结果须在 " + d.deadline.ToString() + " 前审核并公示。";
    f.notify.emplace_back(d.department_id, Permission::kResultApprove);
    RETURN_IF_ERROR(Fire(f, report, &SweepReport::due_soon));
  }
  return OkStatus();
}

Status DeadlineSweep::SweepCreditProposals(SweepReport& report) {
  CreditService::ProposalFilter filter;
  filter.status = credit::ProposalStatus::kPending;
  ASSIGN_OR_RETURN(auto list, credit_.Proposals(DeadlinePrincipal(), filter));
  for (const auto& p : list.items) {
    const bool soon = !p.overdue && p.working_days_left <= inspections::kDueSoonWorkingDays;
    if (!p.overdue && !soon) continue;
    const std::string list_name(credit::ListKindDisplay(p.list_kind));
    Firing f;
    f.record_id = p.id;
    f.deadline = p.due_on;
    f.record_no = p.publication_no;
    f.notice.record_kind = "credit_proposal";
    f.notice.record_id = p.id;
    f.notice.link = "/console/results/credit";
    f.notify.emplace_back(p.department_id, Permission::kResultApprove);
    const int64_t id = p.id;
    f.still_due = [id](store::Connection& c) -> StatusOr<bool> {
      ASSIGN_OR_RETURN(auto row, store::FindCreditProposal(c, id));
      return row && row->status == "pending";
    };
    if (p.overdue) {
      f.kind = "credit_proposal";
      f.notice.kind = MessageKind::kOverdue;
      f.notice.subject = "列入" + list_name + "建议逾期未决定：" + p.target_name;
      f.notice.body = "对 " + p.target_name + "（" + p.target_key + "）列入" + list_name +
                      "的建议（公示 " + p.publication_no + "）应于 " + p.due_on.ToString() +
                      " 前作出决定，现已逾期。";
      f.obligation = ObligationKind::kCreditProposal;
      f.accountable = {p.department_id};
      f.obligation_text = "未在 10 个工作日内对列入" + list_name + "建议作出决定";
      RETURN_IF_ERROR(Fire(f, report, &SweepReport::credit_proposals));
    } else {
      f.kind = "credit_proposal_due_soon";
      f.notice.kind = MessageKind::kDueSoon;
      f.notice.subject =
          "列入" + list_name + "建议将于 " + p.due_on.ToString() + " 到期：" + p.target_name;
      f.notice.body = "请在 " + p.due_on.ToString() + " 前对 " + p.target_name + " 列入" +
                      list_name + "的建议作出决定。";
      RETURN_IF_ERROR(Fire(f, report, &SweepReport::due_soon));
    }
  }
  return OkStatus();
}

StatusOr<SweepReport> DeadlineSweep::RunOnce() {
  SweepReport report;
  const Date today = ChinaDate(clock_.Now());
  RETURN_IF_ERROR(SweepJointProposals(today, report));
  RETURN_IF_ERROR(SweepPublications(report));
  RETURN_IF_ERROR(SweepCreditProposals(report));
  return report;
}

DeadlineScheduler::DeadlineScheduler(DeadlineSweep& sweep, std::chrono::milliseconds period,
                                     std::function<void(const Status&)> on_error)
    : sweep_(sweep), period_(period), on_error_(std::move(on_error)) {
  thread_ = std::thread([this] { Run(); });
}

DeadlineScheduler::~DeadlineScheduler() { Stop(); }

void DeadlineScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeadlineScheduler::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    auto pass = sweep_.RunOnce();
    if (!pass.ok() && on_error_) on_error_(pass.status());
    passes_.fetch_add(1);
    lock.lock();
    cv_.wait_for(lock, period_, [&] { return stop_; });
  }
}

}  // namespace suiji::service
