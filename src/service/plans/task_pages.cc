#include "service/plans/task_pages.h"

#include <algorithm>
#include <unordered_map>

#include "core/registers/fields.h"
#include "service/plans/task_internal.h"
#include "service/readable_scope.h"
#include "store/draw_store.h"
#include "store/plans/plan_store.h"
#include "store/plans/task_page_store.h"

namespace suiji::service {

using task_detail::EffectiveRules;
using task_detail::ExpertNeedOf;
using task_detail::TaskNotFound;

namespace {

TaskTargetLine TargetLineOf(const store::TaskTargetLineRow& t, const OrgSnapshot& snap) {
  TaskTargetLine line{t.target.target_id, t.target.draw_key, t.name,
                      t.address,          t.target.stratum,  ""};
  if (t.target.locked) {
    line.unit_name = t.target.locked->unit_name;
  } else if (const Unit* u = t.unit_id ? snap.FindUnit(*t.unit_id) : nullptr) {
    line.unit_name = u->name;
  }
  return line;
}

TaskAssignmentLine InspectorLineOf(const store::AssignmentLineRow& a, const OrgSnapshot& snap) {
  TaskAssignmentLine line{
      a.row.target_id, a.row.department_id, a.row.person_id, a.name, a.number, "", a.draw_no};
  if (const Unit* u = a.unit_id ? snap.FindUnit(*a.unit_id) : nullptr) line.unit_name = u->name;
  return line;
}

TaskExpertLine ExpertLineOf(const store::AssignmentLineRow& a) {
  return {a.row.target_id, a.row.department_id, a.row.person_id, a.name,
          a.number,        a.organisation,      a.title,         a.draw_no};
}

std::string ProblemLineText(const std::string& department, plans::AssigneeKind role,
                            int64_t targets, int64_t missing) {
  return role == plans::AssigneeKind::kExpert
             ? department + "：" + std::to_string(targets) + " 个检查对象尚缺随同专家（共缺 " +
                   std::to_string(missing) + " 名）"
             : department + "：" + std::to_string(targets) + " 个检查组未满员（共缺 " +
                   std::to_string(missing) + " 名执法检查人员）";
}

// The summary of a fully loaded view, counted from its lists.
TaskSummary SummaryOfLists(const TaskView& v) {
  TaskSummary s;
  s.targets = static_cast<int64_t>(v.targets.size());
  for (const auto& t : v.targets) {
    auto it = std::find_if(s.strata.begin(), s.strata.end(),
                           [&](const auto& x) { return x.first == t.stratum; });
    if (it == s.strata.end()) {
      s.strata.emplace_back(t.stratum, 1);
    } else {
      ++it->second;
    }
  }
  s.inspector_places = static_cast<int64_t>(v.assignments.size());
  s.expert_places = static_cast<int64_t>(v.experts.size());
  s.problem_count = static_cast<int64_t>(v.problems.size());
  for (const auto& p : v.problems) {
    if (!p.target_id) {
      s.problems.push_back({p.role, p.department_id, 0, p.missing, p.text});
      continue;
    }
    auto it = std::find_if(s.problems.begin(), s.problems.end(), [&](const TaskProblemLine& l) {
      return l.targets > 0 && l.role == p.role && l.department_id == p.department_id;
    });
    if (it == s.problems.end())
      it = s.problems.insert(s.problems.end(), {p.role, p.department_id, 0, 0, ""});
    ++it->targets;
    it->missing += p.missing;
  }
  for (auto& l : s.problems)
    if (l.targets > 0)
      l.text = ProblemLineText(v.DepartmentName(l.department_id), l.role, l.targets, l.missing);
  return s;
}

// The places every locked target of `v` needs: each department's inspectors, and experts where
// its items ask for them (v.expert_needs); `drawn` once the department has drawn them.
struct PlaceNeed {
  store::PlaceRequirement required;
  bool drawn = false;
};

StatusOr<std::vector<PlaceNeed>> PlaceNeedsOf(store::Connection& c, const TaskView& v) {
  std::vector<PlaceNeed> out;
  for (size_t i = 0; i < v.departments.size(); ++i) {
    const int64_t dept = v.departments[i].department_id;
    ASSIGN_OR_RETURN(auto rules, EffectiveRules(c, dept));
    PlaceNeed n;
    n.required = {plans::AssigneeKind::kInspector, dept, rules.policy.inspectors_per_task};
    n.drawn = std::any_of(v.inspector_draws.begin(), v.inspector_draws.end(), [&](auto& d) {
      return d.department_id == dept && d.role == plans::AssigneeKind::kInspector;
    });
    out.push_back(n);
  }
  for (const auto& need : v.expert_needs) {
    PlaceNeed n;
    n.required = {plans::AssigneeKind::kExpert, need.department_id, need.per_target};
    n.drawn = std::any_of(v.inspector_draws.begin(), v.inspector_draws.end(), [&](auto& x) {
      return x.department_id == need.department_id && x.role == plans::AssigneeKind::kExpert;
    });
    out.push_back(n);
  }
  return out;
}

}  // namespace

TaskSummary SummaryOf(const TaskView& whole) { return SummaryOfLists(whole); }

StatusOr<TaskView> TaskService::GetSummary(const Principal& who, int64_t task_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(TaskView v, LoadSummaryIn(*conn, task_id));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return v;
}

StatusOr<TaskView> TaskService::LoadSummaryIn(store::Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(TaskView v, LoadHeadIn(c, task_id));
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto need, ExpertNeedOf(c, d.department_id, d.item_codes));
    if (need.per_target > 0) v.expert_needs.push_back(std::move(need));
  }
  TaskSummary& s = v.summary;
  ASSIGN_OR_RETURN(auto strata, store::CountTaskTargetsByStratum(c, task_id));
  for (auto& x : strata) {
    s.targets += x.count;
    s.strata.emplace_back(std::move(x.stratum), x.count);
  }
  ASSIGN_OR_RETURN(s.inspector_places,
                   store::CountTaskPlaces(c, store::Assignee::kInspector, task_id));
  ASSIGN_OR_RETURN(s.expert_places, store::CountTaskPlaces(c, store::Assignee::kExpert, task_id));
  if (!plans::TargetsLocked(v.row.status)) return v;
  // The same problems as LoadIn lists, counted per department and kind.
  ASSIGN_OR_RETURN(auto needs, PlaceNeedsOf(c, v));
  for (const auto& n : needs) {
    const auto& r = n.required;
    const std::string name = v.DepartmentName(r.department_id);
    const bool expert = r.who == plans::AssigneeKind::kExpert;
    if (!n.drawn) {
      s.problems.push_back({r.who, r.department_id, 0, r.per_target,
                            expert ? name + "：检查事项需要专家参与，尚未抽取专家"
                                   : name + "：尚未抽取执法检查人员"});
      ++s.problem_count;
      continue;
    }
    ASSIGN_OR_RETURN(auto shortfall, store::CountShortfall(c, task_id, r));
    if (shortfall.targets == 0) continue;
    s.problems.push_back({r.who, r.department_id, shortfall.targets, shortfall.missing,
                          ProblemLineText(name, r.who, shortfall.targets, shortfall.missing)});
    s.problem_count += shortfall.targets;
  }
  return v;
}

StatusOr<TaskView> TaskPages::Get(const Principal& who, int64_t task_id) {
  return tasks_.GetSummary(who, task_id);
}

StatusOr<std::vector<TaskView>> TaskPages::List(const Principal& who,
                                                std::optional<int64_t> department_id,
                                                std::optional<int64_t> plan_id) {
  store::TaskQuery q;
  q.department_id = department_id;
  q.plan_id = plan_id;
  q.limit = 200;
  // The reader's scope is part of the query: the newest 200 are the newest 200 readable tasks.
  ASSIGN_OR_RETURN(q.within_departments, ReadableDepartments(org_, who, kDepartmentRecordReaders));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListTasks(*conn, q));
  std::vector<TaskView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(TaskView v, tasks_.LoadSummaryIn(*conn, r.id));
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::vector<TaskView>> TaskPages::ListAnnounced(int limit, int offset) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::TaskQuery q;
  q.announced_only = true;
  q.limit = std::clamp(limit, 1, 200);
  q.offset = std::max(offset, 0);
  ASSIGN_OR_RETURN(auto rows, store::ListTasks(*conn, q));
  std::vector<TaskView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(TaskView v, tasks_.LoadSummaryIn(*conn, r.id));
    // Who goes where is not announced in advance; a confidential task's list is not public.
    TaskSummary& s = v.summary;
    s.inspector_places = s.expert_places = s.problem_count = 0;
    s.problems.clear();
    if (v.row.confidential) {
      s.targets = 0;
      s.strata.clear();
    }
    out.push_back(std::move(v));
  }
  return out;
}

// --- pages of a task's targets ---------------------------------------------------------------

StatusOr<TaskTargetPageView> TaskPages::Targets(const Principal& who, int64_t task_id,
                                                const TaskTargetQuery& q) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::Connection& c = *conn;
  ASSIGN_OR_RETURN(TaskView v, tasks_.LoadHeadIn(c, task_id));
  RETURN_IF_ERROR(tasks_.RequireReadable(who, v));
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto need, ExpertNeedOf(c, d.department_id, d.item_codes));
    if (need.per_target > 0) v.expert_needs.push_back(std::move(need));
  }
  ASSIGN_OR_RETURN(auto needs, PlaceNeedsOf(c, v));
  const bool locked = plans::TargetsLocked(v.row.status);
  const bool all_drawn =
      std::all_of(needs.begin(), needs.end(), [](const PlaceNeed& n) { return n.drawn; });

  store::TaskTargetPageQuery sq;
  sq.task_id = task_id;
  sq.text = std::string(registers::TrimText(q.text));
  sq.match_people = true;
  sq.stratum = q.stratum;
  sq.limit = q.limit;
  sq.offset = q.offset;
  if (q.draw_no) {
    ASSIGN_OR_RETURN(auto draw, store::FindDrawByNo(c, *q.draw_no));
    // A number that is not one of the task's draws matches nothing.
    const bool ours = draw && std::any_of(v.inspector_draws.begin(), v.inspector_draws.end(),
                                          [&](const auto& d) { return d.draw_no == *q.draw_no; });
    sq.draw_id = ours ? draw->id : -1;
  }
  using Teams = TaskTargetQuery::Teams;
  using Places = store::TaskTargetPageQuery::Places;
  std::vector<store::PlaceRequirement> all;
  for (const auto& n : needs) all.push_back(n.required);
  switch (q.teams) {
    case Teams::kAll: break;
    case Teams::kShort:
    case Teams::kFull:
      sq.places = q.teams == Teams::kShort ? Places::kShort : Places::kFull;
      for (const auto& r : all)
        if (!q.department_id || (r.department_id == *q.department_id && r.who == q.role))
          sq.requirements.push_back(r);
      if (q.department_id && sq.requirements.empty())  // a department without such places
        sq.requirements.push_back({q.role, *q.department_id, 0});
      break;
    case Teams::kReady:
      // Nothing is ready while a department has still to draw (or before the lock).
      sq.places = Places::kFull;
      sq.requirements = all;
      if (!locked || !all_drawn) {
        sq.places = Places::kShort;
        sq.requirements.clear();
      }
      break;
    case Teams::kBlocked:
      // While a department has still to draw, every target waits.
      if (locked && all_drawn) {
        sq.places = Places::kShort;
        sq.requirements = all;
      }
      break;
  }
  ASSIGN_OR_RETURN(auto page, store::ListTaskTargetPage(c, sq));
  std::vector<int64_t> ids;
  ids.reserve(page.rows.size());
  for (const auto& r : page.rows) ids.push_back(r.target.target_id);
  ASSIGN_OR_RETURN(auto inspectors,
                   store::ListAssignmentLinesOf(c, store::Assignee::kInspector, task_id, ids));
  ASSIGN_OR_RETURN(auto experts,
                   store::ListAssignmentLinesOf(c, store::Assignee::kExpert, task_id, ids));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  TaskTargetPageView out;
  out.total = page.total;
  out.items.reserve(page.rows.size());
  std::unordered_map<int64_t, size_t> at;
  for (const auto& r : page.rows) {
    at.emplace(r.target.target_id, out.items.size());
    out.items.push_back({r.target.position, TargetLineOf(r, *snap), {}, {}, false});
  }
  for (const auto& a : inspectors)
    out.items[at.at(a.row.target_id)].inspectors.push_back(InspectorLineOf(a, *snap));
  for (const auto& a : experts)
    out.items[at.at(a.row.target_id)].experts.push_back(ExpertLineOf(a));
  for (auto& line : out.items) {
    line.dispatchable =
        locked && all_drawn && std::all_of(needs.begin(), needs.end(), [&](const PlaceNeed& n) {
          const auto& r = n.required;
          int64_t have = 0;
          if (r.who == plans::AssigneeKind::kExpert) {
            have = std::count_if(line.experts.begin(), line.experts.end(),
                                 [&](const auto& e) { return e.department_id == r.department_id; });
          } else {
            have = std::count_if(line.inspectors.begin(), line.inspectors.end(),
                                 [&](const auto& a) { return a.department_id == r.department_id; });
          }
          return have >= r.per_target;
        });
  }
  return out;
}

StatusOr<TaskTargetPageView> TaskPages::PublicTargets(int64_t task_id, const std::string& text,
                                                      int64_t limit, int64_t offset) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto row, store::FindTask(*conn, task_id));
  if (!row || !row->announced_at) return TaskNotFound(task_id);
  TaskTargetPageView out;
  if (row->confidential) return out;
  store::TaskTargetPageQuery sq;
  sq.task_id = task_id;
  sq.text = std::string(registers::TrimText(text));
  sq.limit = limit;
  sq.offset = offset;
  ASSIGN_OR_RETURN(auto page, store::ListTaskTargetPage(*conn, sq));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  out.total = page.total;
  for (const auto& r : page.rows)
    out.items.push_back({r.target.position, TargetLineOf(r, *snap), {}, {}, false});
  return out;
}

}  // namespace suiji::service
