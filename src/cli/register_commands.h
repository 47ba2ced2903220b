// `suiji import <register> FILE [--dry-run] [--department D] [--allow-invalid-codes] [--sheet S]`
// `suiji export <register> --format xlsx|csv --out FILE [--department D] [--template]`
//
// <register> is items, targets, inspectors, experts or conflicts. Imports are all-or-nothing:
// with any bad row nothing changes, every bad row is printed ("第 12 行，列“统一社会信用代码”：…")
// and the exit code is 2. --dry-run validates and counts without changing anything. The CLI acts
// as the local system principal (it has file access to the database anyway).
#pragma once

#include "cli/cli.h"
#include "cli/platform_commands.h"

namespace suiji::cli {

void AddRegisterCommands(CLI::App& app, Context& ctx, const PlatformFactory& factory);

}  // namespace suiji::cli
