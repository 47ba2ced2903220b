#include "cli/platform_commands.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/authz.h"
#include "service/audit.h"
#include "service/backup.h"
#include "service/demo.h"

namespace suiji::cli {

std::string DefaultDbUrl() {
  if (const char* env = std::getenv("SUIJI_DB"); env && *env) return env;
  return "sqlite://./data/suiji.db";
}

void AddDbOptions(CLI::App* cmd, PlatformOpenOptions& opts) {
  opts.db_url = DefaultDbUrl();
  cmd->add_option("--db", opts.db_url,
                  "数据库地址：sqlite://文件路径 或 postgresql://用户@主机:端口/库名")
      ->capture_default_str();
  cmd->add_option(
      "--key-file", opts.key_file,
      "平台签名私钥文件（默认位于数据库同目录的 keys/ 下；数据加密密钥 secrets.key 与之同目录）");
  cmd->add_option("--pii-key-file", opts.pii_key_file,
                  "个人信息加密密钥文件（默认与签名私钥同目录的 pii.key）");
}

namespace {

struct UserArgs {
  PlatformOpenOptions db;
  std::string username;
  std::string display_name;
  std::string password;
  bool password_stdin = false;
  std::vector<std::string> roles;
  std::string scope;
};

StatusOr<std::string> ReadPassword(Context& ctx, const UserArgs& a) {
  if (a.password_stdin) {
    std::string line;
    std::getline(ctx.in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    return line;
  }
  if (!a.password.empty()) return a.password;
  if (const char* env = std::getenv("SUIJI_PASSWORD"); env && *env) return std::string(env);
  return InvalidArgument("PASSWORD_REQUIRED",
                         "请用 --password、--password-stdin 或环境变量 SUIJI_PASSWORD 提供密码");
}

StatusOr<std::vector<RoleGrant>> ParseGrants(const std::vector<std::string>& roles,
                                             const std::string& scope_text) {
  std::vector<RoleGrant> grants;
  if (roles.empty()) return grants;
  if (scope_text.empty())
    return InvalidArgument("SCOPE_REQUIRED", "授予角色时必须用 --scope 指定范围");
  ASSIGN_OR_RETURN(Scope scope, Scope::Parse(scope_text));
  for (const auto& name : roles) {
    auto role = ParseRole(name);
    if (!role)
      return InvalidArgument(
          "ROLE_INVALID", "角色无效：" + name +
                              "（可选 admin、coordinator、planner、approver、inspector、witness）");
    grants.push_back({*role, scope});
  }
  return grants;
}

void PrintUser(Context& ctx, service::Platform& p, const User& u) {
  ctx.out << u.username << "\t" << u.display_name << (u.active ? "" : "\t（已停用）") << "\n";
  for (const auto& g : u.grants)
    ctx.out << "    " << RoleDisplayName(g.role) << "（" << RoleName(g.role) << "） @ "
            << p.org().ScopeDisplayName(g.scope) << "（" << g.scope.ToString() << "）\n";
}

}  // namespace

void AddPlatformCommands(CLI::App& app, Context& ctx, const PlatformFactory& factory) {
  // suiji migrate
  {
    auto opts = std::make_shared<PlatformOpenOptions>();
    CLI::App* cmd = app.add_subcommand("migrate", "创建或升级数据库结构");
    AddDbOptions(cmd, *opts);
    cmd->callback([&ctx, factory, opts] {
      PlatformOpenOptions o = *opts;
      o.migrate = false;
      auto p = factory(o);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto report = (*p)->MigrateSchema();
      if (!report.ok()) return ReportError(ctx, report.status());
      if (report->applied.empty()) {
        ctx.out << "数据库结构已是最新（版本 " << report->to_version << "）\n";
      } else {
        for (const auto& name : report->applied) ctx.out << "已应用迁移 " << name << "\n";
        ctx.out << "数据库结构版本：" << report->from_version << " → " << report->to_version
                << "\n";
      }
    });
  }
  // suiji backup OUT: a consistent copy of a SQLite database while the platform runs.
  {
    auto db_url = std::make_shared<std::string>(DefaultDbUrl());
    auto out = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "backup", "备份 SQLite 数据库：平台运行时也可进行，得到一个完整一致的数据库文件");
    cmd->add_option("file", *out, "备份文件路径（不能已存在）")->required();
    cmd->add_option("--db", *db_url, "数据库地址：sqlite://文件路径")->capture_default_str();
    cmd->callback([&ctx, db_url, out] {
      auto r = service::BackupDatabase(*db_url, *out);
      if (!r.ok()) return ReportError(ctx, r.status());
      ctx.out << "已备份到 " << *out << "：" << (r->bytes + 1048575) / 1048576 << " MB，结构版本 "
              << r->schema_version << "，审计日志至第 " << r->audit_entries << " 条，页大小 "
              << r->page_size / 1024 << " KiB";
      if (r->page_size != r->source_page_size)
        ctx.out << "（原文件 " << r->source_page_size / 1024 << " KiB）";
      const auto keys = std::filesystem::path(r->db_path).parent_path() / "keys";
      ctx.out
          << "\n备份不含密钥文件：请另行妥善保管密钥目录（默认为 " << keys.string()
          << "，启动时用 --key-file 指定的以其为准）：签名私钥、数据加密密钥、个人信息加密密钥，"
             "没有它们，加密的个人信息无法解密"
             "\n恢复：停止平台，用备份文件替换数据库文件，删除旁边的 -wal、-shm 文件，再启动；"
             "此后 suiji audit verify 会报告备份之后的签名检查点缺失，处理方法见 "
             "docs/deploy.md「Backups」\n";
    });
  }
  // suiji demo
  {
    auto opts = std::make_shared<PlatformOpenOptions>();
    auto if_empty = std::make_shared<bool>(false);
    auto cycle = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("demo", "在空数据库中载入演示数据（郑州市金水区）");
    AddDbOptions(cmd, *opts);
    cmd->add_flag("--if-empty", *if_empty, "数据库已有数据时不报错，只列出演示账号");
    cmd->add_flag(
        "--cycle", *cycle,
        "另外走完一遍完整流程：抽取任务、录入检查结果，并分别处于已公示、待审核、逾期未公示状态");
    cmd->callback([&ctx, factory, opts, if_empty, cycle] {
      auto p = factory(*opts);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto report = service::LoadDemoData(**p);
      if (!report.ok() && *if_empty && report.status().reason() == "DEMO_ALREADY_LOADED") {
        ctx.out << "演示数据已存在，直接使用。演示账号（初始密码 " << service::kDemoPassword
                << "）：\n";
        auto users = (*p)->auth().ListUsers(Principal::System("cli"));
        if (!users.ok()) return ReportError(ctx, users.status());
        for (const auto& u : *users)
          for (const auto& g : u.grants)
            ctx.out << "  " << u.username << "\t" << u.display_name << "\t"
                    << RoleDisplayName(g.role) << " @ " << (*p)->org().ScopeDisplayName(g.scope)
                    << "\n";
        return;
      }
      if (!report.ok()) return ReportError(ctx, report.status());
      ctx.out << "已载入演示数据：" << report->departments << " 个部门，" << report->units
              << " 个内设机构/所";
      if (report->targets) ctx.out << "，" << report->targets << " 个检查对象";
      if (report->inspectors) ctx.out << "，" << report->inspectors << " 名执法检查人员";
      if (*cycle) {
        auto c = service::LoadDemoCycle(**p);
        if (!c.ok()) return ReportError(ctx, c.status());
        ctx.out << "；" << c->tasks << " 个抽查任务：" << c->published << " 条结果已公示、"
                << c->in_review << " 条待审核、" << c->overdue << " 条逾期未公示";
      }
      ctx.out << "\n演示账号（密码均为 " << service::kDemoPassword << "）：\n";
      for (const auto& l : report->logins)
        ctx.out << "  " << l.username << "\t" << l.display_name << "\t" << l.role << " @ "
                << l.scope << "\n";
    });
  }
  // suiji user …
  {
    CLI::App* user = app.add_subcommand("user", "管理用户账号与角色");
    user->require_subcommand(1);
    auto add = std::make_shared<UserArgs>();
    CLI::App* cmd = user->add_subcommand("add", "新建用户");
    AddDbOptions(cmd, add->db);
    cmd->add_option("username", add->username, "用户名")->required();
    cmd->add_option("--name", add->display_name, "姓名")->required();
    cmd->add_option("--password", add->password, "初始密码（至少 10 位，含字母和数字）");
    cmd->add_flag("--password-stdin", add->password_stdin, "从标准输入读取密码");
    cmd->add_option("--role", add->roles,
                    "角色：admin coordinator planner approver inspector witness（可重复）");
    cmd->add_option("--scope", add->scope,
                    "范围：global | region:行政区划代码 | department:编号 | unit:编号");
    cmd->callback([&ctx, factory, add] {
      auto grants = ParseGrants(add->roles, add->scope);
      if (!grants.ok()) return ReportError(ctx, grants.status());
      auto password = ReadPassword(ctx, *add);
      if (!password.ok()) return ReportError(ctx, password.status());
      auto p = factory(add->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto u = (*p)->auth().CreateUser(Principal::System("cli"),
                                       {add->username, add->display_name, *password, *grants});
      if (!u.ok()) return ReportError(ctx, u.status());
      ctx.out << "已创建用户：";
      PrintUser(ctx, **p, *u);
    });

    auto grant = std::make_shared<UserArgs>();
    cmd = user->add_subcommand("grant", "为用户授予角色");
    AddDbOptions(cmd, grant->db);
    cmd->add_option("username", grant->username, "用户名")->required();
    cmd->add_option("--role", grant->roles, "角色（可重复）")->required();
    cmd->add_option("--scope", grant->scope, "范围")->required();
    cmd->callback([&ctx, factory, grant] {
      auto grants = ParseGrants(grant->roles, grant->scope);
      if (!grants.ok()) return ReportError(ctx, grants.status());
      auto p = factory(grant->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      StatusOr<User> u = NotFound("USER_NOT_FOUND", "用户不存在");
      for (const auto& g : *grants) {
        u = (*p)->auth().GrantRole(Principal::System("cli"), grant->username, g);
        if (!u.ok()) return ReportError(ctx, u.status());
      }
      PrintUser(ctx, **p, *u);
    });

    auto passwd = std::make_shared<UserArgs>();
    cmd = user->add_subcommand("passwd", "重设用户密码（同时注销其所有会话）");
    AddDbOptions(cmd, passwd->db);
    cmd->add_option("username", passwd->username, "用户名")->required();
    cmd->add_option("--password", passwd->password, "新密码");
    cmd->add_flag("--password-stdin", passwd->password_stdin, "从标准输入读取密码");
    cmd->callback([&ctx, factory, passwd] {
      auto password = ReadPassword(ctx, *passwd);
      if (!password.ok()) return ReportError(ctx, password.status());
      auto p = factory(passwd->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto u = (*p)->auth().SetPassword(Principal::System("cli"), passwd->username, *password);
      if (!u.ok()) return ReportError(ctx, u.status());
      ctx.out << "已重设密码：" << u->username << "\n";
    });

    auto list = std::make_shared<PlatformOpenOptions>();
    cmd = user->add_subcommand("list", "列出全部用户及其角色");
    AddDbOptions(cmd, *list);
    cmd->callback([&ctx, factory, list] {
      auto p = factory(*list);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto users = (*p)->auth().ListUsers(Principal::System("cli"));
      if (!users.ok()) return ReportError(ctx, users.status());
      for (const auto& u : *users) PrintUser(ctx, **p, u);
    });
  }
  // suiji audit …
  {
    CLI::App* audit = app.add_subcommand("audit", "审计日志");
    audit->require_subcommand(1);
    struct VerifyArgs {
      PlatformOpenOptions db;
      std::vector<std::string> checkpoint_files;
    };
    auto verify = std::make_shared<VerifyArgs>();
    CLI::App* cmd = audit->add_subcommand(
        "verify",
        "逐条校验审计日志的哈希链、签名检查点（库内的与库外保存的副本），以及抽取、见证人、随机数来源、"
        "检查对象名单和人员分派与审计记录是否一致");
    AddDbOptions(cmd, verify->db);
    cmd->add_option(
        "--checkpoints", verify->checkpoint_files,
        "库外保存的签名检查点文件（导出文件，或 GET /api/v1/audit/checkpoints 的应答），可重复；"
        "密钥目录下的 audit-checkpoints.jsonl 存在时总会读取");
    cmd->callback([&ctx, factory, verify] {
      PlatformOpenOptions o = verify->db;
      o.migrate = false;  // verification never writes
      auto p = factory(o);
      if (!p.ok()) return ReportError(ctx, p.status());
      service::AuditVerifyOptions options;  // signatures checked with the platform's key
      options.checks = (*p)->draws().AuditChecks();
      for (auto& check : (*p)->tasks().AuditChecks()) options.checks.push_back(std::move(check));
      for (const auto& file : verify->checkpoint_files) {
        auto seen = service::ReadSeenCheckpoints(file);
        if (!seen.ok()) return ReportError(ctx, seen.status());
        options.seen.insert(options.seen.end(), seen->begin(), seen->end());
      }
      const std::string& exported = (*p)->audit().export_file();
      std::error_code ec;
      if (std::filesystem::exists(exported, ec)) {
        auto seen = service::ReadSeenCheckpoints(exported);
        if (!seen.ok()) return ReportError(ctx, seen.status());
        options.seen_scoped = std::move(*seen);
      }
      auto report = (*p)->audit().Verify(std::move(options));
      if (!report.ok()) return ReportError(ctx, report.status());
      if (report->ok) {
        ctx.out << "OK 审计日志完整：" << report->entries << " 条记录，" << report->checkpoints
                << " 个签名检查点，" << report->seen_checkpoints << " 个库外保存的检查点\n";
      } else {
        ctx.out << "FAILED 审计日志校验失败：" << report->problem << "\n";
        ctx.exit_code = kExitFailure;
      }
    });
    auto checkpoint = std::make_shared<PlatformOpenOptions>();
    cmd = audit->add_subcommand("checkpoint", "为当前审计日志写入一个签名检查点");
    AddDbOptions(cmd, *checkpoint);
    cmd->callback([&ctx, factory, checkpoint] {
      auto p = factory(*checkpoint);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto cp = (*p)->audit().WriteCheckpoint();
      if (!cp.ok()) return ReportError(ctx, cp.status());
      ctx.out << "检查点：第 " << cp->seq << " 条，" << cp->head_hash << "\n";
    });
  }
  // suiji evidence sweep
  {
    CLI::App* evidence = app.add_subcommand("evidence", "检查证据材料文件");
    evidence->require_subcommand(1);
    struct SweepArgs {
      PlatformOpenOptions db;
      int grace_minutes = 60;
    };
    auto sweep = std::make_shared<SweepArgs>();
    CLI::App* cmd = evidence->add_subcommand(
        "sweep",
        "删除证据目录中没有任何检查记录引用、且超过宽限时间未修改的文件（上传中途崩溃留下的孤立文件）");
    AddDbOptions(cmd, sweep->db);
    cmd->add_option("--grace-minutes", sweep->grace_minutes,
                    "宽限时间（分钟）：更新的文件可能正在上传，不删除")
        ->capture_default_str()
        ->check(CLI::Range(0, 7 * 24 * 60));
    cmd->callback([&ctx, factory, sweep] {
      auto p = factory(sweep->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      auto report = (*p)->inspections().SweepOrphanEvidence(
          Principal::System("cli"), std::chrono::minutes(sweep->grace_minutes));
      if (!report.ok()) return ReportError(ctx, report.status());
      ctx.out << "已检查 " << report->examined << " 个证据文件，删除孤立文件 "
              << report->removed.size() << " 个\n";
      for (const auto& name : report->removed) ctx.out << "  " << name << "\n";
    });
  }
}

}  // namespace suiji::cli
