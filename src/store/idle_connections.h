// The read connections a store keeps between reads: a reader takes one (or opens a new
// one when none is idle) and gives it back after its transaction; at most kMax stay
// open, so a burst of readers does not leave a connection per thread behind.
#pragma once
#include <memory>
#include <mutex>
#include <vector>

namespace od {

template <class Conn>
class IdleConnections {
 public:
  static constexpr size_t kMax = 8;

  // An idle connection, or null when there is none.
  std::unique_ptr<Conn> take() {
    std::lock_guard<std::mutex> g(mu_);
    if (idle_.empty()) return nullptr;
    std::unique_ptr<Conn> c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  void give_back(std::unique_ptr<Conn> c) {
    std::lock_guard<std::mutex> g(mu_);
    if (idle_.size() < kMax) idle_.push_back(std::move(c));
  }
  // Closes every idle connection (before the store's other members go).
  void clear() {
    std::lock_guard<std::mutex> g(mu_);
    idle_.clear();
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_;
};

}  // namespace od
