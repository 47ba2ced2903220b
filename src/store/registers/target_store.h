// 检查对象名录库 storage: single-record access, filtered search, streaming scans, and the bulk
// upsert imports use (staging through BulkInserter — COPY on PostgreSQL — then set-based SQL).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/registers/target.h"
#include "core/registers/target_filter.h"
#include "core/status.h"
#include "core/time.h"
#include "store/database.h"
#include "store/registers/history_store.h"

namespace suiji::store {

struct StoredTarget {
  int64_t id = 0;
  registers::Target target;
  std::string created_at;
  std::string updated_at;
};

// Inserts the target and its tag and directory index rows; returns the id. AlreadyExists
// DB_UNIQUE_VIOLATION when the natural key is taken.
StatusOr<int64_t> InsertTarget(Connection& c, const registers::Target& t, std::string_view now);
// Replaces every field (and the index rows).
Status UpdateTarget(Connection& c, int64_t id, const registers::Target& t, std::string_view now);
StatusOr<std::optional<StoredTarget>> FindTarget(Connection& c, int64_t id);
// By natural key, or by a bare 统一社会信用代码 / 注册号 / 对象编号.
StatusOr<std::optional<StoredTarget>> FindTargetByKey(Connection& c, std::string_view key);

// A filter ready for SQL: the service expands the unit subtrees (it holds the org tree).
struct TargetQuery {
  registers::TargetFilter filter;
  std::vector<int64_t> unit_ids;  // union of the subtrees of filter.unit_ids
  Date as_of;                     // 专项库 validity is checked on this date
  int64_t offset = 0;
  int64_t limit = 50;
};

struct TargetPage {
  std::vector<StoredTarget> targets;  // ordered by id
  int64_t total = 0;
};
StatusOr<TargetPage> SearchTargets(Connection& c, const TargetQuery& q);
StatusOr<int64_t> CountTargets(Connection& c, const TargetQuery& q);
// Every match in id order, without materialising the set (exports, draw pools). Stops early
// when `on_target` returns false.
Status ScanTargets(Connection& c, const TargetQuery& q, const std::function<bool(const StoredTarget&)>& on_target);

struct TargetUpsertStats {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

// The bulk path of imports. Use inside one write transaction:
//   auto up = TargetBulkUpsert::Start(conn);   // loads existing keys, creates staging tables
//   for each valid row: up->Add(target);
//   up->Finish(history, now);                  // set-based upsert + history rows
// Targets are matched by natural key; new ones get ids in the order added. Every changed
// field of an existing target gets a history row (old → new, same text as DiffTargets with
// unit names), every new target one "create" row. On PostgreSQL the targets table is locked
// against concurrent writers (reads continue) until the transaction ends.
class TargetBulkUpsert {
 public:
  static StatusOr<std::unique_ptr<TargetBulkUpsert>> Start(Connection& c);
  ~TargetBulkUpsert();

  struct Existing {
    int64_t id = 0;
    int64_t unit_id = 0;  // its jurisdiction unit before this import (for the scope check)
  };
  // The stored target `t` will update, if any: by natural key, or — for a record that brings
  // both codes — the target registered so far under its 注册号 alone.
  std::optional<Existing> Resolve(const registers::Target& t) const;
  // Stages one valid record (the caller has rejected duplicates within the file).
  Status Add(const registers::Target& t);
  StatusOr<TargetUpsertStats> Finish(const HistoryContext& history, std::string_view now);

 private:
  explicit TargetBulkUpsert(Connection& c) : c_(c) {}
  Connection& c_;
  std::optional<Existing> Find(const std::string& natural_key) const;
  std::unordered_map<std::string, Existing> existing_;
  int64_t next_id_ = 0;
  int64_t staged_ = 0;
  int64_t created_ = 0;
  std::unique_ptr<BulkInserter> stage_;
  std::vector<std::pair<int64_t, std::string>> tags_;
  struct Dir {
    int64_t target_id;
    std::string name, from, to;
  };
  std::vector<Dir> dirs_;
  std::vector<Value> row_;
};

}  // namespace suiji::store
