// The permission matrix (issue 9): every route of the router's table × every demo identity,
// with the expected outcome written down in tests/permission_matrix.tsv.
//
//   RouteTableAndMatrixFileAgree   a route without a row, or a row without a route, fails.
//   EveryRouteAnswersEveryIdentityAsTheFileSays
//                                  the real server on SQLite with the demo district answers
//                                  every (route, identity) cell with the expected class; all
//                                  mismatches are reported at once.
//
// Placeholders get real ids of 金水区市场监督管理局 resources (a target, inspector, expert, 回避
// relation, item, plan, task, draw, user) created or found at start-up, so the planner.sw and
// approver.sw columns (金水区商务局) are the out-of-scope cases. Bodies are `{}`: an allowed
// caller usually gets a 400 for it, which is what `allow` accepts.
//
// To regenerate the file after a deliberate change (then review the diff line by line):
//   SUIJI_PERMISSION_MATRIX_WRITE=/tmp/matrix.tsv build/tests/suiji_permission_matrix_test
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "api/router.h"
#include "support/api_client.h"
#include "support/process.h"
#include "support/route_table.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

const char* const kMatrixFile = "tests/permission_matrix.tsv";
// The order cells run in within a row: the least privileged first, so an out-of-scope caller
// meets each resource before an in-scope one has changed its state (a 409 must not hide a 2xx).
const std::vector<std::string> kRunOrder = {"anonymous",  "inspector",   "witness",
                                            "planner.sw", "approver.sw", "coordinator",
                                            "approver",   "planner",     "admin"};
// Rows that end sessions run last, after every other row.
const std::set<std::string> kRunLast = {"DELETE /api/v1/session"};

struct Row {
  std::string method, pattern;
  std::map<std::string, std::string> expected;  // identity -> class
  int line = 0;
  std::string Key() const { return method + " " + pattern; }
};

struct MatrixFile {
  std::vector<std::string> identities;  // column order
  std::vector<Row> rows;
  std::vector<std::string> errors;
};

bool IsClass(const std::string& c) {
  return c == "allow" || c == "deny-401" || c == "deny-403" || c == "deny-404";
}

MatrixFile ReadMatrix(const std::string& path) {
  MatrixFile m;
  std::ifstream in(path);
  if (!in) {
    m.errors.push_back("cannot read " + path);
    return m;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string s; words >> s;) w.push_back(s);
    if (w.empty()) continue;
    if (m.identities.empty()) {
      if (w.size() < 3 || w[0] != "method" || w[1] != "pattern") {
        m.errors.push_back("line " + std::to_string(n) +
                           ": the first line must be the header `method pattern <identities…>`");
        return m;
      }
      m.identities.assign(w.begin() + 2, w.end());
      continue;
    }
    if (w.size() != m.identities.size() + 2) {
      m.errors.push_back("line " + std::to_string(n) + ": expected " +
                         std::to_string(m.identities.size() + 2) + " columns, found " +
                         std::to_string(w.size()));
      continue;
    }
    Row r{w[0], w[1], {}, n};
    for (size_t i = 0; i < m.identities.size(); ++i) {
      if (!IsClass(w[i + 2]))
        m.errors.push_back("line " + std::to_string(n) + ": unknown class `" + w[i + 2] +
                           "` (allow | deny-401 | deny-403 | deny-404)");
      r.expected[m.identities[i]] = w[i + 2];
    }
    m.rows.push_back(std::move(r));
  }
  return m;
}

// allow: 2xx, or a 4xx other than 401/403 (the dummy ids and `{}` bodies earn 400/404/409).
bool Matches(const std::string& expected, int status) {
  if (expected == "allow")
    return (status >= 200 && status < 300) ||
           (status >= 400 && status < 500 && status != 401 && status != 403);
  if (expected == "deny-401") return status == 401;
  if (expected == "deny-403") return status == 403;
  if (expected == "deny-404") return status == 404;
  return false;
}

std::string AccessText(const api::Access& a) {
  switch (a.kind) {
    case api::Access::Kind::kPublic: return "public";
    case api::Access::Kind::kAuthenticated: return "authenticated";
    case api::Access::Kind::kPermission:
      return "requires " + std::string(PermissionName(a.permission));
  }
  return "";
}

TEST(PermissionMatrixTest, RouteTableAndMatrixFileAgree) {
  const MatrixFile m = ReadMatrix(SourceDir() + "/" + kMatrixFile);
  for (const auto& e : m.errors) ADD_FAILURE() << kMatrixFile << ": " << e;
  const auto routes = RouteTable();
  ASSERT_FALSE(routes.empty());
  std::set<std::string> in_table, in_file;
  for (const auto& r : routes) in_table.insert(r.method + " " + r.pattern);
  std::string problems;
  for (const Row& r : m.rows) {
    if (!in_file.insert(r.Key()).second)
      problems += "  listed twice (line " + std::to_string(r.line) + "): " + r.Key() + "\n";
    if (!in_table.contains(r.Key()))
      problems +=
          "  no such route any more (line " + std::to_string(r.line) + "): " + r.Key() + "\n";
  }
  for (const auto& r : routes)
    if (!in_file.contains(r.method + " " + r.pattern))
      problems += "  route without a row: " + r.method + " " + r.pattern + "   (" +
                  AccessText(r.access) + ")\n";
  for (const std::string& id : kRunOrder)
    if (std::find(m.identities.begin(), m.identities.end(), id) == m.identities.end())
      problems += "  identity without a column: " + id + "\n";
  EXPECT_TRUE(problems.empty())
      << kMatrixFile << " and the router's table differ:\n"
      << problems << "Add or remove the rows (one line per route, a class per identity).";
}

// The world the matrix runs in: the demo district plus one plan, task, draw and user of
// 金水区市场监督管理局, and the ids that fill the placeholders.
class PermissionMatrixWorld {
 public:
  bool Build(std::string* error) {
    tdb_ = TestDatabase::Create(store::Dialect::kSqlite);
    if (!tdb_) return Fail(error, "no database");
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(180));
    if (demo.exit_code != 0) return Fail(error, "demo: " + demo.err);
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    if (!server_->Start()) return Fail(error, "server: " + server_->Log());
    for (const std::string& who : kRunOrder) {
      auto c = std::make_unique<ApiClient>(server_->port());
      if (who != "anonymous" && !c->Login(who)) return Fail(error, "login " + who);
      clients_[who] = std::move(c);
    }
    ApiClient& admin = *clients_["admin"];
    ApiClient& planner = *clients_["planner"];

    auto depts = admin.Get("/api/v1/org/departments");
    for (const Json& d : Items(depts.body))
      if (d.value("code", "") == "JS-SCJG") dept_ = d["id"].get<int64_t>();  // 金水区市场监督管理局
    if (dept_ == 0) return Fail(error, "no 市场监管局 in " + depts.raw);
    const std::string dept = std::to_string(dept_);

    auto targets = admin.Get("/api/v1/targets?page_size=1");
    if (Items(targets.body).empty()) return Fail(error, "targets: " + targets.raw);
    const Json target = Items(targets.body)[0];
    ids_["target"] = target["id"].dump();
    target_key_ = target.value("uscc", target.value("key", ""));
    if (target_key_.empty()) return Fail(error, "no key in target " + target.dump());

    if (!FirstId(admin, "/api/v1/inspectors?page_size=1&department_id=" + dept, "inspector", error))
      return false;
    if (!FirstId(admin, "/api/v1/experts?page_size=1&department_id=" + dept, "expert", error))
      return false;
    auto items = admin.Get("/api/v1/items?page_size=50&department_id=" + dept);
    // 企业年度报告公示信息抽查 needs no qualification, so the plan and task below are valid.
    for (const Json& i : Items(items.body)) {
      if (ids_.contains("item") && i.value("code", "") != "SCJG-GS-01") continue;
      ids_["item"] = i["id"].dump();
      item_code_ = i.value("code", "");
    }
    if (!ids_.contains("item")) return Fail(error, "items: " + items.raw);
    auto conflicts = admin.Get("/api/v1/conflicts?page_size=200");
    for (const Json& x : Items(conflicts.body)) {
      auto inspector = admin.Get("/api/v1/inspectors/" + x["inspector_id"].dump());
      if (inspector.body.is_object() &&
          inspector.body.value("department_id", int64_t{0}) == dept_) {
        ids_["conflict"] = x["id"].dump();
        break;
      }
    }
    if (!ids_.contains("conflict"))
      return Fail(error, "no 市场监管局 回避 relation in " + conflicts.raw.substr(0, 500));
    auto dicts = admin.Get("/api/v1/dictionaries");
    for (const Json& d : Items(dicts.body)) {
      dictionary_ = d.is_string() ? d.get<std::string>() : d.value("name", "");
      if (!dictionary_.empty()) break;
    }
    if (dictionary_.empty()) return Fail(error, "dictionaries: " + dicts.raw);

    auto plan = planner.Post("/api/v1/plans", {{"department_id", dept_},
                                               {"content",
                                                {{"title", "权限矩阵测试计划"},
                                                 {"kind", "年度"},
                                                 {"year", 2026},
                                                 {"batches",
                                                  {{{"seq", 1},
                                                    {"name", "第四季度"},
                                                    {"window_from", "2026-11-23"},
                                                    {"window_to", "2026-12-31"},
                                                    {"items", {item_code_}},
                                                    {"filter", {{"keys", {target_key_}}}},
                                                    {"task_type", "不定向"}}}}}}});
    if (plan.status != 201) return Fail(error, "plan: " + plan.raw);
    ids_["plan"] = plan.body["id"].dump();
    auto task = planner.Post("/api/v1/tasks", {{"title", "权限矩阵测试任务"},
                                               {"department_id", dept_},
                                               {"task_type", "定向"},
                                               {"window_from", "2026-12-01"},
                                               {"window_to", "2026-12-10"},
                                               {"items", {item_code_}},
                                               {"filter", {{"keys", {target_key_}}}}});
    if (task.status != 201) return Fail(error, "task: " + task.raw);
    ids_["task"] = task.body["id"].dump();
    Json pool = Json::array();
    for (int i = 1; i <= 4; ++i)
      pool.push_back({{"stratum", "一般对象"}, {"id", "MATRIX-" + std::to_string(i)}});
    auto draw = planner.Post("/api/v1/draws", {{"kind", "targets"},
                                               {"title", "权限矩阵测试抽取"},
                                               {"department_id", dept_},
                                               {"sources", {"现场见证人掷骰"}},
                                               {"strata", {{{"name", "一般对象"}, {"take", 2}}}},
                                               {"pool", pool}});
    if (draw.status != 201) return Fail(error, "draw: " + draw.raw);
    draw_no_ = draw.body.value("draw_no", "");
    auto user = admin.Post("/api/v1/users",
                           {{"username", "matrix.target"},
                            {"display_name", "矩阵测试"},
                            {"password", "matrix-password-2026"},
                            {"roles", {{{"role", "planner"}, {"scope", "department:" + dept}}}}});
    if (user.status != 201 && user.status != 200) return Fail(error, "user: " + user.raw);
    return true;
  }

  void Stop() {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
    server_.reset();
  }

  // The concrete path for a route pattern; "" with *error set for an unknown placeholder.
  std::string Fill(const std::string& pattern, std::string* error) const {
    std::string out;
    std::string previous;
    std::istringstream segs(pattern);
    for (std::string seg; std::getline(segs, seg, '/');) {
      if (seg.empty()) continue;
      std::string value = seg;
      if (seg[0] == ':') {
        value = Placeholder(previous, seg.substr(1));
        if (value.empty()) {
          *error = "no value for placeholder " + seg + " after /" + previous + " in " + pattern;
          return "";
        }
      }
      out += "/" + value;
      previous = seg;
    }
    return out;
  }

  ApiClient& client(const std::string& who) { return *clients_.at(who); }
  ApiClient FreshClient() { return ApiClient(server_->port()); }

 private:
  static bool Fail(std::string* error, std::string what) {
    *error = std::move(what);
    return false;
  }
  static Json Items(const Json& body) {
    if (body.is_array()) return body;
    if (body.is_object()) {
      for (const char* k : {"items", "departments", "dictionaries"})
        if (body.contains(k) && body[k].is_array()) return body[k];
    }
    return Json::array();
  }
  bool FirstId(ApiClient& c, const std::string& path, const std::string& kind, std::string* error) {
    auto r = c.Get(path);
    if (Items(r.body).empty()) return Fail(error, kind + ": " + r.raw);
    ids_[kind] = Items(r.body)[0]["id"].dump();
    return true;
  }

  // By the segment before the placeholder, then by its name.
  std::string Placeholder(const std::string& previous, const std::string& name) const {
    static const std::map<std::string, std::string> kByCollection = {
        {"targets", "target"},     {"inspectors", "inspector"}, {"experts", "expert"},
        {"conflicts", "conflict"}, {"items", "item"},           {"plans", "plan"},
        {"tasks", "task"},         {"notices", "target"}};
    if (name == "id" || name == "target") {
      if (previous == "departments") return std::to_string(dept_);
      if (previous == "proposals") return "999999";  // no joint proposal exists in the demo
      if (previous == "records" || previous == "evidence" || previous == "follow-ups" ||
          previous == "messages" || previous == "enterprise-link-files")
        return "999999";  // dummies: 404 when allowed
      auto k = kByCollection.find(previous);
      if (k != kByCollection.end() && ids_.contains(k->second)) return ids_.at(k->second);
      return "";
    }
    if (name == "evidence_id" || name == "recheck_id" || name == "transfer_id" || name == "link_id")
      return "999999";
    if (name == "target_id" && ids_.contains("target")) return ids_.at("target");
    if (name == "token") return std::string(64, '0');  // no such enterprise link: 404 for all
    if (name == "no") return draw_no_;
    if (name == "username") return "matrix.target";
    if (name == "key") return target_key_;
    if (name == "name") return dictionary_;
    if (name == "register") return "conflicts";
    if (name == "seq" || name == "version" || name == "position") return "1";
    return "";
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::unique_ptr<ApiClient>> clients_;
  std::map<std::string, std::string> ids_;
  int64_t dept_ = 0;
  std::string target_key_, item_code_, dictionary_, draw_no_;
};

ApiResponse Send(ApiClient& c, const std::string& method, const std::string& path) {
  if (method == "GET") return c.Get(path);
  if (method == "POST") return c.Post(path, Json::object());
  if (method == "PUT") return c.Put(path, Json::object());
  if (method == "DELETE") return c.Delete(path, Json::object());
  ApiResponse unsupported;
  unsupported.raw = "the test cannot send " + method;
  return unsupported;
}

std::string Observed(const ApiResponse& r) {
  if (r.status == 0) return "no response";
  std::string code = r.code();
  return std::to_string(r.status) + (code.empty() ? "" : " " + code);
}

// The class a status would be written down as (regeneration mode).
std::string ClassOf(int status, bool scoped_id) {
  if (status == 401) return "deny-401";
  if (status == 403) return "deny-403";
  if (status == 404 && scoped_id) return "deny-404";
  if ((status >= 200 && status < 300) || (status >= 400 && status < 500)) return "allow";
  return "unexpected-" + std::to_string(status);
}

TEST(PermissionMatrixTest, EveryRouteAnswersEveryIdentityAsTheFileSays) {
  const MatrixFile m = ReadMatrix(SourceDir() + "/" + kMatrixFile);
  ASSERT_TRUE(m.errors.empty()) << m.errors.front();
  PermissionMatrixWorld world;
  std::string error;
  ASSERT_TRUE(world.Build(&error)) << error;

  // Regeneration runs the router's whole table, rows missing from the file included.
  const char* write_to = std::getenv("SUIJI_PERMISSION_MATRIX_WRITE");
  std::vector<Row> rows = m.rows;
  std::vector<std::string> table_order;
  if (write_to) {
    std::set<std::string> listed;
    for (const Row& r : rows) listed.insert(r.Key());
    for (const auto& route : RouteTable()) {
      Row r{route.method, route.pattern, {}, 0};
      table_order.push_back(r.Key());
      for (const std::string& id : kRunOrder) r.expected[id] = "allow";
      if (!listed.contains(r.Key())) rows.push_back(r);
    }
  }
  std::vector<const Row*> order;
  for (const Row& r : rows)
    if (!kRunLast.contains(r.Key())) order.push_back(&r);
  for (const Row& r : rows)
    if (kRunLast.contains(r.Key())) order.push_back(&r);

  std::map<std::string, std::map<std::string, std::string>> observed_classes;  // regeneration
  std::map<std::string, std::string> observed_statuses;                        // for review
  std::vector<std::string> mismatches;
  int cells = 0;
  for (const Row* row : order) {
    const std::string path = world.Fill(row->pattern, &error);
    if (path.empty()) {
      mismatches.push_back(row->Key() + ": " + error);
      continue;
    }
    const bool scoped_id = row->pattern.find(':') != std::string::npos;
    for (const std::string& who : kRunOrder) {
      ApiResponse r = Send(world.client(who), row->method, path);
      ++cells;
      observed_statuses[row->Key()] += "\t" + who + "=" + Observed(r);
      observed_classes[row->Key()][who] =
          ClassOf(r.status, scoped_id && (who == "planner.sw" || who == "approver.sw"));
      auto cell = row->expected.find(who);
      const std::string want = cell == row->expected.end() ? "(no column)" : cell->second;
      if (!Matches(want, r.status)) {
        mismatches.push_back(row->Key() + "  as " + who + ": expected " + want + ", observed " +
                             Observed(r) + "  (" + row->method + " " + path + ", line " +
                             std::to_string(row->line) + ")");
      }
    }
  }
  world.Stop();

  if (write_to) {
    std::ifstream in(SourceDir() + "/" + kMatrixFile);
    std::ofstream o(write_to);
    // Keeps the comment header, then one row per route in the router's order.
    for (std::string line; std::getline(in, line) && (line.empty() || line[0] == '#');)
      o << line << "\n";
    o << "method\tpattern";
    for (const std::string& id : m.identities) o << "\t" << id;
    o << "\n";
    for (const std::string& key : table_order) {
      o << key.substr(0, key.find(' ')) << "\t" << key.substr(key.find(' ') + 1);
      for (const std::string& id : m.identities) o << "\t" << observed_classes[key][id];
      o << "\n";
    }
    // Beside it, the raw answers (status and code per identity) to review the classes against.
    std::ofstream raw(std::string(write_to) + ".observed");
    for (const std::string& key : table_order) raw << key << observed_statuses[key] << "\n";
  }

  std::string report;
  for (const auto& s : mismatches) report += "  " + s + "\n";
  EXPECT_TRUE(mismatches.empty())
      << mismatches.size() << " of " << cells << " cells differ from " << kMatrixFile << ":\n"
      << report << "Fix the server, or — for a deliberate change — the class in the file.";
}

}  // namespace
}  // namespace suiji::testing
