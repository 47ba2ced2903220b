// Accounts, role grants, sessions and login-failure records.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/user.h"
#include "store/database.h"

namespace suiji::store {

struct UserRecord {
  User user;
  std::string password_hash;
};

StatusOr<int64_t> InsertUser(Connection& c, std::string_view username,
                             std::string_view display_name, std::string_view password_hash,
                             std::string_view now);
// Grants are loaded too.
StatusOr<std::optional<UserRecord>> FindUserByName(Connection& c, std::string_view username);
StatusOr<std::optional<UserRecord>> FindUserById(Connection& c, int64_t id);
StatusOr<std::vector<User>> ListUsers(Connection& c);
Status UpdatePassword(Connection& c, int64_t user_id, std::string_view password_hash,
                      std::string_view now);
Status SetUserActive(Connection& c, int64_t user_id, bool active, std::string_view now);

// Idempotent: granting an existing grant changes nothing and returns false.
StatusOr<bool> GrantRole(Connection& c, int64_t user_id, const RoleGrant& grant,
                         std::string_view now);
StatusOr<bool> RevokeRole(Connection& c, int64_t user_id, const RoleGrant& grant);
StatusOr<std::vector<RoleGrant>> ListGrants(Connection& c, int64_t user_id);

Status InsertSession(Connection& c, const Session& s);
StatusOr<std::optional<Session>> FindSession(Connection& c, std::string_view token_hash);
Status DeleteSession(Connection& c, std::string_view token_hash);
Status DeleteUserSessions(Connection& c, int64_t user_id);
Status DeleteExpiredSessions(Connection& c, std::string_view now);

// Login-failure records are keyed by subject ("user:NAME", "ip:ADDRESS", "ip:ADDRESS user:NAME").
// Returns the new record's id.
StatusOr<int64_t> RecordLoginFailure(Connection& c, std::string_view subject, std::string_view at);
StatusOr<int64_t> CountLoginFailuresSince(Connection& c, std::string_view subject,
                                          std::string_view since);
Status ClearLoginFailures(Connection& c, std::string_view subject);
Status DeleteLoginFailures(Connection& c, const std::vector<int64_t>& ids);
// Serialises login attempts on one subject until the caller's write transaction ends, so that
// counting its failures and recording a new one are atomic. PostgreSQL: a transaction-scoped
// advisory lock on the subject's hash; SQLite: nothing to do (a write transaction already holds
// the database's only write lock).
Status LockLoginSubject(Connection& c, std::string_view subject);

}  // namespace suiji::store
