// `suiji calendar ...`: the working-day calendar (core/calendar.h) on the command line.
//
//   suiji calendar add-working-days DATE N [--override FILE]   prints the N-th working day after
//   DATE suiji calendar working-days A B [--override FILE]          prints the working days in (A,
//   B] suiji calendar year YEAR [--override FILE]                 lists YEAR's 放假 and 上班 days
//
// --override names a local file in the format of data/calendar/cn-holidays.csv whose days take
// precedence over the shipped arrangement. When a computation runs through a year whose
// arrangement is unknown, the result is still printed and a Chinese warning goes to stderr.
// Bad input (dates, numbers, override file) is one Chinese error line on stderr and exit code 2.
#pragma once

#include "cli/cli.h"

namespace suiji::cli {

void AddCalendarCommands(CLI::App& app, Context& ctx);

}  // namespace suiji::cli
