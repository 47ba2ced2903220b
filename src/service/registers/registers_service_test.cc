// The register use cases against a real database (SQLite and PostgreSQL): authorization by
// scope, refusals that change nothing, versions and diffs, history, sealed personal data,
// eligibility on a fake clock, imports and exports.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>

#include "core/ids.h"
#include "service/platform.h"
#include "service/registers/key_set.h"
#include "support/test_db.h"
#include "tabular/writer.h"

namespace suiji::service {
namespace {

using registers::InspectionItem;
using registers::Inspector;
using registers::Target;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TestDatabase;

class RegistersServiceTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_ = std::filesystem::temp_directory_path() /
            ("suiji_reg_keys_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    PlatformOptions o;
    o.key_file = (keys_ / "platform.ed25519").string();
    o.pii_key_file = (keys_ / "pii.key").string();
    o.secrets_key_file = (keys_ / "secrets.key").string();
    auto p = Platform::Create(tdb_->Reopen(), clock_, entropy_, o);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    p_ = std::move(p).value();
    const Principal sys = Principal::System("test");
    ASSERT_TRUE(p_->org()
                    .UpsertRegions(sys, {{"410000", "河南省", "", "province"},
                                         {"410100", "郑州市", "410000", "city"},
                                         {"410105", "金水区", "410100", "county"},
                                         {"410105001", "经八路街道", "410105", "township"}})
                    .ok());
    dept_a_ =
        p_->org()
            .CreateDepartment(sys, {"JS-SCJG", "金水区市场监督管理局", "区市场监管局", "410105"})
            ->id;
    dept_b_ = p_->org().CreateDepartment(sys, {"JS-SWJ", "金水区商务局", "区商务局", "410105"})->id;
    unit_a1_ = p_->org()
                   .CreateUnit(sys, {dept_a_, std::nullopt, "S01", "经八路市场监管所", "市场监管所",
                                     "所", "410105001"})
                   ->id;
    unit_a2_ = p_->org()
                   .CreateUnit(sys, {dept_a_, std::nullopt, "S02", "花园路市场监管所", "市场监管所",
                                     "所", "410105"})
                   ->id;
    unit_b1_ = p_->org()
                   .CreateUnit(sys, {dept_b_, std::nullopt, "SW-ZF", "商务综合行政执法大队",
                                     "执法大队", "区", "410105"})
                   ->id;
    planner_a_ = Who("planner.a", Role::kPlanner, Scope::Department(dept_a_));
    planner_b_ = Who("planner.b", Role::kPlanner, Scope::Department(dept_b_));
    approver_a_ = Who("approver.a", Role::kApprover, Scope::Department(dept_a_));
    station_a1_ = Who("station.a1", Role::kPlanner, Scope::Unit(unit_a1_));
    inspector_a1_ = Who("inspector.a1", Role::kInspector, Scope::Unit(unit_a1_));
    admin_ = Who("admin", Role::kAdmin, Scope::Global());
  }
  void TearDown() override {
    p_.reset();
    tdb_.reset();
    std::error_code ec;
    std::filesystem::remove_all(keys_, ec);
  }

  static Principal Who(std::string name, Role role, Scope scope) {
    Principal p;
    p.username = std::move(name);
    p.grants = {{role, scope}};
    return p;
  }
  RegisterServices& reg() { return p_->registers(); }
  int64_t Count(const std::string& table) { return testing::CountRows(p_->db(), table); }

  InspectionItem Item(int64_t dept, std::string code) {
    InspectionItem i;
    i.department_id = dept;
    i.code = std::move(code);
    i.name = "食品经营者监督检查";
    i.category = "重点检查事项";
    i.legal_basis = {"《中华人民共和国食品安全法》第一百一十条"};
    i.target_types = {"企业", "个体工商户"};
    i.methods = {"实地检查"};
    i.ratio_min_bp = 2000;
    i.life_safety = true;
    i.level = "区";
    return i;
  }

  Target MakeTarget(int n, int64_t unit) {
    Target t;
    const std::string num = std::to_string(n);
    t.uscc = *MakeUscc("91", "410105", "MA" + std::string(6 - num.size(), '0') + num);
    t.name = "河南恒达建材有限公司" + num;
    t.type = "企业";
    t.legal_rep = "王芳";
    t.address = "郑州市金水区经八路" + num + "号";
    t.region_code = "410105001";
    t.unit_id = unit;
    t.industry_code = "51";
    t.risk_class = "B";
    t.risk_as_of = Date{2026, 3, 1};
    t.tags = {"食品经营许可"};
    return t;
  }

  Inspector MakeInspector(int64_t unit, std::string cert, int seq) {
    Inspector i;
    i.unit_id = unit;
    i.name = "刘洋";
    i.gender = "男";
    i.cert_no = std::move(cert);
    i.cert_expires = Date{2026, 11, 20};
    i.citizen_id = *MakeCitizenId("410105", Date{1988, 3, 14}, seq);
    i.qualifications = {{"食品安全监管", Date{2027, 12, 31}}};
    return i;
  }

  FakeClock clock_{*ParseTimestamp("2026-11-20T02:00:00Z")};  // 10:00 on 2026-11-20 in China
  FixedEntropy entropy_{3};
  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<Platform> p_;
  std::filesystem::path keys_;
  static inline int counter_ = 0;
  int64_t dept_a_ = 0, dept_b_ = 0, unit_a1_ = 0, unit_a2_ = 0, unit_b1_ = 0;
  Principal planner_a_, planner_b_, approver_a_, station_a1_, inspector_a1_, admin_;
};

TEST_P(RegistersServiceTest, ItemChangesCreateVersionsWithExactDiffs) {
  auto v1 = reg().items().Create(planner_a_, Item(dept_a_, "SCJG-SP-02"), "编制");
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->head.current_version, 1);
  InspectionItem next = v1->current.item;
  next.ratio_min_bp = 2500;
  next.methods.push_back("书面检查");
  auto v2 = reg().items().Update(planner_a_, v1->head.id, next, "提高比例", 1);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->head.current_version, 2);
  auto diff = reg().items().Diff(planner_a_, v1->head.id, 1, 2);
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(*diff, (registers::Changes{{"methods", "检查方式", "实地检查", "实地检查；书面检查"},
                                       {"ratio_min", "抽查比例下限（%）", "20", "25"}}));
  // The old version stays readable, exactly as it was.
  EXPECT_EQ(reg().items().Version(planner_a_, v1->head.id, 1)->item, v1->current.item);
  // A stale base version, an unchanged item and a changed identity are refused.
  EXPECT_EQ(reg().items().Update(planner_a_, v1->head.id, next, "", 1).status().reason(),
            "ITEM_VERSION_CONFLICT");
  EXPECT_EQ(reg().items().Update(planner_a_, v1->head.id, next, "").status().reason(),
            "ITEM_UNCHANGED");
  InspectionItem renamed = next;
  renamed.code = "SCJG-SP-09";
  EXPECT_EQ(reg().items().Update(planner_a_, v1->head.id, renamed, "").status().reason(),
            "ITEM_IDENTITY_IMMUTABLE");
  // Publication is the department head's; deactivation is version 3.
  EXPECT_EQ(reg().items().Publish(planner_a_, v1->head.id, 2).status().reason(),
            "PERMISSION_DENIED");
  auto published = reg().items().Publish(approver_a_, v1->head.id, 2);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(published->head.published_version, 2);
  EXPECT_EQ(reg().items().Publish(approver_a_, v1->head.id, 2).status().reason(),
            "ITEM_ALREADY_PUBLISHED");
  auto v3 = reg().items().Deactivate(planner_a_, v1->head.id, "法规废止");
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->head.current_version, 3);
  EXPECT_FALSE(v3->head.active);
  EXPECT_EQ(v3->current.item.inactive_reason, "法规废止");
  EXPECT_EQ(reg().items().Versions(inspector_a1_, v1->head.id)->size(), 3u);
  EXPECT_EQ(Count("item_versions"), 3);
}

TEST_P(RegistersServiceTest, RatioFloorsAreEnforced) {
  InspectionItem i = Item(dept_a_, "SCJG-SP-01");
  i.ratio_min_bp = 1500;  // life and property safety needs 20%
  auto r = reg().items().Create(planner_a_, i, "");
  EXPECT_EQ(r.status().reason(), "ITEM_INVALID");
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("不得低于 20%"));
  i.life_safety = false;
  i.ratio_min_bp = 299;
  EXPECT_EQ(reg().items().Create(planner_a_, i, "").status().reason(), "ITEM_INVALID");
  i.ratio_min_bp = 300;
  EXPECT_TRUE(reg().items().Create(planner_a_, i, "").ok());
}

TEST_P(RegistersServiceTest, ScopeDecidesWhoMayWriteAndRefusalsChangeNothing) {
  const int64_t audit_before = Count("audit_log");
  EXPECT_EQ(reg().items().Create(planner_b_, Item(dept_a_, "SCJG-X"), "").status().reason(),
            "PERMISSION_DENIED");
  EXPECT_EQ(reg().items().Create(inspector_a1_, Item(dept_a_, "SCJG-X"), "").status().reason(),
            "PERMISSION_DENIED");
  EXPECT_EQ(reg().items().Create(admin_, Item(dept_a_, "SCJG-X"), "").status().reason(),
            "PERMISSION_DENIED");
  // A station may keep the targets of its own jurisdiction, not its neighbour's.
  EXPECT_TRUE(reg().targets().Create(station_a1_, MakeTarget(1, unit_a1_), "").ok());
  EXPECT_EQ(reg().targets().Create(station_a1_, MakeTarget(2, unit_a2_), "").status().reason(),
            "PERMISSION_DENIED");
  EXPECT_EQ(reg().targets().Create(planner_b_, MakeTarget(3, unit_a1_), "").status().reason(),
            "PERMISSION_DENIED");
  EXPECT_EQ(reg()
                .inspectors()
                .Create(planner_b_, MakeInspector(unit_a1_, "豫A001", 11), "")
                .status()
                .reason(),
            "PERMISSION_DENIED");
  EXPECT_EQ(Count("targets"), 1);
  EXPECT_EQ(Count("items"), 0);
  EXPECT_EQ(Count("inspectors"), 0);
  EXPECT_EQ(Count("audit_log"), audit_before + 1);  // only the allowed target
  // Moving a target needs the scope of both units.
  auto t = reg().targets().GetByKey(planner_a_, MakeTarget(1, unit_a1_).uscc);
  ASSERT_TRUE(t.ok());
  Target moved = t->target;
  moved.unit_id = unit_a2_;
  EXPECT_EQ(reg().targets().Update(station_a1_, t->id, moved, "").status().reason(),
            "PERMISSION_DENIED");
  EXPECT_TRUE(reg().targets().Update(planner_a_, t->id, moved, "").ok());
  // Reading is open to every holder of kRegisterRead; inspectors' records follow scope.
  EXPECT_TRUE(reg().targets().Get(planner_b_, t->id).ok());
  auto inspector = reg().inspectors().Create(planner_a_, MakeInspector(unit_a2_, "豫A002", 13), "");
  ASSERT_TRUE(inspector.ok()) << inspector.status().ToString();
  EXPECT_EQ(reg().inspectors().Get(inspector_a1_, inspector->id).status().reason(),
            "PERMISSION_DENIED");
  EXPECT_EQ(reg().inspectors().List(inspector_a1_, {})->second, 0);
  EXPECT_EQ(reg().inspectors().List(planner_a_, {})->second, 1);
}

TEST_P(RegistersServiceTest, TargetHistoryRecordsWhoWhenAndWhat) {
  Target bad = MakeTarget(1, unit_a1_);
  bad.uscc[17] = bad.uscc[17] == '1' ? '2' : '1';
  auto refused = reg().targets().Create(planner_a_, bad, "");
  EXPECT_EQ(refused.status().reason(), "TARGET_INVALID");
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("统一社会信用代码"));
  bad.code_override = true;
  auto kept = reg().targets().Create(planner_a_, bad, "登记机关核实代码如此");
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_TRUE(kept->target.code_override);

  auto t = reg().targets().Create(planner_a_, MakeTarget(2, unit_a1_), "");
  ASSERT_TRUE(t.ok());
  clock_.Advance(std::chrono::hours(1));
  Target next = t->target;
  next.risk_class = "D";
  next.abnormal = true;
  ASSERT_TRUE(reg().targets().Update(planner_a_, t->id, next, "信用风险分类调整").ok());
  EXPECT_EQ(reg().targets().Update(planner_a_, t->id, next, "").status().reason(),
            "TARGET_UNCHANGED");
  ASSERT_TRUE(reg().targets().Remove(planner_a_, t->id, "重复登记").ok());
  auto hist = reg().targets().History(inspector_a1_, t->id);
  ASSERT_TRUE(hist.ok());
  std::vector<std::string> fields;
  for (const auto& h : *hist) fields.push_back(h.action + ":" + h.field);
  EXPECT_THAT(fields, ElementsAre("create:", "update:risk_class", "update:abnormal",
                                  "deactivate:in_directory", "deactivate:removed_reason"));
  EXPECT_EQ((*hist)[1].actor, "planner.a");
  EXPECT_EQ((*hist)[1].at, "2026-11-20T03:00:00.000Z");
  EXPECT_EQ((*hist)[1].old_value, "B");
  EXPECT_EQ((*hist)[1].new_value, "D");
  EXPECT_EQ((*hist)[1].note, "信用风险分类调整");
  auto kept_hist = reg().targets().History(planner_a_, kept->id);
  ASSERT_EQ(kept_hist->size(), 1u);
  EXPECT_THAT((*kept_hist)[0].note, HasSubstr("确认保留"));
  // Removed targets leave searches unless asked for.
  TargetSearch s;
  EXPECT_EQ(reg().targets().Search(planner_a_, s)->total, 1);
  s.filter.include_removed = true;
  EXPECT_EQ(reg().targets().Search(planner_a_, s)->total, 2);
}

TEST_P(RegistersServiceTest, SearchDescribesItsFilterWithNames) {
  for (int n = 1; n <= 5; ++n)
    ASSERT_TRUE(
        reg().targets().Create(planner_a_, MakeTarget(n, n < 3 ? unit_a1_ : unit_a2_), "").ok());
  TargetSearch s;
  s.filter.unit_ids = {unit_a1_};
  s.filter.risk_classes = {"B"};
  auto r = reg().targets().Search(inspector_a1_, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 2);
  EXPECT_EQ(r->description, "属地为经八路市场监管所（含下级单位）；信用风险分类为B");
  s.filter.types = {"公司"};
  EXPECT_EQ(reg().targets().Search(inspector_a1_, s).status().reason(), "FILTER_INVALID");
}

// The service owns the paging limits (POST /targets/search hands the body's page through): a page
// whose offset would overflow is refused like ParsePaging refuses it.
TEST_P(RegistersServiceTest, SearchRefusesPagesBeyondTheBound) {
  ASSERT_TRUE(reg().targets().Create(planner_a_, MakeTarget(1, unit_a1_), "").ok());
  TargetSearch s;
  s.page = 10'000'000;
  auto last = reg().targets().Search(planner_a_, s);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last->total, 1);
  EXPECT_TRUE(last->targets.empty());
  for (int64_t page : {int64_t{10'000'001}, std::numeric_limits<int64_t>::max(), int64_t{0}}) {
    s.page = page;
    EXPECT_EQ(reg().targets().Search(planner_a_, s).status().reason(), "PAGE_INVALID") << page;
  }
  s.page = 1;
  s.page_size = 501;
  EXPECT_EQ(reg().targets().Search(planner_a_, s).status().reason(), "PAGE_INVALID");
}

// The period rule of an eligibility request lives in the service, not in the route.
TEST_P(RegistersServiceTest, EligibilityRefusesAPeriodEndingBeforeItStarts) {
  auto stored = reg().inspectors().Create(planner_a_, MakeInspector(unit_a1_, "豫A0202", 32), "");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  registers::EligibilityRequest r;
  r.from = Date{2026, 11, 20};
  r.to = Date{2026, 11, 19};
  auto refused = reg().inspectors().Eligibility(planner_a_, stored->id, r);
  EXPECT_EQ(refused.status().reason(), "FIELD_INVALID");
  EXPECT_EQ(refused.status().message(), "检查结束日期不能早于开始日期");
  r.to = r.from;
  EXPECT_TRUE(reg().inspectors().Eligibility(planner_a_, stored->id, r).ok());
}

TEST_P(RegistersServiceTest, CitizenIdsAreSealedMaskedAndRevealedOnlyWithAReason) {
  Inspector i = MakeInspector(unit_a1_, "豫A0101", 21);
  auto stored = reg().inspectors().Create(planner_a_, i, "");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->inspector.citizen_id, "");
  EXPECT_EQ(stored->inspector.citizen_id_masked, MaskCitizenId(i.citizen_id));
  {
    auto rows =
        testing::StoredColumns(p_->db(), "inspectors", {"citizen_id_cipher", "citizen_id_hash"});
    ASSERT_FALSE(rows.empty());
    for (const auto& row : rows) {
      EXPECT_EQ(row.Bytes(0).find(i.citizen_id), std::string::npos);
      EXPECT_EQ(row.Text(1).find(i.citizen_id), std::string::npos);
    }
  }
  Inspector same_person = MakeInspector(unit_a2_, "豫A0102", 21);
  EXPECT_EQ(reg().inspectors().Create(planner_a_, same_person, "").status().reason(),
            "INSPECTOR_CITIZEN_ID_TAKEN");
  EXPECT_EQ(reg().inspectors().RevealCitizenId(planner_a_, stored->id, "年审").status().reason(),
            "PERMISSION_DENIED");
  EXPECT_EQ(reg().inspectors().RevealCitizenId(admin_, stored->id, "").status().reason(),
            "REASON_REQUIRED");
  const int64_t audit_before = Count("audit_log");
  auto plain = reg().inspectors().RevealCitizenId(admin_, stored->id, "办理执法证年审");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(*plain, i.citizen_id);
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  auto hist = reg().inspectors().History(admin_, stored->id);
  EXPECT_EQ(hist->back().action, "reveal");
  EXPECT_THAT(hist->back().note, HasSubstr("办理执法证年审"));
  // The same key file opens the ciphertext after a restart.
  auto again = PiiCipher::LoadOrCreate((keys_ / "pii.key").string(), entropy_);
  ASSERT_TRUE(again.ok());
  auto conn = p_->db().Acquire();
  auto cipher = store::LoadCitizenIdCipher(**conn, stored->id);
  EXPECT_EQ(*again->Open(*cipher), i.citizen_id);
  std::string tampered = *cipher;
  tampered.back() ^= 1;
  EXPECT_EQ(again->Open(tampered).status().reason(), "PII_DECRYPT_FAILED");
}

TEST_P(RegistersServiceTest, CertificateExpiredYesterdayIsIneligibleToday) {
  auto stored = reg().inspectors().Create(planner_a_, MakeInspector(unit_a1_, "豫A0201", 31), "");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  auto today = [&] {
    registers::EligibilityRequest r;
    r.from = r.to = ChinaDate(clock_.Now());
    r.required_qualifications = {"食品安全监管"};
    return r;
  };
  auto on_expiry_day = reg().inspectors().Eligibility(planner_a_, stored->id, today());
  ASSERT_TRUE(on_expiry_day.ok());
  EXPECT_TRUE(on_expiry_day->eligible());
  clock_.Advance(std::chrono::hours(24));  // 2026-11-21: the certificate expired yesterday
  auto next_day = reg().inspectors().Eligibility(planner_a_, stored->id, today());
  ASSERT_FALSE(next_day->eligible());
  ASSERT_EQ(next_day->reasons.size(), 1u);
  EXPECT_EQ(next_day->reasons[0].reason, registers::IneligibilityReason::kCertificateExpired);
  EXPECT_EQ(next_day->reasons[0].detail, "执法证已于 2026-11-20 过期");
}

TEST_P(RegistersServiceTest, ConflictsMakeInspectorsIneligibleForThatTarget) {
  auto inspector =
      reg().inspectors().Create(planner_a_, MakeInspector(unit_a1_, "豫A0301", 41), "");
  auto target = reg().targets().Create(planner_a_, MakeTarget(1, unit_a1_), "");
  ASSERT_TRUE(inspector.ok() && target.ok());
  registers::ConflictOfInterest x{inspector->id,    target->id,   "亲属", "本人申报", "",
                                  Date{2026, 1, 1}, std::nullopt, true,   ""};
  EXPECT_EQ(reg().conflicts().Create(planner_b_, x, "").status().reason(), "PERMISSION_DENIED");
  auto c = reg().conflicts().Create(planner_a_, x, "");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(reg().conflicts().Create(planner_a_, x, "").status().reason(), "CONFLICT_EXISTS");
  registers::EligibilityRequest r;
  r.from = r.to = Date{2026, 11, 20};
  r.target_ids = {target->id};
  auto assessed = reg().inspectors().Assess(planner_a_, {}, r);
  ASSERT_TRUE(assessed.ok());
  ASSERT_EQ(assessed->size(), 1u);
  EXPECT_EQ((*assessed)[0].result.reasons.at(0).reason, registers::IneligibilityReason::kConflict);
  ASSERT_TRUE(reg().conflicts().Deactivate(planner_a_, c->id, "误报").ok());
  EXPECT_TRUE(reg().inspectors().Eligibility(planner_a_, inspector->id, r)->eligible());
}

TEST_P(RegistersServiceTest, RulesAreVersionedAndNeedTwoInspectors) {
  auto def = reg().rules().Get(inspector_a1_, dept_a_);
  ASSERT_TRUE(def.ok());
  EXPECT_EQ(def->current.version, 0);
  registers::DepartmentRules r = def->current.rules;
  r.title = "区市场监管局随机抽查工作细则";
  r.policy.inspectors_per_task = 1;
  EXPECT_EQ(reg().rules().Save(planner_a_, dept_a_, r, "").status().reason(), "RULES_INVALID");
  r.policy.inspectors_per_task = 2;
  ASSERT_TRUE(reg().rules().Save(planner_a_, dept_a_, r, "制定").ok());
  r.policy.risk_ratio_bp["D"] = 5000;
  auto v2 = reg().rules().Save(planner_a_, dept_a_, r, "提高D类比例", 1);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->current.version, 2);
  EXPECT_EQ(reg().rules().Save(planner_b_, dept_a_, r, "").status().reason(), "PERMISSION_DENIED");
  auto diff = reg().rules().Diff(planner_a_, dept_a_, 1, 2);
  ASSERT_EQ(diff->size(), 1u);
  EXPECT_EQ((*diff)[0].field, "policy.risk_ratio.D");
  ASSERT_TRUE(reg().rules().Publish(approver_a_, dept_a_, 2).ok());
  EXPECT_EQ(reg().rules().Get(planner_b_, dept_a_)->published_version, 2);
}

TEST_P(RegistersServiceTest, DictionariesCanBeExtendedByAdministrators) {
  auto cur = reg().dictionaries().Current();
  registers::Dictionary next = (*cur)->Get(registers::dict::kCheckMethod);
  next.version = 2;
  next.entries.push_back({"远程视频检查", "远程视频检查", false});
  EXPECT_EQ(reg().dictionaries().Configure(planner_a_, next).status().reason(),
            "PERMISSION_DENIED");
  ASSERT_TRUE(reg().dictionaries().Configure(admin_, next).ok());
  InspectionItem i = Item(dept_a_, "SCJG-SP-05");
  i.methods = {"远程视频检查"};
  EXPECT_TRUE(reg().items().Create(planner_a_, i, "").ok());
}

std::string Csv(const std::vector<std::vector<std::string>>& rows) {
  return *tabular::WriteTableToBytes(tabular::Format::kCsv, "t", rows);
}

TEST_P(RegistersServiceTest, TargetImportIsAllOrNothingAndRoundTrips) {
  std::vector<std::vector<std::string>> rows = {{"统一社会信用代码", "名称", "对象类型",
                                                 "行政区划代码", "属地单位", "行业代码",
                                                 "信用风险分类", "标签"}};
  for (int n = 1; n <= 30; ++n) {
    Target t = MakeTarget(n, unit_a1_);
    rows.push_back({t.uscc, t.name, "企业", "410105001",
                    n % 2 ? "经八路市场监管所" : "花园路市场监管所", "51",
                    n % 3 ? "B" : "信用风险较高", "食品经营许可；特种设备使用"});
  }
  rows[5][0].back() = rows[5][0].back() == '0' ? '1' : '0';  // row 6: check digit
  rows[9][5] = "ZZ";                                         // row 10: industry
  rows[20][0] = rows[3][0];                                  // row 21: duplicate of row 4
  ImportOptions o;
  o.file_name = "targets.csv";
  auto r = reg().transfer().Import(planner_a_, RegisterKind::kTargets, Csv(rows), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->applied);
  std::vector<size_t> bad;
  for (const auto& e : r->report.errors()) bad.push_back(e.row);
  EXPECT_THAT(bad, ElementsAre(6, 10, 21));
  EXPECT_EQ(r->report.errors()[0].column, "统一社会信用代码");
  EXPECT_THAT(r->report.errors()[2].reason, HasSubstr("与第 4 行的代码重复"));
  EXPECT_EQ(Count("targets"), 0);
  // A station may not import rows of its neighbour's jurisdiction.
  rows[5][0] = MakeTarget(5, unit_a1_).uscc;
  rows[9][5] = "51";
  rows[20][0] = MakeTarget(20, unit_a1_).uscc;
  auto scoped = reg().transfer().Import(station_a1_, RegisterKind::kTargets, Csv(rows), o);
  EXPECT_EQ(scoped->report.rows_with_errors(), 15u);
  EXPECT_THAT(scoped->report.errors()[0].reason, HasSubstr("无权维护"));
  // Dry run counts and changes nothing; the real run stores everything with one audit entry.
  o.dry_run = true;
  auto dry = reg().transfer().Import(planner_a_, RegisterKind::kTargets, Csv(rows), o);
  EXPECT_EQ(dry->created, 30);
  EXPECT_EQ(Count("targets"), 0);
  o.dry_run = false;
  const int64_t audit_before = Count("audit_log");
  auto ok = reg().transfer().Import(planner_a_, RegisterKind::kTargets, Csv(rows), o);
  ASSERT_TRUE(ok->applied) << ok->report.ToText();
  EXPECT_EQ(ok->created, 30);
  EXPECT_EQ(Count("targets"), 30);
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  EXPECT_EQ(reg().targets().GetByKey(planner_a_, MakeTarget(3, unit_a1_).uscc)->target.risk_class,
            "C");
  // Export → import changes nothing; the second export is byte-identical.
  auto exported = reg().transfer().ExportToBytes(planner_a_, RegisterKind::kTargets,
                                                 tabular::Format::kXlsx, {});
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  o.format = tabular::Format::kXlsx;
  auto again = reg().transfer().Import(planner_a_, RegisterKind::kTargets, *exported, o);
  ASSERT_TRUE(again->applied) << again->report.ToText();
  EXPECT_EQ(again->unchanged, 30);
  auto csv1 =
      reg().transfer().ExportToBytes(planner_a_, RegisterKind::kTargets, tabular::Format::kCsv, {});
  auto csv2 =
      reg().transfer().ExportToBytes(planner_a_, RegisterKind::kTargets, tabular::Format::kCsv, {});
  EXPECT_EQ(*csv1, *csv2);
  // A changed row updates that target only, with field history naming the file.
  rows[2][6] = "D";
  o.format = tabular::Format::kCsv;
  o.file_name = "second.csv";
  auto changed = reg().transfer().Import(planner_a_, RegisterKind::kTargets, Csv(rows), o);
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->unchanged, 29);
  auto t2 = reg().targets().GetByKey(planner_a_, rows[2][0]);
  auto hist = reg().targets().History(planner_a_, t2->id);
  ASSERT_EQ(hist->size(), 2u);
  EXPECT_EQ(hist->back().field, "risk_class");
  EXPECT_THAT(hist->back().note, HasSubstr("second.csv"));
}

TEST_P(RegistersServiceTest, SmallRegistersImportAndExportLosslessly) {
  ASSERT_TRUE(reg().items().Create(planner_a_, Item(dept_a_, "SCJG-SP-01"), "").ok());
  InspectionItem joint = Item(dept_a_, "SCJG-LH-01");
  joint.lead_department_id = dept_a_;
  joint.cooperating_department_ids = {dept_b_};
  ASSERT_TRUE(reg().items().Create(planner_a_, joint, "").ok());
  Inspector i = MakeInspector(unit_a1_, "豫A0401", 51);
  i.absences = {{"请假", {2026, 12, 1}, {2026, 12, 3}, "年休假"}};
  i.item_scope = {"SCJG-SP"};
  ASSERT_TRUE(reg().inspectors().Create(planner_a_, i, "").ok());
  registers::Expert e;
  e.department_id = dept_a_;
  e.expert_no = "ZJ-001";
  e.name = "周文";
  e.organisation = "郑州大学";
  e.specialties = {"食品检验"};
  ASSERT_TRUE(reg().experts().Create(planner_a_, e, "").ok());
  auto target = reg().targets().Create(planner_a_, MakeTarget(1, unit_a1_), "");
  auto inspector = reg().inspectors().List(planner_a_, {});
  ASSERT_TRUE(reg()
                  .conflicts()
                  .Create(planner_a_,
                          {inspector->first[0].id, target->id, "曾任职", "本人申报", "",
                           std::nullopt, std::nullopt, true, ""},
                          "")
                  .ok());
  for (RegisterKind kind : {RegisterKind::kItems, RegisterKind::kInspectors, RegisterKind::kExperts,
                            RegisterKind::kConflicts}) {
    for (tabular::Format f : {tabular::Format::kCsv, tabular::Format::kXlsx}) {
      auto bytes = reg().transfer().ExportToBytes(planner_a_, kind, f, {});
      ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
      ImportOptions o;
      o.format = f;
      auto r = reg().transfer().Import(planner_a_, kind, *bytes, o);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_TRUE(r->applied) << RegisterKindName(kind) << ": " << r->report.ToText();
      EXPECT_EQ(r->created + r->updated, 0) << RegisterKindName(kind);
      EXPECT_GE(r->unchanged, 1) << RegisterKindName(kind);
    }
  }
  // A new inspector needs the full citizen ID; a masked one is refused.
  std::vector<std::vector<std::string>> rows = {
      {"姓名", "所属单位", "执法证号", "执法证有效期至", "身份证号"},
      {"李静", "经八路市场监管所", "豫A0402", "2028-06-30", "410105********1234"},
      {"王强", "经八路市场监管所", "豫A0403", "2028/6/30",
       *MakeCitizenId("410105", Date{1990, 1, 2}, 13)}};
  ImportOptions o;
  auto r = reg().transfer().Import(planner_a_, RegisterKind::kInspectors, Csv(rows), o);
  ASSERT_EQ(r->report.errors().size(), 1u);
  EXPECT_EQ(r->report.errors()[0].row, 2u);
  EXPECT_EQ(r->report.errors()[0].column, "身份证号");
  rows.erase(rows.begin() + 1);
  r = reg().transfer().Import(planner_a_, RegisterKind::kInspectors, Csv(rows), o);
  EXPECT_TRUE(r->applied) << r->report.ToText();
  EXPECT_EQ(r->created, 1);
}

// More rows than a few of the bulk writer's batches (2048 rows, refilled in place once written):
// every target must get its own values, never a field left over from the row written before it
// in the same slot; a file over the import's row limit is refused as a whole.
TEST_P(RegistersServiceTest, TargetBulkImportKeepsEveryRowsOwnValues) {
  std::vector<std::vector<std::string>> rows = {{"统一社会信用代码", "注册号", "名称", "对象类型",
                                                 "行政区划代码", "属地单位", "行业代码", "标签",
                                                 "专项库", "投诉举报次数"}};
  constexpr int kRows = 7000;
  auto regno = [](int n) {
    const std::string first14 = "4101050" + std::to_string(1000000 + n);
    return first14 + *RegistrationNumberCheckDigit(first14);
  };
  for (int n = 1; n <= kRows; ++n) {
    Target t = MakeTarget(n, unit_a1_);
    // Every fifth row has only a 注册号 (natural key "REG:…"), every third no tag, every seventh
    // a 专项库.
    const bool regno_only = n % 5 == 0;
    rows.push_back({regno_only ? "" : t.uscc, regno_only ? regno(n) : "", t.name, "企业",
                    "410105001", "经八路市场监管所", n % 2 ? "51" : "62",
                    n % 3 ? "食品经营许可" : "",
                    n % 7 ? "" : "特种设备专项库(2026-01-01~2026-12-31)", std::to_string(n % 4)});
  }
  ImportOptions o;
  o.file_name = "many.csv";
  o.max_rows = kRows - 1;
  auto refused = reg().transfer().Import(planner_a_, RegisterKind::kTargets, Csv(rows), o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().reason(), "FILE_TOO_LARGE");
  EXPECT_EQ(Count("targets"), 0);
  o.max_rows = kRows;
  auto r = reg().transfer().Import(planner_a_, RegisterKind::kTargets, Csv(rows), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->applied) << r->report.ToText();
  EXPECT_EQ(r->created, kRows);
  EXPECT_EQ(Count("target_tags"), kRows - kRows / 3);
  EXPECT_EQ(Count("target_directories"), kRows / 7);
  for (int n : {1, 3, 5, 7, 2047, 2048, 2049, 2050, 4096, 4097, 6999, 7000}) {
    SCOPED_TRACE(n);
    const bool regno_only = n % 5 == 0;
    const std::string key = regno_only ? "REG:" + regno(n) : MakeTarget(n, unit_a1_).uscc;
    auto got = reg().targets().GetByKey(planner_a_, key);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    const Target& t = got->target;
    EXPECT_EQ(got->id, n);
    EXPECT_EQ(t.uscc, regno_only ? "" : MakeTarget(n, unit_a1_).uscc);
    EXPECT_EQ(t.name, MakeTarget(n, unit_a1_).name);
    EXPECT_EQ(t.industry_code, n % 2 ? "51" : "62");
    EXPECT_EQ(t.tags.size(), n % 3 ? 1u : 0u);
    EXPECT_EQ(t.directories.size(), n % 7 ? 0u : 1u);
    EXPECT_EQ(t.complaints, n % 4);
  }
}

TEST(KeySetTest, FindsTheFirstRowOfARepeatedKey) {
  KeySet s(2);
  for (size_t row = 1; row <= 5000; ++row)
    EXPECT_EQ(s.FirstRow("KEY-" + std::to_string(row), row), 0u);
  EXPECT_EQ(s.FirstRow("KEY-17", 9000), 17u);
  EXPECT_EQ(s.FirstRow("KEY-5000", 9001), 5000u);
  EXPECT_EQ(s.FirstRow("", 9002), 0u);
  EXPECT_EQ(s.FirstRow("", 9003), 9002u);
  EXPECT_EQ(s.size(), 5001u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, RegistersServiceTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return testing::DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::service
