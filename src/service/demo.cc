#include "service/demo.h"

#include "service/demo_registers.h"

#include "store/org_store.h"

namespace suiji::service {
namespace {

struct DemoUnit {
  const char* code;
  const char* name;
  const char* kind;
  const char* level;
  int street;  // index into kStreets for a 所's jurisdiction, -1 for district-wide
};

struct DemoDepartment {
  const char* code;
  const char* name;
  const char* short_name;
  std::vector<DemoUnit> units;
};

// Township-level names of 金水区; the 9-digit codes are the district code plus a sequence
// number (demo data, not the official township codes).
const std::vector<const char*> kStreets = {
    "经八路街道", "花园路街道", "人民路街道", "杜岭街道",   "大石桥街道", "南阳路街道",
    "文化路街道", "丰产路街道", "东风路街道", "未来路街道", "凤凰台街道", "龙子湖街道",
};

std::vector<DemoDepartment> Departments() {
  return {
      {"JS-SCJG",
       "郑州市金水区市场监督管理局",
       "区市场监管局",
       {{"JS-SCJG-ZF", "综合行政执法大队", "执法大队", "区", -1},
        {"JS-SCJG-SP", "食品安全监督管理科", "科室", "区", -1},
        {"JS-SCJG-TZ", "特种设备安全监察科", "科室", "区", -1},
        {"JS-SCJG-ZL", "产品质量安全监督管理科", "科室", "区", -1},
        {"JS-SCJG-WJ", "网络交易监督管理科", "科室", "区", -1},
        {"JS-SCJG-S01", "经八路市场监管所", "市场监管所", "所", 0},
        {"JS-SCJG-S02", "花园路市场监管所", "市场监管所", "所", 1},
        {"JS-SCJG-S03", "人民路市场监管所", "市场监管所", "所", 2},
        {"JS-SCJG-S04", "杜岭市场监管所", "市场监管所", "所", 3},
        {"JS-SCJG-S05", "南阳路市场监管所", "市场监管所", "所", 5},
        {"JS-SCJG-S06", "文化路市场监管所", "市场监管所", "所", 6},
        {"JS-SCJG-S07", "未来路市场监管所", "市场监管所", "所", 9},
        {"JS-SCJG-S08", "龙子湖市场监管所", "市场监管所", "所", 11}}},
      {"JS-SWJ",
       "郑州市金水区商务局",
       "区商务局",
       {{"JS-SWJ-ZF", "商务综合行政执法大队", "执法大队", "区", -1},
        {"JS-SWJ-SC", "市场运行和消费促进科", "科室", "区", -1}}},
      {"JS-WGLJ",
       "郑州市金水区文化广电和旅游局",
       "区文广旅局",
       {{"JS-WGLJ-ZF", "文化市场综合执法大队", "执法大队", "区", -1},
        {"JS-WGLJ-LY", "旅游市场管理科", "科室", "区", -1}}},
      {"JS-WJW",
       "郑州市金水区卫生健康委员会",
       "区卫健委",
       {{"JS-WJW-WJ", "卫生健康综合监督执法大队", "执法大队", "区", -1}}},
      {"JS-HBJ",
       "郑州市生态环境局金水分局",
       "金水生态环境分局",
       {{"JS-HBJ-ZF", "生态环境综合行政执法大队", "执法大队", "区", -1}}},
      {"JS-YJJ",
       "郑州市金水区应急管理局",
       "区应急管理局",
       {{"JS-YJJ-ZF", "应急管理综合行政执法大队", "执法大队", "区", -1},
        {"JS-YJJ-WH", "危险化学品安全监督管理科", "科室", "区", -1}}},
      {"JS-RSJ",
       "郑州市金水区人力资源和社会保障局",
       "区人社局",
       {{"JS-RSJ-JC", "劳动保障监察大队", "执法大队", "区", -1}}},
      {"JS-ZJJ",
       "郑州市金水区住房和城乡建设局",
       "区住建局",
       {{"JS-ZJJ-JC", "建筑市场监察大队", "执法大队", "区", -1}}},
      {"JS-JYJ", "郑州市金水区教育局", "区教育局", {{"JS-JYJ-DD", "教育督导室", "科室", "区", -1}}},
  };
}

std::string StreetCode(int i) {
  std::string n = std::to_string(i + 1);
  return "410105" + std::string(3 - n.size(), '0') + n;
}

}  // namespace

StatusOr<DemoReport> LoadDemoData(Platform& p) {
  const Principal system = Principal::System("demo");
  {
    ASSIGN_OR_RETURN(auto conn, p.db().Acquire());
    ASSIGN_OR_RETURN(auto existing, store::ListDepartments(*conn));
    if (!existing.empty())
      return FailedPrecondition("DEMO_ALREADY_LOADED",
                                "数据库中已有部门数据，演示数据只能载入到空数据库");
  }
  DemoReport report;
  std::vector<Region> regions = {{"410000", "河南省", "", "province"},
                                 {"410100", "郑州市", "410000", "city"},
                                 {"410105", "金水区", "410100", "county"}};
  for (size_t i = 0; i < kStreets.size(); ++i)
    regions.push_back({StreetCode(static_cast<int>(i)), kStreets[i], "410105", "township"});
  RETURN_IF_ERROR(p.org().UpsertRegions(system, regions));

  std::vector<int64_t> dept_ids;
  int64_t station_unit = 0;
  for (const DemoDepartment& dd : Departments()) {
    ASSIGN_OR_RETURN(Department d,
                     p.org().CreateDepartment(system, {dd.code, dd.name, dd.short_name, "410105"}));
    dept_ids.push_back(d.id);
    ++report.departments;
    std::optional<int64_t> brigade;
    for (const DemoUnit& du : dd.units) {
      OrgService::NewUnit nu{d.id,
                             std::nullopt,
                             du.code,
                             du.name,
                             du.kind,
                             du.level,
                             du.street >= 0 ? StreetCode(du.street) : "410105"};
      ASSIGN_OR_RETURN(Unit u, p.org().CreateUnit(system, nu));
      if (std::string_view(du.kind) == "执法大队") brigade = u.id;
      if (std::string_view(du.code) == "JS-SCJG-S02") station_unit = u.id;
      ++report.units;
    }
    (void)brigade;
  }

  struct DemoUser {
    const char* username;
    const char* display_name;
    Role role;
    Scope scope;
  };
  const std::vector<DemoUser> users = {
      {"admin", "系统管理员", Role::kAdmin, Scope::Global()},
      {"coordinator", "李静（区联席办）", Role::kCoordinator, Scope::Region("410105")},
      {"planner", "张明", Role::kPlanner, Scope::Department(dept_ids[0])},
      {"approver", "王建国", Role::kApprover, Scope::Department(dept_ids[0])},
      {"inspector", "刘洋", Role::kInspector, Scope::Unit(station_unit)},
      {"witness", "陈志远", Role::kWitness, Scope::Department(dept_ids[0])},
      {"planner.sw", "赵敏（商务局）", Role::kPlanner, Scope::Department(dept_ids[1])},
      {"approver.sw", "孙立（商务局）", Role::kApprover, Scope::Department(dept_ids[1])},
  };
  for (const DemoUser& du : users) {
    RoleGrant grant{du.role, du.scope};
    ASSIGN_OR_RETURN(User u, p.auth().CreateUser(
                                 system, {du.username, du.display_name, kDemoPassword, {grant}}));
    report.logins.push_back({u.username, kDemoPassword, u.display_name,
                             std::string(RoleDisplayName(du.role)),
                             p.org().ScopeDisplayName(du.scope)});
  }
  RETURN_IF_ERROR(LoadDemoRegisters(p, report));
  return report;
}

}  // namespace suiji::service
