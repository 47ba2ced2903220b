// A task's lists through its paged routes (GET /tasks/{id}/targets, issue 15): for end-to-end
// tests that need every locked target, or every team, of a small task. Each page is checked
// with EXPECT_*; the pages must add up to the `total` the first one reports.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "support/api_client.h"

namespace suiji::testing {

// Every item of GET `path` (a paged route; `query` without page/page_size, "" or "a=b&…").
inline nlohmann::json AllPages(ApiClient& client, const std::string& path,
                               const std::string& query = "") {
  nlohmann::json items = nlohmann::json::array();
  for (int page = 1;; ++page) {
    auto r = client.Get(path + "?page=" + std::to_string(page) + "&page_size=500" +
                        (query.empty() ? "" : "&" + query));
    EXPECT_EQ(r.status, 200) << r.raw;
    if (r.status != 200) break;
    for (const auto& x : r.body["items"]) items.push_back(x);
    if (r.body["items"].empty() || items.size() >= r.body["total"].get<size_t>()) {
      EXPECT_EQ(items.size(), r.body["total"].get<size_t>());
      break;
    }
  }
  return items;
}

// Every locked target of a task, with its inspectors and experts.
inline nlohmann::json TaskTargets(ApiClient& client, int64_t task_id,
                                  const std::string& query = "") {
  return AllPages(client, "/api/v1/tasks/" + std::to_string(task_id) + "/targets", query);
}

// Every inspector place of a task (the old view's `assignments`), target by target.
inline nlohmann::json TaskAssignments(ApiClient& client, int64_t task_id) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : TaskTargets(client, task_id))
    for (const auto& a : t["inspectors"]) out.push_back(a);
  return out;
}

// Every expert place of a task.
inline nlohmann::json TaskExperts(ApiClient& client, int64_t task_id) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : TaskTargets(client, task_id))
    for (const auto& e : t["experts"]) out.push_back(e);
  return out;
}

}  // namespace suiji::testing
