// Test helper: runs `suiji ARGS...` in-process against string streams, as main() would.
#pragma once

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace suiji::cli {

struct CommandOutput {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// `add` registers the subcommands under test on the app.
inline CommandOutput RunCommand(const std::function<void(CLI::App&, Context&)>& add,
                                const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out, err;
  Context ctx{in, out, err};
  // A fixed "now" (2026-11-21 10:00 in China) unless a test passes --today.
  static const FakeClock clock(*ParseTimestamp("2026-11-21T02:00:00.000Z"));
  ctx.clock = &clock;
  CLI::App app{"suiji", "suiji"};
  app.require_subcommand(1);
  add(app, ctx);
  std::vector<const char*> argv = {"suiji"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  int exit_code = 0;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
    exit_code = ctx.exit_code;
  } catch (const CLI::ParseError& e) {
    exit_code = app.exit(e, out, err);
  }
  return {exit_code, out.str(), err.str()};
}

}  // namespace suiji::cli
