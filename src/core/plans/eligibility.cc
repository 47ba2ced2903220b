#include "core/plans/eligibility.h"

namespace suiji::plans {

using Json = nlohmann::json;

Json EligibilitySummaryToJson(const EligibilitySummary& s) {
  Json targets = Json::array();
  for (const auto& t : s.targets) {
    Json excluded = Json::object();
    for (const auto& [reason, n] : t.excluded) excluded[reason] = n;
    targets.push_back({{"target_id", t.target_id},
                       {"key", t.key},
                       {"name", t.name},
                       {"needed", t.needed},
                       {"eligible", t.eligible},
                       {"excluded", std::move(excluded)}});
  }
  const auto& st = s.staffing;
  return {{"per_task", s.per_task},
          {"cap", s.cap},
          {"targets", std::move(targets)},
          {"staffing",
           {{"policy_cap", st.policy_cap},
            {"needed", st.needed},
            {"fillable", st.fillable},
            {"people", st.people},
            {"short_targets", st.short_targets}}}};
}

EligibilitySummary EligibilitySummaryFromJson(const Json& j) {
  EligibilitySummary s;
  if (!j.is_object()) return s;
  auto int_of = [](const Json& o, const char* key, int64_t fallback) {
    auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
  };
  auto text_of = [](const Json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  s.per_task = static_cast<int>(int_of(j, "per_task", s.per_task));
  s.cap = static_cast<int>(int_of(j, "cap", s.cap));
  s.staffing.policy_cap = s.cap;  // summaries stored before staffing was recorded
  if (auto st = j.find("staffing"); st != j.end() && st->is_object()) {
    s.staffing.policy_cap = static_cast<int>(int_of(*st, "policy_cap", s.cap));
    s.staffing.needed = int_of(*st, "needed", 0);
    s.staffing.fillable = int_of(*st, "fillable", 0);
    s.staffing.people = int_of(*st, "people", 0);
    s.staffing.short_targets = int_of(*st, "short_targets", 0);
  }
  auto targets = j.find("targets");
  if (targets == j.end() || !targets->is_array()) return s;
  for (const Json& t : *targets) {
    if (!t.is_object()) continue;
    EligibilityLine line;
    line.target_id = int_of(t, "target_id", 0);
    line.key = text_of(t, "key");
    line.name = text_of(t, "name");
    line.needed = static_cast<int>(int_of(t, "needed", 0));
    line.eligible = int_of(t, "eligible", 0);
    if (auto ex = t.find("excluded"); ex != t.end() && ex->is_object())
      for (const auto& [reason, n] : ex->items())
        if (n.is_number_integer()) line.excluded[reason] = n.get<int>();
    s.targets.push_back(std::move(line));
  }
  return s;
}

}  // namespace suiji::plans
