#include "cli/draw_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/draw/bundle.h"
#include "core/draw/ticket.h"

namespace suiji::cli {
namespace {

struct DrawFlags {
  std::string file;
  std::vector<std::string> files;
  std::string seed;
  unsigned threads = 0;
};

StatusOr<std::string> ReadInput(Context& ctx, const std::string& file) {
  if (file == "-") {
    return std::string(std::istreambuf_iterator<char>(ctx.in), std::istreambuf_iterator<char>());
  }
  std::ifstream f(file, std::ios::binary);
  if (!f) return InvalidArgument("DRAW_FILE_UNREADABLE", "无法读取文件“" + file + "”");
  std::ostringstream text;
  text << f.rdbuf();
  if (f.bad()) return InvalidArgument("DRAW_FILE_UNREADABLE", "无法读取文件“" + file + "”");
  return text.str();
}

StatusOr<draw::Json> LoadBundle(Context& ctx, const std::string& file) {
  ASSIGN_OR_RETURN(std::string text, ReadInput(ctx, file));
  return draw::ParseBundleJson(text);
}

// Library exceptions must not reach the user as a stack trace or abort.
template <typename Fn>
void Guarded(Context& ctx, Fn fn) {
  try {
    fn();
  } catch (const std::bad_alloc&) {
    ReportError(ctx, ResourceExhausted("DRAW_OUT_OF_MEMORY", "内存不足，无法完成抽取计算"));
  } catch (const std::exception& e) {
    ReportError(ctx, Internal(e.what()));
  }
}

void Run(Context& ctx, const DrawFlags& flags) {
  StatusOr<draw::Json> bundle = LoadBundle(ctx, flags.file);
  if (!bundle.ok()) return ReportError(ctx, bundle.status());
  StatusOr<draw::Json> out = draw::RunBundle(*bundle, {.threads = flags.threads});
  if (!out.ok()) return ReportError(ctx, out.status());
  ctx.out << draw::DumpBundle(*out);
}

void Explain(Context& ctx, const DrawFlags& flags) {
  StatusOr<draw::Json> bundle = LoadBundle(ctx, flags.file);
  if (!bundle.ok()) return ReportError(ctx, bundle.status());
  StatusOr<std::string> text = draw::ExplainBundle(*bundle, {.threads = flags.threads});
  if (!text.ok()) return ReportError(ctx, text.status());
  ctx.out << *text;
}

// One file's verdict as a line, and its exit code.
std::pair<std::string, int> VerifyOne(Context& ctx, const std::string& file, unsigned threads) {
  StatusOr<draw::Json> bundle = LoadBundle(ctx, file);
  StatusOr<draw::BundleVerdict> verdict =
      bundle.ok() ? draw::VerifyBundle(*bundle, {.threads = threads}) : bundle.status();
  if (!verdict.ok()) {
    const Status& s = verdict.status();
    return {"错误：" + std::string(s.message()) + "（" + std::string(s.reason()) + "）",
            ExitCodeFor(s)};
  }
  if (verdict->ok) return {"OK " + verdict->result_hash, kExitOk};
  return {"不一致：字段 " + verdict->field + " 与重新计算的结果不同；" + verdict->detail,
          kExitFailure};
}

void Verify(Context& ctx, const DrawFlags& flags) {
  if (flags.files.size() == 1) {
    auto [line, code] = VerifyOne(ctx, flags.files[0], flags.threads);
    (code == kExitUsage || code == kExitInternal ? ctx.err : ctx.out) << line << "\n";
    ctx.exit_code = code;
    return;
  }
  // Several files: one line each; the exit code is the worst (refused > mismatch > OK).
  int worst = kExitOk;
  for (const std::string& file : flags.files) {
    auto [line, code] = VerifyOne(ctx, file, flags.threads);
    ctx.out << file << ": " << line << "\n";
    worst = std::max(worst, code);  // kExitOk < kExitFailure < kExitUsage < kExitInternal
  }
  ctx.exit_code = worst;
}

void Tickets(Context& ctx, const DrawFlags& flags) {
  const draw::TicketGenerator tickets(flags.seed);
  struct Entry {
    uint64_t prefix;
    std::string label;
    std::string text;  // filled lazily: only prefix ties and output need it
  };
  std::vector<Entry> entries;
  std::string line;
  while (std::getline(ctx.in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank lines separate nothing and label nothing: skipped, as tools/verify_draw.py does.
    if (line.empty()) continue;
    entries.push_back({tickets.Prefix(line), line, {}});
  }
  for (Entry& e : entries) e.text = tickets.Text(e.label);
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.text != b.text) return a.text < b.text;
    return a.label < b.label;
  });
  std::string out;
  for (const Entry& e : entries) out.append(e.label).append(" ").append(e.text).append("\n");
  ctx.out << out;
}

}  // namespace

void AddDrawCommands(CLI::App& app, Context& ctx) {
  auto flags = std::make_shared<DrawFlags>();
  CLI::App* draw = app.add_subcommand("draw", "可验证随机抽取（SJ-DRAW-1）：运行、验证、计算签号");
  draw->require_subcommand(1);

  CLI::App* run = draw->add_subcommand("run", "按抽取文件运行抽取，输出完整的抽取包（JSON）");
  run->add_option("FILE", flags->file, "抽取文件（JSON），“-”表示标准输入")->required();
  run->add_option("--threads", flags->threads, "计算线程数（0 表示全部核心；结果与线程数无关）");
  run->callback([&ctx, flags] { Guarded(ctx, [&] { Run(ctx, *flags); }); });

  CLI::App* explain =
      draw->add_subcommand("explain", "逐步列出抽取的每个中间值（叶子哈希、承诺、种子、签号顺序）");
  explain->add_option("FILE", flags->file, "抽取文件（JSON），“-”表示标准输入")->required();
  explain->callback([&ctx, flags] { Guarded(ctx, [&] { Explain(ctx, *flags); }); });

  CLI::App* verify = draw->add_subcommand("verify", "重新计算并核对抽取包的每个输出字段");
  verify->add_option("FILE", flags->files, "抽取包（JSON），“-”表示标准输入")->required();
  verify->add_option("--threads", flags->threads, "计算线程数（0 表示全部核心）");
  verify->callback([&ctx, flags] { Guarded(ctx, [&] { Verify(ctx, *flags); }); });

  CLI::App* tickets =
      draw->add_subcommand("tickets", "从标准输入逐行读取标签，按签号顺序输出“标签 签号”");
  tickets->add_option("--seed", flags->seed, "种子字符串")->required();
  tickets->callback([&ctx, flags] { Guarded(ctx, [&] { Tickets(ctx, *flags); }); });
}

}  // namespace suiji::cli
