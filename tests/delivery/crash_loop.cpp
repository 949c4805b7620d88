// The crash loop: a portal process (delivery_child "work") registers applications and
// transfers each to a department while its delivery workers post to the loopback
// simulator, and is killed with SIGKILL at a random moment, again and again: during
// od_open of a new database, in the middle of a call, in the middle of a POST. Then:
//   - every case acknowledged (its intake returned OK) is there, exactly once;
//   - the database passes PRAGMA integrity_check;
//   - every job is eventually delivered, each id always with the same body, and its
//     attempts never count more than the POSTs the department received.
// Usage: crash_loop [iterations (300)] [seed]. ONEDOOR_CRASH_ITERATIONS overrides the
// first (scripts/long-proof.sh runs thousands). Exit 0 when every check holds.
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dept_sim.hpp"
#include "engine_client.hpp"

extern char** environ;
using namespace odtest;
namespace fs = std::filesystem;

namespace {

const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    std::fprintf(stderr, "crash_loop: FAILED: %s\n", what.c_str());
  }
}

std::string config(const std::string& db, const od::sim::DeptSim& sim, int workers) {
  json::object plugin{{"file", std::string(ONEDOOR_PLUGIN_DIR) + "/libod_education.so"},
                      {"config", json::object{{"url", sim.url("/education")}, {"secret", kSecret}, {"timeout_ms", 2000}}}};
  json::object cfg{{"database", db},
                   {"district_file", std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json"},
                   {"plugins", json::object{{"dept.education", plugin}}},
                   {"delivery", json::object{{"workers", workers}, {"lease_ms", 1000}, {"idle_ms", 5},
                                             {"backoff_base_ms", 10}, {"backoff_cap_ms", 50},
                                             {"max_attempts", 1000}}}};
  return json::serialize(cfg);
}

struct Acked {
  std::set<std::string> cases;   // intake returned OK
  std::set<std::string> routed;  // its transfer returned OK: a job exists
};

// Runs one child until `after` has passed, kills it, and collects what it acknowledged.
void run_and_kill(const std::string& cfg, unsigned first_person, std::chrono::microseconds after, Acked& acked) {
  int out[2];
  if (pipe(out) != 0) std::abort();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  std::string first = std::to_string(first_person);
  const char* argv[] = {DELIVERY_CHILD, cfg.c_str(), "work", first.c_str(), nullptr};
  pid_t pid;
  int spawned = posix_spawn(&pid, DELIVERY_CHILD, &fa, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  if (spawned != 0) std::abort();
  std::this_thread::sleep_for(after);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  check(WIFSIGNALED(status), "the child died by itself (status " + std::to_string(status) + ")");
  FILE* in = fdopen(out[0], "r");
  char line[128];
  while (fgets(line, sizeof line, in)) {
    std::string s(line);
    if (s.rfind("A C371502-", 0) == 0) acked.cases.insert(s.substr(2, 19));
    if (s.rfind("R C371502-", 0) == 0) acked.routed.insert(s.substr(2, 19));
  }
  fclose(in);
}

std::string integrity(const std::string& db) {
  sqlite3* h = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      result = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return result;
}

// Every job delivered with one body per id; every acknowledged case there exactly once.
void verify(const std::string& db, const od::sim::DeptSim& sim, const Acked& acked) {
  check(integrity(db) == "ok", "integrity_check of " + db + ": " + integrity(db));
  EngineClient e(config(db, sim, 0));
  for (int round = 0; round < 2000; ++round) {  // a killed child's leases expire in lease_ms; backoff is short
    int64_t n = e.ok("delivery.run", json::object{{"max", 1000}}).at("attempted").as_int64();
    json::value pending = e.ok("delivery.list", json::object{{"actor", actor("district")}, {"state", "pending"}, {"limit", 1}});
    if (n == 0 && pending.at("jobs").as_array().empty()) break;
    if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::map<std::string, std::set<std::string>> bodies;
  std::map<std::string, int64_t> posts;
  for (const auto& r : sim.received("/education")) {
    bodies[r.webhook_id].insert(r.body);
    posts[r.webhook_id]++;
  }
  int64_t jobs = 0;
  std::set<std::string> job_cases;
  std::string after;
  for (;;) {
    json::object req{{"actor", actor("district")}, {"limit", 1000}};
    if (!after.empty()) req["after"] = after;
    json::value page = e.ok("delivery.list", req);
    for (const auto& j : page.at("jobs").as_array()) {
      ++jobs;
      std::string id(j.at("id").as_string());
      job_cases.insert(std::string(j.at("case_id").as_string()));
      check(j.at("state") == "delivered", "job " + id + " is " + std::string(j.at("state").as_string()));
      check(bodies[id].size() == 1, "job " + id + " was sent with " + std::to_string(bodies[id].size()) + " bodies");
      check(j.at("attempts").as_int64() <= posts[id],
            "job " + id + " counts " + std::to_string(j.at("attempts").as_int64()) + " attempts for " +
                std::to_string(posts[id]) + " POSTs");
    }
    if (!page.as_object().contains("next")) break;
    after = std::string(page.at("next").as_string());
  }
  for (const auto& c : acked.routed) check(job_cases.count(c) == 1, "routed case " + c + " has no job");
  for (const auto& c : acked.cases) {
    Reply r = e.call("case.get", json::object{{"actor", actor("district")}, {"case_id", c}});
    check(r.status == OD_OK, "acknowledged case " + c + " is lost");
    if (r.status != OD_OK) continue;
    std::string person(r.at("/applicant/id_number").as_string());
    json::value same = e.ok("case.list", json::object{{"actor", actor("district")}, {"applicant_id", person}});
    check(same.at("count").as_int64() == 1, "applicant of " + c + " has " +
                                                std::to_string(same.at("count").as_int64()) + " cases");
  }
  std::printf("crash_loop: %s: %zu cases acknowledged, %lld jobs, %zu ids posted\n", db.c_str(), acked.cases.size(),
              static_cast<long long>(jobs), bodies.size());
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = argc > 1 ? std::atoi(argv[1]) : 300;
  if (const char* env = std::getenv("ONEDOOR_CRASH_ITERATIONS")) iterations = std::atoi(env);
  unsigned seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::random_device{}();
  std::printf("crash_loop: %d iterations, seed %u\n", iterations, seed);
  std::mt19937 rng(seed);
  od::sim::DeptSim sim;
  sim.start(0, kSecret, 2);
  sim.set_mode("slow", "/education", -1, 1, 3);  // POSTs take a while: kills land inside them
  char tmpl[] = "/tmp/od-crash-XXXXXX";
  fs::path dir = mkdtemp(tmpl);
  const int per_database = 100;  // a new database every so often: kills during its first open
  Acked acked;
  std::string db;
  unsigned person = 100000;
  auto t0 = std::chrono::steady_clock::now();
  int kills = 0;
  for (int i = 0; i < iterations; ++i) {
    if (i % per_database == 0) {
      if (!db.empty()) verify(db, sim, acked);
      db = (dir / ("d" + std::to_string(i / per_database) + ".db")).string();
      acked = Acked{};
      sim.reset();
      sim.set_mode("slow", "/education", -1, 1, 3);
    }
    // the first kills of a database land during its creation, later ones anywhere
    int max_us = i % per_database < 3 ? 20'000 : 150'000;
    run_and_kill(config(db, sim, 2), person, std::chrono::microseconds(rng() % max_us), acked);
    person += 2000;  // each child registers fewer than 2,000 people before it is killed
    ++kills;
  }
  if (!db.empty()) verify(db, sim, acked);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("crash_loop: %d kills in %.1f s, %d failed checks\n", kills, secs, failures);
  fs::remove_all(dir);
  return failures == 0 ? 0 : 1;
}
