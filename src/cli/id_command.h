// `suiji id check --kind uscc|regno|citizen [--normalize] [--today DATE] CODE...`
//
// Prints one line per code, "CODE valid" or "CODE invalid: <原因>", and exits 0 if every code is
// valid, 1 otherwise (2 for bad flags). Checks are strict about case and spacing (core/ids.h);
// --normalize first trims, folds full-width characters and upper-cases, and prints the normalised
// code. The citizen-ID check uses today's date in China unless --today gives one.
#pragma once

#include "cli/cli.h"

namespace suiji::cli {

void AddIdCommands(CLI::App& app, Context& ctx);

}  // namespace suiji::cli
