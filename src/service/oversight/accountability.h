// 责任追究清单 (issue 14; seed 002: 失职照单问责): which department failed which obligation by
// its working-day deadline — a joint-inspection proposal left unanswered, a result not entered
// and published within 20 working days, a 经营异常名录 proposal left undecided — each linked to
// the record. Entries are written by the deadline sweep (deadline_sweep.h) in the transaction
// that fires the deadline; readers see the departments in their scope (the coordinator: their
// region). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/authz.h"
#include "core/status.h"
#include "service/org_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

enum class ObligationKind {
  kJointAnswer,     // answer a joint-inspection proposal within 10 working days
  kPublication,     // enter and publish a result within 20 working days of the inspection
  kCreditProposal,  // decide a credit-list proposal within 10 working days
};
std::string_view ObligationKindName(ObligationKind k);     // "joint_answer" …
std::string_view ObligationKindDisplay(ObligationKind k);  // "联合抽查未按期答复" …
std::optional<ObligationKind> ParseObligationKind(std::string_view name);

struct AccountabilityView {
  int64_t id = 0;
  ObligationKind kind = ObligationKind::kPublication;
  int64_t department_id = 0;
  std::string department_name;
  std::string record_kind;
  int64_t record_id = 0;
  std::string record_no;
  std::string link;  // console path of the record
  std::string obligation;
  std::string detail;
  std::string deadline;  // YYYY-MM-DD
  std::string recorded_at;
};

struct AccountabilityPage {
  std::vector<AccountabilityView> items;  // latest deadline first
  int64_t total = 0;
};

class AccountabilityService {
 public:
  AccountabilityService(store::Database& db, OrgService& org) : db_(db), org_(org) {}

  struct Filter {
    std::optional<int64_t> department_id;
    std::optional<ObligationKind> kind;
    int limit = 50;  // 1..500
    int offset = 0;
  };
  // Entries of the departments in which `who` reads statistics (查看统计); PermissionDenied for
  // a department outside that scope.
  StatusOr<AccountabilityPage> List(const Principal& who, const Filter& filter);

 private:
  store::Database& db_;
  OrgService& org_;
};

}  // namespace suiji::service
