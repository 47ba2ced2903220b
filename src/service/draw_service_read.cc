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

using OJson = nlohmann::ordered_json;
using draw_detail::Approved;
using draw_detail::LoadAssignInput;
using draw_detail::LoadTargetInput;
using draw_detail::Replay;
using draw_detail::StrataJson;

StatusOr<DrawView> DrawService::Get(const Principal& who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return v;
}

StatusOr<std::vector<DrawView>> DrawService::List(const Principal& who,
                                                  std::optional<int64_t> department_id, int limit,
                                                  int offset) {
  // The reader's scope is part of the query, so that limit and offset page visible draws only.
  ASSIGN_OR_RETURN(auto readable, ReadableDepartments(org_, who, kDepartmentRecordReaders));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListDraws(*conn, department_id, std::clamp(limit, 1, 200),
                                               std::max(offset, 0), false, readable));
  std::vector<DrawView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(DrawView v, Load(*conn, r.draw_no));
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<PublicDraw> DrawService::GetPublic(const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  const PublicAccess access = PublicAccessOf(v.row);
  return PublicDraw{std::move(v), access};
}

StatusOr<std::vector<PublicDraw>> DrawService::ListPublic(int limit, int offset,
                                                          const std::string& candidate) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  limit = std::clamp(limit, 1, 200);
  offset = std::max(offset, 0);
  std::vector<PublicDraw> out;
  if (!candidate.empty()) {
    // Only published draws, paged in the query (not the newest 1,000 filtered afterwards).
    ASSIGN_OR_RETURN(auto ids, store::DrawsWithCandidate(*conn, candidate, limit, offset));
    for (int64_t id : ids) {
      ASSIGN_OR_RETURN(DrawView v, LoadById(*conn, id));
      out.push_back({std::move(v), PublicAccess::kFull});
    }
    return out;
  }
  ASSIGN_OR_RETURN(auto rows, store::ListDraws(*conn, std::nullopt, limit, offset, false));
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(DrawView v, Load(*conn, r.draw_no));
    const PublicAccess access = PublicAccessOf(v.row);
    out.push_back({std::move(v), access});
  }
  return out;
}

StatusOr<DrawOutcome> DrawService::Outcome(const Principal& who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return OutcomeIn(*conn, v);
}

StatusOr<DrawOutcome> DrawService::OutcomeIn(store::Connection& c, const DrawView& v) {
  if (v.row.status != draw::DrawStatus::kRevealed)
    return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓");
  auto secret = FromHex(v.row.secret.value_or(""));
  if (!secret) return Internal("stored secret unreadable: " + v.row.draw_no);
  ASSIGN_OR_RETURN(auto rr, Replay(c, v, *secret, Approved(v), std::nullopt));
  return rr.outcome;
}

StatusOr<draw::Bundle> DrawService::BuildBundle(store::Connection& c, const DrawView& v,
                                                bool to_send) {
  const store::DrawRow& d = v.row;
  draw::Bundle out;
  OJson& b = out.doc;
  b["kind"] = draw::DrawKindName(d.kind);
  b["draw_id"] = d.draw_no;
  b["title"] = d.title;
  b["department"] = v.department_name;
  b["committed_at"] = d.committed_at;
  b["revealed_at"] = d.revealed_at ? OJson(*d.revealed_at) : OJson();
  OJson witnesses = OJson::array();
  for (const auto& w : v.witnesses)
    witnesses.push_back({{"name", w.name}, {"organisation", w.organisation}});
  b["witnesses"] = witnesses;
  b["secret"] = d.secret.value_or("");
  OJson sources = OJson::array();
  for (size_t i = 0; i < v.source_names.size(); ++i)
    sources.push_back({{"name", v.source_names[i]}, {"value", v.source_values[i].value_or("")}});
  b["sources"] = sources;
  std::optional<draw::PackedPool> packed;
  if (d.kind == draw::DrawKind::kTargets && to_send) {
    // Packed as the chunks stream by: a tenth of the records' memory, no string per entry. A
    // pool stored out of canonical order (converted by migration 0019) goes the records' way.
    packed.emplace();
    ASSIGN_OR_RETURN(
        const bool in_order, store::ScanDrawPool(c, d.id, [&](const store::PoolEntry& e) {
          packed->Add(e.stratum, e.candidate, e.weight);  // target ids are not published
        }));
    if (!in_order) packed.reset();
  }
  if (packed) {
    ASSIGN_OR_RETURN(auto strata, draw_detail::SpecStrata(v));
    b["strata"] = StrataJson(strata);
    b["pool"] = OJson::array();
    out.pool_held = true;
    out.packed_pool = std::move(packed);
  } else if (d.kind == draw::DrawKind::kTargets) {
    ASSIGN_OR_RETURN(auto input, LoadTargetInput(c, v, /*canonical=*/true));
    b["strata"] = StrataJson(input.strata);
    // The pool as records (a million JSON objects cost seconds and gigabytes): every entry's
    // keys written as "stratum", "id", "weight", so DumpBundle writes the text a JSON pool would.
    b["pool"] = OJson::array();
    out.pool_held = true;
    out.pool = std::move(input.pool);
    out.pool_keys.assign(out.pool.size(), draw::kPoolKeysStratumIdWeight);
  } else {
    ASSIGN_OR_RETURN(auto input, LoadAssignInput(c, v));
    b["per_task"] = input.per_task;
    b["cap"] = input.cap;
    OJson eligible = OJson::object();
    for (const auto& t : input.tasks) eligible[t.task] = t.inspectors;
    b["eligible"] = std::move(eligible);
  }
  OJson replacements = OJson::array();
  for (const auto& r : v.replacements) {
    if (r.status != draw::ReplacementStatus::kApproved) continue;
    OJson rec;
    if (r.task) rec["task"] = *r.task;
    rec["out"] = r.out_id;
    rec["reason"] = r.reason;
    rec["note"] = r.note;
    rec["approved_at"] = r.decided_at.value_or("");
    rec["in"] = r.in_id ? OJson(*r.in_id) : OJson();
    replacements.push_back(std::move(rec));
  }
  b["replacements"] = std::move(replacements);
  b[d.kind == draw::DrawKind::kTargets ? "pool_root" : "elig_root"] = d.root;
  b["plan_hash"] = d.plan_hash;
  if (d.status == draw::DrawStatus::kRevealed) {
    b["randomness"] = d.randomness.value_or("");
    b["seed"] = d.seed.value_or("");
    // Parsed with the bundle's own parser, which holds a target draw's id lists as strings
    // (a million ids as JSON values cost seconds), and written in place by DumpBundle.
    ASSIGN_OR_RETURN(auto stored, store::FindDrawOutputs(c, d.id));
    std::optional<draw_detail::PlainTargetOutputs> plain;
    if (d.kind == draw::DrawKind::kTargets && stored) {
      // Positions in the pool read above, in canonical order (the reveals since session 17).
      std::vector<std::string_view> ids;
      if (stored->starts_with(draw_detail::kTargetOutputsPositions)) {
        if (out.packed_pool) {
          ids.reserve(out.packed_pool->size());
          draw::PackedPool::Reader r(*out.packed_pool);
          for (size_t i = 0; i < out.packed_pool->size(); ++i) ids.push_back(r.Next().id);
        } else {
          ids.reserve(out.pool.size());
          for (const auto& rec : out.pool) ids.push_back(rec.id);
        }
      }
      ASSIGN_OR_RETURN(plain, draw_detail::ReadTargetOutputsPositions(*stored, ids));
      if (!plain) plain = draw_detail::ReadPlainTargetOutputs(*stored);
    }
    if (plain) {
      b["reserve"] = OJson::object();
      b["selected"] = OJson::object();
      out.reserve = std::move(plain->reserve);
      out.selected = std::move(plain->selected);
    } else {
      auto outputs = draw::ParseBundle(stored.value_or("{}"));
      if (!outputs.ok() || !outputs->doc.is_object())
        return Internal("draw outputs unreadable: " + d.draw_no);
      for (auto& [k, val] : outputs->doc.items()) b[k] = std::move(val);
      if (outputs->selected) out.selected = std::move(outputs->selected);
      if (outputs->reserve) out.reserve = std::move(outputs->reserve);
    }
    b["result_hash"] = d.result_hash.value_or("");
    b["signature"] = {{"algorithm", "Ed25519"},
                      {"key_id", d.key_id.value_or("")},
                      {"public_key", ToHex(key_.public_key())},
                      {"signed", "result_hash 的 32 字节原始值"},
                      {"value", d.signature.value_or("")}};
  }
  b["audit"] = {{"commit_seq", d.commit_audit_seq ? OJson(*d.commit_audit_seq) : OJson()},
                {"reveal_seq", d.reveal_audit_seq ? OJson(*d.reveal_audit_seq) : OJson()}};
  return out;
}

StatusOr<draw::Bundle> DrawService::Bundle(const Principal* who, const std::string& draw_no) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(DrawView v, Load(*conn, draw_no));
  // The department's own readers see a confidential bundle from the reveal; the public (and
  // other departments) once it is published, and are told why not before: never a 404.
  const bool reader = who != nullptr && RequireReadable(*who, v).ok();
  if (!reader) RETURN_IF_ERROR(PublicRecordStatus(v.row));
  if (v.row.status != draw::DrawStatus::kRevealed)
    return FailedPrecondition("DRAW_NOT_REVEALED",
                              "抽取尚未揭晓，只公开承诺值，完整记录在揭晓后提供");
  return BuildBundle(*conn, v, /*to_send=*/true);
}

}  // namespace suiji::service
