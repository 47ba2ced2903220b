#include "render/notice_html.h"

#include <gtest/gtest.h>

namespace suiji::render {
namespace {

plans::InspectionNotice OnePersonNotice() {
  plans::InspectionNotice n;
  n.task_no = "JS-SCJG-2026-0007";
  n.task_title = "2026年食品经营者抽查";
  n.target_id = 42;
  n.target_name = "郑州测试商贸有限公司";
  n.target_key = "91410105MA00000001";
  n.target_address = "金水区花园路1号";
  n.window_from = {2026, 3, 5};
  n.window_to = {2026, 12, 31};
  n.items = {{"SCJG-SP-02", "食品经营许可检查", {"《食品安全法》第三十五条", "《条例》第十条"}}};
  n.inspectors = {{"张伟", "豫A12345", "金水区市场监督管理局"}};
  n.department_names = {"金水区市场监督管理局", "金水区卫生健康委员会"};
  n.issued_on = {2026, 11, 20};
  n.target_draw_no = "JS-SCJG-2026-D0003";
  return n;
}

size_t Count(const std::string& haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1))
    ++n;
  return n;
}

TEST(NoticeHtmlTest, EscapeHtmlEscapesEveryMarkupCharacter) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x" title='y'>&</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("食品经营许可"), "食品经营许可");
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(NoticeHtmlTest, ShowsTheTaskTargetItemsTeamAndDates) {
  const std::string html = NoticeHtml(OnePersonNotice());
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(html.find("<h1>检查通知书</h1>"), std::string::npos);
  EXPECT_NE(html.find(R"(<div class="no">JS-SCJG-2026-0007-42</div>)"), std::string::npos);
  EXPECT_NE(html.find("<p><b>郑州测试商贸有限公司</b>：</p>"), std::string::npos);
  EXPECT_NE(html.find("抽查任务“2026年食品经营者抽查”的检查对象"), std::string::npos);
  EXPECT_NE(html.find("将于 2026年3月5日 至 2026年12月31日 期间"), std::string::npos);
  EXPECT_NE(
      html.find("郑州测试商贸有限公司（91410105MA00000001）<br>住所（经营场所）：金水区花园路1号"),
      std::string::npos);
  EXPECT_NE(html.find("<tr><td>SCJG-SP-02</td><td>食品经营许可检查</td>"
                      "<td>《食品安全法》第三十五条；《条例》第十条</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("（抽取编号 JS-SCJG-2026-D0003)。"), std::string::npos);
  EXPECT_NE(
      html.find(
          R"(<div class="sign">金水区市场监督管理局、金水区卫生健康委员会<br>（盖章）<br>2026年11月20日</div>)"),
      std::string::npos);
  EXPECT_EQ(html.substr(html.size() - 14), "</body></html>");
}

// A one-person team is listed as it is (one row, no padding), and the notice still tells the
// target of its right to refuse fewer than two inspectors (行政执法 requires two).
TEST(NoticeHtmlTest, OnePersonTeamIsOneRowAndTheTwoInspectorRuleIsStated) {
  const std::string html = NoticeHtml(OnePersonNotice());
  EXPECT_NE(html.find("<h3>执法检查人员</h3><table><tr><th>姓名</th><th>执法证号</th>"
                      "<th>所属部门</th></tr><tr><td>张伟</td><td>豫A12345</td>"
                      "<td>金水区市场监督管理局</td></tr></table>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("检查人员少于两人或未出示执法证件的，你单位有权拒绝检查"), std::string::npos);
  EXPECT_EQ(Count(html, "<td>张伟</td>"), 1u);
}

TEST(NoticeHtmlTest, ExpertsSectionOnlyWhenThereAreExperts) {
  plans::InspectionNotice n = OnePersonNotice();
  EXPECT_EQ(NoticeHtml(n).find("随同检查的专家"), std::string::npos);
  n.experts = {{"吴海涛", "主任药师", "市食品药品检验所"}};
  const std::string html = NoticeHtml(n);
  EXPECT_NE(html.find("<h3>随同检查的专家</h3><table><tr><th>姓名</th><th>职称</th>"
                      "<th>所在单位</th></tr><tr><td>吴海涛</td><td>主任药师</td>"
                      "<td>市食品药品检验所</td></tr></table>"),
            std::string::npos)
      << html;
}

// Every value from the registers is text, never markup: a hostile target name, address, item,
// inspector or department cannot inject an element into the printed notice.
TEST(NoticeHtmlTest, EveryInterpolatedValueIsEscaped) {
  const std::string evil = "<script>alert('x')</script>&\"";
  const std::string safe = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;";
  plans::InspectionNotice n = OnePersonNotice();
  n.task_no = evil;
  n.task_title = evil;
  n.target_name = evil;
  n.target_key = evil;
  n.target_address = evil;
  n.items = {{evil, evil, {evil, evil}}};
  n.inspectors = {{evil, evil, evil}};
  n.experts = {{evil, evil, evil}};
  n.department_names = {evil, evil};
  n.target_draw_no = evil;
  const std::string html = NoticeHtml(n);
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("alert('x')"), std::string::npos);
  // task_no (in the number), title, name ×2, key, address, item code, name and basis ×2,
  // inspector ×3, expert ×3, department ×2, draw number.
  EXPECT_EQ(Count(html, safe), 19u) << html;
}

TEST(NoticeHtmlTest, NoDrawNumberLeavesTheParenthesesEmpty) {
  plans::InspectionNotice n = OnePersonNotice();
  n.target_draw_no.reset();
  EXPECT_NE(NoticeHtml(n).find("（抽取编号 )。"), std::string::npos);
}

}  // namespace
}  // namespace suiji::render
