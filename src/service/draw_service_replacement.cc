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
using draw_detail::Approved;
using draw_detail::Replay;

StatusOr<DrawView> DrawService::RequestReplacement(const Principal& who, const std::string& draw_no,
                                                   const std::optional<std::string>& task,
                                                   const std::string& out_id,
                                                   const std::string& reason,
                                                   const std::string& note) {
  DrawView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
        RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
        if (v.row.status != draw::DrawStatus::kRevealed)
          return FailedPrecondition("DRAW_NOT_REVEALED", "抽取尚未揭晓，不能申请替换");
        const auto& reasons = v.row.kind == draw::DrawKind::kTargets
                                  ? TargetReplacementReasons()
                                  : InspectorReplacementReasons();
        if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
          std::string list;
          for (const auto& r : reasons) list += (list.empty() ? "" : "、") + r;
          return InvalidArgument("DRAW_REPLACEMENT_REASON_INVALID",
                                 "替换原因须从规定范围中选择：" + list);
        }
        if (reason == "其他" && note.empty())
          return InvalidArgument("DRAW_REPLACEMENT_NOTE_REQUIRED",
                                 "替换原因为“其他”时须填写具体说明");
        RETURN_IF_ERROR(text::CheckText("替换说明", note, {500, true}));
        for (const auto& r : v.replacements)
          if (r.status == draw::ReplacementStatus::kPending && r.out_id == out_id && r.task == task)
            return AlreadyExists("DRAW_REPLACEMENT_PENDING", "该对象已有待审批的替换申请");
        // Refuse now what the engine would refuse at approval (not in the draw / not in the team).
        auto secret = FromHex(v.row.secret.value_or(""));
        if (!secret) return Internal("stored secret unreadable: " + draw_no);
        RETURN_IF_ERROR(Replay(c, v, *secret, Approved(v), std::make_pair(task, out_id)));
        store::DrawReplacementRow r;
        r.task = task;
        r.out_id = out_id;
        r.reason = reason;
        r.note = note;
        r.requested_at = FormatTimestamp(clock_.Now());
        if (who.user_id > 0) r.requested_by = who.user_id;
        ASSIGN_OR_RETURN(int64_t seq, store::InsertDrawReplacement(c, v.row.id, r));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, "draw.replacement.request", "draw", draw_no,
                                    {{"seq", seq},
                                     {"task", task ? Json(*task) : Json()},
                                     {"out", out_id},
                                     {"reason", reason},
                                     {"note", note}}));
        ASSIGN_OR_RETURN(out, Load(c, draw_no));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<DrawChange> DrawService::DecideReplacementIn(store::Connection& c, const Principal& who,
                                                      const std::string& draw_no, int64_t seq,
                                                      bool approve, const std::string& note) {
  ASSIGN_OR_RETURN(DrawView v, Load(c, draw_no));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanApprove, loc));
  auto it = std::find_if(v.replacements.begin(), v.replacements.end(),
                         [&](const auto& r) { return r.seq == seq; });
  if (it == v.replacements.end()) return NotFound("DRAW_REPLACEMENT_NOT_FOUND", "替换申请不存在");
  if (it->status != draw::ReplacementStatus::kPending)
    return FailedPrecondition("DRAW_REPLACEMENT_DECIDED", "该替换申请已经处理，不能重复审批");
  RETURN_IF_ERROR(text::CheckText("审批意见", note, text::kNote));
  if (it->requested_by && *it->requested_by == who.user_id)
    return PermissionDenied("DRAW_REPLACEMENT_SELF_APPROVAL", "不能审批自己提出的替换申请");
  store::DrawReplacementRow d = *it;
  d.status = approve ? draw::ReplacementStatus::kApproved : draw::ReplacementStatus::kRejected;
  d.decided_at = FormatTimestamp(clock_.Now());
  if (who.user_id > 0) d.decided_by = who.user_id;
  d.decision_note = note;
  DrawChange change;
  if (approve) {
    auto secret = FromHex(v.row.secret.value_or(""));
    if (!secret) return Internal("stored secret unreadable: " + draw_no);
    ASSIGN_OR_RETURN(auto rr, Replay(c, v, *secret, Approved(v), std::make_pair(d.task, d.out_id)));
    d.in_id = rr.last_in;
    change.outcome = std::move(rr.outcome);  // the result with this replacement applied
  }
  RETURN_IF_ERROR(store::DecideDrawReplacement(c, v.row.id, d));
  RETURN_IF_ERROR(RecordAudit(c, clock_, who,
                              approve ? "draw.replacement.approve" : "draw.replacement.reject",
                              "draw", draw_no,
                              {{"seq", seq},
                               {"task", d.task ? Json(*d.task) : Json()},
                               {"out", d.out_id},
                               {"in", d.in_id ? Json(*d.in_id) : Json()},
                               {"reason", d.reason},
                               {"note", note}}));
  ASSIGN_OR_RETURN(change.view, Load(c, draw_no));
  return change;
}

}  // namespace suiji::service
