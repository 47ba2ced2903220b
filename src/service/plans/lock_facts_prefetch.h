// The facts a target draw's reveal locks (name, address, unit, risk class of every drawn target),
// read on a second pooled connection while the reveal goes on computing and writing the draw on
// the transaction's own: the read (0.3 s for 72k targets on PostgreSQL) overlaps the draw's
// outputs, audit entry and row (another 0.3 s) instead of following them.
//
// Both connections see the targets as last committed: the reveal's transaction writes no target
// before the lock reads them, so the facts are those the transaction itself would read. On SQLite
// the transaction holds the WAL write lock, so nothing else commits meanwhile; on PostgreSQL this
// holds at READ COMMITTED, the level Suiji's bare BEGIN gets by default (a server set to a
// stricter default_transaction_isolation would have the prefetch see commits newer than the
// transaction's snapshot). Nothing is started when no pooled connection is free (a connection may
// be opened if the pool is below its size); the lock then reads the facts itself, as it does for
// a replacement.
#pragma once

#include <future>
#include <optional>
#include <vector>

#include "core/status.h"
#include "service/draw_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

class LockFactsPrefetch {
 public:
  LockFactsPrefetch() = default;
  LockFactsPrefetch(const LockFactsPrefetch&) = delete;
  LockFactsPrefetch& operator=(const LockFactsPrefetch&) = delete;
  // Waits for a read still running: the ceremony's transaction ends only after it.
  ~LockFactsPrefetch();

  // Starts reading the facts of the targets `outcome` selects, in its order (a target draw whose
  // pool carries target ids); does nothing otherwise, or when already started.
  void Start(store::Database& db, const DrawOutcome& outcome);
  // The facts read for exactly `ids`, in their order; nothing when no read was started, it was
  // for other ids, or it failed (the caller reads them on its own connection, which reports
  // whatever made this one fail).
  std::optional<std::vector<store::TargetToLock>> Take(const std::vector<int64_t>& ids);

 private:
  std::vector<int64_t> ids_;
  std::future<StatusOr<std::vector<store::TargetToLock>>> facts_;
};

}  // namespace suiji::service
