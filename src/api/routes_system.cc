// Health, platform keys, signed audit checkpoints, the OpenAPI document.
#include "api/query_params.h"
#include "api/routes.h"
#include "core/embedded.h"
#include "core/hash.h"

namespace suiji::api {

// Generated from docs/api/openapi.yaml by cmake/embed.cmake.
const std::vector<EmbeddedFile>& EmbeddedApiDocs();

void AddSystemRoutes(Router& r, const ApiOptions& options) {
  r.Add("GET", "/api/v1/health", Access::Public(), [options](Call& c) -> StatusOr<Response> {
    // Answering "ok" requires a working database round trip, not just a live process.
    ASSIGN_OR_RETURN(service::Health health, c.platform.CheckHealth());
    return Response::Json(
        200, {{"status", "ok"}, {"db", health.database}, {"version", options.version}});
  });
  r.Add("GET", "/api/v1/keys", Access::Public(), [](Call& c) -> StatusOr<Response> {
    const auto& key = c.platform.signing_key();
    return Response::Json(200, {{"keys",
                                 {{{"key_id", key.key_id()},
                                   {"algorithm", "Ed25519"},
                                   {"public_key", ToHex(key.public_key())}}}}});
  });
  // Signed audit checkpoints, public so that outsiders keep copies: a later rewrite of the log
  // no longer matches what they saved (`suiji audit verify --checkpoints FILE`).
  r.Add("GET", "/api/v1/audit/checkpoints", Access::Public(), [](Call& c) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(auto after, QueryInt(c.request, "after"));
    ASSIGN_OR_RETURN(auto limit, QueryInt(c.request, "limit"));
    ASSIGN_OR_RETURN(auto page,
                     c.platform.audit().ListCheckpoints(after.value_or(0), limit.value_or(1000)));
    const auto& key = c.platform.signing_key();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& cp : page.items) items.push_back(service::AuditCheckpointToJson(cp));
    return Response::Json(200, {{"chain", page.chain},
                                {"key_id", key.key_id()},
                                {"public_key", ToHex(key.public_key())},
                                {"signed", "SJ-AUDIT-CHECKPOINT|seq|head_hash 的 UTF-8 文本"},
                                {"items", std::move(items)}});
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
  AddInspectionRoutes(r, options);
  AddStatsRoutes(r, options);
  AddCreditRoutes(r, options);
  AddFollowUpRoutes(r, options);
  AddMessageRoutes(r, options);
  AddEnterpriseLinkRoutes(r, options);
}

}  // namespace suiji::api
