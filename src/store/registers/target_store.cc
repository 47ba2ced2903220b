#include "store/registers/target_store.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/authz.h"
#include "store/json_columns.h"
#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

using registers::Target;

// The stored columns of a target after its id, in one order for SELECT, INSERT and staging.
constexpr const char* kColumns[] = {"natural_key",  "uscc",          "regno",
                                    "object_code",  "name",          "type",
                                    "legal_rep",    "address",       "region_code",
                                    "unit_id",      "industry_code", "industry_section",
                                    "reg_status",   "surviving",     "risk_class",
                                    "risk_as_of",   "abnormal",      "serious_violation",
                                    "tags",         "directories",   "complaints",
                                    "cases",        "in_directory",  "removed_reason",
                                    "code_override"};
constexpr size_t kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

std::string ColumnList(std::string_view prefix = "") {
  std::string out;
  for (size_t i = 0; i < kColumnCount; ++i)
    out += (i ? ", " : "") + std::string(prefix) + kColumns[i];
  return out;
}

const std::string& SelectColumns() {
  static const std::string cols = "id, " + ColumnList() + ", created_at, updated_at";
  return cols;
}

void AppendValues(const Target& t, std::vector<Value>& v) {
  const char section = t.IndustrySection();
  v.emplace_back(t.NaturalKey());
  v.emplace_back(t.uscc);
  v.emplace_back(t.regno);
  v.emplace_back(t.object_code);
  v.emplace_back(t.name);
  v.emplace_back(t.type);
  v.emplace_back(t.legal_rep);
  v.emplace_back(t.address);
  v.emplace_back(t.region_code);
  v.emplace_back(t.unit_id);
  v.emplace_back(t.industry_code);
  v.emplace_back(section ? std::string(1, section) : std::string());
  v.emplace_back(t.reg_status);
  v.emplace_back(int64_t{t.surviving});
  v.emplace_back(t.risk_class);
  v.emplace_back(registers::DateText(t.risk_as_of));
  v.emplace_back(int64_t{t.abnormal});
  v.emplace_back(int64_t{t.serious_violation});
  v.emplace_back(registers::JoinList(t.tags));
  v.emplace_back(registers::DirectoriesText(t.directories));
  v.emplace_back(int64_t{t.complaints});
  v.emplace_back(int64_t{t.cases});
  v.emplace_back(int64_t{t.in_directory});
  v.emplace_back(t.removed_reason);
  v.emplace_back(int64_t{t.code_override});
}

// The bulk path's row — id, AppendValues' columns, created_at, updated_at — written into a row
// that may hold the values of an earlier target: its strings keep their storage, so a million-row
// import does not allocate and free a dozen strings per row.
void AssignRow(const Target& t, int64_t id, const std::string& now, std::vector<Value>& v) {
  v.resize(kColumnCount + 3);
  const char section = t.IndustrySection();
  size_t i = 0;
  v[i++] = id;
  // The natural key is the USCC itself for almost every row: no temporary for it.
  if (t.uscc.empty()) AssignText(v[i++], t.NaturalKey());
  else AssignText(v[i++], t.uscc);
  AssignText(v[i++], t.uscc);
  AssignText(v[i++], t.regno);
  AssignText(v[i++], t.object_code);
  AssignText(v[i++], t.name);
  AssignText(v[i++], t.type);
  AssignText(v[i++], t.legal_rep);
  AssignText(v[i++], t.address);
  AssignText(v[i++], t.region_code);
  v[i++] = t.unit_id;
  AssignText(v[i++], t.industry_code);
  AssignText(v[i++], section ? std::string_view(&section, 1) : std::string_view());
  AssignText(v[i++], t.reg_status);
  v[i++] = int64_t{t.surviving};
  AssignText(v[i++], t.risk_class);
  AssignText(v[i++], registers::DateText(t.risk_as_of));
  v[i++] = int64_t{t.abnormal};
  v[i++] = int64_t{t.serious_violation};
  AssignText(v[i++], t.tags.empty() ? std::string() : registers::JoinList(t.tags));
  AssignText(v[i++],
             t.directories.empty() ? std::string() : registers::DirectoriesText(t.directories));
  v[i++] = int64_t{t.complaints};
  v[i++] = int64_t{t.cases};
  v[i++] = int64_t{t.in_directory};
  AssignText(v[i++], t.removed_reason);
  v[i++] = int64_t{t.code_override};
  AssignText(v[i++], now);
  AssignText(v[i++], now);
}

// Rows were written by AppendValues; text that no longer parses is corrupt data.
StatusOr<StoredTarget> FromRow(const Row& r) {
  StoredTarget s;
  s.id = r.Int(0);
  Target& t = s.target;
  size_t i = 1;
  ++i;  // natural_key is derived
  t.uscc = r.Text(i++);
  t.regno = r.Text(i++);
  t.object_code = r.Text(i++);
  t.name = r.Text(i++);
  t.type = r.Text(i++);
  t.legal_rep = r.Text(i++);
  t.address = r.Text(i++);
  t.region_code = r.Text(i++);
  t.unit_id = r.Int(i++);
  t.industry_code = r.Text(i++);
  ++i;  // industry_section is derived
  t.reg_status = r.Text(i++);
  t.surviving = r.Bool(i++);
  t.risk_class = r.Text(i++);
  std::string as_of = r.Text(i++);
  if (!as_of.empty()) t.risk_as_of = Date::Parse(as_of);
  t.abnormal = r.Bool(i++);
  t.serious_violation = r.Bool(i++);
  t.tags = registers::SplitList(r.Text(i++));
  auto dirs = registers::ParseDirectoriesText(r.Text(i++));
  if (!dirs.ok())
    return DataLoss("TARGET_ROW_CORRUPT",
                    "检查对象数据已损坏（编号 " + std::to_string(s.id) + " 的专项库）");
  t.directories = std::move(dirs).value();
  t.complaints = static_cast<int>(r.Int(i++));
  t.cases = static_cast<int>(r.Int(i++));
  t.in_directory = r.Bool(i++);
  t.removed_reason = r.Text(i++);
  t.code_override = r.Bool(i++);
  s.created_at = r.Text(i++);
  s.updated_at = r.Text(i++);
  return s;
}

Status WriteIndexRows(Connection& c, int64_t id, const Target& t) {
  RETURN_IF_ERROR(c.Execute("DELETE FROM target_tags WHERE target_id = $1", {id}));
  RETURN_IF_ERROR(c.Execute("DELETE FROM target_directories WHERE target_id = $1", {id}));
  for (const auto& tag : t.tags)
    RETURN_IF_ERROR(
        c.Execute("INSERT INTO target_tags (tag, target_id) VALUES ($1, $2)", {tag, id}));
  for (const auto& d : t.directories)
    RETURN_IF_ERROR(c.Execute(
        "INSERT INTO target_directories (name, target_id, valid_from, valid_to) "
        "VALUES ($1, $2, $3, $4)",
        {d.name, id, registers::DateText(d.valid_from), registers::DateText(d.valid_to)}));
  return OkStatus();
}

// The natural keys a filter key may mean: a bare code is tried as USCC, 注册号 and 对象编号.
std::vector<std::string> KeyCandidates(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) {
    out.push_back(k);
    if (!k.starts_with("REG:") && !k.starts_with("OBJ:")) {
      out.push_back("REG:" + k);
      out.push_back("OBJ:" + k);
    }
  }
  return out;
}

std::string WhereClause(Dialect d, const TargetQuery& q, Params& p) {
  const registers::TargetFilter& f = q.filter;
  std::vector<std::string> conds;
  if (!f.include_removed) conds.push_back("in_directory = 1");
  if (!f.name_contains.empty())
    conds.push_back(sql::Contains(d, "name", sql::Bind(p, f.name_contains)));
  if (!f.keys.empty()) conds.push_back("natural_key IN " + sql::InList(p, KeyCandidates(f.keys)));
  if (!f.types.empty()) conds.push_back("type IN " + sql::InList(p, f.types));
  if (!f.region_prefixes.empty()) {
    std::string ors;
    for (const auto& r : f.region_prefixes)
      ors += (ors.empty() ? "" : " OR ") + std::string("region_code LIKE ") +
             sql::Bind(p, std::string(RegionPrefix(r)) + "%");
    conds.push_back("(" + ors + ")");
  }
  if (!f.unit_ids.empty())
    conds.push_back(q.unit_ids.empty() ? std::string("1 = 0")
                                       : "unit_id IN " + sql::InList(p, q.unit_ids));
  if (!f.industries.empty()) {
    std::vector<std::string> sections, divisions;
    for (const auto& i : f.industries) (i.size() == 1 ? sections : divisions).push_back(i);
    std::string ors;
    if (!sections.empty()) ors += "industry_section IN " + sql::InList(p, sections);
    if (!divisions.empty())
      ors += (ors.empty() ? "" : " OR ") + std::string("industry_code IN ") +
             sql::InList(p, divisions);
    conds.push_back("(" + ors + ")");
  }
  if (!f.risk_classes.empty()) {
    std::vector<std::string> classes;
    for (const auto& c : f.risk_classes)
      classes.push_back(c == registers::kUnclassifiedRisk ? std::string() : c);
    conds.push_back("risk_class IN " + sql::InList(p, classes));
  }
  if (!f.tags.empty())
    conds.push_back("id IN (SELECT target_id FROM target_tags WHERE tag IN " +
                    sql::InList(p, f.tags) + ")");
  for (const auto& tag : f.tags_all)
    conds.push_back("id IN (SELECT target_id FROM target_tags WHERE tag = " + sql::Bind(p, tag) +
                    ")");
  if (!f.directories.empty()) {
    const std::string day = sql::Bind(p, q.as_of.ToString());
    conds.push_back("id IN (SELECT target_id FROM target_directories WHERE name IN " +
                    sql::InList(p, f.directories) + " AND (valid_from = '' OR valid_from <= " +
                    day + ") AND (valid_to = '' OR valid_to >= " + day + "))");
  }
  if (!f.reg_statuses.empty()) conds.push_back("reg_status IN " + sql::InList(p, f.reg_statuses));
  if (f.surviving) conds.push_back("surviving = " + sql::Bind(p, int64_t{*f.surviving}));
  if (f.abnormal) conds.push_back("abnormal = " + sql::Bind(p, int64_t{*f.abnormal}));
  if (f.serious_violation)
    conds.push_back("serious_violation = " + sql::Bind(p, int64_t{*f.serious_violation}));
  if (q.id_from) conds.push_back("id >= " + sql::Bind(p, *q.id_from));
  if (q.id_to) conds.push_back("id < " + sql::Bind(p, *q.id_to));
  std::string where;
  for (const auto& c : conds) where += (where.empty() ? " WHERE " : " AND ") + c;
  return where;
}

// How the history shows each column: the SQL for its canonical text (same as DiffTargets).
enum class Kind { kText, kBool, kInt, kInDirectory, kUnit };
struct HistoryColumn {
  const char* key;
  const char* column;
  Kind kind;
};
constexpr HistoryColumn kHistoryColumns[] = {
    {"uscc", "uscc", Kind::kText},
    {"regno", "regno", Kind::kText},
    {"object_code", "object_code", Kind::kText},
    {"name", "name", Kind::kText},
    {"type", "type", Kind::kText},
    {"legal_rep", "legal_rep", Kind::kText},
    {"address", "address", Kind::kText},
    {"region_code", "region_code", Kind::kText},
    {"industry_code", "industry_code", Kind::kText},
    {"reg_status", "reg_status", Kind::kText},
    {"surviving", "surviving", Kind::kBool},
    {"risk_class", "risk_class", Kind::kText},
    {"risk_as_of", "risk_as_of", Kind::kText},
    {"abnormal", "abnormal", Kind::kBool},
    {"serious_violation", "serious_violation", Kind::kBool},
    {"tags", "tags", Kind::kText},
    {"directories", "directories", Kind::kText},
    {"complaints", "complaints", Kind::kInt},
    {"cases", "cases", Kind::kInt},
    {"in_directory", "in_directory", Kind::kInDirectory},
    {"removed_reason", "removed_reason", Kind::kText},
    {"code_override", "code_override", Kind::kBool},
    {"unit_id", "unit_id", Kind::kUnit},
};

std::string TextExpr(const HistoryColumn& h, const std::string& alias) {
  std::string col = alias + "." + h.column;
  switch (h.kind) {
    case Kind::kText: return col;
    case Kind::kBool: return "CASE WHEN " + col + " = 1 THEN '是' ELSE '否' END";
    case Kind::kInt: return "CAST(" + col + " AS TEXT)";
    case Kind::kInDirectory: return "CASE WHEN " + col + " = 1 THEN '在库' ELSE '已移出' END";
    case Kind::kUnit: return "(SELECT u.name FROM units u WHERE u.id = " + col + ")";
  }
  return col;
}

}  // namespace

StatusOr<int64_t> InsertTarget(Connection& c, const Target& t, std::string_view now) {
  Params p;
  AppendValues(t, p);
  p.emplace_back(std::string(now));
  std::string placeholders;
  for (size_t i = 1; i <= kColumnCount; ++i) placeholders += "$" + std::to_string(i) + ", ";
  const std::string now_param = "$" + std::to_string(kColumnCount + 1);
  ASSIGN_OR_RETURN(auto rs, c.Query("INSERT INTO targets (" + ColumnList() +
                                        ", created_at, updated_at) VALUES (" + placeholders +
                                        now_param + ", " + now_param + ") RETURNING id",
                                    p));
  const int64_t id = rs.front().Int(0);
  RETURN_IF_ERROR(WriteIndexRows(c, id, t));
  return id;
}

Status UpdateTarget(Connection& c, int64_t id, const Target& t, std::string_view now) {
  Params p;
  AppendValues(t, p);
  std::string set;
  for (size_t i = 0; i < kColumnCount; ++i)
    set += std::string(kColumns[i]) + " = $" + std::to_string(i + 1) + ", ";
  p.emplace_back(std::string(now));
  p.emplace_back(id);
  RETURN_IF_ERROR(c.Execute("UPDATE targets SET " + set + "updated_at = $" +
                                std::to_string(kColumnCount + 1) + " WHERE id = $" +
                                std::to_string(kColumnCount + 2),
                            p));
  return WriteIndexRows(c, id, t);
}

StatusOr<std::optional<StoredTarget>> FindTarget(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT " + SelectColumns() + " FROM targets WHERE id = $1", {id}));
  if (!row) return std::optional<StoredTarget>();
  ASSIGN_OR_RETURN(auto t, FromRow(*row));
  return std::optional<StoredTarget>(std::move(t));
}

StatusOr<std::optional<StoredTarget>> FindTargetByKey(Connection& c, std::string_view key) {
  Params p;
  const std::string in = sql::InList(p, KeyCandidates({std::string(key)}));
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + SelectColumns() +
                                                 " FROM targets WHERE natural_key IN " + in +
                                                 " ORDER BY id LIMIT 1",
                                             p));
  if (!row) return std::optional<StoredTarget>();
  ASSIGN_OR_RETURN(auto t, FromRow(*row));
  return std::optional<StoredTarget>(std::move(t));
}

StatusOr<int64_t> CountTargets(Connection& c, const TargetQuery& q) {
  Params p;
  const std::string where = WhereClause(c.dialect(), q, p);
  ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM targets" + where, p, "", ""));
  return row.Int(0);
}

StatusOr<TargetPage> SearchTargets(Connection& c, const TargetQuery& q) {
  TargetPage page;
  ASSIGN_OR_RETURN(page.total, CountTargets(c, q));
  Params p;
  const std::string where = WhereClause(c.dialect(), q, p);
  const std::string limit = sql::Bind(p, q.limit);
  const std::string offset = sql::Bind(p, q.offset);
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + SelectColumns() + " FROM targets" + where +
                                        " ORDER BY id LIMIT " + limit + " OFFSET " + offset,
                                    p));
  for (const Row& r : rs.rows) {
    ASSIGN_OR_RETURN(auto t, FromRow(r));
    page.targets.push_back(std::move(t));
  }
  return page;
}

Status ScanTargets(Connection& c, const TargetQuery& q,
                   const std::function<bool(const StoredTarget&)>& on_target) {
  Params p;
  const std::string where = WhereClause(c.dialect(), q, p);
  Status inner;
  Status s = c.QueryEach("SELECT " + SelectColumns() + " FROM targets" + where + " ORDER BY id", p,
                         [&](const Row& r) {
                           auto t = FromRow(r);
                           if (!t.ok()) {
                             inner = t.status();
                             return false;
                           }
                           return on_target(*t);
                         });
  RETURN_IF_ERROR(s);
  return inner;
}

namespace {

void AssignText(const Row& r, size_t i, std::string& out) {
  if (const auto* p = std::get_if<std::string>(&r[i])) {
    out.assign(*p);
  } else {
    out = r.Text(i);
  }
}

}  // namespace

StatusOr<std::vector<TargetPlace>> ListTargetPlaces(Connection& c,
                                                    const std::vector<int64_t>& ids) {
  std::string list = IntListToJson(ids);
  const std::string in = sql::InJsonArray(c.dialect(), "$1", /*integers=*/true);
  std::unordered_map<int64_t, size_t> at;
  at.reserve(ids.size());
  std::vector<TargetPlace> out(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    out[i].id = ids[i];
    at.emplace(ids[i], i);
  }
  RETURN_IF_ERROR(c.QueryEach("SELECT id, region_code, name FROM targets WHERE id " + in,
                              {std::move(list)}, [&](const Row& r) {
                                if (auto i = at.find(r.Int(0)); i != at.end()) {
                                  out[i->second].region_code = r.Text(1);
                                  out[i->second].name = r.Text(2);
                                }
                                return true;
                              }));
  return out;
}

Status ScanPoolTargets(Connection& c, const TargetQuery& q,
                       const std::function<bool(const StoredTarget&)>& on_target) {
  Params p;
  const std::string where = WhereClause(c.dialect(), q, p);
  StoredTarget s;
  Target& t = s.target;
  std::string key, tags, dirs;
  Status inner;
  // ScanEach: at 10M candidates, single-row mode's result per row was most of libpq's share.
  Status scan = c.ScanEach(
      "SELECT id, natural_key, region_code, reg_status, surviving, risk_class, tags, "
      "directories, complaints, cases FROM targets" +
          where,
      p, [&](const Row& r) {
        s.id = r.Int(0);
        // The natural key is stored: NaturalKey() of the record below must give it back.
        AssignText(r, 1, key);
        t.uscc.clear();
        t.regno.clear();
        t.object_code.clear();
        if (key.starts_with("REG:")) {
          t.regno.assign(key, 4);
        } else if (key.starts_with("OBJ:")) {
          t.object_code.assign(key, 4);
        } else {
          t.uscc = key;
        }
        AssignText(r, 2, t.region_code);
        AssignText(r, 3, t.reg_status);
        t.surviving = r.Bool(4);
        AssignText(r, 5, t.risk_class);
        AssignText(r, 6, tags);
        t.tags.clear();
        if (!tags.empty()) t.tags = registers::SplitList(tags);
        AssignText(r, 7, dirs);
        t.directories.clear();
        if (!dirs.empty()) {
          auto parsed = registers::ParseDirectoriesText(dirs);
          if (!parsed.ok()) {
            inner = DataLoss("TARGET_ROW_CORRUPT",
                             "检查对象数据已损坏（编号 " + std::to_string(s.id) + " 的专项库）");
            return false;
          }
          t.directories = std::move(parsed).value();
        }
        t.complaints = static_cast<int>(r.Int(8));
        t.cases = static_cast<int>(r.Int(9));
        return on_target(s);
      });
  RETURN_IF_ERROR(scan);
  return inner;
}

StatusOr<std::optional<std::pair<int64_t, int64_t>>> TargetIdSpan(Connection& c) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT MIN(id), MAX(id) FROM targets", {}, "", ""));
  if (row.IsNull(0)) return std::optional<std::pair<int64_t, int64_t>>();
  return std::optional(std::pair(row.Int(0), row.Int(1)));
}

// --- bulk upsert ---------------------------------------------------------------------------

// Feeds batches of rows to a BulkInserter on its own thread. The queue is bounded, so a slow
// database holds the producer back instead of buffering the whole file.
class TargetBulkUpsert::Writer {
 public:
  // `before_batch(rows written so far)` runs on the writer's thread, which owns the
  // connection, before each batch.
  Writer(BulkInserter& sink, std::function<Status(int64_t)> before_batch)
      : sink_(sink), before_batch_(std::move(before_batch)), thread_([this] { Run(); }) {}
  ~Writer() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      abandon_ = true;  // only reached without Close(): the transaction is being abandoned
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  Status Push(std::vector<std::vector<Value>> batch) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return queue_.size() < kMaxBatches || !error_.ok(); });
    if (!error_.ok()) return error_;
    queue_.push_back(std::move(batch));
    cv_.notify_one();
    return OkStatus();
  }

  // A written batch back for refilling (its rows' strings keep their storage), or an empty one.
  std::vector<std::vector<Value>> Recycled() {
    std::lock_guard lock(mu_);
    if (free_.empty()) return {};
    std::vector<std::vector<Value>> batch = std::move(free_.back());
    free_.pop_back();
    return batch;
  }

  // Waits until every pushed row is written; the sink's first error, if any.
  Status Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
    thread_.join();
    return error_;
  }

 private:
  static constexpr size_t kMaxBatches = 16;

  void Run() {
    for (;;) {
      std::vector<std::vector<Value>> batch;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (abandon_ || queue_.empty()) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      space_.notify_one();
      Status s = before_batch_(written_);
      for (size_t i = 0; s.ok() && i < batch.size(); ++i) s = sink_.Add(batch[i]);
      if (!s.ok()) {
        std::lock_guard lock(mu_);
        error_ = s;
        queue_.clear();
        space_.notify_all();
        return;
      }
      written_ += static_cast<int64_t>(batch.size());
      std::lock_guard lock(mu_);
      if (free_.size() < 2) free_.push_back(std::move(batch));
    }
  }

  BulkInserter& sink_;
  std::function<Status(int64_t)> before_batch_;
  int64_t written_ = 0;  // the writer thread's own
  std::mutex mu_;
  std::condition_variable cv_, space_;
  std::deque<std::vector<std::vector<Value>>> queue_;
  std::vector<std::vector<std::vector<Value>>> free_;  // written batches, for Recycled()
  bool closed_ = false;
  bool abandon_ = false;
  Status error_;
  std::thread thread_;
};

namespace {

// The secondary indexes a load into a nearly empty directory builds after its rows are in
// (PostgreSQL), as the migrations define them. The names are the migrations' own, so the
// schema after the import is the schema before it.
constexpr const char* kDropTargetIndexes =
    "DROP INDEX targets_natural_key; DROP INDEX targets_unit; "
    "ALTER TABLE target_tags DROP CONSTRAINT target_tags_pkey; DROP INDEX target_tags_target";
constexpr const char* kBuildTargetIndexes =
    "CREATE UNIQUE INDEX targets_natural_key ON targets (natural_key) INCLUDE (id); "
    "CREATE INDEX targets_unit ON targets (unit_id)";
constexpr const char* kBuildTagIndexes =
    "ALTER TABLE target_tags ADD CONSTRAINT target_tags_pkey PRIMARY KEY (tag, target_id); "
    "CREATE INDEX target_tags_target ON target_tags (target_id)";

}  // namespace

StatusOr<std::unique_ptr<TargetBulkUpsert>> TargetBulkUpsert::Start(Connection& c, std::string now,
                                                                    int64_t rebuild_indexes_below) {
  if (!c.InTransaction()) return Internal("TargetBulkUpsert outside a transaction");
  std::unique_ptr<TargetBulkUpsert> up(new TargetBulkUpsert(c, std::move(now)));
  // New ids are assigned here, so no other writer may insert targets until we commit. SQLite's
  // write transaction already excludes other writers.
  if (c.dialect() == Dialect::kPostgres)
    RETURN_IF_ERROR(c.ExecuteScript("LOCK TABLE targets IN SHARE ROW EXCLUSIVE MODE"));
  ASSIGN_OR_RETURN(auto count, c.QueryOne("SELECT COUNT(*) FROM targets", {}, "", ""));
  up->existing_.reserve(static_cast<size_t>(count.Int(0)));
  RETURN_IF_ERROR(
      c.QueryEach("SELECT natural_key, id, unit_id FROM targets", {}, [&](const Row& r) {
        const int64_t id = r.Int(1);
        up->existing_.emplace(r.Text(0), Existing{id, r.Int(2)});
        up->max_id_before_ = std::max(up->max_id_before_, id);
        return true;
      }));
  up->next_id_ = up->max_id_before_;
  if (c.dialect() == Dialect::kPostgres && count.Int(0) < rebuild_indexes_below) {
    // Both tables in one statement, before any row is written (ADR 0021 on why no path of ours
    // can deadlock with it). DDL is transactional: a rollback brings the indexes back as they were.
    // The builds get more sort memory than the default 64 MB, for this transaction only.
    RETURN_IF_ERROR(c.ExecuteScript("LOCK TABLE targets, target_tags IN ACCESS EXCLUSIVE MODE; " +
                                    std::string(kDropTargetIndexes) +
                                    "; SET LOCAL maintenance_work_mem = '256MB'"));
    up->rebuild_indexes_ = true;
  }
  return up;
}

TargetBulkUpsert::TargetBulkUpsert(Connection& c, std::string now) : c_(c), now_(std::move(now)) {}

TargetBulkUpsert::~TargetBulkUpsert() {
  // Stop the writer before the inserter it writes to goes away.
  writer_.reset();
}

std::optional<TargetBulkUpsert::Existing> TargetBulkUpsert::Find(
    const std::string& natural_key) const {
  auto it = existing_.find(natural_key);
  if (it == existing_.end()) return std::nullopt;
  return it->second;
}

std::optional<TargetBulkUpsert::Existing> TargetBulkUpsert::Resolve(const std::string& natural_key,
                                                                    const Target& t) const {
  std::optional<Existing> e = Find(natural_key);
  if (!e && !t.uscc.empty() && !t.regno.empty()) e = Find("REG:" + t.regno);
  return e;
}

Status TargetBulkUpsert::Add(const Target& t) {
  buffered_.push_back(t);
  return OkStatus();
}

Status TargetBulkUpsert::AddNew(const Target& t) {
  if (new_ended_) return Internal("TargetBulkUpsert::AddNew after EndNew");
  constexpr size_t kBatchRows = 2048;
  if (!new_rows_) {
    std::vector<std::string> cols = {"id"};
    for (const char* col : kColumns) cols.emplace_back(col);
    cols.emplace_back("created_at");
    cols.emplace_back("updated_at");
    ASSIGN_OR_RETURN(new_rows_, c_.BulkInsert("targets", cols));
    // The natural-key index takes the new rows in random order. Once it outgrew SQLite's page
    // cache, its pages were spilled to the WAL and read back again and again: a 10M-row import
    // took 125–146 s instead of 98–102 s (docs/performance.md, "Register import at 10M"). So
    // the cache grows with the directory, 64 bytes per target (about what its indexes take),
    // sized for the next whole million (a raise to no more than the cache has is a no-op).
    writer_ = std::make_unique<Writer>(
        *new_rows_, [this, existing = static_cast<int64_t>(existing_.size())](int64_t written) {
          constexpr int64_t kStep = 1'000'000, kBytesPerTarget = 64;
          const int64_t targets = existing + written;
          return c_.GrowCacheForTransaction((targets / kStep + 1) * kStep * kBytesPerTarget / 1024);
        });
    batch_.reserve(kBatchRows);
  }
  const int64_t id = ++next_id_;
  // Rows of a recycled batch are overwritten in place; batch_used_ counts the rows of this one.
  if (batch_used_ == batch_.size()) batch_.emplace_back();
  AssignRow(t, id, now_, batch_[batch_used_++]);
  if (batch_used_ >= kBatchRows) {
    RETURN_IF_ERROR(writer_->Push(std::move(batch_)));
    batch_ = writer_->Recycled();
    batch_used_ = 0;
    if (batch_.empty()) batch_.reserve(kBatchRows);
  }
  for (const auto& tag : t.tags) tags_.emplace_back(id, tag);
  for (const auto& d : t.directories)
    dirs_.push_back(
        {id, d.name, registers::DateText(d.valid_from), registers::DateText(d.valid_to)});
  ++created_;
  return OkStatus();
}

Status TargetBulkUpsert::FlushIndexRows(const char* tags_table, const char* dirs_table) {
  if (!tags_.empty()) {
    ASSIGN_OR_RETURN(auto bulk, c_.BulkInsert(tags_table, {"target_id", "tag"}));
    for (auto& [id, tag] : tags_) RETURN_IF_ERROR(bulk->Add({id, std::move(tag)}));
    RETURN_IF_ERROR(bulk->Finish());
  }
  if (!dirs_.empty()) {
    ASSIGN_OR_RETURN(auto bulk,
                     c_.BulkInsert(dirs_table, {"target_id", "name", "valid_from", "valid_to"}));
    for (auto& d : dirs_)
      RETURN_IF_ERROR(
          bulk->Add({d.target_id, std::move(d.name), std::move(d.from), std::move(d.to)}));
    RETURN_IF_ERROR(bulk->Finish());
  }
  tags_.clear();
  dirs_.clear();
  return OkStatus();
}

Status TargetBulkUpsert::BuildDroppedIndexes(const char* sql) {
  return rebuild_indexes_ ? c_.ExecuteScript(sql) : OkStatus();
}

Status TargetBulkUpsert::EndNew(const HistoryContext& h) {
  if (new_ended_) return OkStatus();
  new_ended_ = true;
  if (!new_rows_) {
    // Nothing new: the dropped indexes come back over the rows already there.
    RETURN_IF_ERROR(BuildDroppedIndexes(kBuildTargetIndexes));
    return BuildDroppedIndexes(kBuildTagIndexes);
  }
  batch_.resize(batch_used_);
  if (!batch_.empty()) RETURN_IF_ERROR(writer_->Push(std::move(batch_)));
  batch_ = {};
  batch_used_ = 0;
  Status written = writer_->Close();
  writer_.reset();
  RETURN_IF_ERROR(written);
  RETURN_IF_ERROR(new_rows_->Finish());
  new_rows_.reset();
  RETURN_IF_ERROR(BuildDroppedIndexes(kBuildTargetIndexes));
  RETURN_IF_ERROR(FlushIndexRows("target_tags", "target_directories"));
  RETURN_IF_ERROR(BuildDroppedIndexes(kBuildTagIndexes));
  // One history row for the whole id range this import created (see the migration).
  RETURN_IF_ERROR(c_.Execute(
      "INSERT INTO register_history (register, record_id, record_id_last, at, actor, actor_id, "
      "action, field, old_value, new_value, note) VALUES ('target', $1, $2, $3, $4, $5, "
      "'create', '', NULL, NULL, $6)",
      {max_id_before_ + 1, next_id_, h.at, h.actor, OrNull(h.actor_id), h.note}));
  // Explicit ids bypass the identity sequence; move it past them for later single inserts.
  if (c_.dialect() == Dialect::kPostgres)
    RETURN_IF_ERROR(
        c_.Query(
              "SELECT setval(pg_get_serial_sequence('targets', 'id'), (SELECT MAX(id) FROM targets))")
            .status());
  return OkStatus();
}

Status TargetBulkUpsert::AddExisting(const Target& t) {
  if (!new_ended_) return Internal("TargetBulkUpsert::AddExisting before EndNew");
  const std::optional<Existing> found = Resolve(t);
  if (!found) return Internal("TargetBulkUpsert::AddExisting for a new target");
  Connection& c = c_;
  const bool pg = c.dialect() == Dialect::kPostgres;
  if (!stage_) {
    // Staging tables live in the session's temporary schema and vanish with the transaction
    // (PostgreSQL) or at Finish (SQLite); a rolled-back import leaves nothing behind.
    std::string cols;
    for (const char* col : kColumns) {
      const std::string_view name = col;
      const bool integer = name == "unit_id" || name == "surviving" || name == "abnormal" ||
                           name == "serious_violation" || name == "complaints" || name == "cases" ||
                           name == "in_directory" || name == "code_override";
      cols += ", " + std::string(name) + (integer ? (pg ? " BIGINT" : " INTEGER") : " TEXT");
    }
    const std::string flags =
        " changed INTEGER NOT NULL DEFAULT 0, tags_changed INTEGER NOT NULL DEFAULT 0, "
        "dirs_changed INTEGER NOT NULL DEFAULT 0";
    if (pg) {
      RETURN_IF_ERROR(c.ExecuteScript(
          "CREATE TEMP TABLE stage_targets (target_id BIGINT NOT NULL," + flags + cols +
          ") ON COMMIT DROP;"
          "CREATE TEMP TABLE stage_target_tags (target_id BIGINT NOT NULL, tag TEXT NOT NULL) ON COMMIT DROP;"
          "CREATE TEMP TABLE stage_target_dirs (target_id BIGINT NOT NULL, name TEXT NOT NULL, valid_from TEXT NOT "
          "NULL, valid_to TEXT NOT NULL) ON COMMIT DROP;"));
    } else {
      RETURN_IF_ERROR(c.ExecuteScript(
          "DROP TABLE IF EXISTS temp.stage_targets; DROP TABLE IF EXISTS temp.stage_target_tags;"
          "DROP TABLE IF EXISTS temp.stage_target_dirs;"
          "CREATE TEMP TABLE stage_targets (target_id INTEGER PRIMARY KEY," +
          flags + cols +
          ");"
          "CREATE TEMP TABLE stage_target_tags (target_id INTEGER NOT NULL, tag TEXT NOT NULL);"
          "CREATE TEMP TABLE stage_target_dirs (target_id INTEGER NOT NULL, name TEXT NOT NULL, valid_from TEXT NOT "
          "NULL, valid_to TEXT NOT NULL);"));
    }
    std::vector<std::string> names = {"target_id"};
    for (const char* col : kColumns) names.emplace_back(col);
    ASSIGN_OR_RETURN(stage_, c.BulkInsert("stage_targets", names));
  }
  row_.clear();
  row_.emplace_back(found->id);
  AppendValues(t, row_);
  RETURN_IF_ERROR(stage_->Add(row_));
  for (const auto& tag : t.tags) tags_.emplace_back(found->id, tag);
  for (const auto& d : t.directories)
    dirs_.push_back(
        {found->id, d.name, registers::DateText(d.valid_from), registers::DateText(d.valid_to)});
  ++staged_;
  return OkStatus();
}

StatusOr<TargetUpsertStats> TargetBulkUpsert::Finish(const HistoryContext& h) {
  if (!buffered_.empty()) {
    std::vector<Target> later;
    for (Target& t : buffered_) {
      if (Resolve(t)) later.push_back(std::move(t));
      else RETURN_IF_ERROR(AddNew(t));
    }
    buffered_.clear();
    RETURN_IF_ERROR(EndNew(h));
    for (const Target& t : later) RETURN_IF_ERROR(AddExisting(t));
  }
  RETURN_IF_ERROR(EndNew(h));
  TargetUpsertStats stats;
  stats.created = created_;
  if (!stage_) return stats;
  Connection& c = c_;
  const bool pg = c.dialect() == Dialect::kPostgres;
  RETURN_IF_ERROR(stage_->Finish());
  stage_.reset();
  RETURN_IF_ERROR(FlushIndexRows("stage_target_tags", "stage_target_dirs"));
  // Temporary tables are never auto-analysed; without statistics the planner guesses badly.
  if (pg)
    RETURN_IF_ERROR(c.ExecuteScript(
        "ANALYZE stage_targets; ANALYZE stage_target_tags; ANALYZE stage_target_dirs"));

  std::string differs;
  for (const char* col : kColumns)
    differs += (differs.empty() ? "" : " OR ") + std::string("t.") + col + " <> s." + col;
  ASSIGN_OR_RETURN(stats.updated,
                   c.Execute("UPDATE stage_targets AS s SET changed = 1 FROM targets AS t "
                             "WHERE t.id = s.target_id AND (" +
                             differs + ")"));
  stats.unchanged = staged_ - stats.updated;
  if (stats.updated > 0) {
    // The per-field statements below each scan their input; give them only the changed rows.
    RETURN_IF_ERROR(c.Execute("DELETE FROM stage_targets WHERE changed = 0"));
    RETURN_IF_ERROR(
        c.Execute("UPDATE stage_targets AS s SET tags_changed = 1 FROM targets AS t "
                  "WHERE t.id = s.target_id AND t.tags <> s.tags"));
    RETURN_IF_ERROR(
        c.Execute("UPDATE stage_targets AS s SET dirs_changed = 1 FROM targets AS t "
                  "WHERE t.id = s.target_id AND t.directories <> s.directories"));
    const Params hp = {h.at, h.actor, OrNull(h.actor_id), h.note};
    for (const HistoryColumn& col : kHistoryColumns) {
      Params p = hp;
      const std::string field = sql::Bind(p, std::string(col.key));
      RETURN_IF_ERROR(c.Execute(
          "INSERT INTO register_history (register, record_id, at, actor, actor_id, action, field, old_value, "
          "new_value, note) SELECT 'target', t.id, $1, $2, $3, 'update', " +
              field + ", " + TextExpr(col, "t") + ", " + TextExpr(col, "s") +
              ", $4 FROM stage_targets s JOIN targets t ON t.id = s.target_id WHERE t." +
              col.column + " <> s." + col.column + " ORDER BY t.id",
          p));
    }
    std::string set;
    for (const char* col : kColumns) set += std::string(col) + " = s." + col + ", ";
    RETURN_IF_ERROR(c.Execute("UPDATE targets SET " + set +
                                  "updated_at = $1 FROM stage_targets AS s "
                                  "WHERE targets.id = s.target_id",
                              {now_}));
    RETURN_IF_ERROR(
        c.Execute("DELETE FROM target_tags WHERE target_id IN "
                  "(SELECT target_id FROM stage_targets WHERE tags_changed = 1)"));
    RETURN_IF_ERROR(
        c.Execute("DELETE FROM target_directories WHERE target_id IN "
                  "(SELECT target_id FROM stage_targets WHERE dirs_changed = 1)"));
    RETURN_IF_ERROR(c.Execute(
        "INSERT INTO target_tags (tag, target_id) SELECT g.tag, g.target_id FROM stage_target_tags g "
        "JOIN stage_targets s ON s.target_id = g.target_id WHERE s.tags_changed = 1"));
    RETURN_IF_ERROR(c.Execute(
        "INSERT INTO target_directories (name, target_id, valid_from, valid_to) SELECT d.name, d.target_id, "
        "d.valid_from, d.valid_to FROM stage_target_dirs d JOIN stage_targets s ON s.target_id = d.target_id "
        "WHERE s.dirs_changed = 1"));
  }
  if (!pg)
    RETURN_IF_ERROR(
        c.ExecuteScript("DROP TABLE temp.stage_targets; DROP TABLE temp.stage_target_tags; "
                        "DROP TABLE temp.stage_target_dirs;"));
  return stats;
}

}  // namespace suiji::store
