// Test databases for the storage contract suites: a fresh SQLite file in a temp dir, or a
// fresh schema in the throwaway PostgreSQL cluster that ctest starts (tests/pg_fixture.sh
// writes its URL to the file named by SUIJI_TEST_PG_URL_FILE). Both are migrated.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace suiji::store {
// Readable parameter names in test output ("sqlite" / "postgresql").
inline void PrintTo(Dialect d, std::ostream* os) { *os << DialectName(d); }
}  // namespace suiji::store

namespace suiji::testing {

class TestDatabase {
 public:
  // Fails the current test (ADD_FAILURE) and returns nullptr when PostgreSQL is not
  // configured: tests never skip silently.
  static std::unique_ptr<TestDatabase> Create(store::Dialect dialect, bool migrate = true);
  ~TestDatabase();

  store::Database& db() { return *db_; }
  // A URL the `suiji` binary can open for the same database.
  const std::string& url() const { return url_; }
  // Opens a second, independent pool on the same database.
  std::unique_ptr<store::Database> Reopen() const;

 private:
  TestDatabase() = default;
  std::unique_ptr<store::Database> db_;
  std::string url_;
  std::string dir_;     // sqlite temp dir
  std::string schema_;  // postgres schema
  std::string base_url_;
};

// The PostgreSQL base URL from the ctest fixture, or "" when unavailable.
std::string PostgresTestUrl();

// The number of rows in `table`: tests asserting what a call stored or left alone. Fails the
// current test (ADD_FAILURE) and returns -1 when the query fails.
int64_t CountRows(store::Database& db, std::string_view table);
// `columns` of every row of `table`, for tests that look beneath the services at what is stored
// (sealed columns, hashes). Fails the current test and returns no rows when the query fails.
std::vector<store::Row> StoredColumns(store::Database& db, std::string_view table,
                                      const std::vector<std::string>& columns);

// "sqlite" / "postgresql" for parameterised test names.
std::string DialectParamName(store::Dialect d);

}  // namespace suiji::testing
