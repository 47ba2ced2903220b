#include "core/authz.h"

#include <gtest/gtest.h>

#include <utility>

namespace suiji {
namespace {

Principal With(Role r, Scope s) {
  Principal p;
  p.user_id = 1;
  p.grants.push_back({r, std::move(s)});
  return p;
}

TEST(AuthzTest, UnitScopeCoversItsSubtreeOnly) {
  Principal p = With(Role::kPlanner, Scope::Unit(5));
  ResourceLocation inside{"410105", 2, {7, 5, 1}};
  ResourceLocation outside{"410105", 2, {8, 1}};
  EXPECT_TRUE(Authorize(p, Permission::kPlanWrite, inside).ok());
  EXPECT_EQ(Authorize(p, Permission::kPlanWrite, outside).code(), StatusCode::kPermissionDenied);
}

TEST(AuthzTest, RegionScopeUsesSignificantPrefix) {
  Principal p = With(Role::kCoordinator, Scope::Region("410100"));
  EXPECT_TRUE(Authorize(p, Permission::kStatsRead, {"410105", 3, {}}).ok());
  EXPECT_FALSE(Authorize(p, Permission::kStatsRead, {"410205", 3, {}}).ok());
  EXPECT_FALSE(Authorize(p, Permission::kStatsRead, {"", 3, {}}).ok());
}

TEST(AuthzTest, RoleWithoutPermissionIsDeniedEvenInScope) {
  Principal p = With(Role::kInspector, Scope::Department(2));
  EXPECT_FALSE(Authorize(p, Permission::kPlanApprove, {"410105", 2, {}}).ok());
  EXPECT_TRUE(Authorize(p, Permission::kInspectRecord, {"410105", 2, {}}).ok());
}

TEST(AuthzTest, PlannersCannotApprove) {
  // Separation of duties: 业务人员 prepare, 负责人 approve (SPEC §0).
  EXPECT_FALSE(RoleHasPermission(Role::kPlanner, Permission::kPlanApprove));
  EXPECT_FALSE(RoleHasPermission(Role::kAdmin, Permission::kPlanWrite));
}

TEST(AuthzTest, ScopeParseRoundTripAndErrors) {
  for (const char* s : {"global", "region:410105", "department:3", "unit:17"})
    EXPECT_EQ(Scope::Parse(s)->ToString(), s);
  for (const char* s : {"", "region:41", "department:x", "unit:0", "planet:3"}) {
    auto r = Scope::Parse(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.status().reason(), "SCOPE_INVALID");
  }
}

TEST(AuthzTest, SystemPrincipalIsAllowedEverything) {
  EXPECT_TRUE(Authorize(Principal::System(), Permission::kUserAdmin, {}).ok());
}

}  // namespace
}  // namespace suiji
