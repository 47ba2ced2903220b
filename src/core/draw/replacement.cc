#include "core/draw/replacement.h"

#include <algorithm>

namespace suiji::draw {
namespace {

std::string Quote(std::string_view s) { return "“" + std::string(s) + "”"; }

}  // namespace

TargetReplacer::TargetReplacer(const TargetDraw& draw, const TargetDrawResult& result)
    : draw_(draw), result_(result), used_(result.strata.size(), 0) {
  for (size_t s = 0; s < result.strata.size(); ++s) {
    for (const uint32_t index : result.strata[s].selected()) {
      active_.emplace(draw.input().pool[index].id, s);
    }
  }
}

StatusOr<std::optional<std::string>> TargetReplacer::Replace(std::string_view out) {
  const auto it = active_.find(std::string(out));
  if (it == active_.end()) {
    return InvalidArgument(kReasonReplaceNotInDraw,
                           "检查对象" + Quote(out) + "不在本次抽取的当前结果中，无法替换");
  }
  const size_t s = it->second;
  active_.erase(it);
  const auto reserve = result_.strata[s].reserve();
  if (used_[s] >= reserve.size()) return std::optional<std::string>();
  std::string in = draw_.input().pool[reserve[used_[s]++]].id.str();
  active_.emplace(in, s);
  return std::optional<std::string>(std::move(in));
}

InspectorReplacer::InspectorReplacer(const AssignResult& result, uint32_t cap)
    : cap_(cap), teams_(result.teams) {
  for (size_t i = 0; i < teams_.size(); ++i) {
    task_index_.emplace(teams_[i].task, i);
    for (const std::string& inspector : teams_[i].inspectors) ++load_[inspector];
  }
}

StatusOr<std::optional<std::string>> InspectorReplacer::Replace(std::string_view task,
                                                                std::string_view out) {
  const auto t = task_index_.find(std::string(task));
  if (t == task_index_.end()) {
    return InvalidArgument(kReasonReplaceUnknownTask, "任务" + Quote(task) + "不在本次抽取中");
  }
  TaskTeam& team = teams_[t->second];
  const auto member = std::find(team.inspectors.begin(), team.inspectors.end(), out);
  if (member == team.inspectors.end()) {
    return InvalidArgument(kReasonReplaceNotInTeam, "检查人员" + Quote(out) + "不在任务" +
                                                        Quote(task) + "的当前检查组中，无法替换");
  }
  team.inspectors.erase(member);
  --load_[std::string(out)];
  // The walk resumes after the last inspector it examined: people passed over before (at cap
  // then) are not revisited, exactly as if the walk had never stopped.
  while (team.walked < team.walk.size()) {
    const std::string& candidate = team.walk[team.walked++];
    uint32_t& l = load_[candidate];
    if (l < cap_) {
      ++l;
      team.inspectors.push_back(candidate);
      return std::optional<std::string>(candidate);
    }
  }
  team.unfilled = true;
  return std::optional<std::string>();
}

}  // namespace suiji::draw
