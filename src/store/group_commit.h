// Group commit: callers that write at once share one transaction and one flush. Each
// caller queues; the one at the front (the leader) takes everyone queued behind it, at
// most kMaxGroup, and has the backend commit them together; each returns only after
// the group's commit, with its own error if its part failed. Both stores (SQLite and
// PostgreSQL) queue their writers here and differ only in how they commit a group.
//
// A group's callers all return at once and come back at once: the first one back would
// lead a group of one while the others are still on their way, and groups would
// alternate one, three, one, three. So a leader that finds fewer callers queued than the
// last group had waits a moment (at most kGather) for them; a group that does not fill
// in time goes as it is and sets the next leader's expectation. A lone caller (last
// group of one) never waits.
#pragma once
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "store/store.h"

namespace od {

class GroupCommit {
 public:
  // One caller's write, as the backend's commit sees it: run fn, and leave error set
  // when this writer's part failed (its part is then undone, the others' kept).
  struct Writer {
    const std::function<void(StoreTx&)>* fn = nullptr;
    Durability durability = Durability::Full;
    std::exception_ptr error;
  };
  using Group = std::vector<Writer*>;
  static constexpr size_t kMaxGroup = 64;
  // About the time a caller takes from one call's return to its next write (serializing
  // the response, parsing the next request); far below a durable commit's cost.
  static constexpr std::chrono::microseconds kGather{300};

  explicit GroupCommit(std::chrono::microseconds gather = kGather) : gather_(gather) {}

  // Whether any writer of the group asked for a durable commit.
  static bool any_full(const Group& group) {
    return std::any_of(group.begin(), group.end(), [](const Writer* w) { return w->durability == Durability::Full; });
  }

  // Queues fn and returns once the group that carried it has committed; rethrows fn's
  // error. `commit` runs on the leader's thread, outside the queue's lock, one group
  // at a time.
  void write(Durability d, const std::function<void(StoreTx&)>& fn, const std::function<void(const Group&)>& commit) {
    Queued q;
    q.w.fn = &fn;
    q.w.durability = d;
    std::unique_lock<std::mutex> lk(mu_);
    queue_.push_back(&q);
    if (queue_.front() != &q) arrived_.notify_one();  // a leader may be gathering
    q.cv.wait(lk, [&] { return q.done || queue_.front() == &q; });
    if (!q.done) {
      if (queue_.size() < last_group_)
        arrived_.wait_for(lk, gather_, [&] { return queue_.size() >= last_group_; });
      const size_t n = std::min(queue_.size(), kMaxGroup);
      last_group_ = n;
      std::vector<Queued*> taken(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      Group group;
      for (Queued* t : taken) group.push_back(&t->w);
      lk.unlock();
      commit(group);
      lk.lock();
      for (Queued* t : taken) {
        queue_.pop_front();
        t->done = true;
        if (t != &q) t->cv.notify_one();
      }
      if (!queue_.empty()) queue_.front()->cv.notify_one();
    }
    lk.unlock();
    if (q.w.error) std::rethrow_exception(q.w.error);
  }

  // How many callers are queued, the leader included (for tests).
  size_t queued() {
    std::lock_guard<std::mutex> g(mu_);
    return queue_.size();
  }

 private:
  struct Queued {
    Writer w;
    bool done = false;
    std::condition_variable cv;
  };
  const std::chrono::microseconds gather_;
  std::mutex mu_;
  std::condition_variable arrived_;  // a caller queued behind the leader
  std::deque<Queued*> queue_;
  size_t last_group_ = 1;
};

}  // namespace od
