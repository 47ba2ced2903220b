#include "service/plans/task_service.h"

#include <algorithm>
#include <set>

#include "core/hash.h"
#include "service/plans/task_internal.h"
#include "store/draw_store.h"
#include "store/plans/plan_store.h"
#include "store/registers/item_store.h"

namespace suiji::service {
namespace task_detail {

using Json = nlohmann::json;

Status TaskNotFound(int64_t id) {
  return NotFound("TASK_NOT_FOUND", "抽查任务不存在（编号 " + std::to_string(id) + "）");
}

std::optional<int64_t> UserId(const Principal& who) {
  return who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt;
}

StatusOr<registers::DepartmentRules> EffectiveRules(store::Connection& c, int64_t department_id) {
  ASSIGN_OR_RETURN(auto versions, store::ListRulesVersions(c, department_id));
  for (auto it = versions.rbegin(); it != versions.rend(); ++it)
    if (it->published_at) return it->rules;
  if (!versions.empty()) return versions.back().rules;
  return registers::DefaultRules(department_id);
}

StatusOr<std::vector<registers::InspectionItem>> ItemsOf(store::Connection& c,
                                                         int64_t department_id,
                                                         const std::vector<std::string>& codes) {
  std::vector<registers::InspectionItem> out;
  for (const auto& code : codes) {
    ASSIGN_OR_RETURN(auto head, store::FindItemHeadByCode(c, department_id, code));
    if (!head || !head->active)
      return FailedPrecondition("TASK_ITEM_INACTIVE",
                                "抽查事项“" + code + "”不在该部门现行抽查事项清单中");
    ASSIGN_OR_RETURN(auto version, store::FindItemVersion(c, head->id, head->current_version));
    if (!version) return Internal("item version missing: " + code);
    out.push_back(version->item);
  }
  return out;
}

StatusOr<std::vector<std::string>> ItemNamesOf(store::Connection& c, int64_t department_id,
                                               const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  out.reserve(codes.size());
  for (const auto& code : codes) {
    ASSIGN_OR_RETURN(auto head, store::FindItemHeadByCode(c, department_id, code));
    out.push_back(head ? head->name : "");
  }
  return out;
}

std::string LockedFactsDigest(const std::vector<store::TaskTargetRow>& rows) {
  Sha256Hasher h;
  h.Update("SJ-TASK-TARGETS-LOCKED-1");
  for (const auto& r : rows) {
    h.UpdateU32(static_cast<uint32_t>(r.position));
    h.UpdateU32(r.locked ? 1 : 0);
    if (!r.locked) continue;
    h.UpdateLengthPrefixed(r.locked->name);
    h.UpdateLengthPrefixed(r.locked->address);
    h.UpdateLengthPrefixed(r.locked->unit_name);
  }
  return ToHex(h.Finish());
}

StatusOr<ExpertNeed> ExpertNeedOf(store::Connection& c, int64_t department_id,
                                  const std::vector<std::string>& codes) {
  ExpertNeed need;
  need.department_id = department_id;
  std::set<std::string> fields;
  for (const auto& code : codes) {
    ASSIGN_OR_RETURN(auto head, store::FindItemHeadByCode(c, department_id, code));
    if (!head) continue;
    ASSIGN_OR_RETURN(auto version, store::FindItemVersion(c, head->id, head->current_version));
    if (!version || version->item.experts_per_target <= 0) continue;
    need.per_target = std::max(need.per_target, version->item.experts_per_target);
    fields.insert(version->item.expert_fields.begin(), version->item.expert_fields.end());
  }
  need.fields.assign(fields.begin(), fields.end());
  return need;
}

Status RequireAssignable(const TaskView& v, int64_t department_id, std::string_view action) {
  if (std::none_of(v.departments.begin(), v.departments.end(),
                   [&](auto& d) { return d.department_id == department_id; }))
    return InvalidArgument("TASK_DEPARTMENT_INVALID", "该部门不参与此抽查任务");
  if (!plans::TargetsLocked(v.row.status))
    return FailedPrecondition("TASK_TARGETS_NOT_LOCKED",
                              "检查对象尚未抽取锁定，不能" + std::string(action));
  return OkStatus();
}

std::string RiskClassOfStratum(const std::string& stratum) {
  // "风险对象（C类）" -> "C"
  const std::string prefix = "风险对象（";
  if (!stratum.starts_with(prefix)) return "";
  std::string rest = stratum.substr(prefix.size());
  return rest.substr(0, rest.find("类"));
}

}  // namespace task_detail

TaskService::TaskService(store::Database& db, const Clock& clock, OrgService& org,
                         RegisterServices& registers, DrawService& draws, PlanService& plans)
    : db_(db), clock_(clock), org_(org), registers_(registers), draws_(draws), plans_(plans) {}

}  // namespace suiji::service
