// 一单 and 一细则 use cases. Items and rules belong to a department: writing needs
// kRegisterWrite in its scope; publishing a version is the department head's approval
// (kPlanApprove). Every change is a new version N+1 (never an edit in place) with its audit
// entry in the same transaction; a refused or failed change leaves nothing behind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/registers/item.h"
#include "core/registers/records.h"
#include "core/registers/rules.h"
#include "service/registers/context.h"

namespace suiji::service {

// The items a reader asks for (one page, ordered by department and code).
struct ItemSearch {
  std::vector<int64_t> department_ids;  // empty: all
  std::string text;                     // substring of code or name
  std::string category;
  std::optional<bool> active;
  std::optional<bool> published;  // has a published version
  int64_t offset = 0;
  int64_t limit = 50;
};

struct ItemView {
  registers::ItemHead head;
  registers::ItemVersion current;
};

// An item as the public sees it (SPEC §PORTAL 抽查事项清单): its newest published version.
struct PublicItem {
  registers::ItemHead head;
  registers::ItemVersion published;
};

class ItemService {
 public:
  explicit ItemService(RegisterContext& ctx) : ctx_(ctx) {}

  // Version 1. InvalidArgument ITEM_INVALID listing every problem; AlreadyExists
  // ITEM_CODE_TAKEN.
  StatusOr<ItemView> Create(const Principal& who, const registers::InspectionItem& item,
                            const std::string& note);
  // Version N+1 with every field of `item`. The code and the department are the item's identity
  // and cannot change (ITEM_IDENTITY_IMMUTABLE). `base_version`, when given, must be the current
  // version (Aborted ITEM_VERSION_CONFLICT: someone else changed it). FailedPrecondition
  // ITEM_UNCHANGED when nothing differs.
  StatusOr<ItemView> Update(const Principal& who, int64_t id, const registers::InspectionItem& item,
                            const std::string& note,
                            std::optional<int> base_version = std::nullopt);
  // A new version with active = false and the reason.
  StatusOr<ItemView> Deactivate(const Principal& who, int64_t id, const std::string& reason);
  // Marks `version` published (kPlanApprove). FailedPrecondition ITEM_ALREADY_PUBLISHED.
  StatusOr<ItemView> Publish(const Principal& who, int64_t id, int version);

  StatusOr<ItemView> Get(const Principal& who, int64_t id);
  StatusOr<std::vector<registers::ItemVersion>> Versions(const Principal& who, int64_t id);
  StatusOr<registers::ItemVersion> Version(const Principal& who, int64_t id, int version);
  // Field-level differences from version `from` to version `to` (either order).
  StatusOr<registers::Changes> Diff(const Principal& who, int64_t id, int from, int to);
  // One page and the number of all matches.
  StatusOr<std::pair<std::vector<registers::ItemHead>, int64_t>> List(const Principal& who,
                                                                      const ItemSearch& search);

  // --- public (no login): published versions only; drafts and who wrote or published a
  // version stay behind the login ---
  // Items with a published version (search.published is ignored), one page and the number of
  // all matches.
  StatusOr<std::pair<std::vector<PublicItem>, int64_t>> PublicList(const ItemSearch& search);
  // The published versions of one item, oldest first (NotFound ITEM_NOT_FOUND when none).
  StatusOr<std::vector<registers::ItemVersion>> PublicVersions(int64_t id);
  // Differences between two published versions (NotFound ITEM_VERSION_NOT_FOUND for a version
  // that was never published).
  StatusOr<registers::Changes> PublicDiff(int64_t id, int from, int to);

 private:
  // Dictionary and ratio rules, then the departments named by the item must exist.
  Status Check(const registers::InspectionItem& item);
  StatusOr<ItemView> Load(store::Connection& c, int64_t id);
  StatusOr<ItemView> NewVersion(const Principal& who, int64_t id,
                                const std::optional<registers::InspectionItem>& next,
                                const std::string& note, std::optional<int> base_version,
                                const char* action);

  RegisterContext& ctx_;
};

struct RulesView {
  registers::RulesVersion current;  // version 0: the defaults, nothing saved yet
  std::optional<int> published_version;
};

class RulesService {
 public:
  explicit RulesService(RegisterContext& ctx) : ctx_(ctx) {}

  StatusOr<RulesView> Get(const Principal& who, int64_t department_id);
  // A new version (kRegisterWrite in the department). RULES_INVALID, RULES_VERSION_CONFLICT,
  // RULES_UNCHANGED as for items.
  StatusOr<RulesView> Save(const Principal& who, int64_t department_id,
                           const registers::DepartmentRules& in, const std::string& note,
                           std::optional<int> base_version = std::nullopt);
  StatusOr<RulesView> Publish(const Principal& who, int64_t department_id, int version);
  StatusOr<std::vector<registers::RulesVersion>> Versions(const Principal& who,
                                                          int64_t department_id);
  StatusOr<registers::RulesVersion> Version(const Principal& who, int64_t department_id,
                                            int version);
  // Version 0 stands for the defaults.
  StatusOr<registers::Changes> Diff(const Principal& who, int64_t department_id, int from, int to);

 private:
  StatusOr<RulesView> Load(store::Connection& c, int64_t department_id);
  RegisterContext& ctx_;
};

}  // namespace suiji::service
