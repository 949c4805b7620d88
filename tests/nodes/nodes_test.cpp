// The nodes test: three portal processes ("nodes") on one database, each with delivery
// workers, take applications, route them, answer them as the department and archive them
// at once, against the department simulator; one node is killed with SIGKILL mid-way and
// restarted. Each node logs what got OK (node_driver "work"). At the end:
//   - every acknowledged change is there (cases, routes, answers, archives);
//   - case and job numbers are unique and gapless;
//   - one live item per person and need (open, or granted and still valid);
//   - every job delivered, attempts never above the POSTs made;
//   - no two POSTs of one job overlapping in time (one sender at a time), and one body
//     per job id.
// The database is a SQLite file, or PostgreSQL when ONEDOOR_TEST_PG is set.
// Usage: nodes_test [run_ms (12000)]. Exit 0 when every check holds. NODES_DEBUG=1 lists
// every job POSTed more than once (node, span); NODES_KEEP=1 keeps the directory with the
// nodes' logs and engine logs.
#include <cstdio>
#include <filesystem>
#include <thread>

#include "nodes_common.hpp"

using namespace odtest;
namespace fs = std::filesystem;

namespace {

const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok && ++failures <= 20) std::fprintf(stderr, "nodes_test: FAILED: %s\n", what.c_str());
}

// Each node posts to its own path under /education, so the simulator's records tell
// which node sent what (and the test can kill a node while one of its POSTs is open).
std::string config(const std::string& db, const od::sim::DeptSim& sim, int workers, int node) {
  json::object plugin{{"file", std::string(ONEDOOR_PLUGIN_DIR) + "/libod_education.so"},
                      {"config", json::object{{"url", sim.url("/education/n" + std::to_string(node))},
                                              {"secret", kSecret},
                                              {"timeout_ms", 2000}}}};
  json::object cfg{{"database", database(db)},
                   {"log_file", db + ".n" + std::to_string(node) + ".log"},
                   {"district_file", std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json"},
                   {"plugins", json::object{{"dept.education", plugin}}},
                   {"delivery", json::object{{"workers", workers}, {"batch", 4}, {"lease_ms", 2000}, {"idle_ms", 10},
                                             {"backoff_base_ms", 20}, {"backoff_cap_ms", 200},
                                             {"max_attempts", 1000}}}};
  return json::serialize(cfg);
}

struct Acked {
  std::set<std::string> cases, resubmitted, routed, archived;
  std::map<std::string, std::string> answered;  // item -> outcome
  int errors = 0;
};

void read_log(const std::string& file, Acked& a) {
  for (const auto& l : read_lines(file)) {
    if (l.size() < 3) continue;
    std::string rest = l.substr(2);
    switch (l[0]) {
      case 'A': a.cases.insert(rest); break;
      case 'D': a.resubmitted.insert(rest); break;
      case 'R': a.routed.insert(rest); break;
      case 'X': a.archived.insert(rest); break;
      case 'F': a.answered[rest.substr(0, rest.find(' '))] = rest.substr(rest.find(' ') + 1); break;
      default:
        ++a.errors;
        check(false, file + ": " + l);
    }
  }
}

const json::value* find_item(const json::value& c, const std::string& item_id) {
  for (const auto& it : c.at("items").as_array())
    if (it.at("id").as_string() == item_id) return &it;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t run_ms = argc > 1 ? std::atoll(argv[1]) : 12000;
  od::sim::DeptSim sim;
  sim.start(0, kSecret, 4);
  sim.set_mode("slow", "/education", -1, 1, 40);  // POSTs take a while: the kill lands inside one
  char tmpl[] = "/tmp/od-nodes-XXXXXX";
  fs::path dir = mkdtemp(tmpl);
  std::string db = (dir / "district.db").string();
  const unsigned pool = 300, base = fresh_person_base();
  std::printf("nodes_test: backend %s, 3 nodes, %lld ms\n", backend_name().c_str(), static_cast<long long>(run_ms));

  { EngineClient create(config(db, sim, 0, 0)); }
  int64_t end = now_ms() + run_ms;
  auto log_of = [&](int k) { return (dir / ("node" + std::to_string(k) + ".log")).string(); };
  auto start_node = [&](int k, unsigned seed) {
    return spawn({NODE_DRIVER, config(db, sim, 2, k), "work", std::to_string(base), std::to_string(seed),
                  std::to_string(pool), log_of(k), std::to_string(end)});
  };
  pid_t nodes[3];
  for (int k = 0; k < 3; ++k) nodes[k] = start_node(k, static_cast<unsigned>(k + 1));
  // mid-way, node 1 dies without warning while one of its POSTs is open, and comes back
  std::this_thread::sleep_for(std::chrono::milliseconds(run_ms / 2));
  bool mid_post = false;
  for (int64_t give_up = now_ms() + 5000; !mid_post && now_ms() < give_up;) {
    for (const auto& r : sim.received("/education/n1")) mid_post = mid_post || r.answered_at_us == 0;
    if (!mid_post) std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  kill(nodes[1], SIGKILL);
  if (std::getenv("NODES_DEBUG")) std::printf("killed %lld ms after the end\n", static_cast<long long>(now_ms() - end));
  int kills = 0;
  check(wait_exit(nodes[1]) == -SIGKILL, "node 1 was not killed");
  ++kills;
  nodes[1] = start_node(1, 101);
  for (int k = 0; k < 3; ++k) check(wait_exit(nodes[k]) == 0, "node " + std::to_string(k) + " did not end cleanly");

  Acked acked;
  for (int k = 0; k < 3; ++k) read_log(log_of(k), acked);

  // The checker opens the database as one more shared engine, delivering nothing.
  EngineClient e(config(db, sim, 0, 0));
  std::set<std::string> cases;
  std::map<std::string, json::value> views;
  for (unsigned p = base; p < base + pool; ++p) {
    json::value list = e.ok("case.list", json::object{{"actor", actor("district")}, {"applicant_id", synthetic_id(p)}, {"limit", 500}});
    check(!list.as_object().contains("next"), "a person's cases span more than a page");
    int live = 0;
    for (const auto& c : list.at("cases").as_array()) {
      std::string id(c.at("id").as_string());
      cases.insert(id);
      json::value v = e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", id}});
      for (const auto& it : v.at("items").as_array()) {
        bool open = it.at("state") != "answered";
        bool granted_valid = it.at("outcome") == "granted";  // valid for a year: still valid at the end of the run
        live += open || granted_valid;
      }
      views[id] = std::move(v);
    }
    check(live <= 1, "person " + synthetic_id(p) + " holds " + std::to_string(live) + " live education items");
  }
  for (const auto& c : acked.cases) check(cases.count(c) == 1, "acknowledged case " + c + " is lost");
  for (const auto& c : acked.resubmitted) check(cases.count(c) == 1, "resubmitted-to case " + c + " is lost");
  for (const auto& item : acked.routed) {
    std::string c = item.substr(0, item.rfind('-'));
    const json::value* it = views.count(c) ? find_item(views[c], item) : nullptr;
    check(it && it->at("state") != "at_window" && !it->at("notices").as_array().empty(), "routed item " + item + " is not routed");
  }
  for (const auto& [item, outcome] : acked.answered) {
    std::string c = item.substr(0, item.rfind('-'));
    const json::value* it = views.count(c) ? find_item(views[c], item) : nullptr;
    check(it && it->at("state") == "answered" && it->at("outcome") == outcome.c_str(), "answer to " + item + " is lost");
  }
  for (const auto& c : acked.archived)
    check(views.count(c) && views[c].at("state") == "archived", "archived case " + c + " is not archived");
  check(gapless(std::vector<std::string>(cases.begin(), cases.end()), "case numbers") == "",
        gapless(std::vector<std::string>(cases.begin(), cases.end()), "case numbers"));

  // jobs: every one delivered, numbers gapless, attempts never above POSTs
  auto recs = sim.received("/education");
  std::map<std::string, std::set<std::string>> bodies;
  std::map<std::string, int64_t> posts;
  for (const auto& r : recs) {
    bodies[r.webhook_id].insert(r.body);
    ++posts[r.webhook_id];
  }
  std::vector<std::string> job_ids;
  for (const auto& j : all_jobs(e)) {
    if (!cases.count(std::string(j.at("case_id").as_string()))) continue;
    std::string id(j.at("id").as_string());
    job_ids.push_back(id);
    check(j.at("state") == "delivered", "job " + id + " is " + std::string(j.at("state").as_string()));
    check(bodies[id].size() == 1, "job " + id + " was sent with " + std::to_string(bodies[id].size()) + " bodies");
    check(j.at("attempts").as_int64() <= posts[id], "job " + id + " counts more attempts than POSTs");
  }
  check(gapless(job_ids, "job numbers") == "", gapless(job_ids, "job numbers"));
  auto overlaps = overlapping_posts(recs);
  for (const auto& o : overlaps) check(false, "overlapping POSTs: " + o);
  int64_t repeated = 0;
  for (const auto& [id, n] : posts) repeated += n > 1;
  if (std::getenv("NODES_DEBUG"))
    for (const auto& r : recs)
      if (posts[r.webhook_id] > 1)
        std::printf("%s %s %lld..%lld ms after the end, status %d\n", r.webhook_id.c_str(), r.path.c_str(),
                    static_cast<long long>(r.received_at_us / 1000 - end), static_cast<long long>(r.answered_at_us / 1000 - end), r.status);

  check(acked.cases.size() >= 30 && acked.archived.size() >= 5, "the nodes did too little work to prove anything");
  check(mid_post, "node 1 never had a POST open: the kill did not land inside a delivery");
  check(repeated >= 1, "no job was sent again after the kill");
  std::printf(
      "nodes_test: %zu cases (%zu acknowledged intakes, %zu resubmissions, %zu routes, %zu answers, %zu archives), "
      "%zu jobs, %zu POSTs (%lld jobs POSTed more than once), %zu overlapping, %d kills (%s), %d failed checks\n",
      cases.size(), acked.cases.size(), acked.resubmitted.size(), acked.routed.size(), acked.answered.size(),
      acked.archived.size(), job_ids.size(), recs.size(), static_cast<long long>(repeated), overlaps.size(), kills,
      mid_post ? "inside a POST" : "outside any POST", failures);
  if (!std::getenv("NODES_KEEP")) fs::remove_all(dir);
  else std::printf("nodes_test: kept %s\n", dir.c_str());
  return failures == 0 ? 0 : 1;
}
