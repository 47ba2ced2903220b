// Inspector assignment (DRAW-SPEC §5, kind "assign"): which inspectors go to which task.
//
// The platform computes, before the commitment, each task's eligible inspectors (valid
// certificate, qualification, jurisdiction, availability, 回避 exclusions). The draw then orders
// tasks by (ticket(seed, task), task) and, for each task, walks its eligible inspectors by
// (ticket(task_seed, inspector), inspector), taking each whose load is below `cap`, until
// `per_task` are taken. A task left short is reported unfilled — never silently filled.
//
// Same two steps as TargetDraw: Prepare (validate, elig_root, plan) then Reveal (values → teams).
// Pure computation; results never depend on DrawOptions::threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/draw/commitment.h"
#include "core/status.h"

namespace suiji::draw {

inline constexpr char kReasonPerTaskInvalid[] = "DRAW_PER_TASK_INVALID";
inline constexpr char kReasonCapInvalid[] = "DRAW_CAP_INVALID";
inline constexpr char kReasonDuplicateTask[] = "DRAW_DUPLICATE_TASK";
inline constexpr char kReasonDuplicateEligible[] = "DRAW_DUPLICATE_ELIGIBLE";

struct TaskEligibility {
  std::string task;                     // a selected target's id, or a joint visit's id
  std::vector<std::string> inspectors;  // any order; may be empty (the task stays unfilled)
};

struct AssignDrawInput {
  std::string draw_id;
  std::vector<std::string> source_names;
  uint32_t per_task = 2;  // inspectors per task (the platform's rules require >= 2)
  uint32_t cap = 1;       // most tasks one inspector may take in this draw
  std::vector<TaskEligibility> tasks;
};

struct TaskTeam {
  std::string task;
  std::vector<std::string> inspectors;  // in walk order
  bool unfilled = false;
  std::string task_seed;  // hex(H(lp("SJ-DRAW-1/task") || lp(master) || lp(task)))
  // The task's complete walk order and how many of its entries the draw examined; an
  // inspector replacement (DRAW-SPEC §6) continues from there.
  std::vector<std::string> walk;
  size_t walked = 0;
};

struct AssignResult {
  DrawSeed seed;
  std::vector<TaskTeam> teams;  // in processing order
  std::string result_hash;      // raw 32 bytes
};

class InspectorAssignment {
 public:
  // Refuses (InvalidArgument) in this order: secret not 32 bytes; draw_id not UTF-8; no source
  // or an empty source name; per_task < 1; cap < 1; tasks in listed order — task id invalid
  // (empty, over 64 bytes, '#'), a task listed twice, then its inspectors in listed order —
  // id invalid, an inspector listed twice for the task.
  static StatusOr<InspectorAssignment> Prepare(AssignDrawInput input, std::string secret,
                                               DrawOptions options = {});

  const AssignDrawInput& input() const { return input_; }
  const DrawPlan& plan() const { return plan_; }

  // Draws with the source values in declared order. Thread-safe.
  StatusOr<AssignResult> Reveal(const std::vector<std::string>& source_values) const;

 private:
  InspectorAssignment() = default;

  AssignDrawInput input_;
  std::string secret_;
  DrawOptions options_;
  DrawPlan plan_;
};

}  // namespace suiji::draw
