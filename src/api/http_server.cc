#include "api/http_server.h"

#include <http_parser.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <asio.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <thread>

namespace suiji::api {
namespace {

using asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

Response Refusal(int http_status, const char* code, std::string message) {
  Response r = Response::Json(http_status, {{"code", code}, {"message", std::move(message)}});
  return r;
}

std::string MiB(size_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MB"; }

// State every connection shares with the server. Held by shared_ptr so that a connection
// destroyed while the io_context winds down never outlives it.
struct Shared {
  Shared(const ServerOptions& o, Router& r) : options(o), router(r) {}
  const ServerOptions options;
  Router& router;
  std::atomic<size_t> connections{0};
  std::atomic<size_t> body_bytes{0};  // reserved by bodies being read or handled
  std::atomic<int> in_flight{0};      // handlers running
  std::atomic<bool> stopping{false};
  // How often a connection compares the clock with its deadline: a quarter of the shortest
  // timeout, between 50 ms and 1 s, so a deadline is enforced within that much of its time.
  const std::chrono::milliseconds tick = [this] {
    const auto shortest = std::min({options.idle_timeout, options.header_timeout,
                                    options.body_timeout, options.write_timeout});
    return std::clamp<std::chrono::milliseconds>(shortest / 4, std::chrono::milliseconds(50),
                                                 std::chrono::milliseconds(1000));
  }();

  bool ReserveBody(size_t n) {
    size_t cur = body_bytes.load();
    do {
      if (cur + n > options.body_memory_budget) return false;
    } while (!body_bytes.compare_exchange_weak(cur, cur + n));
    return true;
  }
  void ReleaseBody(size_t n) { body_bytes.fetch_sub(n); }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<Shared> shared, tcp::socket socket)
      : shared_(std::move(shared)), socket_(std::move(socket)), timer_(socket_.get_executor()) {
    shared_->connections.fetch_add(1);
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
  }
  ~Connection() {
    ReleaseBody();
    shared_->connections.fetch_sub(1);
  }

  void Start() {
    asio::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    remote_ = ec ? std::string("?") : ep.address().to_string();
    // TCP_NODELAY: with Nagle's algorithm, a response's last small segment waits for the
    // client's delayed ACK (about 40 ms per keep-alive request; issue 15).
    socket_.set_option(tcp::no_delay(true), ec);
    socket_.non_blocking(true, ec);  // Respond's first write must not block
    Arm(shared_->options.idle_timeout);
    Parse();
  }

  asio::any_io_executor Executor() { return socket_.get_executor(); }

  // Answers 503 and closes: too many connections.
  void Refuse() {
    Respond(Refusal(503, "SERVER_BUSY", "服务器连接数已满，请稍后重试"), /*close=*/true);
  }

 private:
  static const http_parser_settings& Settings() {
    static const http_parser_settings settings = [] {
      http_parser_settings s;
      http_parser_settings_init(&s);
      s.on_message_begin = [](http_parser* p) { return Self(p)->OnMessageBegin(); };
      s.on_url = [](http_parser* p, const char* at, size_t n) { return Self(p)->OnUrl(at, n); };
      s.on_header_field = [](http_parser* p, const char* at, size_t n) {
        return Self(p)->OnField(at, n);
      };
      s.on_header_value = [](http_parser* p, const char* at, size_t n) {
        return Self(p)->OnValue(at, n);
      };
      s.on_headers_complete = [](http_parser* p) { return Self(p)->OnHeadersComplete(); };
      s.on_body = [](http_parser* p, const char* at, size_t n) { return Self(p)->OnBody(at, n); };
      s.on_message_complete = [](http_parser* p) { return Self(p)->OnMessageComplete(); };
      return s;
    }();
    return settings;
  }
  static Connection* Self(http_parser* p) { return static_cast<Connection*>(p->data); }

  // ---- parser callbacks: fill request_, or set reject_ and stop the parser ----

  int OnMessageBegin() {
    request_ = Request{};
    target_.clear();
    field_.clear();
    value_.clear();
    header_bytes_ = 0;
    header_fields_ = 0;
    in_value_ = false;
    bad_header_ = false;
    message_complete_ = false;
    Arm(shared_->options.header_timeout);  // the whole header block, however slowly it trickles
    return 0;
  }

  int OnUrl(const char* at, size_t n) {
    target_.append(at, n);
    if (target_.size() > shared_->options.max_url_bytes)
      return Reject(Refusal(
          414, "URI_TOO_LONG",
          "请求地址过长（超过 " + std::to_string(shared_->options.max_url_bytes) + " 字节）"));
    return 0;
  }

  int OnField(const char* at, size_t n) {
    if (in_value_) {
      StoreField();
      in_value_ = false;
    }
    field_.append(at, n);
    return CountHeader(n);
  }

  int OnValue(const char* at, size_t n) {
    in_value_ = true;
    value_.append(at, n);
    return CountHeader(n);
  }

  int CountHeader(size_t n) {
    header_bytes_ += n;
    if (header_bytes_ > shared_->options.max_header_bytes)
      return Reject(Refusal(
          431, "HEADERS_TOO_LARGE",
          "请求头过大（超过 " + std::to_string(shared_->options.max_header_bytes) + " 字节）"));
    return 0;
  }

  void StoreField() {
    for (unsigned char ch : value_)
      if ((ch < 0x20 && ch != '\t') || ch == 0x7f) bad_header_ = true;  // RFC 9110 §5.5
    for (auto& ch : field_) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto [it, inserted] = request_.headers.try_emplace(field_, value_);
    if (!inserted) it->second += (field_ == "cookie" ? "; " : ", ") + value_;
    ++header_fields_;
    field_.clear();
    value_.clear();
  }

  int OnHeadersComplete() {
    if (!field_.empty()) StoreField();
    if (header_fields_ > shared_->options.max_header_fields)
      return Reject(Refusal(431, "HEADERS_TOO_LARGE", "请求头字段过多"));
    if (bad_header_) return Reject(Refusal(400, "BAD_HTTP_REQUEST", "请求头含有控制字符"));
    if (parser_.http_major != 1)
      return Reject(Refusal(505, "HTTP_VERSION_NOT_SUPPORTED", "仅支持 HTTP/1.0 与 HTTP/1.1"));
    request_.method = http_method_str(static_cast<http_method>(parser_.method));
    request_.remote = remote_;
    SetRequestTarget(request_, target_);

    if (shared_->options.read_only && request_.method != "GET" && request_.method != "HEAD" &&
        request_.method != "OPTIONS")
      return Reject(Refusal(503, "READ_ONLY",
                            "本站点为只读副本，只能查询，不能登录或修改数据；请到主站点办理"));
    Admission admission = shared_->router.Admit(request_);
    if (admission.reject) return Reject(std::move(*admission.reject));
    max_body_ = admission.max_body;
    const bool chunked = (parser_.flags & F_CHUNKED) != 0;
    const bool has_length = parser_.content_length != ULLONG_MAX && !chunked;
    if (has_length && parser_.content_length > max_body_)
      return Reject(
          Refusal(413, "BODY_TOO_LARGE", "请求内容过大：此接口最多接受 " + MiB(max_body_)));
    if (has_length && parser_.content_length > 0) {
      if (!Reserve(parser_.content_length)) return -1;
      request_.body.reserve(parser_.content_length);
    }
    const bool expects_body = chunked || (has_length && parser_.content_length > 0);
    if (expects_body) {
      const size_t expected = has_length ? parser_.content_length : max_body_;
      Arm(shared_->options.body_timeout +
          std::chrono::seconds(expected / shared_->options.body_min_rate));
      std::string expect = request_.Header("expect");
      for (auto& ch : expect) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (expect == "100-continue") {
        send_continue_ = true;
        http_parser_pause(&parser_, 1);
      }
    }
    return 0;
  }

  int OnBody(const char* at, size_t n) {
    if (request_.body.size() + n > max_body_)
      return Reject(
          Refusal(413, "BODY_TOO_LARGE", "请求内容过大：此接口最多接受 " + MiB(max_body_)));
    // A chunked body has no declared size: reserve as it grows.
    if (request_.body.size() + n > reserved_ && !Reserve(std::max<size_t>(n, 64 * 1024))) return -1;
    request_.body.append(at, n);
    return 0;
  }

  int OnMessageComplete() {
    message_complete_ = true;
    http_parser_pause(&parser_, 1);
    return 0;
  }

  int Reject(Response r) {
    reject_ = std::move(r);
    return -1;
  }

  bool Reserve(size_t n) {
    if (!shared_->ReserveBody(n)) {
      reject_ = Refusal(503, "SERVER_BUSY", "服务器正在处理大量上传，请稍后重试");
      return false;
    }
    reserved_ += n;
    return true;
  }

  void ReleaseBody() {
    if (reserved_ > 0) shared_->ReleaseBody(reserved_);
    reserved_ = 0;
  }

  // ---- the loop: read → parse → handle → write → parse what is left ----

  void Parse() {
    if (in_begin_ == in_end_) {
      in_begin_ = in_end_ = 0;
      Read();
      return;
    }
    const size_t parsed =
        http_parser_execute(&parser_, &Settings(), in_ + in_begin_, in_end_ - in_begin_);
    in_begin_ += parsed;
    const auto err = HTTP_PARSER_ERRNO(&parser_);
    if (reject_) {
      Response r = std::move(*reject_);
      reject_.reset();
      Respond(std::move(r), /*close=*/true);
      return;
    }
    if (err == HPE_PAUSED) {
      http_parser_pause(&parser_, 0);
      if (message_complete_) {
        Dispatch();
        return;
      }
      if (send_continue_) {
        send_continue_ = false;
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::async_write(socket_, asio::buffer(kContinue),
                          [self = shared_from_this()](asio::error_code ec, size_t) {
                            if (ec) return self->Close();
                            self->Parse();
                          });
        return;
      }
    } else if (err != HPE_OK) {
      Respond(Refusal(400, "BAD_HTTP_REQUEST", "请求不是有效的 HTTP/1.1 请求"), /*close=*/true);
      return;
    } else {
      in_begin_ = in_end_;  // the parser takes everything it is given unless paused
    }
    Parse();
  }

  void Read() {
    socket_.async_read_some(asio::buffer(in_, sizeof in_),
                            [self = shared_from_this()](asio::error_code ec, size_t n) {
                              if (ec) {
                                // End of stream in the middle of a request: nothing to answer.
                                return self->Close();
                              }
                              self->in_end_ = n;
                              self->Parse();
                            });
  }

  void Dispatch() {
    deadline_ = SteadyClock::time_point::max();  // a handler may take long (imports)
    const bool keep_alive = http_should_keep_alive(&parser_) != 0;
    const auto start = SteadyClock::now();
    shared_->in_flight.fetch_add(1);
    Response resp = shared_->router.Handle(request_);
    shared_->in_flight.fetch_sub(1);
    ReleaseBody();
    request_.body = std::string();  // give the memory back before writing
    const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
    if (resp.body_stream)
      spdlog::info("{} {} {} {:.1f}ms (streamed)", request_.method, request_.raw_path, resp.status,
                   ms);
    else
      spdlog::info("{} {} {} {:.1f}ms {}B", request_.method, request_.raw_path, resp.status, ms,
                   resp.shared_body ? resp.shared_body->size()
                   : resp.file      ? 0
                                    : resp.body.size());
    Respond(std::move(resp), !keep_alive || shared_->stopping.load());
  }

  void Respond(Response resp, bool close) {
    const bool head = request_.method == "HEAD";
    if (resp.file) {
      std::ifstream in(*resp.file, std::ios::binary);
      if (in) {
        resp.body.assign(std::istreambuf_iterator<char>(in), {});
      } else {
        spdlog::warn("static file {} unreadable", *resp.file);
        resp.status = 404;
        resp.body = "文件不存在";
      }
    }
    if (resp.status == 204 || resp.status == 304) resp.body_stream = nullptr;
    if (resp.body_stream && parser_.http_minor == 0) {  // HTTP/1.0 has no chunked coding
      while (resp.body_stream(resp.body)) {
      }
      resp.body_stream = nullptr;
    }
    const bool streamed = resp.body_stream != nullptr;
    if (head) resp.body_stream = nullptr;  // the head says chunked; nothing follows it
    std::string& h = head_;
    h.clear();
    h += "HTTP/1.1 ";
    h += std::to_string(resp.status);
    h += ' ';
    h += ReasonPhrase(resp.status);
    h +=
        "\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n"
        "Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; frame-ancestors 'none'\r\n";
    if (shared_->options.read_only) h += "X-Suiji-Read-Only: 1\r\n";
    bool has_cache = false;
    for (const auto& [name, value] : resp.headers) {
      h += name;
      h += ": ";
      h += value;
      h += "\r\n";
      if (name == "Cache-Control") has_cache = true;
    }
    if (!has_cache) h += "Cache-Control: no-store\r\n";
    const size_t length = resp.shared_body ? resp.shared_body->size() : resp.body.size();
    if (streamed) h += "Transfer-Encoding: chunked\r\n";
    else if (resp.status != 204 && resp.status != 304)
      h += "Content-Length: " + std::to_string(length) + "\r\n";
    h += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    if (resp.body_stream) {
      stream_ = std::move(resp.body_stream);
      body_ = std::string();
      return StreamNext(close);
    }
    const bool no_body = head || resp.status == 204 || resp.status == 304;
    body_ = no_body || resp.shared_body ? std::string() : std::move(resp.body);
    if (!no_body) shared_body_ = std::move(resp.shared_body);
    const std::string_view body = shared_body_ ? std::string_view(*shared_body_) : body_;

    const size_t total = h.size() + body.size();
    Arm(shared_->options.write_timeout +
        std::chrono::seconds(total / shared_->options.write_min_rate));
    // Head and body leave in one gather write (one sendmsg), and the socket has TCP_NODELAY:
    // a head written alone and a small body behind it would wait for the client's delayed ACK
    // under Nagle's algorithm — about 40 ms per keep-alive request.
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_),
                                              asio::buffer(body.data(), body.size())};
    // Most answers fit the socket's send buffer: write at once (the socket is non-blocking)
    // and go on in this handler, rather than through a completion that another io thread
    // picks up. What does not fit is written asynchronously.
    asio::error_code ec;
    const size_t sent = socket_.write_some(buffers, ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) return Close();
    if (!ec && sent == total) return Written(close);
    size_t skip = ec ? 0 : sent;
    for (auto& b : buffers) {
      const size_t n = std::min(skip, b.size());
      b += n;
      skip -= n;
    }
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), close](asio::error_code ec, size_t) {
                        if (ec) return self->Close();
                        self->Written(close);
                      });
  }

  // One piece of a streamed body as one chunk (the head before the first), written before the
  // next piece is produced; the last chunk (size 0) ends the body.
  void StreamNext(bool close) {
    body_.clear();  // the piece buffer, its capacity kept from piece to piece
    const bool more = stream_(body_) && !body_.empty();
    if (more) {
      char size[24];
      chunk_head_.assign(
          size, static_cast<size_t>(std::snprintf(size, sizeof size, "%zx\r\n", body_.size())));
      body_ += "\r\n";
    } else {
      stream_ = nullptr;
      chunk_head_.clear();
      body_ = "0\r\n\r\n";
    }
    const size_t total = head_.size() + chunk_head_.size() + body_.size();
    Arm(shared_->options.write_timeout +
        std::chrono::seconds(total / shared_->options.write_min_rate));
    std::array<asio::const_buffer, 3> buffers{asio::buffer(head_), asio::buffer(chunk_head_),
                                              asio::buffer(body_)};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), close, more](asio::error_code ec, size_t) {
                        if (ec) return self->Close();
                        self->head_.clear();
                        if (more) return self->StreamNext(close);
                        self->Written(close);
                      });
  }

  void Written(bool close) {
    body_ = std::string();
    shared_body_.reset();
    if (close) return Linger();
    Arm(shared_->options.idle_timeout);
    // Pipelined requests already buffered are parsed from a fresh handler, so that a long
    // pipeline cannot nest Parse → Respond → Parse on the stack.
    if (in_begin_ != in_end_) {
      asio::post(socket_.get_executor(), [self = shared_from_this()] { self->Parse(); });
      return;
    }
    Parse();
  }

  // After an answer that ends the connection, the client may still be sending a body we did not
  // read; closing at once would reset the connection and could destroy our answer in flight.
  // Half-close, then drain what arrives for a moment.
  void Linger() {
    asio::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    Arm(std::chrono::seconds(2));
    Drain();
  }
  void Drain() {
    socket_.async_read_some(asio::buffer(in_, sizeof in_),
                            [self = shared_from_this()](asio::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (4u << 20)) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    asio::error_code ec;
    timer_.cancel();
    socket_.close(ec);
  }

  // One deadline for whatever the connection waits on now; when it passes, the socket closes
  // and the pending operation fails, which ends the connection. Moving the deadline only writes
  // a member: the timer ticks (a fraction of the shortest timeout, at most a second) and
  // compares. Re-arming an asio timer per phase cancelled a wait each time, and every
  // cancellation was a completion handed to another io thread — three to four thread wake-ups
  // per keep-alive request, most of a small file's cost.
  void Arm(std::chrono::steady_clock::duration d) {
    deadline_ = SteadyClock::now() + d;
    if (!ticking_) {
      ticking_ = true;
      Tick();
    }
  }
  void Tick() {
    timer_.expires_after(shared_->tick);
    timer_.async_wait([weak = weak_from_this()](asio::error_code ec) {
      auto self = weak.lock();
      if (!self) return;
      if (ec || !self->socket_.is_open()) {
        self->ticking_ = false;
        return;
      }
      if (SteadyClock::now() >= self->deadline_) {
        self->ticking_ = false;
        asio::error_code ignored;
        self->socket_.close(ignored);
        return;
      }
      self->Tick();
    });
  }

  std::shared_ptr<Shared> shared_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  http_parser parser_;
  std::string remote_;

  char in_[16 * 1024];
  size_t in_begin_ = 0, in_end_ = 0;

  Request request_;
  std::string target_, field_, value_;
  size_t header_bytes_ = 0, header_fields_ = 0;
  bool in_value_ = false;
  bool bad_header_ = false;
  bool message_complete_ = false;
  bool send_continue_ = false;
  size_t max_body_ = 0;
  size_t reserved_ = 0;
  std::optional<Response> reject_;
  size_t drained_ = 0;
  SteadyClock::time_point deadline_ = SteadyClock::time_point::max();
  bool ticking_ = false;

  std::string head_, body_;
  std::shared_ptr<const std::string> shared_body_;  // a cached static asset being written
  std::function<bool(std::string&)> stream_;        // a streamed body being written
  std::string chunk_head_;
};

Status ListenError(const ServerOptions& options, bool in_use, const std::string& what) {
  if (in_use)
    return Status(StatusCode::kUnavailable, "PORT_IN_USE",
                  "端口 " + std::to_string(options.port) + " 已被占用，请用 --port 指定其他端口",
                  what);
  return Status(StatusCode::kUnavailable, "LISTEN_FAILED",
                "无法在 " + options.address + ":" + std::to_string(options.port) + " 上监听", what);
}

// Opens and binds `acceptor` to the configured address (and listens when asked).
Status Bind(tcp::acceptor& acceptor, const ServerOptions& options, bool listen) {
  asio::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) return ListenError(options, false, ec.message());
  tcp::endpoint endpoint(address, options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec && listen) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return ListenError(options, ec == asio::error::address_in_use, ec.message());
  return OkStatus();
}

// The acceptor lives on its own strand: its accept completions and Close() (from the signal
// handler, on whichever io thread runs it) never touch it at the same time.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& io, std::shared_ptr<Shared> shared)
      : io_(io), acceptor_(asio::make_strand(io)), shared_(std::move(shared)) {}

  Status Open() { return Bind(acceptor_, shared_->options, /*listen=*/true); }

  void Accept() {
    // Each connection runs on its own strand: its reads, writes and deadline never overlap.
    acceptor_.async_accept(
        asio::make_strand(io_), [self = shared_from_this()](asio::error_code ec, tcp::socket s) {
          if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
          if (!ec) {
            auto conn = std::make_shared<Connection>(self->shared_, std::move(s));
            if (self->shared_->connections.load() > self->shared_->options.max_connections) {
              asio::post(conn->Executor(), [conn] { conn->Refuse(); });
            } else {
              asio::post(conn->Executor(), [conn] { conn->Start(); });
            }
          } else {
            spdlog::warn("accept: {}", ec.message());  // e.g. out of file descriptors; keep serving
          }
          self->Accept();
        });
  }

  // Closes the acceptor on its strand (a pending accept ends with operation_aborted).
  void Close() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      asio::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  asio::io_context& io_;
  tcp::acceptor acceptor_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace

Status CheckListenAddress(const ServerOptions& options) {
  asio::io_context ioctx;
  tcp::acceptor acceptor(ioctx);
  return Bind(acceptor, options, /*listen=*/false);
}

Status RunHttpServer(const ServerOptions& options, Router& router,
                     const std::function<void()>& on_listening) {
  // A peer that resets the connection must cost us one connection, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  auto shared = std::make_shared<Shared>(options, router);
  asio::io_context ioctx;
  auto listener = std::make_shared<Listener>(ioctx, shared);
  if (Status s = listener->Open(); !s.ok()) return s;
  listener->Accept();

  asio::signal_set signals(ioctx, SIGINT, SIGTERM);
  asio::steady_timer drain(ioctx);
  SteadyClock::time_point give_up;
  std::function<void()> wait_for_handlers = [&] {
    if (shared->in_flight.load() == 0 || SteadyClock::now() > give_up) return ioctx.stop();
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](asio::error_code) { wait_for_handlers(); });
  };
  signals.async_wait([&](const asio::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("收到信号 {}，正在停止服务…", sig);
    shared->stopping = true;
    listener->Close();
    give_up = SteadyClock::now() + std::chrono::seconds(10);
    wait_for_handlers();
  });

  on_listening();
  std::vector<std::thread> threads;
  const int n = std::max(1, options.threads);
  for (int i = 1; i < n; ++i) threads.emplace_back([&] { ioctx.run(); });
  ioctx.run();
  for (auto& t : threads) t.join();
  return OkStatus();
}

}  // namespace suiji::api
