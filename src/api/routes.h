// Route groups. Each Add*Routes() registers its endpoints on the router; AddApiRoutes()
// registers them all. Handlers parse, call a service, format — nothing more.
#pragma once

#include <string>

#include "api/router.h"

namespace suiji::api {

struct ApiOptions {
  std::string version;
  bool secure_cookies = false;  // add "Secure" to the session cookie (behind HTTPS)
};

void AddSystemRoutes(Router& r, const ApiOptions& options);
void AddSessionRoutes(Router& r, const ApiOptions& options);
void AddAdminRoutes(Router& r, const ApiOptions& options);
void AddDrawRoutes(Router& r, const ApiOptions& options);
// 一单两库一细则: dictionaries, items, rules (routes_items.cc); targets (routes_targets.cc);
// inspectors, experts, 回避 (routes_people.cc); imports, exports, templates (routes_transfer.cc).
void AddItemRoutes(Router& r, const ApiOptions& options);
void AddTargetRoutes(Router& r, const ApiOptions& options);
void AddPeopleRoutes(Router& r, const ApiOptions& options);
void AddTransferRoutes(Router& r, const ApiOptions& options);
void AddPlanRoutes(Router& r, const ApiOptions& options);
// 一公开: inspection records, evidence, review, publication, deadlines, public results
// (routes_inspections.cc).
void AddInspectionRoutes(Router& r, const ApiOptions& options);
// 统计分析: GET /api/v1/stats/overview (routes_stats.cc).
void AddStatsRoutes(Router& r, const ApiOptions& options);
// Credit linkage: list proposals and decisions, credit records (routes_credit.cc).
void AddCreditRoutes(Router& r, const ApiOptions& options);
// 后续处置: follow-up cases, 复查 tasks, 移送 receipts (routes_follow_ups.cc).
void AddFollowUpRoutes(Router& r, const ApiOptions& options);
// 站内消息 and the 责任追究清单 (routes_messages.cc).
void AddMessageRoutes(Router& r, const ApiOptions& options);
// Online inspection: one-time enterprise links, public upload and 信用承诺书
// (routes_enterprise_links.cc).
void AddEnterpriseLinkRoutes(Router& r, const ApiOptions& options);

void AddApiRoutes(Router& r, const ApiOptions& options);

// {"id","username","display_name","active","roles":[{"role","role_name","scope","scope_name"}]}
nlohmann::json UserJson(const User& user, service::OrgService& org);

}  // namespace suiji::api
