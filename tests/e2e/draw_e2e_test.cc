// Stored draws through the real server on SQLite and PostgreSQL (issue: SJ-DRAW-1,
// acceptance 3 and 4): commit before reveal, one reveal, no redraw, replacements with a
// closed-list reason and an approver that appear in the bundle; the bundle verifies with both
// verifiers; tampering with a stored draw makes `suiji audit verify` fail and name the entry.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

// One request on a fresh connection, the answer read until the server closes it.
std::string Exchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buf[65536];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;)
      out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

// The body of a response in chunked transfer coding, and how many chunks it came in; nullopt
// when the framing is wrong.
std::optional<std::pair<std::string, int>> Dechunk(std::string_view body) {
  std::string out;
  for (int chunks = 0;; ++chunks) {
    const size_t eol = body.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    const size_t size = std::stoul(std::string(body.substr(0, eol)), nullptr, 16);
    body.remove_prefix(eol + 2);
    if (size == 0) {
      if (body != "\r\n") return std::nullopt;
      return std::make_pair(out, chunks);
    }
    if (body.size() < size + 2 || body.substr(size, 2) != "\r\n") return std::nullopt;
    out.append(body.substr(0, size));
    body.remove_prefix(size + 2);
  }
}

class DrawE2eTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(180));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    ASSERT_TRUE(server_->Start()) << server_->Log();
    planner_ = std::make_unique<ApiClient>(server_->port());
    approver_ = std::make_unique<ApiClient>(server_->port());
    ASSERT_TRUE(planner_->Login("planner"));
    ASSERT_TRUE(approver_->Login("approver"));
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  // A witness registers for the draw at `base`, which is then revealed with `values`.
  void Reveal(const std::string& base, const std::string& witness, const std::string& organisation,
              const std::vector<std::string>& values) {
    ASSERT_EQ(
        planner_->Post(base + "/witnesses", {{"name", witness}, {"organisation", organisation}})
            .status,
        200);
    ASSERT_EQ(planner_->Post(base + "/reveal", {{"values", values}}).status, 200);
  }

  // A small committed target draw of department 1 (`size` candidates); returns its number.
  std::string Commit(int size = 12) {
    Json pool = Json::array();
    for (int i = 1; i <= size; ++i) {
      char id[32];
      std::snprintf(id, sizeof id, "91410105MA%08d", i);
      pool.push_back({{"stratum", i <= size - 3 ? "一般对象" : "风险对象"}, {"id", id}});
    }
    auto r = planner_->Post(
        "/api/v1/draws",
        {{"kind", "targets"},
         {"title", "2026年第四季度食品经营者抽查"},
         {"department_id", 1},
         {"sources", {"福彩3D 2026330期开奖号码", "现场见证人掷骰"}},
         {"strata", {{{"name", "一般对象"}, {"take", 3}}, {{"name", "风险对象"}, {"take", 3}}}},
         {"pool", pool}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("draw_no", "");
  }

  std::string BundlePath(const std::string& no) {
    auto r = planner_->Get("/api/v1/draws/" + no + "/bundle");
    EXPECT_EQ(r.status, 200) << r.raw;
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("bundle_" + no + "_" + std::to_string(getpid()) + ".json"))
                                 .string();
    std::ofstream(path) << r.raw;
    return path;
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> planner_, approver_;
};

TEST_P(DrawE2eTest, CommitThenRevealOnceNeverRedraw) {
  const std::string no = Commit();
  ASSERT_FALSE(no.empty());
  const std::string base = "/api/v1/draws/" + no;
  auto committed = planner_->Get(base);
  EXPECT_EQ(committed.body["status"], "committed");
  EXPECT_EQ(committed.body["commitment"]["plan_hash"].get<std::string>().size(), 64u);
  // Before the reveal nothing about the outcome is available, not even to the planner.
  EXPECT_EQ(planner_->Get(base + "/outcome").code(), "DRAW_NOT_REVEALED");
  EXPECT_EQ(planner_->Get(base + "/bundle").code(), "DRAW_NOT_REVEALED");

  // Refused reveals change nothing: the value given with a refused reveal is not kept.
  auto no_witness = planner_->Post(base + "/reveal", {{"values", {"227", "3 5 1"}}});
  EXPECT_EQ(no_witness.status, 409);
  EXPECT_EQ(no_witness.code(), "DRAW_NO_WITNESS");
  EXPECT_TRUE(planner_->Get(base).body["sources"][0]["value"].is_null());

  EXPECT_EQ(
      planner_->Post(base + "/witnesses", {{"name", "陈志远"}, {"organisation", "区人大代表"}})
          .status,
      200);
  EXPECT_EQ(planner_->Put(base + "/sources/1", {{"value", "3 5 1"}}).status, 200);
  // A source value cannot be changed once entered.
  auto changed = planner_->Put(base + "/sources/1", {{"value", "6 6 6"}});
  EXPECT_EQ(changed.code(), "DRAW_SOURCE_VALUE_SET");
  auto missing = planner_->Post(base + "/reveal", Json::object());
  EXPECT_EQ(missing.code(), "DRAW_SOURCE_VALUE_MISSING");

  auto revealed = planner_->Post(base + "/reveal", {{"values", {"227"}}});
  ASSERT_EQ(revealed.status, 200) << revealed.raw;
  EXPECT_EQ(revealed.body["status"], "revealed");
  const std::string result_hash = revealed.body["result_hash"];

  auto again = planner_->Post(base + "/reveal", {{"values", {"228"}}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "DRAW_ALREADY_REVEALED");
  auto redraw = planner_->Post(base + "/redraw");
  EXPECT_EQ(redraw.status, 409);
  EXPECT_EQ(redraw.code(), "DRAW_NO_REDRAW");
  EXPECT_EQ(planner_->Get(base).body["result_hash"], result_hash);

  const std::string path = BundlePath(no);
  auto py = RunCommand({"python3", SourceDir() + "/tools/verify_draw.py", path});
  EXPECT_EQ(py.exit_code, 0) << py.out << py.err;
  EXPECT_TRUE(py.out.starts_with("OK " + result_hash + " 签名有效，公钥指纹 ")) << py.out;
  auto cpp = RunCommand({SuijiBinary(), "draw", "verify", path});
  EXPECT_EQ(cpp.exit_code, 0) << cpp.out << cpp.err;
  std::filesystem::remove(path);
}

TEST_P(DrawE2eTest, ReplacementNeedsClosedListReasonAndAnotherApprover) {
  const std::string no = Commit();
  const std::string base = "/api/v1/draws/" + no;
  ASSERT_NO_FATAL_FAILURE(Reveal(base, "王丽", "金水区公证处", {"904", "2 2 6"}));
  auto outcome = planner_->Get(base + "/outcome");
  const std::string out = outcome.body["selected"]["一般对象"][0];

  EXPECT_EQ(planner_->Post(base + "/replacements", {{"out", out}, {"reason", "不想去"}}).code(),
            "DRAW_REPLACEMENT_REASON_INVALID");
  EXPECT_EQ(planner_->Post(base + "/replacements", {{"out", out}, {"reason", "其他"}}).code(),
            "DRAW_REPLACEMENT_NOTE_REQUIRED");
  EXPECT_EQ(
      planner_->Post(base + "/replacements", {{"out", "91410105MA99999999"}, {"reason", "已注销"}})
          .code(),
      "DRAW_REPLACE_NOT_IN_DRAW");
  auto requested = planner_->Post(
      base + "/replacements", {{"out", out}, {"reason", "已注销"}, {"note", "已于2026年10月注销"}});
  ASSERT_EQ(requested.status, 201) << requested.raw;
  // Planners cannot approve; approvers can.
  EXPECT_EQ(planner_->Post(base + "/replacements/1/decision", {{"approve", true}}).status, 403);
  auto approved =
      approver_->Post(base + "/replacements/1/decision", {{"approve", true}, {"note", "同意替换"}});
  ASSERT_EQ(approved.status, 200) << approved.raw;
  const Json rep = approved.body["replacements"][0];
  EXPECT_EQ(rep["status"], "approved");
  ASSERT_TRUE(rep["in"].is_string());
  EXPECT_EQ(approver_->Post(base + "/replacements/1/decision", {{"approve", true}}).code(),
            "DRAW_REPLACEMENT_DECIDED");
  // The first reserve id came in, the replaced one is gone.
  auto after = planner_->Get(base + "/outcome").body["selected"]["一般对象"];
  EXPECT_EQ(std::count(after.begin(), after.end(), Json(out)), 0);
  EXPECT_EQ(std::count(after.begin(), after.end(), rep["in"]), 1);

  const std::string path = BundlePath(no);
  std::ifstream in(path);
  Json bundle = Json::parse(in);
  ASSERT_EQ(bundle["replacements"].size(), 1u);
  EXPECT_EQ(bundle["replacements"][0]["out"], out);
  EXPECT_EQ(bundle["replacements"][0]["in"], rep["in"]);
  EXPECT_EQ(bundle["reserve"]["一般对象"][0], rep["in"]);
  EXPECT_EQ(RunCommand({"python3", SourceDir() + "/tools/verify_draw.py", path}).exit_code, 0);
  EXPECT_EQ(RunCommand({SuijiBinary(), "draw", "verify", path}).exit_code, 0);
  std::filesystem::remove(path);
}

// The reveal stores a target draw's outputs as positions in the committed pool; draws revealed
// by earlier binaries hold them as JSON. The bundle is the same, byte for byte, from either.
TEST_P(DrawE2eTest, TheBundleIsTheSameFromStoredPositionsAndFromOlderJsonOutputs) {
  const std::string no = Commit();
  const std::string base = "/api/v1/draws/" + no;
  ASSERT_NO_FATAL_FAILURE(Reveal(base, "陈志远", "区人大代表", {"511", "1 4 4"}));
  auto from_positions = planner_->Get(base + "/bundle");
  ASSERT_EQ(from_positions.status, 200) << from_positions.raw;
  const Json& b = from_positions.body;
  ASSERT_EQ(b["reserve"]["一般对象"].size(), 6u);  // 9 candidates, 3 drawn
  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto stored = (*conn)->Query("SELECT outputs FROM draws WHERE draw_no = $1", {no});
  ASSERT_TRUE(stored.ok() && !stored->rows.empty());
  EXPECT_TRUE(stored->front().Text(0).starts_with("positions 1\n")) << stored->front().Text(0);
  // What an earlier binary stored: the lists as compact JSON, keys in byte order.
  const std::string older = Json{{"reserve", b["reserve"]}, {"selected", b["selected"]}}.dump();
  ASSERT_TRUE(
      (*conn)->Execute("UPDATE draws SET outputs = $1 WHERE draw_no = $2", {older, no}).ok());
  auto from_json = planner_->Get(base + "/bundle");
  ASSERT_EQ(from_json.status, 200) << from_json.raw;
  EXPECT_EQ(from_json.raw, from_positions.raw);
  const std::string path = BundlePath(no);
  auto py = RunCommand({"python3", SourceDir() + "/tools/verify_draw.py", path});
  EXPECT_EQ(py.exit_code, 0) << py.out << py.err;
  std::filesystem::remove(path);
}

TEST_P(DrawE2eTest, TamperingWithAStoredDrawIsNamedByAuditVerify) {
  const std::string no = Commit();
  const std::string base = "/api/v1/draws/" + no;
  ASSERT_NO_FATAL_FAILURE(Reveal(base, "陈志远", "区人大代表", {"511", "1 4 4"}));
  const std::string second = Commit();  // committed, not revealed
  ASSERT_EQ(server_->Stop(), 0);
  server_.reset();
  auto ok = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;

  auto conn = tdb_->db().Acquire();
  ASSERT_TRUE(conn.ok());
  // One candidate of the revealed draw's pool snapshot.
  ASSERT_TRUE(
      (*conn)
          ->Execute(
              "UPDATE draw_pool_chunks SET data = replace(data, '91410105MA00000003\t', "
              "'91410105MA0000000X\t') WHERE draw_id = (SELECT id FROM draws WHERE draw_no = $1)",
              {no})
          .ok());
  auto bad = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("draw.reveal " + no), std::string::npos) << bad.out;
  ASSERT_TRUE(
      (*conn)
          ->Execute("UPDATE draw_pool_chunks SET data = replace(data, '91410105MA0000000X\t', "
                    "'91410105MA00000003\t')")
          .ok());
  EXPECT_EQ(RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()}).exit_code, 0);

  // One byte of the committed (unrevealed) draw's snapshot.
  ASSERT_TRUE(
      (*conn)
          ->Execute("UPDATE draw_pool_chunks SET data = replace(data, '91410105MA00000011\t1\n', "
                    "'91410105MA00000011\t2\n') WHERE draw_id = (SELECT id FROM draws WHERE "
                    "draw_no = $1)",
                    {second})
          .ok());
  auto bad2 = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  EXPECT_EQ(bad2.exit_code, 1);
  EXPECT_NE(bad2.out.find("draw.commit " + second), std::string::npos) << bad2.out;
}

// Malformed or out-of-range numbers in a draw request are refused with 400 and a stable code —
// the business limits (per_task, cap) by the service, the types by the body helpers — and never
// reach a throwing conversion (which the router would turn into a 500); nothing is committed.
TEST_P(DrawE2eTest, BadNumbersInADrawRequestAre400WithACodeNot500) {
  Json assign = {{"kind", "assign"},
                 {"title", "2026年第四季度检查人员选派"},
                 {"department_id", 1},
                 {"sources", {"福彩3D 2026330期开奖号码"}},
                 {"per_task", 2},
                 {"cap", 3},
                 {"eligible", {{"T1", {"P1", "P2", "P3"}}, {"T2", {"P1", "P2", "P3"}}}}};
  auto with = [&](const std::string& key, const Json& value) {
    Json b = assign;
    if (value.is_discarded()) b.erase(key);
    else b[key] = value;
    return planner_->Post("/api/v1/draws", b);
  };
  const Json absent = Json(Json::value_t::discarded);
  struct Case {
    std::string key;
    Json value;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"per_task", 0, "DRAW_PER_TASK_INVALID"}, {"per_task", 1001, "DRAW_PER_TASK_INVALID"},
      {"per_task", 1, "DRAW_PER_TASK_TOO_FEW"}, {"cap", 0, "DRAW_CAP_INVALID"},
      {"cap", 100001, "DRAW_CAP_INVALID"},      {"cap", -5, "DRAW_CAP_INVALID"},
      {"per_task", "两人", "FIELD_INVALID"},    {"cap", 2.5, "FIELD_INVALID"},
      {"per_task", absent, "FIELD_REQUIRED"},   {"cap", absent, "FIELD_REQUIRED"},
      {"confidential", "yes", "FIELD_INVALID"},
  };
  for (const auto& k : cases) {
    auto r = with(k.key, k.value);
    EXPECT_EQ(r.status, 400) << k.key << "=" << k.value.dump() << ": " << r.raw;
    EXPECT_EQ(r.code(), k.code) << k.key << "=" << k.value.dump() << ": " << r.raw;
  }

  Json targets = {{"kind", "targets"},
                  {"title", "2026年第四季度食品经营者抽查"},
                  {"department_id", 1},
                  {"sources", {"福彩3D 2026330期开奖号码"}},
                  {"strata", {{{"name", "一般对象"}, {"take", 1}}}},
                  {"pool", {{{"stratum", "一般对象"}, {"id", "91410105MA00000001"}}}}};
  Json bad_weight = targets;
  bad_weight["pool"][0]["weight"] = "heavy";
  auto w = planner_->Post("/api/v1/draws", bad_weight);
  EXPECT_EQ(w.status, 400) << w.raw;
  EXPECT_EQ(w.code(), "FIELD_INVALID") << w.raw;
  Json bad_weighted = targets;
  bad_weighted["strata"][0]["weighted"] = "yes";
  auto ww = planner_->Post("/api/v1/draws", bad_weighted);
  EXPECT_EQ(ww.status, 400) << ww.raw;
  EXPECT_EQ(ww.code(), "FIELD_INVALID") << ww.raw;
  auto listed = planner_->Get("/api/v1/draws?department_id=1&limit=500");
  ASSERT_EQ(listed.status, 200) << listed.raw;
  const size_t before = listed.body["items"].size();

  const std::string no = Commit();
  ASSERT_FALSE(no.empty());
  for (const std::string pos : {"x", "-1", "99999999999999999999", "1000", "7"}) {
    auto r = planner_->Put("/api/v1/draws/" + no + "/sources/" + pos, {{"value", "123"}});
    EXPECT_EQ(r.status, 400) << pos << ": " << r.raw;
    EXPECT_EQ(r.code(), "DRAW_SOURCE_POSITION_INVALID") << pos << ": " << r.raw;
  }
  auto after = planner_->Get("/api/v1/draws?department_id=1&limit=500");
  ASSERT_EQ(after.status, 200) << after.raw;
  EXPECT_EQ(after.body["items"].size(), before + 1) << "only the valid commit is stored";
}

// A bundle is written while it is sent (chunked transfer coding, pieces of about 1 MiB): the
// text is the same as a whole one, an HTTP/1.0 client gets it whole with its length, and a HEAD
// gets the head alone.
TEST_P(DrawE2eTest, TheBundleIsStreamedInChunksAndWholeToHttp10) {
  const std::string no = Commit(20000);  // a bundle of about 2 MB: more than one piece
  ASSERT_FALSE(no.empty());
  const std::string base = "/api/v1/draws/" + no;
  ASSERT_NO_FATAL_FAILURE(Reveal(base, "陈志远", "区人大代表", {"227", "3 5 1"}));
  auto whole = planner_->Get(base + "/bundle");
  ASSERT_EQ(whole.status, 200) << whole.raw;
  ASSERT_GT(whole.raw.size(), 1500000u);

  const std::string chunked = Exchange(server_->port(), "GET " + base +
                                                            "/bundle HTTP/1.1\r\nHost: t\r\n"
                                                            "Connection: close\r\n\r\n");
  const size_t split = chunked.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos) << chunked.substr(0, 400);
  const std::string head = chunked.substr(0, split + 2);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 ")) << head;
  EXPECT_NE(head.find("\r\nTransfer-Encoding: chunked\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  auto body = Dechunk(std::string_view(chunked).substr(split + 4));
  ASSERT_TRUE(body.has_value()) << "chunked framing";
  EXPECT_EQ(body->first, whole.raw);
  EXPECT_GE(body->second, 2);

  const std::string old = Exchange(server_->port(), "GET " + base + "/bundle HTTP/1.0\r\n\r\n");
  EXPECT_NE(old.find("\r\nContent-Length: " + std::to_string(whole.raw.size()) + "\r\n"),
            std::string::npos)
      << old.substr(0, 400);
  EXPECT_EQ(old.find("Transfer-Encoding"), std::string::npos);
  EXPECT_EQ(old.substr(old.find("\r\n\r\n") + 4), whole.raw);

  const std::string head_only = Exchange(server_->port(), "HEAD " + base +
                                                              "/bundle HTTP/1.1\r\nHost: t\r\n"
                                                              "Connection: close\r\n\r\n");
  EXPECT_TRUE(head_only.starts_with("HTTP/1.1 200 ")) << head_only;
  EXPECT_TRUE(head_only.ends_with("\r\n\r\n")) << "nothing after the head";
  EXPECT_NE(head_only.find("Transfer-Encoding: chunked"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, DrawE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
