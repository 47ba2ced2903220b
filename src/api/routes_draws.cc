// Draws (DRAW-SPEC, SPEC §DRAW): commit, witnesses, source values, reveal, replacements,
// bundles. The task ceremony creates draws through the same service.
#include "api/json_util.h"
#include "api/register_json.h"
#include "api/routes.h"
#include "core/draw/bundle.h"
#include "core/draw/draw_state.h"

namespace suiji::api {
namespace {

// A bundle and its text writer, kept alive by the response's body stream.
struct BundleStream {
  explicit BundleStream(draw::Bundle b) : bundle(std::move(b)), writer(bundle) {}
  draw::Bundle bundle;
  draw::BundleTextWriter writer;
};

Json DrawJson(const service::DrawView& v) {
  const auto& d = v.row;
  Json sources = Json::array();
  for (size_t i = 0; i < v.source_names.size(); ++i)
    sources.push_back({{"position", i},
                       {"name", v.source_names[i]},
                       {"value", v.source_values[i] ? Json(*v.source_values[i]) : Json()}});
  Json witnesses = Json::array();
  for (const auto& w : v.witnesses)
    witnesses.push_back({{"seq", w.seq},
                         {"name", w.name},
                         {"organisation", w.organisation},
                         {"recorded_at", w.recorded_at}});
  Json replacements = Json::array();
  for (const auto& r : v.replacements)
    replacements.push_back({{"seq", r.seq},
                            {"task", r.task ? Json(*r.task) : Json()},
                            {"out", r.out_id},
                            {"in", r.in_id ? Json(*r.in_id) : Json()},
                            {"reason", r.reason},
                            {"note", r.note},
                            {"status", draw::ReplacementStatusName(r.status)},
                            {"requested_at", r.requested_at},
                            {"decided_at", r.decided_at ? Json(*r.decided_at) : Json()},
                            {"decision_note", r.decision_note ? Json(*r.decision_note) : Json()}});
  Json j = {{"draw_no", d.draw_no},
            {"kind", draw::DrawKindName(d.kind)},
            {"title", d.title},
            {"department_id", d.department_id},
            {"department_name", v.department_name},
            {"status", draw::DrawStatusName(d.status)},
            {"confidential", d.confidential},
            {"published", d.published},
            {"committed_at", d.committed_at},
            {"revealed_at", d.revealed_at ? Json(*d.revealed_at) : Json()},
            {"pool_size", d.pool_size},
            {"spec", d.spec},
            {"sources", sources},
            {"witnesses", witnesses},
            {"commitment",
             {{"plan_hash", d.plan_hash},
              {d.kind == draw::DrawKind::kTargets ? "pool_root" : "elig_root", d.root},
              {"commit", d.commit_hash},
              {"sources_decl", d.sources_decl}}},
            {"result_hash", d.result_hash ? Json(*d.result_hash) : Json()},
            {"replacements", replacements}};
  if (d.parent_draw_id) j["parent_draw_id"] = *d.parent_draw_id;
  return j;
}

// A draw as the public may see it (service::PublicAccess): the commitment always; the ceremony
// so far (spec, pool size, witnesses, entered values) unless confidential; result_hash once
// revealed; replacements only in the full record. `visibility` and `notice` say which.
Json PublicDrawJson(const service::PublicDraw& p) {
  Json j = DrawJson(p.view);
  const auto& d = p.view.row;
  const Status hidden = service::PublicRecordStatus(d);
  switch (p.access) {
    case service::PublicAccess::kFull: j["visibility"] = "full"; return j;
    case service::PublicAccess::kCommitment: j["visibility"] = "commitment"; break;
    case service::PublicAccess::kConfidential:
      j["visibility"] = "confidential";
      j.erase("spec");
      j.erase("pool_size");
      j.erase("witnesses");
      for (Json& s : j["sources"]) s.erase("value");
      break;
  }
  j.erase("replacements");
  j["notice"] = {{"code", std::string(hidden.reason())},
                 {"message", std::string(hidden.message())}};
  return j;
}

StatusOr<std::vector<std::string>> StringList(const Json& body, std::string_view key,
                                              std::string_view label) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array())
    return InvalidArgument("FIELD_INVALID", "字段“" + std::string(label) + "”应为文本数组");
  for (const Json& v : *it) {
    if (!v.is_string())
      return InvalidArgument("FIELD_INVALID", "字段“" + std::string(label) + "”应为文本数组");
    out.push_back(v.get<std::string>());
  }
  return out;
}

// Parses a JSON draw request in the bundle's own field names (DRAW-SPEC §7).
StatusOr<Response> CreateDraw(Call& c) {
  ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
  ASSIGN_OR_RETURN(std::string kind, RequireString(body, "kind", "抽取类型"));
  ASSIGN_OR_RETURN(std::string title, RequireString(body, "title", "抽取名称"));
  ASSIGN_OR_RETURN(int64_t department_id, RequireInt(body, "department_id", "部门"));
  ASSIGN_OR_RETURN(auto sources, StringList(body, "sources", "随机数来源"));
  ASSIGN_OR_RETURN(bool confidential, OptionalBool(body, "confidential", "是否保密"));
  if (kind == "targets") {
    service::TargetDrawRequest r{title, department_id, sources, {}, {}, confidential};
    auto strata = body.find("strata");
    auto pool = body.find("pool");
    if (strata == body.end() || !strata->is_array())
      return InvalidArgument("FIELD_REQUIRED", "缺少必填字段：分层（strata）");
    if (pool == body.end() || !pool->is_array())
      return InvalidArgument("FIELD_REQUIRED", "缺少必填字段：抽取名单（pool）");
    for (const Json& s : *strata) {
      if (!s.is_object())
        return InvalidArgument("FIELD_INVALID", "分层应为对象 {name, take, weighted}");
      ASSIGN_OR_RETURN(std::string name, RequireString(s, "name", "分层名称"));
      ASSIGN_OR_RETURN(int64_t take, RequireInt(s, "take", "抽取数量"));
      if (take < 0 || take > 0xffffffffLL) return InvalidArgument("FIELD_INVALID", "抽取数量无效");
      ASSIGN_OR_RETURN(bool weighted, OptionalBool(s, "weighted", "是否按权重抽取"));
      r.strata.push_back({name, static_cast<uint32_t>(take), weighted});
    }
    for (const Json& p : *pool) {
      if (!p.is_object())
        return InvalidArgument("FIELD_INVALID", "名单记录应为对象 {stratum, id, weight}");
      ASSIGN_OR_RETURN(std::string stratum, RequireString(p, "stratum", "所属分层"));
      ASSIGN_OR_RETURN(std::string id, RequireString(p, "id", "对象标识"));
      ASSIGN_OR_RETURN(auto weight_field, OptionalInt(p, "weight", "权重"));
      const int64_t weight = weight_field.value_or(1);
      if (weight < 1 || weight > 0xffffffffLL)
        return InvalidArgument("DRAW_WEIGHT_INVALID", "权重应为不小于 1 的整数：" + id);
      r.pool.Add(stratum, id, static_cast<uint32_t>(weight));
    }
    ASSIGN_OR_RETURN(auto v, c.platform.draws().CommitTargets(c.principal, std::move(r)));
    return Response::Json(201, DrawJson(v));
  }
  if (kind == "assign") {
    service::AssignDrawRequest r;
    r.title = title;
    r.department_id = department_id;
    r.source_names = sources;
    r.confidential = confidential;
    // The limits are the service's (CommitAssign): the handler only reads the numbers.
    ASSIGN_OR_RETURN(r.per_task, RequireInt(body, "per_task", "每个对象人数"));
    ASSIGN_OR_RETURN(r.cap, RequireInt(body, "cap", "每人最多任务数"));
    ASSIGN_OR_RETURN(r.parent_draw_id, OptionalInt(body, "parent_draw_id", "关联的对象抽取"));
    auto eligible = body.find("eligible");
    if (eligible == body.end() || !eligible->is_object())
      return InvalidArgument("FIELD_REQUIRED", "缺少必填字段：可选派人员（eligible）");
    for (auto& [task, list] : eligible->items()) {
      ASSIGN_OR_RETURN(auto inspectors, StringList(*eligible, task, "可选派人员"));
      r.tasks.push_back({task, inspectors});
    }
    ASSIGN_OR_RETURN(auto v, c.platform.draws().CommitAssign(c.principal, r));
    return Response::Json(201, DrawJson(v));
  }
  return InvalidArgument("DRAW_KIND_INVALID",
                         "抽取类型应为 targets（检查对象）或 assign（检查人员）");
}

}  // namespace

void AddDrawRoutes(Router& r, const ApiOptions&) {
  r.Add("GET", "/api/v1/draws/replacement-reasons", Access::Public(),
        [](Call&) -> StatusOr<Response> {
          return Response::Json(200, {{"targets", service::TargetReplacementReasons()},
                                      {"assign", service::InspectorReplacementReasons()}});
        });
  r.Add("GET", "/api/v1/public/draws", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
    ASSIGN_OR_RETURN(auto list,
                     c.platform.draws().ListPublic(page.limit, page.offset,
                                                   c.request.Query("candidate").value_or("")));
    Json items = Json::array();
    for (const auto& p : list) items.push_back(PublicDrawJson(p));
    return Response::Json(200, {{"items", items}});
  });
  r.Add("GET", "/api/v1/public/draws/:no", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto p, c.platform.draws().GetPublic(c.request.Param("no")));
    Json j = PublicDrawJson(p);
    // Names beside the ids only once the record is public: a confidential draw names nobody.
    if (p.access == service::PublicAccess::kFull) {
      ASSIGN_OR_RETURN(auto names, c.platform.tasks().PublicNamesOf(p.view));
      j["names"] = {{"targets", names.targets},
                    {"people", names.people},
                    {"person_display", registers::PublicPersonDisplayName(names.person_display)}};
    }
    return Response::Json(200, j);
  });
  r.Add("GET", "/api/v1/draws", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
    ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
    ASSIGN_OR_RETURN(auto list,
                     c.platform.draws().List(c.principal, dept, page.limit, page.offset));
    Json items = Json::array();
    for (const auto& v : list) items.push_back(DrawJson(v));
    return Response::Json(200, {{"items", items}});
  });
  // An ad hoc draw carries its pool: up to a few hundred thousand candidates as JSON.
  r.Add("POST", "/api/v1/draws", Access::Requires(Permission::kPlanWrite), CreateDraw,
        RouteOptions::Json(64u << 20));
  r.Add("GET", "/api/v1/draws/:no", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto v, c.platform.draws().Get(c.principal, c.request.Param("no")));
    return Response::Json(200, DrawJson(v));
  });
  r.Add("POST", "/api/v1/draws/:no/witnesses", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(auto name, OptionalString(body, "name", "见证人姓名"));
          ASSIGN_OR_RETURN(std::string org,
                           RequireString(body, "organisation", "见证人身份或单位"));
          ASSIGN_OR_RETURN(auto v, c.platform.draws().AddWitness(c.principal, c.request.Param("no"),
                                                                 name.value_or(""), org));
          return Response::Json(200, DrawJson(v));
        });
  r.Add("PUT", "/api/v1/draws/:no/sources/:position", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string value, RequireString(body, "value", "随机数来源的值"));
          // The service checks the position against the draw's sources.
          const std::optional<int64_t> pos = ParseDecimal(c.request.Param("position"));
          if (!pos || *pos > 999)
            return InvalidArgument("DRAW_SOURCE_POSITION_INVALID", "随机数来源序号无效");
          ASSIGN_OR_RETURN(auto v,
                           c.platform.draws().EnterSourceValue(c.principal, c.request.Param("no"),
                                                               static_cast<int>(*pos), value));
          return Response::Json(200, DrawJson(v));
        });
  r.Add("POST", "/api/v1/draws/:no/reveal", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          std::vector<std::string> values;
          if (!c.request.body.empty()) {
            ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
            ASSIGN_OR_RETURN(values, StringList(body, "values", "随机数来源的值"));
          }
          ASSIGN_OR_RETURN(
              auto v, c.platform.ceremony().RevealDraw(c.principal, c.request.Param("no"), values));
          return Response::Json(200, DrawJson(v));
        });
  r.Add("POST", "/api/v1/draws/:no/redraw", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          RETURN_IF_ERROR(c.platform.draws().Redraw(c.principal, c.request.Param("no")));
          return Internal("redraw was not refused");
        });
  r.Add("POST", "/api/v1/draws/:no/publish", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto v, c.platform.draws().Publish(c.principal, c.request.Param("no")));
          return Response::Json(200, DrawJson(v));
        });
  r.Add("GET", "/api/v1/draws/:no/outcome", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto o, c.platform.draws().Outcome(c.principal, c.request.Param("no")));
          Json j = {{"kind", draw::DrawKindName(o.kind)}};
          if (o.kind == draw::DrawKind::kTargets) {
            Json sel = Json::object();
            for (const auto& [stratum, ids] : o.selected) sel[stratum] = ids;
            j["selected"] = sel;
          } else {
            Json teams = Json::array();
            for (const auto& t : o.teams)
              teams.push_back(
                  {{"task", t.task}, {"inspectors", t.inspectors}, {"unfilled", t.unfilled}});
            j["teams"] = teams;
          }
          return Response::Json(200, j);
        });
  r.Add("POST", "/api/v1/draws/:no/replacements", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(auto task, OptionalString(body, "task", "检查对象"));
          ASSIGN_OR_RETURN(std::string out, RequireString(body, "out", "被替换的对象或人员"));
          ASSIGN_OR_RETURN(std::string reason, RequireString(body, "reason", "替换原因"));
          ASSIGN_OR_RETURN(auto note, OptionalString(body, "note", "说明"));
          ASSIGN_OR_RETURN(
              auto v, c.platform.draws().RequestReplacement(c.principal, c.request.Param("no"),
                                                            task, out, reason, note.value_or("")));
          return Response::Json(201, DrawJson(v));
        });
  r.Add("POST", "/api/v1/draws/:no/replacements/:seq/decision",
        Access::Requires(Permission::kPlanApprove), [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(bool approve, RequireBool(body, "approve", "审批意见"));
          ASSIGN_OR_RETURN(auto note, OptionalString(body, "note", "审批说明"));
          ASSIGN_OR_RETURN(int64_t seq, ParseId(c.request.Param("seq"), "替换申请"));
          ASSIGN_OR_RETURN(
              auto v, c.platform.ceremony().DecideReplacement(c.principal, c.request.Param("no"),
                                                              seq, approve, note.value_or("")));
          return Response::Json(200, DrawJson(v));
        });
  r.Add("GET", "/api/v1/draws/:no/bundle", Access::Public(), [](Call& c) -> StatusOr<Response> {
    const Principal* who = c.session ? &c.principal : nullptr;
    ASSIGN_OR_RETURN(auto bundle, c.platform.draws().Bundle(who, c.request.Param("no")));
    Response resp;
    // Written while it is sent (130 MB of text at a million candidates, never held whole).
    auto stream = std::make_shared<BundleStream>(std::move(bundle));
    resp.body_stream = [stream](std::string& piece) { return stream->writer.Next(piece); };
    resp.SetHeader("Content-Type", "application/json; charset=utf-8");
    resp.SetHeader("Content-Disposition",
                   "attachment; filename=\"" + c.request.Param("no") + ".json\"");
    return resp;
  });
}

}  // namespace suiji::api
