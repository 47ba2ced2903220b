#include "cli/task_commands.h"

#include <fstream>

#include "render/notice_html.h"
#include "service/plans/task_pages.h"
#include "service/platform.h"

namespace suiji::cli {
namespace {

struct ListArgs {
  PlatformOpenOptions db;
  int64_t department_id = 0;
};

struct ShowArgs {
  PlatformOpenOptions db;
  int64_t task_id = 0;
};

struct NoticeArgs {
  PlatformOpenOptions db;
  int64_t task_id = 0;
  int64_t target_id = 0;
  std::string out;
};

void PrintTask(std::ostream& out, const service::TaskView& v) {
  const auto& r = v.row;
  out << r.task_no << "  " << r.title << "\n"
      << "状态：" << plans::TaskStatusDisplayName(r.status) << "    类型：" << r.task_type
      << "    检查时间：" << r.window_from << " 至 " << r.window_to
      << (r.confidential ? "    （保密任务）" : "") << "\n";
  if (!r.filter_description.empty()) out << "对象范围：" << r.filter_description << "\n";
  if (v.target_draw_no)
    out << "检查对象抽取：" << *v.target_draw_no << "（"
        << (v.target_draw_status ? draw::DrawStatusName(*v.target_draw_status) : "") << "）\n";
  for (const auto& d : v.inspector_draws)
    out << (d.role == plans::AssigneeKind::kExpert ? "专家抽取：" : "检查人员抽取：") << d.draw_no
        << "（" << v.DepartmentName(d.department_id) << "，" << draw::DrawStatusName(d.status)
        << "）\n";
  if (!v.targets.empty()) {
    out << "检查对象（" << v.targets.size() << " 个）：\n";
    for (const auto& t : v.targets) {
      out << "  " << t.key << "  " << t.name << "  [" << t.stratum << "]\n";
      std::string team;
      for (const auto& a : v.assignments)
        if (a.target_id == t.target_id)
          team += (team.empty() ? "" : "、") + a.name + "（" + a.cert_no + "）";
      if (!team.empty()) out << "      执法检查人员：" << team << "\n";
      std::string experts;
      for (const auto& e : v.experts)
        if (e.target_id == t.target_id)
          experts += (experts.empty() ? "" : "、") + e.name + "（" + e.organisation + "）";
      if (!experts.empty()) out << "      随同专家：" << experts << "\n";
    }
  }
  if (!v.problems.empty()) {
    out << "尚不能派发：\n";
    for (const auto& p : v.problems) out << "  - " << p.text << "\n";
  }
}

}  // namespace

void AddTaskCommands(CLI::App& app, Context& ctx, const PlatformFactory& factory) {
  CLI::App* task = app.add_subcommand(
      "task", "抽查任务：列表、详情、检查通知书（抽取请在控制台或接口中当众进行）");
  task->require_subcommand(1);
  {
    auto a = std::make_shared<ListArgs>();
    CLI::App* cmd = task->add_subcommand("list", "列出抽查任务及其状态、阻断问题");
    AddDbOptions(cmd, a->db);
    cmd->add_option("--department", a->department_id, "只列出该部门（编号）参与的任务");
    cmd->callback([&ctx, factory, a] {
      auto p = factory(a->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      std::optional<int64_t> dept;
      if (a->department_id > 0) dept = a->department_id;
      service::TaskPages pages((*p)->db(), (*p)->org(), (*p)->tasks());
      auto tasks = pages.List(Principal::System("cli"), dept, std::nullopt);
      if (!tasks.ok()) return ReportError(ctx, tasks.status());
      if (tasks->empty()) {
        ctx.out << "没有抽查任务\n";
        return;
      }
      for (const auto& v : *tasks) {
        ctx.out << v.row.id << "  " << v.row.task_no << "  "
                << plans::TaskStatusDisplayName(v.row.status) << "  " << v.row.window_from << "~"
                << v.row.window_to << "  对象 " << v.summary.targets << " 个";
        if (v.summary.problem_count > 0)
          ctx.out << "  阻断问题 " << v.summary.problem_count << " 项";
        ctx.out << "  " << v.row.title << "\n";
      }
    });
  }
  {
    auto a = std::make_shared<ShowArgs>();
    CLI::App* cmd = task->add_subcommand(
        "show", "显示一个抽查任务：抽取记录、检查对象、检查组、随同专家、阻断问题");
    AddDbOptions(cmd, a->db);
    cmd->add_option("id", a->task_id, "任务编号（task list 第一列）")
        ->required()
        ->check(CLI::PositiveNumber);
    cmd->callback([&ctx, factory, a] {
      auto p = factory(a->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto v = (*p)->tasks().Get(Principal::System("cli"), a->task_id);
      if (!v.ok()) return ReportError(ctx, v.status());
      PrintTask(ctx.out, *v);
    });
  }
  {
    auto a = std::make_shared<NoticeArgs>();
    CLI::App* cmd = task->add_subcommand(
        "notice", "把一个检查对象的检查通知书写入 HTML 文件（可用浏览器打印）");
    AddDbOptions(cmd, a->db);
    cmd->add_option("id", a->task_id, "任务编号")->required()->check(CLI::PositiveNumber);
    cmd->add_option("target", a->target_id, "检查对象编号（task show 中的对象）")
        ->required()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--out", a->out, "输出文件（.html）")->required();
    cmd->callback([&ctx, factory, a] {
      auto p = factory(a->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto notice = (*p)->tasks().Notice(Principal::System("cli"), a->task_id, a->target_id);
      if (!notice.ok()) return ReportError(ctx, notice.status());
      std::ofstream out(a->out, std::ios::binary | std::ios::trunc);
      out << render::NoticeHtml(*notice);
      out.close();
      if (!out) return ReportError(ctx, Unavailable("FILE_UNWRITABLE", "无法写入文件：" + a->out));
      ctx.out << "已生成检查通知书：" << a->out << "\n";
    });
  }
}

}  // namespace suiji::cli
