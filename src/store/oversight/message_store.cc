#include "store/oversight/message_store.h"

#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

constexpr char kMessageCols[] =
    "id, recipient_id, kind, subject, body, link, record_kind, record_id, department_id, "
    "created_at, read_at";

MessageRow ToMessage(const Row& r) {
  MessageRow m;
  size_t i = 0;
  m.id = r.Int(i++);
  m.recipient_id = r.Int(i++);
  m.kind = r.Text(i++);
  m.subject = r.Text(i++);
  m.body = r.Text(i++);
  m.link = r.Text(i++);
  m.record_kind = r.Text(i++);
  m.record_id = r.Int(i++);
  m.department_id = r.OptInt(i++);
  m.created_at = r.Text(i++);
  m.read_at = r.OptText(i++);
  return m;
}

constexpr char kAccountabilityCols[] =
    "id, kind, department_id, record_kind, record_id, record_no, link, obligation, detail, "
    "deadline, firing_id, recorded_at";

AccountabilityRow ToAccountability(const Row& r) {
  AccountabilityRow a;
  size_t i = 0;
  a.id = r.Int(i++);
  a.kind = r.Text(i++);
  a.department_id = r.Int(i++);
  a.record_kind = r.Text(i++);
  a.record_id = r.Int(i++);
  a.record_no = r.Text(i++);
  a.link = r.Text(i++);
  a.obligation = r.Text(i++);
  a.detail = r.Text(i++);
  a.deadline = r.Text(i++);
  a.firing_id = r.Int(i++);
  a.recorded_at = r.Text(i++);
  return a;
}

std::string AccountabilityWhere(Params& p, const AccountabilityQuery& q) {
  std::string where = " WHERE 1 = 1";
  if (q.within_departments)
    where += " AND department_id IN " + sql::InList(p, *q.within_departments);
  if (q.kind) where += " AND kind = " + sql::Bind(p, *q.kind);
  return where;
}

}  // namespace

StatusOr<int64_t> InsertMessage(Connection& c, const MessageRow& m) {
  ASSIGN_OR_RETURN(
      auto row, c.QueryOne("INSERT INTO messages (recipient_id, kind, subject, body, link, "
                           "record_kind, record_id, department_id, created_at, read_at) VALUES "
                           "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                           {m.recipient_id, m.kind, m.subject, m.body, m.link, m.record_kind,
                            m.record_id, OrNull(m.department_id), m.created_at, OrNull(m.read_at)},
                           "INSERT_FAILED", "无法保存站内消息"));
  return row.Int(0);
}

StatusOr<std::vector<MessageRow>> ListMessages(Connection& c, int64_t recipient_id,
                                               bool unread_only, int limit, int offset) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kMessageCols) +
                                        " FROM messages WHERE recipient_id = $1" +
                                        (unread_only ? " AND read_at IS NULL" : "") +
                                        " ORDER BY id DESC LIMIT $2 OFFSET $3",
                                    {recipient_id, int64_t{limit}, int64_t{offset}}));
  std::vector<MessageRow> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) out.push_back(ToMessage(r));
  return out;
}

StatusOr<int64_t> CountMessages(Connection& c, int64_t recipient_id, bool unread_only) {
  ASSIGN_OR_RETURN(auto row,
                   c.QueryOne(std::string("SELECT COUNT(*) FROM messages WHERE recipient_id = $1") +
                                  (unread_only ? " AND read_at IS NULL" : ""),
                              {recipient_id}, "COUNT_FAILED", "无法统计站内消息"));
  return row.Int(0);
}

StatusOr<std::optional<MessageRow>> FindMessage(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row, c.QueryOptional(
                    "SELECT " + std::string(kMessageCols) + " FROM messages WHERE id = $1", {id}));
  if (!row) return std::optional<MessageRow>();
  return std::optional<MessageRow>(ToMessage(*row));
}

StatusOr<bool> MarkMessageRead(Connection& c, int64_t id, const std::string& at) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute("UPDATE messages SET read_at = $1 WHERE id = $2 AND read_at IS NULL", {at, id}));
  return n == 1;
}

StatusOr<int64_t> MarkAllMessagesRead(Connection& c, int64_t recipient_id, const std::string& at) {
  return c.Execute("UPDATE messages SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL",
                   {at, recipient_id});
}

StatusOr<std::vector<MessageRow>> ListMessagesAbout(Connection& c, const std::string& record_kind,
                                                    int64_t record_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kMessageCols) +
                                        " FROM messages WHERE record_kind = $1 AND record_id = $2 "
                                        "ORDER BY id",
                                    {record_kind, record_id}));
  std::vector<MessageRow> out;
  for (const Row& r : rs.rows) out.push_back(ToMessage(r));
  return out;
}

StatusOr<std::vector<ActiveGrantRow>> ListActiveGrants(Connection& c) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT g.user_id, g.role, g.scope FROM user_roles g JOIN "
                                    "users u ON u.id = g.user_id WHERE u.active = 1 "
                                    "ORDER BY g.user_id, g.role, g.scope"));
  std::vector<ActiveGrantRow> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

StatusOr<std::optional<int64_t>> ClaimDeadlineFiring(Connection& c, const DeadlineFiringRow& f) {
  ASSIGN_OR_RETURN(auto row,
                   c.QueryOptional("INSERT INTO deadline_firings (kind, record_id, deadline, "
                                   "fired_at, fired_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT "
                                   "(kind, record_id, deadline) DO NOTHING RETURNING id",
                                   {f.kind, f.record_id, f.deadline, f.fired_at, f.fired_by}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int(0));
}

StatusOr<std::vector<DeadlineFiringRow>> ListDeadlineFirings(Connection& c) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, kind, record_id, deadline, fired_at, fired_by "
                                    "FROM deadline_firings ORDER BY id"));
  std::vector<DeadlineFiringRow> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5)});
  return out;
}

StatusOr<int64_t> InsertAccountability(Connection& c, const AccountabilityRow& a) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO accountability_entries (kind, department_id, record_kind, record_id, "
                 "record_no, link, obligation, detail, deadline, firing_id, recorded_at) VALUES "
                 "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                 {a.kind, a.department_id, a.record_kind, a.record_id, a.record_no, a.link,
                  a.obligation, a.detail, a.deadline, a.firing_id, a.recorded_at},
                 "INSERT_FAILED", "无法保存责任追究记录"));
  return row.Int(0);
}

StatusOr<std::vector<AccountabilityRow>> ListAccountability(Connection& c,
                                                            const AccountabilityQuery& q) {
  if (q.within_departments && q.within_departments->empty())
    return std::vector<AccountabilityRow>{};
  Params p;
  std::string where = AccountabilityWhere(p, q);
  const std::string limit = sql::Bind(p, int64_t{q.limit});
  const std::string offset = sql::Bind(p, int64_t{q.offset});
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT " + std::string(kAccountabilityCols) + " FROM accountability_entries" +
                  where + " ORDER BY deadline DESC, id DESC LIMIT " + limit + " OFFSET " + offset,
              p));
  std::vector<AccountabilityRow> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) out.push_back(ToAccountability(r));
  return out;
}

StatusOr<int64_t> CountAccountability(Connection& c, const AccountabilityQuery& q) {
  if (q.within_departments && q.within_departments->empty()) return int64_t{0};
  Params p;
  std::string where = AccountabilityWhere(p, q);
  ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM accountability_entries" + where, p,
                                        "COUNT_FAILED", "无法统计责任追究清单"));
  return row.Int(0);
}

}  // namespace suiji::store
