// Register records as the registers keep them: the domain record (core/registers) with its id and
// its times. The store reads them, the services return them, the edges (api, cli) render them;
// none of these layers needs another shape for the same row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/registers/people.h"
#include "core/registers/target.h"

namespace suiji::registers {

// Times are FormatTimestamp text.
struct TargetRecord {
  int64_t id = 0;
  Target target;
  std::string created_at;
  std::string updated_at;
};

struct InspectorRecord {
  int64_t id = 0;
  Inspector inspector;  // citizen_id empty, citizen_id_masked set
  std::string created_at;
  std::string updated_at;
};

struct ExpertRecord {
  int64_t id = 0;
  Expert expert;
  std::string created_at;
  std::string updated_at;
};

// The two parties of a 回避 relation as people read them (joined when the relation is read;
// "" when a party's record is gone).
struct ConflictParties {
  std::string inspector_name;
  std::string inspector_cert_no;
  int64_t inspector_unit_id = 0;
  std::string target_name;
  std::string target_key;
};

struct ConflictRecord {
  int64_t id = 0;
  ConflictOfInterest conflict;
  std::string created_at;
  std::string updated_at;
  ConflictParties parties;
  // Whether the reader may change or revoke it (登记 rights over the inspector's unit): set by
  // the service answering a reader; false otherwise.
  bool changeable = false;
};

// The head of a versioned item (一单): its identity, current and published version, and the
// columns the list shows.
struct ItemHead {
  int64_t id = 0;
  int64_t department_id = 0;
  std::string code;
  int current_version = 0;
  std::optional<int> published_version;
  std::string name;
  std::string category;
  std::string level;
  bool life_safety = false;
  bool active = true;
  std::string created_at;
  std::string updated_at;
};

// One row of a record's field-level history.
struct HistoryEntry {
  int64_t id = 0;
  std::string register_name;
  int64_t record_id = 0;
  std::string at;
  std::string actor;  // the login name
  std::optional<int64_t> actor_id;
  std::string action;  // create | update | deactivate | reactivate | reveal
  std::string field;   // "" for whole-record events
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
  std::string note;
  std::string actor_name;  // the person's name (users.display_name); "" for system and imports
};

}  // namespace suiji::registers
