#include "support/api_client.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

#include <unistd.h>

namespace suiji::testing {

void LogApiResponses(httplib::Client& client) {
  const char* dir = std::getenv("SUIJI_API_LOG_DIR");
  if (dir == nullptr || *dir == '\0') return;
  // One file per process, so parallel test processes never write to the same one.
  const std::string file = std::string(dir) + "/responses-" + std::to_string(::getpid()) + ".jsonl";
  client.set_logger([file](const httplib::Request& req, const httplib::Response& res) {
    static std::mutex mu;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const nlohmann::json line = {
        {"test", info ? std::string(info->test_suite_name()) + "." + info->name() : ""},
        {"method", req.method},
        {"path", req.path},
        {"status", res.status},
        {"content_type", res.get_header_value("Content-Type")},
        {"body", res.body}};
    std::lock_guard lock(mu);
    std::ofstream out(file, std::ios::app);
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  });
}

bool ApiClient::Login(const std::string& username, const std::string& password) {
  auto r = http_.Post("/api/v1/session",
                      nlohmann::json{{"username", username}, {"password", password}}.dump(),
                      "application/json");
  if (!r || r->status != 200) return false;
  std::string cookie = r->get_header_value("Set-Cookie");
  cookie_ = cookie.substr(0, cookie.find(';'));
  csrf_ = nlohmann::json::parse(r->body)["csrf_token"];
  return true;
}

std::unique_ptr<ApiClient> ApiClient::SessionOn(int port) const {
  auto other = std::make_unique<ApiClient>(port);
  other->cookie_ = cookie_;
  other->csrf_ = csrf_;
  return other;
}

httplib::Headers ApiClient::Headers() const {
  httplib::Headers h;
  if (!cookie_.empty()) h.emplace("Cookie", cookie_);
  if (!csrf_.empty()) h.emplace("X-CSRF-Token", csrf_);
  return h;
}

ApiResponse ApiClient::Wrap(const httplib::Result& r) {
  ApiResponse out;
  if (!r) return out;
  out.status = r->status;
  out.raw = r->body;
  out.body = nlohmann::json::parse(r->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

ApiResponse ApiClient::Get(const std::string& path) { return Wrap(http_.Get(path, Headers())); }

ApiResponse ApiClient::Post(const std::string& path, const nlohmann::json& body) {
  return Wrap(http_.Post(path, Headers(), body.dump(), "application/json"));
}

ApiResponse ApiClient::Put(const std::string& path, const nlohmann::json& body) {
  return Wrap(http_.Put(path, Headers(), body.dump(), "application/json"));
}

ApiResponse ApiClient::Delete(const std::string& path, const nlohmann::json& body) {
  if (body.is_null()) return Wrap(http_.Delete(path, Headers()));
  return Wrap(http_.Delete(path, Headers(), body.dump(), "application/json"));
}

ApiResponse ApiClient::PostRaw(const std::string& path, const std::string& body,
                               const std::string& content_type) {
  return Wrap(http_.Post(path, Headers(), body, content_type));
}

}  // namespace suiji::testing
