// The whole draw ceremony of a created task through the HTTP API, for end-to-end tests that need
// a dispatched task: commit the target draw, register a witness, reveal, then commit, witness
// and reveal every inspector draw of `department_id`. Each step is checked with EXPECT_*.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/api_client.h"
#include "support/task_pages.h"

namespace suiji::testing {

// Returns the task's assignments (target id → inspector ids) once it is dispatched.
inline std::map<int64_t, std::vector<int64_t>> DrawAndDispatch(ApiClient& planner, int64_t task_id,
                                                               int64_t department_id) {
  std::map<int64_t, std::vector<int64_t>> teams;
  const nlohmann::json witness = {{"name", "王丽"}, {"organisation", "金水区公证处"}};
  const std::string tp = "/api/v1/tasks/" + std::to_string(task_id);
  auto c = planner.Post(tp + "/commit", {{"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(c.status, 200) << c.raw;
  const std::string draw_no = c.body["target_draw_no"];
  EXPECT_EQ(planner.Post("/api/v1/draws/" + draw_no + "/witnesses", witness).status, 200);
  EXPECT_EQ(planner.Post(tp + "/reveal", {{"values", {"4 2 6"}}}).status, 200);
  auto s = planner.Post(tp + "/inspectors/commit",
                        {{"department_id", department_id}, {"sources", {"现场见证人掷骰"}}});
  EXPECT_EQ(s.status, 200) << s.raw;
  nlohmann::json last;
  for (const auto& d : s.body["inspector_draws"]) {
    if (d["status"] != "committed") continue;
    const std::string no = d["draw_no"];
    EXPECT_EQ(planner.Post("/api/v1/draws/" + no + "/witnesses", witness).status, 200);
    auto r = planner.Post(tp + "/inspectors/reveal", {{"draw_no", no}, {"values", {"3 1 5"}}});
    EXPECT_EQ(r.status, 200) << r.raw;
    last = r.body;
  }
  EXPECT_EQ(last["status"], "dispatched") << last["problems"];
  for (const auto& a : TaskAssignments(planner, task_id))
    teams[a["target_id"]].push_back(a["inspector_id"]);
  return teams;
}

}  // namespace suiji::testing
