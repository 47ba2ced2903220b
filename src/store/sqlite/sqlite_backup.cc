#include "store/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "store/sqlite/sqlite_database.h"

namespace suiji::store {
namespace {

namespace fs = std::filesystem;

// A connection of its own (not the platform pool's), closed on every way out.
struct File {
  sqlite3* db = nullptr;
  ~File() { sqlite3_close_v2(db); }
};

std::string Detail(sqlite3* db, int rc, std::string_view what) {
  return std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

// What a failure on the database being copied means to the operator.
Status SourceError(sqlite3* db, int rc, const std::string& path, std::string_view what) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status(StatusCode::kDataLoss, "DB_CORRUPT",
                    "数据库文件已损坏或不是 SQLite 数据库文件：" + path, Detail(db, rc, what));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(StatusCode::kUnavailable, "DB_BUSY", "数据库繁忙，请稍后重试",
                    Detail(db, rc, what));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN", "无法打开数据库文件：" + path,
                    Detail(db, rc, what));
    default:
      return Status(StatusCode::kInternal, "DB_ERROR", "读取数据库时出错：" + path,
                    Detail(db, rc, what));
  }
}

Status Open(File& c, const std::string& path, int flags) {
  const int rc = sqlite3_open_v2(path.c_str(), &c.db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return SourceError(c.db, rc, path, "open");
  sqlite3_extended_result_codes(c.db, 1);
  sqlite3_busy_timeout(c.db, 10000);
  return OkStatus();
}

// The first column of the first row of `sql` as an integer (0 if there is no row or it is NULL),
// and its text in `text` when asked. Later rows are not read (quick_check gives one per problem:
// its first says whether there is any).
StatusOr<int64_t> QueryInt(File& c, const std::string& path, const char* sql,
                           std::string* text = nullptr) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(c.db, sql, -1, &st, nullptr);
  int64_t value = 0;
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    value = sqlite3_column_int64(st, 0);
    if (text) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      *text = t ? t : "";
    }
  }
  Status s = rc == SQLITE_ROW || rc == SQLITE_DONE ? OkStatus() : SourceError(c.db, rc, path, sql);
  sqlite3_finalize(st);
  if (!s.ok()) return s;
  return value;
}

Status Sync(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  const int rc = fd < 0 ? -1 : ::fsync(fd);
  const int err = errno;
  if (fd >= 0) ::close(fd);
  if (rc != 0)
    return Status(StatusCode::kUnavailable, "BACKUP_CANNOT_WRITE", "备份文件未能写入磁盘：" + path,
                  std::string(fd < 0 ? "open: " : "fsync: ") + std::strerror(err));
  return OkStatus();
}

Status CannotWrite(const std::string& out_path, std::string detail) {
  return Status(StatusCode::kUnavailable, "BACKUP_CANNOT_WRITE",
                "无法写入备份文件：" + out_path + "（请检查目录权限和磁盘）", std::move(detail));
}

Status Exists(const std::string& out_path) {
  return AlreadyExists("BACKUP_EXISTS",
                       "备份文件已存在，不会覆盖：" + out_path + "（请换一个文件名）");
}

// The file at `path` removed when the scope ends, unless released.
struct RemoveOnExit {
  std::string path;
  ~RemoveOnExit() {
    if (path.empty()) return;
    std::error_code ec;
    fs::remove(path, ec);
  }
};

// What the written copy holds, read back from it; any failure means the copy is not usable.
StatusOr<SqliteBackupReport> CheckCopy(const std::string& tmp, const std::string& out_path) {
  auto failed = [&](const Status& s) {
    return Status(StatusCode::kDataLoss, "BACKUP_CHECK_FAILED",
                  "备份文件校验未通过，未保存：" + out_path, std::string(s.detail()));
  };
  File copy;
  SqliteBackupReport report;
  if (Status s = Open(copy, tmp, SQLITE_OPEN_READONLY); !s.ok()) return failed(s);
  std::string check;
  auto checked = QueryInt(copy, tmp, "PRAGMA quick_check", &check);
  if (!checked.ok()) return failed(checked.status());
  if (check != "ok") return failed(Status(StatusCode::kDataLoss, "", "", "quick_check: " + check));
  auto page_size = QueryInt(copy, tmp, "PRAGMA page_size");
  auto version = QueryInt(copy, tmp, "SELECT max(version) FROM schema_migrations");
  auto audit = QueryInt(copy, tmp, "SELECT coalesce(max(seq), 0) FROM audit_log");
  for (const auto* r : {&page_size, &version, &audit})
    if (!r->ok()) return failed(r->status());
  report.page_size = *page_size;
  report.schema_version = *version;
  report.audit_entries = *audit;
  return report;
}

}  // namespace

StatusOr<SqliteBackupReport> BackupSqliteFile(const std::string& db_path,
                                              const std::string& out_path) {
  std::error_code ec;
  const fs::file_status source = fs::status(db_path, ec);
  if (source.type() == fs::file_type::not_found)
    return NotFound("DB_NOT_FOUND", "数据库文件不存在：" + db_path);
  if (ec)
    return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN", "无法访问数据库文件：" + db_path,
                  ec.message());
  if (source.type() != fs::file_type::regular)
    return InvalidArgument("DB_NOT_FILE", "数据库地址指向的不是文件：" + db_path);
  if (out_path.empty()) return InvalidArgument("BACKUP_PATH_REQUIRED", "请指定备份文件的路径");
  const fs::file_status target = fs::symlink_status(out_path, ec);
  if (target.type() == fs::file_type::directory)
    return InvalidArgument("BACKUP_PATH_IS_DIR",
                           "备份路径是一个目录：" + out_path + "（请给出备份文件的名字）");
  if (target.type() != fs::file_type::not_found) {
    if (ec) return CannotWrite(out_path, ec.message());
    return Exists(out_path);
  }
  fs::path dir = fs::path(out_path).parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec))
    return NotFound("BACKUP_DIR_NOT_FOUND", "备份文件所在的目录不存在：" + dir.string());

  File src;
  // Read-write without create: a reader of a WAL file may need to set up its -shm. Closing it
  // must not checkpoint the WAL into the file (SQLite does on the last connection's close):
  // the database is only read, also when the backup is refused.
  RETURN_IF_ERROR(Open(src, db_path, SQLITE_OPEN_READWRITE));
  sqlite3_db_config(src.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  ASSIGN_OR_RETURN(int64_t tables,
                   QueryInt(src, db_path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                            "('schema_migrations', 'audit_log')"));
  if (tables != 2)
    return FailedPrecondition("BACKUP_NOT_SUIJI",
                              "不是本平台的数据库（缺少结构版本表或审计日志）：" + db_path);
  ASSIGN_OR_RETURN(const int64_t source_page_size, QueryInt(src, db_path, "PRAGMA page_size"));

  // Written under a temporary name first: a failure or a crash leaves no file at out_path.
  const std::string tmp = out_path + ".partial-" + std::to_string(::getpid());
  fs::remove(tmp, ec);
  RemoveOnExit remove_tmp{tmp};
  // The copy gets this binary's page size (ADR 0017): VACUUM INTO applies it even from a WAL
  // database (SQLite 3.40, Debian 12; the e2e test checks the result).
  RETURN_IF_ERROR(
      QueryInt(src, db_path, ("PRAGMA page_size=" + std::to_string(kSqlitePageSize)).c_str())
          .status());
  {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(src.db, "VACUUM INTO ?1", -1, &st, nullptr);
    if (rc == SQLITE_OK) {
      sqlite3_bind_text(st, 1, tmp.c_str(), -1, SQLITE_TRANSIENT);
      rc = sqlite3_step(st);
    }
    const std::string detail = Detail(src.db, rc, "VACUUM INTO");
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) {
      // Extended codes are on: a read of the database is told apart from a write of the copy.
      if (rc == SQLITE_IOERR_READ || rc == SQLITE_IOERR_SHORT_READ)
        return SourceError(nullptr, SQLITE_IOERR, db_path, detail);
      switch (rc & 0xff) {
        case SQLITE_FULL:
          return Status(StatusCode::kResourceExhausted, "BACKUP_DISK_FULL",
                        "磁盘空间不足，备份未完成（备份所在的磁盘需要约与数据库文件同样大的空间，"
                        "临时目录也要有余量）",
                        detail);
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_READONLY:
        case SQLITE_PERM: return CannotWrite(out_path, detail);
        default: return SourceError(nullptr, rc, db_path, detail);
      }
    }
  }

  // The copy must open and pass SQLite's structural check before it gets its name.
  ASSIGN_OR_RETURN(SqliteBackupReport report, CheckCopy(tmp, out_path));
  report.source_page_size = source_page_size;
  // The copy holds what the database holds: readable to whom the database is.
  if (::chmod(tmp.c_str(), static_cast<mode_t>(source.permissions()) & 0777) != 0)
    return CannotWrite(out_path, std::string("chmod: ") + std::strerror(errno));
  RETURN_IF_ERROR(Sync(tmp, false));
  // Never over a file that appeared at out_path meanwhile: link(), or on a file system without
  // hard links (a FAT-formatted USB disk) renameat2(RENAME_NOREPLACE).
  int done = ::link(tmp.c_str(), out_path.c_str());
  int err = done == 0 ? 0 : errno;
  if (err == EPERM || err == EOPNOTSUPP || err == ENOSYS) {
    done = ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out_path.c_str(), RENAME_NOREPLACE);
    err = done == 0 ? 0 : errno;
  }
  if (err == EEXIST) return Exists(out_path);
  if (err != 0) return CannotWrite(out_path, std::string("link: ") + std::strerror(err));
  // The temporary name goes before the directory is synced: after a crash, only the backup's.
  fs::remove(tmp, ec);
  remove_tmp.path.clear();
  if (Status s = Sync(dir.string(), true); !s.ok()) {
    fs::remove(out_path, ec);
    return s;
  }
  report.bytes = static_cast<int64_t>(fs::file_size(out_path, ec));
  return report;
}

}  // namespace suiji::store
