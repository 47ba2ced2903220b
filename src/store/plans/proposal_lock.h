// Serialising the resolution of a joint proposal across servers (issue 14: the deadline sweep
// runs on every server sharing the database).
#pragma once

#include <cstdint>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// Locks a still open proposal until the caller's write transaction ends (PostgreSQL: a row lock
// taken by a no-op UPDATE; a concurrent caller waits, then finds it resolved; SQLite: the write
// transaction already excludes other writers); false when it is no longer open.
StatusOr<bool> LockOpenProposal(Connection& c, int64_t id);

}  // namespace suiji::store
