#include "store/user_store.h"

namespace suiji::store {
namespace {

constexpr std::string_view kUserCols = "id, username, display_name, active, password_hash";

StatusOr<std::optional<UserRecord>> LoadUser(Connection& c, std::optional<Row> row) {
  if (!row) return std::optional<UserRecord>();
  UserRecord rec;
  rec.user = User{row->Int(0), row->Text(1), row->Text(2), row->Bool(3), {}};
  rec.password_hash = row->Text(4);
  ASSIGN_OR_RETURN(rec.user.grants, ListGrants(c, rec.user.id));
  return std::optional<UserRecord>(std::move(rec));
}

}  // namespace

StatusOr<int64_t> InsertUser(Connection& c, std::string_view username,
                             std::string_view display_name, std::string_view password_hash,
                             std::string_view now) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO users (username, display_name, password_hash, active, created_at, "
              "updated_at) VALUES ($1, $2, $3, 1, $4, $4) RETURNING id",
              {std::string(username), std::string(display_name), std::string(password_hash),
               std::string(now)}));
  return rs.front().Int(0);
}

StatusOr<std::optional<UserRecord>> FindUserByName(Connection& c, std::string_view username) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kUserCols) +
                                                 " FROM users WHERE username = $1",
                                             {std::string(username)}));
  return LoadUser(c, std::move(row));
}

StatusOr<std::optional<UserRecord>> FindUserById(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kUserCols) + " FROM users WHERE id = $1", {id}));
  return LoadUser(c, std::move(row));
}

StatusOr<std::vector<User>> ListUsers(Connection& c) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT " + std::string(kUserCols) + " FROM users ORDER BY id"));
  std::vector<User> out;
  for (const Row& r : rs.rows) {
    User u{r.Int(0), r.Text(1), r.Text(2), r.Bool(3), {}};
    ASSIGN_OR_RETURN(u.grants, ListGrants(c, u.id));
    out.push_back(std::move(u));
  }
  return out;
}

Status UpdatePassword(Connection& c, int64_t user_id, std::string_view password_hash,
                      std::string_view now) {
  return c
      .Execute("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
               {user_id, std::string(password_hash), std::string(now)})
      .status();
}

Status SetUserActive(Connection& c, int64_t user_id, bool active, std::string_view now) {
  return c
      .Execute("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1",
               {user_id, int64_t{active}, std::string(now)})
      .status();
}

StatusOr<bool> GrantRole(Connection& c, int64_t user_id, const RoleGrant& g, std::string_view now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("INSERT INTO user_roles (user_id, role, scope, granted_at) "
                                        "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                                        {user_id, std::string(RoleName(g.role)), g.scope.ToString(),
                                         std::string(now)}));
  return n > 0;
}

StatusOr<bool> RevokeRole(Connection& c, int64_t user_id, const RoleGrant& g) {
  ASSIGN_OR_RETURN(
      int64_t n, c.Execute("DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND scope = $3",
                           {user_id, std::string(RoleName(g.role)), g.scope.ToString()}));
  return n > 0;
}

StatusOr<std::vector<RoleGrant>> ListGrants(Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT role, scope FROM user_roles WHERE user_id = $1 ORDER BY role, scope",
                       {user_id}));
  std::vector<RoleGrant> out;
  for (const Row& r : rs.rows) {
    auto role = ParseRole(r.Text(0));
    auto scope = Scope::Parse(r.Text(1));
    if (!role || !scope.ok())
      return Internal("corrupt grant for user " + std::to_string(user_id) + ": " + r.Text(0) + " " +
                      r.Text(1));
    out.push_back({*role, *scope});
  }
  return out;
}

Status InsertSession(Connection& c, const Session& s) {
  return c
      .Execute(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, remote) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {s.token_hash, s.user_id, s.csrf_token, FormatTimestamp(s.created_at),
           FormatTimestamp(s.expires_at), s.remote})
      .status();
}

StatusOr<std::optional<Session>> FindSession(Connection& c, std::string_view token_hash) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT token_hash, user_id, csrf_token, created_at, expires_at, remote "
                      "FROM sessions WHERE token_hash = $1",
                      {std::string(token_hash)}));
  if (!row) return std::optional<Session>();
  auto created = ParseTimestamp(row->Text(3));
  auto expires = ParseTimestamp(row->Text(4));
  if (!created || !expires) return Internal("corrupt session timestamps");
  return std::optional<Session>(
      Session{row->Text(0), row->Int(1), row->Text(2), *created, *expires, row->Text(5)});
}

Status DeleteSession(Connection& c, std::string_view token_hash) {
  return c.Execute("DELETE FROM sessions WHERE token_hash = $1", {std::string(token_hash)})
      .status();
}

Status DeleteUserSessions(Connection& c, int64_t user_id) {
  return c.Execute("DELETE FROM sessions WHERE user_id = $1", {user_id}).status();
}

Status DeleteExpiredSessions(Connection& c, std::string_view now) {
  return c.Execute("DELETE FROM sessions WHERE expires_at < $1", {std::string(now)}).status();
}

StatusOr<int64_t> RecordLoginFailure(Connection& c, std::string_view subject, std::string_view at) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("INSERT INTO login_failures (subject, at) VALUES ($1, $2) RETURNING id",
                           {std::string(subject), std::string(at)}));
  return rs.front().Int(0);
}

Status DeleteLoginFailures(Connection& c, const std::vector<int64_t>& ids) {
  for (int64_t id : ids)
    RETURN_IF_ERROR(c.Execute("DELETE FROM login_failures WHERE id = $1", {id}).status());
  return OkStatus();
}

Status LockLoginSubject(Connection& c, std::string_view subject) {
  if (c.dialect() != Dialect::kPostgres) return OkStatus();
  return c
      .Execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 7201946212))",
               {std::string(subject)})
      .status();
}

StatusOr<int64_t> CountLoginFailuresSince(Connection& c, std::string_view subject,
                                          std::string_view since) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at >= $2",
                           {std::string(subject), std::string(since)}));
  return rs.front().Int(0);
}

Status ClearLoginFailures(Connection& c, std::string_view subject) {
  return c.Execute("DELETE FROM login_failures WHERE subject = $1", {std::string(subject)})
      .status();
}

}  // namespace suiji::store
