// Many portal processes on one database (the default, shared open): eight processes
// taking applications at once, eight applying for the same person at once, and a
// process killed in the middle of a delivery whose jobs another process finishes.
// Each process is a node_driver (fork/exec, not a thread): SQLite's locks between
// processes are what is tested.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include "nodes_common.hpp"

using namespace odtest;
namespace fs = std::filesystem;

namespace {

const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

struct Dir {
  fs::path path;
  Dir() {
    char tmpl[] = "/tmp/od-procs-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~Dir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string config(const Dir& dir, json::object delivery, const od::sim::DeptSim* sim = nullptr) {
  json::object cfg{{"database", database(dir.file("district.db"))},
                   {"district_file", std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json"},
                   {"delivery", std::move(delivery)}};
  if (sim) {
    json::object plugin{{"file", std::string(ONEDOOR_PLUGIN_DIR) + "/libod_education.so"},
                        {"config", json::object{{"url", sim->url("/education")}, {"secret", kSecret}, {"timeout_ms", 2000}}}};
    cfg["plugins"] = json::object{{"dept.education", plugin}};
  }
  return json::serialize(cfg);
}

bool wait_for(const std::function<bool()>& done, int ms) {
  for (int64_t until = now_ms() + ms; now_ms() < until;) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

}  // namespace

TEST_CASE("eight processes take applications on one database at once: every call OK, numbers gapless") {
  Dir dir;
  // each process runs a delivery worker too, as a portal does: its claims are writes
  std::string cfg = config(dir, json::object{{"workers", 1}, {"idle_ms", 20}});
  { EngineClient create(cfg); }  // the file exists before the race (a first open at once is the next test's)
  const int procs = 8, each = 40;
  unsigned base = fresh_person_base();
  int64_t start = now_ms() + 1500;  // every process open and waiting by then
  std::vector<pid_t> pids;
  for (int p = 0; p < procs; ++p)
    pids.push_back(spawn({NODE_DRIVER, cfg, "intake", std::to_string(base + p * each), std::to_string(each),
                          dir.file("log" + std::to_string(p)), std::to_string(start)}));
  std::vector<std::string> cases;
  for (int p = 0; p < procs; ++p) {
    REQUIRE(pids[p] > 0);
    CHECK(wait_exit(pids[p]) == 0);
    for (const auto& l : read_lines(dir.file("log" + std::to_string(p)))) {
      INFO("process " << p << ": " << l);
      CHECK(l.rfind("A ", 0) == 0);  // an "E" line is a call that was not OK
      cases.push_back(l.substr(2));
    }
  }
  CHECK(cases.size() == procs * each);
  CHECK(gapless(cases, "case numbers") == "");
  EngineClient e(config(dir, json::object{{"workers", 0}}));
  for (const auto& c : cases) CHECK(e.call("case.get", json::object{{"actor", actor("district")}, {"case_id", c}}).status == OD_OK);
}

TEST_CASE("eight processes open a new database at once and take applications") {
  Dir dir;
  std::string cfg = config(dir, json::object{{"workers", 0}});
  unsigned base = fresh_person_base() + 10'000;
  std::vector<pid_t> pids;
  for (int p = 0; p < 8; ++p)  // no start time: the opens (and the first migration) race
    pids.push_back(spawn({NODE_DRIVER, cfg, "intake", std::to_string(base + p * 5), "5",
                          dir.file("log" + std::to_string(p)), "0"}));
  std::vector<std::string> cases;
  for (int p = 0; p < 8; ++p) {
    CHECK(wait_exit(pids[p]) == 0);
    for (const auto& l : read_lines(dir.file("log" + std::to_string(p)))) {
      INFO(l);
      CHECK(l.rfind("A ", 0) == 0);
      cases.push_back(l.substr(2));
    }
  }
  CHECK(cases.size() == 40);
  CHECK(gapless(cases, "case numbers") == "");
}

TEST_CASE("the same person applying for the same need from eight processes at once leaves one live item") {
  Dir dir;
  std::string cfg = config(dir, json::object{{"workers", 0}});
  EngineClient e(cfg);
  unsigned person = fresh_person_base() + 20'000;
  for (int round = 0; round < 3; ++round, ++person) {
    std::string log = dir.file("same" + std::to_string(round));
    int64_t start = now_ms() + 1000;
    std::vector<pid_t> pids;
    for (int p = 0; p < 8; ++p) pids.push_back(spawn({NODE_DRIVER, cfg, "same", std::to_string(person), log, std::to_string(start)}));
    for (pid_t pid : pids) CHECK(wait_exit(pid) == 0);
    auto lines = read_lines(log);
    REQUIRE(lines.size() == 8);
    int created = 0, resubmitted = 0;
    std::set<std::string> case_ids;
    for (const auto& l : lines) {
      INFO(l);
      REQUIRE(l.rfind("S ", 0) == 0);
      case_ids.insert(l.substr(2, l.find(' ', 2) - 2));
      created += l.ends_with(" created");
      resubmitted += l.ends_with(" resubmission");  // the documented answer to a repeat
    }
    CHECK(created == 1);
    CHECK(resubmitted == 7);
    CHECK(case_ids.size() == 1);  // every repeat names the one case
    // one case, one item for the person's subsistence need, still open
    json::value list = e.ok("case.list", json::object{{"actor", actor("district")}, {"applicant_id", synthetic_id(person)}});
    REQUIRE(list.at("count").as_int64() == 1);
    json::value c = e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", *case_ids.begin()}});
    CHECK(c.at("items").as_array().size() == 1);
  }
}

TEST_CASE("a process killed mid-delivery leaves leases that expire, and another process finishes its jobs") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret, 4);
  Dir dir;
  const int n = 24;
  const int lease_ms = 1500;
  json::object delivery{{"workers", 2}, {"batch", 4}, {"lease_ms", lease_ms}, {"idle_ms", 10},
                        {"backoff_base_ms", 20}, {"backoff_cap_ms", 100}, {"max_attempts", 100}};
  EngineClient e(config(dir, json::object{{"workers", 0}}, &sim));  // the test's own view, delivering nothing
  unsigned base = fresh_person_base() + 30'000;
  std::set<std::string> case_ids;
  for (int i = 0; i < n; ++i) {
    json::value r = e.ok("intake", json::object{{"actor", actor("district")},
                                                {"applicant", json::object{{"name", "测试" + std::to_string(i)},
                                                                           {"id_number", synthetic_id(base + i)},
                                                                           {"hukou_town", "gulou"}}},
                                                {"hardship", "因病致贫"},
                                                {"categories", json::array{"education"}}});
    std::string c(r.at("case_id").as_string());
    case_ids.insert(c);
    e.ok("route", json::object{{"actor", actor("district")}, {"item_id", c + "-1"}, {"type", "transfer"}});
  }
  sim.set_mode("slow", "/education", -1, 1, 100);  // every POST takes 100 ms: the kill lands inside one
  pid_t first = spawn({NODE_DRIVER, config(dir, delivery, &sim), "deliver"});
  REQUIRE(first > 0);
  REQUIRE(wait_for([&] { return sim.received("/education").size() >= 5; }, 15000));
  kill(first, SIGKILL);
  int64_t killed_at_us = now_ms() * 1000;
  CHECK(wait_exit(first) == -SIGKILL);

  pid_t second = spawn({NODE_DRIVER, config(dir, delivery, &sim), "deliver"});
  REQUIRE(second > 0);
  auto pending = [&] {
    return !e.ok("delivery.list", json::object{{"actor", actor("district")}, {"state", "pending"}, {"limit", 1}})
                .at("jobs")
                .as_array()
                .empty();
  };
  CHECK(wait_for([&] { return !pending(); }, 30000));
  kill(second, SIGKILL);
  wait_exit(second);

  auto recs = sim.received("/education");
  std::map<std::string, std::vector<const od::sim::Recording*>> posts;
  for (const auto& r : recs) posts[r.webhook_id].push_back(&r);
  std::vector<json::object> jobs;
  for (auto& j : all_jobs(e))
    if (case_ids.count(std::string(j.at("case_id").as_string()))) jobs.push_back(std::move(j));
  REQUIRE(jobs.size() == static_cast<size_t>(n));
  int finished_for_the_dead = 0;
  for (const auto& j : jobs) {
    std::string id(j.at("id").as_string());
    INFO(id);
    CHECK(j.at("state") == "delivered");
    REQUIRE(posts.count(id) == 1);
    std::set<std::string> bodies;
    for (auto* r : posts[id]) bodies.insert(r->body);
    CHECK(bodies.size() == 1);
    CHECK(j.at("attempts").as_int64() <= static_cast<int64_t>(posts[id].size()));
    // in flight when the first process died: sent before the kill, finished after it,
    // and not before the dead process's lease ran out
    if (posts[id].size() >= 2 && posts[id].front()->received_at_us < killed_at_us) {
      ++finished_for_the_dead;
      CHECK(posts[id].back()->received_at_us >= killed_at_us);
    }
  }
  CHECK(finished_for_the_dead >= 1);
  auto overlaps = overlapping_posts(recs);
  INFO((overlaps.empty() ? std::string() : overlaps.front()));
  CHECK(overlaps.empty());
  CHECK(gapless([&] {
    std::vector<std::string> ids;
    for (const auto& j : jobs) ids.push_back(std::string(j.at("id").as_string()));
    return ids;
  }(), "job numbers") == "");
}
