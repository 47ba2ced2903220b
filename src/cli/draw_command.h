// `suiji draw …`: the offline draw tools (DRAW-SPEC SJ-DRAW-1).
//   draw run FILE        prints the complete bundle (input + every output) as JSON
//   draw verify FILE…    "OK <result_hash>" (exit 0) or the first mismatching field (exit 1);
//                        with several files, one "FILE: …" line each
//   draw explain FILE    prints every intermediate value (same format as tools/verify_draw.py)
//   draw tickets --seed  reads one label per line on stdin, prints "label ticket" in ticket order
// FILE "-" is stdin. Invalid input: one Chinese line on stderr, exit 2.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli.h"

namespace suiji::cli {

void AddDrawCommands(CLI::App& app, Context& ctx);

}  // namespace suiji::cli
