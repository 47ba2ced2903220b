#include "support/api_client.h"

namespace suiji::testing {

bool ApiClient::Login(const std::string& username, const std::string& password) {
  auto r = http_.Post("/api/v1/session", nlohmann::json{{"username", username}, {"password", password}}.dump(),
                      "application/json");
  if (!r || r->status != 200) return false;
  std::string cookie = r->get_header_value("Set-Cookie");
  cookie_ = cookie.substr(0, cookie.find(';'));
  csrf_ = nlohmann::json::parse(r->body)["csrf_token"];
  return true;
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

ApiResponse ApiClient::PostRaw(const std::string& path, const std::string& body, const std::string& content_type) {
  return Wrap(http_.Post(path, Headers(), body, content_type));
}

}  // namespace suiji::testing
