// 一公开, the domain half (SPEC §EXEC, §PUB): an inspection record per task target and inspecting
// department, its review states, the closed list of "cannot inspect" outcomes and what each does
// to the target directory, the one result a record publishes, the public record and its
// redaction, and the publication deadline (20 working days after the inspection was completed).
//
// Pure values and functions: no I/O. The service layer (service/inspections) stores, authorises
// and audits; this file decides what is valid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/registers/dictionary.h"
#include "core/registers/fields.h"
#include "core/registers/target.h"
#include "core/status.h"
#include "core/time.h"

namespace suiji::inspections {

// Result states (SPEC §PUB): 未录入 → 待审核 ⇄ 退回 → 已审核 → 已公示. A record that was never
// saved is kPending; a saved draft stays kPending until it is submitted.
enum class RecordStatus { kPending, kSubmitted, kReturned, kApproved, kPublished };

// The stored form ("pending", "submitted" …) and the Chinese name (未录入, 待审核 …).
std::string_view RecordStatusName(RecordStatus s);
std::string_view RecordStatusDisplay(RecordStatus s);
std::optional<RecordStatus> ParseRecordStatus(std::string_view stored);

// Whether the recorder may still change the record (drafts and returned records).
inline bool Editable(RecordStatus s) {
  return s == RecordStatus::kPending || s == RecordStatus::kReturned;
}

// What a "cannot inspect" outcome does to the target directory.
struct TargetEffect {
  std::optional<registers::RegistrationStatus> registration;  // 登记状态 becomes this
  bool not_operating = false;                                 // 实际经营 becomes false
  std::string tag;                                            // this tag is added
};

// The closed list of outcomes for a target that could not be inspected (SPEC §EXEC, §ENUM:
// values of the 检查结果 dictionary), with their effect on the directory.
struct CannotInspectOutcome {
  std::string_view result;  // the 检查结果 value, e.g. "已注销"
  TargetEffect effect;
};
const std::vector<CannotInspectOutcome>& CannotInspectOutcomes();
const CannotInspectOutcome* FindCannotInspect(std::string_view result);

// The tag a 无法联系 outcome adds to the target.
inline constexpr char kUnreachableTag[] = "住所无法联系";

// Applies `outcome` to `t`; returns whether anything changed.
bool ApplyTargetEffect(const CannotInspectOutcome& outcome, registers::Target& t);

// What the inspectors recorded for one inspection item.
struct ItemEntry {
  std::string item_code;
  std::vector<std::string> methods;  // 检查方式 (dictionary check_method)
  std::optional<Date> inspected_on;  // 检查日期
  std::string findings;              // 发现问题情况
  std::string handling;              // 处置情况
  std::string result;                // 检查结果 (dictionary inspection_result)
  std::string follow_up;             // 后续处置 (dictionary follow_up)
  bool confidential = false;         // the findings hold trade secrets: never published
  // 免罚清单 (seed 002): a minor first violation, published as such, counted as no violation
  // (no credit-list proposal, no risk-class move; core/credit).
  bool lenient = false;
  friend bool operator==(const ItemEntry&, const ItemEntry&) = default;
};

// The editable part of a record.
struct RecordEntry {
  std::string cannot_inspect;             // "" or a CannotInspectOutcomes() result
  std::optional<Date> cannot_inspect_on;  // when the visit found it (cannot-inspect records)
  std::vector<ItemEntry> items;
  std::string remark;  // 备注: published, after redaction
  friend bool operator==(const RecordEntry&, const RecordEntry&) = default;
};

// Checks a draft: every value from its dictionary, texts within limits, dates not in the future
// and not before `earliest` (the task's window start). Missing values are allowed in a draft.
registers::Problems CheckDraft(const RecordEntry& e, const std::vector<std::string>& task_items,
                               const registers::DictionarySet& dicts, Date earliest, Date today);
// Checks a record for submission: everything CheckDraft checks, plus completeness — every task
// item recorded with method, date and result (or a cannot-inspect outcome and its date).
registers::Problems CheckComplete(const RecordEntry& e, const std::vector<std::string>& task_items,
                                  const registers::DictionarySet& dicts, Date earliest, Date today);

// The inspection's completion date: the latest item date, or the cannot-inspect date.
std::optional<Date> CompletedOn(const RecordEntry& e);

// The one 检查结果 a record publishes: the cannot-inspect outcome; else 未发现问题 when every item
// found none; else the distinct other results in dictionary order, joined with "；".
std::string SummaryResult(const RecordEntry& e, const registers::Dictionary& results);

// What the public record says of the items marked 免罚清单 (seed 002): "" when none, else
// "；免罚清单：<item> <result>，轻微违法首次发现，依法不予行政处罚" per item.
std::string LenientNote(const RecordEntry& e);

// Removes personal data from free text that goes public: 18-digit resident ID numbers, mobile
// and landline phone numbers become "＊＊＊" (seeds 000/001: no personal data in public).
std::string RedactPersonalData(std::string_view text);

// The public record, shaped like the national 公示系统's (SPEC §PUB).
struct PublicResult {
  std::string publication_no;
  std::string credit_code;  // 统一社会信用代码 (or 注册号 / 对象编号)
  std::string name;         // 名称
  std::string plan_no;      // 抽查计划编号 ("" for an ad hoc task)
  std::string plan_name;
  std::string task_no;  // 抽查任务编号
  std::string task_name;
  std::string inspection_type;  // 抽查类型: 定向 / 不定向
  std::string authority;        // 检查机关
  Date completed_on;            // 检查完成日期
  std::string result;           // 检查结果
  std::string remark;           // 备注 (redacted)
  Date published_on;
  Date deadline;                        // 公示期限: 20 working days after completed_on
  std::optional<std::string> corrects;  // the publication_no this one corrects
};

// The working days a department has to publish after the inspection (seeds 000, 004).
inline constexpr int kPublicationWorkingDays = 20;
// "Due soon" in lists: the deadline is at most this many working days away.
inline constexpr int kDueSoonWorkingDays = 3;

// The publication deadline: the 20th working day after `completed_on`.
CalendarResult<Date> PublicationDeadline(const WorkingCalendar& calendar, Date completed_on);

}  // namespace suiji::inspections
