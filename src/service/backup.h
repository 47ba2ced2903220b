// `suiji backup`: a consistent copy of the platform's SQLite database while it runs (the file
// work is store/sqlite/sqlite_backup.h; this is what the CLI may call).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace suiji::service {

struct BackupReport {
  std::string db_path;  // the SQLite file that was copied
  int64_t bytes = 0;
  int64_t page_size = 0;
  int64_t source_page_size = 0;
  int64_t schema_version = 0;
  int64_t audit_entries = 0;
};

// Copies the database at `db_url` (sqlite:// only; PostgreSQL is refused with where to look)
// to `out_path`, which must not exist. See store::BackupSqliteFile.
StatusOr<BackupReport> BackupDatabase(const std::string& db_url, const std::string& out_path);

}  // namespace suiji::service
