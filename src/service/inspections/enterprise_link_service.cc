#include "service/inspections/enterprise_link_service.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/hash.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/plans/task_internal.h"
#include "store/inspections/enterprise_link_store.h"
#include "store/inspections/inspection_store.h"
#include "store/user_store.h"

namespace suiji::service {
namespace {

constexpr size_t kTokenBytes = 32;  // 256 bits

// One answer for every token that does not open a link (unknown, revoked, completed, expired):
// the caller cannot tell which.
Status LinkInvalid() {
  return NotFound("LINK_INVALID", "链接无效或已失效。如需提交材料，请联系检查机关获取新的链接。");
}

// The actor of the enterprise's writes in the audit log (the token is the only credential).
Principal EnterpriseActor() { return Principal::System("enterprise-link"); }

std::string FailureSubject(const std::string& remote) { return "link-ip:" + remote; }

}  // namespace

const char* const EnterpriseLinkService::kCommitmentText =
    "本单位郑重承诺：\n"
    "一、通过本链接提交的材料和填报的信息真实、准确、完整、有效，不存在隐瞒、虚假、伪造情形；\n"
    "二、本单位依法诚信经营，遵守市场监管法律法规，按规定公示企业信息；\n"
    "三、自愿接受市场监管部门的监督检查和社会监督，配合核查；\n"
    "四、如有违反上述承诺或提交材料不实，愿意依法承担相应法律责任，"
    "并同意将承诺不实情况记入信用记录、依法公示。";

std::string_view EnterpriseLinkStatusName(EnterpriseLinkStatus s) {
  switch (s) {
    case EnterpriseLinkStatus::kOpen: return "open";
    case EnterpriseLinkStatus::kCompleted: return "completed";
    case EnterpriseLinkStatus::kRevoked: return "revoked";
    case EnterpriseLinkStatus::kExpired: return "expired";
  }
  return "open";
}

std::string_view EnterpriseLinkStatusDisplay(EnterpriseLinkStatus s) {
  switch (s) {
    case EnterpriseLinkStatus::kOpen: return "待企业提交";
    case EnterpriseLinkStatus::kCompleted: return "企业已提交";
    case EnterpriseLinkStatus::kRevoked: return "已作废";
    case EnterpriseLinkStatus::kExpired: return "已过期";
  }
  return "待企业提交";
}

EnterpriseLinkService::EnterpriseLinkService(store::Database& db, const Clock& clock,
                                             EntropySource& entropy, OrgService& org,
                                             const WorkingCalendar& calendar,
                                             EvidenceStore& evidence)
    : db_(db),
      clock_(clock),
      entropy_(entropy),
      org_(org),
      calendar_(calendar),
      evidence_(evidence) {}

bool EnterpriseLinkService::Expired(const store::EnterpriseLinkRow& row) const {
  return ChinaDate(clock_.Now()).ToString() > row.expires_on;
}

Status EnterpriseLinkService::RequireTeamOr(store::Connection& c, const Principal& who,
                                            int64_t task_id, int64_t target_id,
                                            int64_t department_id,
                                            std::initializer_list<Permission> permissions) {
  ASSIGN_OR_RETURN(auto team, store::ListAssignedInspectors(c, task_id, target_id, department_id));
  const bool assigned =
      HoldsPermissionSomewhere(who, Permission::kInspectRecord) && who.user_id > 0 &&
      std::any_of(team.begin(), team.end(),
                  [&](const auto& i) { return i.user_id && *i.user_id == who.user_id; });
  if (assigned) return OkStatus();
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(department_id));
  for (Permission p : permissions)
    if (Authorize(who, p, loc).ok()) return OkStatus();
  return PermissionDenied("PERMISSION_DENIED",
                          "只有派往该检查对象的执法检查人员或本部门的相关人员才能办理企业在线提交");
}

StatusOr<EnterpriseLinkView> EnterpriseLinkService::ViewIn(store::Connection& c,
                                                           const store::EnterpriseLinkRow& row) {
  ASSIGN_OR_RETURN(auto ctx,
                   store::FindRecordContext(c, row.task_id, row.target_id, row.department_id));
  if (!ctx) return NotFound("TASK_TARGET_NOT_FOUND", "该检查对象不在此任务中");
  EnterpriseLinkView v;
  v.id = row.id;
  v.task_id = row.task_id;
  v.task_no = ctx->task_no;
  v.task_title = ctx->task_title;
  v.target_id = row.target_id;
  v.target_name = ctx->target_name;
  v.target_key = ctx->target_key;
  v.department_id = row.department_id;
  v.department_name = ctx->department_name;
  ASSIGN_OR_RETURN(auto names, task_detail::ItemNamesOf(c, row.department_id, ctx->item_codes));
  for (size_t i = 0; i < ctx->item_codes.size(); ++i)
    v.items.push_back({ctx->item_codes[i], i < names.size() ? names[i] : ""});
  v.materials = row.materials;
  v.commitment_version = row.commitment_version;
  v.commitment_text = row.commitment_text;
  v.expires_on = Date::Parse(row.expires_on).value_or(Date{});
  if (row.status == "completed") v.status = EnterpriseLinkStatus::kCompleted;
  else if (row.status == "revoked") v.status = EnterpriseLinkStatus::kRevoked;
  else if (Expired(row)) v.status = EnterpriseLinkStatus::kExpired;
  else v.status = EnterpriseLinkStatus::kOpen;
  v.signer_name = row.signer_name;
  v.signed_at = row.signed_at;
  v.completed_at = row.completed_at;
  v.commitment_false = row.commitment_false;
  v.false_note = row.false_note;
  v.false_recorded_at = row.false_recorded_at;
  v.created_at = row.created_at;
  ASSIGN_OR_RETURN(auto files, store::ListEnterpriseLinkFiles(c, row.id));
  for (const auto& f : files)
    v.files.push_back(
        {f.id, f.material, f.sha256, f.media_type, f.size, f.file_name, f.uploaded_at});
  return v;
}

// --- the inspectors -----------------------------------------------------------------------------

StatusOr<IssuedEnterpriseLink> EnterpriseLinkService::Issue(const Principal& who, int64_t task_id,
                                                            int64_t target_id,
                                                            int64_t department_id,
                                                            const EnterpriseLinkRequest& request) {
  if (request.materials.size() > static_cast<size_t>(kMaxMaterials))
    return InvalidArgument("LINK_MATERIALS_TOO_MANY",
                           "要求提交的材料最多 " + std::to_string(kMaxMaterials) + " 项");
  for (const auto& m : request.materials)
    RETURN_IF_ERROR(text::CheckRequiredText("要求提交的材料", m, text::kName));
  if (request.materials.empty() && !request.commitment)
    return InvalidArgument("LINK_ASKS_NOTHING",
                           "请至少列出一项要求企业提交的材料，或要求企业签署信用承诺书");
  const Date today = ChinaDate(clock_.Now());
  Date expires_on = calendar_.AddWorkingDays(today, kDefaultWorkingDays).value;
  if (request.expires_on) {
    if (*request.expires_on < today || *request.expires_on > today.AddDays(kMaxDaysAhead))
      return InvalidArgument("LINK_EXPIRY_INVALID",
                             "链接有效期应在今天至 " + std::to_string(kMaxDaysAhead) + " 天之内：" +
                                 request.expires_on->ToString());
    expires_on = *request.expires_on;
  }
  const std::string token = ToHex(entropy_.Bytes(kTokenBytes));
  const std::string now = FormatTimestamp(clock_.Now());
  IssuedEnterpriseLink out;
  out.token = token;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto ctx, store::FindRecordContext(c, task_id, target_id, department_id));
        if (!ctx)
          return NotFound("TASK_TARGET_NOT_FOUND", "该检查对象不在此任务中，或该部门不参与此任务");
        RETURN_IF_ERROR(
            RequireTeamOr(c, who, task_id, target_id, department_id, {Permission::kPlanWrite}));
        ASSIGN_OR_RETURN(auto team,
                         store::ListAssignedInspectors(c, task_id, target_id, department_id));
        if (team.empty())
          return FailedPrecondition("TASK_NOT_DISPATCHED",
                                    "该检查对象尚未选派执法检查人员，不能生成企业在线提交链接");
        ASSIGN_OR_RETURN(auto record,
                         store::FindInspectionRecordByKey(c, task_id, target_id, department_id));
        if (record && (record->status == "approved" || record->status == "published"))
          return FailedPrecondition(
              "RECORD_CLOSED", "该检查对象的检查结果已审核或已公示，不能再生成企业在线提交链接");
        ASSIGN_OR_RETURN(int64_t revoked,
                         store::RevokeOpenEnterpriseLinks(c, task_id, target_id, department_id));
        store::EnterpriseLinkRow row;
        row.token_hash = ToHex(Sha256(token));
        row.task_id = task_id;
        row.target_id = target_id;
        row.department_id = department_id;
        row.materials = request.materials;
        if (request.commitment) {
          row.commitment_version = kCommitmentVersion;
          row.commitment_text = kCommitmentText;
        }
        row.expires_on = expires_on.ToString();
        row.status = "open";
        row.created_at = now;
        if (who.user_id > 0) row.created_by = who.user_id;
        ASSIGN_OR_RETURN(row.id, store::InsertEnterpriseLink(c, row));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, "enterprise_link.issue", "enterprise_link",
                                    std::to_string(row.id),
                                    {{"task_id", task_id},
                                     {"target_id", target_id},
                                     {"department_id", department_id},
                                     {"materials", request.materials},
                                     {"commitment_version", row.commitment_version},
                                     {"expires_on", row.expires_on},
                                     {"revoked_open_links", revoked},
                                     {"token_sha256_prefix", row.token_hash.substr(0, 16)}})
                            .status());
        ASSIGN_OR_RETURN(out.link, ViewIn(c, row));
        return OkStatus();
      }));
  return out;
}

StatusOr<std::vector<EnterpriseLinkView>> EnterpriseLinkService::List(const Principal& who,
                                                                      int64_t task_id,
                                                                      int64_t target_id,
                                                                      int64_t department_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto ctx, store::FindRecordContext(*conn, task_id, target_id, department_id));
  if (!ctx)
    return NotFound("TASK_TARGET_NOT_FOUND", "该检查对象不在此任务中，或该部门不参与此任务");
  RETURN_IF_ERROR(RequireTeamOr(
      *conn, who, task_id, target_id, department_id,
      {Permission::kInspectRecord, Permission::kResultApprove, Permission::kPlanWrite}));
  ASSIGN_OR_RETURN(auto rows, store::ListEnterpriseLinks(*conn, task_id, target_id, department_id));
  std::vector<EnterpriseLinkView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto v, ViewIn(*conn, r));
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::pair<EnterpriseLinkFileView, std::string>> EnterpriseLinkService::File(
    const Principal& who, int64_t file_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  auto not_found = [&] {
    return NotFound("LINK_FILE_NOT_FOUND",
                    "企业提交的材料不存在（编号 " + std::to_string(file_id) + "）");
  };
  ASSIGN_OR_RETURN(auto f, store::FindEnterpriseLinkFile(*conn, file_id));
  if (!f) return not_found();
  ASSIGN_OR_RETURN(auto link, store::FindEnterpriseLink(*conn, f->link_id));
  if (!link) return not_found();
  RETURN_IF_ERROR(RequireTeamOr(
      *conn, who, link->task_id, link->target_id, link->department_id,
      {Permission::kInspectRecord, Permission::kResultApprove, Permission::kPlanWrite}));
  std::ifstream in(evidence_.PathOf(f->sha256), std::ios::binary);
  if (!in) return Internal("enterprise link file missing: " + f->sha256);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return std::make_pair(EnterpriseLinkFileView{f->id, f->material, f->sha256, f->media_type,
                                               f->size, f->file_name, f->uploaded_at},
                        std::move(bytes));
}

StatusOr<EnterpriseLinkView> EnterpriseLinkService::MarkCommitmentFalse(const Principal& who,
                                                                        int64_t link_id,
                                                                        const std::string& note) {
  RETURN_IF_ERROR(text::CheckRequiredText("承诺不实情况", note, text::kNote));
  const std::string now = FormatTimestamp(clock_.Now());
  EnterpriseLinkView out;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto link, store::FindEnterpriseLink(c, link_id));
        if (!link)
          return NotFound("LINK_NOT_FOUND",
                          "企业在线提交链接不存在（编号 " + std::to_string(link_id) + "）");
        RETURN_IF_ERROR(RequireTeamOr(c, who, link->task_id, link->target_id, link->department_id,
                                      {Permission::kResultApprove}));
        RETURN_IF_ERROR(store::MarkEnterpriseCommitmentFalse(
            c, link_id, note, now, who.user_id > 0 ? std::optional(who.user_id) : std::nullopt));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, "enterprise_link.commitment_false",
                                    "enterprise_link", std::to_string(link_id),
                                    {{"task_id", link->task_id},
                                     {"target_id", link->target_id},
                                     {"department_id", link->department_id},
                                     {"note", note}})
                            .status());
        ASSIGN_OR_RETURN(link, store::FindEnterpriseLink(c, link_id));
        ASSIGN_OR_RETURN(out, ViewIn(c, *link));
        return OkStatus();
      }));
  return out;
}

// --- the enterprise -----------------------------------------------------------------------------

StatusOr<store::EnterpriseLinkRow> EnterpriseLinkService::Resolve(const std::string& token,
                                                                  const std::string& remote) {
  const Timestamp now = clock_.Now();
  const std::string subject = FailureSubject(remote);
  const std::string since = FormatTimestamp(now - kFailureWindow);
  // Hash whatever came (also a malformed token) so every refusal costs the same.
  const std::string hash = ToHex(Sha256(token.substr(0, 256)));
  bool throttled = false;
  std::optional<store::EnterpriseLinkRow> found;
  // The refusal is recorded in the same transaction as the count (serialised per address), and
  // committed: the transaction itself succeeds whether the token opens a link or not.
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        throttled = false;
        found.reset();
        RETURN_IF_ERROR(store::LockLoginSubject(c, subject));
        ASSIGN_OR_RETURN(int64_t failures, store::CountLoginFailuresSince(c, subject, since));
        if (failures >= kMaxFailuresPerAddress) {
          throttled = true;
          return OkStatus();
        }
        ASSIGN_OR_RETURN(auto row, store::FindEnterpriseLinkByHash(c, hash));
        const bool valid = row && ConstantTimeEquals(row->token_hash, hash) &&
                           row->status == "open" && !Expired(*row);
        if (valid) {
          found = std::move(row);
          return OkStatus();
        }
        return store::RecordLoginFailure(c, subject, FormatTimestamp(now)).status();
      }));
  if (throttled)
    return ResourceExhausted(
        "LINK_THROTTLED",
        "尝试次数过多，请 " + std::to_string(kFailureWindow.count()) + " 分钟后再试");
  if (!found) return LinkInvalid();
  return *found;
}

StatusOr<EnterpriseLinkView> EnterpriseLinkService::ChangeOpen(
    int64_t link_id,
    const std::function<Status(store::Connection&, store::EnterpriseLinkRow&)>& change) {
  EnterpriseLinkView out;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto link, store::FindEnterpriseLink(c, link_id));
        if (!link || link->status != "open" || Expired(*link)) return LinkInvalid();
        RETURN_IF_ERROR(change(c, *link));
        ASSIGN_OR_RETURN(link, store::FindEnterpriseLink(c, link_id));
        ASSIGN_OR_RETURN(out, ViewIn(c, *link));
        return OkStatus();
      }));
  return out;
}

Status EnterpriseLinkService::Admit(const std::string& token, const std::string& remote) {
  return Resolve(token, remote).status();
}

StatusOr<EnterpriseLinkView> EnterpriseLinkService::Open(const std::string& token,
                                                         const std::string& remote) {
  ASSIGN_OR_RETURN(auto link, Resolve(token, remote));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return ViewIn(*conn, link);
}

StatusOr<EnterpriseLinkFileView> EnterpriseLinkService::Upload(const std::string& token,
                                                               const std::string& remote,
                                                               const std::string& material,
                                                               const std::string& file_name,
                                                               const std::string& bytes) {
  ASSIGN_OR_RETURN(auto link, Resolve(token, remote));
  RETURN_IF_ERROR(text::CheckRequiredText("文件名", file_name, text::kName));
  if (!material.empty() &&
      std::find(link.materials.begin(), link.materials.end(), material) == link.materials.end())
    return InvalidArgument("LINK_MATERIAL_INVALID", "“" + material + "”不是要求提交的材料");
  ASSIGN_OR_RETURN(const std::string media_type, evidence_.Check(bytes));
  bool created = false;
  ASSIGN_OR_RETURN(const std::string sha, evidence_.Put(bytes, &created));
  const std::string now = FormatTimestamp(clock_.Now());
  EnterpriseLinkFileView out{
      0, material, sha, media_type, static_cast<int64_t>(bytes.size()), file_name, now};
  auto changed = ChangeOpen(link.id, [&](store::Connection& c, store::EnterpriseLinkRow&) {
    store::EnterpriseLinkFileRow f{0, link.id, material, sha, media_type, out.size, file_name, now};
    ASSIGN_OR_RETURN(out.id, store::InsertEnterpriseLinkFile(c, f));
    return RecordAudit(c, clock_, EnterpriseActor(), "enterprise_link.upload", "enterprise_link",
                       std::to_string(link.id),
                       {{"file_id", out.id},
                        {"material", material},
                        {"file_name", file_name},
                        {"sha256", sha},
                        {"media_type", media_type},
                        {"size", bytes.size()},
                        {"remote", remote}})
        .status();
  });
  if (!changed.ok()) {
    // The reference was refused: take the file away again unless something else cites it.
    if (created) {
      auto conn = db_.Acquire();
      if (conn.ok()) {
        auto refs = store::CountEvidenceReferences(**conn, sha);
        if (refs.ok() && *refs == 0) evidence_.Remove(sha);
      }
    }
    return changed.status();
  }
  return out;
}

StatusOr<EnterpriseLinkView> EnterpriseLinkService::Sign(const std::string& token,
                                                         const std::string& remote,
                                                         const std::string& signer_name,
                                                         const std::string& version) {
  ASSIGN_OR_RETURN(auto link, Resolve(token, remote));
  RETURN_IF_ERROR(text::CheckRequiredText("签署人姓名", signer_name, text::kName));
  if (link.commitment_version.empty())
    return FailedPrecondition("COMMITMENT_NOT_ASKED", "本链接不要求签署信用承诺书");
  if (version != link.commitment_version)
    return InvalidArgument("COMMITMENT_VERSION_MISMATCH", "信用承诺书版本不符（应为 " +
                                                              link.commitment_version +
                                                              "），请刷新页面阅读最新文本后再签署");
  if (link.signed_at)
    return FailedPrecondition("COMMITMENT_ALREADY_SIGNED",
                              "信用承诺书已于 " + *link.signed_at + " 签署，不能重复签署");
  const std::string now = FormatTimestamp(clock_.Now());
  return ChangeOpen(link.id, [&](store::Connection& c, store::EnterpriseLinkRow& row) -> Status {
    if (row.signed_at)
      return FailedPrecondition("COMMITMENT_ALREADY_SIGNED", "信用承诺书已签署，不能重复签署");
    RETURN_IF_ERROR(store::SignEnterpriseLink(c, row.id, signer_name, version, now));
    return RecordAudit(c, clock_, EnterpriseActor(), "enterprise_link.sign", "enterprise_link",
                       std::to_string(row.id),
                       {{"signer_name", signer_name},
                        {"commitment_version", version},
                        {"commitment_sha256", ToHex(Sha256(row.commitment_text))},
                        {"signed_at", now},
                        {"remote", remote}})
        .status();
  });
}

StatusOr<EnterpriseLinkView> EnterpriseLinkService::Complete(const std::string& token,
                                                             const std::string& remote) {
  ASSIGN_OR_RETURN(auto link, Resolve(token, remote));
  const std::string now = FormatTimestamp(clock_.Now());
  return ChangeOpen(link.id, [&](store::Connection& c, store::EnterpriseLinkRow& row) -> Status {
    ASSIGN_OR_RETURN(auto files, store::ListEnterpriseLinkFiles(c, row.id));
    std::vector<std::string> missing;
    for (const auto& m : row.materials)
      if (std::none_of(files.begin(), files.end(), [&](const auto& f) { return f.material == m; }))
        missing.push_back("“" + m + "”");
    if (!row.commitment_version.empty() && !row.signed_at) missing.emplace_back("信用承诺书签署");
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : "、") + m;
      return FailedPrecondition("LINK_INCOMPLETE", "尚未完成：" + list + "。请补齐后再提交。");
    }
    RETURN_IF_ERROR(store::CompleteEnterpriseLink(c, row.id, now));
    return RecordAudit(c, clock_, EnterpriseActor(), "enterprise_link.complete", "enterprise_link",
                       std::to_string(row.id),
                       {{"files", files.size()},
                        {"signed", row.signed_at.has_value()},
                        {"completed_at", now},
                        {"remote", remote}})
        .status();
  });
}

}  // namespace suiji::service
