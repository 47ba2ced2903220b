// Online inspection (issue 13): the inspectors issue a one-time enterprise link for a task target
// and see what came through it; the enterprise, with nothing but the link, reads what is asked,
// uploads files, signs the 信用承诺书 and completes (public routes: the token is the credential).

#include "api/json_util.h"
#include "api/routes.h"

namespace suiji::api {
namespace {

Json OptText(const std::optional<std::string>& s) { return s ? Json(*s) : Json(); }

Json FileJson(const service::EnterpriseLinkFileView& f) {
  return {{"id", f.id},
          {"material", f.material},
          {"sha256", f.sha256},
          {"media_type", f.media_type},
          {"size", f.size},
          {"file_name", f.file_name},
          {"uploaded_at", f.uploaded_at}};
}

// What the enterprise sees: the task, its own name, the items, what is asked — nothing more
// (no ids, no inspectors, no other target).
Json PublicLinkJson(const service::EnterpriseLinkView& v) {
  Json items = Json::array();
  for (const auto& i : v.items) items.push_back({{"code", i.code}, {"name", i.name}});
  Json files = Json::array();
  for (const auto& f : v.files)
    files.push_back({{"material", f.material},
                     {"file_name", f.file_name},
                     {"media_type", f.media_type},
                     {"size", f.size},
                     {"uploaded_at", f.uploaded_at}});
  Json commitment;
  if (!v.commitment_version.empty())
    commitment = {{"version", v.commitment_version},
                  {"text", v.commitment_text},
                  {"signer_name", OptText(v.signer_name)},
                  {"signed_at", OptText(v.signed_at)}};
  return {{"target_name", v.target_name},
          {"task_no", v.task_no},
          {"task_title", v.task_title},
          {"department_name", v.department_name},
          {"items", items},
          {"materials", v.materials},
          {"commitment", commitment},
          {"expires_on", v.expires_on.ToString()},
          {"files", files},
          {"status", std::string(service::EnterpriseLinkStatusName(v.status))}};
}

Json LinkJson(const service::EnterpriseLinkView& v) {
  Json j = PublicLinkJson(v);
  j["id"] = v.id;
  j["task_id"] = v.task_id;
  j["target_id"] = v.target_id;
  j["target_key"] = v.target_key;
  j["department_id"] = v.department_id;
  j["status_name"] = std::string(service::EnterpriseLinkStatusDisplay(v.status));
  j["completed_at"] = OptText(v.completed_at);
  j["commitment_false"] = v.commitment_false;
  j["false_note"] = v.false_note;
  j["false_recorded_at"] = OptText(v.false_recorded_at);
  j["created_at"] = v.created_at;
  Json files = Json::array();
  for (const auto& f : v.files) files.push_back(FileJson(f));
  j["files"] = files;
  return j;
}

StatusOr<std::vector<std::string>> Materials(const Json& body) {
  std::vector<std::string> out;
  if (!body.contains("materials") || body["materials"].is_null()) return out;
  if (!body["materials"].is_array())
    return InvalidArgument("FIELD_TYPE_INVALID", "“要求提交的材料”应为字符串数组");
  for (const auto& m : body["materials"]) {
    if (!m.is_string())
      return InvalidArgument("FIELD_TYPE_INVALID", "“要求提交的材料”应为字符串数组");
    out.push_back(m.get<std::string>());
  }
  return out;
}

struct TaskTarget {
  int64_t task_id = 0;
  int64_t target_id = 0;
};

StatusOr<TaskTarget> TaskTargetOf(const Call& c) {
  TaskTarget t;
  ASSIGN_OR_RETURN(t.task_id, ParseId(c.request.Param("id"), "任务"));
  ASSIGN_OR_RETURN(t.target_id, ParseId(c.request.Param("target_id"), "检查对象"));
  return t;
}

StatusOr<int64_t> DepartmentQuery(const Call& c) {
  auto q = c.request.Query("department_id");
  if (!q) return InvalidArgument("FIELD_REQUIRED", "缺少必填参数：department_id（部门）");
  return ParseId(*q, "部门");
}

}  // namespace

void AddEnterpriseLinkRoutes(Router& r, const ApiOptions& /*options*/) {
  // --- the inspectors ---
  r.Add("POST", "/api/v1/tasks/:id/targets/:target_id/enterprise-links", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(TaskTarget tt, TaskTargetOf(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t dept, RequireInt(body, "department_id", "部门"));
          service::EnterpriseLinkRequest req;
          ASSIGN_OR_RETURN(req.materials, Materials(body));
          ASSIGN_OR_RETURN(req.commitment, OptionalBool(body, "commitment", "信用承诺书", true));
          ASSIGN_OR_RETURN(auto expires, OptionalString(body, "expires_on", "链接有效期"));
          if (expires && !expires->empty()) {
            req.expires_on = Date::Parse(*expires);
            if (!req.expires_on)
              return InvalidArgument("DATE_INVALID",
                                     "链接有效期应为 YYYY-MM-DD 格式的日期：" + *expires);
          }
          ASSIGN_OR_RETURN(auto issued, c.platform.enterprise_links().Issue(
                                            c.principal, tt.task_id, tt.target_id, dept, req));
          Json j = LinkJson(issued.link);
          j["token"] = issued.token;
          j["path"] = "/e/" + issued.token;
          return Response::Json(201, j);
        });
  r.Add("GET", "/api/v1/tasks/:id/targets/:target_id/enterprise-links", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(TaskTarget tt, TaskTargetOf(c));
          ASSIGN_OR_RETURN(int64_t dept, DepartmentQuery(c));
          ASSIGN_OR_RETURN(auto links, c.platform.enterprise_links().List(c.principal, tt.task_id,
                                                                          tt.target_id, dept));
          Json items = Json::array();
          for (const auto& l : links) items.push_back(LinkJson(l));
          return Response::Json(200, {{"items", items}});
        });
  r.Add("POST", "/api/v1/tasks/:id/targets/:target_id/enterprise-links/:link_id/false-commitment",
        Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(TaskTarget tt, TaskTargetOf(c));
          ASSIGN_OR_RETURN(int64_t link_id, ParseId(c.request.Param("link_id"), "链接"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string note, RequireString(body, "note", "承诺不实情况"));
          ASSIGN_OR_RETURN(auto v, c.platform.enterprise_links().MarkCommitmentFalse(
                                       c.principal, link_id, note));
          if (v.task_id != tt.task_id || v.target_id != tt.target_id)
            return NotFound("LINK_NOT_FOUND", "企业在线提交链接不存在");
          return Response::Json(200, LinkJson(v));
        });
  r.Add("GET", "/api/v1/enterprise-link-files/:id", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "材料"));
          ASSIGN_OR_RETURN(auto file, c.platform.enterprise_links().File(c.principal, id));
          Response resp;
          resp.status = 200;
          resp.body = std::move(file.second);
          resp.SetHeader("Content-Type", file.first.media_type);
          resp.SetHeader("Content-Disposition", "attachment");
          resp.SetHeader("Cache-Control", "private, max-age=31536000, immutable");
          return resp;
        });

  // --- the enterprise (public: the token is the only credential) ---
  r.Add("GET", "/api/v1/enterprise-links/:token", Access::Public(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto v, c.platform.enterprise_links().Open(c.request.Param("token"),
                                                                      c.request.remote));
          return Response::Json(200, PublicLinkJson(v));
        });
  r.Add(
      "POST", "/api/v1/enterprise-links/:token/files", Access::Public(),
      [](Call& c) -> StatusOr<Response> {
        const std::string material = c.request.Query("material").value_or("");
        const std::string file_name = c.request.Query("file_name").value_or("");
        ASSIGN_OR_RETURN(
            auto f, c.platform.enterprise_links().Upload(c.request.Param("token"), c.request.remote,
                                                         material, file_name, c.request.body));
        return Response::Json(201, {{"material", f.material},
                                    {"file_name", f.file_name},
                                    {"media_type", f.media_type},
                                    {"size", f.size},
                                    {"uploaded_at", f.uploaded_at}});
      },
      [] {
        // The token is checked before the body is read: a stranger cannot make the server hold
        // an upload.
        RouteOptions o = RouteOptions::Upload(service::EvidenceStore::kDefaultMaxBytes);
        o.admit = [](const Request& head, service::Platform& platform) {
          return platform.enterprise_links().Admit(head.Param("token"), head.remote);
        };
        return o;
      }());
  r.Add("POST", "/api/v1/enterprise-links/:token/commitment", Access::Public(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string signer, RequireString(body, "signer_name", "签署人姓名"));
          ASSIGN_OR_RETURN(std::string version, RequireString(body, "version", "承诺书版本"));
          ASSIGN_OR_RETURN(
              auto v, c.platform.enterprise_links().Sign(c.request.Param("token"), c.request.remote,
                                                         signer, version));
          return Response::Json(200, PublicLinkJson(v));
        });
  r.Add("POST", "/api/v1/enterprise-links/:token/complete", Access::Public(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto v, c.platform.enterprise_links().Complete(c.request.Param("token"),
                                                                          c.request.remote));
          return Response::Json(200, PublicLinkJson(v));
        });
}

}  // namespace suiji::api
