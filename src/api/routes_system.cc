// Health, platform keys, the OpenAPI document.
#include "api/routes.h"
#include "core/embedded.h"
#include "core/hash.h"

namespace suiji::api {

// Generated from docs/api/openapi.yaml by cmake/embed.cmake.
const std::vector<EmbeddedFile>& EmbeddedApiDocs();

void AddSystemRoutes(Router& r, const ApiOptions& options) {
  r.Add("GET", "/api/v1/health", Access::Public(), [options](Call& c) -> StatusOr<Response> {
    // Answering "ok" requires a working database round trip, not just a live process.
    ASSIGN_OR_RETURN(auto conn, c.platform.db().Acquire());
    RETURN_IF_ERROR(conn->Query("SELECT 1"));
    return Response::Json(200, {{"status", "ok"},
                                {"db", std::string(store::DialectName(c.platform.db().dialect()))},
                                {"version", options.version}});
  });
  r.Add("GET", "/api/v1/keys", Access::Public(), [](Call& c) -> StatusOr<Response> {
    const auto& key = c.platform.signing_key();
    return Response::Json(200, {{"keys", {{{"key_id", key.key_id()},
                                            {"algorithm", "Ed25519"},
                                            {"public_key", ToHex(key.public_key())}}}}});
  });
  r.Add("GET", "/api/v1/openapi.yaml", Access::Public(), [](Call&) -> StatusOr<Response> {
    Response resp;
    resp.body = std::string(EmbeddedApiDocs().front().content);
    resp.SetHeader("Content-Type", "application/yaml; charset=utf-8");
    return resp;
  });
}

void AddApiRoutes(Router& r, const ApiOptions& options) {
  AddSystemRoutes(r, options);
  AddSessionRoutes(r, options);
  AddAdminRoutes(r, options);
  AddDrawRoutes(r, options);
  AddItemRoutes(r, options);
  AddTargetRoutes(r, options);
  AddPeopleRoutes(r, options);
  AddTransferRoutes(r, options);
  AddPlanRoutes(r, options);
}

}  // namespace suiji::api
