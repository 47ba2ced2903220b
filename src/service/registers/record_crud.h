// The one shape of the registers with field-level history (检查对象, 执法检查人员, 专家, 回避):
// read a record, create one, change one. Each register states only what differs — how its record
// is found, inserted and updated, which uniqueness checks guard it, what its audit entry holds —
// and these helpers do the rest in the same order for all of them: the write transaction, the
// FailedPrecondition <REGISTER>_UNCHANGED refusal, the history rows, the audit entry and the
// re-read of the stored record, all inside one transaction. Internal to src/service/registers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/registers/fields.h"
#include "core/registers/records.h"
#include "service/audit.h"
#include "service/registers/context.h"
#include "store/registers/history_store.h"

namespace suiji::service::crud {

// What identifies a register to the shared steps. `Stored` is its record type
// (registers::TargetRecord …).
template <typename Stored>
struct RegisterSpec {
  const char* history;           // store::kHistory…: the register_history name
  const char* entity;            // the audit entity ("target"); actions are "<entity>.create" …
  const char* unchanged_reason;  // "TARGET_UNCHANGED"
  Status (*not_found)(int64_t id);
  StatusOr<std::optional<Stored>> (*find)(store::Connection& c, int64_t id);
};

// A unique-constraint failure that slipped past the checks (a concurrent insert) reads as the
// same refusal as the check.
inline Status MapUnique(Status s, std::string reason, std::string message) {
  if (s.reason() == "DB_UNIQUE_VIOLATION")
    return AlreadyExists(std::move(reason), std::move(message));
  return s;
}

// The changed fields' keys, as audit entries list them.
inline nlohmann::json ChangedFields(const registers::Changes& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes) out.push_back(c.field);
  return out;
}

// The record on its own connection (no transaction); the register's NotFound when missing.
template <typename Stored>
StatusOr<Stored> Load(RegisterContext& ctx, const RegisterSpec<Stored>& spec, int64_t id) {
  ASSIGN_OR_RETURN(auto conn, ctx.db.Acquire());
  ASSIGN_OR_RETURN(auto found, spec.find(*conn, id));
  if (!found) return spec.not_found(id);
  return std::move(*found);
}

// Load for a reader: kRegisterRead somewhere (registers scoped further check themselves).
template <typename Stored>
StatusOr<Stored> Read(RegisterContext& ctx, const RegisterSpec<Stored>& spec, const Principal& who,
                      int64_t id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  return Load(ctx, spec, id);
}

// The record's history, oldest first.
template <typename Stored>
StatusOr<std::vector<registers::HistoryEntry>> History(RegisterContext& ctx,
                                                       const RegisterSpec<Stored>& spec,
                                                       int64_t id) {
  ASSIGN_OR_RETURN(auto conn, ctx.db.Acquire());
  return store::ListHistory(*conn, spec.history, id);
}

// The parts of a creation that differ per register.
struct CreateSteps {
  // Uniqueness checks and the insert, in the transaction; returns the new id.
  std::function<StatusOr<int64_t>(store::Connection& c)> insert;
  std::string history_note;                         // of the "create" history row
  std::function<nlohmann::json(int64_t id)> audit;  // the "<entity>.create" payload
};

// One transaction: insert, a "create" history row, the audit entry, the stored record.
template <typename Stored>
StatusOr<Stored> Create(RegisterContext& ctx, const RegisterSpec<Stored>& spec,
                        const Principal& who, const std::string& now, const CreateSteps& steps) {
  Stored out;
  Status s =
      store::WithTransaction(ctx.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(int64_t id, steps.insert(c));
        RETURN_IF_ERROR(store::AppendHistoryEvent(c, spec.history, id, "create",
                                                  HistoryFor(who, now, steps.history_note)));
        RETURN_IF_ERROR(RecordAudit(c, ctx.clock, who, std::string(spec.entity) + ".create",
                                    spec.entity, std::to_string(id), steps.audit(id)));
        ASSIGN_OR_RETURN(auto stored, spec.find(c, id));
        out = std::move(*stored);
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

// The parts of a change that differ per register. All run in the transaction, on the record as
// it is now (`cur`), in this order.
template <typename Stored>
struct ChangeSteps {
  // The field changes the new record makes (checks that must precede it may refuse here).
  std::function<StatusOr<registers::Changes>(store::Connection& c, const Stored& cur)> diff;
  // Checks that only matter when something changes (a taken key …); may be empty.
  std::function<Status(store::Connection& c, const Stored& cur)> check;
  std::function<Status(store::Connection& c)> update;
  // The note of the history rows; empty function: the change's note.
  std::function<std::string(const Stored& cur)> history_note;
  // The audit payload.
  std::function<nlohmann::json(const registers::Changes& changes)> audit;
};

// One transaction: the current record (NotFound), its changes (<REGISTER>_UNCHANGED when none),
// the checks, the update, one history row per changed field under `history_action`, the audit
// entry `action`, the stored record.
template <typename Stored>
StatusOr<Stored> Change(RegisterContext& ctx, const RegisterSpec<Stored>& spec,
                        const Principal& who, int64_t id, const std::string& now,
                        const std::string& note, const char* action, const char* history_action,
                        const ChangeSteps<Stored>& steps) {
  Stored out;
  Status s =
      store::WithTransaction(ctx.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto cur, spec.find(c, id));
        if (!cur) return spec.not_found(id);
        ASSIGN_OR_RETURN(registers::Changes changes, steps.diff(c, *cur));
        if (changes.empty()) return FailedPrecondition(spec.unchanged_reason, "没有任何修改");
        if (steps.check) {
          RETURN_IF_ERROR(steps.check(c, *cur));
        }
        RETURN_IF_ERROR(steps.update(c));
        const std::string history_note = steps.history_note ? steps.history_note(*cur) : note;
        RETURN_IF_ERROR(store::AppendHistoryChanges(c, spec.history, id, history_action, changes,
                                                    HistoryFor(who, now, history_note)));
        RETURN_IF_ERROR(RecordAudit(c, ctx.clock, who, action, spec.entity, std::to_string(id),
                                    steps.audit(changes)));
        ASSIGN_OR_RETURN(auto stored, spec.find(c, id));
        out = std::move(*stored);
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

}  // namespace suiji::service::crud
