#include "service/plans/task_service.h"

#include <algorithm>
#include <set>

#include "core/registers/people.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/plans/task_internal.h"
#include "service/readable_scope.h"
#include "store/org_store.h"
#include "store/registers/item_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {

using task_detail::Codes;
using task_detail::ItemsOf;

namespace {

std::string Escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
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

std::string ChineseDate(const std::string& iso) {
  auto d = Date::Parse(iso.substr(0, 10));
  if (!d) return iso;
  return std::to_string(d->year) + "年" + std::to_string(d->month) + "月" + std::to_string(d->day) +
         "日";
}

}  // namespace

StatusOr<std::string> TaskService::NoticeHtml(const Principal& who, int64_t task_id,
                                              int64_t target_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  auto t = std::find_if(v.targets.begin(), v.targets.end(),
                        [&](auto& x) { return x.target_id == target_id; });
  if (t == v.targets.end()) return NotFound("TASK_TARGET_NOT_FOUND", "该检查对象不在此任务中");
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  std::string items_html, materials;
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto items, ItemsOf(*conn, d.department_id, Codes(d.item_codes)));
    for (const auto& i : items) {
      std::string basis;
      for (const auto& b : i.legal_basis) basis += (basis.empty() ? "" : "；") + b;
      items_html += "<tr><td>" + Escape(i.code) + "</td><td>" + Escape(i.name) + "</td><td>" +
                    Escape(basis) + "</td></tr>";
    }
  }
  std::string team_html;
  for (const auto& a : v.assignments) {
    if (a.target_id != target_id) continue;
    team_html += "<tr><td>" + Escape(a.name) + "</td><td>" + Escape(a.cert_no) + "</td><td>" +
                 Escape(v.DepartmentName(a.department_id)) + "</td></tr>";
  }
  if (team_html.empty())
    return FailedPrecondition("TASK_NOT_DISPATCHED",
                              "该检查对象尚未选派执法检查人员，不能出具检查通知书");
  std::string experts_html;
  for (const auto& e : v.experts) {
    if (e.target_id != target_id) continue;
    experts_html += "<tr><td>" + Escape(e.name) + "</td><td>" + Escape(e.title) + "</td><td>" +
                    Escape(e.organisation) + "</td></tr>";
  }
  if (!experts_html.empty())
    experts_html =
        "<h3>随同检查的专家</h3><table><tr><th>姓名</th><th>职称</th><th>所在单位</th></tr>" +
        experts_html + "</table>";
  std::string departments;
  for (const auto& n : v.department_names) departments += (departments.empty() ? "" : "、") + n;
  const std::string today = ChinaDate(clock_.Now()).ToString();
  std::string html =
      R"HTML(<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>检查通知书</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;max-width:760px;margin:24px auto;padding:0 16px;color:#111;line-height:1.9}
h1{text-align:center;font-size:26px;letter-spacing:6px;margin:8px 0}
.no{text-align:center;color:#444;margin-bottom:24px}
table{width:100%;border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #555;padding:6px 8px;font-size:14px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.sign{text-align:right;margin-top:40px}.note{font-size:13px;color:#444}
@media print{body{margin:0 auto}.noprint{display:none}}
</style></head><body>
<p class="noprint note">请使用浏览器的“打印”功能（Ctrl+P）打印本通知书。</p>
<h1>检查通知书</h1>
<div class="no">)HTML" +
      Escape(v.row.task_no) + "-" + std::to_string(t->target_id) + R"HTML(</div>
<p><b>)HTML" +
      Escape(t->name) + R"HTML(</b>：</p>
<p>根据“双随机、一公开”监管工作要求，经随机抽取，你单位被列为抽查任务“)HTML" +
      Escape(v.row.title) + R"HTML(”的检查对象。执法检查人员将于 )HTML" +
      ChineseDate(v.row.window_from) + " 至 " + ChineseDate(v.row.window_to) +
      R"HTML( 期间依法对你单位进行检查，请予以配合。</p>
<p>检查对象：)HTML" +
      Escape(t->name) + "（" + Escape(t->key) + "）<br>住所（经营场所）：" + Escape(t->address) +
      R"HTML(</p>
<h3>检查事项</h3><table><tr><th>事项编码</th><th>事项名称</th><th>检查依据</th></tr>)HTML" +
      items_html + R"HTML(</table>
<h3>执法检查人员</h3><table><tr><th>姓名</th><th>执法证号</th><th>所属部门</th></tr>)HTML" +
      team_html + R"HTML(</table>
)HTML" +
      experts_html + R"HTML(
<h3>请准备以下材料</h3>
<ol><li>营业执照（登记证书）及相关许可证件；</li><li>与检查事项有关的制度、台账、记录和票据；</li>
<li>法定代表人（负责人）身份证明或授权委托书；</li><li>检查人员要求提供的其他材料。</li></ol>
<p class="note">检查人员少于两人或未出示执法证件的，你单位有权拒绝检查。检查人员与你单位有利害关系的，你单位有权申请其回避。
本次抽取过程及结果可在“双随机、一公开”平台公开栏目查询和验证（抽取编号 )HTML" +
      Escape(v.target_draw_no.value_or("")) + R"HTML()。</p>
<div class="sign">)HTML" +
      Escape(departments) + "<br>（盖章）<br>" + ChineseDate(today) + R"HTML(</div>
</body></html>)HTML";
  return html;
}

}  // namespace suiji::service
