// The HTTP transport (RESTinio over asio). The only translation unit that includes RESTinio.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "api/router.h"
#include "core/status.h"

namespace suiji::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 8;  // handlers block on the database: more threads than cores
  size_t max_body_bytes = 256u << 20;
};

// Binds and releases the listening address: lets `serve` refuse a taken port before it opens
// (and possibly migrates) the database. PORT_IN_USE / LISTEN_FAILED as below.
Status CheckListenAddress(const ServerOptions& options);

// Serves until SIGINT or SIGTERM, then finishes in-flight requests and returns OK.
// `on_listening` runs once the socket accepts connections. A port in use or an address that
// cannot be bound returns Unavailable (PORT_IN_USE / LISTEN_FAILED) without serving.
Status RunHttpServer(const ServerOptions& options, Router& router, const std::function<void()>& on_listening);

}  // namespace suiji::api
