#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <condition_variable>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/metrics.h"
#include "store/placeholders.h"
#include "store/pool.h"

namespace suiji::store {
namespace {

// SQL is written with PostgreSQL's $n placeholders; SQLite's ?NNN binds the same index.
std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  Status s = ReplacePlaceholders(sql, out, [](size_t index, std::string& o) {
    o += '?';
    o += std::to_string(index);
    return OkStatus();
  });
  (void)s;  // the replacement never fails
  return out;
}

Status MapError(sqlite3* db, int rc, std::string_view what) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status(StatusCode::kAlreadyExists, "DB_UNIQUE_VIOLATION", "记录已存在，不能重复添加",
                    detail);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Status(StatusCode::kFailedPrecondition, "DB_FOREIGN_KEY",
                    "关联的记录不存在或仍被其他记录引用", detail);
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return Status(StatusCode::kInvalidArgument, "DB_CHECK_VIOLATION", "数据不符合存储约束",
                    detail);
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(StatusCode::kUnavailable, "DB_BUSY", "数据库繁忙，请稍后重试", detail);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status(StatusCode::kDataLoss, "DB_CORRUPT", "数据库文件已损坏或不是 SQLite 数据库文件",
                    detail);
    case SQLITE_CANTOPEN:
      return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN", "无法打开数据库文件", detail);
    case SQLITE_READONLY:
      return Status(StatusCode::kUnavailable, "DB_READONLY", "数据库文件只读，无法写入", detail);
    case SQLITE_FULL:
      return Status(StatusCode::kUnavailable, "DB_FULL", "磁盘空间不足，无法写入数据库", detail);
    default: return Internal(detail);
  }
}

class Stmt {
 public:
  Stmt(sqlite3_stmt* s) : s_(s) {}  // NOLINT
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_;
};

class SqliteConnection;

// Copies the WAL back into the database file on a thread of its own. SQLite's automatic
// checkpoint runs inside the COMMIT that takes the WAL past its threshold, so the request that
// happened to commit then (a task commit or reveal writing a million rows) waited for the copy
// of everything written since: 0.4 s of a 1M commit's 0.9 s transaction. Each connection's WAL
// hook, called after every commit with the WAL's size, now only wakes this thread, which runs a
// PASSIVE checkpoint: it takes no lock a writer or reader waits for, copies what no reader
// still needs, and leaves the rest for the next wake. Durability is unchanged: a commit is in
// the WAL, synced, before it returns; the checkpoint syncs the file before the WAL is reused.
class Checkpointer {
 public:
  // SQLite's own threshold: a checkpoint once the WAL holds 1000 pages (16 MiB at kSqlitePageSize).
  static constexpr int kWalPages = 1000;

  explicit Checkpointer(std::string path) : path_(std::move(path)), thread_([this] { Run(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The sqlite3_wal_hook of every pooled connection; `self` is the Checkpointer.
  static int OnCommit(void* self, sqlite3*, const char*, int wal_pages) {
    if (wal_pages >= kWalPages) static_cast<Checkpointer*>(self)->Wake();
    return SQLITE_OK;
  }

 private:
  void Wake() {
    {
      std::lock_guard lock(mu_);
      pending_ = true;
    }
    cv_.notify_one();
  }

  void Run() {
    sqlite3* db = nullptr;
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return pending_ || stop_; });
      if (stop_) break;
      pending_ = false;
      lock.unlock();
      // Opened at the first wake (the file exists by then), and made to read the file once:
      // until it has, the connection does not know the file is in WAL mode and a checkpoint
      // does nothing. A failure is only a checkpoint missed: the next commit past the threshold
      // wakes this thread again, and the last connection to close checkpoints the rest.
      if (!db && (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                  nullptr) != SQLITE_OK ||
                  sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr,
                               nullptr) != SQLITE_OK)) {
        sqlite3_close_v2(db);
        db = nullptr;
      }
      if (db) sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
    lock.unlock();
    sqlite3_close_v2(db);
  }

  const std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// The page cache of every connection, KiB: 64 MiB.
constexpr int64_t kCacheKiB = 65536;
// ... and the most a transaction may raise it to (GrowCacheForTransaction). SQLite runs one
// write transaction at a time, so at most one connection holds a raised cache at once.
constexpr int64_t kMaxCacheKiB = 1048576;

class SqliteBulkInserter final : public BulkInserter {
 public:
  SqliteBulkInserter(SqliteConnection* conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  Status Add(const std::vector<Value>& row) override;
  Status Finish() override { return OkStatus(); }

 private:
  SqliteConnection* conn_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::mutex* write_mu, std::shared_ptr<Checkpointer> checkpointer)
      : db_(db), write_mu_(write_mu), checkpointer_(std::move(checkpointer)) {
    if (checkpointer_) sqlite3_wal_hook(db_, &Checkpointer::OnCommit, checkpointer_.get());
  }
  ~SqliteConnection() override {
    cache_.clear();
    lru_.clear();
    sqlite3_close_v2(db_);
  }

  Status Busy() const {
    return streaming_ ? Internal("connection used inside its own QueryEach callback") : OkStatus();
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  StatusOr<int64_t> Execute(std::string_view sql, const Params& params) override {
    RETURN_IF_ERROR(Busy());
    metrics::Add(metrics::Counter::kStoreStatements);
    ASSIGN_OR_RETURN(sqlite3_stmt * st, Prepare(sql));
    RETURN_IF_ERROR(Bind(st, params));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return MapError(db_, rc, sql);
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    RETURN_IF_ERROR(Busy());
    metrics::Add(metrics::Counter::kStoreStatements);
    ResultSet rs;
    bool first = true;
    Status s = Each(sql, params, [&](sqlite3_stmt* st) {
      if (first) {
        first = false;
        int n = sqlite3_column_count(st);
        for (int i = 0; i < n; ++i) rs.columns.emplace_back(sqlite3_column_name(st, i));
      }
      rs.rows.push_back(ReadRow(st));
      return true;
    });
    RETURN_IF_ERROR(s);
    return rs;
  }

  Status QueryEach(std::string_view sql, const Params& params,
                   const std::function<bool(const Row&)>& on_row) override {
    RETURN_IF_ERROR(Busy());
    metrics::Add(metrics::Counter::kStoreStatements);
    Row row;  // refilled in place for each row
    return Each(sql, params, [&](sqlite3_stmt* st) {
      ReadRowInto(st, row);
      streaming_ = true;
      bool keep = on_row(row);
      streaming_ = false;
      return keep;
    });
  }

  Status ExecuteScript(std::string_view sql) override {
    RETURN_IF_ERROR(Busy());
    char* err = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return MapError(db_, rc, "script");
    return OkStatus();
  }

  StatusOr<std::unique_ptr<BulkInserter>> BulkInsert(
      std::string_view table, const std::vector<std::string>& columns) override {
    RETURN_IF_ERROR(Busy());
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") VALUES (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", $" : "$") + std::to_string(i + 1);
    sql += ")";
    ASSIGN_OR_RETURN(sqlite3_stmt * st, Prepare(sql));
    return std::unique_ptr<BulkInserter>(new SqliteBulkInserter(this, st));
  }

  Status GrowCacheForTransaction(int64_t kib) override {
    if (!in_tx_) return Internal("GrowCacheForTransaction outside a transaction");
    kib = std::min(kib, kMaxCacheKiB);
    if (kib <= cache_kib_) return OkStatus();
    return SetCache(kib);
  }

  Status Begin(TxMode mode) override {
    if (in_tx_) return Internal("nested transaction");
    if (mode == TxMode::kWrite) write_lock_ = std::unique_lock(*write_mu_);
    Status s = Simple(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!s.ok()) {
      if (write_lock_.owns_lock()) write_lock_.unlock();
      return s;
    }
    in_tx_ = true;
    return OkStatus();
  }
  Status Commit() override { return End("COMMIT"); }
  Status Rollback() override { return End("ROLLBACK"); }
  bool InTransaction() const override { return in_tx_; }

  Status StepInsert(sqlite3_stmt* st, const std::vector<Value>& row) {
    // Every parameter is bound again: no need to clear the previous row's first.
    RETURN_IF_ERROR(Bind(st, row, /*clear=*/false));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return MapError(db_, rc, "bulk insert");
    return OkStatus();
  }

 private:
  Status SetCache(int64_t kib) {
    RETURN_IF_ERROR(Simple(("PRAGMA cache_size=-" + std::to_string(kib)).c_str()));
    cache_kib_ = kib;
    return OkStatus();
  }

  Status Simple(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return MapError(db_, rc, sql);
    return OkStatus();
  }

  Status End(const char* sql) {
    if (!in_tx_) return Internal(std::string(sql) + " outside transaction");
    Status s = Simple(sql);
    if (s.ok() || sqlite3_get_autocommit(db_)) {
      in_tx_ = false;
      if (write_lock_.owns_lock()) write_lock_.unlock();
      // Back to the usual cache: SQLite frees the pages above it now that none is dirty. (The
      // transaction has ended either way: a failure here must not be reported as its own.)
      if (cache_kib_ != kCacheKiB) (void)SetCache(kCacheKiB);
    }
    return s;
  }

  // Prepared statements are cached per connection (bounded, least recently used out).
  StatusOr<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.second);
      return it->second.first->get();
    }
    std::string text = RewritePlaceholders(sql);
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                                SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) return MapError(db_, rc, sql);
    if (cache_.size() >= 256) {
      cache_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(key);
    auto [it, _] = cache_.emplace(key, std::make_pair(std::make_unique<Stmt>(st), lru_.begin()));
    return it->second.first->get();
  }

  Status Bind(sqlite3_stmt* st, const Params& params, bool clear = true) {
    sqlite3_reset(st);
    if (clear) sqlite3_clear_bindings(st);
    int expected = sqlite3_bind_parameter_count(st);
    if (static_cast<int>(params.size()) < expected)
      return Internal("statement expects " + std::to_string(expected) + " parameters, got " +
                      std::to_string(params.size()));
    for (int i = 0; i < expected; ++i) {
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (auto p = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(st, i + 1, *p);
      else if (auto p = std::get_if<double>(&v)) rc = sqlite3_bind_double(st, i + 1, *p);
      else if (auto p = std::get_if<std::string>(&v))
        rc = sqlite3_bind_text64(st, i + 1, p->data(), p->size(), SQLITE_STATIC, SQLITE_UTF8);
      else if (auto p = std::get_if<Blob>(&v))
        rc = sqlite3_bind_blob64(st, i + 1, p->bytes.data(), p->bytes.size(), SQLITE_STATIC);
      else rc = sqlite3_bind_null(st, i + 1);
      if (rc != SQLITE_OK) return MapError(db_, rc, "bind");
    }
    return OkStatus();
  }

  template <typename F>
  Status Each(std::string_view sql, const Params& params, F&& f) {
    ASSIGN_OR_RETURN(sqlite3_stmt * st, Prepare(sql));
    RETURN_IF_ERROR(Bind(st, params));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (!f(st)) {
        rc = SQLITE_DONE;
        break;
      }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return MapError(db_, rc, sql);
    return OkStatus();
  }

  static Row ReadRow(sqlite3_stmt* st) {
    Row row;
    ReadRowInto(st, row);
    return row;
  }

  // The current row into `row`, whose text cells keep their storage from the previous one.
  static void ReadRowInto(sqlite3_stmt* st, Row& row) {
    const int n = sqlite3_column_count(st);
    std::vector<Value>& cells = row.mutable_cells();
    cells.resize(n);
    for (int i = 0; i < n; ++i) {
      Value& cell = cells[i];
      switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: cell = static_cast<int64_t>(sqlite3_column_int64(st, i)); break;
        case SQLITE_FLOAT: cell = sqlite3_column_double(st, i); break;
        case SQLITE_TEXT: {
          // sqlite3_column_text before sqlite3_column_bytes: the length of the converted text.
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
          AssignText(cell, std::string_view(text, sqlite3_column_bytes(st, i)));
          break;
        }
        case SQLITE_BLOB: {
          const void* p = sqlite3_column_blob(st, i);
          cell = Blob{std::string(static_cast<const char*>(p), sqlite3_column_bytes(st, i))};
          break;
        }
        default: cell = std::monostate{};
      }
    }
  }

  sqlite3* db_;
  std::mutex* write_mu_;
  // Kept alive by every connection whose hook points at it (a borrowed connection may outlive
  // its database); null: SQLite checkpoints in the COMMIT itself, as by default.
  std::shared_ptr<Checkpointer> checkpointer_;
  std::unique_lock<std::mutex> write_lock_;
  bool in_tx_ = false;
  int64_t cache_kib_ = kCacheKiB;  // above kCacheKiB until the transaction ends
  bool streaming_ = false;         // inside a QueryEach callback
  std::list<std::string> lru_;
  std::unordered_map<std::string,
                     std::pair<std::unique_ptr<Stmt>, std::list<std::string>::iterator>>
      cache_;
};

Status SqliteBulkInserter::Add(const std::vector<Value>& row) {
  return conn_->StepInsert(stmt_, row);
}

StatusOr<std::unique_ptr<Connection>> OpenConnection(
    const std::string& path, bool create, std::mutex* write_mu,
    std::shared_ptr<Checkpointer> checkpointer = nullptr) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = MapError(db, rc, "open " + path);
    sqlite3_close_v2(db);
    if (s.reason() == "DB_CANNOT_OPEN")
      return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN", "无法打开数据库文件：" + path,
                    std::string(s.detail()));
    return s;
  }
  // SQLite silently opens a file it may not write read-only; a platform that cannot record a
  // draw must not start as if it could.
  if (sqlite3_db_readonly(db, "main") == 1) {
    sqlite3_close_v2(db);
    return Status(StatusCode::kUnavailable, "DB_READ_ONLY",
                  "数据库文件只读，无法写入：" + path + "（请检查文件权限）", "");
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  auto conn = std::make_unique<SqliteConnection>(db, write_mu, std::move(checkpointer));
  // Reading the schema touches page 1: a file that is not a database fails here, clearly.
  // Durability: WAL with synchronous=FULL, so a committed draw survives power loss.
  // Reads through a mapping of the file's first 1 GiB (ADR 0014): a pool scan or a reveal's
  // lookups into a million-target table then read the OS's page cache in place instead of a
  // pread() and a copy per page, on every pass (the 64 MiB page cache holds a fraction).
  Status s =
      conn->ExecuteScript("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-" +
                          std::to_string(kCacheKiB) +
                          "; PRAGMA mmap_size=1073741824; "
                          "PRAGMA temp_store=MEMORY; SELECT count(*) FROM sqlite_master;");
  if (!s.ok()) {
    if (s.reason() == "DB_CORRUPT")
      return Status(StatusCode::kDataLoss, "DB_CORRUPT",
                    "数据库文件已损坏或不是 SQLite 数据库文件：" + path, std::string(s.detail()));
    return s;
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int pool_size)
      : path_(std::move(path)),
        checkpointer_(std::make_shared<Checkpointer>(path_)),
        pool_(pool_size,
              [this] { return OpenConnection(path_, false, &write_mu_, checkpointer_); }) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string Describe() const override { return "sqlite:" + path_; }
  StatusOr<PooledConnection> Acquire() override { return pool_.Acquire(); }
  StatusOr<std::optional<PooledConnection>> TryAcquire() override { return pool_.TryAcquire(); }

 private:
  std::string path_;
  std::mutex write_mu_;
  std::shared_ptr<Checkpointer> checkpointer_;  // before the pool: its connections point at it
  ConnectionPool pool_;
};

// Process-wide settings, which SQLite accepts only before its first use in the process. Memory
// statistics off: with them on (SQLite's default) every allocation and free of every connection
// takes one global mutex — at thousands of portal lookups per second on the server's threads,
// mutex waits and wake-ups were ~13 % of the server's samples (docs/performance.md,
// "Published-result lookups"). Nothing here reads the statistics or sets a soft heap limit,
// which would need them. sqlite3_config is not thread-safe; this runs at the process's first
// open, before its threads use SQLite. If SQLite was already used (a test that opened a file
// directly, say), the call is refused and the defaults stay: slower, not wrong.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

StatusOr<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                       const OpenOptions& options) {
  ConfigureSqliteOnce();
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(path);
  if (options.create_if_missing && p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec)
      return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN",
                    "无法创建数据库目录：" + p.parent_path().string(), ec.message());
  }
  if (fs::is_directory(p, ec))
    return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN", "数据库路径是一个目录：" + path, "");
  if (fs::exists(p, ec) && !fs::is_regular_file(p, ec))
    return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN", "数据库路径不是普通文件：" + path,
                  "");
  if (!options.create_if_missing && !fs::exists(p, ec))
    return Status(StatusCode::kNotFound, "DB_NOT_FOUND", "数据库文件不存在：" + path, "");
  // The first connection creates the file and switches it to WAL (a persistent setting). The
  // page size must be set before that, the first write to a new file; on a file that already
  // holds a database it changes nothing.
  std::mutex probe_mu;
  ASSIGN_OR_RETURN(auto first, OpenConnection(path, options.create_if_missing, &probe_mu));
  RETURN_IF_ERROR(first->ExecuteScript("PRAGMA page_size=" + std::to_string(kSqlitePageSize)));
  ASSIGN_OR_RETURN(auto mode, first->Query("PRAGMA journal_mode=WAL"));
  if (mode.empty() || mode.front().Text(0) != "wal")
    return Status(StatusCode::kUnavailable, "DB_CANNOT_OPEN",
                  "无法启用 SQLite WAL 日志模式：" + path, "");
  // A write lock needs the -wal and -shm files beside the database: a directory we may not
  // write fails here, at start, not at the first draw.
  if (Status w = first->ExecuteScript("BEGIN IMMEDIATE; ROLLBACK;"); !w.ok())
    return Status(StatusCode::kUnavailable, "DB_READ_ONLY",
                  "无法写入数据库：" + path + "（请检查文件及所在目录的权限）",
                  std::string(w.detail()));
  first.reset();
  auto db = std::make_unique<SqliteDatabase>(path, options.pool_size);
  // Prove a pooled connection works before handing the database out.
  ASSIGN_OR_RETURN(auto probe, db->Acquire());
  (void)probe;
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace suiji::store
