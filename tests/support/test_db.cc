#include "support/test_db.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "store/migrate.h"

namespace suiji::testing {
namespace fs = std::filesystem;

std::string PostgresTestUrl() {
  if (const char* url = std::getenv("SUIJI_TEST_PG_URL"); url && *url) return url;
  const char* file = std::getenv("SUIJI_TEST_PG_URL_FILE");
  if (!file) return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

int64_t CountRows(store::Database& db, std::string_view table) {
  auto conn = db.Acquire();
  if (!conn.ok()) {
    ADD_FAILURE() << conn.status().ToString();
    return -1;
  }
  auto rows = (*conn)->Query("SELECT COUNT(*) FROM " + std::string(table));
  if (!rows.ok() || rows->rows.empty()) {
    ADD_FAILURE() << "counting " << table << ": " << rows.status().ToString();
    return -1;
  }
  return rows->front().Int(0);
}

std::vector<store::Row> StoredColumns(store::Database& db, std::string_view table,
                                      const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& c : columns) list += (list.empty() ? "" : ", ") + c;
  auto conn = db.Acquire();
  if (!conn.ok()) {
    ADD_FAILURE() << conn.status().ToString();
    return {};
  }
  auto rows = (*conn)->Query("SELECT " + list + " FROM " + std::string(table) + " ORDER BY id");
  if (!rows.ok()) {
    ADD_FAILURE() << "reading " << table << ": " << rows.status().ToString();
    return {};
  }
  return std::move(rows->rows);
}

std::string DialectParamName(store::Dialect d) {
  return d == store::Dialect::kSqlite ? "sqlite" : "postgresql";
}

namespace {

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 100000);
}

}  // namespace

std::unique_ptr<TestDatabase> TestDatabase::Create(store::Dialect dialect, bool migrate) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  if (dialect == store::Dialect::kSqlite) {
    t->dir_ = (fs::temp_directory_path() / ("suiji_test_" + UniqueSuffix())).string();
    fs::create_directories(t->dir_);
    t->url_ = "sqlite://" + t->dir_ + "/test.db";
  } else {
    t->base_url_ = PostgresTestUrl();
    if (t->base_url_.empty()) {
      ADD_FAILURE()
          << "PostgreSQL is not configured: run through ctest (which starts a throwaway cluster) "
             "or set SUIJI_TEST_PG_URL";
      return nullptr;
    }
    t->schema_ = "t_" + UniqueSuffix();
    auto base = store::ParseDbUrl(t->base_url_);
    auto admin = store::OpenDatabase(*base, {.pool_size = 1});
    if (!admin.ok()) {
      ADD_FAILURE() << admin.status().ToString();
      return nullptr;
    }
    auto conn = (*admin)->Acquire();
    auto s = (*conn)->Execute("CREATE SCHEMA " + t->schema_);
    if (!s.ok()) {
      ADD_FAILURE() << s.status().ToString();
      return nullptr;
    }
    t->url_ = t->base_url_ + (t->base_url_.find('?') == std::string::npos ? "?" : "&") +
              "options=-c%20search_path%3D" + t->schema_;
  }
  t->db_ = t->Reopen();
  if (!t->db_) return nullptr;
  if (migrate) {
    auto m = store::Migrate(*t->db_);
    if (!m.ok()) {
      ADD_FAILURE() << m.status().ToString();
      return nullptr;
    }
  }
  return t;
}

std::unique_ptr<store::Database> TestDatabase::Reopen() const {
  auto url = store::ParseDbUrl(url_);
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return nullptr;
  }
  auto db = store::OpenDatabase(*url, {.pool_size = 4});
  if (!db.ok()) {
    ADD_FAILURE() << db.status().ToString();
    return nullptr;
  }
  return std::move(db).value();
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  if (!schema_.empty()) {
    auto base = store::ParseDbUrl(base_url_);
    if (auto admin = store::OpenDatabase(*base, {.pool_size = 1}); admin.ok()) {
      if (auto conn = (*admin)->Acquire(); conn.ok())
        (*conn)->Execute("DROP SCHEMA " + schema_ + " CASCADE").status().IgnoreError();
    }
  }
}

}  // namespace suiji::testing
