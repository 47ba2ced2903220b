#include "core/inspections/inspection.h"

#include <algorithm>
#include <set>

namespace suiji::inspections {
namespace {

using registers::Problems;
using registers::RegistrationStatus;

constexpr char kNoProblem[] = "未发现问题";
constexpr size_t kMaxText = 2000;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Length of the run of digits (and, for landlines, one '-' after a leading area code) at s[i].
size_t DigitRun(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && IsAsciiDigit(s[j])) ++j;
  return j - i;
}

}  // namespace

std::string_view RecordStatusName(RecordStatus s) {
  switch (s) {
    case RecordStatus::kPending: return "pending";
    case RecordStatus::kSubmitted: return "submitted";
    case RecordStatus::kReturned: return "returned";
    case RecordStatus::kApproved: return "approved";
    case RecordStatus::kPublished: return "published";
  }
  return "pending";
}

std::string_view RecordStatusDisplay(RecordStatus s) {
  switch (s) {
    case RecordStatus::kPending: return "未录入";
    case RecordStatus::kSubmitted: return "待审核";
    case RecordStatus::kReturned: return "退回";
    case RecordStatus::kApproved: return "已审核";
    case RecordStatus::kPublished: return "已公示";
  }
  return "未录入";
}

std::optional<RecordStatus> ParseRecordStatus(std::string_view stored) {
  for (RecordStatus s : {RecordStatus::kPending, RecordStatus::kSubmitted, RecordStatus::kReturned,
                         RecordStatus::kApproved, RecordStatus::kPublished})
    if (RecordStatusName(s) == stored) return s;
  return std::nullopt;
}

const std::vector<CannotInspectOutcome>& CannotInspectOutcomes() {
  static const std::vector<CannotInspectOutcome> all = {
      {"已注销", {RegistrationStatus::kCancelled, false, ""}},
      {"已被吊销", {RegistrationStatus::kRevoked, false, ""}},
      {"已被撤销", {RegistrationStatus::kAnnulled, false, ""}},
      {"已迁出", {RegistrationStatus::kMovedOut, false, ""}},
      {"通过登记的住所（经营场所）无法联系", {std::nullopt, false, kUnreachableTag}},
      {"已关闭停业或正在组织清算", {std::nullopt, true, ""}},
  };
  return all;
}

const CannotInspectOutcome* FindCannotInspect(std::string_view result) {
  for (const auto& o : CannotInspectOutcomes())
    if (o.result == result) return &o;
  return nullptr;
}

bool ApplyTargetEffect(const CannotInspectOutcome& outcome, registers::Target& t) {
  bool changed = false;
  if (outcome.effect.registration) {
    const std::string next(registers::RegistrationStatusName(*outcome.effect.registration));
    if (t.reg_status != next) t.reg_status = next, changed = true;
  }
  if (outcome.effect.not_operating && t.surviving) t.surviving = false, changed = true;
  if (!outcome.effect.tag.empty() &&
      std::find(t.tags.begin(), t.tags.end(), outcome.effect.tag) == t.tags.end()) {
    t.tags.push_back(outcome.effect.tag);
    changed = true;
  }
  return changed;
}

namespace {

void CheckDate(Problems& p, const std::string& key, const std::string& label,
               const std::optional<Date>& d, Date earliest, Date today) {
  if (!d) return;
  if (*d > today) p.push_back({key, label, "不能晚于今天（" + today.ToString() + "）"});
  else if (*d < earliest)
    p.push_back({key, label, "不能早于任务开始日期（" + earliest.ToString() + "）"});
}

Problems Check(const RecordEntry& e, const std::vector<std::string>& task_items,
               const registers::DictionarySet& dicts, Date earliest, Date today, bool complete) {
  Problems p;
  const auto& results = dicts.Get(registers::dict::kInspectionResult);
  const auto& follow_ups = dicts.Get(registers::dict::kFollowUp);
  const auto& methods = dicts.Get(registers::dict::kCheckMethod);
  registers::CheckText(p, "remark", "备注", e.remark, false, kMaxText, true);
  if (!e.cannot_inspect.empty()) {
    if (!FindCannotInspect(e.cannot_inspect))
      p.push_back({"cannot_inspect", "无法检查情形",
                   "“" + e.cannot_inspect +
                       "”不在无法检查情形清单中（已注销、已被吊销、已被撤销、已迁出、"
                       "通过登记的住所（经营场所）无法联系、已关闭停业或正在组织清算）"});
    CheckDate(p, "cannot_inspect_on", "核查日期", e.cannot_inspect_on, earliest, today);
    if (complete && !e.cannot_inspect_on)
      p.push_back({"cannot_inspect_on", "核查日期", "不能为空"});
  }
  std::set<std::string> seen;
  for (const ItemEntry& it : e.items) {
    const std::string key = "items." + it.item_code;
    const std::string label = "事项 " + it.item_code;
    if (std::find(task_items.begin(), task_items.end(), it.item_code) == task_items.end()) {
      p.push_back({key, label, "不是本部门在此任务中的抽查事项"});
      continue;
    }
    if (!seen.insert(it.item_code).second) {
      p.push_back({key, label, "重复录入"});
      continue;
    }
    for (const auto& m : it.methods)
      if (!methods.Accepts(m))
        p.push_back({key + ".methods", label + " 检查方式", "“" + m + "”不是有效的检查方式"});
    if (!it.result.empty() && !results.Accepts(it.result))
      p.push_back(
          {key + ".result", label + " 检查结果", "应为 " + results.AcceptedList() + " 之一"});
    else if (!it.result.empty() && FindCannotInspect(it.result))
      p.push_back({key + ".result", label + " 检查结果",
                   "“" + it.result + "”属于无法检查情形，请在“无法检查”中选择"});
    // 免罚清单 covers minor first violations only: a finding of no problem needs no leniency,
    // and a serious obstruction of the inspection is never minor.
    if (it.lenient && (it.result == kNoProblem || it.result == "不配合检查情节严重"))
      p.push_back({key + ".lenient", label + " 免罚清单",
                   "“" + it.result + "”不能按免罚清单（轻微违法首次发现）处理"});
    if (!it.follow_up.empty() && !follow_ups.Accepts(it.follow_up))
      p.push_back(
          {key + ".follow_up", label + " 后续处置", "应为 " + follow_ups.AcceptedList() + " 之一"});
    registers::CheckText(p, (key + ".findings").c_str(), "发现问题情况", it.findings, false,
                         kMaxText, true);
    registers::CheckText(p, (key + ".handling").c_str(), "处置情况", it.handling, false, kMaxText,
                         true);
    CheckDate(p, key + ".inspected_on", label + " 检查日期", it.inspected_on, earliest, today);
    if (complete && e.cannot_inspect.empty()) {
      if (it.methods.empty()) p.push_back({key + ".methods", label + " 检查方式", "至少选择一种"});
      if (!it.inspected_on) p.push_back({key + ".inspected_on", label + " 检查日期", "不能为空"});
      if (it.result.empty()) p.push_back({key + ".result", label + " 检查结果", "不能为空"});
      if (it.follow_up.empty()) p.push_back({key + ".follow_up", label + " 后续处置", "不能为空"});
      if (!it.result.empty() && it.result != kNoProblem && it.findings.empty())
        p.push_back({key + ".findings", label + " 发现问题情况",
                     "检查结果为“" + it.result + "”时应写明发现的问题"});
    }
  }
  if (complete && e.cannot_inspect.empty())
    for (const auto& code : task_items)
      if (!seen.contains(code)) p.push_back({"items." + code, "事项 " + code, "尚未录入"});
  return p;
}

}  // namespace

Problems CheckDraft(const RecordEntry& e, const std::vector<std::string>& task_items,
                    const registers::DictionarySet& dicts, Date earliest, Date today) {
  return Check(e, task_items, dicts, earliest, today, false);
}

Problems CheckComplete(const RecordEntry& e, const std::vector<std::string>& task_items,
                       const registers::DictionarySet& dicts, Date earliest, Date today) {
  return Check(e, task_items, dicts, earliest, today, true);
}

std::optional<Date> CompletedOn(const RecordEntry& e) {
  if (!e.cannot_inspect.empty()) return e.cannot_inspect_on;
  std::optional<Date> last;
  for (const auto& it : e.items)
    if (it.inspected_on && (!last || *it.inspected_on > *last)) last = it.inspected_on;
  return last;
}

std::string SummaryResult(const RecordEntry& e, const registers::Dictionary& results) {
  if (!e.cannot_inspect.empty()) return e.cannot_inspect;
  std::string out;
  for (const auto& entry : results.entries) {
    if (entry.value == kNoProblem) continue;
    const bool found = std::any_of(e.items.begin(), e.items.end(),
                                   [&](auto& it) { return it.result == entry.value; });
    if (!found) continue;
    if (!out.empty()) out += "；";
    out += entry.value;
  }
  return out.empty() ? kNoProblem : out;
}

std::string LenientNote(const RecordEntry& e) {
  std::string out;
  for (const auto& it : e.items)
    if (it.lenient)
      out +=
          "；免罚清单：" + it.item_code + " " + it.result + "，轻微违法首次发现，依法不予行政处罚";
  return out;
}

std::string RedactPersonalData(std::string_view text) {
  static constexpr char kMask[] = "＊＊＊";
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const bool boundary = i == 0 || !IsAsciiDigit(text[i - 1]);
    if (!boundary || !IsAsciiDigit(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t n = DigitRun(text, i);
    // 18-digit resident ID (the last may be X), 17 digits + X.
    if (n == 17 && i + 17 < text.size() && (text[i + 17] == 'X' || text[i + 17] == 'x')) n = 18;
    const bool id_number = n == 18 || n == 15;
    const bool mobile = n == 11 && text[i] == '1';
    // Landline: 3-4 digit area code starting with 0, '-', 7-8 digits.
    bool landline = false;
    size_t landline_len = 0;
    if ((n == 3 || n == 4) && text[i] == '0' && i + n < text.size() && text[i + n] == '-') {
      const size_t local = DigitRun(text, i + n + 1);
      if (local == 7 || local == 8) landline = true, landline_len = n + 1 + local;
    }
    if ((n == 7 || n == 8) && !landline) {
      // A bare 7-8 digit local number is a phone number too when it follows 电话/手机/联系.
      const std::string_view before = text.substr(i >= 12 ? i - 12 : 0, std::min<size_t>(i, 12));
      for (std::string_view cue : {"电话", "手机", "联系"})
        if (before.find(cue) != std::string_view::npos) landline = true, landline_len = n;
    }
    if (id_number || mobile || landline) {
      out += kMask;
      i += landline ? landline_len : n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

CalendarResult<Date> PublicationDeadline(const WorkingCalendar& calendar, Date completed_on) {
  return calendar.AddWorkingDays(completed_on, kPublicationWorkingDays);
}

}  // namespace suiji::inspections
