// The demo dataset: a believable district (郑州市金水区) with departments, units, one user per
// role, and registers. Deterministic: the same binary always generates the same data.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "service/platform.h"

namespace suiji::service {

struct DemoLogin {
  std::string username;
  std::string password;
  std::string display_name;
  std::string role;   // Chinese role name
  std::string scope;  // Chinese scope name
};

struct DemoReport {
  std::vector<DemoLogin> logins;
  int departments = 0;
  int units = 0;
  int targets = 0;
  int inspectors = 0;
};

inline constexpr const char* kDemoPassword = "suiji-demo-2026";

// Refuses (FailedPrecondition, DEMO_ALREADY_LOADED) when the database already has departments.
StatusOr<DemoReport> LoadDemoData(Platform& platform);

// The whole cycle on top of the demo registers: three drawn tasks whose results are published,
// waiting for review, and overdue (approved, not published, past the deadline).
struct DemoCycleReport {
  int tasks = 0;
  int published = 0;
  int in_review = 0;
  int overdue = 0;
};
StatusOr<DemoCycleReport> LoadDemoCycle(Platform& platform);

}  // namespace suiji::service
