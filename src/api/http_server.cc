#include "api/http_server.h"

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <future>
#include <thread>

namespace suiji::api {
namespace {

using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

Request ToRequest(const restinio::request_handle_t& req) {
  Request r;
  const auto& h = req->header();
  r.method = h.method().c_str();
  r.raw_path = std::string(h.path());
  auto decoded = PercentDecode(h.path());
  r.path = decoded ? *decoded : std::string("\\invalid");
  r.query = ParseQueryString(h.query());
  h.for_each_field([&](const restinio::http_header_field_t& f) {
    std::string name = f.name();
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers[name] = f.value();
  });
  r.body = req->body();
  r.remote = req->remote_endpoint().address().to_string();
  return r;
}

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

restinio::request_handling_status_t Serve(Router& router, const restinio::request_handle_t& req) {
  const auto start = std::chrono::steady_clock::now();
  Request request = ToRequest(req);
  Response resp = router.Handle(request);
  auto builder = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)}, ReasonPhrase(resp.status)});
  builder.append_header("X-Content-Type-Options", "nosniff");
  builder.append_header("X-Frame-Options", "DENY");
  builder.append_header("Referrer-Policy", "same-origin");
  builder.append_header("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                        "connect-src 'self'; frame-ancestors 'none'");
  bool has_cache = false;
  for (const auto& [name, value] : resp.headers) {
    builder.append_header(name, value);
    if (name == "Cache-Control") has_cache = true;
  }
  if (!has_cache) builder.append_header("Cache-Control", "no-store");
  size_t bytes = resp.body.size();
  if (resp.file) {
    try {
      auto sf = restinio::sendfile(*resp.file);
      bytes = sf.size();
      if (request.method == "HEAD") builder.append_header("Content-Length", std::to_string(bytes));
      else builder.set_body(std::move(sf));
    } catch (const std::exception& e) {
      spdlog::warn("sendfile {}: {}", *resp.file, e.what());
      builder.header().status_line(restinio::http_status_line_t{restinio::http_status_code_t{404}, "Not Found"});
      builder.set_body("文件不存在");
    }
  } else if (request.method != "HEAD") {
    builder.set_body(std::move(resp.body));
  }
  builder.done();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("{} {} {} {:.1f}ms {}B", request.method, request.raw_path, resp.status, ms, bytes);
  return restinio::request_accepted();
}

Status ListenError(const ServerOptions& options, bool in_use, const std::string& what) {
  if (in_use)
    return Status(StatusCode::kUnavailable, "PORT_IN_USE",
                  "端口 " + std::to_string(options.port) + " 已被占用，请用 --port 指定其他端口", what);
  return Status(StatusCode::kUnavailable, "LISTEN_FAILED",
                "无法在 " + options.address + ":" + std::to_string(options.port) + " 上监听", what);
}

}  // namespace

Status CheckListenAddress(const ServerOptions& options) {
  asio::io_context ioctx;
  asio::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) return ListenError(options, false, ec.message());
  asio::ip::tcp::acceptor acceptor(ioctx);
  asio::ip::tcp::endpoint endpoint(address, options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (ec) return ListenError(options, ec == asio::error::address_in_use, ec.message());
  return OkStatus();
}

Status RunHttpServer(const ServerOptions& options, Router& router, const std::function<void()>& on_listening) {
  asio::io_context ioctx;
  auto work = asio::make_work_guard(ioctx);
  restinio::http_server_t<Traits> server{
      restinio::external_io_context(ioctx), [&](auto& settings) {
        settings.port(options.port)
            .address(options.address)
            .request_handler([&router](const restinio::request_handle_t& req) { return Serve(router, req); })
            // Imports of large registers run inside one request.
            .handle_request_timeout(std::chrono::minutes(15))
            .write_http_response_timelimit(std::chrono::minutes(5))
            .read_next_http_message_timelimit(std::chrono::seconds(60))
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(options.max_body_bytes));
      }};

  std::vector<std::thread> threads;
  const int n = std::max(1, options.threads);
  for (int i = 0; i < n; ++i) threads.emplace_back([&] { ioctx.run(); });
  auto stop_all = [&] {
    work.reset();
    ioctx.stop();
    for (auto& t : threads) t.join();
  };

  std::promise<std::exception_ptr> opened;
  server.open_async([&] { opened.set_value(nullptr); }, [&](std::exception_ptr ex) { opened.set_value(ex); });
  if (std::exception_ptr ex = opened.get_future().get()) {
    stop_all();
    std::string what = "unknown";
    bool in_use = false;
    try {
      std::rethrow_exception(ex);
    } catch (const std::system_error& e) {
      what = e.what();
      in_use = e.code() == asio::error::address_in_use;
    } catch (const std::exception& e) {
      what = e.what();
      in_use = what.find("in use") != std::string::npos;
    }
    return ListenError(options, in_use, what);
  }
  on_listening();

  std::promise<void> stopped;
  asio::signal_set signals(ioctx, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("收到信号 {}，正在停止服务…", sig);
    server.close_async([&] { stopped.set_value(); },
                       [&](std::exception_ptr) { stopped.set_value(); });
  });
  stopped.get_future().wait();
  stop_all();
  return OkStatus();
}

}  // namespace suiji::api
