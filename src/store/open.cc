#include "store/database.h"
#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace suiji::store {

StatusOr<std::unique_ptr<Database>> OpenDatabase(const DbUrl& url, const OpenOptions& options) {
  if (url.dialect == Dialect::kSqlite) return OpenSqliteDatabase(url.path, options);
  return OpenPostgresDatabase(url, options);
}

}  // namespace suiji::store
