#include "service/plans/lock_facts_prefetch.h"

#include <exception>
#include <string>
#include <system_error>
#include <utility>

#include "store/database.h"
#include "store/plans/plan_store.h"

namespace suiji::service {

LockFactsPrefetch::~LockFactsPrefetch() {
  if (facts_.valid()) facts_.wait();
}

void LockFactsPrefetch::Start(store::Database& db, const DrawOutcome& outcome) {
  if (facts_.valid() || outcome.kind != draw::DrawKind::kTargets ||
      outcome.selected_target_ids.empty())
    return;
  std::vector<int64_t> ids;
  for (const auto& rows : outcome.selected_target_ids)
    ids.insert(ids.end(), rows.begin(), rows.end());
  if (ids.empty()) return;
  auto conn = db.TryAcquire();
  if (!conn.ok() || !conn->has_value()) return;
  ids_ = ids;
  try {
    facts_ =
        std::async(std::launch::async,
                   [conn = std::move(**conn),
                    ids = std::move(ids)]() mutable -> StatusOr<std::vector<store::TargetToLock>> {
                     try {
                       return store::FindTargetsToLockByIds(*conn, ids);
                     } catch (const std::exception& e) {
                       return Internal(std::string("lock facts: ") + e.what());
                     }
                   });
  } catch (const std::system_error&) {  // no thread to be had: the connection goes back and
    ids_.clear();                       // the lock reads the facts itself
  }
}

std::optional<std::vector<store::TargetToLock>> LockFactsPrefetch::Take(
    const std::vector<int64_t>& ids) {
  if (!facts_.valid()) return std::nullopt;
  StatusOr<std::vector<store::TargetToLock>> facts = facts_.get();
  if (!facts.ok() || ids != ids_) return std::nullopt;
  return std::move(facts).value();
}

}  // namespace suiji::service
