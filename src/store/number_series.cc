#include "store/number_series.h"

#include <string>

namespace suiji::store {

Status LockNumberSeries(Connection& c, std::string_view series) {
  if (c.dialect() != Dialect::kPostgres) return OkStatus();
  return c
      .Execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 7201946213))",
               {std::string(series)})
      .status();
}

}  // namespace suiji::store
