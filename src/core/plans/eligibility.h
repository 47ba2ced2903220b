// Who may be drawn for a task's locked targets (SPEC §DRAW: inspectors and experts), as the
// eligibility step shows it and an assignment draw records it: per target, the open places,
// how many people are eligible and why the others are not (counts by reason). Pure domain;
// the one mapping to and from the JSON that the API answers and task_inspector_draws keeps.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace suiji::plans {

struct EligibilityLine {
  int64_t target_id = 0;
  std::string key;  // the target's natural key (the draw's task id)
  std::string name;
  int needed = 0;                       // open places on this target's team
  int64_t eligible = 0;                 // people who may be drawn for them
  std::map<std::string, int> excluded;  // reason label ("证件过期" …) -> people
  friend bool operator==(const EligibilityLine&, const EligibilityLine&) = default;
};

struct EligibilitySummary {
  int per_task = 2;  // team size (inspectors) or experts per target
  int cap = 10;  // tasks one person may take in this draw (≤ policy_cap; core/plans/staffing.h)
  std::vector<EligibilityLine> targets;
  // Whether the open places can be staffed (plans::CheckStaffing under this draw's caps).
  struct Staffing {
    int policy_cap = 10;        // the department's cap per task, over every draw of the task
    int64_t needed = 0;         // open places
    int64_t fillable = 0;       // the most of them the eligible people can fill within the caps
    int64_t people = 0;         // distinct eligible people
    int64_t short_targets = 0;  // targets with fewer eligible people than open places
    friend bool operator==(const Staffing&, const Staffing&) = default;
  } staffing;
  friend bool operator==(const EligibilitySummary&, const EligibilitySummary&) = default;
};

// {"per_task", "cap", "targets": [{"target_id", "key", "name", "needed", "eligible", "excluded"}],
//  "staffing": {"policy_cap", "needed", "fillable", "people", "short_targets"}}
nlohmann::json EligibilitySummaryToJson(const EligibilitySummary& s);
// The same shape back; missing or mistyped fields read as their defaults (stored by this
// binary or an older one, never user input).
EligibilitySummary EligibilitySummaryFromJson(const nlohmann::json& j);

}  // namespace suiji::plans
