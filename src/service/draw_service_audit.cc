#include "service/draw_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/draw/bundle.h"
#include "core/draw/commitment.h"
#include "core/draw/replacement.h"
#include "core/hash.h"
#include "core/text.h"
#include "service/draw_service_internal.h"
#include "service/readable_scope.h"
#include "store/audit_store.h"
#include "store/draw_store.h"
#include "store/org_store.h"

namespace suiji::service {

using Json = nlohmann::json;
using draw_detail::LoadAssignInput;
using draw_detail::LoadTargetInput;

// What the audit entries of each draw recorded, gathered while the chain is walked (AuditChecks).
struct DrawService::AuditLog {
  struct Logged {
    int64_t seq = 0;
    std::string action;
    Json payload;
    std::optional<int64_t> actor_id;
  };
  struct Draw {
    std::optional<Logged> commit, reveal, publish;
    std::map<int64_t, Logged> witnesses;  // by draw_witnesses.seq
    std::map<int64_t, Logged> values;     // by draw_source_values.position
    std::map<int64_t, Logged> requests;   // by draw_replacements.seq
    std::map<int64_t, Logged> decisions;  // by draw_replacements.seq
  };
  std::map<std::string, Draw> draws;  // by draw_no
};

namespace {

// The first draws column whose stored value differs from what draw.commit recorded ("" when
// none). Only fields the entry carries are compared (entries of older binaries carry fewer).
std::string MismatchedCommitColumn(const store::DrawRow& d, const Json& p) {
  auto differs = [&](const char* key, const Json& stored) {
    return p.contains(key) && p[key] != stored;
  };
  if (differs("commit", d.commit_hash)) return "commit_hash";
  if (differs("sources_decl", d.sources_decl)) return "sources_decl";
  if (differs("plan_hash", d.plan_hash)) return "plan_hash";
  if (differs("pool_root", d.root) || differs("elig_root", d.root)) return "root";
  if (differs("kind", draw::DrawKindName(d.kind))) return "kind";
  if (differs("title", d.title)) return "title";
  if (differs("department_id", d.department_id)) return "department_id";
  if (differs("confidential", d.confidential)) return "confidential";
  if (differs("source_names", Json(d.source_names))) return "source_names";
  if (differs(d.kind == draw::DrawKind::kTargets ? "pool_size" : "tasks", d.pool_size))
    return "pool_size";
  const Json& spec = d.spec;
  if (!spec.is_object()) return "spec";
  for (const char* key : {"strata", "per_task", "cap"})
    if (p.contains(key) && (!spec.contains(key) || spec[key] != p[key])) return "spec";
  return "";
}

// The first revealed column that differs from what draw.reveal recorded ("" when none).
std::string MismatchedRevealColumn(const store::DrawRow& d, const Json& p) {
  auto differs = [&](const char* key, const std::optional<std::string>& stored) {
    return p.contains(key) && p[key] != stored.value_or("");
  };
  if (differs("plan_hash", d.plan_hash)) return "plan_hash";
  if (differs("result_hash", d.result_hash)) return "result_hash";
  if (differs("randomness", d.randomness)) return "randomness";
  if (differs("secret", d.secret)) return "secret";
  if (differs("signature", d.signature)) return "signature";
  if (differs("key_id", d.key_id)) return "key_id";
  return "";
}

Json OptionalJson(const std::optional<std::string>& v) { return v ? Json(*v) : Json(); }
Json Field(const Json& p, const char* key) { return p.contains(key) ? p[key] : Json(); }
Json OptionalJson(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }

std::string EntryName(const DrawService::AuditLog::Logged& l) {
  return "第 " + std::to_string(l.seq) + " 条审计记录（" + l.action + "）";
}

}  // namespace

StatusOr<std::optional<std::string>> DrawService::CheckAuditEntry(store::Connection& c,
                                                                  const AuditEntry& e,
                                                                  AuditLog& log) {
  using Problem = std::optional<std::string>;
  if (e.entity != "draw") return Problem();
  Json payload = Json::parse(e.payload, nullptr, false);
  AuditLog::Logged logged{e.seq, e.action, payload, e.actor_id};
  AuditLog::Draw& logged_draw = log.draws[e.entity_id];
  if (e.action == "draw.witness") {
    logged_draw.witnesses[payload.value("seq", int64_t{0})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.source_value") {
    logged_draw.values[payload.value("position", int64_t{-1})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.replacement.request") {
    logged_draw.requests[payload.value("seq", int64_t{0})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.replacement.approve" || e.action == "draw.replacement.reject") {
    logged_draw.decisions[payload.value("seq", int64_t{0})] = std::move(logged);
    return Problem();
  }
  if (e.action == "draw.publish") {
    logged_draw.publish = std::move(logged);
    return Problem();
  }
  const std::string where =
      "第 " + std::to_string(e.seq) + " 条审计记录（" + e.action + " " + e.entity_id + "）";
  auto v = Load(c, e.entity_id);
  if (!v.ok())
    return Problem("draws 中缺少抽取 " + e.entity_id + "（" + where + "记录了它），抽取记录被删除");
  const store::DrawRow& d = v->row;
  const std::string row = "draws 行（抽取 " + d.draw_no + "）";
  if (e.action == "draw.commit") {
    logged_draw.commit = std::move(logged);
    if (std::string column = MismatchedCommitColumn(d, payload); !column.empty())
      return Problem(row + "字段 " + column + " 与审计记录不符（" + where + "），抽取的承诺被篡改");
    if (d.status == draw::DrawStatus::kCommitted) {
      auto secret = box_.Open(d.secret_sealed);
      if (!secret.ok())
        return Problem(row + "字段 secret_sealed 无法解开（" + where + "），抽取记录被篡改");
      StatusOr<std::string> recomputed = Internal("unset");
      if (d.kind == draw::DrawKind::kTargets) {
        ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, *v));
        auto prepared = draw::TargetDraw::Prepare(std::move(input), *secret);
        if (!prepared.ok())
          return Problem(where + "：抽取快照无效（" + std::string(prepared.status().message()) +
                         "）");
        recomputed = ToHex(prepared->plan().plan_hash);
      } else {
        ASSIGN_OR_RETURN(auto input, LoadAssignInput(c, *v));
        auto prepared = draw::InspectorAssignment::Prepare(std::move(input), *secret);
        if (!prepared.ok())
          return Problem(where + "：抽取快照无效（" + std::string(prepared.status().message()) +
                         "）");
        recomputed = ToHex(prepared->plan().plan_hash);
      }
      if (*recomputed != d.plan_hash)
        return Problem(where + "：抽取名单快照（" +
                       std::string(d.kind == draw::DrawKind::kTargets ? "draw_pool_chunks"
                                                                      : "draw_eligibility") +
                       "）与承诺值不符，抽取记录被篡改");
    }
  } else if (e.action == "draw.reveal") {
    logged_draw.reveal = std::move(logged);
    if (d.status != draw::DrawStatus::kRevealed)
      return Problem(row + "字段 status 与审计记录不符（" + where +
                     "显示已揭晓，抽取记录未处于已揭晓状态）");
    if (std::string column = MismatchedRevealColumn(d, payload); !column.empty())
      return Problem(row + "字段 " + column + " 与审计记录不符（" + where + "），抽取结果被篡改");
    ASSIGN_OR_RETURN(auto bundle, BuildBundle(c, *v));
    auto verdict = draw::VerifyBundle(std::move(bundle));
    if (!verdict.ok())
      return Problem(where + "：无法重新计算抽取（" + std::string(verdict.status().message()) +
                     "），抽取记录被篡改");
    if (!verdict->ok)
      return Problem(where + "：重新计算的抽取结果与存储不符（字段 " + verdict->field +
                     "），抽取记录被篡改");
    auto sig = FromHex(d.signature.value_or(""));
    auto msg = FromHex(d.result_hash.value_or(""));
    if (!sig || !msg || !VerifySignature(key_.public_key(), *msg, *sig))
      return Problem(row + "字段 signature 无效（" + where + "），平台签名被篡改");
  }
  return Problem();
}

StatusOr<std::optional<std::string>> DrawService::CheckAuditedRows(store::Connection& c,
                                                                   const AuditLog& log) {
  using Problem = std::optional<std::string>;
  ASSIGN_OR_RETURN(auto records, store::ListDrawsForAudit(c));
  std::set<std::string> present;
  for (const auto& record : records) {
    present.insert(record.number);
    ASSIGN_OR_RETURN(DrawView v, Load(c, record.number));
    const std::string of = "（抽取 " + record.number + "）";
    auto it = log.draws.find(record.number);
    if (it == log.draws.end() || !it->second.commit)
      return Problem("draws 行" + of +
                     "没有对应的审计记录（draw.commit），该抽取不是经平台承诺产生的");
    const AuditLog::Draw& logged = it->second;
    if (v.row.status == draw::DrawStatus::kRevealed && !logged.reveal)
      return Problem("draws 行" + of + "字段 status 为已揭晓，但没有对应的审计记录（draw.reveal）");
    // Whether the public sees the bundle: at the reveal unless confidential, or after draw.publish.
    std::optional<bool> published;
    if (logged.publish) published = true;
    else if (!logged.reveal) published = false;
    else if (logged.reveal->payload.contains("published"))
      published = logged.reveal->payload["published"].get<bool>();
    else if (logged.commit->payload.contains("confidential"))
      published = !logged.commit->payload["confidential"].get<bool>();
    if (published && *published != v.row.published)
      return Problem("draws 行" + of + "字段 published 与审计记录不符，公开状态被篡改");

    std::set<int64_t> seen;
    for (const auto& w : v.witnesses) {
      seen.insert(w.seq);
      const std::string row = "draw_witnesses 第 " + std::to_string(w.seq) + " 行" + of;
      auto l = logged.witnesses.find(w.seq);
      if (l == logged.witnesses.end())
        return Problem(row + "没有对应的审计记录（draw.witness），见证人“" + w.name + "”未经登记");
      const Json& p = l->second.payload;
      std::string field;
      if (p.value("name", "") != w.name) field = "name";
      else if (p.value("organisation", "") != w.organisation) field = "organisation";
      else if (p.contains("user_id") && p["user_id"] != OptionalJson(w.user_id)) field = "user_id";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(l->second) +
                       "），见证人记录被篡改");
    }
    for (const auto& [seq, l] : logged.witnesses)
      if (!seen.contains(seq))
        return Problem("draw_witnesses 第 " + std::to_string(seq) + " 行" + of + "已被删除（" +
                       EntryName(l) + "登记了见证人“" + l.payload.value("name", "") + "”）");

    ASSIGN_OR_RETURN(auto values, store::ListDrawSourceValues(c, v.row.id));
    seen.clear();
    for (const auto& sv : values) {
      seen.insert(sv.position);
      const std::string row =
          "draw_source_values 第 " + std::to_string(sv.position + 1) + " 行" + of;
      auto l = logged.values.find(sv.position);
      if (l == logged.values.end())
        return Problem(row + "没有对应的审计记录（draw.source_value），随机数来源的值未经录入");
      std::string field;
      if (l->second.payload.value("value", "") != sv.value) field = "value";
      else if (l->second.actor_id != sv.entered_by) field = "entered_by";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(l->second) +
                       "），随机数来源的值被篡改");
    }
    for (const auto& [position, l] : logged.values)
      if (!seen.contains(position))
        return Problem("draw_source_values 第 " + std::to_string(position + 1) + " 行" + of +
                       "已被删除（" + EntryName(l) + "录入了“" + l.payload.value("name", "") +
                       "”的值）");

    seen.clear();
    for (const auto& r : v.replacements) {
      seen.insert(r.seq);
      const std::string row = "draw_replacements 第 " + std::to_string(r.seq) + " 行" + of;
      auto req = logged.requests.find(r.seq);
      if (req == logged.requests.end())
        return Problem(row + "没有对应的审计记录（draw.replacement.request），替换未经申请");
      const Json& p = req->second.payload;
      std::string field;
      if (Field(p, "task") != OptionalJson(r.task)) field = "task";
      else if (p.value("out", "") != r.out_id) field = "out_id";
      else if (p.value("reason", "") != r.reason) field = "reason";
      else if (p.value("note", "") != r.note) field = "note";
      else if (req->second.actor_id != r.requested_by) field = "requested_by";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(req->second) +
                       "），替换记录被篡改");
      auto dec = logged.decisions.find(r.seq);
      if (dec == logged.decisions.end()) {
        if (r.status != draw::ReplacementStatus::kPending)
          return Problem(row + "字段 status 与审计记录不符（没有审批的审计记录），替换记录被篡改");
        continue;
      }
      const Json& q = dec->second.payload;
      const bool approved = dec->second.action == "draw.replacement.approve";
      if (r.status !=
          (approved ? draw::ReplacementStatus::kApproved : draw::ReplacementStatus::kRejected))
        field = "status";
      else if (approved && Field(q, "in") != OptionalJson(r.in_id)) field = "in_id";
      else if (q.value("note", "") != r.decision_note.value_or("")) field = "decision_note";
      else if (dec->second.actor_id != r.decided_by) field = "decided_by";
      if (!field.empty())
        return Problem(row + "字段 " + field + " 与审计记录不符（" + EntryName(dec->second) +
                       "），替换记录被篡改");
    }
    for (const auto& [seq, l] : logged.requests)
      if (!seen.contains(seq))
        return Problem("draw_replacements 第 " + std::to_string(seq) + " 行" + of + "已被删除（" +
                       EntryName(l) + "）");
  }
  for (const auto& [no, logged] : log.draws) {
    if (present.contains(no)) continue;
    const auto& first = logged.commit               ? *logged.commit
                        : !logged.witnesses.empty() ? logged.witnesses.begin()->second
                        : !logged.values.empty()    ? logged.values.begin()->second
                                                    : AuditLog::Logged{};
    return Problem("draws 中缺少抽取 " + no + "（" + EntryName(first) +
                   "记录了它），抽取记录被删除");
  }
  return Problem();
}

std::vector<AuditContentCheck> DrawService::AuditChecks() {
  auto log = std::make_shared<AuditLog>();
  return {{[this, log](store::Connection& c, const AuditEntry& e) {
             return CheckAuditEntry(c, e, *log);
           },
           [this, log](store::Connection& c) { return CheckAuditedRows(c, *log); }}};
}

}  // namespace suiji::service
