#include "store/postgres/pg_database.h"

#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "core/hash.h"
#include "core/metrics.h"
#include "core/text.h"
#include "store/placeholders.h"
#include "store/pool.h"
#include "store/read_only.h"

namespace suiji::store {
namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23,
              kOidOid = 26, kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

Status MapResultError(PGconn* conn, const PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string detail =
      std::string(what) + ": " + (r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  if (sqlstate == "23505")
    return Status(StatusCode::kAlreadyExists, "DB_UNIQUE_VIOLATION", "记录已存在，不能重复添加",
                  detail);
  if (sqlstate == "23503")
    return Status(StatusCode::kFailedPrecondition, "DB_FOREIGN_KEY",
                  "关联的记录不存在或仍被其他记录引用", detail);
  if (sqlstate == "23514" || sqlstate == "23502")
    return Status(StatusCode::kInvalidArgument, "DB_CHECK_VIOLATION", "数据不符合存储约束", detail);
  // A hot standby, or a session of a read-only server (default_transaction_read_only).
  if (sqlstate == "25006") {
    const Status ro = ReadOnlyRefusal();
    return Status(ro.code(), std::string(ro.reason()), std::string(ro.message()), detail);
  }
  if (sqlstate == "40001" || sqlstate == "40P01")
    return Status(StatusCode::kAborted, "DB_SERIALIZATION", "并发冲突，请重试", detail);
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P") || PQstatus(conn) != CONNECTION_OK)
    return Status(StatusCode::kUnavailable, "DB_UNAVAILABLE", "数据库连接中断，请稍后重试", detail);
  if (sqlstate == "53100")
    return Status(StatusCode::kUnavailable, "DB_FULL", "数据库服务器磁盘空间不足", detail);
  return Internal(detail);
}

std::string DecodeBytea(const char* text, int len) {
  // Text-format bytea is "\x" followed by hex (bytea_output = hex, the default since 9.0).
  if (len >= 2 && text[0] == '\\' && text[1] == 'x') {
    auto bytes = FromHex(std::string_view(text + 2, len - 2));
    if (bytes) return *bytes;
  }
  return std::string(text, len);
}

// Row `row` of `r` into `out`, whose text cells keep their storage from the previous row.
void ReadRowInto(const PGresult* r, int row, Row& out) {
  const int n = PQnfields(r);
  std::vector<Value>& cells = out.mutable_cells();
  cells.resize(n);
  for (int i = 0; i < n; ++i) {
    Value& cell = cells[i];
    if (PQgetisnull(r, row, i)) {
      cell = std::monostate{};
      continue;
    }
    const char* v = PQgetvalue(r, row, i);
    int len = PQgetlength(r, row, i);
    switch (PQftype(r, i)) {
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid:
      case kOidOid: {
        int64_t x = 0;
        std::from_chars(v, v + len, x);
        cell = x;
        break;
      }
      case kBoolOid: cell = static_cast<int64_t>(v[0] == 't'); break;
      case kFloat4Oid:
      case kFloat8Oid: cell = std::strtod(v, nullptr); break;
      case kNumericOid: {
        std::string_view sv(v, len);
        if (sv.find_first_of(".eE") == std::string_view::npos) {
          int64_t x = 0;
          std::from_chars(v, v + len, x);
          cell = x;
        } else {
          cell = std::strtod(v, nullptr);
        }
        break;
      }
      case kByteaOid: cell = Blob{DecodeBytea(v, len)}; break;
      default: AssignText(cell, std::string_view(v, len));
    }
  }
}

// One line of COPY's text format (fields split by tabs, \N for NULL, backslash escapes) into
// `out`, every cell text or NULL, text cells keeping their storage from the previous row.
void ReadCopyRowInto(std::string_view line, Row& out) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  std::vector<Value>& cells = out.mutable_cells();
  size_t n = 0;
  const char* p = line.data();
  const char* const end = p + line.size();
  std::string decoded;
  while (true) {
    // One pass per field: to its end (a tab), noting whether it holds an escape on the way.
    const char* const start = p;
    bool escaped = false;
    while ((p = text::FindTabOrBackslash(p, end)) != end && *p == '\\') {
      escaped = true;
      ++p;
    }
    const std::string_view field(start, static_cast<size_t>(p - start));
    if (n == cells.size()) cells.emplace_back();
    Value& cell = cells[n++];
    if (field == "\\N") {
      cell = std::monostate{};
    } else if (!escaped) {
      AssignText(cell, field);
    } else {
      decoded.clear();
      for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
          decoded.push_back(field[i]);
          continue;
        }
        const char e = field[++i];
        switch (e) {
          case 'b': decoded.push_back('\b'); break;
          case 'f': decoded.push_back('\f'); break;
          case 'n': decoded.push_back('\n'); break;
          case 'r': decoded.push_back('\r'); break;
          case 't': decoded.push_back('\t'); break;
          case 'v': decoded.push_back('\v'); break;
          default:
            if (e >= '0' && e <= '7') {  // \ooo: up to three octal digits
              int code = e - '0';
              for (int k = 0;
                   k < 2 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7'; ++k)
                code = code * 8 + (field[++i] - '0');
              decoded.push_back(static_cast<char>(code));
            } else if (e == 'x' && i + 1 < field.size() &&
                       std::isxdigit(static_cast<unsigned char>(field[i + 1]))) {
              int code = 0;  // \xhh: one or two hex digits
              for (int k = 0; k < 2 && i + 1 < field.size() &&
                              std::isxdigit(static_cast<unsigned char>(field[i + 1]));
                   ++k) {
                const char h = field[++i];
                code = code * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
              }
              decoded.push_back(static_cast<char>(code));
            } else {
              decoded.push_back(e);  // \\ and any other character stand for themselves
            }
        }
      }
      AssignText(cell, decoded);
    }
    if (p == end) break;
    ++p;  // the tab
  }
  cells.resize(n);
}

Row ReadRow(const PGresult* r, int row) {
  Row out;
  ReadRowInto(r, row, out);
  return out;
}

// libpq parameter arrays built from Values (text format, bytea as binary).
struct ParamArrays {
  std::vector<std::string> storage;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;

  explicit ParamArrays(const Params& params) {
    storage.reserve(params.size());
    for (const Value& v : params) {
      if (std::holds_alternative<std::monostate>(v)) {
        storage.emplace_back();
        values.push_back(nullptr);
        lengths.push_back(0);
        formats.push_back(0);
        continue;
      }
      int format = 0;
      if (auto p = std::get_if<int64_t>(&v)) storage.push_back(std::to_string(*p));
      else if (auto p = std::get_if<double>(&v)) {
        char buf[64];
        auto res = std::to_chars(buf, buf + sizeof buf, *p);
        storage.emplace_back(buf, res.ptr);
      } else if (auto p = std::get_if<std::string>(&v)) storage.push_back(*p);
      else {
        storage.push_back(std::get<Blob>(v).bytes);
        format = 1;
      }
      values.push_back(storage.back().data());
      lengths.push_back(static_cast<int>(storage.back().size()));
      formats.push_back(format);
    }
  }
};

class PgConnection;

class PgBulkInserter final : public BulkInserter {
 public:
  explicit PgBulkInserter(PGconn* conn) : conn_(conn) {}
  ~PgBulkInserter() override {
    if (!finished_) PQputCopyEnd(conn_, "aborted");
    if (!finished_)
      while (Result r{PQgetResult(conn_)}) {
      }
  }

  Status Add(const std::vector<Value>& row) override {
    // COPY text format: tab-separated, \N for NULL, backslash escapes.
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) buf_.push_back('\t');
      const Value& v = row[i];
      if (std::holds_alternative<std::monostate>(v)) buf_ += "\\N";
      else if (auto p = std::get_if<int64_t>(&v)) {
        char b[24];
        auto res = std::to_chars(b, b + sizeof b, *p);
        buf_.append(b, res.ptr);
      } else if (auto p = std::get_if<double>(&v)) {
        char b[64];
        auto res = std::to_chars(b, b + sizeof b, *p);
        buf_.append(b, res.ptr);
      } else if (auto p = std::get_if<std::string>(&v)) Escape(*p);
      else {
        buf_ += "\\\\x";
        buf_ += ToHex(std::get<Blob>(v).bytes);
      }
    }
    buf_.push_back('\n');
    if (buf_.size() >= (1 << 20)) return Flush();
    return OkStatus();
  }

  Status Finish() override {
    RETURN_IF_ERROR(Flush());
    finished_ = true;
    if (PQputCopyEnd(conn_, nullptr) != 1) return MapResultError(conn_, nullptr, "COPY end");
    Status s;
    while (Result r{PQgetResult(conn_)}) {
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && s.ok())
        s = MapResultError(conn_, r.get(), "COPY");
    }
    return s;
  }

 private:
  // COPY's text format (a reveal at 10M candidates writes ~1.4M rows, an import of 10M
  // targets 130M cells): runs without a special byte appended whole (core/text.h).
  void Escape(std::string_view s) {
    text::AppendEscaped(buf_, s, text::Escapes::kTabNewlineReturn);
  }
  Status Flush() {
    if (buf_.empty()) return OkStatus();
    if (PQputCopyData(conn_, buf_.data(), static_cast<int>(buf_.size())) != 1)
      return MapResultError(conn_, nullptr, "COPY data");
    buf_.clear();
    return OkStatus();
  }

  PGconn* conn_;
  std::string buf_;
  bool finished_ = false;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Status Busy() const {
    return streaming_ ? Internal("connection used inside its own QueryEach callback") : OkStatus();
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  StatusOr<int64_t> Execute(std::string_view sql, const Params& params) override {
    RETURN_IF_ERROR(Busy());
    metrics::Add(metrics::Counter::kStoreStatements);
    ASSIGN_OR_RETURN(Result r, Run(sql, params));
    const char* n = PQcmdTuples(r.get());
    int64_t count = 0;
    std::from_chars(n, n + std::strlen(n), count);
    return count;
  }

  StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    RETURN_IF_ERROR(Busy());
    metrics::Add(metrics::Counter::kStoreStatements);
    ASSIGN_OR_RETURN(Result r, Run(sql, params));
    ResultSet rs;
    int nf = PQnfields(r.get());
    for (int i = 0; i < nf; ++i) rs.columns.emplace_back(PQfname(r.get(), i));
    int nt = PQntuples(r.get());
    rs.rows.reserve(nt);
    for (int i = 0; i < nt; ++i) rs.rows.push_back(ReadRow(r.get(), i));
    return rs;
  }

  Status QueryEach(std::string_view sql, const Params& params,
                   const std::function<bool(const Row&)>& on_row) override {
    // Single-row mode streams large results instead of buffering them all in libpq.
    RETURN_IF_ERROR(Busy());
    metrics::Add(metrics::Counter::kStoreStatements);
    ASSIGN_OR_RETURN(std::string name, PrepareCached(sql));
    ParamArrays pa(params);
    if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(params.size()), pa.values.data(),
                             pa.lengths.data(), pa.formats.data(), 0))
      return MapResultError(conn_, nullptr, sql);
    PQsetSingleRowMode(conn_);
    Status s;
    bool keep = true;
    Row row;  // refilled in place for each row
    while (Result r{PQgetResult(conn_)}) {
      ExecStatusType st = PQresultStatus(r.get());
      if (st == PGRES_SINGLE_TUPLE) {
        if (keep && s.ok()) {
          streaming_ = true;
          ReadRowInto(r.get(), 0, row);
          keep = on_row(row);
          streaming_ = false;
        }
      } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && s.ok()) {
        s = MapResultError(conn_, r.get(), sql);
      }
    }
    return s;
  }

  Status ScanEach(std::string_view sql, const Params& params,
                  const std::function<bool(const Row&)>& on_row) override {
    RETURN_IF_ERROR(Busy());
    metrics::Add(metrics::Counter::kStoreStatements);
    ASSIGN_OR_RETURN(std::string inlined, InlineParams(sql, params));
    const std::string copy = "COPY (" + inlined + ") TO STDOUT";
    if (!PQsendQuery(conn_, copy.c_str())) return MapResultError(conn_, nullptr, sql);
    Status s;
    {
      Result r{PQgetResult(conn_)};
      if (PQresultStatus(r.get()) != PGRES_COPY_OUT) s = MapResultError(conn_, r.get(), sql);
    }
    if (s.ok()) {
      bool keep = true;
      Row row;  // refilled in place for each row
      char* line = nullptr;
      int n = 0;
      // Every row is read, also after the callback stops the scan (as QueryEach does): the
      // connection is ready for its next statement when this returns.
      while ((n = PQgetCopyData(conn_, &line, 0)) > 0) {
        if (keep) {
          ReadCopyRowInto(std::string_view(line, static_cast<size_t>(n)), row);
          streaming_ = true;
          keep = on_row(row);
          streaming_ = false;
        }
        PQfreemem(line);
      }
      if (n == -2) s = MapResultError(conn_, nullptr, sql);
    }
    while (Result r{PQgetResult(conn_)}) {
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && s.ok())
        s = MapResultError(conn_, r.get(), sql);
    }
    return s;
  }

  Status ExecuteScript(std::string_view sql) override {
    RETURN_IF_ERROR(Busy());
    Result r(PQexec(conn_, std::string(sql).c_str()));
    ExecStatusType st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      return MapResultError(conn_, r.get(), "script");
    return OkStatus();
  }

  StatusOr<std::unique_ptr<BulkInserter>> BulkInsert(
      std::string_view table, const std::vector<std::string>& columns) override {
    RETURN_IF_ERROR(Busy());
    std::string sql = "COPY " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") FROM STDIN";
    Result r(PQexec(conn_, sql.c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) return MapResultError(conn_, r.get(), sql);
    return std::unique_ptr<BulkInserter>(new PgBulkInserter(conn_));
  }

  Status Begin(TxMode) override {
    if (in_tx_) return Internal("nested transaction");
    RETURN_IF_ERROR(ExecuteScript("BEGIN"));
    in_tx_ = true;
    return OkStatus();
  }
  Status Commit() override {
    in_tx_ = false;
    return ExecuteScript("COMMIT");
  }
  Status Rollback() override {
    in_tx_ = false;
    return ExecuteScript("ROLLBACK");
  }
  bool InTransaction() const override { return in_tx_; }

 private:
  StatusOr<std::string> PrepareCached(std::string_view sql) {
    std::string key(sql);
    if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
    std::string name = "s" + std::to_string(prepared_.size());
    Result r(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return MapResultError(conn_, r.get(), sql);
    prepared_.emplace(std::move(key), name);
    return name;
  }

  // `sql` with each $n outside quotes replaced by parameter n as a literal quoted by libpq
  // (an untyped literal takes its type from where it stands, as an unnamed parameter does).
  // Quotes are tracked as in standard SQL: the statements given (ours) use no E'' strings,
  // dollar quoting or comments.
  StatusOr<std::string> InlineParams(std::string_view sql, const Params& params) {
    const ParamArrays pa(params);  // each value's text, as a prepared statement is sent it
    std::string out;
    out.reserve(sql.size() + 32 * params.size());
    RETURN_IF_ERROR(ReplacePlaceholders(sql, out, [&](size_t index, std::string& o) -> Status {
      if (index == 0 || index > params.size())
        return Internal("statement refers to parameter $" + std::to_string(index) + " of " +
                        std::to_string(params.size()));
      const size_t k = index - 1;
      if (pa.formats[k] != 0) return Internal("a bytes parameter cannot be inlined");
      if (!pa.values[k]) {
        o += "NULL";
        return OkStatus();
      }
      char* quoted = PQescapeLiteral(conn_, pa.values[k], static_cast<size_t>(pa.lengths[k]));
      if (!quoted) return MapResultError(conn_, nullptr, "inline parameter");
      o += quoted;
      PQfreemem(quoted);
      return OkStatus();
    }));
    return out;
  }

  StatusOr<Result> Run(std::string_view sql, const Params& params) {
    ASSIGN_OR_RETURN(std::string name, PrepareCached(sql));
    ParamArrays pa(params);
    Result r(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), pa.values.data(),
                            pa.lengths.data(), pa.formats.data(), 0));
    ExecStatusType st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Status s = MapResultError(conn_, r.get(), sql);
      // A statement that failed inside a transaction aborts it; the caller rolls back.
      return s;
    }
    return r;
  }

  PGconn* conn_;
  bool in_tx_ = false;
  bool streaming_ = false;  // inside a QueryEach callback
  std::unordered_map<std::string, std::string> prepared_;
};

StatusOr<std::unique_ptr<Connection>> Connect(const DbUrl& url) {
  // connect_timeout keeps an unreachable server from hanging startup.
  std::string conninfo = url.conninfo;
  conninfo += conninfo.find('?') == std::string::npos ? "?" : "&";
  conninfo += "connect_timeout=5&application_name=suiji";
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = PQerrorMessage(conn);
    PQfinish(conn);
    return Status(StatusCode::kUnavailable, "DB_UNAVAILABLE",
                  "无法连接 PostgreSQL 数据库：" + url.display, detail);
  }
  if (PQserverVersion(conn) < 150000) {
    PQfinish(conn);
    return Status(StatusCode::kUnavailable, "DB_VERSION",
                  "需要 PostgreSQL 15 或更高版本：" + url.display, "");
  }
  auto c = std::make_unique<PgConnection>(conn);
  RETURN_IF_ERROR(c->ExecuteScript("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"));
  return std::unique_ptr<Connection>(std::move(c));
}

class PgDatabase final : public Database {
 public:
  PgDatabase(DbUrl url, int pool_size)
      : url_(std::move(url)), pool_(pool_size, [this] { return Connect(url_); }) {}
  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string Describe() const override { return url_.display; }
  StatusOr<PooledConnection> Acquire() override { return pool_.Acquire(); }
  StatusOr<std::optional<PooledConnection>> TryAcquire() override { return pool_.TryAcquire(); }

 private:
  DbUrl url_;
  ConnectionPool pool_;
};

}  // namespace

StatusOr<std::unique_ptr<Database>> OpenPostgresDatabase(const DbUrl& url,
                                                         const OpenOptions& options) {
  auto db = std::make_unique<PgDatabase>(url, options.pool_size);
  ASSIGN_OR_RETURN(auto probe, db->Acquire());
  (void)probe;
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace suiji::store
