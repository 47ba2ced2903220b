// The composition root: the only place that names concrete implementations (SystemClock,
// OsEntropy, the database adapters through store::OpenDatabase, the HTTP server).
#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "api/http_server.h"
#include "api/routes.h"
#include "api/static_files.h"
#include "app/system_env.h"
#include "app/version.h"
#include "cli/calendar_command.h"
#include "cli/cli.h"
#include "cli/draw_command.h"
#include "cli/id_command.h"
#include "cli/platform_commands.h"
#include "cli/register_commands.h"
#include "cli/report_command.h"
#include "cli/task_commands.h"
#include "service/platform.h"
#include "store/migrate.h"
#include "store/read_only.h"

namespace suiji::app {

SystemClock& TheClock() {
  static SystemClock clock;
  return clock;
}

namespace {

namespace fs = std::filesystem;

OsEntropy& TheEntropy() {
  static OsEntropy entropy;
  return entropy;
}

// The key lives beside the SQLite file; for PostgreSQL in ./data/keys (shared by every
// server of one deployment, so they sign with one key).
std::string DefaultKeyDir(const store::DbUrl& url) {
  fs::path dir =
      url.dialect == store::Dialect::kSqlite ? fs::path(url.path).parent_path() : fs::path("data");
  if (dir.empty()) dir = ".";
  return (dir / "keys").string();
}

// "host:pid": which server claimed a deadline firing.
std::string InstanceName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid());
}

// `read_only`: a server on a streaming replica — nothing written, no migration (the schema
// must be this binary's: SCHEMA_NOT_CURRENT otherwise), no key file created.
StatusOr<std::unique_ptr<service::Platform>> OpenPlatformFor(const cli::PlatformOpenOptions& o,
                                                             bool read_only) {
  ASSIGN_OR_RETURN(store::DbUrl url, store::ParseDbUrl(o.db_url));
  std::unique_ptr<store::Database> db;
  if (read_only) {
    ASSIGN_OR_RETURN(db, store::OpenReadOnlyDatabase(url, 16));
    RETURN_IF_ERROR(store::CheckSchemaCurrent(*db));
  } else {
    ASSIGN_OR_RETURN(db, store::OpenDatabase(url, {.pool_size = 16}));
  }
  if (!read_only && o.migrate) {
    ASSIGN_OR_RETURN(auto report, store::Migrate(*db));
    for (const auto& name : report.applied) spdlog::info("已应用数据库迁移 {}", name);
  }
  service::PlatformOptions options;
  const fs::path keys =
      o.key_file.empty() ? fs::path(DefaultKeyDir(url)) : fs::path(o.key_file).parent_path();
  options.key_file = o.key_file.empty() ? (keys / "platform.ed25519").string() : o.key_file;
  options.secrets_key_file = (keys / "secrets.key").string();
  options.pii_key_file = o.pii_key_file.empty() ? (keys / "pii.key").string() : o.pii_key_file;
  options.instance_name = InstanceName();
  // Platform::Create makes a missing key; a read-only server must use the primary's (a new
  // signing key would publish a public key that signed nothing).
  if (read_only)
    for (const std::string& file :
         {options.key_file, options.secrets_key_file, options.pii_key_file})
      if (std::error_code ec; !fs::exists(file, ec))
        return FailedPrecondition("KEY_FILE_MISSING",
                                  "只读服务不创建密钥，缺少密钥文件：" + file +
                                      "（请把主站点的 keys 目录复制到本机，并用 --key-file 指定）");
  // Newly announced holiday arrangements may be added locally beside the keys directory.
  if (const fs::path override_file = keys.parent_path() / "calendar-override.csv";
      fs::exists(override_file)) {
    std::ifstream in(override_file);
    options.calendar_override = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return service::Platform::Create(std::move(db), TheClock(), TheEntropy(), options);
}

StatusOr<std::unique_ptr<service::Platform>> OpenPlatform(const cli::PlatformOpenOptions& o) {
  return OpenPlatformFor(o, false);
}

std::string DefaultWebRoot() {
  if (const char* env = std::getenv("SUIJI_WEB_ROOT"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path& candidate : {exe.parent_path() / ".." / "web" / "dist", fs::path("web/dist"),
                                    fs::path("/usr/share/suiji/web")}) {
    if (fs::exists(candidate / "index.html", ec))
      return fs::weakly_canonical(candidate, ec).string();
  }
  return "web/dist";
}

struct ServeArgs {
  cli::PlatformOpenOptions db;
  api::ServerOptions server;
  std::string web_root;
  bool secure_cookies = false;
  int checkpoint_minutes = 10;
  int deadline_check_seconds = 300;
  bool read_only = false;
};

// Signs the audit log's head every few minutes while serving, and once more at shutdown, so a
// rewritten tail of the log is caught against a signature even if the database is replaced
// wholesale. Checkpoints of an unchanged head are skipped (several servers may share a database).
class CheckpointWriter {
 public:
  CheckpointWriter(service::Platform& platform, std::chrono::minutes every)
      : platform_(platform), every_(every) {
    if (every_.count() > 0) thread_ = std::thread([this] { Run(); });
  }
  ~CheckpointWriter() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    Write();
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, every_, [&] { return stop_; })) {
      lock.unlock();
      Write();
      lock.lock();
    }
  }
  void Write() {
    auto cp = platform_.audit().WriteCheckpoint();
    if (!cp.ok()) spdlog::warn("审计检查点写入失败：{}", cp.status().ToString());
  }

  service::Platform& platform_;
  std::chrono::minutes every_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

void AddServeCommand(CLI::App& app, cli::Context& ctx) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "启动平台（网页界面与 /api/v1 接口）");
  cli::AddDbOptions(cmd, args->db);
  cmd->add_option("--port", args->server.port, "监听端口")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--listen", args->server.address, "监听地址")->capture_default_str();
  cmd->add_option("--threads", args->server.threads, "工作线程数")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--web-root", args->web_root, "网页界面目录（默认 web/dist）");
  cmd->add_option("--checkpoint-minutes", args->checkpoint_minutes,
                  "每隔多少分钟为审计日志写入签名检查点（0 为只在停止时写入）")
      ->capture_default_str()
      ->check(CLI::Range(0, 24 * 60));
  // Deadlines for clients (headers, body, response, idle keep-alive) and the connection cap:
  // rarely changed; the hostile-client tests shorten the deadlines.
  cmd->add_option_function<int>(
         "--client-timeout-ms",
         [args](int ms) {
           const std::chrono::milliseconds d(ms);
           args->server.idle_timeout = args->server.header_timeout = d;
           args->server.body_timeout = args->server.write_timeout = d;
         },
         "客户端各阶段超时（毫秒，默认空闲 60 秒、请求头 20 秒、请求体与响应 30 秒起）")
      ->check(CLI::Range(100, 3'600'000));
  cmd->add_option("--max-connections", args->server.max_connections, "最大并发连接数")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_option(
         "--deadline-check-seconds", args->deadline_check_seconds,
         "每隔多少秒检查一次工作日期限（联合抽查答复、结果公示、列入名录建议；0 为不检查）")
      ->capture_default_str()
      ->check(CLI::Range(0, 24 * 3600));
  cmd->add_flag("--secure-cookies", args->secure_cookies,
                "会话 Cookie 加 Secure 标记（经 HTTPS 反向代理部署时使用）");
  // docs/deploy.md: on a PostgreSQL hot standby, for the public portal and other reads.
  cmd->add_flag("--read-only", args->read_only,
                "只读服务（用于 PostgreSQL 流复制备库）：只提供查询，拒绝登录与一切修改；"
                "不迁移数据库、不运行期限检查与审计检查点，密钥文件须已存在");
  cmd->callback([&ctx, args] {
    if (Status s = api::CheckListenAddress(args->server); !s.ok()) return cli::ReportError(ctx, s);
    spdlog::set_level(spdlog::level::info);
    auto platform = OpenPlatformFor(args->db, args->read_only);
    if (!platform.ok()) return cli::ReportError(ctx, platform.status());
    // Evidence files a crash left without their row (written, never committed). A read-only
    // server writes nothing, on disk neither, and runs no timers: the primary's servers do.
    if (args->read_only) {
      args->deadline_check_seconds = 0;
      args->server.read_only = true;
    } else if (auto swept = (*platform)->inspections().SweepOrphanEvidence(
                   Principal::System("evidence-sweep"),
                   service::InspectionService::kDefaultSweepGrace);
               !swept.ok())
      spdlog::warn("清理孤立证据文件失败：{}", swept.status().ToString());
    else if (!swept->removed.empty())
      spdlog::info("已删除 {} 个孤立证据文件", swept->removed.size());
    api::Router router(**platform);
    api::ApiOptions api_options{kVersion, args->secure_cookies};
    api::AddApiRoutes(router, api_options);
    const std::string web_root = args->web_root.empty() ? DefaultWebRoot() : args->web_root;
    api::StaticFiles files(web_root);
    router.SetFallback([&files](const api::Request& r) { return files.Serve(r); });
    std::optional<CheckpointWriter> checkpoints;
    if (!args->read_only)
      checkpoints.emplace(**platform, std::chrono::minutes(args->checkpoint_minutes));
    // Working-day deadlines fire when they pass, once across every server on the database.
    std::optional<service::DeadlineScheduler> deadlines;
    if (args->deadline_check_seconds > 0)
      deadlines.emplace((*platform)->deadlines(),
                        std::chrono::seconds(args->deadline_check_seconds),
                        [](const Status& s) { spdlog::warn("期限检查失败：{}", s.ToString()); });
    const std::string url =
        "http://" + args->server.address + ":" + std::to_string(args->server.port) + "/";
    Status s = api::RunHttpServer(args->server, router, [&] {
      spdlog::info("Suiji {} 已启动：{}（数据库 {}，网页 {}）{}", kVersion, url,
                   (*platform)->DescribeDatabase(), web_root, args->read_only ? "，只读模式" : "");
    });
    if (deadlines) deadlines->Stop();
    if (!s.ok()) return cli::ReportError(ctx, s);
    spdlog::info("服务已停止");
  });
}

}  // namespace
}  // namespace suiji::app

namespace {

// A large draw allocates and frees several hundred MB per step (the pool's records, the facts
// filtered from the directory, the outputs' text); on 4 KiB pages the page faults alone cost a
// quarter to a third of a step on a VM (docs/performance.md, session 11). glibc's
// malloc asks for transparent huge pages only when told by the glibc.malloc.hugetlb tunable, and
// tunables are read once at process start, so the binary re-executes itself once with it set
// (same pid, same arguments and descriptors). SUIJI_MALLOC_HUGETLB=0 turns it off; a tunables
// string that already names the setting is left as it is. See docs/adr/0013-malloc-huge-pages.md.
void ReexecWithHugePageMalloc(char** argv) {
  const char* off = std::getenv("SUIJI_MALLOC_HUGETLB");
  if (off != nullptr && std::strcmp(off, "0") == 0) return;
  const char* current = std::getenv("GLIBC_TUNABLES");
  std::string tunables = current != nullptr ? current : "";
  if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;
  tunables += (tunables.empty() ? "" : ":") + std::string("glibc.malloc.hugetlb=1");
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Not re-executed (no /proc, say): run on as is, with the default malloc.
}

}  // namespace

int main(int argc, char** argv) {
  ReexecWithHugePageMalloc(argv);
  auto logger = spdlog::stderr_color_mt("suiji");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::warn);
  if (sodium_init() < 0) {
    std::cerr << "错误：无法初始化加密库（libsodium）\n";
    return suiji::cli::kExitInternal;
  }
  suiji::cli::Context ctx{std::cin, std::cout, std::cerr};
  ctx.clock = &suiji::app::TheClock();
  CLI::App app{"Suiji 双随机、一公开监管平台", "suiji"};
  app.set_version_flag("--version", std::string("suiji ") + suiji::kVersion);
  app.require_subcommand(1);
  suiji::app::AddServeCommand(app, ctx);
  suiji::cli::AddPlatformCommands(app, ctx, suiji::app::OpenPlatform);
  suiji::cli::AddRegisterCommands(app, ctx, suiji::app::OpenPlatform);
  suiji::cli::AddTaskCommands(app, ctx, suiji::app::OpenPlatform);
  suiji::cli::AddReportCommand(app, ctx, suiji::app::OpenPlatform);
  suiji::cli::AddCalendarCommands(app, ctx);
  suiji::cli::AddIdCommands(app, ctx);
  suiji::cli::AddDrawCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "错误：" << e.what() << "\n";
    return suiji::cli::kExitInternal;
  }
  return ctx.exit_code;
}
