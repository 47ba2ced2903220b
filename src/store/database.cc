#include "store/database.h"

#include <exception>

#include "core/metrics.h"

namespace suiji::store {

std::string_view DialectName(Dialect d) { return d == Dialect::kSqlite ? "sqlite" : "postgresql"; }

StatusOr<Row> Connection::QueryOne(std::string_view sql, const Params& params, std::string reason,
                                   std::string message) {
  ASSIGN_OR_RETURN(ResultSet rs, Query(sql, params));
  if (rs.rows.empty()) return NotFound(std::move(reason), std::move(message));
  return std::move(rs.rows.front());
}

StatusOr<std::optional<Row>> Connection::QueryOptional(std::string_view sql, const Params& params) {
  ASSIGN_OR_RETURN(ResultSet rs, Query(sql, params));
  if (rs.rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rs.rows.front()));
}

Status Ping(Database& db) {
  ASSIGN_OR_RETURN(PooledConnection conn, db.Acquire());
  return conn->Query("SELECT 1").status();
}

Status WithTransaction(Database& db, TxMode mode, const std::function<Status(Connection&)>& fn) {
  Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    ASSIGN_OR_RETURN(PooledConnection conn, db.Acquire());
    RETURN_IF_ERROR(conn->Begin(mode));
    if (mode == TxMode::kWrite) metrics::Add(metrics::Counter::kWriteTransactions);
    Status s;
    try {
      s = fn(*conn);
    } catch (const std::exception& e) {
      s = Internal(std::string("exception in transaction: ") + e.what());
    }
    if (s.ok()) s = conn->Commit();
    if (s.ok()) return s;
    if (conn->InTransaction()) conn->Rollback().IgnoreError();
    last = s;
    if (s.reason() != "DB_SERIALIZATION" && s.reason() != "DB_BUSY") return s;
  }
  return last;
}

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

StatusOr<DbUrl> ParseDbUrl(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument(
        "DB_URL_INVALID",
        "数据库地址格式不正确：" + std::string(url) + "（" + why +
            "；示例：sqlite://./data/suiji.db 或 postgresql://suiji@127.0.0.1:5432/suiji）");
  };
  DbUrl out;
  if (StartsWith(url, "sqlite://")) {
    std::string_view rest = url.substr(9);
    if (rest.empty()) return bad("缺少文件路径");
    if (rest.find('?') != std::string_view::npos) return bad("SQLite 地址不支持参数");
    out.dialect = Dialect::kSqlite;
    out.path = std::string(rest);
    out.display = "sqlite:" + out.path;
    return out;
  }
  std::string_view scheme;
  if (StartsWith(url, "postgresql://")) scheme = "postgresql://";
  else if (StartsWith(url, "postgres://")) scheme = "postgres://";
  else return bad("应以 sqlite:// 或 postgresql:// 开头");
  std::string_view rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  std::string_view dbname = path.substr(0, path.find('?'));
  auto at = authority.rfind('@');
  std::string_view hostport = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (hostport.empty()) return bad("缺少主机名");
  if (dbname.empty()) return bad("缺少数据库名");
  if (auto colon = hostport.rfind(':');
      colon != std::string_view::npos && hostport.front() != '[') {
    std::string_view port = hostport.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string_view::npos)
      return bad("端口号无效");
  }
  out.dialect = Dialect::kPostgres;
  out.conninfo = std::string(url);
  std::string user;
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    user = std::string(userinfo.substr(0, userinfo.find(':')));
  }
  out.display = "postgresql://" + (user.empty() ? "" : user + "@") + std::string(hostport) + "/" +
                std::string(dbname);
  return out;
}

}  // namespace suiji::store
