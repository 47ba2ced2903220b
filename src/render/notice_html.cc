#include "render/notice_html.h"

namespace suiji::render {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

std::string ChineseDate(const Date& d) {
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) +
         "日";
}

namespace {

// Joins escaped values with `sep` (a literal of ours, not escaped).
std::string JoinEscaped(const std::vector<std::string>& values, std::string_view sep) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += sep;
    out += EscapeHtml(v);
  }
  return out;
}

std::string Row(std::initializer_list<std::string_view> escaped_cells) {
  std::string out = "<tr>";
  for (auto cell : escaped_cells) {
    out += "<td>";
    out += cell;
    out += "</td>";
  }
  return out + "</tr>";
}

}  // namespace

std::string NoticeHtml(const plans::InspectionNotice& n) {
  const auto e = [](std::string_view s) { return EscapeHtml(s); };
  std::string items_html;
  for (const auto& i : n.items)
    items_html += Row({e(i.code), e(i.name), JoinEscaped(i.legal_basis, "；")});
  std::string team_html;
  for (const auto& p : n.inspectors)
    team_html += Row({e(p.name), e(p.cert_no), e(p.department_name)});
  std::string experts_html;
  if (!n.experts.empty()) {
    experts_html =
        "<h3>随同检查的专家</h3><table><tr><th>姓名</th><th>职称</th><th>所在单位</th></tr>";
    for (const auto& x : n.experts) experts_html += Row({e(x.name), e(x.title), e(x.organisation)});
    experts_html += "</table>";
  }
  return R"HTML(<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>检查通知书</title>
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
         e(n.Number()) + R"HTML(</div>
<p><b>)HTML" +
         e(n.target_name) + R"HTML(</b>：</p>
<p>根据“双随机、一公开”监管工作要求，经随机抽取，你单位被列为抽查任务“)HTML" +
         e(n.task_title) + R"HTML(”的检查对象。执法检查人员将于 )HTML" +
         e(ChineseDate(n.window_from)) + " 至 " + e(ChineseDate(n.window_to)) +
         R"HTML( 期间依法对你单位进行检查，请予以配合。</p>
<p>检查对象：)HTML" +
         e(n.target_name) + "（" + e(n.target_key) + "）<br>住所（经营场所）：" +
         e(n.target_address) +
         R"HTML(</p>
<h3>检查事项</h3><table><tr><th>事项编码</th><th>事项名称</th><th>检查依据</th></tr>)HTML" +
         items_html + R"HTML(</table>
<h3>执法检查人员</h3><table><tr><th>姓名</th><th>执法证号</th><th>所属部门</th></tr>)HTML" +
         team_html + R"HTML(</table>
)HTML" + experts_html +
         R"HTML(
<h3>请准备以下材料</h3>
<ol><li>营业执照（登记证书）及相关许可证件；</li><li>与检查事项有关的制度、台账、记录和票据；</li>
<li>法定代表人（负责人）身份证明或授权委托书；</li><li>检查人员要求提供的其他材料。</li></ol>
<p class="note">检查人员少于两人或未出示执法证件的，你单位有权拒绝检查。检查人员与你单位有利害关系的，你单位有权申请其回避。
本次抽取过程及结果可在“双随机、一公开”平台公开栏目查询和验证（抽取编号 )HTML" +
         e(n.target_draw_no.value_or("")) + R"HTML()。</p>
<div class="sign">)HTML" +
         JoinEscaped(n.department_names, "、") + "<br>（盖章）<br>" + e(ChineseDate(n.issued_on)) +
         R"HTML(</div>
</body></html>)HTML";
}

}  // namespace suiji::render
