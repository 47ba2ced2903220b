// PostgreSQL implementation of store::Database over libpq: a pool of connections, per-
// connection prepared-statement cache, COPY for bulk inserts.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace suiji::store {

StatusOr<std::unique_ptr<Database>> OpenPostgresDatabase(const DbUrl& url,
                                                         const OpenOptions& options);

}  // namespace suiji::store
