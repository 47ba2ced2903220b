// Draw, task and publication numbers are a prefix (department code, year …) and the count of
// numbers already in that series plus one. Two transactions numbering in one series at once
// would count the same rows and pick the same number; the second insert would then fail on the
// UNIQUE index and its whole transaction (a draw commit with its pool) be retried.
#pragma once

#include <string_view>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// Serialises numbering in `series` (the number's prefix) until the caller's write transaction
// ends, so the count that follows sees every number already taken — also by another server on
// the same database. PostgreSQL: a transaction-scoped advisory lock on the prefix's hash, taken
// after the transaction's earlier statements (READ COMMITTED: the next statement sees what the
// previous holder committed); SQLite: nothing to do (a write transaction already holds the
// database's only write lock).
Status LockNumberSeries(Connection& c, std::string_view series);

}  // namespace suiji::store
