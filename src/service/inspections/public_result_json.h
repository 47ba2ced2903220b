// The JSON of one public result (SPEC §PUB): the portal's answer and the publication's audit
// entry show the same fields, so both are written here.
#pragma once

#include <nlohmann/json.hpp>

#include "core/inspections/inspection.h"

namespace suiji::service {

nlohmann::json PublicResultJson(const inspections::PublicResult& p);

}  // namespace suiji::service
