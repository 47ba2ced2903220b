// HTTP requests and responses as plain values, so handlers and the router compile and test
// without a socket (the transport is confined to http_server.cc).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"

namespace suiji::api {

struct Request {
  std::string method;    // "GET", "POST", …
  std::string path;      // percent-decoded, without the query
  std::string raw_path;  // as received (for logs and traversal checks)
  std::unordered_map<std::string, std::string> query;
  std::unordered_map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote;                                   // client IP address
  std::unordered_map<std::string, std::string> params;  // from the route pattern
  // Non-empty (a Chinese message) when the request target is malformed: a bad percent escape,
  // bytes that are not UTF-8, a control character. The router answers 400 BAD_REQUEST_TARGET.
  std::string bad_target;

  std::string Header(std::string_view name) const;
  std::string Cookie(std::string_view name) const;
  std::optional<std::string> Query(std::string_view name) const;
  std::string Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<std::string> file;  // send this file as the body (static assets)
  // When set, the body instead of `body`: bytes shared with a cache (static assets), sent
  // without a copy.
  std::shared_ptr<const std::string> shared_body;
  // When set, the body instead of `body`, produced while it is sent: each call appends the
  // next piece (never empty) to the string it is given and returns false once there is no
  // more. Sent in chunked transfer coding, a piece written before the next is produced, so the
  // whole body is never held (a million-candidate draw bundle is 130 MB of text); to an
  // HTTP/1.0 client, collected first.
  std::function<bool(std::string& piece)> body_stream;

  static Response Json(int status, const nlohmann::json& body);
  static Response NoContent();
  Response& SetHeader(std::string name, std::string value);
};

// The one mapping from status codes to HTTP statuses.
int HttpStatusFor(StatusCode code);
// {"code": reason, "message": Chinese} with the mapped HTTP status. `details` (an object) adds
// fields beside them — an import's refusal carries its whole report (IMPORT_ROWS_INVALID).
Response ErrorResponse(const Status& status, nlohmann::json details = nlohmann::json::object());

// Percent-decoding; nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space = false);
// Fills the target fields (raw_path, path, query with later keys winning, bad_target) from the
// request target as received ("/api/v1/x?y=1&z=%E4%B8%AD").
void SetRequestTarget(Request& request, std::string_view target);

}  // namespace suiji::api
