// 检查对象名录库 use cases (SPEC §DIR). The directory is shared by the region's departments;
// each row belongs to a jurisdiction unit, and writing needs kRegisterWrite in that unit's scope
// (for a move, in both the old and the new unit's). Every change writes field-level history
// (who, when, old → new) and an audit entry in the same transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/registers/records.h"
#include "core/registers/target.h"
#include "core/registers/target_filter.h"
#include "service/registers/context.h"
#include "store/registers/target_store.h"

namespace suiji::service {

struct TargetSearch {
  registers::TargetFilter filter;
  std::optional<Date> as_of;  // 专项库 validity; default today
  int64_t page = 1;           // 1-based, at most 10 000 000
  int64_t page_size = 50;     // at most 500
};

struct TargetSearchResult {
  std::vector<registers::TargetRecord> targets;
  int64_t total = 0;
  std::string description;  // DescribeTargetFilter with unit and region names
};

class TargetService {
 public:
  explicit TargetService(RegisterContext& ctx) : ctx_(ctx) {}

  // InvalidArgument TARGET_INVALID listing every problem (an invalid 统一社会信用代码 or 注册号
  // unless code_override); AlreadyExists TARGET_EXISTS for a taken code.
  StatusOr<registers::TargetRecord> Create(const Principal& who, const registers::Target& in,
                                           const std::string& note);
  // Replaces every field. FailedPrecondition TARGET_UNCHANGED when nothing differs.
  StatusOr<registers::TargetRecord> Update(const Principal& who, int64_t id,
                                           const registers::Target& t, const std::string& note);
  // 移出名录 (kept with its history) / back into the directory.
  StatusOr<registers::TargetRecord> Remove(const Principal& who, int64_t id,
                                           const std::string& reason);
  StatusOr<registers::TargetRecord> Restore(const Principal& who, int64_t id,
                                            const std::string& note);

  // Upserts many targets at once through the bulk path (demo data, integrations). All or nothing:
  // InvalidArgument TARGET_INVALID naming the first bad record's problems, AlreadyExists
  // TARGET_DUPLICATE for a key given twice; kRegisterWrite is checked per jurisdiction unit.
  // One audit entry (counts) and history rows as for imports.
  StatusOr<store::TargetUpsertStats> BulkLoad(const Principal& who,
                                              const std::vector<registers::Target>& in,
                                              const std::string& note);

  StatusOr<registers::TargetRecord> Get(const Principal& who, int64_t id);
  StatusOr<registers::TargetRecord> GetByKey(const Principal& who, const std::string& key);
  StatusOr<TargetSearchResult> Search(const Principal& who, const TargetSearch& search);
  // Every match in id order (exports, draw pools); stops when `on_target` returns false.
  Status Scan(const Principal& who, const registers::TargetFilter& filter,
              std::optional<Date> as_of,
              const std::function<bool(const registers::TargetRecord&)>& on_target);
  StatusOr<std::vector<registers::HistoryEntry>> History(const Principal& who, int64_t id);
  // The Chinese description of a filter, with names (FILTER_INVALID for bad values).
  StatusOr<std::string> Describe(const registers::TargetFilter& filter);
  // A validated filter ready for the store (unit subtrees expanded).
  StatusOr<store::TargetQuery> PrepareQuery(const registers::TargetFilter& filter,
                                            std::optional<Date> as_of);

 private:
  // Normalises codes, drops a needless override, validates, and checks the unit exists.
  Status Prepare(registers::Target& t, const OrgSnapshot& snap);
  StatusOr<registers::TargetRecord> Change(const Principal& who, int64_t id, registers::Target next,
                                           const std::string& note, const char* action,
                                           const char* history_action);

  RegisterContext& ctx_;
};

}  // namespace suiji::service
