// 站内消息, deadline firings and the accountability list (migration 0015).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

struct MessageRow {
  int64_t id = 0;
  int64_t recipient_id = 0;
  std::string kind;
  std::string subject;
  std::string body;
  std::string link;
  std::string record_kind;
  int64_t record_id = 0;
  std::optional<int64_t> department_id;
  std::string created_at;
  std::optional<std::string> read_at;
};

StatusOr<int64_t> InsertMessage(Connection& c, const MessageRow& m);
// A recipient's messages, newest first.
StatusOr<std::vector<MessageRow>> ListMessages(Connection& c, int64_t recipient_id,
                                               bool unread_only, int limit, int offset);
StatusOr<int64_t> CountMessages(Connection& c, int64_t recipient_id, bool unread_only);
StatusOr<std::optional<MessageRow>> FindMessage(Connection& c, int64_t id);
// Marks one unread message read; false when it was read already.
StatusOr<bool> MarkMessageRead(Connection& c, int64_t id, const std::string& at);
// Marks every unread message of the recipient read; returns how many.
StatusOr<int64_t> MarkAllMessagesRead(Connection& c, int64_t recipient_id, const std::string& at);
// Every message about one record (tests, the firing's own checks), oldest first.
StatusOr<std::vector<MessageRow>> ListMessagesAbout(Connection& c, const std::string& record_kind,
                                                    int64_t record_id);

// One active user's role grant as stored ("planner", "department:3"), for choosing recipients.
struct ActiveGrantRow {
  int64_t user_id = 0;
  std::string role;
  std::string scope;
};
StatusOr<std::vector<ActiveGrantRow>> ListActiveGrants(Connection& c);

struct DeadlineFiringRow {
  int64_t id = 0;
  std::string kind;
  int64_t record_id = 0;
  std::string deadline;  // YYYY-MM-DD
  std::string fired_at;
  std::string fired_by;
};
// Claims the firing of (kind, record_id, deadline): its new id, or nullopt when it was claimed
// already (by this or another server). INSERT … ON CONFLICT DO NOTHING: on PostgreSQL a
// concurrent claim of the same key waits for the first transaction and then claims nothing.
StatusOr<std::optional<int64_t>> ClaimDeadlineFiring(Connection& c, const DeadlineFiringRow& f);
StatusOr<std::vector<DeadlineFiringRow>> ListDeadlineFirings(Connection& c);

struct AccountabilityRow {
  int64_t id = 0;
  std::string kind;
  int64_t department_id = 0;
  std::string record_kind;
  int64_t record_id = 0;
  std::string record_no;
  std::string link;
  std::string obligation;
  std::string detail;
  std::string deadline;
  int64_t firing_id = 0;
  std::string recorded_at;
};
StatusOr<int64_t> InsertAccountability(Connection& c, const AccountabilityRow& a);
struct AccountabilityQuery {
  std::optional<std::vector<int64_t>> within_departments;  // nullopt: all
  std::optional<std::string> kind;
  int limit = 50;
  int offset = 0;
};
// Latest deadline first, then id.
StatusOr<std::vector<AccountabilityRow>> ListAccountability(Connection& c,
                                                            const AccountabilityQuery& q);
StatusOr<int64_t> CountAccountability(Connection& c, const AccountabilityQuery& q);

}  // namespace suiji::store
