// Credit linkage (SPEC §CREDIT; issue 13): 经营异常名录 / 严重违法失信名单 proposals with their
// working-day deadlines and decisions, a target's credit record, and the decisions' export.

#include "api/json_util.h"
#include "api/register_json.h"
#include "api/routes.h"
#include "tabular/writer.h"

namespace suiji::api {
namespace {

Json ProposalJson(const service::CreditProposalView& v) {
  return {{"id", v.id},
          {"list", std::string(credit::ListKindName(v.list_kind))},
          {"list_name", std::string(credit::ListKindDisplay(v.list_kind))},
          {"target_id", v.target_id},
          {"target_name", v.target_name},
          {"target_key", v.target_key},
          {"department_id", v.department_id},
          {"department_name", v.department_name},
          {"publication_no", v.publication_no},
          {"reason", v.reason},
          {"found_on", v.found_on.ToString()},
          {"proposed_on", v.proposed_on.ToString()},
          {"due_on", v.due_on.ToString()},
          {"due_exact", v.due_exact},
          {"status", std::string(credit::ProposalStatusName(v.status))},
          {"status_name", std::string(credit::ProposalStatusDisplay(v.status))},
          {"overdue", v.overdue},
          {"working_days_left",
           v.status == credit::ProposalStatus::kPending ? Json(v.working_days_left) : Json()},
          {"decided_by", v.decided_by},
          {"decided_at", v.decided_at ? Json(*v.decided_at) : Json()},
          {"decision_reason", v.decision_reason}};
}

StatusOr<std::optional<credit::ListKind>> ListKindQuery(const Request& req) {
  const auto text = req.Query("list");
  if (!text || text->empty()) return std::optional<credit::ListKind>();
  auto kind = credit::ParseListKind(*text);
  if (!kind)
    return InvalidArgument("FIELD_INVALID",
                           "list 应为 abnormal（经营异常名录）或 serious（严重违法失信名单）");
  return std::optional<credit::ListKind>(*kind);
}

StatusOr<Response> DecisionsFile(Call& c, tabular::Format format) {
  ASSIGN_OR_RETURN(auto kind, ListKindQuery(c.request));
  ASSIGN_OR_RETURN(auto since, QueryDate(c.request, "since"));
  ASSIGN_OR_RETURN(auto table, c.platform.credit().DecisionTable(c.principal, kind,
                                                                 since.value_or(Date{2000, 1, 1})));
  const std::string name =
      kind ? std::string(credit::ListKindDisplay(*kind)) + "决定" : std::string("信用名录决定");
  ASSIGN_OR_RETURN(std::string bytes, tabular::WriteTableToBytes(format, name, table));
  return FileResponse(std::move(bytes), format, name, "credit-decisions");
}

// 互认共享 results for the credit platforms (issue 13 "Exports").
StatusOr<Response> CreditResultsFile(Call& c, tabular::Format format) {
  ASSIGN_OR_RETURN(auto since, QueryDate(c.request, "since"));
  ASSIGN_OR_RETURN(auto table, c.platform.credit().CreditResultTable(
                                   c.principal, since.value_or(Date{2000, 1, 1})));
  ASSIGN_OR_RETURN(std::string bytes, tabular::WriteTableToBytes(format, "抽查检查结果", table));
  return FileResponse(std::move(bytes), format, "信用平台抽查检查结果", "credit-results");
}

}  // namespace

void AddCreditRoutes(Router& r, const ApiOptions& /*options*/) {
  r.Add("GET", "/api/v1/credit/proposals", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          service::CreditService::ProposalFilter f;
          ASSIGN_OR_RETURN(f.department_id, QueryId(c.request, "department_id"));
          ASSIGN_OR_RETURN(f.list_kind, ListKindQuery(c.request));
          if (auto s = c.request.Query("status"); s && !s->empty()) {
            f.status = credit::ParseProposalStatus(*s);
            if (!f.status)
              return InvalidArgument("FIELD_INVALID",
                                     "status 应为 pending（待决定）、approved（已列入）或 "
                                     "rejected（不予列入）");
          }
          ASSIGN_OR_RETURN(auto overdue, QueryBool(c.request, "overdue"));
          f.overdue_only = overdue.value_or(false);
          ASSIGN_OR_RETURN(auto list, c.platform.credit().Proposals(c.principal, f));
          Json items = Json::array();
          for (const auto& v : list.items) items.push_back(ProposalJson(v));
          return Response::Json(200, {{"today", list.today.ToString()}, {"items", items}});
        });
  r.Add("GET", "/api/v1/credit/proposals/:id", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "列入名录建议"));
          ASSIGN_OR_RETURN(auto v, c.platform.credit().Proposal(c.principal, id));
          return Response::Json(200, ProposalJson(v));
        });
  r.Add("POST", "/api/v1/credit/proposals/:id/decide", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "列入名录建议"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string decision, RequireString(body, "decision", "决定"));
          if (decision != "approve" && decision != "reject")
            return InvalidArgument("FIELD_INVALID",
                                   "决定应为 approve（列入）或 reject（不予列入）");
          ASSIGN_OR_RETURN(std::string reason, NoteOf(body, "reason"));
          ASSIGN_OR_RETURN(
              auto v, c.platform.credit().Decide(c.principal, id, decision == "approve", reason));
          return Response::Json(200, ProposalJson(v));
        });
  r.Add("GET", "/api/v1/credit/decisions.csv", Access::Authenticated(),
        [](Call& c) { return DecisionsFile(c, tabular::Format::kCsv); });
  r.Add("GET", "/api/v1/credit/decisions.xlsx", Access::Authenticated(),
        [](Call& c) { return DecisionsFile(c, tabular::Format::kXlsx); });

  r.Add("GET", "/api/v1/credit/results.csv", Access::Requires(Permission::kRegisterRead),
        [](Call& c) { return CreditResultsFile(c, tabular::Format::kCsv); });
  r.Add("GET", "/api/v1/credit/results.xlsx", Access::Requires(Permission::kRegisterRead),
        [](Call& c) { return CreditResultsFile(c, tabular::Format::kXlsx); });

  r.Add("GET", "/api/v1/targets/:id/credit", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "检查对象"));
          ASSIGN_OR_RETURN(auto rec, c.platform.credit().RecordOf(c.principal, id));
          Json events = Json::array();
          for (const auto& e : rec.events)
            events.push_back({{"id", e.id},
                              {"kind", e.kind},
                              {"kind_name", e.kind_name},
                              {"date", e.event_on.ToString()},
                              {"department_id", e.department_id ? Json(*e.department_id) : Json()},
                              {"department_name", e.department_name},
                              {"summary", e.summary},
                              {"publication_no", e.publication_no},
                              {"proposal_id", e.proposal_id ? Json(*e.proposal_id) : Json()}});
          Json proposals = Json::array();
          for (const auto& p : rec.proposals) proposals.push_back(ProposalJson(p));
          Json results = Json::array();
          for (const auto& x : rec.results)
            results.push_back(
                {{"department_id", x.department_id},
                 {"department_name", x.department_name},
                 {"completed_on", x.completed_on.ToString()},
                 {"result", x.result},
                 {"remark", x.remark},
                 {"source", x.source},
                 {"publication_no", x.publication_no},
                 {"published_on", x.published_on ? Json(x.published_on->ToString()) : Json()}});
          return Response::Json(
              200, {{"target_id", rec.target_id},
                    {"target_name", rec.target_name},
                    {"target_key", rec.target_key},
                    {"risk_class", rec.risk_class},
                    {"risk_as_of", rec.risk_as_of ? Json(rec.risk_as_of->ToString()) : Json()},
                    {"abnormal", rec.abnormal},
                    {"serious_violation", rec.serious_violation},
                    {"events", events},
                    {"proposals", proposals},
                    {"results", results}});
        });
}

}  // namespace suiji::api
