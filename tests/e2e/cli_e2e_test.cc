// The real `suiji` binary: bad input gives one clear Chinese line and a non-zero exit code,
// never a stack trace or a hang (issue: foundation, acceptance 5).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
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
  std::ifstream in(path, std::ios::binary);
  std::string after((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(after, garbage);
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

}  // namespace
}  // namespace suiji::testing
