// Group commit: callers that write at once share one transaction and one flush. Each
// caller queues; the one at the front (the leader) takes everyone queued behind it, at
// most kMaxGroup, and has the backend commit them together; each returns only after
// the group's commit, with its own error if its part failed. Both stores (SQLite and
// PostgreSQL) queue their writers here and differ only in how they commit a group.
#pragma once
#include <algorithm>
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
    q.cv.wait(lk, [&] { return q.done || queue_.front() == &q; });
    if (!q.done) {
      const size_t n = std::min(queue_.size(), kMaxGroup);
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

 private:
  struct Queued {
    Writer w;
    bool done = false;
    std::condition_variable cv;
  };
  std::mutex mu_;
  std::deque<Queued*> queue_;
};

}  // namespace od
