// TaskService::AuditChecks: the inspection list and the teams the public and the inspectors
// rely on must be what the audited lock entries wrote (docs/adr/0007-audit-coverage.md).
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "service/plans/task_internal.h"
#include "service/plans/task_service.h"
#include "store/audit_store.h"
#include "store/draw_store.h"
#include "store/plans/plan_store.h"

namespace suiji::service {

using Json = nlohmann::json;

struct TaskService::AuditLog {
  struct Lock {
    int64_t seq = 0;
    std::string action;
    Json payload;
  };
  std::map<std::string, Lock> targets;  // task_no -> last task.lock_targets
  std::map<std::pair<std::string, std::string>, Lock>
      teams;  // (task_no, draw_no) -> last team lock
};

namespace {

std::string EntryName(const TaskService::AuditLog::Lock& l) {
  return "第 " + std::to_string(l.seq) + " 条审计记录（" + l.action + "）";
}

// (target id, position) -> person id.
using Team = std::map<std::pair<int64_t, int>, int64_t>;

}  // namespace

StatusOr<std::optional<std::string>> TaskService::CheckLockedRows(store::Connection& c,
                                                                  const AuditLog& log) {
  using Problem = std::optional<std::string>;
  ASSIGN_OR_RETURN(auto records, store::ListTasksForAudit(c));
  for (const auto& record : records) {
    const std::string of = "（任务 " + record.number;
    ASSIGN_OR_RETURN(auto task, store::FindTask(c, record.id));
    if (!task) continue;
    ASSIGN_OR_RETURN(auto rows, store::ListTaskTargets(c, record.id));
    std::set<int64_t> locked_ids;
    for (const auto& r : rows) locked_ids.insert(r.target_id);
    auto lock = log.targets.find(record.number);
    if (lock == log.targets.end()) {
      if (!rows.empty())
        return Problem("task_targets 第 " + std::to_string(rows.front().position) + " 行" + of +
                       "）没有对应的审计记录（task.lock_targets），检查对象名单被篡改");
    } else {
      const Json& p = lock->second.payload;
      const std::string draw_no = p.value("draw_no", "");
      const std::string with = of + "，抽取 " + draw_no + "）";
      if (!task->target_draw_id)
        return Problem("tasks 行" + of + "）字段 target_draw_id 为空，与" +
                       EntryName(lock->second) + "不符");
      ASSIGN_OR_RETURN(DrawView draw, draws_.LoadIn(c, *task->target_draw_id));
      if (draw.row.draw_no != draw_no)
        return Problem("tasks 行" + of + "）字段 target_draw_id 与" + EntryName(lock->second) +
                       "不符");
      // What LockTargets writes: the verified draw's current outcome, stratum by stratum.
      auto outcome = draws_.OutcomeIn(c, draw);
      if (!outcome.ok())
        return Problem("task_targets" + with + "：无法重新计算抽取结果（" +
                       std::string(outcome.status().message()) + "）");
      std::vector<std::pair<std::string, std::string>> expected;  // (key, stratum) by position - 1
      for (const auto& [stratum, keys] : outcome->selected)
        for (const auto& key : keys) expected.emplace_back(key, stratum);
      std::vector<int64_t> committed;  // the rows the pool was committed over, when it says
      for (const auto& rows : outcome->selected_target_ids)
        committed.insert(committed.end(), rows.begin(), rows.end());
      const Json ids = p.contains("target_ids") ? p["target_ids"]
                                                : Json();  // absent in entries of older binaries
      std::map<int, const store::TaskTargetRow*> by_position;
      for (const auto& r : rows) by_position[r.position] = &r;
      for (size_t i = 0; i < expected.size(); ++i) {
        const int position = static_cast<int>(i) + 1;
        const std::string row = "task_targets 第 " + std::to_string(position) + " 行" + with;
        auto it = by_position.find(position);
        if (it == by_position.end())
          return Problem(row + "已被删除（抽取结果中第 " + std::to_string(position) +
                         " 个检查对象为 " + expected[i].first + "），检查对象名单与抽取结果不符");
        const store::TaskTargetRow& r = *it->second;
        std::string field;
        if (r.draw_key != expected[i].first) field = "draw_key";
        else if (r.stratum != expected[i].second) field = "stratum";
        if (!field.empty())
          return Problem(row + "字段 " + field + " 与抽取结果不符，检查对象名单被篡改");
        if (ids.is_array() && (i >= ids.size() || ids[i] != r.target_id))
          return Problem(row + "字段 target_id 与审计记录不符（" + EntryName(lock->second) +
                         "），检查对象名单被篡改");
        if (i < committed.size() && r.target_id != committed[i])
          return Problem(row + "字段 target_id 与抽取承诺时名单中的检查对象（编号 " +
                         std::to_string(committed[i]) + "）不符，检查对象名单被篡改");
      }
      // The facts the public reads (entries of older binaries carry no digest).
      if (p.contains("snapshot_sha256") &&
          p["snapshot_sha256"] != task_detail::LockedFactsDigest(rows))
        return Problem("task_targets" + with + "：检查对象锁定时的名称、地址或属地单位与" +
                       EntryName(lock->second) + "不符，公告内容被篡改");
      for (const auto& r : rows)
        if (r.position < 1 || static_cast<size_t>(r.position) > expected.size())
          return Problem("task_targets 第 " + std::to_string(r.position) + " 行" + with +
                         "不在抽取结果中（没有对应的审计记录），检查对象名单被篡改");
    }

    // Teams: every row of an assignment draw must be one its last lock entry wrote, and back.
    for (store::Assignee who : {store::Assignee::kInspector, store::Assignee::kExpert}) {
      const bool experts = who == store::Assignee::kExpert;
      const std::string table = experts ? "task_expert_assignments" : "task_assignments";
      const std::string person = experts ? "expert_id" : "inspector_id";
      ASSIGN_OR_RETURN(auto assigned, store::ListAssignments(c, who, record.id));
      std::map<int64_t, std::vector<const store::AssignmentRow*>> by_draw;
      for (const auto& a : assigned) by_draw[a.draw_id].push_back(&a);
      std::set<int64_t> accounted;
      for (const auto& [key, team_lock] : log.teams) {
        if (key.first != record.number || (team_lock.action == "task.lock_experts") != experts)
          continue;
        ASSIGN_OR_RETURN(auto draw, store::FindDrawByNo(c, key.second));
        if (!draw) continue;  // the draw checks report a missing draw
        accounted.insert(draw->id);
        const Json& p = team_lock.payload;
        const std::string with = of + "，抽取 " + key.second;
        const auto& actual = by_draw[draw->id];
        for (const auto* a : actual)
          if (p.contains("department_id") && p["department_id"] != a->department_id)
            return Problem(table + " 中检查对象 " + std::to_string(a->target_id) + " 的第 " +
                           std::to_string(a->position) + " 位" + with +
                           "）字段 department_id 与审计记录不符（" + EntryName(team_lock) + "）");
        if (!p.contains("rows")) {
          // Entries of older binaries carry only the count, and only while no target was
          // replaced since (a replacement drops the replaced target's team without a team entry).
          auto later = log.targets.find(record.number);
          const bool relocked = later != log.targets.end() && later->second.seq > team_lock.seq;
          if (!relocked &&
              p.value("assignments", int64_t{-1}) != static_cast<int64_t>(actual.size()))
            return Problem(table + with + "）的行数与审计记录不符（" + EntryName(team_lock) +
                           "记录了 " + std::to_string(p.value("assignments", int64_t{0})) +
                           " 行，现有 " + std::to_string(actual.size()) + " 行），人员分派被篡改");
          continue;
        }
        Team want, have;
        for (const auto& r : p["rows"])
          if (r.is_array() && r.size() == 3 && locked_ids.contains(r[0].get<int64_t>()))
            want[{r[0].get<int64_t>(), r[2].get<int>()}] = r[1].get<int64_t>();
        for (const auto* a : actual) have[{a->target_id, a->position}] = a->person_id;
        for (const auto& [place, id] : want) {
          const std::string row = table + " 中检查对象 " + std::to_string(place.first) + " 的第 " +
                                  std::to_string(place.second) + " 位" + with + "）";
          auto it = have.find(place);
          if (it == have.end())
            return Problem(row + "已被删除（" + EntryName(team_lock) + "），人员分派被篡改");
          if (it->second != id)
            return Problem(row + "字段 " + person + " 与审计记录不符（" + EntryName(team_lock) +
                           "），人员分派被篡改");
        }
        for (const auto& [place, id] : have)
          if (!want.contains(place))
            return Problem(table + " 中检查对象 " + std::to_string(place.first) + " 的第 " +
                           std::to_string(place.second) + " 位" + with +
                           "）没有对应的审计记录，人员分派被篡改");
      }
      for (const auto& [draw_id, actual] : by_draw)
        if (!accounted.contains(draw_id) && !actual.empty())
          return Problem(
              table + " 中检查对象 " + std::to_string(actual.front()->target_id) + " 的第 " +
              std::to_string(actual.front()->position) + " 位" + of + "）没有对应的审计记录（" +
              (experts ? "task.lock_experts" : "task.lock_inspectors") + "），人员分派被篡改");
    }
  }
  return Problem();
}

std::vector<AuditContentCheck> TaskService::AuditChecks() {
  auto log = std::make_shared<AuditLog>();
  auto entry = [log](store::Connection&,
                     const AuditEntry& e) -> StatusOr<std::optional<std::string>> {
    if (e.entity != "task") return std::optional<std::string>();
    if (e.action == "task.lock_targets") {
      log->targets[e.entity_id] = {e.seq, e.action, Json::parse(e.payload, nullptr, false)};
    } else if (e.action == "task.lock_inspectors" || e.action == "task.lock_experts") {
      Json payload = Json::parse(e.payload, nullptr, false);
      const std::string draw_no = payload.value("draw_no", "");
      log->teams[{e.entity_id, draw_no}] = {e.seq, e.action, std::move(payload)};
    }
    return std::optional<std::string>();
  };
  return {{entry, [this, log](store::Connection& c) { return CheckLockedRows(c, *log); }}};
}

}  // namespace suiji::service
