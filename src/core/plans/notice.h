// The 检查通知书 (inspection notice) of one target of a dispatched task, as plain values: what
// TaskService::Notice returns and what the edge renders (src/render/notice_html.h). No markup
// here; every field is text as stored, to be escaped by whoever renders it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace suiji::plans {

struct NoticeItem {
  std::string code;
  std::string name;
  std::vector<std::string> legal_basis;  // 检查依据, in the item's order
};

// A member of the inspection team (执法检查人员) or an accompanying expert (随同检查的专家).
struct NoticeInspector {
  std::string name;
  std::string cert_no;          // 执法证号
  std::string department_name;  // 所属部门
};
struct NoticeExpert {
  std::string name;
  std::string title;         // 职称
  std::string organisation;  // 所在单位
};

struct InspectionNotice {
  std::string task_no;
  std::string task_title;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;  // 统一社会信用代码 (or the register's key)
  std::string target_address;
  Date window_from;
  Date window_to;
  std::vector<NoticeItem> items;              // every participating department's items
  std::vector<NoticeInspector> inspectors;    // never empty: no notice without a team
  std::vector<NoticeExpert> experts;          // empty when no item needs experts
  std::vector<std::string> department_names;  // the issuing departments (盖章)
  Date issued_on;                             // the day the notice is printed (China date)
  std::optional<std::string> target_draw_no;  // 抽取编号, to verify the draw on the portal

  // "<task_no>-<target_id>": the notice's number.
  std::string Number() const { return task_no + "-" + std::to_string(target_id); }
};

}  // namespace suiji::plans
