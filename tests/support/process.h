// Running the real `suiji` binary from tests: one-shot commands and a server process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace suiji::testing {

// build/suiji, from SUIJI_BINARY (set by CMake) or next to the test executable's build dir.
std::string SuijiBinary();
std::string SourceDir();  // the repository root (SUIJI_SOURCE_DIR)

struct CommandResult {
  int exit_code = -1;  // -1: killed by the timeout
  std::string out;
  std::string err;
};

// Runs argv[0] with arguments, feeding `input` on stdin; kills it after `timeout`.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = "",
                         std::chrono::seconds timeout = std::chrono::seconds(60),
                         const std::map<std::string, std::string>& env = {});

// A free TCP port on 127.0.0.1 (bound and released; tiny race accepted in tests).
int FreePort();

// `suiji serve` on a free port; waits until /api/v1/health answers. Stop() sends SIGTERM and
// returns the exit code (0 = clean shutdown).
class ServerProcess {
 public:
  ServerProcess(std::string db_url, std::vector<std::string> extra_args = {});
  ~ServerProcess();
  bool Start(std::chrono::seconds timeout = std::chrono::seconds(30));
  int Stop();
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& log_path() const { return log_path_; }
  std::string Log() const;

 private:
  std::string db_url_;
  std::vector<std::string> extra_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string log_path_;
};

}  // namespace suiji::testing
