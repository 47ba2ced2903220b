// Working-day deadline timers, 站内消息 and the 责任追究清单 (issue 14, acceptance 3), on SQLite
// and PostgreSQL, with two servers sharing one database.
//
//   DeadlineTimersTest (FakeClock, two Platforms over one database):
//     EachDeadlineFiresOnceWhenItPasses   a joint proposal's answer deadline, a result's
//         publication deadline and an 经营异常名录 proposal's decision deadline: nothing on
//         their last day, exactly one firing on the working day after — with both servers
//         sweeping at the same moment — a message to each person concerned, and an
//         accountability entry naming the department; later sweeps add nothing.
//     SchedulerThreadsFireWhenTheClockPasses   the same through two DeadlineScheduler
//         threads (what `suiji serve` runs), stopped cleanly.
//   DeadlineServeTest (the real `suiji serve`, twice on one database):
//     TwoServersFireTheDemoOverdueResultsOnce   the demo's overdue results fire once between
//         the two servers; the approver sees the bell count, lists, reads and reads all; the
//         coordinator's accountability list names the department.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/calendar.h"
#include "service/oversight/deadline_sweep.h"
#include "support/api_client.h"
#include "support/demo_cycle_fixture.h"
#include "support/process.h"

namespace suiji::testing {
namespace {

// Monday 28 September 2026: the demo cycle's "in review" task was inspected on Friday 25th.
const Date kStart = *Date::Parse("2026-09-28");
const Date kInReviewVisit = *Date::Parse("2026-09-25");

struct Firing {
  std::string kind;
  int64_t record_id = 0;
  std::string deadline;
};

class DeadlineTimersTest : public DemoCycleOnFakeClock {
 protected:
  DeadlineTimersTest() : DemoCycleOnFakeClock(At(kStart), 11, "deadline_timers") {}

  void SetUp() override {
    DemoCycleOnFakeClock::SetUp();
    if (HasFatalFailure()) return;
    // The second server: its own connection pool on the same database, the same keys.
    service::PlatformOptions options;
    options.key_file = (keys_ / "keys" / "platform.ed25519").string();
    options.secrets_key_file = (keys_ / "keys" / "secrets.key").string();
    options.pii_key_file = (keys_ / "keys" / "pii.key").string();
    options.instance_name = "server-b";
    auto second = service::Platform::Create(tdb_->Reopen(), clock_, entropy_, options);
    ASSERT_TRUE(second.ok()) << second.status().ToString();
    second_ = std::move(*second);
    ASSERT_NO_FATAL_FAILURE(MakeJointProposal());
    ASSERT_NO_FATAL_FAILURE(PublishProblemResult());
  }
  void TearDown() override {
    second_.reset();
    DemoCycleOnFakeClock::TearDown();
  }

  Principal As(const std::string& username) {
    auto u = platform_->auth().GetUser(Principal::System(), username);
    EXPECT_TRUE(u.ok()) << username;
    if (!u.ok()) return {};
    return Principal{u->id, u->username, u->display_name, u->grants, false};
  }

  // A published plan of `department` whose one batch inspects every 食品经营许可 holder.
  void PublishedPlan(const std::string& planner, const std::string& approver, int64_t department,
                     const std::string& item, const std::string& from) {
    plans::PlanContent c;
    c.title = "2026年度随机抽查计划";
    c.year = 2026;
    plans::Batch b;
    b.seq = 1;
    b.name = "第四季度";
    b.window_from = *Date::Parse(from);
    b.window_to = *Date::Parse("2026-12-31");
    b.item_codes = {item};
    b.filter.tags = {"食品经营许可"};
    c.batches = {b};
    auto plan = platform_->plans().Create(As(planner), department, c);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    ASSERT_TRUE(platform_->plans().Submit(As(planner), plan->row.id).ok());
    ASSERT_TRUE(platform_->plans().Approve(As(approver), plan->row.id, "同意").ok());
    ASSERT_TRUE(platform_->plans().Publish(As(planner), plan->row.id).ok());
  }

  // 金水区市场监督管理局 (1) and 金水区商务局 (2) plan the same targets: a joint proposal that
  // neither answers.
  void MakeJointProposal() {
    ASSERT_NO_FATAL_FAILURE(PublishedPlan("planner", "approver", 1, "SCJG-GS-01", "2026-10-01"));
    ASSERT_NO_FATAL_FAILURE(PublishedPlan("planner.sw", "approver.sw", 2, "SW-04", "2026-11-01"));
    auto created = platform_->plans().DetectJoint(As("coordinator"), 2026);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    for (const auto& p : created.value()) {
      std::set<int64_t> departments;
      for (const auto& m : p.members) departments.insert(m.department_id);
      if (departments == std::set<int64_t>{1, 2}) joint_ = p;
    }
    ASSERT_GT(joint_.row.id, 0);
    EXPECT_EQ(*Date::Parse(joint_.row.deadline), Cal().AddWorkingDays(kStart, 10).value);
  }

  // Approves and publishes the in-review result with a problem (未按规定公示应当公示的信息):
  // an 经营异常名录 proposal due 10 working days after the visit. The other in-review results
  // stay unpublished, due 20 working days after the visit.
  void PublishProblemResult() {
    service::InspectionService::RecordFilter submitted;
    submitted.statuses = {inspections::RecordStatus::kSubmitted};
    auto page = platform_->inspections().List(Principal::System("test"), submitted);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const auto& r : page->items) {
      if (r.completed_on != kInReviewVisit) continue;
      if (r.summary_result == "未发现问题") {
        unpublished_.push_back(r.id);
        continue;
      }
      ASSERT_TRUE(platform_->inspections().Approve(Principal::System("test"), r.id).ok());
      ASSERT_TRUE(platform_->inspections().Publish(Principal::System("test"), r.id).ok());
    }
    ASSERT_FALSE(unpublished_.empty());
    service::CreditService::ProposalFilter f;
    f.status = credit::ProposalStatus::kPending;
    f.list_kind = credit::ListKind::kAbnormal;
    auto list = platform_->credit().Proposals(Principal::System("test"), f);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    for (const auto& p : list->items)
      if (p.found_on == kInReviewVisit) credit_ = p;
    ASSERT_GT(credit_.id, 0);
    EXPECT_EQ(credit_.due_on, Cal().AddWorkingDays(kInReviewVisit, 10).value);
  }

  static const WorkingCalendar& Cal() { return WorkingCalendar::Official(); }

  // Both servers sweep at the same moment; returns their reports.
  std::pair<service::SweepReport, service::SweepReport> SweepBoth() {
    StatusOr<service::SweepReport> a = service::SweepReport{}, b = service::SweepReport{};
    std::atomic<int> ready{0};
    auto run = [&](service::Platform& p, StatusOr<service::SweepReport>& out) {
      ready.fetch_add(1);
      while (ready.load() < 2) std::this_thread::yield();
      out = p.deadlines().RunOnce();
    };
    std::thread ta(run, std::ref(*platform_), std::ref(a));
    std::thread tb(run, std::ref(*second_), std::ref(b));
    ta.join();
    tb.join();
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return {a.ok() ? *a : service::SweepReport{}, b.ok() ? *b : service::SweepReport{}};
  }

  std::vector<Firing> Firings() {
    std::vector<Firing> out;
    for (const auto& r :
         StoredColumns(tdb_->db(), "deadline_firings", {"kind", "record_id", "deadline"}))
      out.push_back({r.Text(0), r.Int(1), r.Text(2)});
    return out;
  }
  int FiringsOf(const std::string& kind, int64_t record_id) {
    const auto all = Firings();
    return static_cast<int>(std::count_if(all.begin(), all.end(), [&](const Firing& f) {
      return f.kind == kind && f.record_id == record_id;
    }));
  }
  // (recipient, kind) -> number of messages about one record.
  std::map<std::pair<int64_t, std::string>, int> MessagesAbout(const std::string& record_kind,
                                                               int64_t record_id) {
    std::map<std::pair<int64_t, std::string>, int> out;
    for (const auto& r : StoredColumns(tdb_->db(), "messages",
                                       {"recipient_id", "kind", "record_kind", "record_id"}))
      if (r.Text(2) == record_kind && r.Int(3) == record_id) ++out[{r.Int(0), r.Text(1)}];
    return out;
  }
  // department ids of the accountability entries about one record.
  std::multiset<int64_t> AccountableFor(const std::string& kind, int64_t record_id) {
    std::multiset<int64_t> out;
    for (const auto& r : StoredColumns(tdb_->db(), "accountability_entries",
                                       {"kind", "record_id", "department_id"}))
      if (r.Text(0) == kind && r.Int(1) == record_id) out.insert(r.Int(2));
    return out;
  }

  std::unique_ptr<service::Platform> second_;
  service::ProposalView joint_;
  service::CreditProposalView credit_;
  std::vector<int64_t> unpublished_;  // in-review results left unpublished
};

TEST_P(DeadlineTimersTest, EachDeadlineFiresOnceWhenItPasses) {
  // What was overdue at load (the demo's overdue results) fires now; ours do not.
  SweepBoth();
  EXPECT_EQ(FiringsOf("joint_answer", joint_.row.id), 0);
  EXPECT_EQ(FiringsOf("credit_proposal", credit_.id), 0);
  for (int64_t r : unpublished_) EXPECT_EQ(FiringsOf("publication", r), 0);

  struct Watched {
    std::string kind;
    std::string record_kind;
    int64_t record_id;
    Date deadline;
    std::multiset<int64_t> accountable;  // departments expected on the list
    int64_t notified_department;         // one department whose approver gets a message
  };
  std::vector<Watched> watched = {
      {"joint_answer",
       "joint_proposal",
       joint_.row.id,
       *Date::Parse(joint_.row.deadline),
       {1, 2},
       2},
      {"credit_proposal", "credit_proposal", credit_.id, credit_.due_on, {1}, 1},
  };
  const Date publication_deadline = Cal().AddWorkingDays(kInReviewVisit, 20).value;
  for (int64_t r : unpublished_)
    watched.push_back({"publication", "record", r, publication_deadline, {1}, 1});
  std::stable_sort(watched.begin(), watched.end(),
                   [](const Watched& a, const Watched& b) { return a.deadline < b.deadline; });

  const int64_t approver = As("approver").user_id;
  const int64_t approver_sw = As("approver.sw").user_id;
  // Deadline by deadline (several results share one): nothing on the last day, then one firing.
  std::set<Date> deadlines;
  for (const auto& w : watched) deadlines.insert(w.deadline);
  for (const Date& deadline : deadlines) {
    SCOPED_TRACE("due " + deadline.ToString());
    clock_.Set(At(deadline));  // the last day: still in time
    SweepBoth();
    for (const auto& w : watched) {
      if (w.deadline != deadline) continue;
      SCOPED_TRACE(w.kind + " " + std::to_string(w.record_id));
      EXPECT_EQ(FiringsOf(w.kind, w.record_id), 0);
      EXPECT_TRUE(AccountableFor(w.kind, w.record_id).empty());
    }

    clock_.Set(At(Cal().AddWorkingDays(deadline, 1).value));  // the next working day
    auto [a, b] = SweepBoth();
    int fired = 0;
    for (const auto& w : watched) {
      if (w.deadline != deadline) continue;
      SCOPED_TRACE(w.kind + " " + std::to_string(w.record_id));
      ++fired;
      EXPECT_EQ(FiringsOf(w.kind, w.record_id), 1);
      EXPECT_EQ(AccountableFor(w.kind, w.record_id), w.accountable);
      // Everyone concerned got exactly one overdue message about it.
      const auto messages = MessagesAbout(w.record_kind, w.record_id);
      const int64_t expected_recipient = w.notified_department == 1 ? approver : approver_sw;
      EXPECT_EQ(messages.count({expected_recipient, "overdue"}), 1u);
      for (const auto& [key, n] : messages) EXPECT_EQ(n, 1) << key.first << " " << key.second;
    }
    // The two servers' reports together name each firing once.
    EXPECT_EQ(a.joint_answers + b.joint_answers + a.publications + b.publications +
                  a.credit_proposals + b.credit_proposals,
              fired);
  }

  // Later sweeps (both servers, a month later) fire nothing more: every deadline fired already.
  const size_t firings = Firings().size();
  const int64_t entries = CountRows(tdb_->db(), "accountability_entries");
  const int64_t messages = CountRows(tdb_->db(), "messages");
  clock_.Set(At(publication_deadline.AddDays(30)));
  for (int i = 0; i < 3; ++i) {
    auto [a, b] = SweepBoth();
    EXPECT_EQ(a.fired() + b.fired(), 0);
  }
  EXPECT_EQ(Firings().size(), firings);
  EXPECT_EQ(CountRows(tdb_->db(), "accountability_entries"), entries);
  EXPECT_EQ(CountRows(tdb_->db(), "messages"), messages);

  // The coordinator's 责任追究清单 names the departments; an approver sees their own only.
  auto snap = platform_->org().Snapshot();
  ASSERT_TRUE(snap.ok());
  const std::string market = (*snap)->FindDepartment(1)->name;
  const std::string commerce = (*snap)->FindDepartment(2)->name;
  service::AccountabilityService::Filter f;
  f.limit = 500;
  auto list = platform_->accountability().List(As("coordinator"), f);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  std::set<std::tuple<std::string, int64_t, std::string>> seen;
  for (const auto& e : list->items)
    seen.insert({std::string(service::ObligationKindName(e.kind)), e.record_id, e.department_name});
  EXPECT_TRUE(seen.contains({"joint_answer", joint_.row.id, market}));
  EXPECT_TRUE(seen.contains({"joint_answer", joint_.row.id, commerce}));
  EXPECT_TRUE(seen.contains({"credit_proposal", credit_.id, market}));
  for (int64_t r : unpublished_) EXPECT_TRUE(seen.contains({"publication", r, market}));
  auto own = platform_->accountability().List(As("approver.sw"), f);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  ASSERT_FALSE(own->items.empty());
  for (const auto& e : own->items) EXPECT_EQ(e.department_id, 2);

  // The approver's messages: what waits on them and what is overdue, unread until read.
  auto inbox = platform_->messages().List(As("approver"), true, 500, 0);
  ASSERT_TRUE(inbox.ok()) << inbox.status().ToString();
  EXPECT_EQ(inbox->unread, inbox->total);
  std::set<std::string> kinds;
  for (const auto& m : inbox->items) kinds.insert(std::string(service::MessageKindName(m.kind)));
  EXPECT_TRUE(kinds.contains("overdue"));
  EXPECT_TRUE(kinds.contains("plan_approval"));  // the plans submitted in SetUp
  EXPECT_TRUE(kinds.contains("joint_answer"));   // the proposal, when it was made
  auto read = platform_->messages().MarkRead(As("approver"), inbox->items.front().id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*platform_->messages().UnreadCount(As("approver")), inbox->unread - 1);
  // Another user's message is not theirs to read.
  EXPECT_EQ(
      platform_->messages().MarkRead(As("approver.sw"), inbox->items.back().id).status().reason(),
      "MESSAGE_NOT_FOUND");
}

TEST_P(DeadlineTimersTest, SchedulerThreadsFireWhenTheClockPasses) {
  const Date joint_deadline = *Date::Parse(joint_.row.deadline);
  {
    service::DeadlineScheduler a(platform_->deadlines(), std::chrono::milliseconds(20));
    service::DeadlineScheduler b(second_->deadlines(), std::chrono::milliseconds(20));
    auto wait_for_passes = [&](int64_t more) {
      const int64_t from_a = a.passes(), from_b = b.passes();
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while ((a.passes() < from_a + more || b.passes() < from_b + more) &&
             std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      ASSERT_GE(a.passes(), from_a + more);
      ASSERT_GE(b.passes(), from_b + more);
    };
    ASSERT_NO_FATAL_FAILURE(wait_for_passes(2));
    EXPECT_EQ(FiringsOf("joint_answer", joint_.row.id), 0);
    clock_.Set(At(Cal().AddWorkingDays(joint_deadline, 1).value));
    ASSERT_NO_FATAL_FAILURE(wait_for_passes(2));
    EXPECT_EQ(FiringsOf("joint_answer", joint_.row.id), 1);
    EXPECT_EQ(AccountableFor("joint_answer", joint_.row.id), (std::multiset<int64_t>{1, 2}));
    ASSERT_NO_FATAL_FAILURE(wait_for_passes(3));
    EXPECT_EQ(FiringsOf("joint_answer", joint_.row.id), 1);
    a.Stop();
    b.Stop();
  }
  for (const auto& [key, n] : MessagesAbout("joint_proposal", joint_.row.id))
    EXPECT_EQ(n, 1) << key.first << " " << key.second;
}

INSTANTIATE_TEST_SUITE_P(Dialects, DeadlineTimersTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

// The real binary: `suiji demo`, then two `suiji serve` on the same database sweeping every
// second. The demo's overdue results (20 working days long past) fire once between them.
class DeadlineServeTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo = RunCommand({SuijiBinary(), "demo", "--cycle", "--db", tdb_->url()}, "",
                           std::chrono::seconds(240));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    data_ =
        std::filesystem::temp_directory_path() /
        ("suiji_deadline_serve_" + std::to_string(getpid()) + "_" + DialectParamName(GetParam()));
    std::filesystem::create_directories(data_ / "keys");
    for (auto& server : servers_) {
      server = std::make_unique<ServerProcess>(
          tdb_->url(),
          std::vector<std::string>{"--key-file", (data_ / "keys" / "platform.ed25519").string(),
                                   "--pii-key-file", (data_ / "keys" / "pii.key").string(),
                                   "--deadline-check-seconds", "1"});
      ASSERT_TRUE(server->Start()) << server->Log();
    }
  }
  void TearDown() override {
    for (auto& server : servers_)
      if (server) {
        EXPECT_EQ(server->Stop(), 0) << server->Log();
      }
    std::error_code ec;
    std::filesystem::remove_all(data_, ec);
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path data_;
  std::unique_ptr<ServerProcess> servers_[2];
};

TEST_P(DeadlineServeTest, TwoServersFireTheDemoOverdueResultsOnce) {
  ApiClient coordinator(servers_[0]->port());
  ASSERT_TRUE(coordinator.Login("coordinator", "suiji-demo-2026"));
  auto overdue = coordinator.Get("/api/v1/results/deadlines");
  ASSERT_EQ(overdue.status, 200) << overdue.raw;
  std::set<int64_t> overdue_records;
  for (const auto& d : overdue.body["overdue"])
    overdue_records.insert(d["record_id"].get<int64_t>());
  ASSERT_FALSE(overdue_records.empty());

  // Both servers sweep every second: wait until the accountability list shows them all.
  ApiResponse list;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    list = coordinator.Get("/api/v1/accountability?kind=publication&limit=500");
    ASSERT_EQ(list.status, 200) << list.raw;
  } while (list.body["total"].get<size_t>() < overdue_records.size() &&
           std::chrono::steady_clock::now() < give_up);
  // A few more passes of both servers must add nothing.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  list = coordinator.Get("/api/v1/accountability?kind=publication&limit=500");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body["total"].get<size_t>(), overdue_records.size()) << list.raw;
  std::set<int64_t> listed;
  for (const auto& e : list.body["items"]) {
    listed.insert(e["record_id"].get<int64_t>());
    EXPECT_NE(e["department_name"].get<std::string>().find("市场监督管理局"), std::string::npos)
        << e.dump();
    EXPECT_EQ(e["link"],
              "/console/results/records/" + std::to_string(e["record_id"].get<int64_t>()));
  }
  EXPECT_EQ(listed, overdue_records);
  std::map<std::tuple<std::string, int64_t, std::string>, int> firings;
  for (const auto& r :
       StoredColumns(tdb_->db(), "deadline_firings", {"kind", "record_id", "deadline"}))
    ++firings[{r.Text(0), r.Int(1), r.Text(2)}];
  int publication_firings = 0;
  for (const auto& [key, n] : firings) {
    EXPECT_EQ(n, 1);
    if (std::get<0>(key) == "publication") ++publication_firings;
  }
  EXPECT_EQ(publication_firings, static_cast<int>(overdue_records.size()));

  // The approver: the bell's count, the list, reading one, reading all (each audited).
  ApiClient approver(servers_[1]->port());
  ASSERT_TRUE(approver.Login("approver", "suiji-demo-2026"));
  auto count = approver.Get("/api/v1/messages/unread-count");
  ASSERT_EQ(count.status, 200) << count.raw;
  const int64_t unread = count.body["unread"].get<int64_t>();
  EXPECT_GE(unread, static_cast<int64_t>(overdue_records.size()));
  auto inbox = approver.Get("/api/v1/messages?unread=true&limit=500");
  ASSERT_EQ(inbox.status, 200) << inbox.raw;
  EXPECT_EQ(inbox.body["total"].get<int64_t>(), unread);
  std::map<int64_t, int> overdue_messages;
  for (const auto& m : inbox.body["items"])
    if (m["kind"] == "overdue" && m["record_kind"] == "record")
      ++overdue_messages[m["record_id"].get<int64_t>()];
  for (int64_t r : overdue_records) EXPECT_EQ(overdue_messages[r], 1) << r;
  const int64_t first = inbox.body["items"][0]["id"].get<int64_t>();
  auto read = approver.Post("/api/v1/messages/" + std::to_string(first) + "/read");
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_FALSE(read.body["read_at"].is_null());
  EXPECT_EQ(approver.Get("/api/v1/messages/unread-count").body["unread"], unread - 1);
  // The coordinator cannot read the approver's message.
  EXPECT_EQ(coordinator.Post("/api/v1/messages/" + std::to_string(first) + "/read").status, 404);
  auto all = approver.Post("/api/v1/messages/read-all");
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.body["marked"], unread - 1);
  EXPECT_EQ(approver.Get("/api/v1/messages/unread-count").body["unread"], 0);
  auto audited = [&](const std::string& action) -> int64_t {
    auto conn = tdb_->db().Acquire();
    if (!conn.ok()) return -1;
    auto row = (*conn)->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action},
                                 "COUNT", "count");
    return row.ok() ? row->Int(0) : -1;
  };
  EXPECT_EQ(audited("message.read"), 1);
  EXPECT_EQ(audited("message.read_all"), 1);
  // A planner of another department has no statistics scope over 金水区市场监督管理局's entries.
  ApiClient planner_sw(servers_[0]->port());
  ASSERT_TRUE(planner_sw.Login("planner.sw", "suiji-demo-2026"));
  auto theirs = planner_sw.Get("/api/v1/accountability?limit=500");
  ASSERT_EQ(theirs.status, 200) << theirs.raw;
  for (const auto& e : theirs.body["items"]) EXPECT_NE(e["department_id"], 1) << e.dump();
}

INSTANTIATE_TEST_SUITE_P(Dialects, DeadlineServeTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
