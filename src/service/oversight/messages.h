// 站内消息 (issue 14 "Messages and timers"): what waits on a person — approve a plan or a
// result, witness a draw, answer a joint proposal — and deadlines near or passed.
//
// Messages are written by NotifyDepartmentIn inside the transaction of the event that causes
// them, so an event and its messages commit or roll back together. The recipients are the
// active users who hold the permission the awaited step needs over the department, through a
// role other than 系统管理员 (an administrator's global grant is not a duty to act).
//
// MessageService serves a user their own messages; marking read is audited. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/authz.h"
#include "core/status.h"
#include "core/time.h"
#include "service/org_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

enum class MessageKind {
  kPlanApproval,  // a plan version awaits approval
  kResultReview,  // an inspection result awaits review
  kDrawWitness,   // a draw awaits its witness
  kJointAnswer,   // a joint-inspection proposal awaits the department's answer
  kDueSoon,       // a deadline within 3 working days
  kOverdue,       // a deadline passed
};
std::string_view MessageKindName(MessageKind k);     // "plan_approval" …
std::string_view MessageKindDisplay(MessageKind k);  // "计划待审核" …
std::optional<MessageKind> ParseMessageKind(std::string_view name);

// What a message says and which record it is about.
struct Notice {
  MessageKind kind = MessageKind::kOverdue;
  std::string subject;      // Chinese, one line
  std::string body;         // Chinese
  std::string link;         // console path ("/plans/3"), "" when none
  std::string record_kind;  // plan | task | record | draw | joint_proposal | credit_proposal
  int64_t record_id = 0;
  std::optional<int64_t> department_id;
};

// Writes `notice` to every recipient for `permission` in `department_id` (see above), inside the
// caller's write transaction. Returns how many messages were written (0 when nobody holds it).
StatusOr<int> NotifyDepartmentIn(store::Connection& c, OrgService& org, const Clock& clock,
                                 int64_t department_id, Permission permission,
                                 const Notice& notice);
// Writes `notice` to one user inside the caller's write transaction.
Status NotifyUserIn(store::Connection& c, const Clock& clock, int64_t user_id,
                    const Notice& notice);

struct MessageView {
  int64_t id = 0;
  MessageKind kind = MessageKind::kOverdue;
  std::string subject;
  std::string body;
  std::string link;
  std::string record_kind;
  int64_t record_id = 0;
  std::optional<int64_t> department_id;
  std::string created_at;
  std::optional<std::string> read_at;
};

struct MessagePage {
  std::vector<MessageView> items;  // newest first
  int64_t total = 0;               // lines the filter matches
  int64_t unread = 0;              // the user's unread messages in all
};

class MessageService {
 public:
  MessageService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The caller's own messages; `limit` 1..500. Unauthenticated for a system principal.
  StatusOr<MessagePage> List(const Principal& who, bool unread_only, int limit, int offset);
  StatusOr<int64_t> UnreadCount(const Principal& who);
  // Marks one of the caller's messages read (MESSAGE_NOT_FOUND for another user's); reading a
  // read message again changes nothing.
  StatusOr<MessageView> MarkRead(const Principal& who, int64_t message_id);
  // Marks all the caller's unread messages read; returns how many.
  StatusOr<int64_t> MarkAllRead(const Principal& who);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace suiji::service
