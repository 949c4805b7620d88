// Write groups and the audit chain, on either backend: a group's writers hand the
// district chain's head from one to the next (only the first reads it; on PostgreSQL it
// comes with BEGIN), and a writer that failed must not hand on the head of links it no
// longer wrote (PostgreSQL rolls it back to its savepoint; SQLite runs the group again
// without it): the next writer would link to a head that is not there, and the integrity
// check would find the chain broken. Writers run again must not write twice.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "engine_fixture.h"
#include "onedoor/onedoor.h"
#include "store/store.h"

using namespace od;

TEST_CASE("a write group hands the chain's head on, and not a rolled-back writer's", "[groups]") {
  EngineFixture f("od_groups");
  auto [status, text] = f.e->call("intake", od::bench::intake_request(1));
  REQUIRE(status == OD_OK);
  const std::string case_id(boost::json::parse(text).at("case_id").as_string());
  auto links = [&] {
    std::string head;
    int64_t n = 0;
    std::vector<std::string> problems;
    f.e->store().read([&](StoreTx& tx) { problems = tx.integrity_problems(head, n); });
    CHECK(problems == std::vector<std::string>{});
    return n;
  };
  const int64_t before = links();

  // Four callers at once, so that groups of several writers form; every third write
  // appends a link and then fails, and its savepoint takes the link back.
  constexpr int kThreads = 4, kWrites = 60;
  std::atomic<int> kept{0}, undone{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        const bool fail = (t + i) % 3 == 0;
        try {
          f.e->store().write(Durability::Full, [&](StoreTx& tx) {
            EventRow ev;
            ev.case_id = case_id;
            ev.type = "note";
            ev.at = 1000 + i;
            ev.actor_json = "{}";
            ev.data_json = "{\"writer\":" + std::to_string(t) + "}";
            tx.append_event(ev);
            if (fail) throw std::runtime_error("this writer's part is undone");
          });
          ++kept;
        } catch (const std::runtime_error&) {
          ++undone;
        }
      }
    });
  for (auto& th : threads) th.join();
  REQUIRE(kept + undone == kThreads * kWrites);
  CHECK(undone == kThreads * kWrites / 3);
  CHECK(links() == before + kept);
}
