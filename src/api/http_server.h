// The HTTP/1.1 transport: an asio acceptor and one connection loop per client, parsing with
// http_parser (the Node.js parser, Debian's libhttp-parser). The only translation unit that
// touches sockets; everything above it sees plain Request/Response values (api/http_types.h).
//
// Why our own loop and not a framework: a request's body limit depends on its route and on who
// sends it, so it must be decided when the headers are in, before a byte of body is read — an
// anonymous 200 MB POST is refused with 413 at once, an upload route reads its large body only
// after authentication (docs/adr/0008-http-transport.md).
//
// Hostile clients: every phase has a deadline (idle keep-alive, headers, body at a minimum
// rate, response writing), so a slow or silent client is closed; oversized URLs (414), header
// blocks (431) and bodies (413) are answered before they are read; bytes that are not HTTP get
// 400; the bodies held in memory by all connections together have a budget (503 beyond it);
// and a client that resets the connection only ends its own connection (SIGPIPE is ignored and
// no write raises it).
#pragma once

#include <chrono>
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

  size_t max_url_bytes = 8 * 1024;         // 414 beyond
  size_t max_header_bytes = 32 * 1024;     // all field names and values together; 431 beyond
  size_t max_header_fields = 100;          // 431 beyond
  size_t max_connections = 1024;           // 503 and close beyond
  size_t body_memory_budget = 512u << 20;  // request bodies held by all connections; 503 beyond

  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive connection with no request
  std::chrono::milliseconds header_timeout{20'000};  // first byte of a request → end of headers
  // A body must arrive within body_timeout plus one second per body_min_rate bytes.
  std::chrono::milliseconds body_timeout{30'000};
  size_t body_min_rate = 64 * 1024;
  // A response must be taken within write_timeout plus one second per write_min_rate bytes.
  std::chrono::milliseconds write_timeout{30'000};
  size_t write_min_rate = 64 * 1024;

  // `suiji serve --read-only` (on a streaming replica, docs/deploy.md): every request that is
  // not GET, HEAD or OPTIONS — logins included — is answered 503 READ_ONLY as soon as its
  // headers are in, before authentication and before its body is read; every answer carries
  // `X-Suiji-Read-Only: 1` so the web UI can say so before anyone tries.
  bool read_only = false;
};

// Binds and releases the listening address: lets `serve` refuse a taken port before it opens
// (and possibly migrates) the database. PORT_IN_USE / LISTEN_FAILED as below.
Status CheckListenAddress(const ServerOptions& options);

// Serves until SIGINT or SIGTERM, then stops accepting, lets in-flight handlers finish (up to
// ten seconds) and returns OK. `on_listening` runs once the socket accepts connections. A port
// in use or an address that cannot be bound returns Unavailable (PORT_IN_USE / LISTEN_FAILED)
// without serving. Ignores SIGPIPE for the whole process.
Status RunHttpServer(const ServerOptions& options, Router& router,
                     const std::function<void()>& on_listening);

}  // namespace suiji::api
