// Accounts (SPEC §SEC): a user, its role grants, and a login session.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/time.h"

namespace suiji {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  bool active = true;
  std::vector<RoleGrant> grants;
};

struct Session {
  std::string token_hash;  // hex SHA-256 of the bearer token; the token itself is never stored
  int64_t user_id = 0;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp expires_at;
  std::string remote;
};

}  // namespace suiji
