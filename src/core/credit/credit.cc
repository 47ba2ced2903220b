#include "core/credit/credit.h"

#include <algorithm>

namespace suiji::credit {

std::string_view ListKindName(ListKind k) {
  return k == ListKind::kAbnormal ? "abnormal" : "serious";
}

std::string_view ListKindDisplay(ListKind k) {
  return k == ListKind::kAbnormal ? "经营异常名录" : "严重违法失信名单";
}

std::optional<ListKind> ParseListKind(std::string_view stored) {
  if (stored == "abnormal") return ListKind::kAbnormal;
  if (stored == "serious") return ListKind::kSerious;
  return std::nullopt;
}

std::string_view ProposalStatusName(ProposalStatus s) {
  switch (s) {
    case ProposalStatus::kPending: return "pending";
    case ProposalStatus::kApproved: return "approved";
    case ProposalStatus::kRejected: return "rejected";
  }
  return "pending";
}

std::string_view ProposalStatusDisplay(ProposalStatus s) {
  switch (s) {
    case ProposalStatus::kPending: return "待决定";
    case ProposalStatus::kApproved: return "已列入";
    case ProposalStatus::kRejected: return "不予列入";
  }
  return "待决定";
}

std::optional<ProposalStatus> ParseProposalStatus(std::string_view stored) {
  for (auto s : {ProposalStatus::kPending, ProposalStatus::kApproved, ProposalStatus::kRejected})
    if (ProposalStatusName(s) == stored) return s;
  return std::nullopt;
}

std::optional<ListKind> ListFor(std::string_view result) {
  if (result == "未按规定公示应当公示的信息" || result == "公示信息隐瞒真实情况、弄虚作假" ||
      result == "通过登记的住所（经营场所）无法联系")
    return ListKind::kAbnormal;
  if (result == "不配合检查情节严重") return ListKind::kSerious;
  return std::nullopt;
}

CalendarResult<Date> ProposalDeadline(const WorkingCalendar& calendar, Date found_on) {
  return calendar.AddWorkingDays(found_on, kProposalWorkingDays);
}

std::vector<std::string> CountedResults(const std::vector<ItemOutcome>& items,
                                        std::string_view cannot_inspect) {
  std::vector<std::string> out;
  auto add = [&](std::string_view r) {
    if (r.empty() || std::find(out.begin(), out.end(), r) != out.end()) return;
    out.emplace_back(r);
  };
  add(cannot_inspect);
  for (const auto& it : items)
    if (!it.lenient) add(it.result);
  return out;
}

std::vector<std::pair<ListKind, std::string>> ProposalsFor(
    const std::vector<std::string>& counted_results) {
  std::vector<std::pair<ListKind, std::string>> out;
  for (ListKind kind : {ListKind::kAbnormal, ListKind::kSerious}) {
    std::string reasons;
    for (const auto& r : counted_results) {
      if (ListFor(r) != kind) continue;
      if (!reasons.empty()) reasons += "；";
      reasons += r;
    }
    if (!reasons.empty()) out.emplace_back(kind, reasons);
  }
  return out;
}

namespace {

int ClassRank(std::string_view c) {
  if (c == "A") return 1;
  if (c == "B") return 2;
  if (c == "C") return 3;
  if (c == "D") return 4;
  return 0;
}

}  // namespace

std::optional<std::string> RiskClassAfter(const std::map<std::string, std::string>& moves,
                                          const std::vector<std::string>& counted_results,
                                          std::string_view current_class) {
  std::string best(current_class);
  for (const auto& r : counted_results) {
    auto it = moves.find(r);
    if (it != moves.end() && ClassRank(it->second) > ClassRank(best)) best = it->second;
  }
  if (best == current_class) return std::nullopt;
  return best;
}

std::map<std::string, std::string> DefaultRiskMoves() {
  return {{"未按规定公示应当公示的信息", "C"},
          {"通过登记的住所（经营场所）无法联系", "C"},
          {"发现问题待后续处理", "C"},
          {"公示信息隐瞒真实情况、弄虚作假", "D"},
          {"不配合检查情节严重", "D"}};
}

}  // namespace suiji::credit
