// What the multi-process tests share: the database under test (a SQLite file, or the
// PostgreSQL database named by ONEDOOR_TEST_PG), spawning node_driver processes, their
// logs, and the checks on numbers and on the simulator's POST spans.
#pragma once
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "dept_sim.hpp"
#include "engine_client.hpp"

extern char** environ;

#include "test_database.h"

namespace odtest {

// The database under test comes from the suite's one fixture point (tests/common/
// test_database.h): a SQLite file, or with ONEDOOR_TEST_PG set a PostgreSQL database of
// its own for that path, the same one in every process.
inline const char* pg_conninfo() { return od_test_on_pg() ? std::getenv("ONEDOOR_TEST_PG") : nullptr; }

inline json::value database(const std::string& sqlite_path) {
  char* text = od_test_database_json(sqlite_path.c_str());
  json::value v = json::parse(text);
  std::free(text);
  return v;
}

inline std::string backend_name() { return pg_conninfo() ? "postgresql" : "sqlite"; }

// Persons no earlier run used: a PostgreSQL database outlives the test.
inline unsigned fresh_person_base() {
  if (!pg_conninfo()) return 100000;
  return 1'000'000 + static_cast<unsigned>(std::random_device{}() % 15'000'000u);
}

inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

inline pid_t spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  return pid;
}

// The exit status of a process that ended by itself, or -signal.
inline int wait_exit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1000;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

inline std::vector<std::string> read_lines(const std::string& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// The serial number at the end of a case or job id ("C371502-2026-000042" -> 42,
// "job-000000042-9f3c..." -> 42).
inline int64_t serial_of(const std::string& id) {
  if (id.rfind("job-", 0) == 0) return std::stoll(id.substr(4, id.find('-', 4) - 4));
  return std::stoll(id.substr(id.rfind('-') + 1));
}

// "" when the serials are distinct and leave no gap (and, on a fresh SQLite file, start
// at 1); otherwise what is wrong.
inline std::string gapless(const std::vector<std::string>& ids, const char* what) {
  std::set<int64_t> s;
  for (const auto& id : ids) s.insert(serial_of(id));
  if (s.size() != ids.size()) return std::string(what) + ": " + std::to_string(ids.size() - s.size()) + " repeated";
  if (s.empty()) return "";
  if (*s.rbegin() - *s.begin() + 1 != static_cast<int64_t>(s.size()))
    return std::string(what) + ": " + std::to_string(*s.begin()) + ".." + std::to_string(*s.rbegin()) + " holds only " +
           std::to_string(s.size());
  if (!pg_conninfo() && *s.begin() != 1) return std::string(what) + ": starts at " + std::to_string(*s.begin());
  return "";
}

// Two POSTs of one job whose spans overlap: two senders at once. Returns a description
// of each such pair.
inline std::vector<std::string> overlapping_posts(const std::vector<od::sim::Recording>& recs) {
  std::map<std::string, std::vector<const od::sim::Recording*>> by_job;
  for (const auto& r : recs) by_job[r.webhook_id].push_back(&r);
  std::vector<std::string> found;
  for (auto& [id, posts] : by_job) {
    std::sort(posts.begin(), posts.end(), [](auto* a, auto* b) { return a->received_at_us < b->received_at_us; });
    for (size_t i = 1; i < posts.size(); ++i) {
      const auto* prev = posts[i - 1];
      int64_t prev_end = prev->answered_at_us ? prev->answered_at_us : INT64_MAX;  // never answered: still open
      if (posts[i]->received_at_us < prev_end)
        found.push_back(id + ": POST " + std::to_string(posts[i]->seq) + " began before POST " +
                        std::to_string(prev->seq) + " was answered");
    }
  }
  return found;
}

// Every job in seq order, with bodies.
inline std::vector<json::object> all_jobs(const EngineClient& e) {
  std::vector<json::object> out;
  std::string after;
  for (;;) {
    json::object req{{"actor", actor("district")}, {"limit", 500}, {"with_body", true}};
    if (!after.empty()) req["after"] = after;
    json::value page = e.ok("delivery.list", req);
    for (const auto& j : page.at("jobs").as_array()) out.push_back(j.as_object());
    if (!page.as_object().contains("next")) break;
    after = std::string(page.at("next").as_string());
  }
  return out;
}

}  // namespace odtest
