#include "service/registers/context.h"

#include <unordered_map>
#include <utility>

namespace suiji::service {

Status RequireRegisterRead(const Principal& who) {
  if (HoldsPermissionSomewhere(who, Permission::kRegisterRead)) return OkStatus();
  return PermissionDenied(
      "PERMISSION_DENIED",
      "没有权限：需要“" + std::string(PermissionName(Permission::kRegisterRead)) + "”权限");
}

std::string ActorName(const Principal& who) {
  return who.username.empty() ? "system" : who.username;
}

store::HistoryContext HistoryFor(const Principal& who, std::string at, std::string note) {
  store::HistoryContext h;
  h.at = std::move(at);
  h.actor = ActorName(who);
  if (who.user_id > 0) h.actor_id = who.user_id;
  h.note = std::move(note);
  return h;
}

std::function<std::string(int64_t)> UnitNamer(std::shared_ptr<const OrgSnapshot> snap) {
  return [snap = std::move(snap)](int64_t id) {
    const Unit* u = snap ? snap->FindUnit(id) : nullptr;
    return u ? u->name : "单位" + std::to_string(id);
  };
}

std::function<std::string(int64_t)> DepartmentNamer(std::shared_ptr<const OrgSnapshot> snap) {
  return [snap = std::move(snap)](int64_t id) {
    const Department* d = snap ? snap->FindDepartment(id) : nullptr;
    return d ? d->name : "部门" + std::to_string(id);
  };
}

std::vector<int64_t> UnitSubtree(const OrgSnapshot& snap, int64_t unit_id) {
  std::unordered_map<int64_t, std::vector<int64_t>> children;
  for (const Unit& u : snap.units)
    if (u.parent_id) children[*u.parent_id].push_back(u.id);
  std::vector<int64_t> out;
  if (!snap.FindUnit(unit_id)) return out;
  std::vector<int64_t> stack = {unit_id};
  while (!stack.empty() && out.size() < snap.units.size()) {
    int64_t id = stack.back();
    stack.pop_back();
    out.push_back(id);
    for (int64_t c : children[id]) stack.push_back(c);
  }
  return out;
}

}  // namespace suiji::service
