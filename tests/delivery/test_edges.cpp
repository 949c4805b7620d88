// Edge cases found in review, each kept as a regression test: duplicates inside one
// case, a disabled plugin's backlog, plugins that report from create()/destroy(), an
// escalated resubmission, and the validation of what comes in from portals and plugins.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "engine_client.hpp"

using namespace odtest;
namespace fs = std::filesystem;

namespace {

struct Dir {
  fs::path path;
  Dir() {
    char tmpl[] = "/tmp/od-edges-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~Dir() { fs::remove_all(path); }
  std::string db() const { return (path / "e.db").string(); }
};

std::string config(const Dir& dir, json::object plugins = {}) {
  json::object cfg{{"database", test_database(dir.db())},
                   {"district_file", std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json"},
                   {"clock", "manual"},
                   {"clock_start", "2026-03-02T09:00:00+08:00"},
                   {"plugins", std::move(plugins)},
                   {"delivery", json::object{{"workers", 0}}}};
  return json::serialize(cfg);
}

json::object quirks(json::object cfg) {
  return json::object{{"file", std::string(ONEDOOR_PLUGIN_DIR) + "/test/libod_test_quirks.so"}, {"config", std::move(cfg)}};
}

json::object intake_req(const std::string& window, unsigned n, json::array cats, const std::string& name = "测试") {
  return json::object{{"actor", actor(window)},
                      {"applicant", json::object{{"name", name}, {"id_number", synthetic_id(n)}, {"hukou_town", "gulou"}}},
                      {"hardship", "因病致贫"},
                      {"categories", std::move(cats)}};
}

json::object feedback_req(const std::string& unit, const std::string& item, const std::string& outcome) {
  return json::object{{"actor", actor(unit, "head")}, {"item_id", item},   {"outcome", outcome},
                      {"opinion", "经核查"},
                      {"amount", 500},                {"signer", "主任"},  {"seal", "SEAL-1"},
                      {"told_at", "2026-03-02T09:00:00+08:00"},           {"channel", "phone"}};
}

int64_t case_count(const EngineClient& e) {
  return e.ok("case.list", json::object{{"actor", actor("district")}, {"limit", 500}}).at("count").as_int64();
}

}  // namespace

TEST_CASE("two items of the same need in one case are caught, in one request or later") {
  Dir dir;
  EngineClient e(config(dir));
  json::value r = e.ok("intake", intake_req("town.gulou", 1, {"dibao", "tekun", "medical"}));  // 2 "subsistence"
  CHECK(r.at_pointer("/items/0/state") == "at_window");
  CHECK(r.at_pointer("/items/1/outcome") == "merged");
  CHECK(r.at_pointer("/items/1/linked_item") == r.at_pointer("/items/0/id"));
  REQUIRE(r.at("duplicates").as_array().size() == 1);
  CHECK(r.at_pointer("/duplicates/0/reason") == "same case");

  // after a grant in force, adding the same need to the same case is caught too
  std::string c(r.at("case_id").as_string());
  std::string item(r.at_pointer("/items/0/id").as_string());
  e.ok("route", json::object{{"actor", actor("town.gulou")}, {"item_id", item}, {"type", "distribute"}});
  e.ok("feedback", feedback_req("town.gulou.office", item, "granted"));
  json::value added = e.ok("item.add", json::object{{"actor", actor("town.gulou")}, {"case_id", c}, {"category", "tekun"}});
  CHECK(added.at_pointer("/duplicates/0/existing_item").as_string() == item);
  json::value cj = e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", c}});
  CHECK(cj.at_pointer("/items/3/outcome") == "merged");
  // allowed_together: disaster and temporary share a need but may be held together
  json::value both = e.ok("intake", intake_req("town.gulou", 2, {"disaster", "temporary"}));
  CHECK(both.at("duplicates").as_array().empty());
}

TEST_CASE("a disabled plugin's backlog never holds up the units that can be delivered") {
  Dir dir;
  json::object plugins{
      {"dept.education", json::object{{"file", "/nonexistent/libod_education.so"}, {"config", json::object{}}}},
      {"dept.housing", quirks(json::object{})}};
  EngineClient e(config(dir, plugins));
  for (unsigned i = 0; i < 80; ++i) {
    json::value r = e.ok("intake", intake_req("district", 100 + i, {"education"}));
    e.ok("route", json::object{{"actor", actor("district")}, {"item_id", r.at_pointer("/items/0/id")}, {"type", "transfer"}});
  }
  json::value r = e.ok("intake", intake_req("district", 300, {"housing"}));
  e.ok("route", json::object{{"actor", actor("district")}, {"item_id", r.at_pointer("/items/0/id")}, {"type", "transfer"}});
  CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);
  json::value delivered = e.ok("delivery.list", json::object{{"actor", actor("district")}, {"state", "delivered"}});
  REQUIRE(delivered.at("jobs").as_array().size() == 1);
  CHECK(delivered.at_pointer("/jobs/0/unit") == "dept.housing");
  json::value pending = e.ok("delivery.list", json::object{{"actor", actor("district")}, {"state", "pending"}});
  CHECK(pending.at("jobs").as_array().size() == 80);  // waiting for their plugin, not lost
}

TEST_CASE("a plugin may report from create() and from destroy()") {
  for (const char* when : {"create", "destroy"}) {
    INFO(when);
    Dir dir;
    std::string item;
    {
      EngineClient e(config(dir));
      json::value r = e.ok("intake", intake_req("district", 400, {"housing"}));
      item = std::string(r.at_pointer("/items/0/id").as_string());
      e.ok("route", json::object{{"actor", actor("district")}, {"item_id", item}, {"type", "transfer"}});
    }
    std::string file = (dir.path / "report.json").string();
    json::object report = feedback_req("dept.housing", item, "refused");
    report.erase("actor");
    std::ofstream(file) << json::serialize(report);
    json::object plugins{{"dept.housing", quirks(json::object{{"report_file", file}, {"when", when}})},
                         {"district", quirks(json::object{})}};
    { EngineClient e(config(dir, plugins)); }  // open and close: the report happens in one of them
    EngineClient e(config(dir, plugins));
    json::value c = e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", item.substr(0, 19)}});
    CHECK(c.at_pointer("/items/0/outcome") == "refused");
    CHECK(c.at_pointer("/items/0/feedback/unit") == "dept.housing");
    // the window that sent the notice hears of it even though its plugin loads later
    bool to_district = false;
    for (const auto& j : c.at("deliveries").as_array())
      to_district = to_district || (j.at("unit") == "district" && j.at("kind") == "feedback");
    CHECK(to_district);
  }
}

TEST_CASE("a resubmission that is now major escalates the open case; a wrong name is refused") {
  Dir dir;
  json::object plugins{{"gov.district", quirks(json::object{})}};
  EngineClient e(config(dir, plugins));
  json::value first = e.ok("intake", intake_req("town.gulou", 500, {"dibao"}, "王明华"));
  json::object again = intake_req("town.houying", 500, {"dibao"}, "王明华");
  again["urgency"] = "major";
  again["hardship"] = "房屋失火，一家四口无处居住";
  json::value r = e.ok("intake", again);
  CHECK(r.at("resubmission") == true);
  CHECK(r.at("case_id") == first.at("case_id"));
  json::value c = e.ok("case.get", json::object{{"actor", actor("town.houying")}, {"case_id", r.at("case_id")}});
  CHECK(c.at("urgency") == "major");
  CHECK(c.as_object().contains("reported_at"));
  bool reported = false;
  for (const auto& j : c.at("deliveries").as_array()) reported = reported || j.at("kind") == "major_report";
  CHECK(reported);

  json::object impostor = intake_req("town.liuyuan", 500, {"dibao"}, "随便");
  Reply bad = e.call("intake", impostor);
  CHECK(bad.status == OD_ERR_INVALID);
  CHECK(bad.at("/error/field") == "applicant.name");
  // still not the impostor's to see: answered exactly as a case that does not exist
  CHECK(e.call("case.get", json::object{{"actor", actor("town.liuyuan")}, {"case_id", r.at("case_id")}}).status ==
        OD_ERR_NOT_FOUND);
}

TEST_CASE("what comes in is checked: inquiries that ask for aid, grants, times, blanks, UTF-8") {
  Dir dir;
  EngineClient e(config(dir));
  // an inquiry naming a category is an application: it needs the ID and the hardship
  json::object inquiry{{"actor", actor("town.gulou")}, {"channel", "inquiry"},
                       {"applicant", json::object{{"name", "王小国"}, {"hukou_town", "gulou"}}},
                       {"categories", json::array{"dibao"}}};
  Reply r = e.call("intake", inquiry);
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.at("/error/field") == "applicant.id_number");
  inquiry["categories"] = json::array{};
  CHECK(e.call("intake", inquiry).status == OD_OK);  // a bare inquiry needs neither

  json::value c = e.ok("intake", intake_req("town.gulou", 600, {"dibao"}));
  std::string item(c.at_pointer("/items/0/id").as_string());
  e.ok("route", json::object{{"actor", actor("town.gulou")}, {"item_id", item}, {"type", "distribute"}});
  json::object fb = feedback_req("town.gulou.office", item, "granted");
  fb["valid_until"] = "2000-01-01";
  CHECK(e.call("feedback", fb).at("/error/field") == "valid_until");
  fb = feedback_req("town.gulou.office", item, "refused");
  fb["valid_until"] = "2027-01-01";
  CHECK(e.call("feedback", fb).at("/error/field") == "valid_until");
  fb = feedback_req("town.gulou.office", item, "granted");
  fb["told_at"] = "1999-01-01T00:00:00+08:00";
  CHECK(e.call("feedback", fb).at("/error/field") == "told_at");

  json::object blank = intake_req("town.gulou", 601, {"medical"});
  blank["first_officer"] = "";
  Reply b = e.call("intake", blank);
  CHECK(b.status == OD_ERR_INVALID);
  CHECK(b.at("/error/field") == "first_officer");

  int64_t before = case_count(e);
  std::string bad = json::serialize(intake_req("town.gulou", 602, {"medical"}));
  bad.replace(bad.find("因病"), 3, "\xff\xfe\xfd");
  char* resp = nullptr;
  CHECK(od_call(e.handle(), "intake", bad.c_str(), &resp) == OD_ERR_INVALID);
  CHECK(std::string(resp).find("\"field\":\"hardship\"") != std::string::npos);
  od_free(resp);
  CHECK(case_count(e) == before);

  // items added later are the window's from when they are added
  e.ok("clock.advance", json::object{{"working_days", 5}});
  json::value added = e.ok("item.add", json::object{{"actor", actor("town.gulou")}, {"case_id", c.at("case_id")},
                                                    {"category", "medical"}});
  json::value cj = e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", c.at("case_id")}});
  bool overdue_route = false;
  for (const auto& ob : cj.at("obligations").as_array())
    overdue_route = overdue_route || (ob.at("kind") == "route" && ob.at("overdue") == true);
  CHECK_FALSE(overdue_route);
}

TEST_CASE("a plugin's text that is not UTF-8 is repaired before it is stored or shown") {
  Dir dir;
  EngineClient e(config(dir, json::object{{"dept.housing", quirks(json::object{{"reason", "badutf8"}})}}));
  json::value r = e.ok("intake", intake_req("district", 700, {"housing"}));
  e.ok("route", json::object{{"actor", actor("district")}, {"item_id", r.at_pointer("/items/0/id")}, {"type", "transfer"}});
  CHECK(e.ok("delivery.run", {}).at("attempted").as_int64() == 1);
  // EngineClient parses with Boost.JSON, which refuses invalid UTF-8: reaching here is the check
  json::value jobs = e.ok("delivery.list", json::object{{"actor", actor("district")}});
  std::string err(jobs.at_pointer("/jobs/0/last_error").as_string());
  CHECK(err.find("busy") != std::string::npos);
  CHECK(err.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD where the bad bytes were
}

TEST_CASE("archived cases cannot be changed or deleted even with the sqlite3 shell", "[sqlite]") {
  Dir dir;
  std::string case_id;
  {
    EngineClient e(config(dir));
    json::value r = e.ok("intake", intake_req("town.gulou", 800, {"dibao"}));
    case_id = std::string(r.at("case_id").as_string());
    std::string item(r.at_pointer("/items/0/id").as_string());
    e.ok("route", json::object{{"actor", actor("town.gulou")}, {"item_id", item}, {"type", "distribute"}});
    e.ok("feedback", feedback_req("town.gulou.office", item, "granted"));
    e.ok("archive", json::object{{"actor", actor("town.gulou")}, {"case_id", case_id}});
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.db().c_str(), &db) == SQLITE_OK);
  for (const char* sql : {"DELETE FROM cases", "UPDATE cases SET doc = '{}'", "DELETE FROM items",
                          "UPDATE items SET outcome = 'refused'", "DELETE FROM case_keys", "DELETE FROM events",
                          "UPDATE events SET type = 'x'"}) {
    INFO(sql);
    CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  }
  sqlite3_close(db);
  EngineClient e(config(dir));
  CHECK(e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", case_id}}).at("state") == "archived");
}

TEST_CASE("a closed case that still owes emergency paperwork stays in the due listing") {
  Dir dir;
  EngineClient e(config(dir));
  json::object req = intake_req("town.gulou", 900, {"temporary"});
  req["urgency"] = "emergency";
  json::value r = e.ok("intake", req);
  std::string item(r.at_pointer("/items/0/id").as_string());
  e.ok("emergency.grant", json::object{{"actor", actor("town.gulou")}, {"item_id", item},
                                       {"measures", "先行发放临时生活救助金"}, {"amount", 1000}});
  e.ok("route", json::object{{"actor", actor("town.gulou")}, {"item_id", item}, {"type", "distribute"}});
  e.ok("feedback", feedback_req("town.gulou.office", item, "granted"));
  json::value c = e.ok("case.get", json::object{{"actor", actor("district")}, {"case_id", r.at("case_id")}});
  REQUIRE(c.at("state") == "closed");
  auto paperwork_listed = [&](const char* list) {
    json::value due = e.ok("due.list", json::object{{"actor", actor("town.gulou")}});
    for (const auto& ob : due.at(list).as_array())
      if (ob.at("kind") == "paperwork" && ob.at("item_id").as_string() == item) return true;
    return false;
  };
  CHECK(paperwork_listed("due"));
  e.ok("clock.advance", json::object{{"working_days", 11}});
  CHECK(paperwork_listed("overdue"));
  CHECK(e.call("archive", json::object{{"actor", actor("town.gulou")}, {"case_id", r.at("case_id")}}).status ==
        OD_ERR_CONFLICT);
  e.ok("paperwork.complete", json::object{{"actor", actor("town.gulou")}, {"item_id", item}, {"note", "手续已补齐"}});
  CHECK_FALSE(paperwork_listed("overdue"));
  CHECK_FALSE(paperwork_listed("due"));
  e.ok("archive", json::object{{"actor", actor("town.gulou")}, {"case_id", r.at("case_id")}});
}

TEST_CASE("an exclusive engine owns a database file alone", "[sqlite]") {
  Dir dir;
  auto exclusive = [&] {
    json::value cfg = json::parse(config(dir));
    cfg.as_object()["exclusive"] = true;
    return json::serialize(cfg);
  };
  auto first = std::make_unique<EngineClient>(exclusive());
  od_engine* second = nullptr;
  char* err = nullptr;
  CHECK(od_open(config(dir).c_str(), &second, &err) == OD_ERR_STORAGE);  // shared or not, it is refused
  CHECK(second == nullptr);
  REQUIRE(err != nullptr);
  CHECK(std::string(err).find("is already open exclusively in another onedoor engine") != std::string::npos);
  CHECK(std::string(err).find("\"field\":\"database\"") != std::string::npos);
  od_free(err);
  first.reset();  // closed: the file is free again
  EngineClient again(config(dir));
  CHECK(again.ok("engine.status", {}).at("schema_version").as_int64() >= 1);
}
