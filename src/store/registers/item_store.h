// 一单 and 一细则 storage: items with their versions, and department rules versions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registers/item.h"
#include "core/registers/records.h"
#include "core/registers/rules.h"
#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

using ItemHead = registers::ItemHead;

struct ItemListQuery {
  std::vector<int64_t> department_ids;  // empty: all
  std::string text;                     // substring of code or name
  std::string category;
  std::optional<bool> active;
  std::optional<bool> published;  // has a published version
  int64_t offset = 0;
  int64_t limit = 50;
};

// Inserts the head (current_version 1) and returns its id. AlreadyExists DB_UNIQUE_VIOLATION
// when the department already has the code.
StatusOr<int64_t> InsertItemHead(Connection& c, const registers::InspectionItem& item,
                                 std::string_view now);
// Points the head at `version` and refreshes its list columns from `item`.
Status UpdateItemHead(Connection& c, int64_t id, const registers::InspectionItem& item, int version,
                      std::string_view now);
Status InsertItemVersion(Connection& c, const registers::ItemVersion& v);
Status MarkItemVersionPublished(Connection& c, int64_t item_id, int version, std::string_view at,
                                std::string_view by);

StatusOr<std::optional<ItemHead>> FindItemHead(Connection& c, int64_t id);
StatusOr<std::optional<ItemHead>> FindItemHeadByCode(Connection& c, int64_t department_id,
                                                     std::string_view code);
// One page, ordered by department and code, and the total number of matches.
StatusOr<std::pair<std::vector<ItemHead>, int64_t>> ListItemHeads(Connection& c,
                                                                  const ItemListQuery& q);

// Oldest first.
StatusOr<std::vector<registers::ItemVersion>> ListItemVersions(Connection& c, int64_t item_id);
StatusOr<std::optional<registers::ItemVersion>> FindItemVersion(Connection& c, int64_t item_id,
                                                                int version);
// The current version of every item of a department (all departments when empty), by code.
StatusOr<std::vector<registers::ItemVersion>> CurrentItemVersions(
    Connection& c, const std::vector<int64_t>& department_ids);

// --- 一细则 ---------------------------------------------------------------------------------

Status InsertRulesVersion(Connection& c, const registers::RulesVersion& v);
// Oldest first; empty when the department has written no rules.
StatusOr<std::vector<registers::RulesVersion>> ListRulesVersions(Connection& c,
                                                                 int64_t department_id);
// `version` 0: the latest.
StatusOr<std::optional<registers::RulesVersion>> FindRulesVersion(Connection& c,
                                                                  int64_t department_id,
                                                                  int version);
Status MarkRulesVersionPublished(Connection& c, int64_t department_id, int version,
                                 std::string_view at, std::string_view by);

}  // namespace suiji::store
