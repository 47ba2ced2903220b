// Who of a department's inspectors may be drawn for each target of a task (SPEC §DRAW; seed
// 003): certificate, qualifications, item scope and availability over the window, jurisdiction
// over the target's region, 回避 with the target. Shared by the preview's staffing figure and
// the eligibility step, so that both compute the same thing. Service-internal.
//
// The checks depend on the target only through its region (jurisdiction) and the 回避 records
// naming it, so they run once per region and again only for targets someone has 回避 with:
// a 2,000-target task over a few hundred inspectors is a few thousand checks, not a million.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/registers/item.h"
#include "core/registers/people.h"
#include "core/status.h"
#include "core/time.h"
#include "service/org_service.h"
#include "service/store_fwd.h"

namespace suiji::service::task_detail {

// What an inspector draw of a department's items checks apart from the target: the window,
// the union of the items' qualifications, the item codes (against each person's item scope).
registers::EligibilityRequest InspectorRequest(Date from, Date to,
                                               const std::vector<std::string>& codes,
                                               const std::vector<registers::InspectionItem>& items);

class InspectorCandidates {
 public:
  // The department's inspectors and their active 回避 records. `whole_pool`: a joint task
  // draws from the department's whole pool (no jurisdiction restriction).
  static StatusOr<InspectorCandidates> Load(store::Connection& c, const OrgSnapshot& org,
                                            int64_t department_id,
                                            registers::EligibilityRequest base, bool whole_pool);

  struct ForTarget {
    std::vector<std::string> eligible;    // 执法证号, in the directory's order
    std::map<std::string, int> excluded;  // reason label -> people
  };
  // For one target in `region_code`; people in `skip` (inspector ids already on its team) are
  // neither eligible nor counted.
  const ForTarget& For(int64_t target_id, const std::string& region_code,
                       const std::set<int64_t>& skip);

 private:
  struct Person {
    int64_t id = 0;
    registers::Inspector inspector;
  };
  // Units whose inspectors may go to a target in `region_code` (nullopt: any).
  std::optional<std::vector<int64_t>> AllowedUnits(const std::string& region_code) const;
  void Check(const Person& p, const registers::EligibilityRequest& req, ForTarget& out) const;

  std::vector<Person> people_;
  std::map<int64_t, std::vector<registers::ConflictOfInterest>> conflicts_;  // by inspector id
  std::set<int64_t> conflicted_targets_;
  std::vector<Unit> units_;  // the department's units
  registers::EligibilityRequest base_;
  bool whole_pool_ = false;
  std::map<std::string, ForTarget> by_region_;
  ForTarget scratch_;
};

}  // namespace suiji::service::task_detail
