// A logged-in JSON client for end-to-end tests against ServerProcess.
//
// The API contract (docs/api/README.md): when SUIJI_API_LOG_DIR is set (CTest sets it for the
// end-to-end suites), every answer a client receives is appended as one JSON line
// {test, method, path, status, content_type, body} to a file of this process in that directory;
// the api_contract_responses test then validates each against docs/api/openapi.yaml.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace suiji::testing {

struct ApiResponse {
  int status = 0;
  nlohmann::json body;  // null when the body is not JSON
  std::string raw;
  std::string code() const { return body.is_object() ? body.value("code", "") : ""; }
};

// Logs every answer `client` receives from now on (see above); nothing unless SUIJI_API_LOG_DIR is
// set. ApiClient does this itself; tests with their own httplib::Client call it once.
void LogApiResponses(httplib::Client& client);

class ApiClient {
 public:
  explicit ApiClient(int port) : http_("127.0.0.1", port) {
    http_.set_read_timeout(120);
    LogApiResponses(http_);
  }
  // Logs in with the demo password unless another is given; false on failure.
  bool Login(const std::string& username, const std::string& password = "suiji-demo-2026");
  // A client of another server on the same database that sends this client's session cookie
  // and CSRF token (servers behind one proxy share sessions through the database).
  std::unique_ptr<ApiClient> SessionOn(int port) const;

  ApiResponse Get(const std::string& path);
  ApiResponse Post(const std::string& path, const nlohmann::json& body = nlohmann::json::object());
  ApiResponse Put(const std::string& path, const nlohmann::json& body);
  ApiResponse Delete(const std::string& path, const nlohmann::json& body = nlohmann::json());
  // Raw body (imports).
  ApiResponse PostRaw(const std::string& path, const std::string& body,
                      const std::string& content_type);

 private:
  ApiResponse Wrap(const httplib::Result& r);
  httplib::Headers Headers() const;

  httplib::Client http_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace suiji::testing
