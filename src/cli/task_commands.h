// `suiji task list [--department ID]`, `suiji task show ID`, `suiji task notice ID TARGET_ID --out
// F`
//
// Read-only views of the tasks for operators without a browser: the list with status and blocking
// problems; one task with its locked targets, draws, teams and experts; a printable 检查通知书
// written to a file. The draws themselves are made in the console or through the API, in front of
// witnesses. The CLI acts as the local system principal.
#pragma once

#include "cli/cli.h"
#include "cli/platform_commands.h"

namespace suiji::cli {

void AddTaskCommands(CLI::App& app, Context& ctx, const PlatformFactory& factory);

}  // namespace suiji::cli
