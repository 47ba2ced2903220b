// 站内消息 and the 责任追究清单 (issue 14): a user's own messages with the unread count the
// console header shows, marking them read (audited), and the accountability list in the
// reader's statistics scope.

#include "api/json_util.h"
#include "api/query_params.h"
#include "api/routes.h"

namespace suiji::api {
namespace {

Json MessageJson(const service::MessageView& m) {
  return {{"id", m.id},
          {"kind", std::string(service::MessageKindName(m.kind))},
          {"kind_name", std::string(service::MessageKindDisplay(m.kind))},
          {"subject", m.subject},
          {"body", m.body},
          {"link", m.link},
          {"record_kind", m.record_kind},
          {"record_id", m.record_id},
          {"department_id", m.department_id ? Json(*m.department_id) : Json()},
          {"created_at", m.created_at},
          {"read_at", m.read_at ? Json(*m.read_at) : Json()}};
}

}  // namespace

void AddMessageRoutes(Router& r, const ApiOptions& /*options*/) {
  r.Add("GET", "/api/v1/messages", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
    ASSIGN_OR_RETURN(auto unread, QueryBool(c.request, "unread"));
    ASSIGN_OR_RETURN(auto list, c.platform.messages().List(c.principal, unread.value_or(false),
                                                           page.limit, page.offset));
    Json items = Json::array();
    for (const auto& m : list.items) items.push_back(MessageJson(m));
    return Response::Json(200, {{"items", items}, {"total", list.total}, {"unread", list.unread}});
  });
  r.Add("GET", "/api/v1/messages/unread-count", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t n, c.platform.messages().UnreadCount(c.principal));
          return Response::Json(200, {{"unread", n}});
        });
  r.Add("POST", "/api/v1/messages/read-all", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t n, c.platform.messages().MarkAllRead(c.principal));
          return Response::Json(200, {{"marked", n}});
        });
  r.Add("POST", "/api/v1/messages/:id/read", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "消息"));
          ASSIGN_OR_RETURN(auto m, c.platform.messages().MarkRead(c.principal, id));
          return Response::Json(200, MessageJson(m));
        });

  r.Add("GET", "/api/v1/accountability", Access::Requires(Permission::kStatsRead),
        [](Call& c) -> StatusOr<Response> {
          service::AccountabilityService::Filter f;
          ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
          f.limit = page.limit;
          f.offset = page.offset;
          ASSIGN_OR_RETURN(f.department_id, QueryId(c.request, "department_id"));
          if (auto k = c.request.Query("kind"); k && !k->empty()) {
            f.kind = service::ParseObligationKind(*k);
            if (!f.kind)
              return InvalidArgument(
                  "QUERY_INVALID",
                  "kind 应为 joint_answer（联合抽查答复）、publication（结果公示）"
                  "或 credit_proposal（列入名录建议）");
          }
          ASSIGN_OR_RETURN(auto list, c.platform.accountability().List(c.principal, f));
          Json items = Json::array();
          for (const auto& a : list.items)
            items.push_back({{"id", a.id},
                             {"kind", std::string(service::ObligationKindName(a.kind))},
                             {"kind_name", std::string(service::ObligationKindDisplay(a.kind))},
                             {"department_id", a.department_id},
                             {"department_name", a.department_name},
                             {"record_kind", a.record_kind},
                             {"record_id", a.record_id},
                             {"record_no", a.record_no},
                             {"link", a.link},
                             {"obligation", a.obligation},
                             {"detail", a.detail},
                             {"deadline", a.deadline},
                             {"recorded_at", a.recorded_at}});
          return Response::Json(200, {{"items", items}, {"total", list.total}});
        });
}

}  // namespace suiji::api
