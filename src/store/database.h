// The thin database interface every repository is written against (ADR 0002).
//
// SQL is written once, in PostgreSQL's dialect with $1..$n placeholders; the SQLite adapter
// rewrites placeholders and both adapters map driver errors to Status with stable reasons:
//   DB_UNIQUE_VIOLATION (AlreadyExists), DB_FOREIGN_KEY (FailedPrecondition),
//   DB_CHECK_VIOLATION (InvalidArgument), DB_BUSY / DB_UNAVAILABLE (Unavailable),
//   DB_SERIALIZATION (Aborted, retried by WithTransaction), DB_CORRUPT (DataLoss).
// A Connection is used by one thread at a time; a Database is a thread-safe pool.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/value.h"

namespace suiji::store {

enum class Dialect { kSqlite, kPostgres };
std::string_view DialectName(Dialect d);  // "sqlite" | "postgresql"

enum class TxMode {
  kRead,   // reads only
  kWrite,  // takes the write lock up front (SQLite BEGIN IMMEDIATE)
};

// Appends rows to one table quickly (SQLite: a reused prepared INSERT; PostgreSQL: COPY).
// Must be used inside a transaction; Finish() before any other statement on the connection.
class BulkInserter {
 public:
  virtual ~BulkInserter() = default;
  virtual Status Add(const std::vector<Value>& row) = 0;
  virtual Status Finish() = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement; returns the number of rows changed.
  virtual StatusOr<int64_t> Execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns all its rows.
  virtual StatusOr<ResultSet> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and calls `on_row` for each row without materialising the set.
  // Stops early (and returns OK) when on_row returns false. `on_row` must not use this
  // connection (libpq would silently discard the rest of the stream): any call on it from
  // inside the callback fails with Internal. Use a second connection.
  virtual Status QueryEach(std::string_view sql, const Params& params,
                           const std::function<bool(const Row&)>& on_row) = 0;
  // QueryEach for a scan of millions of rows (a draw's pool). On PostgreSQL it runs as
  // COPY (sql) TO STDOUT: no result object per row (single-row mode spent about two fifths of
  // a 10M pool scan's client CPU making them). Every cell arrives as text or NULL (the
  // accessors convert numbers; a boolean would read "t"/"f": select it as an integer), and the
  // parameters, since COPY takes none, go inlined as quoted literals (text, integers, reals and
  // NULL; bytes are refused). SQLite: QueryEach.
  virtual Status ScanEach(std::string_view sql, const Params& params,
                          const std::function<bool(const Row&)>& on_row) {
    return QueryEach(sql, params, on_row);
  }
  // Runs several statements without parameters (migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;
  virtual StatusOr<std::unique_ptr<BulkInserter>> BulkInsert(
      std::string_view table, const std::vector<std::string>& columns) = 0;

  // A hint from a transaction that writes a lot: SQLite raises this connection's page cache to
  // at least `kib` KiB (at most 1 GiB) until the transaction ends, so that the indexes it
  // inserts into at random stay in memory; PostgreSQL's cache is the server's: nothing to do.
  virtual Status GrowCacheForTransaction(int64_t kib) {
    (void)kib;
    return OkStatus();
  }

  virtual Status Begin(TxMode mode) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual bool InTransaction() const = 0;

  // Convenience: the first row, or NotFound(reason, message) when there is none.
  StatusOr<Row> QueryOne(std::string_view sql, const Params& params, std::string reason,
                         std::string message);
  // Convenience: the first row, if any.
  StatusOr<std::optional<Row>> QueryOptional(std::string_view sql, const Params& params = {});
};

// A connection borrowed from a pool; returns itself on destruction.
class PooledConnection {
 public:
  PooledConnection(std::unique_ptr<Connection> conn,
                   std::function<void(std::unique_ptr<Connection>)> release)
      : conn_(std::move(conn)), release_(std::move(release)) {}
  PooledConnection(PooledConnection&&) = default;
  PooledConnection& operator=(PooledConnection&&) = default;
  ~PooledConnection() {
    if (conn_ && release_) release_(std::move(conn_));
  }
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  std::unique_ptr<Connection> conn_;
  std::function<void(std::unique_ptr<Connection>)> release_;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // A human description for logs, without credentials ("sqlite:./data/suiji.db").
  virtual std::string Describe() const = 0;
  // Blocks until a connection is free. Unavailable when the server cannot be reached.
  virtual StatusOr<PooledConnection> Acquire() = 0;
  // A connection only if one is idle or may still be opened, without waiting: for work that
  // would go faster on a second connection but must not wait for one while holding another
  // (which, with the pool's bound, could wait forever).
  virtual StatusOr<std::optional<PooledConnection>> TryAcquire() { return std::nullopt; }
};

// One round trip to the database (a connection from the pool runs `SELECT 1`): OK when it
// answers, Unavailable (DB_UNAVAILABLE) or the adapter's error otherwise. Thread-safe.
Status Ping(Database& db);

// Runs `fn` in a transaction: commits when it returns OK, rolls back otherwise (also when
// it throws). Retries up to 3 times on DB_SERIALIZATION / DB_BUSY.
Status WithTransaction(Database& db, TxMode mode, const std::function<Status(Connection&)>& fn);

// Parses a database URL:
//   sqlite:///abs/path.db   sqlite://./rel/path.db   sqlite://rel.db
//   postgresql://user[:password]@host[:port]/dbname[?options]   (also postgres://)
struct DbUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string path;      // sqlite: the file path
  std::string conninfo;  // postgres: the URL as libpq accepts it
  std::string display;   // without password
};
StatusOr<DbUrl> ParseDbUrl(std::string_view url);

struct OpenOptions {
  int pool_size = 8;
  bool create_if_missing = true;  // SQLite: create the file (and its directory)
};

// Opens a pool for `url` and checks that the database answers.
StatusOr<std::unique_ptr<Database>> OpenDatabase(const DbUrl& url, const OpenOptions& options = {});

}  // namespace suiji::store
