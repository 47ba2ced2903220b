// A consistent copy of a SQLite database file, taken while the platform runs (`suiji backup`).
//
// Copying the file with cp while a server writes to it can give a copy that is not a database
// at all: the WAL beside it holds the latest commits, and a checkpoint may move pages while cp
// reads. SQLite's VACUUM INTO writes a snapshot of one read transaction into a new file instead:
// compacted, in rollback-journal mode (one file, no -wal), and with the page size asked for, so
// that a file created before ADR 0017 gets 16 KiB pages in its backup.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace suiji::store {

struct SqliteBackupReport {
  int64_t bytes = 0;      // the backup file's size
  int64_t page_size = 0;  // the backup's page size
  int64_t source_page_size = 0;
  int64_t schema_version = 0;  // the highest migration applied
  int64_t audit_entries = 0;   // audit log entries in the snapshot (its last seq)
};

// Writes a snapshot of the database at `db_path` to `out_path`, which must not exist; its
// directory must. The snapshot is written beside it under a temporary name, checked (PRAGMA
// quick_check), synced, and only then given its name: a failure or a crash leaves no file at
// `out_path`, and the database is only read.
StatusOr<SqliteBackupReport> BackupSqliteFile(const std::string& db_path,
                                              const std::string& out_path);

}  // namespace suiji::store
