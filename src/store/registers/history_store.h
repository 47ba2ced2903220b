// The change history of register records (register_history) and configured dictionary
// versions. SQL lives only in src/store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registers/fields.h"
#include "core/registers/records.h"
#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// Registers that keep a field-level history.
inline constexpr char kHistoryTarget[] = "target";
inline constexpr char kHistoryInspector[] = "inspector";
inline constexpr char kHistoryExpert[] = "expert";
inline constexpr char kHistoryConflict[] = "conflict";

// Who, when and why, shared by the rows of one change.
struct HistoryContext {
  std::string at;  // FormatTimestamp
  std::string actor;
  std::optional<int64_t> actor_id;
  std::string note;  // e.g. "导入 targets.xlsx（SHA-256 …）"
};

using HistoryEntry = registers::HistoryEntry;

// One row for a whole-record event (create, deactivate …).
Status AppendHistoryEvent(Connection& c, std::string_view register_name, int64_t record_id,
                          std::string_view action, const HistoryContext& ctx);
// One row per changed field.
Status AppendHistoryChanges(Connection& c, std::string_view register_name, int64_t record_id,
                            std::string_view action, const registers::Changes& changes,
                            const HistoryContext& ctx);
// Oldest first.
StatusOr<std::vector<HistoryEntry>> ListHistory(Connection& c, std::string_view register_name,
                                                int64_t record_id);

struct StoredDictionary {
  std::string name;
  int version = 0;
  std::string body;  // DictionaryToJson text
  std::string created_at;
  std::string created_by;
};
// The latest configured version of each dictionary that has one.
StatusOr<std::vector<StoredDictionary>> LatestDictionaryVersions(Connection& c);
// AlreadyExists (DB_UNIQUE_VIOLATION) when the version is taken (a concurrent change).
Status InsertDictionaryVersion(Connection& c, const StoredDictionary& d);

}  // namespace suiji::store
