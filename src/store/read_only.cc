#include "store/read_only.h"

#include <map>
#include <string>

#include "core/hash.h"
#include "store/migrate.h"

namespace suiji::store {
namespace {

// Forwards to a pooled connection of the underlying database, refusing write transactions.
class ReadOnlyConnection final : public Connection {
 public:
  explicit ReadOnlyConnection(PooledConnection inner) : inner_(std::move(inner)) {}
  Dialect dialect() const override { return inner_->dialect(); }
  StatusOr<int64_t> Execute(std::string_view sql, const Params& params) override {
    return inner_->Execute(sql, params);
  }
  StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    return inner_->Query(sql, params);
  }
  Status QueryEach(std::string_view sql, const Params& params,
                   const std::function<bool(const Row&)>& on_row) override {
    return inner_->QueryEach(sql, params, on_row);
  }
  Status ScanEach(std::string_view sql, const Params& params,
                  const std::function<bool(const Row&)>& on_row) override {
    return inner_->ScanEach(sql, params, on_row);
  }
  Status ExecuteScript(std::string_view sql) override { return inner_->ExecuteScript(sql); }
  StatusOr<std::unique_ptr<BulkInserter>> BulkInsert(std::string_view,
                                                     const std::vector<std::string>&) override {
    return ReadOnlyRefusal();
  }
  Status Begin(TxMode mode) override {
    if (mode == TxMode::kWrite) return ReadOnlyRefusal();
    return inner_->Begin(mode);
  }
  Status Commit() override { return inner_->Commit(); }
  Status Rollback() override { return inner_->Rollback(); }
  bool InTransaction() const override { return inner_->InTransaction(); }

 private:
  // PooledConnection's accessors are not const; the connection itself is used by one thread.
  mutable PooledConnection inner_;
};

class ReadOnlyDatabase final : public Database {
 public:
  explicit ReadOnlyDatabase(std::unique_ptr<Database> inner) : inner_(std::move(inner)) {}
  Dialect dialect() const override { return inner_->dialect(); }
  std::string Describe() const override { return inner_->Describe() + "（只读）"; }
  StatusOr<PooledConnection> Acquire() override {
    ASSIGN_OR_RETURN(PooledConnection conn, inner_->Acquire());
    return Wrap(std::move(conn));
  }
  StatusOr<std::optional<PooledConnection>> TryAcquire() override {
    ASSIGN_OR_RETURN(auto conn, inner_->TryAcquire());
    if (!conn) return conn;
    ASSIGN_OR_RETURN(PooledConnection wrapped, Wrap(std::move(*conn)));
    return std::optional<PooledConnection>(std::move(wrapped));
  }

 private:
  StatusOr<PooledConnection> Wrap(PooledConnection conn) const {
    if (dialect() == Dialect::kSqlite) RETURN_IF_ERROR(conn->ExecuteScript("PRAGMA query_only=ON"));
    return PooledConnection(std::make_unique<ReadOnlyConnection>(std::move(conn)), nullptr);
  }

  std::unique_ptr<Database> inner_;
};

// "-c default_transaction_read_only=on", URL-encoded, added to the URL's own `options` if it
// has some (a search_path, say).
std::string ReadOnlyConninfo(std::string conninfo) {
  constexpr std::string_view kReadOnly = "-c%20default_transaction_read_only%3Don";
  const auto query = conninfo.find('?');
  if (query == std::string::npos) return conninfo + "?options=" + std::string(kReadOnly);
  auto at = conninfo.find("options=", query);
  while (at != std::string::npos && conninfo[at - 1] != '?' && conninfo[at - 1] != '&')
    at = conninfo.find("options=", at + 1);
  if (at == std::string::npos) return conninfo + "&options=" + std::string(kReadOnly);
  const auto end = conninfo.find('&', at);
  conninfo.insert(end == std::string::npos ? conninfo.size() : end, "%20" + std::string(kReadOnly));
  return conninfo;
}

}  // namespace

Status ReadOnlyRefusal() {
  return Status(StatusCode::kUnavailable, "READ_ONLY",
                "数据库为只读副本，只能查询，不能修改数据；请到主站点办理");
}

StatusOr<std::unique_ptr<Database>> OpenReadOnlyDatabase(const DbUrl& url, int pool_size) {
  DbUrl ro = url;
  if (ro.dialect == Dialect::kPostgres) ro.conninfo = ReadOnlyConninfo(ro.conninfo);
  ASSIGN_OR_RETURN(auto inner,
                   OpenDatabase(ro, {.pool_size = pool_size, .create_if_missing = false}));
  return std::unique_ptr<Database>(new ReadOnlyDatabase(std::move(inner)));
}

Status CheckSchemaCurrent(Database& db) {
  const std::vector<Migration>& migrations = BuiltinMigrations();
  ASSIGN_OR_RETURN(auto conn, db.Acquire());
  ASSIGN_OR_RETURN(auto exists,
                   conn->Query(db.dialect() == Dialect::kPostgres
                                   ? "SELECT COUNT(*) FROM pg_tables WHERE tablename = "
                                     "'schema_migrations' AND schemaname = current_schema()"
                                   : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                     "AND name = 'schema_migrations'"));
  std::map<int, std::string> applied;
  if (exists.front().Int(0) > 0) {
    ASSIGN_OR_RETURN(auto rs, conn->Query("SELECT version, checksum FROM schema_migrations"));
    for (const Row& r : rs.rows) applied[static_cast<int>(r.Int(0))] = r.Text(1);
  }
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  const int current = applied.empty() ? 0 : applied.rbegin()->first;
  if (current > newest)
    return FailedPrecondition("SCHEMA_TOO_NEW", "数据库结构版本（" + std::to_string(current) +
                                                    "）高于本程序支持的版本（" +
                                                    std::to_string(newest) +
                                                    "），请升级 Suiji 后再使用该数据库");
  for (const Migration& m : migrations) {
    auto it = applied.find(m.version);
    if (it == applied.end())
      return FailedPrecondition(
          "SCHEMA_NOT_CURRENT",
          "数据库结构版本（" + std::to_string(current) + "）低于本程序的版本（" +
              std::to_string(newest) + "），缺少迁移 " + m.name +
              "：只读服务不迁移数据库，请先在主库上运行 suiji migrate，待副本同步后再启动");
    if (it->second != ToHex(Sha256(m.sql)))
      return DataLoss("SCHEMA_MODIFIED",
                      "数据库中已应用的结构迁移 " + m.name + " 与本程序不一致，数据库可能被修改过");
  }
  return OkStatus();
}

}  // namespace suiji::store
