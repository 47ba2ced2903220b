// 一单 and 一细则 (SPEC §ITEM, §RULE) and the dictionaries (§ENUM).
#include "api/register_json.h"
#include "api/routes.h"

namespace suiji::api {
namespace {

StatusOr<int> VersionParam(const Call& c, std::string_view name, std::string_view label) {
  ASSIGN_OR_RETURN(int64_t v, ParseId(c.request.Param(name), label));
  return static_cast<int>(v);
}

StatusOr<std::optional<int>> BaseVersion(const Json& body) {
  ASSIGN_OR_RETURN(auto v, OptionalInt(body, "base_version", "基于的版本"));
  if (!v) return std::optional<int>();
  return std::optional<int>(static_cast<int>(*v));
}

StatusOr<std::pair<int, int>> DiffRange(const Call& c) {
  ASSIGN_OR_RETURN(auto from, QueryInt(c.request, "from"));
  ASSIGN_OR_RETURN(auto to, QueryInt(c.request, "to"));
  if (!from || !to) return InvalidArgument("QUERY_INVALID", "请用 from 和 to 指定要比较的两个版本");
  return std::make_pair(static_cast<int>(*from), static_cast<int>(*to));
}

// An item as the public sees it: its newest published version, without who wrote or published it.
Json PublicItemJson(const service::PublicItem& p, const service::OrgSnapshot& snap) {
  return {{"id", p.head.id},
          {"department_id", p.head.department_id},
          {"department_name", ItemHeadJson(p.head, snap)["department_name"]},
          {"code", p.head.code},
          {"name", p.published.item.name},
          {"category", p.published.item.category},
          {"level", p.published.item.level},
          {"life_safety", p.published.item.life_safety},
          {"active", p.published.item.active},
          {"published_version", p.published.version},
          {"published_at", p.published.published_at ? Json(*p.published.published_at) : Json()},
          {"item", registers::ItemToJson(p.published.item)}};
}

Json PublicItemVersionJson(const registers::ItemVersion& v) {
  return {{"version", v.version},
          {"published_at", v.published_at ? Json(*v.published_at) : Json()},
          {"item", registers::ItemToJson(v.item)}};
}

}  // namespace

void AddItemRoutes(Router& r, const ApiOptions&) {
  const Access read = Access::Requires(Permission::kRegisterRead);
  const Access write = Access::Requires(Permission::kRegisterWrite);
  const Access approve = Access::Requires(Permission::kPlanApprove);

  // --- dictionaries ------------------------------------------------------------------------
  r.Add("GET", "/api/v1/dictionaries", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto set, c.platform.registers().dictionaries().Current());
    Json items = Json::array();
    for (const auto* d : set->All()) items.push_back(registers::DictionaryToJson(*d));
    return Response::Json(200, {{"items", items}});
  });
  r.Add("GET", "/api/v1/dictionaries/:name", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto set, c.platform.registers().dictionaries().Current());
    const registers::Dictionary* d = set->Find(c.request.Param("name"));
    if (!d) return NotFound("DICTIONARY_NOT_FOUND", "字典不存在：" + c.request.Param("name"));
    return Response::Json(200, registers::DictionaryToJson(*d));
  });
  r.Add("PUT", "/api/v1/dictionaries/:name", Access::Requires(Permission::kOrgAdmin),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          body["name"] = c.request.Param("name");
          ASSIGN_OR_RETURN(registers::Dictionary d, registers::DictionaryFromJson(body));
          ASSIGN_OR_RETURN(d, c.platform.registers().dictionaries().Configure(c.principal, d));
          return Response::Json(200, registers::DictionaryToJson(d));
        });

  // --- 一单 ---------------------------------------------------------------------------------
  r.Add("GET", "/api/v1/items", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Paging p, ParsePaging(c.request));
    service::ItemSearch q;
    ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
    if (dept) q.department_ids = {*dept};
    q.text = c.request.Query("q").value_or("");
    q.category = c.request.Query("category").value_or("");
    ASSIGN_OR_RETURN(q.active, QueryBool(c.request, "active"));
    ASSIGN_OR_RETURN(q.published, QueryBool(c.request, "published"));
    q.offset = p.offset();
    q.limit = p.page_size;
    ASSIGN_OR_RETURN(auto page, c.platform.registers().items().List(c.principal, q));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    Json items = Json::array();
    for (const auto& h : page.first) items.push_back(ItemHeadJson(h, *snap));
    return Response::Json(200, PageJson(items, page.second, p.page, p.page_size));
  });
  r.Add("POST", "/api/v1/items", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::InspectionItem item, registers::ItemFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto view, c.platform.registers().items().Create(c.principal, item, note));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(201, ItemViewJson(view, *snap));
  });
  r.Add("GET", "/api/v1/items/:id", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
    ASSIGN_OR_RETURN(auto view, c.platform.registers().items().Get(c.principal, id));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, ItemViewJson(view, *snap));
  });
  r.Add("PUT", "/api/v1/items/:id", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::InspectionItem item, registers::ItemFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto base, BaseVersion(body));
    ASSIGN_OR_RETURN(auto view,
                     c.platform.registers().items().Update(c.principal, id, item, note, base));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, ItemViewJson(view, *snap));
  });
  r.Add("POST", "/api/v1/items/:id/deactivate", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(std::string reason, NoteOf(body, "reason"));
    ASSIGN_OR_RETURN(auto view, c.platform.registers().items().Deactivate(c.principal, id, reason));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    return Response::Json(200, ItemViewJson(view, *snap));
  });
  r.Add("GET", "/api/v1/items/:id/versions", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
    ASSIGN_OR_RETURN(auto versions, c.platform.registers().items().Versions(c.principal, id));
    Json items = Json::array();
    for (const auto& v : versions) items.push_back(ItemVersionJson(v));
    return Response::Json(200, {{"items", items}});
  });
  r.Add("GET", "/api/v1/items/:id/versions/:version", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
    ASSIGN_OR_RETURN(int version, VersionParam(c, "version", "版本"));
    ASSIGN_OR_RETURN(auto v, c.platform.registers().items().Version(c.principal, id, version));
    return Response::Json(200, ItemVersionJson(v));
  });
  r.Add("POST", "/api/v1/items/:id/versions/:version/publish", approve,
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
          ASSIGN_OR_RETURN(int version, VersionParam(c, "version", "版本"));
          ASSIGN_OR_RETURN(auto view,
                           c.platform.registers().items().Publish(c.principal, id, version));
          ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
          return Response::Json(200, ItemViewJson(view, *snap));
        });
  r.Add("GET", "/api/v1/items/:id/diff", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
    ASSIGN_OR_RETURN(auto range, DiffRange(c));
    ASSIGN_OR_RETURN(auto changes, c.platform.registers().items().Diff(c.principal, id, range.first,
                                                                       range.second));
    return Response::Json(200, ChangesResponse(range.first, range.second, changes));
  });

  // --- 抽查事项清单 on the portal (no login): published versions only --------------------------
  r.Add("GET", "/api/v1/public/items", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Paging p, ParsePaging(c.request));
    service::ItemSearch q;
    ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
    if (dept) q.department_ids = {*dept};
    q.text = c.request.Query("q").value_or("");
    q.category = c.request.Query("category").value_or("");
    q.offset = p.offset();
    q.limit = p.page_size;
    ASSIGN_OR_RETURN(auto page, c.platform.registers().items().PublicList(q));
    ASSIGN_OR_RETURN(auto snap, c.platform.org().Snapshot());
    Json items = Json::array();
    for (const auto& it : page.first) items.push_back(PublicItemJson(it, *snap));
    return Response::Json(200, PageJson(items, page.second, p.page, p.page_size));
  });
  r.Add("GET", "/api/v1/public/items/:id/versions", Access::Public(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
          ASSIGN_OR_RETURN(auto versions, c.platform.registers().items().PublicVersions(id));
          Json items = Json::array();
          for (const auto& v : versions) items.push_back(PublicItemVersionJson(v));
          return Response::Json(200, {{"items", items}});
        });
  r.Add(
      "GET", "/api/v1/public/items/:id/diff", Access::Public(), [](Call& c) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "事项"));
        ASSIGN_OR_RETURN(auto range, DiffRange(c));
        ASSIGN_OR_RETURN(auto changes,
                         c.platform.registers().items().PublicDiff(id, range.first, range.second));
        return Response::Json(200, ChangesResponse(range.first, range.second, changes));
      });

  // --- 一细则 -------------------------------------------------------------------------------
  r.Add("GET", "/api/v1/departments/:id/rules", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "部门"));
    ASSIGN_OR_RETURN(auto view, c.platform.registers().rules().Get(c.principal, id));
    return Response::Json(200, RulesViewJson(view));
  });
  r.Add("PUT", "/api/v1/departments/:id/rules", write, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "部门"));
    ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
    ASSIGN_OR_RETURN(registers::DepartmentRules rules, registers::RulesFromJson(body));
    ASSIGN_OR_RETURN(std::string note, NoteOf(body));
    ASSIGN_OR_RETURN(auto base, BaseVersion(body));
    ASSIGN_OR_RETURN(auto view,
                     c.platform.registers().rules().Save(c.principal, id, rules, note, base));
    return Response::Json(200, RulesViewJson(view));
  });
  r.Add("GET", "/api/v1/departments/:id/rules/versions", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "部门"));
    ASSIGN_OR_RETURN(auto versions, c.platform.registers().rules().Versions(c.principal, id));
    Json items = Json::array();
    for (const auto& v : versions) items.push_back(RulesVersionJson(v));
    return Response::Json(200, {{"items", items}});
  });
  r.Add("GET", "/api/v1/departments/:id/rules/versions/:version", read,
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "部门"));
          ASSIGN_OR_RETURN(int version, VersionParam(c, "version", "版本"));
          ASSIGN_OR_RETURN(auto v,
                           c.platform.registers().rules().Version(c.principal, id, version));
          return Response::Json(200, RulesVersionJson(v));
        });
  r.Add("POST", "/api/v1/departments/:id/rules/versions/:version/publish", approve,
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "部门"));
          ASSIGN_OR_RETURN(int version, VersionParam(c, "version", "版本"));
          ASSIGN_OR_RETURN(auto view,
                           c.platform.registers().rules().Publish(c.principal, id, version));
          return Response::Json(200, RulesViewJson(view));
        });
  r.Add("GET", "/api/v1/departments/:id/rules/diff", read, [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "部门"));
    ASSIGN_OR_RETURN(auto range, DiffRange(c));
    ASSIGN_OR_RETURN(auto changes, c.platform.registers().rules().Diff(c.principal, id, range.first,
                                                                       range.second));
    return Response::Json(200, ChangesResponse(range.first, range.second, changes));
  });
}

}  // namespace suiji::api
