// The working-day deadline timers (SPEC §PUB; issue 14 "Messages and timers"): joint-proposal
// answers (10 working days), result publication (20 working days after the inspection) and
// credit-list proposals (10 working days) fire when they pass — not only when someone opens a
// list — and warn when they are within 3 working days.
//
// Each firing claims the key (kind, record id, deadline) in deadline_firings with INSERT … ON
// CONFLICT DO NOTHING, and in the same transaction writes the messages to the people concerned,
// the accountability entries naming the departments that failed (passed deadlines only) and an
// audit entry. So with several servers sweeping one PostgreSQL database, each deadline fires
// exactly once; a sweep that loses the claim writes nothing.
//
// DeadlineSweep::RunOnce is one pass (the tests call it directly); DeadlineScheduler runs it on
// a thread every `period` inside `suiji serve`, with the injected Clock deciding what "today" is.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/calendar.h"
#include "core/status.h"
#include "core/time.h"
#include "service/credit/credit_service.h"
#include "service/inspections/inspection_service.h"
#include "service/org_service.h"
#include "service/plans/plan_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

// What one pass fired (this instance's claims only).
struct SweepReport {
  int joint_answers = 0;     // proposals whose answer deadline passed
  int publications = 0;      // results past their publication deadline
  int credit_proposals = 0;  // credit-list proposals past their decision deadline
  int due_soon = 0;          // warnings of deadlines within 3 working days
  int messages = 0;          // messages written
  int accountability = 0;    // accountability entries written
  int fired() const { return joint_answers + publications + credit_proposals + due_soon; }
};

class DeadlineSweep {
 public:
  // `instance` names this server in deadline_firings.fired_by ("host:pid").
  DeadlineSweep(store::Database& db, const Clock& clock, OrgService& org,
                const WorkingCalendar& calendar, PlanService& plans, InspectionService& inspections,
                CreditService& credit, std::string instance)
      : db_(db),
        clock_(clock),
        org_(org),
        calendar_(calendar),
        plans_(plans),
        inspections_(inspections),
        credit_(credit),
        instance_(std::move(instance)) {}

  // One pass over every deadline. Thread-safe; concurrent passes (also from other servers on
  // the same database) fire each deadline once between them.
  StatusOr<SweepReport> RunOnce();

 private:
  struct Firing;
  Status Fire(const Firing& f, SweepReport& report, int SweepReport::*counter);
  Status SweepJointProposals(Date today, SweepReport& report);
  Status SweepPublications(SweepReport& report);
  Status SweepCreditProposals(SweepReport& report);

  store::Database& db_;
  const Clock& clock_;
  OrgService& org_;
  const WorkingCalendar& calendar_;
  PlanService& plans_;
  InspectionService& inspections_;
  CreditService& credit_;
  std::string instance_;
};

// Runs sweep.RunOnce() at once and then every `period` on its own thread until Stop() (or
// destruction), which wakes the thread and joins it. A failed pass is logged and retried at the
// next period; `on_error` (the composition root's logger) hears of it.
class DeadlineScheduler {
 public:
  DeadlineScheduler(DeadlineSweep& sweep, std::chrono::milliseconds period,
                    std::function<void(const Status&)> on_error = {});
  ~DeadlineScheduler();
  DeadlineScheduler(const DeadlineScheduler&) = delete;
  DeadlineScheduler& operator=(const DeadlineScheduler&) = delete;

  void Stop();
  // Passes completed so far (successful or not).
  int64_t passes() const { return passes_.load(); }

 private:
  void Run();

  DeadlineSweep& sweep_;
  std::chrono::milliseconds period_;
  std::function<void(const Status&)> on_error_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<int64_t> passes_{0};
  std::thread thread_;
};

}  // namespace suiji::service
