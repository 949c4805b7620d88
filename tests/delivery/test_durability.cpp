// Durability and concurrency through the public C API: a call that returned OK survives
// a SIGKILL of the process, and one engine serves several threads at once.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <set>
#include <thread>

#include "engine_client.hpp"

extern char** environ;
using namespace odtest;

namespace {
std::string config(const std::string& db, int workers = 0) {
  json::object cfg{{"database", test_database(db)},
                   {"district_file", std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json"},
                   {"delivery", json::object{{"workers", workers}}}};
  return json::serialize(cfg);
}
}  // namespace

TEST_CASE("every intake that returned OK survives a SIGKILL of the process") {
  char tmpl[] = "/tmp/od-durable-XXXXXX";
  std::filesystem::path dir = mkdtemp(tmpl);
  std::string db = (dir / "d.db").string();
  std::string cfg = config(db);
  int out[2];
  REQUIRE(pipe(out) == 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  pid_t pid;
  const char* argv[] = {DELIVERY_CHILD, cfg.c_str(), "intake", nullptr};
  int spawned = posix_spawn(&pid, DELIVERY_CHILD, &fa, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  REQUIRE(spawned == 0);
  close(out[1]);
  FILE* in = fdopen(out[0], "r");
  std::vector<std::string> acknowledged;
  char line[128];
  while (fgets(line, sizeof line, in)) {
    std::string s(line);
    if (s.rfind("C371502-", 0) == 0) acknowledged.push_back(s.substr(0, 19));
    if (acknowledged.size() == 150) kill(pid, SIGKILL);  // in the middle of the next call
  }
  fclose(in);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  REQUIRE(acknowledged.size() >= 150);

  EngineClient e(config(db));
  for (const std::string& id : acknowledged) {
    INFO(id);
    CHECK(e.call("case.get", json::object{{"actor", actor("district")}, {"case_id", id}}).status == OD_OK);
  }
  // and the database is whole: the one call in flight either happened or did not
  json::value list = e.ok("case.list", json::object{{"actor", actor("district")}, {"limit", 500}});
  CHECK(list.at("count").as_int64() >= static_cast<int64_t>(acknowledged.size()));
  CHECK(list.at("count").as_int64() <= static_cast<int64_t>(acknowledged.size()) + 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("one engine serves several threads at once") {
  char tmpl[] = "/tmp/od-threads-XXXXXX";
  std::filesystem::path dir = mkdtemp(tmpl);
  EngineClient e(config((dir / "t.db").string(), 2));
  const int threads = 4, per_thread = 50;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        unsigned n = 700000 + t * 1000 + i;
        json::object req{{"actor", actor(t % 2 ? "town.gulou" : "district")},
                         {"applicant", json::object{{"name", "并发"}, {"id_number", synthetic_id(n)}, {"hukou_town", "gulou"}}},
                         {"hardship", "x"},
                         {"categories", json::array{"dibao"}}};
        Reply r = e.call("intake", req);
        if (r.status != OD_OK) {
          failed++;
          continue;
        }
        std::string item(r.at("/items/0/id").as_string());
        r = e.call("route", json::object{{"actor", actor(t % 2 ? "town.gulou" : "district")}, {"item_id", item},
                                         {"type", t % 2 ? "distribute" : "hand_over"}});
        // readers at the same time
        Reply g = e.call("due.list", json::object{{"actor", actor("district")}, {"unit", "dept.civil"}});
        (r.status == OD_OK && g.status == OD_OK ? ok : failed)++;
      }
    });
  for (auto& t : pool) t.join();
  CHECK(failed == 0);
  CHECK(ok == threads * per_thread);
  json::value stats = e.ok("stats", json::object{{"actor", actor("district")}});
  CHECK(stats.at("cases").as_int64() == threads * per_thread);
  CHECK(stats.at("items").as_int64() == threads * per_thread);
  std::filesystem::remove_all(dir);
}
