// 一公开 (SPEC §EXEC, §PUB, §PORTAL): inspection records per task target and department, evidence
// files, review, publication, deadlines and rates, and the public results.

#include "api/json_util.h"
#include "api/register_json.h"
#include "api/routes.h"
#include "service/inspections/public_result_json.h"
#include "tabular/writer.h"

namespace suiji::api {
namespace {

Json OptText(const std::optional<std::string>& s) { return s ? Json(*s) : Json(); }
Json OptDate(const std::optional<Date>& d) { return d ? Json(d->ToString()) : Json(); }
Json Person(const std::optional<service::PersonRef>& p) {
  if (!p) return Json();
  return {{"id", p->id}, {"name", p->name}};
}

Json EntryItemsJson(const inspections::RecordEntry& e) {
  Json items = Json::array();
  for (const auto& it : e.items)
    items.push_back({{"item_code", it.item_code},
                     {"methods", it.methods},
                     {"inspected_on", OptDate(it.inspected_on)},
                     {"findings", it.findings},
                     {"handling", it.handling},
                     {"result", it.result},
                     {"follow_up", it.follow_up},
                     {"confidential", it.confidential},
                     {"lenient", it.lenient}});
  return items;
}

Json RecordJson(const service::RecordView& v) {
  Json inspectors = Json::array();
  for (const auto& p : v.inspectors) inspectors.push_back({{"id", p.id}, {"name", p.name}});
  Json evidence = Json::array();
  for (const auto& e : v.evidence)
    evidence.push_back({{"id", e.id},
                        {"item_code", e.item_code},
                        {"sha256", e.sha256},
                        {"media_type", e.media_type},
                        {"size", e.size},
                        {"file_name", e.file_name},
                        {"uploaded_at", e.uploaded_at}});
  Json publications = Json::array();
  for (const auto& p : v.publications) publications.push_back(service::PublicResultJson(p.result));
  return {{"id", v.id == 0 ? Json() : Json(v.id)},
          {"task_id", v.task_id},
          {"task_no", v.task_no},
          {"task_title", v.task_title},
          {"target_id", v.target_id},
          {"target_name", v.target_name},
          {"target_key", v.target_key},
          {"department_id", v.department_id},
          {"department_name", v.department_name},
          {"lead_department", v.lead_department},
          {"item_codes", v.item_codes},
          {"status", std::string(inspections::RecordStatusName(v.status))},
          {"status_name", std::string(inspections::RecordStatusDisplay(v.status))},
          {"revision", v.revision},
          {"cannot_inspect", v.entry.cannot_inspect},
          {"cannot_inspect_on", OptDate(v.entry.cannot_inspect_on)},
          {"remark", v.entry.remark},
          {"items", EntryItemsJson(v.entry)},
          {"completed_on", OptDate(v.completed_on)},
          {"deadline", OptDate(v.deadline)},
          {"deadline_exact", v.deadline_exact},
          {"summary_result", v.summary_result},
          {"inspectors", inspectors},
          {"recorded_by", Person(v.recorded_by)},
          {"recorded_at", OptText(v.recorded_at)},
          {"confirmed_by", Person(v.confirmed_by)},
          {"confirmed_at", OptText(v.confirmed_at)},
          {"submitted_at", OptText(v.submitted_at)},
          {"reviewed_by", Person(v.reviewed_by)},
          {"reviewed_at", OptText(v.reviewed_at)},
          {"return_reason", v.return_reason},
          {"evidence", evidence},
          {"publications", publications}};
}

Json DeadlineLineJson(const service::DeadlineLine& d) {
  return {{"record_id", d.record_id},
          {"task_id", d.task_id},
          {"task_no", d.task_no},
          {"task_title", d.task_title},
          {"target_id", d.target_id},
          {"target_name", d.target_name},
          {"target_key", d.target_key},
          {"department_id", d.department_id},
          {"department_name", d.department_name},
          {"status", std::string(inspections::RecordStatusName(d.status))},
          {"status_name", std::string(inspections::RecordStatusDisplay(d.status))},
          {"completed_on", d.completed_on.ToString()},
          {"deadline", d.deadline.ToString()},
          {"deadline_exact", d.deadline_exact},
          {"working_days_left", d.working_days_left}};
}

Json OptBp(const std::optional<int64_t>& bp) { return bp ? Json(*bp) : Json(); }

StatusOr<std::optional<Date>> DateField(const Json& j, std::string_view key,
                                        std::string_view label) {
  ASSIGN_OR_RETURN(auto text, OptionalString(j, key, label));
  if (!text || text->empty()) return std::optional<Date>();
  auto d = Date::Parse(*text);
  if (!d)
    return InvalidArgument("DATE_INVALID",
                           std::string(label) + "应为 YYYY-MM-DD 格式的日期：" + *text);
  return d;
}

StatusOr<std::vector<std::string>> StringArray(const Json& j, std::string_view key,
                                               std::string_view label) {
  std::vector<std::string> out;
  if (!j.contains(key) || j[key].is_null()) return out;
  if (!j[key].is_array())
    return InvalidArgument("FIELD_TYPE_INVALID", std::string(label) + "应为字符串数组");
  for (const auto& v : j[key]) {
    if (!v.is_string())
      return InvalidArgument("FIELD_TYPE_INVALID", std::string(label) + "应为字符串数组");
    out.push_back(v.get<std::string>());
  }
  return out;
}

StatusOr<inspections::RecordEntry> EntryFrom(const Json& body) {
  inspections::RecordEntry e;
  ASSIGN_OR_RETURN(auto cannot, OptionalString(body, "cannot_inspect", "无法检查情形"));
  e.cannot_inspect = cannot.value_or("");
  ASSIGN_OR_RETURN(e.cannot_inspect_on, DateField(body, "cannot_inspect_on", "核查日期"));
  ASSIGN_OR_RETURN(auto remark, OptionalString(body, "remark", "备注"));
  e.remark = remark.value_or("");
  if (body.contains("items") && !body["items"].is_null()) {
    if (!body["items"].is_array())
      return InvalidArgument("FIELD_TYPE_INVALID", "items（检查事项）应为数组");
    for (const auto& j : body["items"]) {
      if (!j.is_object())
        return InvalidArgument("FIELD_TYPE_INVALID", "items（检查事项）的每一项应为对象");
      inspections::ItemEntry it;
      ASSIGN_OR_RETURN(it.item_code, RequireString(j, "item_code", "事项编码"));
      ASSIGN_OR_RETURN(it.methods, StringArray(j, "methods", "检查方式"));
      ASSIGN_OR_RETURN(it.inspected_on, DateField(j, "inspected_on", "检查日期"));
      ASSIGN_OR_RETURN(auto findings, OptionalString(j, "findings", "发现问题情况"));
      it.findings = findings.value_or("");
      ASSIGN_OR_RETURN(auto handling, OptionalString(j, "handling", "处置情况"));
      it.handling = handling.value_or("");
      ASSIGN_OR_RETURN(auto result, OptionalString(j, "result", "检查结果"));
      it.result = result.value_or("");
      ASSIGN_OR_RETURN(auto follow_up, OptionalString(j, "follow_up", "后续处置"));
      it.follow_up = follow_up.value_or("");
      if (j.contains("confidential") && !j["confidential"].is_null()) {
        ASSIGN_OR_RETURN(it.confidential, RequireBool(j, "confidential", "涉及商业秘密"));
      }
      if (j.contains("lenient") && !j["lenient"].is_null()) {
        ASSIGN_OR_RETURN(it.lenient, RequireBool(j, "lenient", "免罚清单"));
      }
      e.items.push_back(std::move(it));
    }
  }
  return e;
}

StatusOr<int64_t> Revision(const Json& body) {
  ASSIGN_OR_RETURN(auto rev, OptionalInt(body, "revision", "版本号"));
  if (!rev) return InvalidArgument("FIELD_REQUIRED", "缺少必填字段：revision（版本号）");
  if (*rev < 0) return InvalidArgument("FIELD_INVALID", "revision（版本号）不能为负数");
  return *rev;
}

StatusOr<int64_t> RecordId(const Call& c) { return ParseId(c.request.Param("id"), "检查记录"); }

Json RecordsJson(const std::vector<service::RecordView>& list) {
  Json items = Json::array();
  for (const auto& v : list) items.push_back(RecordJson(v));
  return {{"items", items}};
}

// An ASCII-safe Content-Disposition for a stored file name.
std::string Disposition(const std::string& name) {
  std::string ascii;
  for (char ch : name)
    ascii.push_back((static_cast<unsigned char>(ch) < 0x80 && ch != '"' && ch != '\\') ? ch : '_');
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char ch : name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_')
      encoded.push_back(static_cast<char>(ch));
    else encoded += std::string("%") + kHex[ch >> 4] + kHex[ch & 15];
  }
  return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

// ?since=YYYY-MM-DD for the open-data downloads (default: everything).
StatusOr<Date> SinceOf(const Request& req) {
  ASSIGN_OR_RETURN(auto since, QueryDate(req, "since"));
  return since.value_or(Date{2000, 1, 1});
}

// The Atom feed of the newest publications (RFC 4287).
std::string AtomFeed(const std::vector<service::PublicationView>& items, const std::string& self) {
  std::string updated = items.empty() ? "2000-01-01T00:00:00Z" : items.front().published_at;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "  <id>urn:suiji:results</id>\n  <title>双随机抽查结果公示</title>\n"
      "  <subtitle>各部门随机抽查检查结果，自检查完成之日起 20 个工作日内公示</subtitle>\n"
      "  <link rel=\"self\" href=\"" +
      XmlEscape(self) +
      "\"/>\n  <link href=\"/results\"/>\n"
      "  <updated>" +
      XmlEscape(updated) + "</updated>\n  <author><name>双随机、一公开 监管平台</name></author>\n";
  for (const auto& v : items) {
    const auto& p = v.result;
    std::string summary = "检查机关：" + p.authority + "；抽查任务：" + p.task_no + " " +
                          p.task_name + "；检查完成日期：" + p.completed_on.ToString() +
                          "；检查结果：" + p.result;
    if (!p.remark.empty()) summary += "；备注：" + p.remark;
    if (p.corrects) summary += "；更正公示 " + *p.corrects;
    out += "  <entry>\n    <id>urn:suiji:result:" + XmlEscape(p.publication_no) +
           "</id>\n    <title>" + XmlEscape(p.name + "：" + p.result) +
           "</title>\n    <link href=\"/results?q=" + XmlEscape(p.credit_code) +
           "\"/>\n    <updated>" + XmlEscape(v.published_at) + "</updated>\n    <summary>" +
           XmlEscape(summary) + "</summary>\n  </entry>\n";
  }
  return out + "</feed>\n";
}

}  // namespace

void AddInspectionRoutes(Router& r, const ApiOptions& /*options*/) {
  // --- records of a task ---
  r.Add("GET", "/api/v1/tasks/:id/records", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t task_id, ParseId(c.request.Param("id"), "任务"));
          ASSIGN_OR_RETURN(auto target_id, QueryId(c.request, "target_id"));
          ASSIGN_OR_RETURN(auto department_id, QueryId(c.request, "department_id"));
          if (target_id && department_id) {
            ASSIGN_OR_RETURN(auto v, c.platform.inspections().Get(c.principal, task_id, *target_id,
                                                                  *department_id));
            return Response::Json(200, RecordsJson({v}));
          }
          ASSIGN_OR_RETURN(auto list, c.platform.inspections().ListOfTask(c.principal, task_id));
          std::vector<service::RecordView> kept;
          for (auto& v : list)
            if ((!target_id || v.target_id == *target_id) &&
                (!department_id || v.department_id == *department_id))
              kept.push_back(std::move(v));
          return Response::Json(200, RecordsJson(kept));
        });
  r.Add("PUT", "/api/v1/tasks/:id/records", Access::Requires(Permission::kInspectRecord),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t task_id, ParseId(c.request.Param("id"), "任务"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t target_id, RequireInt(body, "target_id", "检查对象"));
          ASSIGN_OR_RETURN(int64_t department_id, RequireInt(body, "department_id", "检查部门"));
          ASSIGN_OR_RETURN(int64_t revision, Revision(body));
          ASSIGN_OR_RETURN(auto entry, EntryFrom(body));
          ASSIGN_OR_RETURN(auto v, c.platform.inspections().Save(c.principal, task_id, target_id,
                                                                 department_id, entry, revision));
          return Response::Json(200, RecordJson(v));
        });

  // --- the lead department's 联合检查总表 of a joint task ---
  r.Add("GET", "/api/v1/tasks/:id/joint-summary", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t task_id, ParseId(c.request.Param("id"), "任务"));
          ASSIGN_OR_RETURN(auto s, c.platform.inspections().JointSummaryOf(c.principal, task_id));
          Json departments = Json::array();
          for (const auto& d : s.departments)
            departments.push_back(
                {{"id", d.id}, {"name", d.name}, {"lead", d.lead}, {"item_codes", d.item_codes}});
          Json targets = Json::array();
          for (const auto& t : s.targets)
            targets.push_back({{"target_id", t.target_id},
                               {"target_name", t.target_name},
                               {"target_key", t.target_key},
                               {"records", RecordsJson(t.records)["items"]}});
          return Response::Json(200, {{"task_id", s.task_id},
                                      {"task_no", s.task_no},
                                      {"task_title", s.task_title},
                                      {"departments", departments},
                                      {"targets", targets}});
        });

  // --- work lists: the review queue, an inspector's own records ---
  r.Add("GET", "/api/v1/records", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    service::InspectionService::RecordFilter f;
    for (const auto& name : QueryList(c.request, "status")) {
      auto s = inspections::ParseRecordStatus(name);
      if (!s)
        return InvalidArgument(
            "QUERY_INVALID",
            "status 应为 pending、submitted、returned、approved、published：" + name);
      f.statuses.push_back(*s);
    }
    ASSIGN_OR_RETURN(f.department_id, QueryId(c.request, "department_id"));
    ASSIGN_OR_RETURN(f.task_id, QueryId(c.request, "task_id"));
    ASSIGN_OR_RETURN(auto mine, QueryBool(c.request, "mine"));
    f.mine = mine.value_or(false);
    ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
    f.limit = std::min(page.limit, 200);
    f.offset = page.offset;
    ASSIGN_OR_RETURN(auto found, c.platform.inspections().List(c.principal, f));
    Json body = RecordsJson(found.items);
    body["total"] = found.total;
    return Response::Json(200, body);
  });

  // --- one record ---
  r.Add("GET", "/api/v1/records/:id", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, RecordId(c));
    ASSIGN_OR_RETURN(auto v, c.platform.inspections().GetById(c.principal, id));
    return Response::Json(200, RecordJson(v));
  });
  r.Add("POST", "/api/v1/records/:id/submit", Access::Requires(Permission::kInspectRecord),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, RecordId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t revision, Revision(body));
          ASSIGN_OR_RETURN(auto v, c.platform.inspections().Submit(c.principal, id, revision));
          return Response::Json(200, RecordJson(v));
        });
  r.Add("POST", "/api/v1/records/:id/confirm", Access::Requires(Permission::kInspectRecord),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, RecordId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t revision, Revision(body));
          ASSIGN_OR_RETURN(auto v, c.platform.inspections().Confirm(c.principal, id, revision));
          return Response::Json(200, RecordJson(v));
        });
  r.Add("POST", "/api/v1/records/:id/return", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, RecordId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string reason, RequireString(body, "reason", "退回原因"));
          ASSIGN_OR_RETURN(auto v, c.platform.inspections().Return(c.principal, id, reason));
          return Response::Json(200, RecordJson(v));
        });
  r.Add("POST", "/api/v1/records/:id/approve", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, RecordId(c));
          ASSIGN_OR_RETURN(auto v, c.platform.inspections().Approve(c.principal, id));
          return Response::Json(200, RecordJson(v));
        });
  r.Add("POST", "/api/v1/records/:id/publish", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, RecordId(c));
          // The body is optional: {"rectify_by"} sets the 整改期限 of a 责令改正并跟踪复查.
          std::optional<Date> rectify_by;
          if (!c.request.body.empty()) {
            ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
            ASSIGN_OR_RETURN(rectify_by, DateField(body, "rectify_by", "整改期限"));
          }
          ASSIGN_OR_RETURN(auto v, c.platform.inspections().Publish(c.principal, id, rectify_by));
          return Response::Json(200, RecordJson(v));
        });
  r.Add("POST", "/api/v1/records/:id/reopen", Access::Requires(Permission::kResultApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, RecordId(c));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string reason, RequireString(body, "reason", "更正原因"));
          ASSIGN_OR_RETURN(auto v, c.platform.inspections().Reopen(c.principal, id, reason));
          return Response::Json(200, RecordJson(v));
        });

  // --- evidence ---
  r.Add(
      "POST", "/api/v1/records/:id/evidence", Access::Requires(Permission::kInspectRecord),
      [](Call& c) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(int64_t id, RecordId(c));
        const std::string item_code = c.request.Query("item_code").value_or("");
        const std::string file_name = c.request.Query("file_name").value_or("");
        if (file_name.empty())
          return InvalidArgument("FIELD_REQUIRED", "缺少必填参数：file_name（文件名）");
        ASSIGN_OR_RETURN(auto e, c.platform.inspections().AddEvidence(c.principal, id, item_code,
                                                                      file_name, c.request.body));
        return Response::Json(201, {{"id", e.id},
                                    {"item_code", e.item_code},
                                    {"sha256", e.sha256},
                                    {"media_type", e.media_type},
                                    {"size", e.size},
                                    {"file_name", e.file_name},
                                    {"uploaded_at", e.uploaded_at}});
      },
      // The HTTP layer refuses more than the cap before reading the body (413); the service
      // checks the cap again for callers other than HTTP.
      RouteOptions::Upload(service::EvidenceStore::kDefaultMaxBytes));
  r.Add("DELETE", "/api/v1/records/:id/evidence/:evidence_id",
        Access::Requires(Permission::kInspectRecord), [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, RecordId(c));
          ASSIGN_OR_RETURN(int64_t evidence_id,
                           ParseId(c.request.Param("evidence_id"), "证据材料"));
          RETURN_IF_ERROR(c.platform.inspections().RemoveEvidence(c.principal, id, evidence_id));
          return Response::NoContent();
        });
  r.Add("GET", "/api/v1/evidence/:id", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, ParseId(c.request.Param("id"), "证据材料"));
    ASSIGN_OR_RETURN(auto file, c.platform.inspections().EvidenceFile(c.principal, id));
    Response resp;
    resp.status = 200;
    resp.file = file.second;
    resp.SetHeader("Content-Type", file.first.media_type);
    resp.SetHeader("Content-Disposition", Disposition(file.first.file_name));
    resp.SetHeader("Cache-Control", "private, max-age=31536000, immutable");
    return resp;
  });

  // --- deadlines and rates ---
  r.Add("GET", "/api/v1/results/deadlines", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto department_id, QueryId(c.request, "department_id"));
          ASSIGN_OR_RETURN(auto report,
                           c.platform.inspections().Deadlines(c.principal, department_id));
          Json due = Json::array(), overdue = Json::array();
          for (const auto& d : report.due_soon) due.push_back(DeadlineLineJson(d));
          for (const auto& d : report.overdue) overdue.push_back(DeadlineLineJson(d));
          return Response::Json(
              200, {{"today", report.today.ToString()}, {"due_soon", due}, {"overdue", overdue}});
        });
  r.Add("GET", "/api/v1/results/rates", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto rates, c.platform.inspections().Rates(c.principal));
    Json items = Json::array();
    for (const auto& x : rates)
      items.push_back({{"department_id", x.department_id},
                       {"department_name", x.department_name},
                       {"due", x.due},
                       {"entered", x.entered},
                       {"approved", x.approved},
                       {"published", x.published},
                       {"published_on_time", x.published_on_time},
                       {"overdue", x.overdue},
                       {"entry_rate_bp", OptBp(x.entry_rate_bp)},
                       {"publication_rate_bp", OptBp(x.publication_rate_bp)},
                       {"on_time_rate_bp", OptBp(x.on_time_rate_bp)}});
    return Response::Json(200, {{"items", items}});
  });

  // --- public ---
  // Open data: every published result since ?since= (default all), as CSV or JSON; the Atom
  // feed of the newest 50.
  r.Add("GET", "/api/v1/public/results.csv", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Date since, SinceOf(c.request));
    ASSIGN_OR_RETURN(auto rows,
                     c.platform.inspections().PublishedSince(Principal::System("public"), since));
    ASSIGN_OR_RETURN(std::string bytes,
                     tabular::WriteTableToBytes(tabular::Format::kCsv, "抽查检查结果",
                                                service::InspectionService::OpenDataTable(rows)));
    Response resp =
        FileResponse(std::move(bytes), tabular::Format::kCsv, "抽查检查结果", "results");
    resp.headers.erase(std::remove_if(resp.headers.begin(), resp.headers.end(),
                                      [](auto& h) { return h.first == "Cache-Control"; }),
                       resp.headers.end());
    resp.SetHeader("Cache-Control", "public, max-age=300");
    return resp;
  });
  r.Add("GET", "/api/v1/public/results.json", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Date since, SinceOf(c.request));
    ASSIGN_OR_RETURN(auto rows,
                     c.platform.inspections().PublishedSince(Principal::System("public"), since));
    Json items = Json::array();
    for (const auto& v : rows) items.push_back(service::PublicResultJson(v.result));
    return Response::Json(200, {{"items", items}, {"total", static_cast<int64_t>(rows.size())}});
  });
  r.Add("GET", "/api/v1/public/results.atom", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto page, c.platform.inspections().PublicResults("", 50, 0));
    Response resp;
    resp.status = 200;
    resp.body = AtomFeed(page.items, "/api/v1/public/results.atom");
    resp.SetHeader("Content-Type", "application/atom+xml; charset=utf-8");
    resp.SetHeader("Cache-Control", "public, max-age=300");
    return resp;
  });
  // One publication by its number, with the publications correcting it.
  r.Add("GET", "/api/v1/public/results/:no", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto d, c.platform.inspections().PublicResult(c.request.Param("no")));
    Json j = service::PublicResultJson(d.publication.result);
    j["corrected_by"] = d.corrected_by;
    return Response::Json(200, j);
  });
  r.Add("GET", "/api/v1/public/results", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
    const std::string q = c.request.Query("q").value_or("");
    ASSIGN_OR_RETURN(auto result, c.platform.inspections().PublicResults(
                                      q, std::min(page.limit, 100), page.offset));
    Json items = Json::array();
    for (const auto& v : result.items) items.push_back(service::PublicResultJson(v.result));
    return Response::Json(
        200, {{"items", items}, {"total", result.total}, {"total_capped", result.total_capped}});
  });
}

}  // namespace suiji::api
