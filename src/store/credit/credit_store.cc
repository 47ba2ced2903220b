#include "store/credit/credit_store.h"

#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

constexpr char kProposalCols[] =
    "p.id, p.list_kind, p.target_id, p.department_id, p.publication_id, p.publication_no, p.reason, "
    "p.found_on, p.proposed_on, p.due_on, p.status, p.decided_by, p.decided_by_name, p.decided_at, "
    "p.decision_reason, p.created_at, t.name, t.natural_key";

CreditProposalRow ToProposal(const Row& r) {
  CreditProposalRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.list_kind = r.Text(i++);
  x.target_id = r.Int(i++);
  x.department_id = r.Int(i++);
  x.publication_id = r.Int(i++);
  x.publication_no = r.Text(i++);
  x.reason = r.Text(i++);
  x.found_on = r.Text(i++);
  x.proposed_on = r.Text(i++);
  x.due_on = r.Text(i++);
  x.status = r.Text(i++);
  x.decided_by = r.OptInt(i++);
  x.decided_by_name = r.Text(i++);
  x.decided_at = r.OptText(i++);
  x.decision_reason = r.Text(i++);
  x.created_at = r.Text(i++);
  x.target_name = r.Text(i++);
  x.target_key = r.Text(i++);
  return x;
}

constexpr char kProposalFrom[] = " FROM credit_proposals p JOIN targets t ON t.id = p.target_id";

}  // namespace

StatusOr<int64_t> InsertCreditProposal(Connection& c, const CreditProposalRow& p) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO credit_proposals (list_kind, target_id, department_id, "
                 "publication_id, publication_no, reason, found_on, proposed_on, due_on, status, "
                 "decided_by, decided_by_name, decided_at, decision_reason, created_at) VALUES "
                 "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
                 {p.list_kind, p.target_id, p.department_id, p.publication_id, p.publication_no,
                  p.reason, p.found_on, p.proposed_on, p.due_on, p.status, OrNull(p.decided_by),
                  p.decided_by_name, OrNull(p.decided_at), p.decision_reason, p.created_at},
                 "INSERT_FAILED", "无法保存列入名录建议"));
  return row.Int(0);
}

StatusOr<std::optional<CreditProposalRow>> FindCreditProposal(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kProposalCols) +
                                                 kProposalFrom + " WHERE p.id = $1",
                                             {id}));
  if (!row) return std::optional<CreditProposalRow>();
  return std::optional<CreditProposalRow>(ToProposal(*row));
}

Status DecideCreditProposal(Connection& c, const CreditProposalRow& d) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE credit_proposals SET status = $1, decided_by = $2, "
                                        "decided_by_name = $3, decided_at = $4, "
                                        "decision_reason = $5 WHERE id = $6 AND status = 'pending'",
                                        {d.status, OrNull(d.decided_by), d.decided_by_name,
                                         OrNull(d.decided_at), d.decision_reason, d.id}));
  if (n != 1) return Aborted("PROPOSAL_CHANGED", "该建议已被其他人处理，请刷新后查看");
  return OkStatus();
}

StatusOr<std::vector<CreditProposalRow>> ListCreditProposals(Connection& c,
                                                             const CreditProposalQuery& q) {
  Params p;
  std::string where = " WHERE 1 = 1";
  if (q.within_departments) {
    if (q.within_departments->empty()) return std::vector<CreditProposalRow>{};
    where += " AND p.department_id IN " + sql::InList(p, *q.within_departments);
  }
  auto add = [&](const char* column, const Value& v) {
    p.push_back(v);
    where += std::string(" AND ") + column + " = $" + std::to_string(p.size());
  };
  if (q.status) add("p.status", *q.status);
  if (q.list_kind) add("p.list_kind", *q.list_kind);
  if (q.target_id) add("p.target_id", *q.target_id);
  if (q.due_before) {
    p.push_back(*q.due_before);
    where += " AND p.status = 'pending' AND p.due_on < $" + std::to_string(p.size());
  }
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kProposalCols) + kProposalFrom + where +
                                        " ORDER BY p.due_on, p.id",
                                    p));
  std::vector<CreditProposalRow> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) out.push_back(ToProposal(r));
  return out;
}

Status InsertCreditEvent(Connection& c, const CreditEventRow& e) {
  return c
      .Execute(
          "INSERT INTO credit_events (target_id, department_id, kind, event_on, summary, "
          "publication_no, proposal_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {e.target_id, OrNull(e.department_id), e.kind, e.event_on, e.summary, e.publication_no,
           OrNull(e.proposal_id), e.created_at})
      .status();
}

StatusOr<std::vector<CreditEventRow>> ListCreditEvents(Connection& c, int64_t target_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, target_id, department_id, kind, event_on, summary, "
                                    "publication_no, proposal_id, created_at FROM credit_events "
                                    "WHERE target_id = $1 ORDER BY id",
                                    {target_id}));
  std::vector<CreditEventRow> out;
  for (const Row& r : rs.rows) {
    CreditEventRow e;
    size_t i = 0;
    e.id = r.Int(i++);
    e.target_id = r.Int(i++);
    e.department_id = r.OptInt(i++);
    e.kind = r.Text(i++);
    e.event_on = r.Text(i++);
    e.summary = r.Text(i++);
    e.publication_no = r.Text(i++);
    e.proposal_id = r.OptInt(i++);
    e.created_at = r.Text(i++);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace suiji::store
