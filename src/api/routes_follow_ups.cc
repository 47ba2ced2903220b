// 后续处置 (SPEC §EXEC, §PUB; issue 13): the cases publication opens, their 复查 tasks (not
// drawn), 移送 / 抄告 with the receiving department's receipt, 移送司法机关 and 立案 references.

#include "api/json_util.h"
#include "api/query_params.h"
#include "api/routes.h"

namespace suiji::api {
namespace {

Json OptText(const std::optional<std::string>& s) { return s ? Json(*s) : Json(); }
Json Person(const std::optional<service::PersonRef>& p) {
  if (!p) return Json();
  return {{"id", p->id}, {"name", p->name}};
}

Json RecheckJson(const service::RecheckView& r) {
  return {{"id", r.id},
          {"recheck_no", r.recheck_no},
          {"kind", r.kind},
          {"drawn", r.drawn},
          {"deadline", r.deadline.ToString()},
          {"status", std::string(service::RecheckStatusName(r.status))},
          {"status_name", std::string(service::RecheckStatusDisplay(r.status))},
          {"overdue", r.overdue},
          {"rechecked_on", r.rechecked_on ? Json(r.rechecked_on->ToString()) : Json()},
          {"findings", r.findings},
          {"recorded_by", Person(r.recorded_by)},
          {"recorded_at", OptText(r.recorded_at)},
          {"created_at", r.created_at}};
}

Json CaseJson(const service::FollowUpCaseView& v) {
  Json follow_ups = Json::array();
  for (const auto& [code, value] : v.follow_ups)
    follow_ups.push_back({{"item_code", code}, {"follow_up", value}});
  Json team = Json::array();
  for (const auto& p : v.team) team.push_back({{"id", p.id}, {"name", p.name}});
  Json rechecks = Json::array();
  for (const auto& r : v.rechecks) rechecks.push_back(RecheckJson(r));
  Json transfers = Json::array();
  for (const auto& t : v.transfers)
    transfers.push_back({{"id", t.id},
                         {"kind", std::string(service::TransferKindName(t.kind))},
                         {"kind_name", std::string(service::TransferKindDisplay(t.kind))},
                         {"to_department_id", t.to_department_id},
                         {"to_department_name", t.to_department_name},
                         {"note", t.note},
                         {"received", t.received},
                         {"sent_at", t.sent_at},
                         {"sent_by", Person(t.sent_by)},
                         {"received_at", OptText(t.received_at)},
                         {"received_by", Person(t.received_by)}});
  Json steps = Json::array();
  for (const auto& s : v.steps)
    steps.push_back({{"kind", s.kind},
                     {"organ", s.organ},
                     {"reference", s.reference},
                     {"note", s.note},
                     {"recorded_at", s.recorded_at},
                     {"recorded_by", s.recorded_by}});
  std::string status_name(service::FollowUpStatusDisplay(v.status));
  if (v.status == service::FollowUpStatus::kOpen && v.awaiting_receipt) status_name += "（待接收）";
  return {{"id", v.id},
          {"case_no", v.case_no},
          {"record_id", v.record_id},
          {"task_id", v.task_id},
          {"task_no", v.task_no},
          {"task_title", v.task_title},
          {"target_id", v.target_id},
          {"target_name", v.target_name},
          {"target_key", v.target_key},
          {"department_id", v.department_id},
          {"department_name", v.department_name},
          {"publication_no", v.publication_no},
          {"follow_ups", follow_ups},
          {"status", std::string(service::FollowUpStatusName(v.status))},
          {"status_name", status_name},
          {"awaiting_receipt", v.awaiting_receipt},
          {"overdue", v.overdue},
          {"created_at", v.created_at},
          {"closed_at", OptText(v.closed_at)},
          {"team", team},
          {"rechecks", rechecks},
          {"transfers", transfers},
          {"steps", steps},
          {"can_manage", v.can_manage},
          {"can_receive", v.can_receive},
          {"can_recheck", v.can_recheck}};
}

StatusOr<int64_t> CaseId(Call& c) { return ParseId(c.request.Param("id"), "后续处置"); }

StatusOr<Date> RequireDate(const Json& j, std::string_view key, std::string_view label) {
  ASSIGN_OR_RETURN(std::string text, RequireString(j, key, label));
  auto d = Date::Parse(text);
  if (!d)
    return InvalidArgument("DATE_INVALID",
                           std::string(label) + "应为 YYYY-MM-DD 格式的日期：" + text);
  return *d;
}

StatusOr<std::string> OptionalText(const Json& j, std::string_view key, std::string_view label) {
  ASSIGN_OR_RETURN(auto s, OptionalString(j, key, label));
  return s.value_or("");
}

}  // namespace

void AddFollowUpRoutes(Router& r, const ApiOptions& /*options*/) {
  r.Add("GET", "/api/v1/follow-ups", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    service::FollowUpService::Filter f;
    if (auto s = c.request.Query("status"); s && !s->empty()) {
      if (*s == "open") f.status = service::FollowUpStatus::kOpen;
      else if (*s == "closed") f.status = service::FollowUpStatus::kClosed;
      else return InvalidArgument("QUERY_INVALID", "status 应为 open 或 closed：" + *s);
    }
    f.scope = c.request.Query("scope").value_or("");
    ASSIGN_OR_RETURN(f.record_id, QueryId(c.request, "record_id"));
    ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
    f.limit = std::min(page.limit, 200);
    f.offset = page.offset;
    ASSIGN_OR_RETURN(auto found, c.platform.follow_ups().List(c.principal, f));
    Json items = Json::array();
    for (const auto& v : found.items) items.push_back(CaseJson(v));
    const auto& s = found.summary;
    return Response::Json(200, {{"items", items},
                                {"total", found.total},
                                {"summary",
                                 {{"open", s.open},
                                  {"closed", s.closed},
                                  {"rechecks_open", s.rechecks_open},
                                  {"rechecks_overdue", s.rechecks_overdue},
                                  {"rechecks_done", s.rechecks_done},
                                  {"awaiting_receipt", s.awaiting_receipt}}}});
  });
  r.Add("GET", "/api/v1/follow-ups/:id", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(auto v, c.platform.follow_ups().Get(c.principal, id));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/rechecks", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(Date deadline, RequireDate(body, "deadline", "整改期限"));
          ASSIGN_OR_RETURN(auto v, c.platform.follow_ups().AddRecheck(c.principal, id, deadline));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/rechecks/:recheck_id/deadline",
        Access::Requires(Permission::kResultApprove), [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(int64_t recheck_id, ParseId(c.request.Param("recheck_id"), "复查任务"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(Date deadline, RequireDate(body, "deadline", "整改期限"));
          ASSIGN_OR_RETURN(
              auto v, c.platform.follow_ups().SetDeadline(c.principal, id, recheck_id, deadline));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/rechecks/:recheck_id/result",
        Access::Requires(Permission::kInspectRecord), [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(int64_t recheck_id, ParseId(c.request.Param("recheck_id"), "复查任务"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          service::RecheckResult result;
          ASSIGN_OR_RETURN(result.rectified, RequireBool(body, "rectified", "是否已整改"));
          ASSIGN_OR_RETURN(result.rechecked_on, RequireDate(body, "rechecked_on", "复查日期"));
          ASSIGN_OR_RETURN(result.findings, OptionalText(body, "findings", "复查情况"));
          ASSIGN_OR_RETURN(
              auto v, c.platform.follow_ups().RecordRecheck(c.principal, id, recheck_id, result));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/transfers", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t to, RequireInt(body, "department_id", "接收部门"));
          ASSIGN_OR_RETURN(auto kind_text, OptionalString(body, "kind", "移送方式"));
          auto kind = service::ParseTransferKind(kind_text.value_or("transfer"));
          if (!kind)
            return InvalidArgument("FIELD_INVALID",
                                   "移送方式应为 transfer（移送）或 notify（抄告）：" + *kind_text);
          ASSIGN_OR_RETURN(std::string note, OptionalText(body, "note", "移送说明"));
          ASSIGN_OR_RETURN(auto v,
                           c.platform.follow_ups().Transfer(c.principal, id, *kind, to, note));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/transfers/:transfer_id/receipt",
        Access::Requires(Permission::kResultApprove), [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(int64_t transfer_id,
                           ParseId(c.request.Param("transfer_id"), "移送记录"));
          ASSIGN_OR_RETURN(auto v,
                           c.platform.follow_ups().ConfirmReceipt(c.principal, id, transfer_id));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/judicial", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string organ, RequireString(body, "organ", "接收的司法机关"));
          ASSIGN_OR_RETURN(std::string reference, RequireString(body, "reference", "移送文书编号"));
          ASSIGN_OR_RETURN(std::string note, OptionalText(body, "note", "说明"));
          ASSIGN_OR_RETURN(auto v, c.platform.follow_ups().RecordJudicial(c.principal, id, organ,
                                                                          reference, note));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/filing", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string reference, RequireString(body, "reference", "立案编号"));
          ASSIGN_OR_RETURN(std::string note, OptionalText(body, "note", "说明"));
          ASSIGN_OR_RETURN(auto v,
                           c.platform.follow_ups().RecordFiling(c.principal, id, reference, note));
          return Response::Json(200, CaseJson(v));
        });
  r.Add("POST", "/api/v1/follow-ups/:id/close", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, CaseId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string note, RequireString(body, "note", "办结说明"));
          ASSIGN_OR_RETURN(auto v, c.platform.follow_ups().Close(c.principal, id, note));
          return Response::Json(200, CaseJson(v));
        });
}

}  // namespace suiji::api
