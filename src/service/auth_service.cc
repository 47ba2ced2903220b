#include "service/auth_service.h"

#include <algorithm>

#include "core/hash.h"
#include "core/text.h"
#include "service/audit.h"
#include "store/user_store.h"

namespace suiji::service {
namespace {

Status LoginFailed() { return Unauthenticated("LOGIN_FAILED", "用户名或密码错误"); }

nlohmann::json GrantsJson(const std::vector<RoleGrant>& grants) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : grants)
    out.push_back({{"role", RoleName(g.role)}, {"scope", g.scope.ToString()}});
  return out;
}

}  // namespace

Status AuthService::ValidateUsername(const std::string& u) {
  bool ok =
      u.size() >= 3 && u.size() <= 32 && u[0] >= 'a' && u[0] <= 'z' &&
      std::all_of(u.begin(), u.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      });
  if (!ok)
    return InvalidArgument("USERNAME_INVALID",
                           "用户名应为 3–32 位小写字母、数字、下划线、点或连字符，并以字母开头");
  return OkStatus();
}

Status AuthService::ValidatePassword(const std::string& p) {
  bool letter = std::any_of(p.begin(), p.end(), [](unsigned char c) { return std::isalpha(c); });
  bool digit = std::any_of(p.begin(), p.end(), [](unsigned char c) { return std::isdigit(c); });
  if (p.size() < 10 || !letter || !digit)
    return InvalidArgument("PASSWORD_WEAK", "密码至少 10 位，且须同时包含字母和数字");
  if (p.size() > 256) return InvalidArgument("PASSWORD_TOO_LONG", "密码过长（最多 256 个字符）");
  return OkStatus();
}

StatusOr<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                         const std::string& remote) {
  const Timestamp now = clock_.Now();
  const std::string since = FormatTimestamp(now - options_.failure_window);
  const std::string at = FormatTimestamp(now);
  const std::string user_subject = "user:" + username.substr(0, 64);
  const std::string addr_subject = "ip:" + remote;
  const std::string pair_subject = addr_subject + " " + user_subject;
  // Each attempt is recorded as a failure before the password is checked, in the same write
  // transaction as the count (serialised per account), so concurrent attempts cannot all pass
  // the check before any is recorded; a successful login removes its records again.
  std::vector<int64_t> recorded;
  bool throttled = false;
  Status reserve =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        recorded.clear();
        throttled = false;
        RETURN_IF_ERROR(store::LockLoginSubject(c, user_subject));
        ASSIGN_OR_RETURN(int64_t by_user, store::CountLoginFailuresSince(c, user_subject, since));
        if (by_user >= options_.max_failures_per_user) {
          throttled = true;
          return OkStatus();
        }
        // An address over its limit (one NAT may hide a whole office) keeps one attempt per
        // username: only the usernames that already failed from it are held back, so a colleague
        // who has not mistyped still gets in.
        ASSIGN_OR_RETURN(int64_t by_addr, store::CountLoginFailuresSince(c, addr_subject, since));
        if (by_addr >= options_.max_failures_per_address) {
          ASSIGN_OR_RETURN(int64_t by_pair, store::CountLoginFailuresSince(c, pair_subject, since));
          if (by_pair > 0) {
            throttled = true;
            return OkStatus();
          }
        }
        for (const std::string* subject : {&user_subject, &addr_subject, &pair_subject}) {
          ASSIGN_OR_RETURN(int64_t id, store::RecordLoginFailure(c, *subject, at));
          recorded.push_back(id);
        }
        return OkStatus();
      });
  RETURN_IF_ERROR(reserve);
  if (throttled)
    return ResourceExhausted(
        "LOGIN_THROTTLED",
        "登录失败次数过多，请 " + std::to_string(options_.failure_window.count()) + " 分钟后再试");
  std::optional<store::UserRecord> rec;
  {
    ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    ASSIGN_OR_RETURN(rec, store::FindUserByName(*conn, username));
  }
  bool ok = false;
  if (rec) ok = VerifyPassword(rec->password_hash, password) && rec->user.active;
  else BurnPasswordVerification(password);
  if (!ok) return LoginFailed();  // the records made above stay as this failure
  LoginResult result;
  result.token = ToHex(entropy_.Bytes(32));
  result.user = rec->user;
  result.session =
      Session{ToHex(Sha256(result.token)),     rec->user.id, ToHex(entropy_.Bytes(16)), now,
              now + options_.session_lifetime, remote};
  Principal actor{rec->user.id, rec->user.username, rec->user.display_name, rec->user.grants,
                  false};
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        RETURN_IF_ERROR(store::DeleteLoginFailures(c, recorded));
        RETURN_IF_ERROR(store::ClearLoginFailures(c, user_subject));
        RETURN_IF_ERROR(store::ClearLoginFailures(c, pair_subject));
        RETURN_IF_ERROR(store::DeleteExpiredSessions(c, FormatTimestamp(now)));
        RETURN_IF_ERROR(store::InsertSession(c, result.session));
        return RecordAudit(
                   c, clock_, actor, "session.login", "user", std::to_string(rec->user.id),
                   {{"remote", remote}, {"session", result.session.token_hash.substr(0, 16)}})
            .status();
      });
  RETURN_IF_ERROR(s);
  return result;
}

Status AuthService::Logout(const std::string& token) {
  const std::string hash = ToHex(Sha256(token));
  return store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto session, store::FindSession(c, hash));
    if (!session) return OkStatus();
    RETURN_IF_ERROR(store::DeleteSession(c, hash));
    ASSIGN_OR_RETURN(auto rec, store::FindUserById(c, session->user_id));
    Principal actor = Principal::System();
    if (rec) actor = Principal{rec->user.id, rec->user.username, rec->user.display_name, {}, false};
    return RecordAudit(c, clock_, actor, "session.logout", "user", std::to_string(session->user_id),
                       {{"session", hash.substr(0, 16)}})
        .status();
  });
}

StatusOr<std::pair<Principal, Session>> AuthService::Authenticate(const std::string& token) {
  auto unauth = [] { return Unauthenticated("UNAUTHENTICATED", "请先登录"); };
  if (token.size() != 64) return unauth();
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto session, store::FindSession(*conn, ToHex(Sha256(token))));
  if (!session) return unauth();
  if (session->expires_at <= clock_.Now())
    return Unauthenticated("SESSION_EXPIRED", "登录已过期，请重新登录");
  ASSIGN_OR_RETURN(auto rec, store::FindUserById(*conn, session->user_id));
  if (!rec || !rec->user.active) return unauth();
  Principal p{rec->user.id, rec->user.username, rec->user.display_name, rec->user.grants, false};
  return std::make_pair(std::move(p), std::move(*session));
}

StatusOr<User> AuthService::CreateUser(const Principal& who, const NewUser& nu) {
  RETURN_IF_ERROR(Authorize(who, Permission::kUserAdmin, ResourceLocation::Anywhere()));
  RETURN_IF_ERROR(ValidateUsername(nu.username));
  if (nu.display_name.empty())
    return InvalidArgument("DISPLAY_NAME_INVALID", "姓名不能为空，且不超过 100 个字符");
  RETURN_IF_ERROR(text::CheckText("姓名", nu.display_name, {100, false}));
  RETURN_IF_ERROR(ValidatePassword(nu.password));
  for (const auto& g : nu.grants) RETURN_IF_ERROR(org_.ValidateGrant(g));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(nu.password, options_.password_cost));
  User user{0, nu.username, nu.display_name, true, nu.grants};
  const std::string now = FormatTimestamp(clock_.Now());
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        auto id = store::InsertUser(c, nu.username, nu.display_name, hash, now);
        if (!id.ok() && id.status().reason() == "DB_UNIQUE_VIOLATION")
          return AlreadyExists("USERNAME_TAKEN", "用户名已存在：" + nu.username);
        RETURN_IF_ERROR(id);
        user.id = *id;
        for (const auto& g : nu.grants) RETURN_IF_ERROR(store::GrantRole(c, user.id, g, now));
        return RecordAudit(c, clock_, who, "user.create", "user", std::to_string(user.id),
                           {{"username", nu.username},
                            {"display_name", nu.display_name},
                            {"grants", GrantsJson(nu.grants)}})
            .status();
      });
  RETURN_IF_ERROR(s);
  return user;
}

StatusOr<User> AuthService::ChangeUser(
    const Principal& who, const std::string& username, const std::string& action,
    const std::function<StatusOr<nlohmann::json>(store::Connection&, const User&)>& change) {
  RETURN_IF_ERROR(Authorize(who, Permission::kUserAdmin, ResourceLocation::Anywhere()));
  User result;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto rec, store::FindUserByName(c, username));
        if (!rec) return NotFound("USER_NOT_FOUND", "用户不存在：" + username);
        ASSIGN_OR_RETURN(nlohmann::json payload, change(c, rec->user));
        ASSIGN_OR_RETURN(auto after, store::FindUserById(c, rec->user.id));
        result = after->user;
        payload["username"] = username;
        return RecordAudit(c, clock_, who, action, "user", std::to_string(rec->user.id), payload)
            .status();
      });
  RETURN_IF_ERROR(s);
  return result;
}

StatusOr<User> AuthService::GrantRole(const Principal& who, const std::string& username,
                                      const RoleGrant& g) {
  RETURN_IF_ERROR(org_.ValidateGrant(g));
  return ChangeUser(
      who, username, "user.grant",
      [&](store::Connection& c, const User& u) -> StatusOr<nlohmann::json> {
        RETURN_IF_ERROR(store::GrantRole(c, u.id, g, FormatTimestamp(clock_.Now())));
        return nlohmann::json{{"role", RoleName(g.role)}, {"scope", g.scope.ToString()}};
      });
}

StatusOr<User> AuthService::RevokeRole(const Principal& who, const std::string& username,
                                       const RoleGrant& g) {
  return ChangeUser(
      who, username, "user.revoke",
      [&](store::Connection& c, const User& u) -> StatusOr<nlohmann::json> {
        ASSIGN_OR_RETURN(bool removed, store::RevokeRole(c, u.id, g));
        if (!removed) return NotFound("GRANT_NOT_FOUND", "该用户没有此角色授权");
        return nlohmann::json{{"role", RoleName(g.role)}, {"scope", g.scope.ToString()}};
      });
}

StatusOr<User> AuthService::SetPassword(const Principal& who, const std::string& username,
                                        const std::string& password) {
  RETURN_IF_ERROR(ValidatePassword(password));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.password_cost));
  return ChangeUser(
      who, username, "user.password",
      [&](store::Connection& c, const User& u) -> StatusOr<nlohmann::json> {
        RETURN_IF_ERROR(store::UpdatePassword(c, u.id, hash, FormatTimestamp(clock_.Now())));
        // A new password ends every existing session of that user.
        RETURN_IF_ERROR(store::DeleteUserSessions(c, u.id));
        return nlohmann::json::object();
      });
}

StatusOr<User> AuthService::SetActive(const Principal& who, const std::string& username,
                                      bool active) {
  return ChangeUser(
      who, username, active ? "user.activate" : "user.deactivate",
      [&](store::Connection& c, const User& u) -> StatusOr<nlohmann::json> {
        if (!active && u.id == who.user_id)
          return FailedPrecondition("CANNOT_DEACTIVATE_SELF", "不能停用自己的账号");
        RETURN_IF_ERROR(store::SetUserActive(c, u.id, active, FormatTimestamp(clock_.Now())));
        if (!active) RETURN_IF_ERROR(store::DeleteUserSessions(c, u.id));
        return nlohmann::json{{"active", active}};
      });
}

StatusOr<std::vector<User>> AuthService::ListUsers(const Principal& who) {
  RETURN_IF_ERROR(Authorize(who, Permission::kUserAdmin, ResourceLocation::Anywhere()));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return store::ListUsers(*conn);
}

StatusOr<User> AuthService::GetUser(const Principal& who, const std::string& username) {
  if (who.username != username)
    RETURN_IF_ERROR(Authorize(who, Permission::kUserAdmin, ResourceLocation::Anywhere()));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rec, store::FindUserByName(*conn, username));
  if (!rec) return NotFound("USER_NOT_FOUND", "用户不存在：" + username);
  return rec->user;
}

}  // namespace suiji::service
