// Status and StatusOr: expected failures as values (Abseil's code space).
//
// A Status carries three things:
//   - code():    the canonical class of failure (maps to HTTP status and CLI exit code);
//   - reason():  a stable, machine-readable UPPER_SNAKE identifier clients may switch on
//                (e.g. "DRAW_ALREADY_REVEALED"); defaults to the canonical code name;
//   - message(): a Simplified Chinese sentence that is safe to show to users.
// Internal detail (SQL text, errno strings) goes into detail(), which is logged but never
// sent to clients. Status is a cheap value type; copying an OK status allocates nothing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace suiji {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kAborted,
  kResourceExhausted,
  kUnavailable,
  kInternal,
  kDataLoss,
};

// "INVALID_ARGUMENT", "NOT_FOUND", ...
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string reason, std::string message, std::string detail = {});

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  std::string_view reason() const;
  std::string_view message() const;
  std::string_view detail() const;

  // Returns a copy with internal detail appended (for logs only).
  Status WithDetail(std::string_view more) const;
  // "INVALID_ARGUMENT/REASON: message [detail]" for logs and tests.
  std::string ToString() const;

  void IgnoreError() const {}

 private:
  struct Rep {
    StatusCode code;
    std::string reason;
    std::string message;
    std::string detail;
  };
  std::shared_ptr<const Rep> rep_;
};

inline Status OkStatus() { return Status(); }

// Constructors by canonical code. `reason` is the stable identifier; `message` Chinese text.
Status InvalidArgument(std::string reason, std::string message);
Status NotFound(std::string reason, std::string message);
Status AlreadyExists(std::string reason, std::string message);
Status FailedPrecondition(std::string reason, std::string message);
Status PermissionDenied(std::string reason, std::string message);
Status Unauthenticated(std::string reason, std::string message);
Status Aborted(std::string reason, std::string message);
Status ResourceExhausted(std::string reason, std::string message);
Status Unavailable(std::string reason, std::string message);
// Internal errors carry a generic Chinese message; `detail` is for the log only.
Status Internal(std::string detail);
Status DataLoss(std::string reason, std::string message);

template <typename T>
class [[nodiscard]] StatusOr {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "StatusOr<Status> is not allowed");

 public:
  StatusOr(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<0>(v_).ok()) v_ = Internal("StatusOr constructed from OK status");
  }
  StatusOr(const T& value) : v_(value) {}        // NOLINT(google-explicit-constructor)
  StatusOr(T&& value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status>>>
  StatusOr(U&& value) : v_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return v_.index() == 1; }
  Status status() const { return ok() ? Status() : std::get<0>(v_); }

  T& value() & { return std::get<1>(v_); }
  const T& value() const& { return std::get<1>(v_); }
  T&& value() && { return std::get<1>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> v_;
};

namespace internal {
inline Status AsStatus(Status s) { return s; }
template <typename T>
Status AsStatus(const StatusOr<T>& s) {
  return s.status();
}
}  // namespace internal

}  // namespace suiji

#define SUIJI_CONCAT_INNER(a, b) a##b
#define SUIJI_CONCAT(a, b) SUIJI_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                                          \
  do {                                                                 \
    ::suiji::Status _suiji_status = ::suiji::internal::AsStatus(expr); \
    if (!_suiji_status.ok()) return _suiji_status;                     \
  } while (0)

#define SUIJI_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  SUIJI_ASSIGN_OR_RETURN_IMPL(SUIJI_CONCAT(_suiji_statusor_, __LINE__), lhs, expr)
