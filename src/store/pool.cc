#include "store/pool.h"

namespace suiji::store {

StatusOr<PooledConnection> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
  return Take(lock);
}

StatusOr<std::optional<PooledConnection>> ConnectionPool::TryAcquire() {
  std::unique_lock lock(mu_);
  if (idle_.empty() && open_ >= max_size_) return std::optional<PooledConnection>();
  ASSIGN_OR_RETURN(PooledConnection conn, Take(lock));
  return std::optional<PooledConnection>(std::move(conn));
}

StatusOr<PooledConnection> ConnectionPool::Take(std::unique_lock<std::mutex>& lock) {
  std::unique_ptr<Connection> conn;
  if (!idle_.empty()) {
    conn = std::move(idle_.back());
    idle_.pop_back();
  } else {
    ++open_;
    lock.unlock();
    auto made = factory_();
    lock.lock();
    if (!made.ok()) {
      --open_;
      cv_.notify_one();
      return made.status();
    }
    conn = std::move(made).value();
  }
  std::weak_ptr<ConnectionPool*> weak = self_;
  return PooledConnection(std::move(conn), [weak](std::unique_ptr<Connection> c) {
    if (auto self = weak.lock()) (*self)->Release(std::move(c));
  });
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  // A connection returned inside a transaction (a caller bailed out early) is rolled back so
  // the next borrower starts clean; a broken one is dropped.
  if (conn->InTransaction() && !conn->Rollback().ok()) conn.reset();
  std::lock_guard lock(mu_);
  if (conn) idle_.push_back(std::move(conn));
  else --open_;
  cv_.notify_one();
}

}  // namespace suiji::store
