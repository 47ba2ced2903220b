#include "service/oversight/messages.h"

#include <set>

#include "service/audit.h"
#include "store/database.h"
#include "store/oversight/message_store.h"

namespace suiji::service {
namespace {

struct KindText {
  MessageKind kind;
  std::string_view name;
  std::string_view display;
};
constexpr KindText kKinds[] = {
    {MessageKind::kPlanApproval, "plan_approval", "计划待审核"},
    {MessageKind::kResultReview, "result_review", "检查结果待审核"},
    {MessageKind::kDrawWitness, "draw_witness", "抽取待见证"},
    {MessageKind::kJointAnswer, "joint_answer", "联合抽查待答复"},
    {MessageKind::kDueSoon, "due_soon", "即将到期"},
    {MessageKind::kOverdue, "overdue", "已逾期"},
};

MessageView ViewOf(const store::MessageRow& r) {
  MessageView v;
  v.id = r.id;
  v.kind = ParseMessageKind(r.kind).value_or(MessageKind::kOverdue);
  v.subject = r.subject;
  v.body = r.body;
  v.link = r.link;
  v.record_kind = r.record_kind;
  v.record_id = r.record_id;
  v.department_id = r.department_id;
  v.created_at = r.created_at;
  v.read_at = r.read_at;
  return v;
}

Status RequireUser(const Principal& who) {
  if (who.user_id <= 0) return Unauthenticated("UNAUTHENTICATED", "请先登录");
  return OkStatus();
}

}  // namespace

std::string_view MessageKindName(MessageKind k) {
  for (const auto& t : kKinds)
    if (t.kind == k) return t.name;
  return "overdue";
}

std::string_view MessageKindDisplay(MessageKind k) {
  for (const auto& t : kKinds)
    if (t.kind == k) return t.display;
  return "";
}

std::optional<MessageKind> ParseMessageKind(std::string_view name) {
  for (const auto& t : kKinds)
    if (t.name == name) return t.kind;
  return std::nullopt;
}

Status NotifyUserIn(store::Connection& c, const Clock& clock, int64_t user_id,
                    const Notice& notice) {
  store::MessageRow m;
  m.recipient_id = user_id;
  m.kind = std::string(MessageKindName(notice.kind));
  m.subject = notice.subject;
  m.body = notice.body;
  m.link = notice.link;
  m.record_kind = notice.record_kind;
  m.record_id = notice.record_id;
  m.department_id = notice.department_id;
  m.created_at = FormatTimestamp(clock.Now());
  return store::InsertMessage(c, m).status();
}

StatusOr<int> NotifyDepartmentIn(store::Connection& c, OrgService& org, const Clock& clock,
                                 int64_t department_id, Permission permission,
                                 const Notice& notice) {
  ASSIGN_OR_RETURN(ResourceLocation loc, org.LocationOfDepartment(department_id));
  ASSIGN_OR_RETURN(auto grants, store::ListActiveGrants(c));
  std::set<int64_t> recipients;
  for (const auto& g : grants) {
    const auto role = ParseRole(g.role);
    auto scope = Scope::Parse(g.scope);
    if (!role || !scope.ok() || *role == Role::kAdmin) continue;
    if (RoleHasPermission(*role, permission) && ScopeCovers(*scope, loc))
      recipients.insert(g.user_id);
  }
  Notice n = notice;
  if (!n.department_id) n.department_id = department_id;
  for (int64_t user_id : recipients) RETURN_IF_ERROR(NotifyUserIn(c, clock, user_id, n));
  return static_cast<int>(recipients.size());
}

StatusOr<MessagePage> MessageService::List(const Principal& who, bool unread_only, int limit,
                                           int offset) {
  RETURN_IF_ERROR(RequireUser(who));
  if (limit < 1 || limit > 500)
    return InvalidArgument("FIELD_INVALID", "每页条数应在 1 到 500 之间");
  if (offset < 0) return InvalidArgument("FIELD_INVALID", "偏移量不能为负数");
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  MessagePage page;
  ASSIGN_OR_RETURN(auto rows, store::ListMessages(*conn, who.user_id, unread_only, limit, offset));
  for (const auto& r : rows) page.items.push_back(ViewOf(r));
  ASSIGN_OR_RETURN(page.total, store::CountMessages(*conn, who.user_id, unread_only));
  ASSIGN_OR_RETURN(page.unread, store::CountMessages(*conn, who.user_id, true));
  return page;
}

StatusOr<int64_t> MessageService::UnreadCount(const Principal& who) {
  RETURN_IF_ERROR(RequireUser(who));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return store::CountMessages(*conn, who.user_id, true);
}

StatusOr<MessageView> MessageService::MarkRead(const Principal& who, int64_t message_id) {
  RETURN_IF_ERROR(RequireUser(who));
  MessageView out;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto row, store::FindMessage(c, message_id));
        // Another user's message is reported as missing: its existence is not the caller's.
        if (!row || row->recipient_id != who.user_id)
          return NotFound("MESSAGE_NOT_FOUND", "消息不存在");
        const std::string now = FormatTimestamp(clock_.Now());
        ASSIGN_OR_RETURN(bool changed, store::MarkMessageRead(c, message_id, now));
        if (changed) {
          row->read_at = now;
          RETURN_IF_ERROR(RecordAudit(c, clock_, who, "message.read", "message",
                                      std::to_string(message_id), {{"kind", row->kind}})
                              .status());
        }
        out = ViewOf(*row);
        return OkStatus();
      }));
  return out;
}

StatusOr<int64_t> MessageService::MarkAllRead(const Principal& who) {
  RETURN_IF_ERROR(RequireUser(who));
  int64_t n = 0;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(n,
                         store::MarkAllMessagesRead(c, who.user_id, FormatTimestamp(clock_.Now())));
        if (n == 0) return OkStatus();
        return RecordAudit(c, clock_, who, "message.read_all", "user", std::to_string(who.user_id),
                           {{"count", n}})
            .status();
      }));
  return n;
}

}  // namespace suiji::service
