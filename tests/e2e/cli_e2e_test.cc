// The real `suiji` binary: bad input gives one clear Chinese line and a non-zero exit code,
// never a stack trace or a hang (issue: foundation, acceptance 5).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("suiji_cli_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// One line on stderr, Chinese, no C++ exception text.
void ExpectOneCleanErrorLine(const CommandResult& r, const std::string& must_contain) {
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, -1) << "command hung and was killed";
  EXPECT_NE(r.err.find(must_contain), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("what()"), std::string::npos) << r.err;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(CliTest, VersionPrintsTheVersion) {
  auto r = RunCommand({SuijiBinary(), "--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("suiji 0.")) << r.out;
}

TEST(CliTest, MalformedDatabaseUrlIsOneClearLine) {
  for (const char* url : {"mysql://localhost/suiji", "postgresql://host:12x/db", "sqlite://"}) {
    auto r = RunCommand({SuijiBinary(), "migrate", "--db", url});
    ExpectOneCleanErrorLine(r, "数据库地址格式不正确");
    EXPECT_EQ(r.exit_code, 2);
  }
}

TEST(CliTest, UnreachablePostgresFailsFastWithoutHanging) {
  auto start = std::chrono::steady_clock::now();
  auto r = RunCommand({SuijiBinary(), "serve", "--db", "postgresql://suiji@127.0.0.1:1/suiji",
                       "--port", std::to_string(FreePort())},
                      "", std::chrono::seconds(30));
  ExpectOneCleanErrorLine(r, "无法连接 PostgreSQL 数据库");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST(CliTest, PortInUseIsOneClearLine) {
  TempDir dir;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int port = FreePort();
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  auto r = RunCommand({SuijiBinary(), "serve", "--db", "sqlite://" + dir.File("s.db"), "--port",
                       std::to_string(port)},
                      "", std::chrono::seconds(30));
  close(fd);
  ExpectOneCleanErrorLine(r, "已被占用");
  EXPECT_EQ(r.exit_code, 3);
}

TEST(CliTest, CorruptSqliteFileIsOneClearLineAndLeftUntouched) {
  TempDir dir;
  const std::string path = dir.File("broken.db");
  const std::string garbage(10000, 'Z');
  {
    std::ofstream f(path, std::ios::binary);
    f << garbage;
  }
  for (const char* cmd : {"serve", "migrate", "audit"}) {
    std::vector<std::string> argv = {SuijiBinary(), cmd};
    if (std::string(cmd) == "audit") argv.push_back("verify");
    argv.insert(argv.end(), {"--db", "sqlite://" + path});
    if (std::string(cmd) == "serve")
      argv.insert(argv.end(), {"--port", std::to_string(FreePort())});
    auto r = RunCommand(argv, "", std::chrono::seconds(30));
    ExpectOneCleanErrorLine(r, "已损坏");
  }
  EXPECT_EQ(ReadAll(path), garbage);
}

TEST(CliTest, UnwritableSqliteLocationIsOneClearLine) {
  auto r = RunCommand({SuijiBinary(), "migrate", "--db", "sqlite:///proc/suiji/none.db"});
  ExpectOneCleanErrorLine(r, "无法");
}

TEST(CliTest, DemoLoadsOnceAndRefusesASecondTime) {
  TempDir dir;
  const std::string db = "sqlite://" + dir.File("demo.db");
  auto first = RunCommand({SuijiBinary(), "demo", "--db", db}, "", std::chrono::seconds(120));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("planner"), std::string::npos);
  EXPECT_NE(first.out.find("部门业务人员"), std::string::npos);
  auto second = RunCommand({SuijiBinary(), "demo", "--db", db});
  ExpectOneCleanErrorLine(second, "演示数据");
  auto again = RunCommand({SuijiBinary(), "demo", "--if-empty", "--db", db});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("演示数据已存在"), std::string::npos) << again.out;
}

TEST(CliTest, UserAddValidatesAndChangesNothingWhenRefused) {
  TempDir dir;
  const std::string db = "sqlite://" + dir.File("u.db");
  ASSERT_EQ(RunCommand({SuijiBinary(), "migrate", "--db", db}).exit_code, 0);
  auto weak = RunCommand({SuijiBinary(), "user", "add", "alice", "--name", "爱丽丝", "--password",
                          "short", "--role", "admin", "--scope", "global", "--db", db});
  ExpectOneCleanErrorLine(weak, "密码至少 10 位");
  auto bad_scope =
      RunCommand({SuijiBinary(), "user", "add", "alice", "--name", "爱丽丝", "--password",
                  "long-enough-2026", "--role", "planner", "--scope", "department:42", "--db", db});
  ExpectOneCleanErrorLine(bad_scope, "部门不存在");
  auto list = RunCommand({SuijiBinary(), "user", "list", "--db", db});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_EQ(list.out, "");
  auto ok = RunCommand({SuijiBinary(), "user", "add", "alice", "--name", "爱丽丝",
                        "--password-stdin", "--role", "admin", "--scope", "global", "--db", db},
                       "long-enough-2026\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  list = RunCommand({SuijiBinary(), "user", "list", "--db", db});
  EXPECT_NE(list.out.find("alice"), std::string::npos);
  EXPECT_NE(list.out.find("系统管理员"), std::string::npos);
}

// A SQLite file's page size and its read/write format bytes (2: WAL, 1: rollback journal), from
// the file header.
struct SqliteHeader {
  int page_size = 0;
  int write_version = 0;
};
SqliteHeader HeaderOf(const std::string& path) {
  const std::string h = ReadAll(path).substr(0, 100);
  if (h.size() < 100) return {};
  const int raw = (static_cast<unsigned char>(h[16]) << 8) | static_cast<unsigned char>(h[17]);
  return {raw == 1 ? 65536 : raw, static_cast<unsigned char>(h[18])};
}

// Runs `sql` on the SQLite file at `path` (created if missing), outside the platform.
// With keep_wal, the WAL is not checkpointed into the file on close.
bool ExecSqlite(const std::string& path, const char* sql, bool keep_wal = false) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK;
  if (ok && keep_wal) sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  ok = ok && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

// The text of the first column of the first row of `sql` on the SQLite file at `path`.
std::string QuerySqlite(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// Nothing named like a half-written backup left in `dir`.
void ExpectNoPartialFiles(const std::string& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
}

// `suiji backup` of a database a server is writing to: a consistent file, complete to the
// audit entry it names, in rollback-journal mode, and with 16 KiB pages even when the
// database was created with SQLite's 4 KiB (ADR 0017).
TEST(CliTest, BackupWhileServingGivesACompleteSixteenKiBCopy) {
  TempDir dir;
  fs::create_directories(dir.File("live"));
  const std::string live = dir.File("live/suiji.db");
  ASSERT_TRUE(ExecSqlite(live, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL;"));
  auto demo = RunCommand({SuijiBinary(), "demo", "--db", "sqlite://" + live}, "",
                         std::chrono::seconds(120));
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  ASSERT_EQ(HeaderOf(live).page_size, 4096);
  ServerProcess server("sqlite://" + live);
  ASSERT_TRUE(server.Start()) << server.Log();

  const std::string copy = dir.File("copy/suiji.db");
  fs::create_directories(dir.File("copy"));
  auto r = RunCommand({SuijiBinary(), "backup", "--db", "sqlite://" + live, copy});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("页大小 16 KiB（原文件 4 KiB）"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("备份不含密钥文件"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(dir.File("live/keys")), std::string::npos) << r.out;
  const SqliteHeader h = HeaderOf(copy);
  EXPECT_EQ(h.page_size, 16384);
  EXPECT_EQ(h.write_version, 1) << "a backup is one file, not a WAL database";
  ExpectNoPartialFiles(dir.File("copy"));

  // The copy, with the keys as they were, is the platform's database: its audit chain verifies
  // to the entry the backup reported, and the server goes on untouched.
  fs::copy(dir.File("live/keys"), dir.File("copy/keys"), fs::copy_options::recursive);
  auto verify = RunCommand({SuijiBinary(), "audit", "verify", "--db", "sqlite://" + copy});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const std::string prefix = "审计日志至第 ";
  const auto at = r.out.find(prefix);
  ASSERT_NE(at, std::string::npos) << r.out;
  const size_t from = at + prefix.size();
  const std::string entries = r.out.substr(from, r.out.find(' ', from) - from);
  ASSERT_GT(std::stoll(entries), 0) << r.out;
  EXPECT_NE(verify.out.find("：" + entries + " 条记录"), std::string::npos)
      << verify.out << " / " << r.out;
  EXPECT_EQ(HeaderOf(live).page_size, 4096) << "the database itself is only read";
  EXPECT_EQ(server.Stop(), 0) << server.Log();
  // And it is the live log's own beginning, not some other chain: the entry it ends with is the
  // live database's entry of that number, hash for hash.
  const std::string last = "SELECT hash FROM audit_log WHERE seq = " + entries;
  EXPECT_EQ(QuerySqlite(copy, last), QuerySqlite(live, last));
  EXPECT_EQ(QuerySqlite(copy, last).size(), 64u);
}

// Every refusal is one clear line, writes nothing and leaves what was there as it was.
TEST(CliTest, BackupRefusalsLeaveEverythingAsItWas) {
  TempDir dir;
  const std::string live = dir.File("suiji.db");
  auto migrate = RunCommand({SuijiBinary(), "migrate", "--db", "sqlite://" + live});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  const std::string existing = dir.File("old-backup.db");
  {
    std::ofstream f(existing, std::ios::binary);
    f << "an earlier backup";
  }
  auto r = RunCommand({SuijiBinary(), "backup", "--db", "sqlite://" + live, existing});
  ExpectOneCleanErrorLine(r, "备份文件已存在，不会覆盖");
  EXPECT_NE(r.err.find("（BACKUP_EXISTS）"), std::string::npos) << r.err;
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(ReadAll(existing), "an earlier backup");

  fs::create_directories(dir.File("a-dir"));
  r = RunCommand({SuijiBinary(), "backup", "--db", "sqlite://" + live, dir.File("a-dir")});
  ExpectOneCleanErrorLine(r, "备份路径是一个目录");
  EXPECT_NE(r.err.find("（BACKUP_PATH_IS_DIR）"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir.File("a-dir")));

  r = RunCommand({SuijiBinary(), "backup", "--db", "sqlite://" + live, dir.File("no/dir/b.db")});
  ExpectOneCleanErrorLine(r, "备份文件所在的目录不存在");
  EXPECT_NE(r.err.find("（BACKUP_DIR_NOT_FOUND）"), std::string::npos) << r.err;

  r = RunCommand(
      {SuijiBinary(), "backup", "--db", "postgresql://suiji@127.0.0.1:1/suiji", dir.File("pg.db")});
  ExpectOneCleanErrorLine(r, "只用于 SQLite 数据库");
  EXPECT_NE(r.err.find("（BACKUP_SQLITE_ONLY）"), std::string::npos) << r.err;
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir.File("pg.db")));

  r = RunCommand(
      {SuijiBinary(), "backup", "--db", "sqlite://" + dir.File("missing.db"), dir.File("b.db")});
  ExpectOneCleanErrorLine(r, "数据库文件不存在");
  EXPECT_NE(r.err.find("（DB_NOT_FOUND）"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.File("missing.db"))) << "a backup never creates a database";

  const std::string other = dir.File("other.db");
  // In WAL mode with commits only in its -wal file: the refusal must not fold them into the
  // database file (SQLite does when the last connection closes, unless told not to).
  ASSERT_TRUE(ExecSqlite(other,
                         "PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
                         /*keep_wal=*/true));
  const std::string other_before = ReadAll(other);
  const std::string wal_before = ReadAll(other + "-wal");
  ASSERT_FALSE(wal_before.empty());
  r = RunCommand({SuijiBinary(), "backup", "--db", "sqlite://" + other, dir.File("b.db")});
  ExpectOneCleanErrorLine(r, "不是本平台的数据库");
  EXPECT_NE(r.err.find("（BACKUP_NOT_SUIJI）"), std::string::npos) << r.err;
  EXPECT_EQ(ReadAll(other), other_before);
  EXPECT_EQ(ReadAll(other + "-wal"), wal_before);

  const std::string garbage = dir.File("garbage.db");
  {
    std::ofstream f(garbage, std::ios::binary);
    f << std::string(10000, 'Z');
  }
  r = RunCommand({SuijiBinary(), "backup", "--db", "sqlite://" + garbage, dir.File("b.db")});
  ExpectOneCleanErrorLine(r, "已损坏");
  EXPECT_EQ(ReadAll(garbage), std::string(10000, 'Z'));

  EXPECT_FALSE(fs::exists(dir.File("b.db")));
  ExpectNoPartialFiles(dir.File(""));
}

}  // namespace
}  // namespace suiji::testing
