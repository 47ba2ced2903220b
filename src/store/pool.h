// A bounded pool of connections, created lazily by a factory. Thread-safe.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/database.h"

namespace suiji::store {

class ConnectionPool {
 public:
  using Factory = std::function<StatusOr<std::unique_ptr<Connection>>()>;
  ConnectionPool(int max_size, Factory factory)
      : max_size_(max_size), factory_(std::move(factory)) {}

  StatusOr<PooledConnection> Acquire();
  // Nothing, rather than waiting, when every connection is borrowed.
  StatusOr<std::optional<PooledConnection>> TryAcquire();

 private:
  // An idle connection or a new one; `lock` holds mu_ and there is one to take.
  StatusOr<PooledConnection> Take(std::unique_lock<std::mutex>& lock);
  void Release(std::unique_ptr<Connection> conn);

  const int max_size_;
  Factory factory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  // Borrowed connections hold a weak reference; once the pool is gone they just close.
  std::shared_ptr<ConnectionPool*> self_ = std::make_shared<ConnectionPool*>(this);
};

}  // namespace suiji::store
