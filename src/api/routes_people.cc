// 执法检查人员名录库, 专家名录库 and 回避 (SPEC §DIR), and inspector eligibility (§DRAW).
#include "api/register_json.h"
#include "api/routes.h"
#include "core/registers/people.h"

namespace suiji::api {
namespace {

StatusOr<registers::EligibilityRequest> EligibilityFrom(const Json& body, Date today) {
  registers::EligibilityRequest req;
  ASSIGN_OR_RETURN(auto from, OptionalString(body, "from", "检查开始日期"));
  ASSIGN_OR_RETURN(auto to, OptionalString(body, "to", "检查结束日期"));
  auto parse = [](const std::optional<std::string>& s, Date fallback,
                  const char* label) -> StatusOr<Date> {
    if (!s) return fallback;
    auto d = Date::Parse(*s);
    if (!d)
      return InvalidArgument("FIELD_INVALID", std::string("字段“") + label + "”应为 YYYY-MM-DD");
    return *d;
  };
  ASSIGN_OR_RETURN(req.from, parse(from, today, "检查开始日期"));
  ASSIGN_OR_RETURN(req.to, parse(to, req.from, "检查结束日期"));
  auto strings = [&](const char* key, std::vector<std::string>& out) -> Status {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return OkStatus();
    if (!it->is_array())
      return InvalidArgument("FIELD_INVALID", std::string("字段 ") + key + " 应为文本数组");
    for (const auto& e : *it) {
      if (!e.is_string())
        return InvalidArgument("FIELD_INVALID", std::string("字段 ") + key + " 应为文本数组");
      out.push_back(e.get<std::string>());
    }
    return OkStatus();
  };
  auto ints = [&](const char* key, std::vector<int64_t>& out) -> Status {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return OkStatus();
    if (!it->is_array())
      return InvalidArgument("FIELD_INVALID", std::string("字段 ") + key + " 应为整数数组");
    for (const auto& e : *it) {
      if (!e.is_number_integer())
        return InvalidArgument("FIELD_INVALID", std::string("字段 ") + key + " 应为整数数组");
      out.push_back(e.get<int64_t>());
    }
    return OkStatus();
  };
  RETURN_IF_ERROR(strings("qualifications", req.required_qualifications));
  RETURN_IF_ERROR(strings("item_codes", req.item_codes));
  RETURN_IF_ERROR(ints("target_ids", req.target_ids));
  if (body.contains("unit_ids") && !body["unit_ids"].is_null()) {
    std::vector<int64_t> units;
    RETURN_IF_ERROR(ints("unit_ids", units));
    req.allowed_units = std::move(units);
  }
  return req;
}

}  // namespace

void AddPeopleRoutes(Router& r, const ApiOptions&) {
  const Access read = Access::Requires(Permission::kRegisterRead);
  const Access write = Access::Requires(Permission::kRegisterWrite);

  // --- 执法检查人员 ----------------------------------------------------------------------------
  r.Add("GET", "/api/v1/inspectors", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Paging p, ParsePaging(c.request));
    service::InspectorSearch q;
    ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
    if (dept) q.department_ids = {*dept};
    ASSIGN_OR_RETURN(auto unit, QueryId(c.request, "unit_id"));
    if (unit) q.unit_ids = {*unit};
    q.text = c.request.Query("q").value_or("");
    q.status = c.request.Query("status").value_or("");
    q.qualification = c.request.Query("qualification").value_or("");
    q.offset = p.offset();
    q.limit = p.page_size;
    ASSIGN_OR_RETURN(auto page, c.platform.registers().inspectors().List(c.principal, q));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    Json items = Json::array();
    for (const auto& i : page.first) items.push_back(InspectorJson(i, *snap));
    return Response::Json(200, PageJson(items, page.second, p.page, p.page_size));
  });
  r.Add("POST", "/api/v1/inspectors", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::Inspector i, registers::InspectorFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored, c.platform.registers().inspectors().Create(c.principal, i, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(201, InspectorJson(stored, *snap));
  });
  r.Add("GET", "/api/v1/inspectors/:id", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "执法检查人员"));
    ASSIGN_OR_RETURN(auto i, c.platform.registers().inspectors().Get(c.principal, id));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, InspectorJson(i, *snap));
  });
  r.Add("PUT", "/api/v1/inspectors/:id", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "执法检查人员"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::Inspector i, registers::InspectorFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().inspectors().Update(c.principal, id, i, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, InspectorJson(stored, *snap));
  });
  r.Add("POST", "/api/v1/inspectors/:id/deactivate", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "执法检查人员"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string reason, NoteOf(body, "reason"));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().inspectors().Deactivate(c.principal, id, reason));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, InspectorJson(stored, *snap));
  });
  r.Add("POST", "/api/v1/inspectors/:id/reactivate", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "执法检查人员"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().inspectors().Reactivate(c.principal, id, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, InspectorJson(stored, *snap));
  });
  r.Add("GET", "/api/v1/inspectors/:id/history", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "执法检查人员"));
    ASSIGN_OR_RETURN(auto entries, c.platform.registers().inspectors().History(c.principal, id));
    return Response::Json(200, HistoryJson(entries, registers::InspectorFieldInfos()));
  });
  // The full 身份证号: kSensitiveRead and a reason, both recorded (history + audit).
  r.Add("POST", "/api/v1/inspectors/:id/citizen-id", Access::Requires(Permission::kSensitiveRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "执法检查人员"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string reason, NoteOf(body, "reason"));
          ASSIGN_OR_RETURN(std::string plain, c.platform.registers().inspectors().RevealCitizenId(
                                                  c.principal, id, reason));
          Response resp = Response::Json(200, {{"citizen_id", plain}});
          resp.SetHeader("Cache-Control", "no-store");
          return resp;
        });
  r.Add("POST", "/api/v1/inspectors/:id/eligibility", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "执法检查人员"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(auto req, EligibilityFrom(body, ChinaDate(c.platform.clock().Now())));
    ASSIGN_OR_RETURN(auto result,
                     c.platform.registers().inspectors().Eligibility(c.principal, id, req));
    return Response::Json(200, registers::EligibilityToJson(result));
  });
  r.Add("GET", "/api/v1/me/inspector", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(
        auto i, c.platform.registers().inspectors().GetByUser(c.principal, c.principal.user_id));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, InspectorJson(i, *snap));
  });

  // --- 专家 ---------------------------------------------------------------------------------
  r.Add("GET", "/api/v1/experts", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Paging p, ParsePaging(c.request));
    service::ExpertSearch q;
    ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
    if (dept) q.department_ids = {*dept};
    q.text = c.request.Query("q").value_or("");
    ASSIGN_OR_RETURN(q.active, QueryBool(c.request, "active"));
    q.offset = p.offset();
    q.limit = p.page_size;
    ASSIGN_OR_RETURN(auto page, c.platform.registers().experts().List(c.principal, q));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    Json items = Json::array();
    for (const auto& e : page.first) items.push_back(ExpertJson(e, *snap));
    return Response::Json(200, PageJson(items, page.second, p.page, p.page_size));
  });
  r.Add("POST", "/api/v1/experts", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::Expert e, registers::ExpertFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored, c.platform.registers().experts().Create(c.principal, e, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(201, ExpertJson(stored, *snap));
  });
  r.Add("GET", "/api/v1/experts/:id", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "专家"));
    ASSIGN_OR_RETURN(auto e, c.platform.registers().experts().Get(c.principal, id));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, ExpertJson(e, *snap));
  });
  r.Add("PUT", "/api/v1/experts/:id", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "专家"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::Expert e, registers::ExpertFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().experts().Update(c.principal, id, e, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, ExpertJson(stored, *snap));
  });
  r.Add("POST", "/api/v1/experts/:id/deactivate", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "专家"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string reason, NoteOf(body, "reason"));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().experts().Deactivate(c.principal, id, reason));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, ExpertJson(stored, *snap));
  });
  r.Add("GET", "/api/v1/experts/:id/history", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "专家"));
    ASSIGN_OR_RETURN(auto entries, c.platform.registers().experts().History(c.principal, id));
    return Response::Json(200, HistoryJson(entries, registers::ExpertFieldInfos()));
  });

  // --- 回避 ---------------------------------------------------------------------------------
  r.Add("GET", "/api/v1/conflicts", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Paging p, ParsePaging(c.request));
    service::ConflictSearch q;
    ASSIGN_OR_RETURN(auto inspector, QueryId(c.request, "inspector_id"));
    if (inspector) q.inspector_ids = {*inspector};
    ASSIGN_OR_RETURN(auto target, QueryId(c.request, "target_id"));
    if (target) q.target_ids = {*target};
    ASSIGN_OR_RETURN(q.active, QueryBool(c.request, "active"));
    q.offset = p.offset();
    q.limit = p.page_size;
    ASSIGN_OR_RETURN(auto page, c.platform.registers().conflicts().List(c.principal, q));
    Json items = Json::array();
    for (const auto& x : page.first) items.push_back(ConflictJson(x));
    return Response::Json(200, PageJson(items, page.second, p.page, p.page_size));
  });
  r.Add("POST", "/api/v1/conflicts", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::ConflictOfInterest x, registers::ConflictFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored, c.platform.registers().conflicts().Create(c.principal, x, note));
    return Response::Json(201, ConflictJson(stored));
  });
  r.Add("GET", "/api/v1/conflicts/:id", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "回避关系"));
    ASSIGN_OR_RETURN(auto x, c.platform.registers().conflicts().Get(c.principal, id));
    return Response::Json(200, ConflictJson(x));
  });
  r.Add("PUT", "/api/v1/conflicts/:id", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "回避关系"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::ConflictOfInterest x, registers::ConflictFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().conflicts().Update(c.principal, id, x, note));
    return Response::Json(200, ConflictJson(stored));
  });
  r.Add("POST", "/api/v1/conflicts/:id/deactivate", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "回避关系"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string reason, NoteOf(body, "reason"));
    ASSIGN_OR_RETURN(auto stored,
                     c.platform.registers().conflicts().Deactivate(c.principal, id, reason));
    return Response::Json(200, ConflictJson(stored));
  });
  r.Add("GET", "/api/v1/conflicts/:id/history", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "回避关系"));
    ASSIGN_OR_RETURN(auto entries, c.platform.registers().conflicts().History(c.principal, id));
    return Response::Json(200, HistoryJson(entries, registers::ConflictFieldInfos()));
  });
}

}  // namespace suiji::api
