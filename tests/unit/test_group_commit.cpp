// GroupCommit (src/store/group_commit.h) without a database: who leads, who is carried,
// and the gathering that keeps groups whole when their callers come back at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/group_commit.h"

using namespace od;
using namespace std::chrono_literals;

namespace {

// Records each group's size; the first group can be held until the test lets it go.
struct Committer {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<size_t> sizes;
  bool hold_first = false, released = false;
  void operator()(const GroupCommit::Group& g) {
    std::unique_lock<std::mutex> lk(mu);
    if (hold_first && sizes.empty()) cv.wait(lk, [&] { return released; });
    sizes.push_back(g.size());
  }
  void release() {
    std::lock_guard<std::mutex> g(mu);
    released = true;
    cv.notify_all();
  }
  std::vector<size_t> seen() {
    std::lock_guard<std::mutex> g(mu);
    return sizes;
  }
};

const std::function<void(StoreTx&)> kNoop = [](StoreTx&) {};

// CHECK, not REQUIRE: the threads started must still be joined
void wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 10000 && !done(); ++i) std::this_thread::sleep_for(1ms);
  CHECK(done());
}

// A leads alone (its commit held) while two more callers queue behind it; once A is let
// go, those two commit together: groups of 1 and 2, and the last group carried two.
void lone_then_pair(GroupCommit& gc, Committer& c, const std::function<void()>& write) {
  c.hold_first = true;
  c.sizes.clear();
  std::thread a(write);
  wait_until([&] { return gc.queued() == 1; });
  std::thread b(write), d(write);
  wait_until([&] { return gc.queued() == 3; });
  c.release();
  a.join();
  b.join();
  d.join();
}

}  // namespace

TEST_CASE("a leader waits for as many callers as its last group carried, and a lone caller never waits") {
  GroupCommit gc(10s);  // long: every wait below ends because a caller came, not by time
  Committer c;
  auto commit = [&](const GroupCommit::Group& g) { c(g); };
  auto write = [&] { gc.write(Durability::Full, kNoop, commit); };

  // a lone caller, and another after it: groups of one, at once
  write();
  write();
  CHECK(c.seen() == std::vector<size_t>{1, 1});

  // A leads alone while B and C queue behind it; they go together next
  lone_then_pair(gc, c, write);
  CHECK(c.seen() == std::vector<size_t>{1, 2});

  // the next caller finds fewer than the last group (2) and waits for company
  std::thread e(write);
  wait_until([&] { return gc.queued() == 1; });
  std::this_thread::sleep_for(50ms);
  CHECK(c.seen().size() == 2);  // E has not gone alone
  std::thread f(write);
  e.join();
  f.join();
  CHECK(c.seen() == std::vector<size_t>{1, 2, 2});
}

TEST_CASE("a group that does not fill in time goes as it is, and sets the next expectation") {
  GroupCommit gc(20ms);
  Committer c;
  auto commit = [&](const GroupCommit::Group& g) { c(g); };
  auto write = [&] { gc.write(Durability::Full, kNoop, commit); };
  lone_then_pair(gc, c, write);
  REQUIRE(c.seen() == std::vector<size_t>{1, 2});
  write();  // nobody comes: it goes alone after the gather time
  write();  // and the next lone caller expects nobody
  CHECK(c.seen() == std::vector<size_t>{1, 2, 1, 1});
}

TEST_CASE("each caller of a group gets its own error") {
  GroupCommit gc;
  std::atomic<int> ok{0}, failed{0};
  auto commit = [&](const GroupCommit::Group& g) {
    for (size_t i = 0; i < g.size(); ++i)
      if (i % 2) g[i]->error = std::make_exception_ptr(std::runtime_error("odd"));
  };
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        try {
          gc.write(Durability::Full, kNoop, commit);
          ++ok;
        } catch (const std::runtime_error&) {
          ++failed;
        }
      }
    });
  for (auto& t : ts) t.join();
  CHECK(ok + failed == 200);
  CHECK(ok >= 100);  // the first of every group succeeds
}
