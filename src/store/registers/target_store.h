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
#include <utility>
#include <vector>

#include "core/registers/records.h"
#include "core/registers/target.h"
#include "core/registers/target_filter.h"
#include "core/status.h"
#include "core/time.h"
#include "store/database.h"
#include "store/registers/history_store.h"

namespace suiji::store {

using StoredTarget = registers::TargetRecord;

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
  // Only ids in [id_from, id_to), where set: a scan split into ranges (ScanPoolTargets).
  std::optional<int64_t> id_from;
  std::optional<int64_t> id_to;
};

struct TargetPage {
  std::vector<StoredTarget> targets;  // ordered by id
  int64_t total = 0;
};
StatusOr<TargetPage> SearchTargets(Connection& c, const TargetQuery& q);
StatusOr<int64_t> CountTargets(Connection& c, const TargetQuery& q);
// Every match in id order, without materialising the set (exports, draw pools). Stops early
// when `on_target` returns false.
Status ScanTargets(Connection& c, const TargetQuery& q,
                   const std::function<bool(const StoredTarget&)>& on_target);

// Where a target is and what it is called, as a staffing figure needs it.
struct TargetPlace {
  int64_t id = 0;
  std::string region_code;
  std::string name;
};
// The places of the given targets in the order given (the ids as one JSON array parameter); a
// target not in the table comes back with empty region and name.
StatusOr<std::vector<TargetPlace>> ListTargetPlaces(Connection& c, const std::vector<int64_t>& ids);

// A draw pool's scan (TaskService's preview): every match, in no particular order (on
// PostgreSQL an index scan in id order took twice as long as a sequential one; and the rows come
// by Connection::ScanEach), reading only the columns
// the exclusions and tiers need — id, natural key, region_code, reg_status, surviving,
// risk_class, tags, directories, complaints, cases. The other fields of the record, the name
// among them, are left empty (a preview shows a few hundred names: ListTargetPlaces). The record
// passed to `on_target` is reused for the next row (copy what you keep). Stops early when
// `on_target` returns false.
Status ScanPoolTargets(Connection& c, const TargetQuery& q,
                       const std::function<bool(const StoredTarget&)>& on_target);
// The smallest and largest target id (in or out of the directory), or nothing when there are
// no targets: the span a scan splits into id ranges.
StatusOr<std::optional<std::pair<int64_t, int64_t>>> TargetIdSpan(Connection& c);

struct TargetUpsertStats {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

// The bulk path of imports. Use inside one write transaction:
//   auto up = TargetBulkUpsert::Start(conn, now);    // loads the existing keys
//   phase 1, rows Resolve() finds nothing for:  up->AddNew(t)       (written straight into targets)
//   up->EndNew(history);                          // their index rows and one "create" history row
//   each phase 2, rows Resolve() finds:              up->AddExisting(t)  (staged; COPY on
//   PostgreSQL) up->Finish(history);                          // set-based update, one history row
//   per changed field
// Small callers may instead Add() everything and Finish(): the records are then held in memory
// and sorted into the two phases. New targets get ids in the order added. Changed fields get
// history rows with the same text DiffTargets writes (units by name). On PostgreSQL the targets
// table is locked against concurrent writers (reads continue) until the transaction ends.
//
// Loading a (nearly) empty directory on PostgreSQL: when it holds fewer than
// `rebuild_indexes_below` targets, Start drops the secondary indexes of targets and target_tags
// and EndNew builds them again, sorted, after the new rows are in (ADR 0021): 10M rows went in
// 48 s instead of 79 s. Readers of those two tables then wait until the import commits.
class TargetBulkUpsert {
 public:
  static constexpr int64_t kRebuildIndexesBelow = 100'000;
  // The connection must not be used by anyone else between Start and EndNew (a writer thread
  // may be inserting on it), and the transaction must not end in between: a caller that gives
  // up before EndNew destroys the upsert first (that stops the writer), then rolls back.
  static StatusOr<std::unique_ptr<TargetBulkUpsert>> Start(
      Connection& c, std::string now, int64_t rebuild_indexes_below = kRebuildIndexesBelow);
  ~TargetBulkUpsert();

  struct Existing {
    int64_t id = 0;
    int64_t unit_id = 0;  // its jurisdiction unit before this import (for the scope check)
  };
  // The stored target `t` will update, if any: by natural key, or — for a record that brings
  // both codes — the target registered so far under its 注册号 alone.
  std::optional<Existing> Resolve(const registers::Target& t) const {
    return Resolve(t.NaturalKey(), t);
  }
  // The same with the natural key already computed.
  std::optional<Existing> Resolve(const std::string& natural_key, const registers::Target& t) const;

  Status AddNew(const registers::Target& t);
  Status EndNew(const HistoryContext& history);
  Status AddExisting(const registers::Target& t);
  Status Add(const registers::Target& t);
  StatusOr<TargetUpsertStats> Finish(const HistoryContext& history);

 private:
  TargetBulkUpsert(Connection& c, std::string now);
  std::optional<Existing> Find(const std::string& natural_key) const;
  Status FlushIndexRows(const char* tags_table, const char* dirs_table);
  // Runs `sql`, which builds indexes Start dropped, if it dropped them.
  Status BuildDroppedIndexes(const char* sql);

  Connection& c_;
  std::string now_;
  std::unordered_map<std::string, Existing> existing_;
  int64_t max_id_before_ = 0;
  int64_t next_id_ = 0;
  int64_t created_ = 0;
  int64_t staged_ = 0;
  bool new_ended_ = false;
  bool rebuild_indexes_ = false;  // dropped at Start, built again in EndNew
  std::unique_ptr<BulkInserter> new_rows_;
  // Phase 1 hands rows in batches to a writer thread that owns the connection until EndNew, so
  // parsing and validating (the caller) overlap the database's inserting.
  class Writer;
  std::unique_ptr<Writer> writer_;
  std::vector<std::vector<Value>> batch_;
  size_t batch_used_ = 0;  // rows of batch_ filled (a recycled batch has more)
  std::unique_ptr<BulkInserter> stage_;
  std::vector<registers::Target> buffered_;
  std::vector<std::pair<int64_t, std::string>> tags_;
  struct Dir {
    int64_t target_id;
    std::string name, from, to;
  };
  std::vector<Dir> dirs_;
  std::vector<Value> row_;
};

}  // namespace suiji::store
