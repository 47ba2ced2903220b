// The `suiji` command line: subcommands register themselves on a CLI11 app.
//
// Each Add*Commands() function adds its subcommands and their callbacks. Callbacks write
// user-facing text to ctx.out / ctx.err (Chinese messages, English command names) and set
// ctx.exit_code. They never call exit(). Errors from services are reported with
// ReportError(), which maps a Status to one line on stderr and an exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "core/status.h"
#include "core/time.h"

namespace suiji::cli {

// Exit codes, stable for scripts.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;      // a check failed (e.g. verify mismatch)
inline constexpr int kExitUsage = 2;        // bad flags or input
inline constexpr int kExitUnavailable = 3;  // database or port unavailable
inline constexpr int kExitInternal = 4;

struct Context {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  int exit_code = kExitOk;
  const Clock* clock = nullptr;  // set by the composition root; "today" for date-dependent checks
};

// Maps a status code to the CLI exit code.
int ExitCodeFor(const Status& s);
// Prints "错误：<message>（<reason>）" on ctx.err and sets ctx.exit_code.
void ReportError(Context& ctx, const Status& s);

}  // namespace suiji::cli
