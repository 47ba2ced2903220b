// Accounts and sessions (SPEC §SEC): login with argon2id, opaque session tokens (only their
// SHA-256 is stored), CSRF tokens, login throttling, user administration.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/entropy.h"
#include "core/status.h"
#include "core/time.h"
#include "core/user.h"
#include "service/crypto.h"
#include "service/org_service.h"
#include "store/database.h"

namespace suiji::service {

struct AuthOptions {
  std::chrono::minutes session_lifetime{8 * 60};  // one working day
  int max_failures_per_user = 5;                  // within failure_window
  int max_failures_per_address = 30;
  std::chrono::minutes failure_window{15};
  PasswordCost password_cost = PasswordCost::Interactive();
};

struct LoginResult {
  std::string token;  // the cookie value; never stored
  Session session;
  User user;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string password;
  std::vector<RoleGrant> grants;
};

class AuthService {
 public:
  AuthService(store::Database& db, const Clock& clock, EntropySource& entropy, OrgService& org,
              AuthOptions options = {})
      : db_(db), clock_(clock), entropy_(entropy), org_(org), options_(options) {}

  // LOGIN_FAILED (Unauthenticated) for any wrong username/password/inactive account, with the
  // same message and timing; LOGIN_THROTTLED (ResourceExhausted) after too many failures.
  StatusOr<LoginResult> Login(const std::string& username, const std::string& password,
                              const std::string& remote);
  Status Logout(const std::string& token);
  // The principal and session behind a token. UNAUTHENTICATED when missing, unknown or expired.
  StatusOr<std::pair<Principal, Session>> Authenticate(const std::string& token);

  StatusOr<User> CreateUser(const Principal& who, const NewUser& u);
  StatusOr<User> GrantRole(const Principal& who, const std::string& username,
                           const RoleGrant& grant);
  StatusOr<User> RevokeRole(const Principal& who, const std::string& username,
                            const RoleGrant& grant);
  StatusOr<User> SetPassword(const Principal& who, const std::string& username,
                             const std::string& password);
  StatusOr<User> SetActive(const Principal& who, const std::string& username, bool active);
  StatusOr<std::vector<User>> ListUsers(const Principal& who);
  StatusOr<User> GetUser(const Principal& who, const std::string& username);

  // Username: 3–32 of [a-z0-9_.-], starting with a letter. Password: ≥ 10 characters with
  // letters and digits.
  static Status ValidateUsername(const std::string& username);
  static Status ValidatePassword(const std::string& password);

 private:
  StatusOr<User> ChangeUser(
      const Principal& who, const std::string& username, const std::string& action,
      const std::function<StatusOr<nlohmann::json>(store::Connection&, const User&)>& change);

  store::Database& db_;
  const Clock& clock_;
  EntropySource& entropy_;
  OrgService& org_;
  AuthOptions options_;
};

}  // namespace suiji::service
