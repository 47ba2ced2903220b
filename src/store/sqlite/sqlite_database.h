// SQLite implementation of store::Database: one file, WAL, a pool of connections.
// In-process writers are serialised by a mutex taken at Begin(kWrite), so they never spin
// on SQLITE_BUSY; other processes (a CLI next to a running server) wait up to busy_timeout.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace suiji::store {

// The page size of a file this binary creates (a file's page size is fixed when it is created;
// an older file keeps its 4 KiB, and gets 16 KiB in a backup: sqlite_backup.h). 16 KiB rather
// than SQLite's 4 KiB: the b-trees are shallower and a bulk write goes to the WAL in a quarter
// as many frames, each with its own header and WAL-index entry. Measured on 1M- and 10M-row
// register imports (a 10M import ~30 % faster) and the 1M ceremony through the API (no step
// slower); docs/performance.md, "SQLite pages", and ADR 0017.
inline constexpr int kSqlitePageSize = 16384;

StatusOr<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                       const OpenOptions& options);

}  // namespace suiji::store
