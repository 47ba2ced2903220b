#include "service/plans/inspector_candidates.h"

#include <algorithm>
#include <span>

#include "core/authz.h"
#include "store/registers/people_store.h"

namespace suiji::service::task_detail {

registers::EligibilityRequest InspectorRequest(
    Date from, Date to, const std::vector<std::string>& codes,
    const std::vector<registers::InspectionItem>& items) {
  registers::EligibilityRequest req;
  req.from = from;
  req.to = to;
  std::set<std::string> quals;
  for (const auto& i : items) quals.insert(i.qualifications.begin(), i.qualifications.end());
  req.required_qualifications.assign(quals.begin(), quals.end());
  req.item_codes = codes;
  return req;
}

StatusOr<InspectorCandidates> InspectorCandidates::Load(store::Connection& c,
                                                        const OrgSnapshot& org,
                                                        int64_t department_id,
                                                        registers::EligibilityRequest base,
                                                        bool whole_pool) {
  InspectorCandidates out;
  out.base_ = std::move(base);
  out.whole_pool_ = whole_pool;
  store::InspectorQuery iq;
  iq.department_ids = {department_id};
  iq.limit = 0;
  ASSIGN_OR_RETURN(auto listed, store::ListInspectors(c, iq));
  store::ConflictQuery cq;
  for (auto& i : listed.first) {
    cq.inspector_ids.push_back(i.id);
    out.people_.push_back({i.id, std::move(i.inspector)});
  }
  cq.active = true;
  cq.limit = 0;
  if (!cq.inspector_ids.empty()) {
    ASSIGN_OR_RETURN(auto conflicts, store::ListConflicts(c, cq));
    for (const auto& x : conflicts.first) {
      out.conflicts_[x.conflict.inspector_id].push_back(x.conflict);
      out.conflicted_targets_.insert(x.conflict.target_id);
    }
  }
  for (const Unit& u : org.units)
    if (u.department_id == department_id) out.units_.push_back(u);
  return out;
}

std::optional<std::vector<int64_t>> InspectorCandidates::AllowedUnits(
    const std::string& region_code) const {
  if (whole_pool_) return std::nullopt;
  // Inspectors of units whose jurisdiction covers the target (a 所 for its streets, district
  // units for the whole district).
  std::vector<int64_t> allowed;
  for (const Unit& u : units_)
    if (region_code.starts_with(RegionPrefix(u.region_code))) allowed.push_back(u.id);
  return allowed;
}

void InspectorCandidates::Check(const Person& p, const registers::EligibilityRequest& req,
                                ForTarget& out) const {
  auto found = conflicts_.find(p.id);
  const std::span<const registers::ConflictOfInterest> conflicts =
      found == conflicts_.end() ? std::span<const registers::ConflictOfInterest>()
                                : std::span<const registers::ConflictOfInterest>(found->second);
  auto res = registers::CheckEligibility(p.inspector, req, conflicts);
  if (res.eligible()) out.eligible.push_back(p.inspector.cert_no);
  else ++out.excluded[std::string(registers::IneligibilityReasonName(res.reasons.front().reason))];
}

const InspectorCandidates::ForTarget& InspectorCandidates::For(int64_t target_id,
                                                               const std::string& region_code,
                                                               const std::set<int64_t>& skip) {
  const std::string region = whole_pool_ ? std::string() : region_code;
  if (skip.empty() && !conflicted_targets_.contains(target_id)) {
    auto [it, fresh] = by_region_.try_emplace(region);
    if (fresh) {
      registers::EligibilityRequest req = base_;
      req.allowed_units = AllowedUnits(region);
      for (const Person& p : people_) Check(p, req, it->second);
    }
    return it->second;
  }
  registers::EligibilityRequest req = base_;
  req.allowed_units = AllowedUnits(region);
  req.target_ids = {target_id};
  scratch_ = {};
  for (const Person& p : people_)
    if (!skip.contains(p.id)) Check(p, req, scratch_);
  return scratch_;
}

}  // namespace suiji::service::task_detail
