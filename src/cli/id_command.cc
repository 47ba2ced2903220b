#include "cli/id_command.h"

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

namespace suiji::cli {
namespace {

struct IdCheckOptions {
  std::string kind;
  std::vector<std::string> codes;
  bool normalize = false;
  std::string today;
};

void RunIdCheck(const IdCheckOptions& opts, Context& ctx) {
  const std::optional<IdKind> kind = ParseIdKind(opts.kind);
  if (!kind) {
    ReportError(ctx,
                InvalidArgument("ID_KIND_INVALID",
                                "--kind 应为 uscc、regno 或 citizen，实际为“" + opts.kind + "”"));
    return;
  }
  if (ctx.clock == nullptr && opts.today.empty()) {
    ReportError(ctx, Internal("id check: no clock injected"));
    return;
  }
  Date today = opts.today.empty() ? ChinaDate(ctx.clock->Now()) : Date{};
  if (!opts.today.empty()) {
    const std::optional<Date> parsed = Date::Parse(opts.today);
    if (!parsed) {
      ReportError(ctx, InvalidArgument("DATE_INVALID", "--today 日期“" + opts.today +
                                                           "”无效，应为YYYY-MM-DD格式的真实日期"));
      return;
    }
    today = *parsed;
  }
  bool all_valid = true;
  for (const std::string& raw : opts.codes) {
    const std::string code = opts.normalize ? NormalizeIdInput(raw) : raw;
    const Status s = CheckId(*kind, code, today);
    if (s.ok()) {
      ctx.out << code << " valid\n";
    } else {
      all_valid = false;
      ctx.out << code << " invalid: " << s.message() << "\n";
    }
  }
  ctx.exit_code = all_valid ? kExitOk : kExitFailure;
}

}  // namespace

void AddIdCommands(CLI::App& app, Context& ctx) {
  CLI::App* id = app.add_subcommand("id", "检查统一社会信用代码、注册号、公民身份号码");
  id->require_subcommand(1);
  CLI::App* check = id->add_subcommand("check", "逐个检查号码：每行输出 valid 或 invalid 及原因");
  auto opts = std::make_shared<IdCheckOptions>();
  check
      ->add_option("--kind", opts->kind,
                   "号码类型：uscc（统一社会信用代码）、regno（注册号）、citizen（公民身份号码）")
      ->required();
  check->add_flag("--normalize", opts->normalize, "检查前去除首尾空白、全角转半角、小写转大写");
  check->add_option("--today", opts->today,
                    "检查出生日期所用的今天日期（YYYY-MM-DD），默认为北京时间今天");
  check->add_option("codes", opts->codes, "要检查的号码")->required();
  check->callback([opts, &ctx] { RunIdCheck(*opts, ctx); });
}

}  // namespace suiji::cli
