// Plans, joint-inspection proposals and tasks with their draw ceremony (SPEC §PLAN, §DRAW).

#include <set>

#include "api/json_util.h"
#include "api/register_json.h"
#include "api/routes.h"
#include "core/draw/draw_state.h"
#include "core/plans/eligibility.h"
#include "core/plans/plan.h"
#include "core/plans/task.h"
#include "core/registers/fields.h"
#include "core/registers/target_filter.h"
#include "render/notice_html.h"
#include "service/plans/task_pages.h"

namespace suiji::api {
namespace {

Json PlanJson(const service::PlanView& v) {
  const auto& r = v.row;
  auto opt = [](const std::optional<std::string>& x) { return x ? Json(*x) : Json(); };
  return {{"id", r.id},
          {"plan_no", r.plan_no},
          {"version", r.version},
          {"department_id", r.department_id},
          {"department_name", v.department_name},
          {"year", r.year},
          {"title", r.title},
          {"status", plans::PlanStatusName(r.status)},
          {"status_name", plans::PlanStatusDisplayName(r.status)},
          {"adjustment_reason", r.adjustment_reason},
          {"created_at", r.created_at},
          {"submitted_at", opt(r.submitted_at)},
          {"decided_at", opt(r.decided_at)},
          {"decision_note", opt(r.decision_note)},
          {"published_at", opt(r.published_at)},
          {"content", plans::PlanContentToJson(v.content)}};
}

Json ProposalJson(const service::ProposalView& v) {
  Json members = Json::array();
  for (size_t i = 0; i < v.members.size(); ++i) {
    const auto& m = v.members[i];
    members.push_back({{"department_id", m.department_id},
                       {"department_name", v.department_names[i]},
                       {"plan_id", m.plan_id},
                       {"batch_seq", m.batch_seq},
                       {"response", plans::ProposalResponseName(m.response)},
                       {"responded_at", m.responded_at ? Json(*m.responded_at) : Json()},
                       {"note", m.note}});
  }
  const auto& r = v.row;
  return {{"id", r.id},
          {"proposal_no", r.proposal_no},
          {"lead_department_id", r.lead_department_id},
          {"window_from", r.window_from},
          {"window_to", r.window_to},
          {"overlap_count", r.overlap_count},
          {"overlap_sample", r.overlap_sample},
          {"status", plans::ProposalStatusName(r.status)},
          {"deadline", r.deadline},
          {"created_at", r.created_at},
          {"resolved_at", r.resolved_at ? Json(*r.resolved_at) : Json()},
          {"joint_task_id", r.joint_task_id ? Json(*r.joint_task_id) : Json()},
          {"members", members}};
}

// A draw's eligibility in the task view: the figures, not its per-target lines (they grow with
// the task — about 120 kB per 200 targets — and every draw of the task would repeat them; the
// per-target lines are read from GET /tasks/{id}/eligibility for the open step, and each draw's
// record keeps them in its audit entry and bundle).
Json EligibilityOfDraw(const plans::EligibilitySummary& e) {
  Json j = plans::EligibilitySummaryToJson(e);
  j.erase("targets");
  j["targets_count"] = e.targets.size();
  return j;
}

Json TargetLineJson(const service::TaskTargetLine& t) {
  return {{"target_id", t.target_id}, {"key", t.key},         {"name", t.name},
          {"address", t.address},     {"stratum", t.stratum}, {"unit_name", t.unit_name}};
}

Json InspectorLineJson(const service::TaskAssignmentLine& a) {
  return {{"target_id", a.target_id},
          {"department_id", a.department_id},
          {"inspector_id", a.inspector_id},
          {"name", a.name},
          {"cert_no", a.cert_no},
          {"unit_name", a.unit_name},
          {"draw_no", a.draw_no}};
}

Json ExpertLineJson(const service::TaskExpertLine& e) {
  return {{"target_id", e.target_id}, {"department_id", e.department_id},
          {"expert_id", e.expert_id}, {"name", e.name},
          {"expert_no", e.expert_no}, {"organisation", e.organisation},
          {"title", e.title},         {"draw_no", e.draw_no}};
}

// A task as a summary: its lists (locked targets, teams, problems per target) are counted here
// and read a page at a time from GET /tasks/{id}/targets (issue 15: 15 MB at 72,695 targets).
Json TaskJson(const service::TaskView& v) {
  const auto& r = v.row;
  const service::TaskSummary& s = v.summary;
  Json departments = Json::array();
  for (size_t i = 0; i < v.departments.size(); ++i)
    departments.push_back(
        {{"department_id", v.departments[i].department_id},
         {"name", v.department_names[i]},
         {"role", plans::TaskDepartmentRoleName(v.departments[i].role)},
         {"items", v.departments[i].item_codes},
         {"item_names", i < v.item_names.size() ? Json(v.item_names[i]) : Json::array()}});
  Json strata = Json::array();
  for (const auto& [name, count] : s.strata) strata.push_back({{"name", name}, {"count", count}});
  Json draws = Json::array();
  for (const auto& d : v.inspector_draws)
    draws.push_back({{"department_id", d.department_id},
                     {"draw_no", d.draw_no},
                     {"status", draw::DrawStatusName(d.status)},
                     {"eligibility", EligibilityOfDraw(d.eligibility)},
                     {"role", plans::AssigneeKindName(d.role)}});
  Json needs = Json::array();
  for (const auto& n : v.expert_needs)
    needs.push_back(
        {{"department_id", n.department_id}, {"per_target", n.per_target}, {"fields", n.fields}});
  auto opt = [](const auto& x) { return x ? Json(*x) : Json(); };
  Json problems = Json::array();
  Json blocking = Json::array();
  for (const auto& p : s.problems) {
    problems.push_back(p.text);
    blocking.push_back({{"role", plans::AssigneeKindName(p.role)},
                        {"department_id", p.department_id},
                        {"targets", p.targets},
                        {"missing", p.missing},
                        {"text", p.text}});
  }
  return {{"id", r.id},
          {"task_no", r.task_no},
          {"title", r.title},
          {"department_id", r.department_id},
          {"departments", departments},
          {"task_type", r.task_type},
          {"origin", plans::TaskOriginName(r.origin)},
          {"plan_id", opt(r.plan_id)},
          {"batch_seq", opt(r.batch_seq)},
          {"proposal_id", opt(r.proposal_id)},
          {"window_from", r.window_from},
          {"window_to", r.window_to},
          {"filter", r.target_filter},
          {"filter_description", r.filter_description},
          {"ratio", r.ratio_bp ? Json(registers::PercentText(*r.ratio_bp)) : Json()},
          {"confidential", r.confidential},
          {"status", plans::TaskStatusName(r.status)},
          {"status_name", plans::TaskStatusDisplayName(r.status)},
          {"preview", r.preview ? *r.preview : Json()},
          {"target_draw_no", opt(v.target_draw_no)},
          {"target_draw_status",
           v.target_draw_status ? Json(draw::DrawStatusName(*v.target_draw_status)) : Json()},
          {"announced_at", opt(r.announced_at)},
          {"created_at", r.created_at},
          {"target_count", s.targets},
          {"strata", strata},
          {"inspector_draws", draws},
          {"inspector_places", s.inspector_places},
          {"expert_needs", needs},
          {"expert_places", s.expert_places},
          {"problem_count", s.problem_count},
          {"problems", problems},
          {"blocking", blocking}};
}

// One locked target of a page (GET /tasks/{id}/targets): the target, its teams, whether its
// 检查通知书 may be issued.
Json TargetPageLineJson(const service::TaskTargetPageLine& l) {
  Json j = TargetLineJson(l.target);
  j["no"] = l.position;
  Json inspectors = Json::array();
  for (const auto& a : l.inspectors) inspectors.push_back(InspectorLineJson(a));
  Json experts = Json::array();
  for (const auto& e : l.experts) experts.push_back(ExpertLineJson(e));
  j["inspectors"] = std::move(inspectors);
  j["experts"] = std::move(experts);
  j["dispatchable"] = l.dispatchable;
  return j;
}

// The task pages of this request's platform.
service::TaskPages Pages(Call& c) {
  return {c.platform.db(), c.platform.org(), c.platform.tasks()};
}

StatusOr<service::TaskTargetQuery::Teams> TeamsParam(const Request& req) {
  using Teams = service::TaskTargetQuery::Teams;
  const std::string v(req.Query("teams").value_or(""));
  if (v.empty() || v == "all") return Teams::kAll;
  if (v == "short") return Teams::kShort;
  if (v == "full") return Teams::kFull;
  if (v == "ready") return Teams::kReady;
  if (v == "blocked") return Teams::kBlocked;
  return InvalidArgument("QUERY_INVALID",
                         "参数 teams 应为 all、short、full、ready 或 blocked 之一");
}

StatusOr<std::vector<std::string>> Strings(const Json& body, std::string_view key,
                                           std::string_view label) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array())
    return InvalidArgument("FIELD_INVALID", "字段“" + std::string(label) + "”应为文本数组");
  for (const auto& x : *it) {
    if (!x.is_string())
      return InvalidArgument("FIELD_INVALID", "字段“" + std::string(label) + "”应为文本数组");
    out.push_back(x.get<std::string>());
  }
  return out;
}

StatusOr<int64_t> IdParam(const Call& c, const char* name, const char* label) {
  return ParseId(c.request.Param(name), label);
}

StatusOr<plans::PlanContent> ContentFrom(const Json& body) {
  const Json& content = body.contains("content") ? body["content"] : body;
  return plans::PlanContentFromJson(content);
}

StatusOr<service::NewTask> NewTaskFrom(const Json& body) {
  service::NewTask t;
  ASSIGN_OR_RETURN(t.title, RequireString(body, "title", "任务名称"));
  ASSIGN_OR_RETURN(t.department_id, RequireInt(body, "department_id", "部门"));
  ASSIGN_OR_RETURN(auto task_type, OptionalString(body, "task_type", "任务类型"));
  t.task_type = task_type.value_or(std::string(plans::kTaskTypeUndirected));
  ASSIGN_OR_RETURN(std::string from, RequireString(body, "window_from", "检查开始日期"));
  ASSIGN_OR_RETURN(std::string to, RequireString(body, "window_to", "检查结束日期"));
  auto f = Date::Parse(from), e = Date::Parse(to);
  if (!f || !e) return InvalidArgument("FIELD_INVALID", "检查时间应为 YYYY-MM-DD 日期");
  t.window_from = *f;
  t.window_to = *e;
  ASSIGN_OR_RETURN(t.item_codes, Strings(body, "items", "抽查事项"));
  if (body.contains("filter") && !body["filter"].is_null()) {
    ASSIGN_OR_RETURN(t.filter, registers::TargetFilterFromJson(body["filter"]));
  }
  if (body.contains("ratio") && !body["ratio"].is_null()) {
    std::string text =
        body["ratio"].is_string() ? body["ratio"].get<std::string>() : body["ratio"].dump();
    auto bp = registers::ParsePercent(text);
    if (!bp) return InvalidArgument("FIELD_INVALID", "抽查比例应为百分数，如 5 或 2.5");
    t.ratio_bp = *bp;
  }
  ASSIGN_OR_RETURN(t.confidential, OptionalBool(body, "confidential", "是否保密"));
  return t;
}

// A ceremony awaiting a witness (GET /my/witness-draws): enough to list it on the witness's home
// page and to open it; `task` is null for a draw made without a task.
Json WitnessCeremonyJson(const service::WitnessCeremony& w) {
  const auto& d = w.draw.row;
  Json task;
  if (w.task_id) {
    std::string draw;
    switch (w.role) {
      case service::TaskService::DrawRole::kTargets: draw = "targets"; break;
      case service::TaskService::DrawRole::kInspectors: draw = "inspectors"; break;
      case service::TaskService::DrawRole::kExperts: draw = "experts"; break;
    }
    task = {{"id", *w.task_id}, {"task_no", w.task_no}, {"title", w.task_title}, {"draw", draw}};
  }
  return {{"draw_no", d.draw_no},
          {"kind", draw::DrawKindName(d.kind)},
          {"title", d.title},
          {"department_id", d.department_id},
          {"department_name", w.draw.department_name},
          {"committed_at", d.committed_at},
          {"task", task},
          {"registered", w.registered},
          {"witness_count", w.draw.witnesses.size()},
          {"source_count", w.draw.source_names.size()},
          {"values_missing", w.values_missing}};
}
}  // namespace

void AddPlanRoutes(Router& r, const ApiOptions&) {
  // --- plans ---
  r.Add("GET", "/api/v1/public/plans", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto year, QueryYear(c.request));
    ASSIGN_OR_RETURN(auto list, c.platform.plans().ListPublic(year));
    Json items = Json::array();
    for (const auto& v : list) {
      Json j = PlanJson(v);
      Json& batches = j["content"]["batches"];
      for (size_t i = 0; i < batches.size(); ++i) {
        if (i < v.scope_descriptions.size()) batches[i]["scope"] = v.scope_descriptions[i];
        if (i < v.item_names.size()) batches[i]["item_names"] = v.item_names[i];
      }
      items.push_back(std::move(j));
    }
    return Response::Json(200, {{"items", items}});
  });
  r.Add("GET", "/api/v1/plans", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto year, QueryYear(c.request));
    ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
    ASSIGN_OR_RETURN(auto list, c.platform.plans().List(c.principal, dept, year));
    Json items = Json::array();
    for (const auto& v : list) items.push_back(PlanJson(v));
    return Response::Json(200, {{"items", items}});
  });
  r.Add("POST", "/api/v1/plans", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t dept, RequireInt(body, "department_id", "部门"));
          ASSIGN_OR_RETURN(auto content, ContentFrom(body));
          ASSIGN_OR_RETURN(auto v, c.platform.plans().Create(c.principal, dept, content));
          return Response::Json(201, PlanJson(v));
        });
  r.Add("GET", "/api/v1/plans/:id", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "计划"));
    ASSIGN_OR_RETURN(auto v, c.platform.plans().Get(c.principal, id));
    return Response::Json(200, PlanJson(v));
  });
  r.Add("PUT", "/api/v1/plans/:id", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "计划"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(auto content, ContentFrom(body));
          ASSIGN_OR_RETURN(auto v, c.platform.plans().UpdateDraft(c.principal, id, content));
          return Response::Json(200, PlanJson(v));
        });
  struct PlanStep {
    const char* path;
    Permission permission;
    StatusOr<service::PlanView> (*run)(service::PlanService&, const Principal&, int64_t,
                                       const std::string&);
  };
  static const PlanStep kSteps[] = {
      {"submit", Permission::kPlanWrite,
       [](service::PlanService& s, const Principal& p, int64_t id, const std::string&) {
         return s.Submit(p, id);
       }},
      {"return", Permission::kPlanApprove,
       [](service::PlanService& s, const Principal& p, int64_t id, const std::string& n) {
         return s.Return(p, id, n);
       }},
      {"approve", Permission::kPlanApprove,
       [](service::PlanService& s, const Principal& p, int64_t id, const std::string& n) {
         return s.Approve(p, id, n);
       }},
      {"publish", Permission::kPlanWrite,
       [](service::PlanService& s, const Principal& p, int64_t id, const std::string&) {
         return s.Publish(p, id);
       }},
      {"complete", Permission::kPlanWrite,
       [](service::PlanService& s, const Principal& p, int64_t id, const std::string&) {
         return s.Complete(p, id);
       }},
  };
  for (const PlanStep& step : kSteps) {
    r.Add("POST", std::string("/api/v1/plans/:id/") + step.path, Access::Requires(step.permission),
          [run = step.run](Call& c) -> StatusOr<Response> {
            ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "计划"));
            std::string note;
            if (!c.request.body.empty()) {
              ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
              ASSIGN_OR_RETURN(note, NoteOf(body));
            }
            ASSIGN_OR_RETURN(auto v, run(c.platform.plans(), c.principal, id, note));
            return Response::Json(200, PlanJson(v));
          });
  }
  r.Add("POST", "/api/v1/plans/:id/adjust", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "计划"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(std::string reason, RequireString(body, "reason", "调整理由"));
          ASSIGN_OR_RETURN(auto content, ContentFrom(body));
          ASSIGN_OR_RETURN(auto v, c.platform.plans().Adjust(c.principal, id, content, reason));
          return Response::Json(201, PlanJson(v));
        });
  r.Add("GET", "/api/v1/plans/:id/versions", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "计划"));
          ASSIGN_OR_RETURN(auto list, c.platform.plans().Versions(c.principal, id));
          Json items = Json::array();
          for (const auto& v : list) items.push_back(PlanJson(v));
          return Response::Json(200, {{"items", items}});
        });
  r.Add("GET", "/api/v1/plans/:id/diff", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "计划"));
          ASSIGN_OR_RETURN(auto from, QueryInt(c.request, "from"));
          ASSIGN_OR_RETURN(auto to, QueryInt(c.request, "to"));
          if ((from && (*from < 0 || *from > 100000)) || (to && (*to < 0 || *to > 100000)))
            return InvalidArgument("QUERY_INVALID", "参数 from、to 应为计划版本号");
          ASSIGN_OR_RETURN(auto changes, c.platform.plans().Diff(c.principal, id,
                                                                 static_cast<int>(from.value_or(0)),
                                                                 static_cast<int>(to.value_or(0))));
          return Response::Json(200, {{"changes", registers::ChangesToJson(changes)}});
        });
  r.Add("POST", "/api/v1/plans/:id/batches/:seq/tasks", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "计划"));
          ASSIGN_OR_RETURN(int64_t seq, IdParam(c, "seq", "批次"));
          std::string title;
          if (!c.request.body.empty()) {
            ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
            ASSIGN_OR_RETURN(auto given, OptionalString(body, "title", "任务名称"));
            title = given.value_or("");
          }
          ASSIGN_OR_RETURN(auto v, c.platform.tasks().CreateFromBatch(
                                       c.principal, id, static_cast<int>(seq), title));
          return Response::Json(201, TaskJson(v));
        });

  // --- joint proposals ---
  r.Add("POST", "/api/v1/joint/detect", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          std::optional<int> year;
          if (!c.request.body.empty()) {
            ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
            ASSIGN_OR_RETURN(auto y, OptionalInt(body, "year", "年度"));
            if (y && (*y < 2000 || *y > 2100))
              return InvalidArgument("FIELD_INVALID", "年度应在 2000 至 2100 之间");
            if (y) year = static_cast<int>(*y);
          }
          ASSIGN_OR_RETURN(auto created, c.platform.plans().DetectJoint(c.principal, year));
          Json items = Json::array();
          for (const auto& v : created) items.push_back(ProposalJson(v));
          return Response::Json(200, {{"created", items}});
        });
  r.Add("POST", "/api/v1/joint/resolve-expired", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int n, c.platform.plans().ResolveExpired(c.principal));
          return Response::Json(200, {{"resolved", n}});
        });
  r.Add("GET", "/api/v1/joint/proposals", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
          ASSIGN_OR_RETURN(auto list, c.platform.plans().ListProposals(c.principal, dept));
          Json items = Json::array();
          for (const auto& v : list) items.push_back(ProposalJson(v));
          return Response::Json(200, {{"items", items}});
        });
  r.Add("GET", "/api/v1/joint/proposals/:id", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "联合抽查建议"));
          ASSIGN_OR_RETURN(auto v, c.platform.plans().GetProposal(c.principal, id));
          return Response::Json(200, ProposalJson(v));
        });
  r.Add("POST", "/api/v1/joint/proposals/:id/respond", Access::Requires(Permission::kPlanApprove),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "联合抽查建议"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t dept, RequireInt(body, "department_id", "部门"));
          ASSIGN_OR_RETURN(bool accept, RequireBool(body, "accept", "是否参加"));
          ASSIGN_OR_RETURN(std::string note, NoteOf(body));
          ASSIGN_OR_RETURN(auto v, c.platform.plans().Respond(c.principal, id, dept, accept, note));
          return Response::Json(200, ProposalJson(v));
        });

  // --- tasks ---
  r.Add("GET", "/api/v1/public/tasks", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(LimitOffset page, ParseLimitOffset(c.request));
    ASSIGN_OR_RETURN(auto list, Pages(c).ListAnnounced(page.limit, page.offset));
    Json items = Json::array();
    for (const auto& v : list) {
      Json j = TaskJson(v);
      j.erase("filter");
      j.erase("preview");
      items.push_back(std::move(j));
    }
    return Response::Json(200, {{"items", items}});
  });
  r.Add("GET", "/api/v1/public/tasks/:id/targets", Access::Public(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(Paging page, ParsePaging(c.request));
          ASSIGN_OR_RETURN(auto v, Pages(c).PublicTargets(id, c.request.Query("q").value_or(""),
                                                          page.page_size, page.offset()));
          Json items = Json::array();
          for (const auto& l : v.items) {
            Json j = TargetLineJson(l.target);
            j["no"] = l.position;
            items.push_back(std::move(j));
          }
          return Response::Json(200,
                                PageJson(std::move(items), v.total, page.page, page.page_size));
        });
  r.Add("GET", "/api/v1/my/tasks", Access::Requires(Permission::kInspectRecord),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto list, c.platform.tasks().MyTasks(c.principal));
          Json items = Json::array();
          for (const auto& line : list) {
            // An inspector's own targets with their whole teams, not the task's every list.
            Json j = TaskJson(line.task);
            const std::set<int64_t> mine(line.target_ids.begin(), line.target_ids.end());
            Json targets = Json::array(), assignments = Json::array(), experts = Json::array();
            for (const auto& t : line.task.targets)
              if (mine.contains(t.target_id)) targets.push_back(TargetLineJson(t));
            for (const auto& a : line.task.assignments)
              if (mine.contains(a.target_id)) assignments.push_back(InspectorLineJson(a));
            for (const auto& e : line.task.experts)
              if (mine.contains(e.target_id)) experts.push_back(ExpertLineJson(e));
            j["targets"] = std::move(targets);
            j["assignments"] = std::move(assignments);
            j["experts"] = std::move(experts);
            j["my_target_ids"] = line.target_ids;
            items.push_back(std::move(j));
          }
          return Response::Json(200, {{"items", items}});
        });
  r.Add("GET", "/api/v1/my/witness-draws", Access::Requires(Permission::kDrawWitness),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto list, c.platform.tasks().WitnessCeremonies(c.principal));
          Json items = Json::array();
          for (const auto& w : list) items.push_back(WitnessCeremonyJson(w));
          return Response::Json(200, {{"items", items}});
        });
  r.Add("GET", "/api/v1/tasks", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
    ASSIGN_OR_RETURN(auto plan, QueryId(c.request, "plan_id"));
    ASSIGN_OR_RETURN(auto list, Pages(c).List(c.principal, dept, plan));
    Json items = Json::array();
    for (const auto& v : list) items.push_back(TaskJson(v));
    return Response::Json(200, {{"items", items}});
  });
  r.Add("POST", "/api/v1/tasks", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(auto t, NewTaskFrom(body));
          ASSIGN_OR_RETURN(auto v, c.platform.tasks().CreateAdhoc(c.principal, t));
          return Response::Json(201, TaskJson(v));
        });
  r.Add("GET", "/api/v1/tasks/:id", Access::Authenticated(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
    ASSIGN_OR_RETURN(auto v, Pages(c).Get(c.principal, id));
    return Response::Json(200, TaskJson(v));
  });
  r.Add("GET", "/api/v1/tasks/:id/targets", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(Paging page, ParsePaging(c.request));
          service::TaskTargetQuery q;
          q.text = c.request.Query("q").value_or("");
          if (auto s = c.request.Query("stratum"); s && !s->empty()) q.stratum = *s;
          if (auto d = c.request.Query("draw_no"); d && !d->empty()) q.draw_no = *d;
          ASSIGN_OR_RETURN(q.department_id, QueryId(c.request, "department_id"));
          if (auto role = c.request.Query("role"); role && !role->empty()) {
            auto kind = plans::ParseAssigneeKind(*role);
            if (!kind)
              return InvalidArgument("QUERY_INVALID", "参数 role 应为 inspector 或 expert");
            q.role = *kind;
          }
          ASSIGN_OR_RETURN(q.teams, TeamsParam(c.request));
          q.limit = page.page_size;
          q.offset = page.offset();
          ASSIGN_OR_RETURN(auto v, Pages(c).Targets(c.principal, id, q));
          Json items = Json::array();
          for (const auto& l : v.items) items.push_back(TargetPageLineJson(l));
          return Response::Json(200,
                                PageJson(std::move(items), v.total, page.page, page.page_size));
        });
  r.Add("GET", "/api/v1/tasks/:id/preview", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(auto p, c.platform.tasks().Preview(c.principal, id));
          return Response::Json(200, service::TaskPreviewToJson(p));
        });
  r.Add("POST", "/api/v1/tasks/:id/commit", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(auto sources, Strings(body, "sources", "随机数来源"));
          ASSIGN_OR_RETURN(auto v, c.platform.tasks().CommitTargets(c.principal, id, sources));
          return Response::Json(200, TaskJson(v));
        });
  r.Add("POST", "/api/v1/tasks/:id/reveal", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          std::vector<std::string> values;
          if (!c.request.body.empty()) {
            ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
            ASSIGN_OR_RETURN(values, Strings(body, "values", "随机数来源的值"));
          }
          ASSIGN_OR_RETURN(auto v, c.platform.ceremony().RevealTargets(c.principal, id, values));
          return Response::Json(200, TaskJson(v));
        });
  r.Add("GET", "/api/v1/tasks/:id/eligibility", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
          if (!dept) return InvalidArgument("FIELD_REQUIRED", "缺少必填参数：department_id");
          ASSIGN_OR_RETURN(auto e, c.platform.tasks().InspectorEligibility(c.principal, id, *dept));
          return Response::Json(200, plans::EligibilitySummaryToJson(e));
        });
  r.Add("POST", "/api/v1/tasks/:id/inspectors/commit", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t dept, RequireInt(body, "department_id", "部门"));
          ASSIGN_OR_RETURN(auto sources, Strings(body, "sources", "随机数来源"));
          ASSIGN_OR_RETURN(auto v,
                           c.platform.tasks().CommitInspectors(c.principal, id, dept, sources));
          return Response::Json(200, TaskJson(v));
        });
  // Reveals any assignment draw of the task: inspectors or experts.
  for (const char* path :
       {"/api/v1/tasks/:id/inspectors/reveal", "/api/v1/tasks/:id/experts/reveal"})
    r.Add("POST", path, Access::Requires(Permission::kPlanWrite),
          [](Call& c) -> StatusOr<Response> {
            ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
            ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
            ASSIGN_OR_RETURN(std::string draw_no, RequireString(body, "draw_no", "抽取编号"));
            ASSIGN_OR_RETURN(auto values, Strings(body, "values", "随机数来源的值"));
            ASSIGN_OR_RETURN(
                auto v, c.platform.ceremony().RevealAssignments(c.principal, id, draw_no, values));
            return Response::Json(200, TaskJson(v));
          });
  r.Add("GET", "/api/v1/tasks/:id/expert-eligibility", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(auto dept, QueryId(c.request, "department_id"));
          if (!dept) return InvalidArgument("FIELD_REQUIRED", "缺少必填参数：department_id");
          ASSIGN_OR_RETURN(auto e, c.platform.tasks().ExpertEligibility(c.principal, id, *dept));
          return Response::Json(200, plans::EligibilitySummaryToJson(e));
        });
  r.Add("POST", "/api/v1/tasks/:id/experts/commit", Access::Requires(Permission::kPlanWrite),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(Json body, ParseJsonObject(c.request));
          ASSIGN_OR_RETURN(int64_t dept, RequireInt(body, "department_id", "部门"));
          ASSIGN_OR_RETURN(auto sources, Strings(body, "sources", "随机数来源"));
          ASSIGN_OR_RETURN(auto v,
                           c.platform.tasks().CommitExperts(c.principal, id, dept, sources));
          return Response::Json(200, TaskJson(v));
        });
  r.Add("GET", "/api/v1/tasks/:id/notices/:target", Access::Authenticated(),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(int64_t id, IdParam(c, "id", "任务"));
          ASSIGN_OR_RETURN(int64_t target, IdParam(c, "target", "检查对象"));
          ASSIGN_OR_RETURN(auto notice, c.platform.tasks().Notice(c.principal, id, target));
          Response resp;
          resp.body = render::NoticeHtml(notice);
          resp.SetHeader("Content-Type", "text/html; charset=utf-8");
          return resp;
        });
}

}  // namespace suiji::api
