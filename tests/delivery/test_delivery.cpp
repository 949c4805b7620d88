// Delivery end to end: engine -> outbox -> plugin (dlopen) -> libcurl -> the loopback
// department-system simulator. Uses only the public C API (through engine_client.hpp)
// and the simulator library.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "delivery_fixture.hpp"

extern char** environ;

using namespace odtest;


TEST_CASE("each notice reaches its unit's endpoint, signed, with the department's payload") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret);
  TempDir dir;
  EngineClient e(config(dir, all_plugins(sim), 0));

  std::string a = intake(e, "town.gulou", 1, "gulou", {"dibao", "education", "charity"});
  route(e, "town.gulou", a + "-1", "distribute");             // 分办 -> the town's office
  route(e, "town.gulou", a + "-2", "forward");                // 转送 -> the district window
  route(e, "district", a + "-2", "transfer");                 // 转办 -> education
  route(e, "town.gulou", a + "-3", "refer", "org.charity");   // 转介 -> a social organisation
  std::string b = intake(e, "district", 2, "liuyuan", {"temporary"});
  route(e, "district", b + "-1", "hand_over");                // 转交 -> household-registration town

  CHECK(settle(e) == 5);
  CHECK(jobs(e, "pending").empty());
  std::map<std::string, std::string> expect = {{"/town/gulou/office", "distribute"}, {"/district", "forward"},
                                               {"/education", "transfer"}, {"/charity", "refer"},
                                               {"/town/liuyuan", "hand_over"}};
  std::map<std::string, std::string> job_of_unit;
  for (const auto& j : jobs(e)) job_of_unit[std::string(j.at("unit").as_string())] = std::string(j.at("id").as_string());
  for (const auto& [path, type] : expect) {
    INFO(path);
    auto got = sim.received(path);
    REQUIRE(got.size() == 1);
    CHECK(got[0].signature_valid);
    json::value body = json::parse(got[0].body);
    std::string text = got[0].body;
    static const std::map<std::string, std::string> prefix = {{"distribute", "DST-"}, {"forward", "FWD-"},
                                                              {"transfer", "TRF-"}, {"refer", "REF-"},
                                                              {"hand_over", "HND-"}};
    CHECK(text.find(prefix.at(type)) != std::string::npos);  // the notice's number
    CHECK(text.find(path == "/town/liuyuan" ? b : a) != std::string::npos);
    if (path == "/charity") CHECK(body.at("feedback_due").as_string() == "2026-03-05T23:59:59+08:00");
  }
  // the receivers can drop repeats by webhook-id, which is the job id
  CHECK(sim.received("/education")[0].webhook_id == job_of_unit["dept.education"]);
  // the education plugin (plain C) shapes its own payload
  json::value edu = json::parse(sim.received("/education")[0].body);
  CHECK(edu.at("department").as_string() == "education");
  CHECK(edu.at_pointer("/notice/type").as_string() == "transfer");
  CHECK(edu.at_pointer("/applicant/id_number").as_string() == synthetic_id(1));
  // the social organisation receives a de-identified request
  std::string charity = sim.received("/charity")[0].body;
  CHECK(charity.find(synthetic_id(1)) == std::string::npos);

  // feedback from the town office is reported to civil affairs (the owner) and the window
  e.ok("acknowledge", json::object{{"actor", actor("town.gulou.office", "handler")}, {"item_id", a + "-1"}});
  e.ok("feedback", json::object{{"actor", actor("town.gulou.office", "head")}, {"item_id", a + "-1"},
                                {"opinion", "符合条件"}, {"outcome", "granted"}, {"amount", 650}, {"signer", "王主任"}, {"seal", "SEAL-GL-01"},
                                {"told_at", "2026-03-02T09:00:00+08:00"}, {"channel", "phone"}});
  CHECK(settle(e) == 2);
  REQUIRE(sim.received("/civil").size() == 1);
  CHECK(sim.received("/civil")[0].signature_valid);
  CHECK(sim.received("/civil")[0].body.find("granted") != std::string::npos);
  int to_window = 0;  // "/town/gulou" as a prefix also matches the office's path
  for (const auto& r : sim.received("/town/gulou")) to_window += r.path == "/town/gulou";
  CHECK(to_window == 1);
  CHECK(e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", a}}).at("delivery_status") == "sent");
}

TEST_CASE("retries back off with jitter up to the cap, then a dead letter an officer can retry") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret);
  TempDir dir;
  EngineClient e(config(dir, all_plugins(sim), 0));
  std::string a = intake(e, "district", 3, "gulou", {"housing"});
  sim.set_mode("500", "/housing");
  route(e, "district", a + "-1", "transfer");

  // attempt k fails; the next one is due after base*2^(k-1), half of it jittered, capped
  const int64_t base = 1000, cap = 8000;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    REQUIRE(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);
    json::value job = jobs(e)[0];
    REQUIRE(job.at("state") == "pending");
    CHECK(job.at("attempts").as_int64() == attempt);
    std::string now = std::string(e.ok("engine.status", {}).at("now").as_string());
    auto next = std::string(job.at("next_at").as_string());
    // the gap in seconds between now and next_at
    auto secs = [](const std::string& t) {
      return std::stoi(t.substr(11, 2)) * 3600 + std::stoi(t.substr(14, 2)) * 60 + std::stoi(t.substr(17, 2));
    };
    int64_t gap_ms = (secs(next) - secs(now)) * 1000;
    int64_t full = std::min(cap, base << (attempt - 1));
    INFO("attempt " << attempt << " gap " << gap_ms);
    CHECK(gap_ms >= full / 2 - 1000);
    CHECK(gap_ms <= full);
    CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 0);  // not due yet
    e.ok("clock.advance", json::object{{"minutes", 1}});
  }
  REQUIRE(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);  // the fifth and last
  json::value job = jobs(e)[0];
  CHECK(job.at("state") == "dead");
  CHECK(sim.received("/housing").size() == 5);
  std::set<std::string> ids, bodies;
  for (const auto& r : sim.received("/housing")) ids.insert(r.webhook_id), bodies.insert(r.body);
  CHECK(ids.size() == 1);     // the same id on every attempt
  CHECK(bodies.size() == 1);  // and the same body

  json::value due = e.ok("due.list", json::object{{"actor", actor("district")}});
  REQUIRE(due.at("dead_letters").as_array().size() == 1);
  CHECK(e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", a}}).at("delivery_status") == "failed");

  sim.set_mode("ok", "/housing");
  Reply forbidden = e.call("delivery.retry", json::object{{"actor", actor("dept.housing", "handler")},
                                                          {"job_id", job.at("id")}, {"reason", "x"}});
  CHECK(forbidden.status == OD_ERR_FORBIDDEN);
  e.ok("delivery.retry", json::object{{"actor", actor("district", "supervisor")}, {"job_id", job.at("id")},
                                      {"reason", "housing system back online"}});
  // the retry gives a fresh allowance, and the case keeps the count of sends it had
  CHECK(jobs(e)[0].at("attempts").as_int64() == 0);
  int retried = 0;
  const json::value file = e.ok("case.file", json::object{{"actor", actor("district")}, {"case_id", a}});
  for (const auto& ev : file.at("events").as_array())
    if (ev.at("type") == "delivery_retried") {
      ++retried;
      CHECK(ev.at("data").at("attempts").as_int64() == 5);
    }
  CHECK(retried == 1);
  CHECK(settle(e) == 1);
  CHECK(jobs(e)[0].at("state") == "delivered");
  CHECK(e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", a}}).at("delivery_status") == "sent");
}

TEST_CASE("Retry-After is honoured and a permanent 4xx is a dead letter at once") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret);
  TempDir dir;
  EngineClient e(config(dir, all_plugins(sim), 0));
  od::sim::Mode m;
  m.mode = "429";
  m.path = "/hrss";
  m.retry_after = 120;
  m.count = 1;
  sim.set_mode(m);
  std::string a = intake(e, "district", 4, "gulou", {"employment", "education"});
  route(e, "district", a + "-1", "transfer");
  CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);
  e.ok("clock.advance", json::object{{"minutes", 1}});
  CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 0);  // backoff alone would allow it
  e.ok("clock.advance", json::object{{"minutes", 1}, {"hours", 0}});
  e.ok("clock.advance", json::object{{"minutes", 1}});
  CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);
  CHECK(jobs(e)[0].at("state") == "delivered");

  sim.set_mode("400", "/education");
  route(e, "district", a + "-2", "transfer");
  CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);
  json::value edu = jobs(e)[1];
  CHECK(edu.at("state") == "dead");
  CHECK(std::string(edu.at("last_error").as_string()).find("rejected") != std::string::npos);
}

TEST_CASE("jobs for one case and unit are delivered in order") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret);
  TempDir dir;
  EngineClient e(config(dir, all_plugins(sim), 0));
  sim.set_mode("500", "/gov", 1);
  std::string a = intake(e, "district", 5, "gulou", {"education"}, "major");  // report -> /gov
  CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);           // fails once
  route(e, "district", a + "-1", "transfer");
  e.ok("acknowledge", json::object{{"actor", actor("dept.education", "handler")}, {"item_id", a + "-1"}});
  e.ok("decision.request", json::object{{"actor", actor("dept.education", "head")}, {"item_id", a + "-1"},
                                        {"question", "户籍与居住地不一致，由谁承办？"}});
  settle(e);  // the notice goes; the decision request waits behind the report
  CHECK(sim.received("/gov").size() == 1);
  e.ok("clock.advance", json::object{{"minutes", 10}});
  settle(e);
  auto gov = sim.received("/gov");
  REQUIRE(gov.size() == 3);
  CHECK(gov[1].webhook_id == gov[0].webhook_id);  // the report again, first
  CHECK(gov[2].body.find("decision_request") != std::string::npos);
  CHECK(gov[1].body.find("major_report") != std::string::npos);
}

TEST_CASE("a plugin with another ABI major, no entry, or a failing init is refused; the rest deliver") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret);
  TempDir dir;
  json::object plugins = all_plugins(sim);
  plugins["dept.housing"] = plugin(sim, "test/libod_test_badabi.so", "/housing");
  plugins["dept.hrss"] = plugin(sim, "test/libod_test_noentry.so", "/hrss");
  plugins["org.charity"] = plugin(sim, "test/libod_test_failinit.so", "/charity");
  plugins["dept.civil"] = plugin(sim, "libod_does_not_exist.so", "/civil");
  EngineClient e(config(dir, plugins, 0));
  json::value st = e.ok("engine.status", {});
  std::map<std::string, json::object> by_unit;
  for (const auto& p : st.at("plugins").as_array()) by_unit[std::string(p.at("unit").as_string())] = p.as_object();
  CHECK(by_unit["dept.housing"]["state"] == "disabled");
  CHECK(std::string(by_unit["dept.housing"]["error"].as_string()).find("ABI major 99") != std::string::npos);
  CHECK(by_unit["dept.hrss"]["state"] == "disabled");
  CHECK(std::string(by_unit["dept.hrss"]["error"].as_string()).find("no entry symbol") != std::string::npos);
  CHECK(by_unit["org.charity"]["state"] == "disabled");
  CHECK(std::string(by_unit["org.charity"]["error"].as_string()).find("create failed") != std::string::npos);
  CHECK(by_unit["dept.civil"]["state"] == "disabled");
  CHECK(by_unit["dept.education"]["state"] == "active");
  bool logged = false;
  for (const auto& l : st.at("log").as_array())
    logged = logged || std::string(l.as_string()).find("plugin for dept.housing disabled") != std::string::npos;
  CHECK(logged);

  std::string a = intake(e, "district", 6, "gulou", {"housing", "education"});
  route(e, "district", a + "-1", "transfer");
  route(e, "district", a + "-2", "transfer");
  settle(e);
  CHECK(sim.received("/education").size() == 1);
  CHECK(sim.received("/housing").empty());
  auto pending = jobs(e, "pending");
  REQUIRE(pending.size() == 1);  // the housing notice waits for its plugin, never lost
  CHECK(pending[0].at("unit") == "dept.housing");
  CHECK(pending[0].at("attempts").as_int64() == 0);
}

TEST_CASE("results a plugin polls from its department land as feedback") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret);
  TempDir dir;
  EngineClient e(config(dir, all_plugins(sim), 0));
  std::string a = intake(e, "district", 7, "gulou", {"education", "housing"});
  route(e, "district", a + "-1", "transfer");
  route(e, "district", a + "-2", "transfer");
  settle(e);
  sim.queue_results("/education", json::serialize(json::array{json::object{
      {"item_id", a + "-1"}, {"opinion", "符合学费减免条件"}, {"outcome", "granted"}, {"amount", 1200}, {"measures", "学费减免"},
      {"signer", "李校长"}, {"seal", "EDU-SEAL-7"}, {"told_at", "2026-03-02T09:00:00+08:00"}, {"channel", "phone"}}}));
  // the portal path for the other item: the same operation
  e.ok("feedback", json::object{{"actor", actor("dept.housing", "head")}, {"item_id", a + "-2"},
                                {"opinion", "不符合住房救助条件"}, {"outcome", "refused"}, {"signer", "赵局长"}, {"seal", "ZJ-01"},
                                {"told_at", "2026-03-02T09:00:00+08:00"}, {"channel", "letter"}});
  CHECK(e.ok("plugins.poll", {}).at("reported").as_int64() == 1);
  json::value c = e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", a}});
  CHECK(c.at_pointer("/items/0/state") == "answered");
  CHECK(c.at_pointer("/items/0/outcome") == "granted");
  CHECK(c.at_pointer("/items/0/feedback/unit") == "dept.education");
  CHECK(c.at_pointer("/items/0/feedback/signer") == "李校长");
  CHECK(c.at("state") == "closed");
  json::value file = e.ok("case.file", json::object{{"actor", actor("district")}, {"case_id", a}});
  int feedback_events = 0;
  for (const auto& ev : file.at("events").as_array())
    if (ev.at("type") == "feedback_recorded") {
      ++feedback_events;
      if (ev.at("item_id").as_string() == a + "-1") CHECK(ev.at_pointer("/actor/unit") == "dept.education");
    }
  CHECK(feedback_events == 2);  // both paths end in the same record and event
}

TEST_CASE("closing the engine stops workers without losing or double-marking a job") {
  od::sim::DeptSim sim;
  sim.start(0, kSecret, 4);
  TempDir dir;
  sim.set_mode("slow", "/education", -1, 1, 30);
  std::vector<std::string> cases;
  {
    EngineClient e(config(dir, all_plugins(sim), 2, json::object{{"batch", 4}}));
    for (unsigned i = 0; i < 20; ++i) {
      std::string a = intake(e, "district", 100 + i, "gulou", {"education"});
      route(e, "district", a + "-1", "transfer");
      cases.push_back(a);
    }
    REQUIRE(wait_for([&] { return !sim.received("/education").empty(); }, 5000));
  }  // od_close with deliveries in flight
  size_t seen_at_close = sim.received("/education").size();
  CHECK(seen_at_close < 20);
  sim.set_mode("ok", "/education");
  EngineClient e(config(dir, all_plugins(sim), 0));
  settle(e);
  auto all = jobs(e);
  REQUIRE(all.size() == 20);
  std::set<std::string> received;
  for (const auto& r : sim.received("/education")) received.insert(r.webhook_id);
  for (const auto& j : all) {
    CHECK(j.at("state") == "delivered");
    CHECK(received.count(std::string(j.at("id").as_string())) == 1);
  }
  CHECK(received.size() == 20);
}

// An exclusive engine (the opt-in) gives back the leases of a dead owner at open; shared
// engines wait for them to expire (tests/nodes).
TEST_CASE("a job is never lost or turned into two different deliveries when the process is killed") {
  auto exclusive = [](std::string cfg) {
    json::value v = json::parse(cfg);
    v.as_object()["exclusive"] = true;
    return json::serialize(v);
  };
  od::sim::DeptSim sim;
  sim.start(0, kSecret, 4);
  TempDir dir;
  const unsigned n = 40;
  {
    EngineClient e(exclusive(config(dir, all_plugins(sim), 0)));
    for (unsigned i = 0; i < n; ++i) {
      std::string a = intake(e, "district", 200 + i, "gulou", {i % 2 ? "education" : "housing"});
      route(e, "district", a + "-1", "transfer");
    }
  }
  sim.set_mode("slow", "", -1, 1, 15);
  for (int round = 0; round < 2; ++round) {
    // a portal process delivering with two workers, killed mid-delivery
    std::string cfg = exclusive(config(dir, all_plugins(sim), 2, json::object{{"batch", 3}}));
    pid_t pid;
    const char* argv[] = {DELIVERY_CHILD, cfg.c_str(), nullptr};
    REQUIRE(posix_spawn(&pid, DELIVERY_CHILD, nullptr, nullptr, const_cast<char**>(argv), environ) == 0);
    size_t before = sim.received().size();
    REQUIRE(wait_for([&] { return sim.received().size() >= before + 5; }, 10000));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
  }
  size_t at_kill = sim.received().size();
  sim.set_mode("ok");
  EngineClient e(exclusive(config(dir, all_plugins(sim), 0)));
  settle(e);
  auto all = jobs(e);
  REQUIRE(all.size() == n);
  std::map<std::string, std::set<std::string>> bodies_by_id;
  for (const auto& r : sim.received()) bodies_by_id[r.webhook_id].insert(r.body);
  std::set<std::string> db_ids;
  for (const auto& j : all) {
    CHECK(j.at("state") == "delivered");
    db_ids.insert(std::string(j.at("id").as_string()));
  }
  INFO("received " << sim.received().size() << " requests, " << at_kill << " before restart");
  CHECK(bodies_by_id.size() == n);  // every job arrived, and nothing the database does not know
  for (const auto& [id, bodies] : bodies_by_id) {
    CHECK(db_ids.count(id) == 1);
    CHECK(bodies.size() == 1);  // repeats are the same delivery: same id, same body
  }
  CHECK(at_kill < sim.received().size());  // the restart had work left to do
}
