// The demo district's registers (一单两库一细则), loaded by LoadDemoData after the organisations
// and accounts (see demo_registers.cc for what is generated).
#pragma once

#include "core/status.h"
#include "service/demo.h"
#include "service/platform.h"

namespace suiji::service {

// Fills report.targets and report.inspectors.
Status LoadDemoRegisters(Platform& platform, DemoReport& report);

}  // namespace suiji::service
