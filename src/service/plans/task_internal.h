// Helpers shared by the task service's files (task_*.cc): not part of the service's interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/plans/task.h"
#include "core/registers/item.h"
#include "core/registers/people.h"
#include "core/registers/rules.h"
#include "service/plans/task_service.h"
#include "service/store_fwd.h"

namespace suiji::service::task_detail {

Status TaskNotFound(int64_t id);
std::optional<int64_t> UserId(const Principal& who);
// The department's published rules (the newest version when none is published yet; defaults).
StatusOr<registers::DepartmentRules> EffectiveRules(store::Connection& c, int64_t department_id);
// The department's current versions of `codes`; FailedPrecondition TASK_ITEM_INACTIVE.
StatusOr<std::vector<registers::InspectionItem>> ItemsOf(store::Connection& c,
                                                         int64_t department_id,
                                                         const std::vector<std::string>& codes);
// The names of `codes` (parallel; "" for a code the department does not have), items
// deactivated since included: what a reader sees beside each code.
StatusOr<std::vector<std::string>> ItemNamesOf(store::Connection& c, int64_t department_id,
                                               const std::vector<std::string>& codes);
// SHA-256 (hex) over the locked facts of a task's rows in position order: what task.lock_targets
// records so `suiji audit verify` notices an edited snapshot.
std::string LockedFactsDigest(const std::vector<store::TaskTargetRow>& rows);
// What the department's items of a task ask of experts. Items deactivated since the task was
// created still count (the task was planned with them).
StatusOr<ExpertNeed> ExpertNeedOf(store::Connection& c, int64_t department_id,
                                  const std::vector<std::string>& codes);
// People are drawn for a department taking part in the task, once its targets are locked.
Status RequireAssignable(const TaskView& v, int64_t department_id, std::string_view action);
// Why an expert may not serve on any target of a task over [from, to] with `fields` (inactive,
// engagement not covering the window, no matching field), or nullptr: the checks that do not
// depend on the target.
const char* ExpertExcludedForTask(const registers::Expert& x, std::optional<Date> from,
                                  std::optional<Date> to, const std::vector<std::string>& fields);
// "风险对象（C类）" -> "C"
std::string RiskClassOfStratum(const std::string& stratum);

}  // namespace suiji::service::task_detail
