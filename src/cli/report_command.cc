#include "cli/report_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "service/platform.h"
#include "service/stats/stats_report.h"

namespace suiji::cli {
namespace {

struct ReportArgs {
  PlatformOpenOptions db;
  int year = 0;
  int half = 0;
  std::string region;
  std::string out;
};

// `bytes` to `path` through a temporary file in the same directory, renamed over `path` once
// written: a failure leaves nothing behind (and an existing file untouched).
Status WriteFileWhole(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return Unavailable("FILE_UNWRITABLE", "无法写入文件：" + path + "（这是一个目录）");
  const std::string tmp = path + ".part-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return Unavailable("FILE_UNWRITABLE", "无法写入文件：" + path);
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Unavailable("FILE_UNWRITABLE", "无法写入文件：" + path);
  }
  return OkStatus();
}

void AddKind(CLI::App* report, Context& ctx, const PlatformFactory& factory,
             service::ReportKind kind, const char* description) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = report->add_subcommand(std::string(service::ReportKindName(kind)), description);
  AddDbOptions(cmd, a->db);
  cmd->add_option("--year", a->year, "年度（2000 至 2100）")->required();
  cmd->add_option("--half", a->half,
                  "半年：1 上半年，2 下半年（仅半年统计表；默认为当前或最近的半年）");
  cmd->add_option("--region", a->region, "只统计该行政区划（代码，如 410105）的部门");
  cmd->add_option("--out", a->out, "输出文件（.xlsx）")->required();
  cmd->callback([&ctx, factory, a, kind, cmd] {
    service::ReportRequest request;
    request.kind = kind;
    request.year = a->year;
    if (cmd->count("--half") > 0) request.half = a->half;
    if (!a->region.empty()) request.region_code = a->region;
    auto p = factory(a->db);
    if (!p.ok()) return ReportError(ctx, p.status());
    service::Platform& platform = **p;
    auto report =
        service::BuildStatsReport(platform.stats(), platform.org(), platform.registers().items(),
                                  platform.clock(), Principal::System("cli"), request);
    if (!report.ok()) return ReportError(ctx, report.status());
    auto bytes = service::StatsReportXlsx(*report);
    if (!bytes.ok()) return ReportError(ctx, bytes.status());
    if (Status s = WriteFileWhole(a->out, *bytes); !s.ok()) return ReportError(ctx, s);
    ctx.out << "已生成" << report->title << "（" << report->departments.size() << " 个部门，"
            << report->from.ToString() << " 至 " << report->to.ToString() << "）：" << a->out
            << "\n";
  });
}

}  // namespace

void AddReportCommand(CLI::App& app, Context& ctx, const PlatformFactory& factory) {
  CLI::App* report =
      app.add_subcommand("report", "生成上报的统计报表（.xlsx）：半年统计表、年度总结");
  report->require_subcommand(1);
  AddKind(report, ctx, factory, service::ReportKind::kHalfYear,
          "半年《“双随机、一公开”监管工作统计表》（6 月底、12 月底前报送）");
  AddKind(report, ctx, factory, service::ReportKind::kAnnual,
          "年度工作总结统计表（12 月 5 日前报送），含按抽查事项、按风险等级分表");
}

}  // namespace suiji::cli
