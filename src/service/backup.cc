#include "service/backup.h"

#include "store/database.h"
#include "store/sqlite/sqlite_backup.h"

namespace suiji::service {

StatusOr<BackupReport> BackupDatabase(const std::string& db_url, const std::string& out_path) {
  ASSIGN_OR_RETURN(store::DbUrl url, store::ParseDbUrl(db_url));
  if (url.dialect != store::Dialect::kSqlite)
    return FailedPrecondition("BACKUP_SQLITE_ONLY",
                              "suiji backup 只用于 SQLite 数据库；PostgreSQL 请用 pg_dump "
                              "或 pg_basebackup 加 WAL 归档（见 docs/deploy.md）");
  ASSIGN_OR_RETURN(store::SqliteBackupReport r, store::BackupSqliteFile(url.path, out_path));
  return BackupReport{url.path,           r.bytes,          r.page_size,
                      r.source_page_size, r.schema_version, r.audit_entries};
}

}  // namespace suiji::service
