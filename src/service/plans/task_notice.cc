#include "service/plans/task_service.h"

#include <algorithm>

#include "service/plans/task_internal.h"
#include "store/draw_store.h"
#include "store/plans/plan_store.h"

namespace suiji::service {

using task_detail::ItemsOf;

namespace {

Date DateOf(const std::string& iso) {
  // Stored windows are YYYY-MM-DD (validated when the task was created).
  return Date::Parse(iso.substr(0, 10)).value_or(Date{});
}

}  // namespace

StatusOr<plans::InspectionNotice> TaskService::Notice(const Principal& who, int64_t task_id,
                                                      int64_t target_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  auto t = std::find_if(v.targets.begin(), v.targets.end(),
                        [&](auto& x) { return x.target_id == target_id; });
  if (t == v.targets.end()) return NotFound("TASK_TARGET_NOT_FOUND", "该检查对象不在此任务中");
  plans::InspectionNotice n;
  n.task_no = v.row.task_no;
  n.task_title = v.row.title;
  n.target_id = t->target_id;
  n.target_name = t->name;
  n.target_key = t->key;
  n.target_address = t->address;
  n.window_from = DateOf(v.row.window_from);
  n.window_to = DateOf(v.row.window_to);
  for (const auto& a : v.assignments) {
    if (a.target_id != target_id) continue;
    n.inspectors.push_back({a.name, a.cert_no, v.DepartmentName(a.department_id)});
  }
  if (n.inspectors.empty())
    return FailedPrecondition("TASK_NOT_DISPATCHED",
                              "该检查对象尚未选派执法检查人员，不能出具检查通知书");
  // A team that may not go gets no notice: SPEC §DRAW asks for at least two inspectors (the
  // department's team size) and the experts the items need before anyone is sent.
  if (!v.Dispatchable(target_id)) {
    std::string why;
    for (const auto& p : v.problems)
      if (!p.target_id || *p.target_id == target_id) why += (why.empty() ? "" : "；") + p.text;
    return FailedPrecondition("TASK_TEAM_INCOMPLETE",
                              "该检查对象的检查组尚未满员，不能出具检查通知书（" + why +
                                  "）。请先补充抽取，检查组满员后再出具。");
  }
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto items, ItemsOf(*conn, d.department_id, d.item_codes));
    for (auto& i : items) n.items.push_back({i.code, i.name, std::move(i.legal_basis)});
  }
  for (const auto& e : v.experts) {
    if (e.target_id != target_id) continue;
    n.experts.push_back({e.name, e.title, e.organisation});
  }
  n.department_names = v.department_names;
  n.issued_on = ChinaDate(clock_.Now());
  n.target_draw_no = v.target_draw_no;
  return n;
}

}  // namespace suiji::service
