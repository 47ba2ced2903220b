// The router as the server builds it (api::AddApiRoutes over a real Platform on a fresh SQLite
// database, with throwaway keys and a fake clock), for tests that check the route table against
// a document: the OpenAPI contract and the permission matrix.
#pragma once

#include <functional>
#include <vector>

#include "api/router.h"

namespace suiji::testing {

// Runs `use` on a router with the same registration the server runs. Fails the current test
// (ADD_FAILURE) without calling `use` when the platform cannot be built. The router and its
// platform live only for the call; keys go to a temporary directory, removed afterwards.
void WithRouter(const std::function<void(api::Router&)>& use);

// The router's table (Router::Routes()); empty, with a test failure, when it cannot be built.
std::vector<api::Router::RouteInfo> RouteTable();

}  // namespace suiji::testing
