#include "core/status.h"

namespace suiji {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kAlreadyExists: return "ALREADY_EXISTS";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kPermissionDenied: return "PERMISSION_DENIED";
    case StatusCode::kUnauthenticated: return "UNAUTHENTICATED";
    case StatusCode::kAborted: return "ABORTED";
    case StatusCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case StatusCode::kUnavailable: return "UNAVAILABLE";
    case StatusCode::kInternal: return "INTERNAL";
    case StatusCode::kDataLoss: return "DATA_LOSS";
  }
  return "UNKNOWN";
}

Status::Status(StatusCode code, std::string reason, std::string message, std::string detail) {
  if (code == StatusCode::kOk) return;
  if (reason.empty()) reason = std::string(StatusCodeName(code));
  rep_ = std::make_shared<const Rep>(
      Rep{code, std::move(reason), std::move(message), std::move(detail)});
}

std::string_view Status::reason() const { return rep_ ? std::string_view(rep_->reason) : "OK"; }
std::string_view Status::message() const { return rep_ ? std::string_view(rep_->message) : ""; }
std::string_view Status::detail() const { return rep_ ? std::string_view(rep_->detail) : ""; }

Status Status::WithDetail(std::string_view more) const {
  if (ok()) return *this;
  std::string d = rep_->detail;
  if (!d.empty()) d += "; ";
  d += more;
  return Status(rep_->code, rep_->reason, rep_->message, std::move(d));
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string s(StatusCodeName(rep_->code));
  if (rep_->reason != s) s += "/" + rep_->reason;
  s += ": " + rep_->message;
  if (!rep_->detail.empty()) s += " [" + rep_->detail + "]";
  return s;
}

Status InvalidArgument(std::string r, std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(r), std::move(m));
}
Status NotFound(std::string r, std::string m) {
  return Status(StatusCode::kNotFound, std::move(r), std::move(m));
}
Status AlreadyExists(std::string r, std::string m) {
  return Status(StatusCode::kAlreadyExists, std::move(r), std::move(m));
}
Status FailedPrecondition(std::string r, std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(r), std::move(m));
}
Status PermissionDenied(std::string r, std::string m) {
  return Status(StatusCode::kPermissionDenied, std::move(r), std::move(m));
}
Status Unauthenticated(std::string r, std::string m) {
  return Status(StatusCode::kUnauthenticated, std::move(r), std::move(m));
}
Status Aborted(std::string r, std::string m) {
  return Status(StatusCode::kAborted, std::move(r), std::move(m));
}
Status ResourceExhausted(std::string r, std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(r), std::move(m));
}
Status Unavailable(std::string r, std::string m) {
  return Status(StatusCode::kUnavailable, std::move(r), std::move(m));
}
Status Internal(std::string detail) {
  return Status(StatusCode::kInternal, "INTERNAL", "系统内部错误，请稍后重试或联系管理员",
                std::move(detail));
}
Status DataLoss(std::string r, std::string m) {
  return Status(StatusCode::kDataLoss, std::move(r), std::move(m));
}

}  // namespace suiji
