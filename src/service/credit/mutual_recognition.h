// 互认共享 (SPEC §CREDIT, seed 002: 抽查检查结果部门间共享交换和互认互用; issue 13 "Mutual
// recognition"): which departments' inspection results a user may read. A department's staff
// read the published results — and the past inspections imported at go-live — of every
// department of the same region (the same GB/T 2260 code as their own department), never of an
// unrelated region; a coordinator those of the departments in their region; a platform-wide
// grant (or the CLI's system principal) all. Reading is all it gives: nothing here changes a
// record of another department.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/authz.h"
#include "core/status.h"
#include "service/org_service.h"

namespace suiji::service {

// Days the task preview looks back for other departments' inspections when the department's
// rules set no recognition period (policy.mutual_recognition_days = 0).
inline constexpr int kMutualRecognitionLookbackDays = 365;

// The ids of the departments whose results `who` may read (as above); nullopt: every
// department. Needs 查看事项清单与名录库 (kRegisterRead) in the grant that opens a region.
StatusOr<std::optional<std::vector<int64_t>>> RecognizedDepartments(OrgService& org,
                                                                    const Principal& who);

// The other departments of `department_id`'s region (itself and `except` left out).
StatusOr<std::vector<int64_t>> OtherDepartmentsOfRegion(OrgService& org, int64_t department_id,
                                                        const std::vector<int64_t>& except);

}  // namespace suiji::service
