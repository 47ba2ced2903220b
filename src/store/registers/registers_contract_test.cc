// The storage contract of every register (一单两库一细则), on SQLite and on a real PostgreSQL 15.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "core/registers/target_filter.h"
#include "store/org_store.h"
#include "store/registers/history_store.h"
#include "store/registers/item_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"
#include "support/test_db.h"

namespace suiji::store {
namespace {

using registers::ConflictOfInterest;
using registers::Expert;
using registers::InspectionItem;
using registers::Inspector;
using registers::Target;
using registers::TargetFilter;
using testing::TestDatabase;

constexpr char kNow[] = "2026-11-21T02:00:00.000Z";
constexpr char kLater[] = "2026-11-22T02:00:00.000Z";

class RegistersContractTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto conn = db().Acquire();
    ASSERT_TRUE(conn.ok());
    c_ = std::make_unique<PooledConnection>(std::move(conn).value());
    for (const Region& r :
         {Region{"410000", "河南省", "", "province"}, Region{"410100", "郑州市", "410000", "city"},
          Region{"410105", "金水区", "410100", "county"},
          Region{"410105001", "经八路街道", "410105", "township"}})
      ASSERT_TRUE(UpsertRegion(c(), r).ok());
    dept_ = *InsertDepartment(
        c(), {0, "JS-SCJG", "金水区市场监督管理局", "区市场监管局", "410105", true}, kNow);
    dept2_ =
        *InsertDepartment(c(), {0, "JS-SWJ", "金水区商务局", "区商务局", "410105", true}, kNow);
    unit_a_ = *InsertUnit(
        c(),
        {0, dept_, std::nullopt, "S01", "经八路市场监管所", "市场监管所", "所", "410105001", true},
        kNow);
    unit_b_ = *InsertUnit(
        c(),
        {0, dept_, std::nullopt, "S02", "花园路市场监管所", "市场监管所", "所", "410105", true},
        kNow);
    user_ =
        c().Query(
               "INSERT INTO users (username, display_name, password_hash, active, created_at, updated_at) "
               "VALUES ('liu', '刘洋', 'x', 1, $1, $1) RETURNING id",
               {std::string(kNow)})
            ->front()
            .Int(0);
  }
  void TearDown() override {
    c_.reset();
    tdb_.reset();
  }
  Database& db() { return tdb_->db(); }
  Connection& c() { return **c_; }

  Target MakeTarget(int i) {
    Target t;
    const std::string body =
        "MA" + std::string(5 - std::to_string(i).size(), '0') + std::to_string(i) + "0";
    t.uscc = *MakeUscc(i % 7 == 0 ? "92" : "91", "410105", body.substr(0, 8));
    t.name = std::string(i % 3 == 0   ? "郑州市金水区鑫源餐饮店"
                         : i % 3 == 1 ? "河南恒达建材有限公司"
                                      : "金水区华美超市") +
             std::to_string(i);
    t.type = i % 7 == 0 ? "个体工商户" : "企业";
    t.legal_rep = "王" + std::to_string(i);
    t.address = "郑州市金水区花园路" + std::to_string(i) + "号";
    t.region_code = i % 2 ? "410105001" : "410105";
    t.unit_id = i % 2 ? unit_a_ : unit_b_;
    t.industry_code = i % 3 == 0 ? "62" : i % 3 == 1 ? "51" : "F";
    t.reg_status = i % 11 == 0 ? "注销" : "存续";
    t.surviving = i % 13 != 0;
    t.risk_class = i % 5 == 0 ? "" : std::string(1, "ABCD"[i % 4]);
    if (!t.risk_class.empty()) t.risk_as_of = Date{2026, 1, 1};
    t.abnormal = i % 17 == 0;
    t.serious_violation = i % 19 == 0;
    if (i % 4 == 0) t.tags = {"食品经营许可"};
    if (i % 6 == 0) t.tags.push_back("特种设备使用");
    if (i % 9 == 0) t.directories = {{"餐饮服务专项库", Date{2026, 1, 1}, Date{2026, 6, 30}}};
    t.complaints = i % 10;
    t.in_directory = i % 23 != 0;
    if (!t.in_directory) t.removed_reason = "重复登记";
    return t;
  }

  void BulkUpsertRoundTrip(int64_t rebuild_indexes_below);

  // Every index and constraint of targets and target_tags, as the database describes them.
  // pg_indexes lists every schema's: other tests' schemas, created and dropped meanwhile by
  // tests running beside this one, are left out (an index dropped while the view reads it
  // fails the query with "could not open relation").
  std::string IndexDefinitions() {
    const char* sql =
        GetParam() == Dialect::kPostgres
            ? "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = "
              "current_schema() AND tablename IN ('targets', 'target_tags') UNION ALL SELECT conname || ': ' || "
              "pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN "
              "('targets'::regclass, 'target_tags'::regclass) ORDER BY 1"
            : "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE tbl_name IN "
              "('targets', 'target_tags') ORDER BY 1";
    auto rows = c().Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::string out;
    if (rows.ok())
      for (const Row& r : rows->rows) out += r.Text(0) + "\n";
    return out;
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<PooledConnection> c_;
  int64_t dept_ = 0, dept2_ = 0, unit_a_ = 0, unit_b_ = 0, user_ = 0;
};

InspectionItem Item(int64_t dept, std::string code) {
  InspectionItem i;
  i.department_id = dept;
  i.code = std::move(code);
  i.name = "食品经营者监督检查";
  i.category = "重点检查事项";
  i.legal_basis = {"《中华人民共和国食品安全法》"};
  i.target_types = {"企业"};
  i.methods = {"实地检查"};
  i.level = "区";
  return i;
}

TEST_P(RegistersContractTest, ItemsKeepEveryVersion) {
  InspectionItem v1 = Item(dept_, "SCJG-SP-01");
  auto id = InsertItemHead(c(), v1, kNow);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(InsertItemVersion(c(), {*id, 1, v1, "新增", kNow, "planner", std::nullopt, ""}).ok());
  InspectionItem v2 = v1;
  v2.ratio_min_bp = 500;
  v2.name = "食品经营者监督检查（含网络餐饮）";
  ASSERT_TRUE(
      InsertItemVersion(c(), {*id, 2, v2, "扩大范围", kLater, "planner", std::nullopt, ""}).ok());
  ASSERT_TRUE(UpdateItemHead(c(), *id, v2, 2, kLater).ok());
  ASSERT_TRUE(MarkItemVersionPublished(c(), *id, 1, kLater, "approver").ok());

  auto head = FindItemHead(c(), *id);
  ASSERT_TRUE(head.ok() && *head);
  EXPECT_EQ((*head)->current_version, 2);
  EXPECT_EQ((*head)->published_version, 1);
  EXPECT_EQ((*head)->name, v2.name);
  auto versions = ListItemVersions(c(), *id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].item, v1);
  EXPECT_EQ((*versions)[0].published_at, kLater);
  EXPECT_EQ((*versions)[0].published_by, "approver");
  EXPECT_EQ((*versions)[1].item, v2);
  EXPECT_FALSE((*versions)[1].published_at);
  auto one = FindItemVersion(c(), *id, 2);
  ASSERT_TRUE(one.ok() && *one);
  EXPECT_EQ((*one)->note, "扩大范围");
  EXPECT_FALSE(*FindItemVersion(c(), *id, 3));

  auto dup = InsertItemHead(c(), v1, kNow);
  EXPECT_EQ(dup.status().reason(), "DB_UNIQUE_VIOLATION");
}

TEST_P(RegistersContractTest, ItemListFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    InspectionItem it = Item(i < 3 ? dept_ : dept2_, "SCJG-SP-0" + std::to_string(i));
    if (i == 1) it.category = "一般检查事项";
    if (i == 2) it.name = "特种设备使用单位监督检查";
    auto id = InsertItemHead(c(), it, kNow);
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(InsertItemVersion(c(), {*id, 1, it, "", kNow, "x", std::nullopt, ""}).ok());
    if (i == 0) {
      ASSERT_TRUE(MarkItemVersionPublished(c(), *id, 1, kNow, "y").ok());
    }
  }
  ItemListQuery q;
  q.department_ids = {dept_};
  auto r = ListItemHeads(c(), q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->second, 3);
  q.text = "特种设备";
  EXPECT_EQ(ListItemHeads(c(), q)->second, 1);
  q.text = "SP-01";
  EXPECT_EQ(ListItemHeads(c(), q)->first.at(0).code, "SCJG-SP-01");
  q = {};
  q.category = "一般检查事项";
  EXPECT_EQ(ListItemHeads(c(), q)->second, 1);
  q = {};
  q.published = true;
  EXPECT_EQ(ListItemHeads(c(), q)->second, 1);
  q = {};
  q.limit = 2;
  q.offset = 4;
  auto page = ListItemHeads(c(), q);
  EXPECT_EQ(page->second, 5);
  EXPECT_EQ(page->first.size(), 1u);
  auto current = CurrentItemVersions(c(), {dept2_});
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->size(), 2u);
}

TEST_P(RegistersContractTest, RulesVersions) {
  registers::DepartmentRules r = registers::DefaultRules(dept_);
  r.title = "随机抽查工作细则";
  EXPECT_FALSE(*FindRulesVersion(c(), dept_, 0));
  ASSERT_TRUE(
      InsertRulesVersion(c(), {dept_, 1, r, "初版", kNow, "planner", std::nullopt, ""}).ok());
  r.policy.per_target_yearly_cap = 1;
  ASSERT_TRUE(
      InsertRulesVersion(c(), {dept_, 2, r, "收紧", kLater, "planner", std::nullopt, ""}).ok());
  ASSERT_TRUE(MarkRulesVersionPublished(c(), dept_, 2, kLater, "approver").ok());
  auto latest = FindRulesVersion(c(), dept_, 0);
  ASSERT_TRUE(latest.ok() && *latest);
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ((*latest)->rules, r);
  EXPECT_EQ((*latest)->published_by, "approver");
  EXPECT_EQ(ListRulesVersions(c(), dept_)->size(), 2u);
  EXPECT_EQ((*FindRulesVersion(c(), dept_, 1))->rules.policy.per_target_yearly_cap, 2);
}

TEST_P(RegistersContractTest, TargetRoundTripAndLookupByAnyCode) {
  Target t = MakeTarget(9);
  t.regno = "410105000000018";
  t.regno[14] = *RegistrationNumberCheckDigit(t.regno.substr(0, 14));
  t.directories.push_back({"网络交易专项库", std::nullopt, Date{2027, 6, 30}});
  auto id = InsertTarget(c(), t, kNow);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto back = FindTarget(c(), *id);
  ASSERT_TRUE(back.ok() && *back) << back.status().ToString();
  EXPECT_EQ((*back)->target, t);
  EXPECT_EQ((*back)->created_at, kNow);
  EXPECT_EQ((*FindTargetByKey(c(), t.uscc))->id, *id);
  Target reg_only = MakeTarget(10);
  reg_only.uscc.clear();
  reg_only.regno = "410105000000026";
  reg_only.regno[14] = *RegistrationNumberCheckDigit(reg_only.regno.substr(0, 14));
  auto id2 = InsertTarget(c(), reg_only, kNow);
  ASSERT_TRUE(id2.ok());
  EXPECT_EQ((*FindTargetByKey(c(), reg_only.regno))->id, *id2);
  EXPECT_EQ((*FindTargetByKey(c(), "REG:" + reg_only.regno))->id, *id2);
  EXPECT_FALSE(*FindTargetByKey(c(), "91350100M000100Y43"));
  EXPECT_EQ(InsertTarget(c(), t, kNow).status().reason(), "DB_UNIQUE_VIOLATION");

  t.tags = {"特种设备使用"};
  t.name = "郑州市金水区鑫源餐饮店（花园路店）";
  ASSERT_TRUE(UpdateTarget(c(), *id, t, kLater).ok());
  back = FindTarget(c(), *id);
  EXPECT_EQ((*back)->target, t);
  EXPECT_EQ((*back)->updated_at, kLater);
  TargetQuery q;
  q.as_of = {2026, 3, 1};
  q.filter.tags = {"食品经营许可"};
  EXPECT_EQ(*CountTargets(c(), q), 0);
  q.filter.tags = {"特种设备使用"};
  EXPECT_EQ(*CountTargets(c(), q), 1);
}

// The SQL filter and core's TargetMatches agree on every condition.
TEST_P(RegistersContractTest, SearchAgreesWithTheCorePredicate) {
  std::vector<Target> all;
  for (int i = 1; i <= 240; ++i) {
    all.push_back(MakeTarget(i));
    ASSERT_TRUE(InsertTarget(c(), all.back(), kNow).ok()) << i;
  }
  std::vector<TargetFilter> filters(16);
  filters[1].name_contains = "鑫源";
  filters[2].types = {"个体工商户"};
  filters[3].region_prefixes = {"410105001"};
  filters[4].region_prefixes = {"410100"};
  filters[5].unit_ids = {unit_a_};
  filters[6].industries = {"H"};
  filters[7].industries = {"51", "F"};
  filters[8].risk_classes = {"C", registers::kUnclassifiedRisk};
  filters[9].tags = {"特种设备使用"};
  filters[10].directories = {"餐饮服务专项库"};
  filters[11].reg_statuses = {"注销"};
  filters[12].surviving = false;
  filters[12].abnormal = true;
  filters[13].serious_violation = true;
  filters[13].include_removed = true;
  filters[14].keys = {all[4].uscc, all[5].uscc, "91350100M000100Y43"};
  filters[15].name_contains = "餐饮";
  filters[15].types = {"企业"};
  filters[15].risk_classes = {"A", "B"};
  filters[15].tags = {"食品经营许可"};
  // Both tags together (i % 12 == 0), not either of them.
  filters.emplace_back().tags_all = {"食品经营许可", "特种设备使用"};
  for (Date as_of : {Date{2026, 3, 1}, Date{2026, 9, 1}}) {
    for (size_t f = 0; f < filters.size(); ++f) {
      TargetQuery q;
      q.filter = filters[f];
      q.as_of = as_of;
      if (!q.filter.unit_ids.empty()) q.unit_ids = q.filter.unit_ids;
      std::vector<int64_t> sql_ids;
      ASSERT_TRUE(ScanTargets(c(), q, [&](const StoredTarget& s) {
                    sql_ids.push_back(s.id);
                    return true;
                  }).ok());
      std::vector<int64_t> core_ids;
      std::set<int64_t> units(q.unit_ids.begin(), q.unit_ids.end());
      for (size_t i = 0; i < all.size(); ++i)
        if (registers::TargetMatches(all[i], filters[f], units, as_of))
          core_ids.push_back(static_cast<int64_t>(i + 1));
      EXPECT_EQ(sql_ids, core_ids)
          << "filter " << f << " " << registers::TargetFilterToJson(filters[f]).dump();
      EXPECT_EQ(*CountTargets(c(), q), static_cast<int64_t>(core_ids.size())) << f;
      if (f == 0) {
        EXPECT_GT(core_ids.size(), 200u);
      } else if (f != 13) {
        EXPECT_LT(core_ids.size(), all.size()) << f;
      }
    }
  }
  TargetQuery q;
  q.as_of = {2026, 3, 1};
  q.limit = 10;
  q.offset = 5;
  auto page = SearchTargets(c(), q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->targets.size(), 10u);
  EXPECT_EQ(page->targets.front().id, 6);
  EXPECT_GT(page->total, 200);
}

// A task preview scans its pool in id ranges on several connections at once (issue 15) and
// merges the parts in order: the ranges must cover every match exactly once. (The scan reads in
// no particular order; each part is compared as a set.)
TEST_P(RegistersContractTest, PoolScanSplitIntoIdRangesCoversEachMatchOnce) {
  auto empty = TargetIdSpan(c());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_FALSE(empty->has_value());
  for (int i = 1; i <= 240; ++i) ASSERT_TRUE(InsertTarget(c(), MakeTarget(i), kNow).ok()) << i;
  auto span = TargetIdSpan(c());
  ASSERT_TRUE(span.ok() && span->has_value());
  EXPECT_EQ((*span)->first, 1);
  EXPECT_EQ((*span)->second, 240);
  for (const char* type : {"", "个体工商户"}) {
    TargetQuery q;
    q.as_of = {2026, 3, 1};
    if (*type) q.filter.types = {type};
    auto ids_of = [&](const TargetQuery& query) {
      std::vector<int64_t> ids;
      EXPECT_TRUE(ScanPoolTargets(c(), query, [&](const StoredTarget& s) {
                    ids.push_back(s.id);
                    return true;
                  }).ok());
      std::sort(ids.begin(), ids.end());
      EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "an id read twice";
      return ids;
    };
    const std::vector<int64_t> whole = ids_of(q);
    ASSERT_GT(whole.size(), 20u);
    std::vector<int64_t> joined;
    // The first range open below, the last open above, as the preview cuts them.
    const std::vector<std::pair<std::optional<int64_t>, std::optional<int64_t>>> ranges = {
        {std::nullopt, 2}, {2, 81}, {81, 81}, {81, 240}, {240, std::nullopt}};
    for (const auto& [from, to] : ranges) {
      TargetQuery part = q;
      part.id_from = from;
      part.id_to = to;
      const auto ids = ids_of(part);
      for (int64_t id : ids) {
        EXPECT_GE(id, from.value_or(id));
        EXPECT_LT(id, to.value_or(id + 1));
      }
      joined.insert(joined.end(), ids.begin(), ids.end());
    }
    EXPECT_EQ(joined, whole) << type;
    TargetQuery counted = q;
    counted.id_from = 81;
    counted.id_to = 240;
    EXPECT_EQ(
        *CountTargets(c(), counted),
        std::count_if(whole.begin(), whole.end(), [](int64_t id) { return id >= 81 && id < 240; }));
  }
}

// The bulk upsert's round trip. `rebuild_indexes_below` chooses the path on PostgreSQL: the
// default (this directory is small) drops and builds the indexes, 0 keeps them throughout.
void RegistersContractTest::BulkUpsertRoundTrip(int64_t rebuild_indexes_below) {
  HistoryContext h{kNow, "planner", user_, "导入 targets.csv"};
  const std::string indexes = IndexDefinitions();
  {
    ASSERT_TRUE(c().Begin(TxMode::kWrite).ok());
    auto up = TargetBulkUpsert::Start(c(), kNow, rebuild_indexes_below);
    ASSERT_TRUE(up.ok()) << up.status().ToString();
    // Which path this is, seen inside the transaction: dropped only when rebuilding on PostgreSQL.
    EXPECT_EQ(IndexDefinitions() == indexes,
              GetParam() == Dialect::kSqlite || rebuild_indexes_below == 0);
    for (int i = 1; i <= 50; ++i) ASSERT_TRUE((*up)->Add(MakeTarget(i)).ok());
    auto stats = (*up)->Finish(h);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->created, 50);
    EXPECT_EQ(stats->updated, 0);
    ASSERT_TRUE(c().Commit().ok());
  }
  EXPECT_EQ((*FindTarget(c(), 7))->target, MakeTarget(7));
  // A single insert after the bulk path gets the next id (PostgreSQL's identity moved on).
  Target extra = MakeTarget(400);
  EXPECT_EQ(*InsertTarget(c(), extra, kNow), 51);

  // Second import: 3 changed, 1 upgraded from 注册号 to 统一社会信用代码, 2 new, the rest
  // unchanged.
  Target reg = MakeTarget(300);
  reg.uscc.clear();
  reg.regno = "41010500000003";
  reg.regno += *RegistrationNumberCheckDigit(reg.regno);
  auto reg_id = InsertTarget(c(), reg, kNow);
  ASSERT_TRUE(reg_id.ok());
  {
    ASSERT_TRUE(c().Begin(TxMode::kWrite).ok());
    auto up = TargetBulkUpsert::Start(c(), kLater, rebuild_indexes_below);
    ASSERT_TRUE(up.ok());
    for (int i = 1; i <= 50; ++i) {
      Target t = MakeTarget(i);
      if (i == 2) t.risk_class = "D";
      if (i == 3) t.tags = {"重点监管"};
      if (i == 4) {
        t.unit_id = unit_a_ == t.unit_id ? unit_b_ : unit_a_;
        t.abnormal = true;
      }
      ASSERT_TRUE((*up)->Add(t).ok());
    }
    Target upgraded = reg;
    upgraded.uscc = *MakeUscc("91", "410105", "MA0RG000");
    ASSERT_TRUE((*up)->Add(upgraded).ok());
    ASSERT_TRUE((*up)->Add(MakeTarget(51)).ok());
    ASSERT_TRUE((*up)->Add(MakeTarget(52)).ok());
    auto stats = (*up)->Finish({kLater, "planner", user_, "导入 targets.xlsx"});
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->created, 2);
    EXPECT_EQ(stats->updated, 4);
    EXPECT_EQ(stats->unchanged, 47);
    ASSERT_TRUE(c().Commit().ok());
  }
  auto two = FindTarget(c(), 2);
  EXPECT_EQ((*two)->target.risk_class, "D");
  EXPECT_EQ((*two)->updated_at, kLater);
  EXPECT_EQ((*FindTarget(c(), 5))->updated_at, kNow);
  auto hist = ListHistory(c(), kHistoryTarget, 4);
  ASSERT_TRUE(hist.ok());
  ASSERT_EQ(hist->size(), 3u);  // create + 2 field changes
  EXPECT_EQ((*hist)[0].action, "create");
  EXPECT_EQ((*hist)[0].note, "导入 targets.csv");
  EXPECT_EQ((*hist)[0].actor_id, user_);
  EXPECT_EQ((*hist)[1].field, "abnormal");
  EXPECT_EQ((*hist)[1].old_value, "否");
  EXPECT_EQ((*hist)[1].new_value, "是");
  EXPECT_EQ((*hist)[2].field, "unit_id");
  EXPECT_EQ((*hist)[2].old_value, "花园路市场监管所");
  EXPECT_EQ((*hist)[2].new_value, "经八路市场监管所");
  auto upgraded = FindTarget(c(), *reg_id);
  EXPECT_EQ((*upgraded)->target.uscc.size(), 18u);
  EXPECT_EQ((*FindTargetByKey(c(), (*upgraded)->target.uscc))->id, *reg_id);
  TargetQuery q;
  q.as_of = {2026, 3, 1};
  q.filter.tags = {"重点监管"};
  EXPECT_EQ(*CountTargets(c(), q), 1);
  q.filter.tags = {"食品经营许可"};
  int64_t expected = 0;
  std::vector<int> present;
  for (int i = 1; i <= 52; ++i) present.push_back(i);
  present.push_back(300);
  present.push_back(400);
  for (int i : present) expected += (i % 4 == 0 && MakeTarget(i).in_directory) ? 1 : 0;
  EXPECT_EQ(*CountTargets(c(), q), expected);
  EXPECT_EQ(*InsertTarget(c(), MakeTarget(401), kNow), *reg_id + 3);
}

TEST_P(RegistersContractTest, BulkUpsertCreatesUpdatesAndRecordsHistory) {
  BulkUpsertRoundTrip(TargetBulkUpsert::kRebuildIndexesBelow);
}

TEST_P(RegistersContractTest, BulkUpsertKeepingTheIndexesCreatesUpdatesAndRecordsHistory) {
  BulkUpsertRoundTrip(0);
}

// A load into a small directory drops the indexes of targets and target_tags and builds them
// again (PostgreSQL): afterwards, after a rollback, and after an import with nothing new, the
// schema is exactly the migrations' one, and the unique natural key still holds.
TEST_P(RegistersContractTest, BulkLoadLeavesTheIndexesAsTheyWere) {
  const std::string before = IndexDefinitions();
  ASSERT_NE(before.find("targets_unit"), std::string::npos) << before;
  HistoryContext h{kNow, "x", std::nullopt, ""};
  auto import = [&](int from, int to, bool commit) {
    ASSERT_TRUE(c().Begin(TxMode::kWrite).ok());
    auto up = TargetBulkUpsert::Start(c(), kNow);
    ASSERT_TRUE(up.ok()) << up.status().ToString();
    // Inside the import's transaction the path shows: on PostgreSQL the indexes are gone.
    const std::string during = IndexDefinitions();
    if (GetParam() == Dialect::kPostgres) {
      EXPECT_EQ(during.find("targets_natural_key"), std::string::npos) << during;
      EXPECT_EQ(during.find("target_tags_pkey"), std::string::npos) << during;
      EXPECT_NE(during.find("targets_pkey"), std::string::npos) << during;  // kept
    } else {
      EXPECT_EQ(during, before);
    }
    for (int i = from; i <= to; ++i) ASSERT_TRUE((*up)->Add(MakeTarget(i)).ok());
    auto stats = (*up)->Finish(h);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    ASSERT_TRUE((commit ? c().Commit() : c().Rollback()).ok());
  };
  import(1, 30, false);
  EXPECT_EQ(IndexDefinitions(), before);
  import(1, 30, true);
  EXPECT_EQ(IndexDefinitions(), before);
  import(1, 30, true);  // every row unchanged: no new row to write
  EXPECT_EQ(IndexDefinitions(), before);
  TargetQuery q;
  q.filter.include_removed = true;
  EXPECT_EQ(*CountTargets(c(), q), 30);
  q.filter.tags = {"食品经营许可"};
  EXPECT_GT(*CountTargets(c(), q), 0);
  EXPECT_FALSE(InsertTarget(c(), MakeTarget(7), kNow).ok());  // the key is unique still
}

// A duplicate key the caller failed to catch is refused by the database, on either path, and
// the refused import leaves the directory and its indexes as they were.
TEST_P(RegistersContractTest, BulkLoadRefusesADuplicateKeyAndLeavesNothing) {
  const std::string before = IndexDefinitions();
  for (int64_t rebuild_below : {TargetBulkUpsert::kRebuildIndexesBelow, int64_t{0}}) {
    ASSERT_TRUE(c().Begin(TxMode::kWrite).ok());
    auto up = TargetBulkUpsert::Start(c(), kNow, rebuild_below);
    ASSERT_TRUE(up.ok()) << up.status().ToString();
    Status s;
    for (int i : {1, 2, 3, 2}) {
      s = (*up)->AddNew(MakeTarget(i));
      if (!s.ok()) break;
    }
    if (s.ok()) s = (*up)->EndNew({kNow, "x", std::nullopt, ""});
    EXPECT_FALSE(s.ok()) << rebuild_below;
    up->reset();
    ASSERT_TRUE(c().Rollback().ok());
    TargetQuery q;
    q.filter.include_removed = true;
    EXPECT_EQ(*CountTargets(c(), q), 0);
    EXPECT_EQ(IndexDefinitions(), before);
  }
}

TEST_P(RegistersContractTest, RolledBackBulkUpsertLeavesNothing) {
  ASSERT_TRUE(c().Begin(TxMode::kWrite).ok());
  auto up = TargetBulkUpsert::Start(c(), kNow);
  ASSERT_TRUE(up.ok());
  for (int i = 1; i <= 20; ++i) ASSERT_TRUE((*up)->Add(MakeTarget(i)).ok());
  ASSERT_TRUE((*up)->Finish({kNow, "x", std::nullopt, ""}).ok());
  ASSERT_TRUE(c().Rollback().ok());
  TargetQuery q;
  q.filter.include_removed = true;
  EXPECT_EQ(*CountTargets(c(), q), 0);
  EXPECT_EQ(c().Query("SELECT COUNT(*) FROM register_history")->front().Int(0), 0);
  // The staging tables are gone too: a second import on the same connection works.
  ASSERT_TRUE(c().Begin(TxMode::kWrite).ok());
  auto again = TargetBulkUpsert::Start(c(), kNow);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE((*again)->Add(MakeTarget(1)).ok());
  auto stats = (*again)->Finish({kNow, "x", std::nullopt, ""});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->created, 1);
  ASSERT_TRUE(c().Commit().ok());
}

Inspector MakeInspector(int64_t dept, int64_t unit, std::string cert) {
  Inspector i;
  i.department_id = dept;
  i.unit_id = unit;
  i.name = "刘洋";
  i.gender = "男";
  i.position = "科员";
  i.cert_no = std::move(cert);
  i.cert_expires = Date{2027, 6, 30};
  i.specialties = {"食品安全"};
  i.qualifications = {{"食品安全监管", Date{2027, 12, 31}}, {"特种设备安全监察", std::nullopt}};
  i.item_scope = {"SCJG-SP"};
  i.absences = {{"请假", {2026, 12, 1}, {2026, 12, 3}, "年休假"}};
  i.phone = "13800000000";
  return i;
}

TEST_P(RegistersContractTest, InspectorsStoreOnlySealedCitizenIds) {
  Inspector i = MakeInspector(dept_, unit_a_, "豫A0001");
  i.user_id = user_;
  SealedCitizenId sealed{std::string("\x01\x02\x00\xff", 4), "hash-1", "410105********1234"};
  auto id = InsertInspector(c(), i, sealed, kNow);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto back = FindInspector(c(), *id);
  ASSERT_TRUE(back.ok() && *back) << back.status().ToString();
  Inspector expected = i;
  expected.citizen_id_masked = sealed.masked;
  EXPECT_EQ((*back)->inspector, expected);
  EXPECT_EQ(*LoadCitizenIdCipher(c(), *id), sealed.cipher);
  EXPECT_EQ(**FindInspectorIdByCitizenHash(c(), "hash-1"), *id);
  EXPECT_EQ((*FindInspectorByCertNo(c(), "豫A0001"))->id, *id);
  EXPECT_EQ((*FindInspectorByUser(c(), user_))->id, *id);
  EXPECT_EQ(LoadCitizenIdCipher(c(), 999).status().reason(), "INSPECTOR_NOT_FOUND");

  Inspector same_cert = MakeInspector(dept_, unit_b_, "豫A0001");
  EXPECT_EQ(InsertInspector(c(), same_cert, {"x", "hash-2", "m"}, kNow).status().reason(),
            "DB_UNIQUE_VIOLATION");
  Inspector same_person = MakeInspector(dept_, unit_b_, "豫A0002");
  EXPECT_EQ(InsertInspector(c(), same_person, {"x", "hash-1", "m"}, kNow).status().reason(),
            "DB_UNIQUE_VIOLATION");
  auto id2 = InsertInspector(c(), same_person, {"y", "hash-2", "m2"}, kNow);
  ASSERT_TRUE(id2.ok());

  i.status = "失效";
  i.status_reason = "调离";
  ASSERT_TRUE(UpdateInspector(c(), *id, i, std::nullopt, kLater).ok());
  EXPECT_EQ(*LoadCitizenIdCipher(c(), *id), sealed.cipher);
  ASSERT_TRUE(UpdateInspector(c(), *id, i, SealedCitizenId{"z", "hash-3", "m3"}, kLater).ok());
  EXPECT_EQ(*LoadCitizenIdCipher(c(), *id), "z");
  EXPECT_EQ((*FindInspector(c(), *id))->inspector.citizen_id_masked, "m3");

  InspectorQuery q;
  EXPECT_EQ(ListInspectors(c(), q)->second, 2);
  q.within_units = std::vector<int64_t>{unit_b_};
  EXPECT_EQ(ListInspectors(c(), q)->first.at(0).id, *id2);
  q.within_units = std::vector<int64_t>{};
  EXPECT_EQ(ListInspectors(c(), q)->second, 0);
  q = {};
  q.status = "有效";
  EXPECT_EQ(ListInspectors(c(), q)->second, 1);
  q = {};
  q.qualification = "特种设备安全监察";
  EXPECT_EQ(ListInspectors(c(), q)->second, 2);
  q.qualification = "特种设备";
  EXPECT_EQ(ListInspectors(c(), q)->second, 0);
  q = {};
  q.text = "A0002";
  EXPECT_EQ(ListInspectors(c(), q)->second, 1);
}

TEST_P(RegistersContractTest, ExpertsAndConflicts) {
  Expert e;
  e.department_id = dept_;
  e.expert_no = "ZJ-001";
  e.name = "周文";
  e.organisation = "郑州大学食品学院";
  e.specialties = {"食品检验", "食品安全标准"};
  e.engaged_to = Date{2028, 12, 31};
  auto eid = InsertExpert(c(), e, kNow);
  ASSERT_TRUE(eid.ok()) << eid.status().ToString();
  EXPECT_EQ((*FindExpert(c(), *eid))->expert, e);
  EXPECT_EQ((*FindExpertByNo(c(), "ZJ-001"))->id, *eid);
  e.active = false;
  e.inactive_reason = "聘期届满";
  ASSERT_TRUE(UpdateExpert(c(), *eid, e, kLater).ok());
  ExpertQuery eq;
  eq.text = "食品检验";
  EXPECT_EQ(ListExperts(c(), eq)->second, 1);
  eq.active = true;
  EXPECT_EQ(ListExperts(c(), eq)->second, 0);
  EXPECT_EQ(InsertExpert(c(), e, kNow).status().reason(), "DB_UNIQUE_VIOLATION");

  auto iid = InsertInspector(c(), MakeInspector(dept_, unit_a_, "豫A0009"), {"c", "h9", "m"}, kNow);
  auto tid = InsertTarget(c(), MakeTarget(1), kNow);
  ASSERT_TRUE(iid.ok() && tid.ok());
  ConflictOfInterest x{*iid,         *tid, "亲属", "本人申报", "配偶任法定代表人", Date{2026, 1, 1},
                       std::nullopt, true, ""};
  auto xid = InsertConflict(c(), x, kNow);
  ASSERT_TRUE(xid.ok()) << xid.status().ToString();
  EXPECT_EQ((*FindConflict(c(), *xid))->conflict, x);
  EXPECT_EQ((*FindConflictByKey(c(), *iid, *tid, "亲属"))->id, *xid);
  EXPECT_EQ(InsertConflict(c(), x, kNow).status().reason(), "DB_UNIQUE_VIOLATION");
  x.active = false;
  x.inactive_reason = "已离婚";
  ASSERT_TRUE(UpdateConflict(c(), *xid, x, kLater).ok());
  ConflictQuery cq;
  cq.inspector_ids = {*iid};
  EXPECT_EQ(ListConflicts(c(), cq)->second, 1);
  cq.active = true;
  EXPECT_EQ(ListConflicts(c(), cq)->second, 0);
  x.target_id = 9999;
  x.kind = "持股";
  EXPECT_EQ(InsertConflict(c(), x, kNow).status().reason(), "DB_FOREIGN_KEY");
}

TEST_P(RegistersContractTest, HistoryAndDictionaryVersions) {
  HistoryContext h{kNow, "planner", user_, "手工修改"};
  ASSERT_TRUE(AppendHistoryEvent(c(), kHistoryInspector, 3, "create", h).ok());
  ASSERT_TRUE(AppendHistoryChanges(
                  c(), kHistoryInspector, 3, "update",
                  {{"phone", "联系电话", "1", "2"}, {"status", "人员状态", "有效", "失效"}}, h)
                  .ok());
  ASSERT_TRUE(AppendHistoryEvent(c(), kHistoryExpert, 3, "create", h).ok());
  auto hist = ListHistory(c(), kHistoryInspector, 3);
  ASSERT_TRUE(hist.ok());
  ASSERT_EQ(hist->size(), 3u);
  EXPECT_EQ((*hist)[0].field, "");
  EXPECT_FALSE((*hist)[0].old_value);
  EXPECT_EQ((*hist)[2].old_value, "有效");
  EXPECT_EQ((*hist)[2].note, "手工修改");

  ASSERT_TRUE(InsertDictionaryVersion(c(), {"check_method", 2, "{\"v\":2}", kNow, "admin"}).ok());
  ASSERT_TRUE(InsertDictionaryVersion(c(), {"check_method", 3, "{\"v\":3}", kNow, "admin"}).ok());
  ASSERT_TRUE(InsertDictionaryVersion(c(), {"absence_kind", 2, "{\"v\":2}", kNow, "admin"}).ok());
  EXPECT_EQ(InsertDictionaryVersion(c(), {"absence_kind", 2, "{}", kNow, "admin"}).reason(),
            "DB_UNIQUE_VIOLATION");
  auto latest = LatestDictionaryVersions(c());
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[1].name, "check_method");
  EXPECT_EQ((*latest)[1].version, 3);
}

INSTANTIATE_TEST_SUITE_P(Dialects, RegistersContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) { return testing::DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::store
