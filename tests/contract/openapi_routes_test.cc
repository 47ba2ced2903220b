// The API document is a contract (issue 10): docs/api/openapi.yaml and the router's table
// (Router::Routes(), as registered by AddApiRoutes) describe exactly the same operations.
//
//   RouteTableAndDocumentAgree     every (method, pattern) of the router is an operation of the
//                                  document and vice versa (`:param` ↔ `{param}`); all
//                                  differences are listed at once.
//   OperationsAreComplete          each operation has an operationId (unique), declares every
//                                  path parameter of its template, has a 2xx answer (unless
//                                  `x-never-succeeds`) with a schema for each JSON one, and is
//                                  `security: []` exactly when the route is public.
//   TheServedDocumentIsThisFile    GET /api/v1/openapi.yaml answers with this file.
//   EveryComponentIsUsed           a schema, parameter or response nobody references is a
//                                  mistake; transport-level responses (`x-any-route`) apply to
//                                  every route without a reference.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "api/router.h"
#include "api/routes.h"
#include "core/entropy.h"
#include "core/time.h"
#include "service/platform.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

const char* const kDocument = "docs/api/openapi.yaml";
const char* const kServerPrefix = "/api/v1";  // servers[0].url
const std::set<std::string> kMethods = {"get", "put", "post", "delete", "patch", "head", "options"};

// Runs `use` on a router with the same registration the server runs (AddApiRoutes).
void WithRouter(const std::function<void(api::Router&)>& use) {
  auto tdb = TestDatabase::Create(store::Dialect::kSqlite);
  ASSERT_NE(tdb, nullptr);
  const auto keys =
      std::filesystem::temp_directory_path() / ("suiji_openapi_keys_" + std::to_string(::getpid()));
  service::PlatformOptions o;
  o.key_file = (keys / "platform.ed25519").string();
  o.secrets_key_file = (keys / "secrets.key").string();
  o.pii_key_file = (keys / "pii.key").string();
  FakeClock clock(Timestamp(std::chrono::milliseconds(1'795'000'000'000)));
  FixedEntropy entropy;
  auto platform = service::Platform::Create(tdb->Reopen(), clock, entropy, o);
  ASSERT_TRUE(platform.ok()) << platform.status().ToString();
  {
    api::Router router(**platform);
    api::AddApiRoutes(router, {.version = "test"});
    use(router);
  }
  platform->reset();
  std::filesystem::remove_all(keys);
}

// The router's table (Router::Routes()).
std::vector<api::Router::RouteInfo> RouteTable() {
  std::vector<api::Router::RouteInfo> routes;
  WithRouter([&](api::Router& router) { routes = router.Routes(); });
  return routes;
}

// "/api/v1/tasks/:id/notices/:target" -> "/tasks/{id}/notices/{target}" (the document's paths
// are relative to servers[0].url).
std::string ToDocumentPath(const std::string& pattern) {
  std::string p = pattern.rfind(kServerPrefix, 0) == 0
                      ? pattern.substr(std::string(kServerPrefix).size())
                      : pattern;
  std::string out;
  size_t i = 0;
  while (i < p.size()) {
    if (p[i] == ':' && i > 0 && p[i - 1] == '/') {
      size_t end = p.find('/', i);
      if (end == std::string::npos) end = p.size();
      out += "{" + p.substr(i + 1, end - i - 1) + "}";
      i = end;
    } else {
      out += p[i++];
    }
  }
  return out;
}

std::string Upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::vector<std::string> TemplateParams(const std::string& path) {
  std::vector<std::string> out;
  for (size_t i = path.find('{'); i != std::string::npos; i = path.find('{', i + 1))
    out.push_back(path.substr(i + 1, path.find('}', i) - i - 1));
  return out;
}

// Resolves a local "#/components/..." reference (one level is all the document uses).
YAML::Node Deref(const YAML::Node& root, const YAML::Node& node) {
  if (!node.IsMap() || !node["$ref"]) return node;
  std::string ref = node["$ref"].as<std::string>();
  if (ref.rfind("#/", 0) != 0) return node;
  // YAML::Node's operator= assigns through to the referenced node; reset() rebinds the handle.
  YAML::Node cur;
  cur.reset(root);
  size_t start = 2;
  while (start <= ref.size()) {
    size_t end = ref.find('/', start);
    if (end == std::string::npos) end = ref.size();
    const YAML::Node next = cur[ref.substr(start, end - start)];
    if (!next) return YAML::Node();
    cur.reset(next);
    start = end + 1;
  }
  return cur;
}

struct Document {
  YAML::Node root;
  std::string error;
};

Document LoadDocument() {
  Document d;
  try {
    d.root = YAML::LoadFile(SourceDir() + "/" + kDocument);
  } catch (const std::exception& e) {
    d.error = e.what();
  }
  return d;
}

TEST(OpenApiContractTest, RouteTableAndDocumentAgree) {
  Document doc = LoadDocument();
  ASSERT_TRUE(doc.error.empty()) << kDocument << ": " << doc.error;
  ASSERT_EQ(doc.root["servers"][0]["url"].as<std::string>(""), kServerPrefix);
  const auto routes = RouteTable();
  ASSERT_FALSE(routes.empty());

  std::map<std::string, std::string> in_table;  // "GET /tasks/{id}" -> router pattern
  for (const auto& r : routes) in_table[r.method + " " + ToDocumentPath(r.pattern)] = r.pattern;
  std::set<std::string> in_document;
  for (const auto& path : doc.root["paths"]) {
    for (const auto& op : path.second) {
      const std::string method = op.first.as<std::string>();
      if (kMethods.contains(method))
        in_document.insert(Upper(method) + " " + path.first.as<std::string>());
    }
  }
  std::string problems;
  for (const auto& [key, pattern] : in_table)
    if (!in_document.contains(key))
      problems += "  route not in the document: " + key + "   (" + pattern + ")\n";
  for (const auto& key : in_document)
    if (!in_table.contains(key)) problems += "  operation without a route: " + key + "\n";
  EXPECT_TRUE(problems.empty()) << kDocument << " and the router's table differ:\n"
                                << problems << "(router: " << in_table.size()
                                << " routes, document: " << in_document.size() << " operations)";
}

TEST(OpenApiContractTest, OperationsAreComplete) {
  Document doc = LoadDocument();
  ASSERT_TRUE(doc.error.empty()) << kDocument << ": " << doc.error;
  std::map<std::string, bool> public_route;  // "GET /health" -> public
  for (const auto& r : RouteTable())
    public_route[r.method + " " + ToDocumentPath(r.pattern)] =
        r.access.kind == api::Access::Kind::kPublic;

  std::set<std::string> ids;
  std::string problems;
  for (const auto& path_entry : doc.root["paths"]) {
    const std::string path = path_entry.first.as<std::string>();
    const YAML::Node path_item = path_entry.second;
    for (const auto& op_entry : path_item) {
      const std::string method = op_entry.first.as<std::string>();
      if (!kMethods.contains(method)) continue;
      const YAML::Node op = op_entry.second;
      const std::string key = Upper(method) + " " + path;

      const std::string id = op["operationId"] ? op["operationId"].as<std::string>() : "";
      if (id.empty()) problems += "  " + key + ": no operationId\n";
      else if (!ids.insert(id).second)
        problems += "  " + key + ": operationId " + id + " used twice\n";

      std::set<std::string> declared;
      for (const YAML::Node& params : {path_item["parameters"], op["parameters"]}) {
        if (!params) continue;
        for (const auto& p : params) {
          YAML::Node param = Deref(doc.root, p);
          if (param["in"].as<std::string>("") == "path")
            declared.insert(param["name"].as<std::string>(""));
        }
      }
      for (const std::string& name : TemplateParams(path))
        if (!declared.contains(name))
          problems += "  " + key + ": path parameter {" + name + "} not declared\n";

      bool success = false;
      for (const auto& resp_entry : op["responses"]) {
        const std::string status = resp_entry.first.as<std::string>();
        if (status.empty() || status[0] != '2') continue;
        success = true;
        YAML::Node resp = Deref(doc.root, resp_entry.second);
        if (!resp["content"]) continue;  // 204 and friends
        for (const auto& media : resp["content"]) {
          const std::string type = media.first.as<std::string>();
          if (type.find("json") != std::string::npos && !media.second["schema"])
            problems += "  " + key + " " + status + " " + type + ": no schema\n";
        }
      }

      if (!success && !op["x-never-succeeds"].as<bool>(false))
        problems += "  " + key + ": no 2xx answer\n";

      if (auto it = public_route.find(key); it != public_route.end()) {
        const bool open =
            op["security"] && op["security"].IsSequence() && op["security"].size() == 0;
        if (it->second && !open)
          problems += "  " + key + ": the route is public but not `security: []`\n";
        if (!it->second && open)
          problems += "  " + key + ": `security: []` but the route needs a login\n";
      }
    }
  }
  EXPECT_TRUE(problems.empty()) << kDocument << ":\n" << problems;
}

// The server answers GET /api/v1/openapi.yaml with this very file (embedded at build time).
TEST(OpenApiContractTest, TheServedDocumentIsThisFile) {
  std::ifstream in(SourceDir() + "/" + kDocument, std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  ASSERT_FALSE(file.str().empty());
  WithRouter([&](api::Router& router) {
    api::Request req;
    req.method = "GET";
    req.path = req.raw_path = "/api/v1/openapi.yaml";
    api::Response resp = router.Handle(req);
    EXPECT_EQ(resp.status, 200);
    EXPECT_TRUE(resp.body == file.str()) << "the embedded document differs from " << kDocument;
    bool yaml = false;
    for (const auto& [name, value] : resp.headers)
      if (name == "Content-Type") yaml = value.starts_with("application/yaml");
    EXPECT_TRUE(yaml);
  });
}

void CollectRefs(const YAML::Node& node, std::set<std::string>& refs) {
  if (node.IsMap()) {
    for (const auto& e : node) {
      if (e.first.as<std::string>() == "$ref" && e.second.IsScalar())
        refs.insert(e.second.as<std::string>());
      else CollectRefs(e.second, refs);
    }
  } else if (node.IsSequence()) {
    for (const auto& e : node) CollectRefs(e, refs);
  }
}

TEST(OpenApiContractTest, EveryComponentIsUsed) {
  Document doc = LoadDocument();
  ASSERT_TRUE(doc.error.empty()) << kDocument << ": " << doc.error;
  std::set<std::string> refs;
  CollectRefs(doc.root, refs);
  std::string problems;
  for (const char* kind : {"schemas", "parameters", "responses"}) {
    for (const auto& e : doc.root["components"][kind]) {
      const std::string ref = std::string("#/components/") + kind + "/" + e.first.as<std::string>();
      if (!refs.contains(ref) && !e.second["x-any-route"])
        problems += "  never referenced: " + ref + "\n";
    }
  }
  EXPECT_TRUE(problems.empty()) << kDocument << ":\n" << problems;
}

}  // namespace
}  // namespace suiji::testing
