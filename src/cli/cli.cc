#include "cli/cli.h"

#include <ostream>

namespace suiji::cli {

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
    case StatusCode::kAborted:
    case StatusCode::kResourceExhausted: return kExitUsage;
    case StatusCode::kUnavailable: return kExitUnavailable;
    case StatusCode::kDataLoss: return kExitFailure;
    case StatusCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

void ReportError(Context& ctx, const Status& s) {
  ctx.err << "错误：" << s.message() << "（" << s.reason() << "）\n";
  ctx.exit_code = ExitCodeFor(s);
}

}  // namespace suiji::cli
