// A database that `suiji serve --read-only` opens on a PostgreSQL streaming replica (a hot
// standby): nothing is ever written through it, and nothing is migrated.
#pragma once

#include <memory>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// What every write through a read-only database answers: Unavailable, READ_ONLY, with a Chinese
// message fit for users. PostgreSQL's own refusal (SQLSTATE 25006, a standby or a read-only
// transaction) maps to the same code.
Status ReadOnlyRefusal();

// Opens `url` so that it never writes: a write transaction (Begin(kWrite), hence
// WithTransaction(kWrite)) is refused with ReadOnlyRefusal() before it starts, and PostgreSQL
// sessions also run with default_transaction_read_only=on, so a write outside a write
// transaction fails too (SQLite connections get PRAGMA query_only). A SQLite file must exist.
StatusOr<std::unique_ptr<Database>> OpenReadOnlyDatabase(const DbUrl& url, int pool_size);

// For a server that must not migrate: reads the applied migrations without writing and refuses
// a schema that is not exactly this binary's — FailedPrecondition SCHEMA_NOT_CURRENT when some
// are missing (migrate the primary first, then wait for the replica), SCHEMA_TOO_NEW when the
// database is newer, DataLoss SCHEMA_MODIFIED when an applied migration differs.
Status CheckSchemaCurrent(Database& db);

}  // namespace suiji::store
