#include "store/inspections/enterprise_link_store.h"

#include "store/json_columns.h"

namespace suiji::store {
namespace {

constexpr char kLinkCols[] =
    "id, token_hash, task_id, target_id, department_id, materials, commitment_version, "
    "commitment_text, expires_on, status, signer_name, signed_version, signed_at, completed_at, "
    "commitment_false, false_note, false_recorded_at, false_recorded_by, created_at, created_by";

EnterpriseLinkRow ToLink(const Row& r) {
  EnterpriseLinkRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.token_hash = r.Text(i++);
  x.task_id = r.Int(i++);
  x.target_id = r.Int(i++);
  x.department_id = r.Int(i++);
  x.materials = StringListFromJson(r.Text(i++));
  x.commitment_version = r.Text(i++);
  x.commitment_text = r.Text(i++);
  x.expires_on = r.Text(i++);
  x.status = r.Text(i++);
  x.signer_name = r.OptText(i++);
  x.signed_version = r.OptText(i++);
  x.signed_at = r.OptText(i++);
  x.completed_at = r.OptText(i++);
  x.commitment_false = r.Bool(i++);
  x.false_note = r.Text(i++);
  x.false_recorded_at = r.OptText(i++);
  x.false_recorded_by = r.OptInt(i++);
  x.created_at = r.Text(i++);
  x.created_by = r.OptInt(i++);
  return x;
}

constexpr char kFileCols[] =
    "id, link_id, material, sha256, media_type, size, file_name, uploaded_at";

EnterpriseLinkFileRow ToFile(const Row& r) {
  EnterpriseLinkFileRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.link_id = r.Int(i++);
  x.material = r.Text(i++);
  x.sha256 = r.Text(i++);
  x.media_type = r.Text(i++);
  x.size = r.Int(i++);
  x.file_name = r.Text(i++);
  x.uploaded_at = r.Text(i++);
  return x;
}

StatusOr<std::optional<EnterpriseLinkRow>> FindOne(Connection& c, std::string_view where, Value v) {
  ASSIGN_OR_RETURN(auto row,
                   c.QueryOptional("SELECT " + std::string(kLinkCols) +
                                       " FROM enterprise_links WHERE " + std::string(where),
                                   {std::move(v)}));
  if (!row) return std::optional<EnterpriseLinkRow>();
  return std::optional<EnterpriseLinkRow>(ToLink(*row));
}

Status RequireOneChanged(int64_t n) {
  if (n != 1) return FailedPrecondition("LINK_NOT_OPEN", "该链接已完成提交或已失效");
  return OkStatus();
}

}  // namespace

StatusOr<int64_t> InsertEnterpriseLink(Connection& c, const EnterpriseLinkRow& x) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO enterprise_links (token_hash, task_id, target_id, department_id, "
                 "materials, commitment_version, commitment_text, expires_on, status, created_at, "
                 "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                 {x.token_hash, x.task_id, x.target_id, x.department_id,
                  StringListToJson(x.materials), x.commitment_version, x.commitment_text,
                  x.expires_on, x.status, x.created_at, OrNull(x.created_by)},
                 "WRITE_FAILED", "企业在线提交链接保存失败"));
  return row.Int(0);
}

StatusOr<std::optional<EnterpriseLinkRow>> FindEnterpriseLink(Connection& c, int64_t id) {
  return FindOne(c, "id = $1", id);
}

StatusOr<std::optional<EnterpriseLinkRow>> FindEnterpriseLinkByHash(Connection& c,
                                                                    std::string_view token_hash) {
  return FindOne(c, "token_hash = $1", std::string(token_hash));
}

StatusOr<std::vector<EnterpriseLinkRow>> ListEnterpriseLinks(Connection& c, int64_t task_id,
                                                             int64_t target_id,
                                                             int64_t department_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kLinkCols) +
                                        " FROM enterprise_links WHERE task_id = $1 AND "
                                        "target_id = $2 AND department_id = $3 ORDER BY id DESC",
                                    {task_id, target_id, department_id}));
  std::vector<EnterpriseLinkRow> out;
  for (const Row& r : rs.rows) out.push_back(ToLink(r));
  return out;
}

StatusOr<int64_t> RevokeOpenEnterpriseLinks(Connection& c, int64_t task_id, int64_t target_id,
                                            int64_t department_id) {
  return c.Execute(
      "UPDATE enterprise_links SET status = 'revoked' WHERE task_id = $1 AND target_id = $2 AND "
      "department_id = $3 AND status = 'open'",
      {task_id, target_id, department_id});
}

Status SignEnterpriseLink(Connection& c, int64_t id, const std::string& signer_name,
                          const std::string& version, const std::string& at) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE enterprise_links SET signer_name = $2, "
                                        "signed_version = $3, signed_at = $4 WHERE id = $1 AND "
                                        "status = 'open'",
                                        {id, signer_name, version, at}));
  return RequireOneChanged(n);
}

Status CompleteEnterpriseLink(Connection& c, int64_t id, const std::string& at) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE enterprise_links SET status = 'completed', "
                                        "completed_at = $2 WHERE id = $1 AND status = 'open'",
                                        {id, at}));
  return RequireOneChanged(n);
}

Status MarkEnterpriseCommitmentFalse(Connection& c, int64_t id, const std::string& note,
                                     const std::string& at, std::optional<int64_t> by) {
  ASSIGN_OR_RETURN(int64_t n,
                   c.Execute("UPDATE enterprise_links SET commitment_false = 1, false_note = $2, "
                             "false_recorded_at = $3, false_recorded_by = $4 WHERE id = $1 AND "
                             "signed_at IS NOT NULL AND commitment_false = 0",
                             {id, note, at, OrNull(by)}));
  if (n != 1)
    return FailedPrecondition("COMMITMENT_NOT_SIGNED_OR_MARKED",
                              "该链接没有已签署的信用承诺书，或已记录为承诺不实");
  return OkStatus();
}

StatusOr<int64_t> InsertEnterpriseLinkFile(Connection& c, const EnterpriseLinkFileRow& x) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO enterprise_link_files (link_id, material, sha256, media_type, size, "
          "file_name, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {x.link_id, x.material, x.sha256, x.media_type, x.size, x.file_name, x.uploaded_at},
          "WRITE_FAILED", "企业提交的材料保存失败"));
  return row.Int(0);
}

StatusOr<std::vector<EnterpriseLinkFileRow>> ListEnterpriseLinkFiles(Connection& c,
                                                                     int64_t link_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kFileCols) +
                                        " FROM enterprise_link_files WHERE link_id = $1 ORDER "
                                        "BY id",
                                    {link_id}));
  std::vector<EnterpriseLinkFileRow> out;
  for (const Row& r : rs.rows) out.push_back(ToFile(r));
  return out;
}

StatusOr<std::optional<EnterpriseLinkFileRow>> FindEnterpriseLinkFile(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kFileCols) +
                                                 " FROM enterprise_link_files WHERE id = $1",
                                             {id}));
  if (!row) return std::optional<EnterpriseLinkFileRow>();
  return std::optional<EnterpriseLinkFileRow>(ToFile(*row));
}

}  // namespace suiji::store
