// What the public gets of a draw, and whether what it gets can be trusted, through the real
// server on SQLite and PostgreSQL (issue 9, findings 9 and 11):
//   - a bundle from a real reveal passes both verifiers, which print the signing key's
//     fingerprint — the key_id the server publishes at GET /api/v1/keys — and accept it
//     against that key (--key HEX, --key FILE with the saved /api/v1/keys answer, --key-url
//     with the server's own /api/v1/keys); the same bundle with its signature edited, removed or
//     checked against another key fails in both;
//   - a confidential draw answers DRAW_CONFIDENTIAL (保密) for its bundle before the reveal,
//     after it and until it is published — never a 404 — while its commitment is public from
//     commit time on every public draw route; after publication everything is public.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/database.h"
#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

constexpr char kConfidentialMessage[] =
    "该抽取属于保密任务，检查结束公开前不公布抽取名单和抽取包；承诺值已公开";

class DrawPublicE2eTest : public ::testing::TestWithParam<store::Dialect> {
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
    other_ = std::make_unique<ApiClient>(server_->port());
    public_ = std::make_unique<ApiClient>(server_->port());  // never logs in
    ASSERT_TRUE(planner_->Login("planner"));
    ASSERT_TRUE(other_->Login("planner.sw"));  // another department's planner
    dir_ = std::filesystem::temp_directory_path() /
           ("suiji_draw_public_" + std::to_string(getpid()) + "_" + DialectParamName(GetParam()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  static std::string Id(int i) {
    char id[32];
    std::snprintf(id, sizeof id, "91410105MA%08d", i);
    return id;
  }

  // A committed target draw of the planner's department; returns the 201 body.
  Json Commit(bool confidential) {
    Json pool = Json::array();
    for (int i = 1; i <= 12; ++i)
      pool.push_back({{"stratum", i <= 9 ? "一般对象" : "风险对象"}, {"id", Id(i)}});
    auto r = planner_->Post(
        "/api/v1/draws",
        {{"kind", "targets"},
         {"title", confidential ? "保密专项检查抽取" : "食品经营者抽查"},
         {"department_id", 1},
         {"sources", {"福彩3D 2026330期开奖号码", "现场见证人掷骰"}},
         {"strata", {{{"name", "一般对象"}, {"take", 3}}, {{"name", "风险对象"}, {"take", 1}}}},
         {"pool", pool},
         {"confidential", confidential}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body;
  }

  Json Reveal(const std::string& no) {
    const std::string base = "/api/v1/draws/" + no;
    EXPECT_EQ(
        planner_->Post(base + "/witnesses", {{"name", "陈志远"}, {"organisation", "区人大代表"}})
            .status,
        200);
    auto r = planner_->Post(base + "/reveal", {{"values", {"227", "3 5 1"}}});
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Both verifiers on one file with the same flags: each exit code and stdout line.
  struct Verdicts {
    CommandResult cpp, py;
  };
  Verdicts Verify(const std::string& path, const std::vector<std::string>& flags = {}) {
    std::vector<std::string> cpp = {SuijiBinary(), "draw", "verify"};
    std::vector<std::string> py = {"python3", SourceDir() + "/tools/verify_draw.py", "verify"};
    for (const auto& f : flags) {
      cpp.push_back(f);
      py.push_back(f);
    }
    cpp.push_back(path);
    py.push_back(path);
    return {RunCommand(cpp), RunCommand(py)};
  }

  static bool HasItem(const ApiResponse& list, const std::string& no, Json* item = nullptr) {
    for (const Json& d : list.body["items"]) {
      if (d["draw_no"] == no) {
        if (item != nullptr) *item = d;
        return true;
      }
    }
    return false;
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> planner_, other_, public_;
  std::filesystem::path dir_;
};

TEST_P(DrawPublicE2eTest, GenuineBundlePassesBothVerifiersWithThePublishedFingerprint) {
  const std::string no = Commit(false)["draw_no"];
  const std::string result_hash = Reveal(no)["result_hash"];
  auto keys = public_->Get("/api/v1/keys");
  ASSERT_EQ(keys.status, 200) << keys.raw;
  const std::string key_id = keys.body["keys"][0]["key_id"];
  const std::string public_key = keys.body["keys"][0]["public_key"];
  ASSERT_EQ(key_id.size(), 16u);

  auto bundle = public_->Get("/api/v1/draws/" + no + "/bundle");
  ASSERT_EQ(bundle.status, 200) << bundle.raw;
  EXPECT_EQ(bundle.body["signature"]["key_id"], key_id);
  EXPECT_EQ(bundle.body["signature"]["public_key"], public_key);
  const std::string path = Write("genuine.json", bundle.raw);
  const std::string ok = "OK " + result_hash + " 签名有效，公钥指纹 " + key_id + "\n";
  const std::string ok_key =
      "OK " + result_hash + " 签名有效，公钥指纹 " + key_id + "，与指定公钥一致\n";

  auto plain = Verify(path);
  EXPECT_EQ(plain.cpp.exit_code, 0) << plain.cpp.out << plain.cpp.err;
  EXPECT_EQ(plain.cpp.out, ok);
  EXPECT_EQ(plain.py.exit_code, 0) << plain.py.out << plain.py.err;
  EXPECT_EQ(plain.py.out, ok);

  const std::string keys_file = Write("keys.json", keys.raw);  // as saved from /api/v1/keys
  for (const std::vector<std::string>& flags : {std::vector<std::string>{"--key", public_key},
                                                std::vector<std::string>{"--key", keys_file}}) {
    auto with_key = Verify(path, flags);
    EXPECT_EQ(with_key.cpp.out, ok_key) << flags[1] << with_key.cpp.err;
    EXPECT_EQ(with_key.py.out, ok_key) << flags[1] << with_key.py.err;
  }
  auto url = Verify(path, {"--key-url", server_->base_url() + "/api/v1/keys"});
  EXPECT_EQ(url.cpp.exit_code, 0) << url.cpp.out << url.cpp.err;
  EXPECT_EQ(url.cpp.out, ok_key);
  EXPECT_EQ(url.py.exit_code, 0) << url.py.out << url.py.err;
  EXPECT_EQ(url.py.out, ok_key);

  // The same bundle, its signature edited, removed, or checked against another key.
  Json edited = Json::parse(bundle.raw);
  std::string value = edited["signature"]["value"];
  value[10] = value[10] == '0' ? '1' : '0';
  edited["signature"]["value"] = value;
  Json removed = Json::parse(bundle.raw);
  removed.erase("signature");
  const std::string other_key(64, 'a');
  struct Case {
    std::string file;
    std::vector<std::string> flags;
    std::string reason;
  };
  for (const Case& c : {Case{Write("edited.json", edited.dump(2)), {}, "DRAW_SIGNATURE_INVALID"},
                        Case{Write("removed.json", removed.dump(2)), {}, "DRAW_SIGNATURE_MISSING"},
                        Case{path, {"--key", other_key}, "DRAW_SIGNATURE_KEY_MISMATCH"}}) {
    auto v = Verify(c.file, c.flags);
    for (const CommandResult* r : {&v.cpp, &v.py}) {
      EXPECT_EQ(r->exit_code, 1) << c.reason << ": " << r->out << r->err;
      EXPECT_TRUE(r->out.starts_with("签名未通过：")) << r->out;
      EXPECT_NE(r->out.find("（" + c.reason + "）"), std::string::npos) << r->out;
    }
  }
}

TEST_P(DrawPublicE2eTest,
       ConfidentialDrawIsAnsweredHonestlyBeforeRevealAfterRevealAndAfterPublication) {
  const Json committed = Commit(true);
  const std::string no = committed["draw_no"];
  const std::string plan_hash = committed["commitment"]["plan_hash"];
  const std::string bundle_path = "/api/v1/draws/" + no + "/bundle";
  const std::string public_path = "/api/v1/public/draws/" + no;
  const std::string candidate = "/api/v1/public/draws?candidate=" + Id(3);

  // The public's view while confidential: the commitment, a 保密 notice, no pool, no result list.
  auto expect_confidential = [&](const std::string& stage, const std::string& status) {
    SCOPED_TRACE(stage);
    for (ApiClient* who : {public_.get(), other_.get()}) {
      auto b = who->Get(bundle_path);
      EXPECT_EQ(b.status, 403) << b.raw;
      EXPECT_EQ(b.code(), "DRAW_CONFIDENTIAL");
      EXPECT_EQ(b.body.value("message", ""), kConfidentialMessage);
    }
    auto one = public_->Get(public_path);
    ASSERT_EQ(one.status, 200) << one.raw;
    EXPECT_EQ(one.body["visibility"], "confidential");
    EXPECT_EQ(one.body["status"], status);
    EXPECT_EQ(one.body["commitment"]["plan_hash"], plan_hash);
    EXPECT_EQ(one.body["notice"]["code"], "DRAW_CONFIDENTIAL");
    EXPECT_EQ(one.body["notice"]["message"], kConfidentialMessage);
    for (const char* hidden : {"spec", "pool_size", "witnesses", "replacements"})
      EXPECT_FALSE(one.body.contains(hidden)) << hidden << ": " << one.raw;
    EXPECT_FALSE(one.body["sources"][0].contains("value")) << one.raw;
    EXPECT_EQ(one.raw.find(Id(3)), std::string::npos) << one.raw;
    Json item;
    auto list = public_->Get("/api/v1/public/draws");
    ASSERT_TRUE(HasItem(list, no, &item)) << list.raw;
    EXPECT_EQ(item["visibility"], "confidential");
    EXPECT_EQ(item["commitment"]["plan_hash"], plan_hash);
    EXPECT_FALSE(item.contains("pool_size"));
    // A confidential pool is never searched: it would tell an enterprise it is in it.
    EXPECT_FALSE(HasItem(public_->Get(candidate), no));
  };

  expect_confidential("committed", "committed");
  // The department's own planner: not revealed yet.
  EXPECT_EQ(planner_->Get(bundle_path).code(), "DRAW_NOT_REVEALED");

  const std::string result_hash = Reveal(no)["result_hash"];
  expect_confidential("revealed", "revealed");
  // Revealed, the result is fixed publicly before anything else is shown.
  EXPECT_EQ(public_->Get(public_path).body["result_hash"], result_hash);
  // The department's planner has the bundle from the reveal on, and it verifies.
  auto own = planner_->Get(bundle_path);
  ASSERT_EQ(own.status, 200) << own.raw;
  auto own_verdict = Verify(Write("own.json", own.raw));
  EXPECT_EQ(own_verdict.cpp.exit_code, 0) << own_verdict.cpp.out << own_verdict.cpp.err;
  EXPECT_EQ(own_verdict.py.exit_code, 0) << own_verdict.py.out << own_verdict.py.err;

  auto published = planner_->Post("/api/v1/draws/" + no + "/publish");
  ASSERT_EQ(published.status, 200) << published.raw;
  auto b = public_->Get(bundle_path);
  ASSERT_EQ(b.status, 200) << b.raw;
  EXPECT_EQ(b.body["result_hash"], result_hash);
  EXPECT_EQ(b.body["plan_hash"], plan_hash);
  auto v = Verify(Write("published.json", b.raw));
  EXPECT_EQ(v.cpp.exit_code, 0) << v.cpp.out << v.cpp.err;
  EXPECT_EQ(v.py.exit_code, 0) << v.py.out << v.py.err;
  EXPECT_EQ(other_->Get(bundle_path).status, 200);
  auto one = public_->Get(public_path);
  EXPECT_EQ(one.body["visibility"], "full");
  EXPECT_FALSE(one.body.contains("notice"));
  EXPECT_EQ(one.body["pool_size"], 12);
  Json item;
  ASSERT_TRUE(HasItem(public_->Get("/api/v1/public/draws"), no, &item));
  EXPECT_EQ(item["visibility"], "full");
  EXPECT_TRUE(HasItem(public_->Get(candidate), no));
}

TEST_P(DrawPublicE2eTest, OrdinaryDrawShowsItsCommitmentBeforeTheReveal) {
  const Json committed = Commit(false);
  const std::string no = committed["draw_no"];
  auto b = public_->Get("/api/v1/draws/" + no + "/bundle");
  EXPECT_EQ(b.status, 409) << b.raw;
  EXPECT_EQ(b.code(), "DRAW_NOT_REVEALED");
  auto one = public_->Get("/api/v1/public/draws/" + no);
  ASSERT_EQ(one.status, 200) << one.raw;
  EXPECT_EQ(one.body["visibility"], "commitment");
  EXPECT_EQ(one.body["notice"]["code"], "DRAW_NOT_REVEALED");
  EXPECT_EQ(one.body["commitment"]["plan_hash"], committed["commitment"]["plan_hash"]);
  EXPECT_EQ(one.body["pool_size"], 12);
  Json item;
  ASSERT_TRUE(HasItem(public_->Get("/api/v1/public/draws"), no, &item));
  EXPECT_EQ(item["visibility"], "commitment");
  EXPECT_FALSE(HasItem(public_->Get("/api/v1/public/draws?candidate=" + Id(3)), no));
  EXPECT_EQ(public_->Get("/api/v1/public/draws/NO-SUCH-DRAW").status, 404);

  Reveal(no);
  EXPECT_EQ(public_->Get("/api/v1/draws/" + no + "/bundle").status, 200);
  EXPECT_EQ(public_->Get("/api/v1/public/draws/" + no).body["visibility"], "full");
  EXPECT_TRUE(HasItem(public_->Get("/api/v1/public/draws?candidate=" + Id(3)), no));
}

INSTANTIATE_TEST_SUITE_P(Backends, DrawPublicE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
