// Credit linkage, the domain half (SPEC §CREDIT, §PUB; issue 13): which published results raise a
// 经营异常名录 or 严重违法失信名单 proposal, when a proposal is due, how a result moves the
// target's credit-risk class, and what the 免罚清单 mark does.
//
// Pure values and functions: no I/O. service/credit stores, authorises and audits.
//
// The rules, and why:
//  - 经营异常名录 (《企业经营异常名录管理暂行办法》 art. 4): 未按规定公示应当公示的信息,
//    公示信息隐瞒真实情况、弄虚作假, 通过登记的住所（经营场所）无法联系.
//  - 严重违法失信名单: 不配合检查情节严重 — the only 检查结果 that is itself a serious violation
//    (refusing or obstructing an inspection, 《市场监督管理严重违法失信名单管理办法》 art. 9);
//    other serious cases come from case handling, outside the random-inspection result.
//  - A proposal is due on the 10th working day after the fact was established (查实之日 = the
//    inspection's 检查完成日期; 暂行办法 art. 10–11: the listing decision is made within 10
//    working days), counted on the official calendar with holidays and 调休.
//  - An item marked 免罚清单 (a minor first violation, seed 002) is recorded and published as such
//    and counts as no violation: it raises no proposal and moves no risk class.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/time.h"

namespace suiji::credit {

// The two credit lists a result may lead to.
enum class ListKind { kAbnormal, kSerious };
std::string_view ListKindName(ListKind k);     // "abnormal" | "serious"
std::string_view ListKindDisplay(ListKind k);  // 经营异常名录 | 严重违法失信名单
std::optional<ListKind> ParseListKind(std::string_view stored);

enum class ProposalStatus { kPending, kApproved, kRejected };
std::string_view ProposalStatusName(ProposalStatus s);     // "pending" …
std::string_view ProposalStatusDisplay(ProposalStatus s);  // 待决定 / 已列入 / 不予列入
std::optional<ProposalStatus> ParseProposalStatus(std::string_view stored);

// The list a 检查结果 proposes, if any.
std::optional<ListKind> ListFor(std::string_view result);

// Working days an approver has to decide a proposal (SPEC §PUB: abnormal-list proposals 10).
inline constexpr int kProposalWorkingDays = 10;

// The 10th working day after `found_on`.
CalendarResult<Date> ProposalDeadline(const WorkingCalendar& calendar, Date found_on);

// One recorded item as far as credit is concerned.
struct ItemOutcome {
  std::string result;    // 检查结果
  bool lenient = false;  // 免罚清单: a minor first violation, counted as no violation
};

// The results that count for credit: the cannot-inspect outcome and every item's result except
// the 免罚清单 ones, in order and without duplicates.
std::vector<std::string> CountedResults(const std::vector<ItemOutcome>& items,
                                        std::string_view cannot_inspect);

// The lists the counted results propose, each once (abnormal first).
std::vector<std::pair<ListKind, std::string>> ProposalsFor(
    const std::vector<std::string>& counted_results);

// The department's published rule "results of these kinds move the target to this class"
// (SamplingPolicy::credit_risk_moves). A class only ever rises here (A < B < C < D): a worse
// result never improves a class, and lowering a class is the periodic 信用风险分类 re-rating's
// business, not a single inspection's. Returns the new class when it changes.
std::optional<std::string> RiskClassAfter(const std::map<std::string, std::string>& moves,
                                          const std::vector<std::string>& counted_results,
                                          std::string_view current_class);

// The default rule of every department (documented in docs/design.md §Credit linkage).
std::map<std::string, std::string> DefaultRiskMoves();

}  // namespace suiji::credit
