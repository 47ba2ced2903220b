// SQLite implementation of store::Database: one file, WAL, a pool of connections.
// In-process writers are serialised by a mutex taken at Begin(kWrite), so they never spin
// on SQLITE_BUSY; other processes (a CLI next to a running server) wait up to busy_timeout.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace suiji::store {

StatusOr<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                       const OpenOptions& options);

}  // namespace suiji::store
