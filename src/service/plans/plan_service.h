// Plans (SPEC §PLAN) and joint-inspection proposals (部门联合抽查, seeds 002 and 004).
//
// Plans: created and edited as 草稿 by planners, submitted, approved by an approver who neither
// created nor submitted that version (separation of duties), published on the portal, then
// executed through tasks. An approved plan changes only by adjustment: a new version with a
// reason, approved the same way; the old version becomes 已调整.
//
// Joint proposals: Detect() finds targets that two or more departments' plans would inspect in
// overlapping windows and proposes one joint task to those departments, each with 10 working
// days (official calendar) to answer. When all have answered, or the deadline has passed (the
// silent ones count as expired), the accepting departments — if at least two — form a joint task
// led by the proposal's lead (or the first accepting department); otherwise the proposal lapses
// and everyone inspects alone. Every step is audited.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/plans/plan.h"
#include "core/plans/records.h"
#include "core/status.h"
#include "core/time.h"
#include "service/org_service.h"
#include "service/registers/registers.h"
#include "service/store_fwd.h"

namespace suiji::service {

struct PlanView {
  plans::PlanRecord row;
  plans::PlanContent content;
  std::string department_name;
  // Filled for the public (ListPublic) only, parallel to content.batches: the object scope in
  // words (units and regions named) and the names of the batch's item codes ("" if unknown).
  std::vector<std::string> scope_descriptions;
  std::vector<std::vector<std::string>> item_names;
};

struct ProposalView {
  plans::ProposalRecord row;
  std::vector<plans::ProposalMemberRecord> members;
  std::vector<std::string> department_names;  // parallel to members
};

// Creates the joint task of a formed proposal inside the caller's transaction (from the
// accepted members); returns its id. Handed in by the composition root (the task service
// creates tasks; plans know nothing of it).
using JointTaskFactory = std::function<StatusOr<int64_t>(
    store::Connection& c, const Principal& who, const ProposalView& proposal,
    const std::vector<plans::ProposalMemberRecord>& accepted)>;

class PlanService {
 public:
  PlanService(store::Database& db, const Clock& clock, OrgService& org, RegisterServices& registers,
              const WorkingCalendar& calendar, JointTaskFactory joint_tasks)
      : db_(db),
        clock_(clock),
        org_(org),
        registers_(registers),
        calendar_(calendar),
        joint_tasks_(std::move(joint_tasks)) {}

  StatusOr<PlanView> Create(const Principal& who, int64_t department_id,
                            const plans::PlanContent& content);
  StatusOr<PlanView> UpdateDraft(const Principal& who, int64_t plan_id,
                                 const plans::PlanContent& content);
  StatusOr<PlanView> Submit(const Principal& who, int64_t plan_id);
  StatusOr<PlanView> Return(const Principal& who, int64_t plan_id, const std::string& note);
  StatusOr<PlanView> Approve(const Principal& who, int64_t plan_id, const std::string& note);
  StatusOr<PlanView> Publish(const Principal& who, int64_t plan_id);
  StatusOr<PlanView> Complete(const Principal& who, int64_t plan_id);
  // A new version (草稿) of an approved, published or executing plan; `reason` is required.
  StatusOr<PlanView> Adjust(const Principal& who, int64_t plan_id,
                            const plans::PlanContent& content, const std::string& reason);

  StatusOr<PlanView> Get(const Principal& who, int64_t plan_id);
  StatusOr<std::vector<PlanView>> List(const Principal& who, std::optional<int64_t> department_id,
                                       std::optional<int> year);
  StatusOr<std::vector<PlanView>> Versions(const Principal& who, int64_t plan_id);
  StatusOr<registers::Changes> Diff(const Principal& who, int64_t plan_id, int from_version,
                                    int to_version);
  // Published (and later) plans, for the portal.
  StatusOr<std::vector<PlanView>> ListPublic(std::optional<int> year);

  // Marks a published plan 执行中 (the first task created from it).
  Status StartIn(store::Connection& c, const Principal& who, const plans::PlanRecord& plan);
  StatusOr<PlanView> LoadIn(store::Connection& c, int64_t plan_id);

  // --- joint proposals ---
  // Detects overlaps among approved/published/executing plans visible to `who` and creates new
  // proposals (pairs already proposed are skipped). Returns the proposals it created.
  StatusOr<std::vector<ProposalView>> DetectJoint(const Principal& who, std::optional<int> year);
  StatusOr<ProposalView> Respond(const Principal& who, int64_t proposal_id, int64_t department_id,
                                 bool accept, const std::string& note);
  // Resolves every open proposal whose deadline has passed (the silent members expire).
  StatusOr<int> ResolveExpired(const Principal& who);
  StatusOr<ProposalView> GetProposal(const Principal& who, int64_t proposal_id);
  StatusOr<std::vector<ProposalView>> ListProposals(const Principal& who,
                                                    std::optional<int64_t> department_id);

 private:
  StatusOr<PlanView> Transition(const Principal& who, int64_t plan_id, plans::PlanAction action,
                                Permission permission, const std::string& note);
  Status CheckContent(store::Connection& c, int64_t department_id,
                      const plans::PlanContent& content);
  Status RequireReadable(const Principal& who, int64_t department_id);
  StatusOr<ProposalView> LoadProposal(store::Connection& c, int64_t id);
  Status ResolveIn(store::Connection& c, const Principal& who, int64_t proposal_id,
                   bool deadline_passed);
  Date Today() const { return ChinaDate(clock_.Now()); }

  store::Database& db_;
  const Clock& clock_;
  OrgService& org_;
  RegisterServices& registers_;
  const WorkingCalendar& calendar_;
  JointTaskFactory joint_tasks_;
};

}  // namespace suiji::service
