// 检查对象名录库 (SPEC §DIR): search with paging, records, history, filter descriptions.
#include "api/register_json.h"
#include "api/routes.h"
#include "core/registers/target_filter.h"

namespace suiji::api {
namespace {

// The filter from query parameters: name, key, type, region, unit_id, industry, risk, tag,
// directory, status (lists comma-separated), surviving, abnormal, serious, include_removed.
StatusOr<registers::TargetFilter> FilterFromQuery(const Request& req) {
  registers::TargetFilter f;
  f.name_contains = req.Query("name").value_or("");
  f.keys = QueryList(req, "key");
  f.types = QueryList(req, "type");
  f.region_prefixes = QueryList(req, "region");
  ASSIGN_OR_RETURN(f.unit_ids, QueryIds(req, "unit_id"));
  f.industries = QueryList(req, "industry");
  f.risk_classes = QueryList(req, "risk");
  f.tags = QueryList(req, "tag");
  f.directories = QueryList(req, "directory");
  f.reg_statuses = QueryList(req, "status");
  ASSIGN_OR_RETURN(f.surviving, QueryBool(req, "surviving"));
  ASSIGN_OR_RETURN(f.abnormal, QueryBool(req, "abnormal"));
  ASSIGN_OR_RETURN(f.serious_violation, QueryBool(req, "serious"));
  ASSIGN_OR_RETURN(auto removed, QueryBool(req, "include_removed"));
  f.include_removed = removed.value_or(false);
  return f;
}

StatusOr<Response> SearchResponse(Call& c, const service::TargetSearch& search) {
  ASSIGN_OR_RETURN(auto result, c.platform.registers().targets().Search(c.principal, search));
  ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
  Json items = Json::array();
  for (const auto& t : result.targets) items.push_back(TargetJson(t, *snap));
  Json j = PageJson(items, result.total, search.page, search.page_size);
  j["description"] = result.description;
  j["filter"] = registers::TargetFilterToJson(search.filter);
  return Response::Json(200, j);
}

StatusOr<registers::Target> TargetBody(const Json& body) {
  auto it = body.find("target");
  return registers::TargetFromJson(it != body.end() ? *it : body);
}

}  // namespace

void AddTargetRoutes(Router& r, const ApiOptions&) {
  const Access read = Access::Requires(Permission::kRegisterRead);
  const Access write = Access::Requires(Permission::kRegisterWrite);

  r.Add("GET", "/api/v1/targets", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Paging p, ParsePaging(c.request));
    service::TargetSearch s;
    ASSIGN_OR_RETURN(s.filter, FilterFromQuery(c.request));
    ASSIGN_OR_RETURN(s.as_of, QueryDate(c.request, "as_of"));
    s.page = p.page;
    s.page_size = p.page_size;
    return SearchResponse(c, s);
  });
  // The same with a stored filter in its JSON form (plans and tasks save filters that way).
  r.Add("POST", "/api/v1/targets/search", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    service::TargetSearch s;
    if (auto it = body.find("filter"); it != body.end() && !it->is_null()) {
      ASSIGN_OR_RETURN(s.filter, registers::TargetFilterFromJson(*it));
    }
    ASSIGN_OR_RETURN(auto as_of, OptionalString(body, "as_of", "日期"));
    if (as_of) {
      s.as_of = Date::Parse(*as_of);
      if (!s.as_of) return InvalidArgument("FIELD_INVALID", "字段“日期”应为 YYYY-MM-DD");
    }
    ASSIGN_OR_RETURN(auto page, OptionalInt(body, "page", "页码"));
    ASSIGN_OR_RETURN(auto size, OptionalInt(body, "page_size", "每页条数"));
    s.page = page.value_or(1);
    s.page_size = size.value_or(50);
    return SearchResponse(c, s);
  });
  r.Add("POST", "/api/v1/targets/describe", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    auto it = body.find("filter");
    ASSIGN_OR_RETURN(auto filter,
                     registers::TargetFilterFromJson(it != body.end() ? *it : Json{{"v", 1}}));
    service::TargetService& targets = c.platform.registers().targets();
    ASSIGN_OR_RETURN(std::string description, targets.Describe(filter));
    service::TargetSearch s;
    s.filter = filter;
    s.page_size = 1;
    ASSIGN_OR_RETURN(auto result, targets.Search(c.principal, s));
    return Response::Json(200, {{"filter", registers::TargetFilterToJson(filter)},
                                {"description", description},
                                {"count", result.total}});
  });
  r.Add("POST", "/api/v1/targets", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::Target t, TargetBody(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored, c.platform.registers().targets().Create(c.principal, t, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(201, TargetJson(stored, *snap));
  });
  r.Add("GET", "/api/v1/targets/by-key/:key", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(
        auto t, c.platform.registers().targets().GetByKey(c.principal, c.request.Param("key")));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, TargetJson(t, *snap));
  });
  r.Add("GET", "/api/v1/targets/:id", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "检查对象"));
    ASSIGN_OR_RETURN(auto t, c.platform.registers().targets().Get(c.principal, id));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, TargetJson(t, *snap));
  });
  r.Add("PUT", "/api/v1/targets/:id", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "检查对象"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::Target t, TargetBody(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().targets().Update(c.principal, id, t, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, TargetJson(stored, *snap));
  });
  r.Add("POST", "/api/v1/targets/:id/remove", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "检查对象"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string reason, NoteOf(body, "reason"));
    ASSIGN_OR_RETURN(auto stored, c.platform.registers().targets().Remove(c.principal, id, reason));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, TargetJson(stored, *snap));
  });
  r.Add("POST", "/api/v1/targets/:id/restore", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "检查对象"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored, c.platform.registers().targets().Restore(c.principal, id, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, TargetJson(stored, *snap));
  });
  r.Add("GET", "/api/v1/targets/:id/history", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "检查对象"));
    ASSIGN_OR_RETURN(auto entries, c.platform.registers().targets().History(c.principal, id));
    return Response::Json(200, HistoryJson(entries, registers::TargetFieldInfos()));
  });
}

}  // namespace suiji::api
