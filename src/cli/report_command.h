// `suiji report half-year|annual --year Y [--half 1|2] [--region CODE] --out FILE [--db URL]`
//
// Writes the half-year 《“双随机、一公开”监管工作统计表》 or the annual summary as .xlsx
// (service/stats/stats_report.h), as the local system principal: every department, or those of
// the region. Every refusal — a bad year, a half for the annual summary, an unknown region, an
// --out that cannot be written — is one Chinese line with its code, and writes nothing: the
// workbook goes to a temporary file beside --out and is renamed over it only when complete.
#pragma once

#include "cli/cli.h"
#include "cli/platform_commands.h"

namespace suiji::cli {

void AddReportCommand(CLI::App& app, Context& ctx, const PlatformFactory& factory);

}  // namespace suiji::cli
