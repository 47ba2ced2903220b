#include "service/oversight/accountability.h"

#include <algorithm>

#include "service/readable_scope.h"
#include "store/database.h"
#include "store/oversight/message_store.h"

namespace suiji::service {
namespace {

struct KindText {
  ObligationKind kind;
  std::string_view name;
  std::string_view display;
};
constexpr KindText kKinds[] = {
    {ObligationKind::kJointAnswer, "joint_answer", "联合抽查建议未按期答复"},
    {ObligationKind::kPublication, "publication", "检查结果未按期公示"},
    {ObligationKind::kCreditProposal, "credit_proposal", "列入名录建议未按期决定"},
};

}  // namespace

std::string_view ObligationKindName(ObligationKind k) {
  for (const auto& t : kKinds)
    if (t.kind == k) return t.name;
  return "";
}

std::string_view ObligationKindDisplay(ObligationKind k) {
  for (const auto& t : kKinds)
    if (t.kind == k) return t.display;
  return "";
}

std::optional<ObligationKind> ParseObligationKind(std::string_view name) {
  for (const auto& t : kKinds)
    if (t.name == name) return t.kind;
  return std::nullopt;
}

StatusOr<AccountabilityPage> AccountabilityService::List(const Principal& who,
                                                         const Filter& filter) {
  if (filter.limit < 1 || filter.limit > 500)
    return InvalidArgument("FIELD_INVALID", "每页条数应在 1 到 500 之间");
  if (filter.offset < 0) return InvalidArgument("FIELD_INVALID", "偏移量不能为负数");
  store::AccountabilityQuery q;
  ASSIGN_OR_RETURN(q.within_departments, ReadableDepartments(org_, who, {Permission::kStatsRead}));
  if (filter.department_id) {
    if (q.within_departments &&
        std::find(q.within_departments->begin(), q.within_departments->end(),
                  *filter.department_id) == q.within_departments->end())
      return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的责任追究清单");
    q.within_departments = std::vector<int64_t>{*filter.department_id};
  }
  if (filter.kind) q.kind = std::string(ObligationKindName(*filter.kind));
  q.limit = filter.limit;
  q.offset = filter.offset;
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListAccountability(*conn, q));
  AccountabilityPage page;
  ASSIGN_OR_RETURN(page.total, store::CountAccountability(*conn, q));
  for (const auto& r : rows) {
    AccountabilityView v;
    v.id = r.id;
    v.kind = ParseObligationKind(r.kind).value_or(ObligationKind::kPublication);
    v.department_id = r.department_id;
    if (const auto* d = snap->FindDepartment(r.department_id)) v.department_name = d->name;
    v.record_kind = r.record_kind;
    v.record_id = r.record_id;
    v.record_no = r.record_no;
    v.link = r.link;
    v.obligation = r.obligation;
    v.detail = r.detail;
    v.deadline = r.deadline;
    v.recorded_at = r.recorded_at;
    page.items.push_back(std::move(v));
  }
  return page;
}

}  // namespace suiji::service
