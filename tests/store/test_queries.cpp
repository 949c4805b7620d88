// Every query answered from the store's index, against a brute-force recount over every
// case document, on a randomized district of a few thousand cases: after the load,
// across a reopen, and after the database is taken back to the schema before the tally
// of owing items (version 5) and before the index (version 1) and migrated in place.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "domain/deadlines.h"
#include "domain/resident_id.h"
#include "engine/access.h"
#include "engine/engine.h"
#include "onedoor/onedoor.h"
#include "synthetic.h"
#include "test_database.h"

namespace json = boost::json;
using namespace od;

namespace {

const std::string kDistrictFile = std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json";

struct Fixture {
  std::string dir, db;
  Fixture() {
    // on tmpfs where there is one: this test is about answers, not fsyncs
    char tmpl[] = "/dev/shm/od_store_XXXXXX";
    char tmpl_tmp[] = "/tmp/od_store_XXXXXX";
    if (access("/dev/shm", W_OK) != 0) std::copy(std::begin(tmpl_tmp), std::end(tmpl_tmp), tmpl);
    dir = mkdtemp(tmpl);
    db = dir + "/district.db";
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  // the SQLite file, or the PostgreSQL database of this path (tests/common/test_database.h)
  json::value database() const {
    char* text = od_test_database_json(db.c_str());
    json::value v = json::parse(text);
    std::free(text);
    return v;
  }
  std::string config() const {
    json::object c{{"database", database()}, {"district_file", kDistrictFile}, {"clock", "manual"},
                   {"clock_start", "2026-03-02T08:30:00+08:00"}, {"delivery", json::object{{"workers", 0}}}};
    return json::serialize(c);
  }
};

json::object actor(const std::string& unit, const char* role) {
  return json::object{{"officer", "T-" + unit}, {"unit", unit}, {"role", role}};
}

struct Result {
  int32_t status;
  json::value body;
};
Result call(Engine& e, const char* op, json::object req) {
  auto [status, text] = e.call(op, json::serialize(req));
  return {status, json::parse(text)};
}

// ---- the randomized district ---------------------------------------------------------

std::vector<std::string> load_district(Engine& e, int cases, unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const District& d = e.district();
  std::vector<std::string> towns, categories;
  for (const auto& t : d.towns) towns.push_back(t.code);
  for (const auto& [code, c] : d.categories) categories.push_back(code);
  const char* channels[] = {"in_person", "committee", "discovery", "inquiry"};
  const char* urgencies[] = {"normal", "normal", "normal", "emergency", "major"};
  std::vector<std::string> ids;
  std::string stalled;
  for (int i = 0; i < cases; ++i) {
    call(e, "clock.advance", {{"minutes", pick(240)}});
    if (pick(40) == 0) call(e, "clock.advance", {{"working_days", 1 + pick(4)}});
    const std::string town = towns[pick(static_cast<int>(towns.size()))];
    const std::string window = pick(3) == 0 ? d.district_window() : d.town_window(town);
    char id[19], hid[19], name[32];
    // a few people apply more than once, so duplicates and resubmissions happen
    unsigned long person = pick(5) == 0 ? static_cast<unsigned long>(pick(i + 1)) : 100000UL + i;
    od_synthetic_id(person * 2, id);
    od_synthetic_id(person * 2 + 1, hid);
    od_synthetic_name(person, name, sizeof name);
    std::string channel = channels[pick(4)];
    json::object req{{"actor", actor(window, "officer")},
                     {"channel", channel},
                     {"urgency", urgencies[pick(5)]},
                     {"applicant", json::object{{"name", name}, {"id_number", id}, {"hukou_town", town}}},
                     {"hardship", "家庭困难，需要救助"}};
    if (channel == "committee") req["committee"] = "示例社区居委会";
    if (pick(2) == 0) req["household"] = json::array{json::object{{"name", "家属"}, {"id_number", hid}}};
    if (channel != "inquiry" || pick(2) == 0) {
      json::array cats;
      int n = 1 + (pick(4) == 0);
      for (int k = 0; k < n; ++k) {
        std::string c = categories[pick(static_cast<int>(categories.size()))];
        if (std::find(cats.begin(), cats.end(), json::value(c)) == cats.end()) cats.push_back(json::value(c));
      }
      req["categories"] = std::move(cats);
    }
    Result r = call(e, "intake", req);
    if (r.status == OD_OK && r.body.as_object().contains("case_id") && r.body.at("created").as_bool())
      ids.push_back(std::string(r.body.at("case_id").as_string()));
    // The first case is routed (a notice asking an opinion) and left untouched: an opinion overdue at every
    // check (referrals, which once added overdue opinions by chance, owe none).
    if (ids.size() == 1 && r.body.at("items").as_array().size() > 0 && stalled.empty()) {
      stalled = ids[0];
      Result routed = call(e, "route", {{"actor", actor(window, "officer")}, {"item_id", r.body.at_pointer("/items/0/id")},
                                        {"type", window == d.district_window() ? "transfer" : "distribute"}});
      REQUIRE(routed.status == OD_OK);  // the seed's first case can be routed so
    }

    // move a few earlier cases along, at random, as their holders
    for (int k = 0; k < 3 && !ids.empty(); ++k) {
      const std::string& cid = ids[pick(static_cast<int>(ids.size()))];
      if (cid == stalled) continue;
      Result got = call(e, "case.get", {{"actor", actor(d.district_window(), "officer")}, {"case_id", cid}});
      if (got.status != OD_OK) continue;
      const json::object& c = got.body.as_object();
      if (c.at("state") == "closed") {
        if (pick(2) == 0)
          call(e, "archive", {{"actor", actor(std::string(c.at("window").as_string()), "officer")}, {"case_id", cid}});
        continue;
      }
      if (c.at("state") != "open") continue;
      if (c.at("items").as_array().empty()) {
        call(e, "inquiry.answer", {{"actor", actor(std::string(c.at("window").as_string()), "officer")},
                                   {"case_id", cid}, {"reply", "已答复"}, {"channel", "phone"}});
        continue;
      }
      const json::object& it = c.at("items").as_array()[pick(static_cast<int>(c.at("items").as_array().size()))].as_object();
      std::string item = std::string(it.at("id").as_string()), holder = std::string(it.at("holder").as_string());
      std::string state = std::string(it.at("state").as_string());
      if (state == "at_window") {
        const char* types[] = {"distribute", "forward", "hand_over", "transfer", "transfer"};
        json::object rr{{"actor", actor(holder, "officer")}, {"item_id", item}, {"type", types[pick(5)]}};
        if (pick(8) == 0) rr["type"] = "refer", rr["to"] = "org.charity";
        call(e, "route", rr);
      } else if (state == "notified") {
        call(e, "acknowledge", {{"actor", actor(holder, "handler")}, {"item_id", item}});
      } else if (state == "handling") {
        if (!it.contains("opinion_at")) {
          call(e, "opinion", {{"actor", actor(holder, "handler")}, {"item_id", item}, {"opinion", "同意办理"}});
        } else if (pick(6) == 0) {
          call(e, "material.request", {{"actor", actor(holder, "handler")}, {"item_id", item}, {"what", "收入证明"}});
        } else {
          const char* outcomes[] = {"granted", "granted", "refused", "withdrawn"};
          json::object fb{{"actor", actor(holder, "head")}, {"item_id", item}, {"outcome", outcomes[pick(4)]},
                          {"told_at", format_instant(e.clock().now())}, {"channel", "phone"}, {"signer", "王主任"},
                          {"seal", "公章"}, {"measures", "按政策办理"}};
          if (pick(2) == 0) fb["amount"] = 100 * (1 + pick(20)) + (pick(3) == 0 ? 0.5 : 0.0);
          call(e, "feedback", fb);
        }
      } else if (state == "awaiting_material") {
        call(e, "material.receive", {{"actor", actor(holder, "handler")}, {"item_id", item}});
      }
      if (c.at("urgency") == "emergency" && pick(3) == 0)
        call(e, "emergency.grant", {{"actor", actor(d.district_window(), "officer")}, {"item_id", item},
                                    {"measures", "临时救助"}, {"amount", 500}});
    }
  }
  return ids;
}

// ---- brute force ---------------------------------------------------------------------

std::vector<Case> all_cases(Engine& e, const std::vector<std::string>& ids) {
  std::vector<Case> out;
  e.store().read([&](StoreTx& tx) {
    for (const auto& id : ids) {
      auto c = tx.find_case(id);
      REQUIRE(c);
      out.push_back(*c);
    }
  });
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.seq < b.seq; });
  return out;
}

Actor make_actor(const District& d, const std::string& unit) {
  Actor a;
  a.officer = "T";
  a.unit = unit;
  a.role = "officer";
  a.kind = d.unit(unit)->kind;
  a.town = d.unit(unit)->town;
  return a;
}

// Walks every page of a list, returning the rows of `key` from each.
std::vector<json::value> all_pages(Engine& e, const char* op, json::object req, const char* key, int limit) {
  std::vector<json::value> out;
  req["limit"] = limit;
  for (int pages = 0; pages < 100000; ++pages) {
    Result r = call(e, op, req);
    REQUIRE(r.status == OD_OK);
    for (const auto& row : r.body.at(key).as_array()) out.push_back(row);
    if (!r.body.as_object().contains("next")) return out;
    req["after"] = r.body.at("next");
  }
  FAIL("a list never ended");
  return out;
}

std::vector<std::string> listed_ids(const std::vector<json::value>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(std::string(r.at("id").as_string()));
  return out;
}

void check_case_lists(Engine& e, const std::vector<Case>& cases, const std::vector<std::string>& units) {
  const District& d = e.district();
  Millis now = e.clock().now();
  std::vector<std::string> towns{d.towns[0].code, d.towns[3].code};
  struct Filter {
    json::object req;
    std::function<bool(const Case&)> match;
  };
  auto any_item = [](const Case& c, auto pred) {
    return std::any_of(c.items.begin(), c.items.end(), pred);
  };
  std::vector<Filter> filters;
  filters.push_back({{}, [](const Case&) { return true; }});
  for (const char* s : {"open", "closed", "archived"})
    filters.push_back({{{"state", s}}, [s](const Case& c) { return std::string(name(c.state)) == s; }});
  for (const char* o : {"none", "granted", "refused", "merged"})
    filters.push_back({{{"outcome", o}}, [=](const Case& c) {
                         return any_item(c, [&](const Item& it) {
                           return std::string(name(it.feedback ? it.feedback->outcome : Outcome::None)) == o;
                         });
                       }});
  for (const auto& t : towns) filters.push_back({{{"town", t}}, [t](const Case& c) { return c.hukou_town == t; }});
  filters.push_back({{{"category", "medical"}},
                     [=](const Case& c) { return any_item(c, [](const Item& it) { return it.category == "medical"; }); }});
  filters.push_back({{{"unit", "dept.civil"}}, [](const Case& c) { return c.units.count("dept.civil") > 0; }});
  filters.push_back({{{"window", "district"}}, [](const Case& c) { return c.window == "district"; }});
  filters.push_back({{{"overdue", true}}, [&](const Case& c) {
                       auto obs = obligations(d, c);
                       return std::any_of(obs.begin(), obs.end(), [&](const Obligation& ob) { return ob.due < now; });
                     }});
  filters.push_back({{{"state", "open"}, {"category", "dibao"}, {"town", towns[0]}}, [&](const Case& c) {
                       return c.state == CaseState::Open && c.hukou_town == towns[0] &&
                              any_item(c, [](const Item& it) { return it.category == "dibao"; });
                     }});
  filters.push_back({{{"received_from", "2026-03-10T12:00:00+08:00"}, {"received_to", "2026-03-20"}},
                     [](const Case& c) {
                       return c.received_at >= *parse_instant("2026-03-10T12:00:00+08:00") &&
                              c.received_at < *parse_instant("2026-03-20");
                     }});
  // the applicant lookup: as applicant and as household member
  std::string person = cases[cases.size() / 2].applicant.id_number;
  filters.push_back({{{"applicant_id", person}}, [person](const Case& c) {
                       if (c.applicant.id_number == person) return true;
                       return std::any_of(c.household.begin(), c.household.end(),
                                          [&](const Person& p) { return p.id_number == person; });
                     }});
  for (const auto& unit : units) {
    Actor a = make_actor(d, unit);
    for (const auto& f : filters) {
      json::object req = f.req;
      req["actor"] = actor(unit, "officer");
      std::vector<std::string> want;
      for (const Case& c : cases)
        if (can_see(a, c) && f.match(c)) want.push_back(c.id);
      INFO("case.list " << json::serialize(req));
      CHECK(listed_ids(all_pages(e, "case.list", req, "cases", 37)) == want);
    }
  }
}

void check_due(Engine& e, const std::vector<Case>& cases, const std::vector<std::string>& units) {
  const District& d = e.district();
  Millis at = e.clock().now();
  for (const auto& unit : units) {
    Actor a = make_actor(d, unit);
    for (std::optional<std::string> only : {std::optional<std::string>{}, std::optional<std::string>{"dept.civil"},
                                           std::optional<std::string>{d.district_window()}}) {
      for (bool overdue_only : {false, true}) {
        struct Row {
          Millis due;
          int64_t seq;
          std::string item, kind, unit;
          bool operator<(const Row& o) const { return std::tie(due, seq, item, kind) < std::tie(o.due, o.seq, o.item, o.kind); }
        };
        std::vector<Row> want;
        std::map<std::string, std::pair<int64_t, int64_t>> counts;
        for (const Case& c : cases) {
          if (!can_see(a, c)) continue;
          for (const auto& ob : obligations(d, c)) {
            if (only && ob.unit != *only) continue;
            bool late = at > ob.due;
            auto& n = counts[ob.unit];
            (late ? n.second : n.first)++;
            if (late || !overdue_only) want.push_back({ob.due, c.seq, ob.item_id, ob.kind, ob.unit});
          }
        }
        std::sort(want.begin(), want.end());
        json::object req{{"actor", actor(unit, "officer")}, {"overdue", overdue_only}};
        if (only) req["unit"] = *only;
        INFO("due.list " << json::serialize(req));
        std::vector<std::string> got, expected;
        // due rows come in due order; each page lists its overdue rows, then its due rows
        std::vector<json::value> rows;
        json::object page_req = req;
        page_req["limit"] = 29;
        json::object units_seen;
        for (;;) {
          Result r = call(e, "due.list", page_req);
          REQUIRE(r.status == OD_OK);
          for (const char* k : {"overdue", "due"})
            for (const auto& row : r.body.at(k).as_array()) rows.push_back(row);
          units_seen = r.body.at("units").as_object();
          if (!r.body.as_object().contains("next")) break;
          page_req["after"] = r.body.at("next");
        }
        for (const auto& r : rows)
          got.push_back(std::string(r.at("due").as_string()) + " " + std::string(r.at("case_id").as_string()) + " " +
                        (r.as_object().contains("item_id") ? std::string(r.at("item_id").as_string()) : "") + " " +
                        std::string(r.at("kind").as_string()) + " " + std::string(r.at("unit").as_string()));
        std::sort(got.begin(), got.end());
        for (const auto& w : want) {
          std::string id;
          for (const Case& c : cases)
            if (c.seq == w.seq) id = c.id;
          expected.push_back(format_instant(w.due) + " " + id + " " + w.item + " " + w.kind + " " + w.unit);
        }
        std::sort(expected.begin(), expected.end());
        CHECK(got == expected);
        json::object want_units;
        for (const auto& [u, n] : counts) want_units[u] = json::object{{"due", n.first}, {"overdue", n.second}};
        CHECK(json::serialize(units_seen) == json::serialize(want_units));
      }
    }
  }
}

// The statistics as the engine computed them before the index: every visible case
// received in [from, to), counted one by one.
json::object recount_stats(const District& d, const std::vector<Case>& cases, const Actor& a, Millis now, Millis from,
                           Millis to) {
  std::map<std::string, std::map<std::string, int64_t>> by;
  int64_t n_cases = 0, items = 0, open_items = 0, overdue_items = 0, late = 0, on_time = 0, dups = 0, emerg = 0,
          majors = 0, late_opinions = 0, answered = 0;
  Millis total_ms = 0;
  for (const Case& c : cases) {
    if (!can_see(a, c) || c.received_at < from || c.received_at >= to) continue;
    ++n_cases;
    by["state"][name(c.state)]++;
    by["town"][c.hukou_town]++;
    by["window"][c.window]++;
    by["channel"][name(c.channel)]++;
    emerg += c.urgency == Urgency::Emergency;
    majors += c.urgency == Urgency::Major;
    for (const Item& it : c.items) {
      ++items;
      by["category"][it.category]++;
      const Category* cat = d.category(it.category);
      by["department"][cat ? cat->owner : "?"]++;
      by["holder"][it.holder]++;
      Outcome oc = it.feedback ? it.feedback->outcome : Outcome::None;
      late_opinions += it.opinion_late;
      by["outcome"][name(oc)]++;
      if (oc == Outcome::Merged) ++dups;
      if (!it.final()) {
        ++open_items;
        if (auto ob = next_obligation(d, c, it); ob && now > ob->due) ++overdue_items;
      } else if (it.feedback && oc != Outcome::Merged) {
        ++answered;
        (it.feedback->late ? late : on_time)++;
        total_ms += it.feedback->recorded_at - c.received_at;
      }
    }
  }
  json::object o{{"cases", n_cases},          {"items", items},          {"open_items", open_items},
                 {"overdue_items", overdue_items}, {"answered_on_time", on_time}, {"answered_late", late},
                 {"opinions_late", late_opinions}, {"duplicates_caught", dups}, {"emergencies", emerg},
                 {"major_cases", majors}};
  o["average_days"] = answered ? static_cast<double>(total_ms) / kMsPerDay / static_cast<double>(answered) : 0.0;
  json::object dims;
  for (const auto& [dim, counts] : by) {
    json::object x;
    for (const auto& [k, v] : counts) x[k] = v;
    dims[dim] = std::move(x);
  }
  o["by"] = std::move(dims);
  return o;
}

void check_stats(Engine& e, const std::vector<Case>& cases, const std::vector<std::string>& units) {
  const District& d = e.district();
  struct Period {
    const char* from;
    const char* to;
  };
  const Period periods[] = {{nullptr, nullptr},
                            {"2026-03-01", "2026-04-01"},
                            {"2026-03-09T13:15:00+08:00", "2026-03-27T08:45:00+08:00"},
                            {"2026-03-11T10:00:00+08:00", "2026-03-11T16:00:00+08:00"},
                            {"2026-03-16", nullptr}};
  for (const auto& unit : units) {
    Actor a = make_actor(d, unit);
    for (const auto& p : periods) {
      json::object req{{"actor", actor(unit, "officer")}};
      if (p.from) req["from"] = p.from;
      if (p.to) req["to"] = p.to;
      INFO("stats " << json::serialize(req));
      Result r = call(e, "stats", req);
      REQUIRE(r.status == OD_OK);
      json::object want = recount_stats(d, cases, a, e.clock().now(), p.from ? *parse_instant(p.from) : INT64_MIN,
                                        p.to ? *parse_instant(p.to) : INT64_MAX);
      const json::object& got = r.body.as_object();
      for (const auto& kv : want) {
        if (kv.key() == "average_days") {
          CHECK(std::abs(got.at("average_days_to_answer").to_number<double>() - kv.value().as_double()) < 1e-9);
        } else {
          INFO(kv.key());
          CHECK(json::serialize(got.at(kv.key())) == json::serialize(kv.value()));
        }
      }
    }
  }
}

void check_disclosure(Engine& e, const std::vector<Case>& cases) {
  const District& d = e.district();
  struct Want {
    Millis at;
    int64_t seq;
    std::string item;
    const Case* c;
    bool operator<(const Want& o) const { return std::tie(at, seq, item) < std::tie(o.at, o.seq, o.item); }
  };
  for (std::optional<std::string> town : {std::optional<std::string>{}, std::optional<std::string>{d.towns[0].code}}) {
    for (auto [from, to] : {std::pair<const char*, const char*>{nullptr, nullptr}, {"2026-03-12", "2026-04-01T12:00:00+08:00"}}) {
      std::vector<Want> want;
      Millis f = from ? *parse_instant(from) : INT64_MIN, t = to ? *parse_instant(to) : INT64_MAX;
      for (const Case& c : cases) {
        if (town && c.hukou_town != *town) continue;
        for (const Item& it : c.items)
          if (it.feedback && it.feedback->outcome == Outcome::Granted && it.feedback->recorded_at >= f &&
              it.feedback->recorded_at < t)
            want.push_back({it.feedback->recorded_at, c.seq, it.id, &c});
      }
      std::sort(want.begin(), want.end());
      json::object req{{"actor", actor("dept.civil", "officer")}};
      if (town) req["town"] = *town;
      if (from) req["from"] = from;
      if (to) req["to"] = to;
      INFO("disclosure " << json::serialize(req));
      auto rows = all_pages(e, "disclosure", req, "rows", 11);
      REQUIRE(rows.size() == want.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        const Case& c = *want[i].c;
        CHECK(std::string(rows[i].at("name").as_string()) == mask_name(c.applicant.name));
        CHECK(std::string(rows[i].at("id_number").as_string()) == mask_resident_id(c.applicant.id_number));
        CHECK(std::string(rows[i].at("granted_on").as_string()) == format_day(local_day(want[i].at)));
      }
    }
  }
}

// The district must exercise every path the queries have, or the comparison proves little.
void check_variety(Engine& e, const std::vector<Case>& cases) {
  std::map<std::string, int> seen;
  for (const Case& c : cases) {
    seen[std::string("state:") + name(c.state)]++;
    seen[std::string("urgency:") + name(c.urgency)]++;
    for (const Item& it : c.items) {
      seen[std::string("item:") + name(it.state)]++;
      seen[std::string("outcome:") + name(it.feedback ? it.feedback->outcome : Outcome::None)]++;
      if (it.emergency) seen["emergency_grant"]++;
      if (!it.pauses.empty()) seen["paused"]++;
    }
    for (const auto& ob : obligations(e.district(), c)) seen[(ob.due < e.clock().now() ? "overdue:" : "due:") + ob.kind]++;
  }
  for (const char* k : {"state:open", "state:closed", "state:archived", "urgency:emergency", "urgency:major",
                        "item:at_window", "item:notified", "item:handling", "item:answered", "outcome:granted",
                        "outcome:refused", "outcome:merged", "outcome:none", "emergency_grant", "paused", "due:opinion",
                        "overdue:opinion", "overdue:route", "due:feedback"}) {
    INFO(k);
    CHECK(seen[k] > 0);
  }
}

std::vector<std::string> query_units(const Engine& e) {
  return {"district", "town." + e.district().towns[0].code, "town." + e.district().towns[3].code + ".office",
          "dept.civil", "org.charity"};
}

void check_everything(Engine& e, const std::vector<std::string>& ids) {
  std::vector<Case> cases = all_cases(e, ids);
  REQUIRE(cases.size() == ids.size());
  check_variety(e, cases);
  const std::vector<std::string> units = query_units(e);
  check_case_lists(e, cases, units);
  check_due(e, cases, units);
  check_stats(e, cases, units);
  check_disclosure(e, cases);
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  INFO((err ? err : "") << " in " << sql);
  sqlite3_free(err);
  REQUIRE(rc == SQLITE_OK);
}

void exec(PGconn* db, const char* sql) {
  PGresult* r = PQexec(db, sql);
  INFO(PQerrorMessage(db) << " in " << sql);
  REQUIRE((PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK));
  PQclear(r);
}

// Takes the database back to the schema before the tally of owing items by due day
// (SQLite 5, PostgreSQL 1): the tally's rollup cells go, and so do its entries in each
// case's index record.
void before_owing_tally(const Fixture& fx) {
  if (od_test_on_pg()) {
    PGconn* db = PQconnectdb(std::string(fx.database().at("conninfo").as_string()).c_str());
    REQUIRE(PQstatus(db) == CONNECTION_OK);
    PGresult* r = PQexec(db, "SELECT COUNT(*) FROM rollup WHERE left(key, 2) = 'd' || chr(31)");
    REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK);
    CHECK(std::atoll(PQgetvalue(r, 0, 0)) > 0);
    PQclear(r);
    exec(db, "BEGIN");
    exec(db, "DELETE FROM rollup WHERE left(key, 2) = 'd' || chr(31)");
    exec(db,
         "UPDATE cases SET idx = jsonb_set(idx::jsonb, '{c}', COALESCE((SELECT jsonb_agg(v) FROM "
         "jsonb_array_elements(idx::jsonb -> 'c') v WHERE left(v ->> 0, 2) <> 'd' || chr(31)), '[]'::jsonb))::text "
         "WHERE state <> 'archived'");
    exec(db, "UPDATE od_schema SET version = 1");
    exec(db, "COMMIT");
    PQfinish(db);
    return;
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(fx.db.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM rollup WHERE substr(key, 1, 2) = 'd' || char(31)", -1, &st,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int64(st, 0) > 0);
  sqlite3_finalize(st);
  exec(db, "BEGIN");
  exec(db, "DELETE FROM rollup WHERE substr(key, 1, 2) = 'd' || char(31)");
  exec(db,
       "UPDATE cases SET idx = json_set(idx, '$.c', (SELECT json_group_array(json(value)) FROM json_each(cases.idx, "
       "'$.c') WHERE substr(json_extract(value, '$[0]'), 1, 2) <> 'd' || char(31))) WHERE state <> 'archived'");
  exec(db, "PRAGMA user_version = 5");
  exec(db, "COMMIT");
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("every query agrees with a brute-force recount, across a reopen and a migration") {
  Fixture fx;
  const unsigned seed = 20261201;
  std::vector<std::string> ids;
  {
    auto e = Engine::open(fx.config());
    ids = load_district(*e, 2500, seed);
    INFO("seed " << seed);
    REQUIRE(ids.size() > 1500);
    call(*e, "clock.advance", {{"working_days", 2}});
    check_everything(*e, ids);
  }
  {  // after a reopen
    auto e = Engine::open(fx.config());
    call(*e, "clock.set", {{"at", "2026-05-06T10:00:00+08:00"}});
    check_everything(*e, ids);
  }
  {  // after the database is taken back to the schema before the tally of owing items by
     // due day and migrated in place: the cases that owe something are indexed again
    before_owing_tally(fx);
    auto e = Engine::open(fx.config());
    CHECK(call(*e, "engine.status", {}).body.at("schema_version").as_int64() >= (od_test_on_pg() ? 2 : 6));
    call(*e, "clock.set", {{"at", "2026-05-07T10:00:00+08:00"}});
    check_everything(*e, ids);
    // Deadlines fall at 23:59:59: a second before midnight what is due today is overdue
    // and only the walk over today's dues counts it (the tallies go by whole days).
    auto overdue_at = [&](const char* at) {
      call(*e, "clock.set", {{"at", at}});
      check_stats(*e, all_cases(*e, ids), query_units(*e));
      return call(*e, "stats", {{"actor", actor("district", "officer")}}).body.at("overdue_items").as_int64();
    };
    const int64_t before = overdue_at("2026-05-07T23:59:58.500+08:00");
    CHECK(overdue_at("2026-05-07T23:59:59.500+08:00") > before);
  }
  // PostgreSQL's first schema already had the index: schema 1 below is SQLite's
  if (!od_test_on_pg()) {  // after the database is taken back to schema 1 and migrated in place
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(fx.db.c_str(), &db) == SQLITE_OK);
    // schema 1: no index tables, no index column, no format version in the documents,
    // and only the person and visibility keys
    exec(db, "BEGIN");
    exec(db, "DROP TRIGGER cases_archived_immutable");
    exec(db, "DROP TRIGGER case_keys_archived_no_delete");
    exec(db, "DROP TABLE dues; DROP TABLE due_counts; DROP TABLE rollup; DROP TABLE grants; DROP INDEX cases_received");
    // nor the disclosure publications and the audit chain (later migrations)
    exec(db, "DROP TABLE publications; DROP TABLE event_chain; DROP TABLE case_seals; ALTER TABLE events DROP COLUMN hash");
    // nor the outbox history (migration 5): delivered jobs back in the outbox
    exec(db,
         "INSERT INTO outbox(seq, id, case_id, item_id, unit, kind, state, attempts, created_at, next_at, reference, "
         "delivered_at) SELECT seq, id, case_id, item_id, unit, kind, 'delivered', attempts, created_at, created_at, "
         "reference, delivered_at FROM outbox_history");
    exec(db, "DROP TABLE outbox_history; DROP INDEX outbox_dead; DELETE FROM counters WHERE name = 'outbox.delivered'");
    exec(db, "ALTER TABLE cases DROP COLUMN idx");
    exec(db, "UPDATE cases SET doc = json_remove(doc, '$.v')");
    exec(db, "DELETE FROM case_keys WHERE substr(key, 1, 2) NOT IN ('p:', 'u:')");
    exec(db,
         "CREATE TRIGGER cases_archived_immutable BEFORE UPDATE ON cases WHEN OLD.state = 'archived' "
         "BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END");
    exec(db,
         "CREATE TRIGGER case_keys_archived_no_delete BEFORE DELETE ON case_keys "
         "WHEN (SELECT state FROM cases WHERE seq = OLD.case_seq) = 'archived' "
         "BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END");
    exec(db, "PRAGMA user_version = 1");
    exec(db, "COMMIT");
    sqlite3_close(db);
    auto e = Engine::open(fx.config());
    Result st = call(*e, "engine.status", {});
    CHECK(st.body.at("schema_version").as_int64() >= 2);
    call(*e, "clock.set", {{"at", "2026-04-20T10:00:00+08:00"}});
    check_everything(*e, ids);
  }
}

// A list call walks at most a bounded number of rows (4,096) and returns what it found
// with a cursor; past rows that match nothing it returns empty pages that go on, and it
// ends. Keys with no case behind them (what a damaged index would leave) stand for rows
// that do not match: 13,000 of them after the last case, under one town's key.
TEST_CASE("a list pages past a long run of rows that do not match (a bounded walk per call)") {
  Fixture fx;
  std::vector<std::string> ids;
  std::string town;
  int64_t last_seq = 0;
  {
    auto e = Engine::open(fx.config());
    ids = load_district(*e, 150, 20261202);
    town = e->district().towns[0].code;
    for (const Case& c : all_cases(*e, ids)) last_seq = std::max(last_seq, c.seq);
  }
  const std::string from = std::to_string(last_seq + 1), to = std::to_string(last_seq + 13000);
  if (od_test_on_pg()) {
    PGconn* db = PQconnectdb(std::string(fx.database().at("conninfo").as_string()).c_str());
    REQUIRE(PQstatus(db) == CONNECTION_OK);
    exec(db, ("INSERT INTO case_keys(key, case_seq) SELECT 't:" + town + "', g FROM generate_series(" + from + ", " +
              to + ") g").c_str());
    PQfinish(db);
  } else {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(fx.db.c_str(), &db) == SQLITE_OK);
    exec(db, ("WITH RECURSIVE s(n) AS (SELECT " + from + " UNION ALL SELECT n + 1 FROM s WHERE n < " + to +
              ") INSERT INTO case_keys(key, case_seq) SELECT 't:" + town + "', n FROM s")
                 .c_str());
    sqlite3_close(db);
  }
  auto e = Engine::open(fx.config());
  const std::vector<Case> cases = all_cases(*e, ids);
  auto has = [](const Case& c, const char* category) {
    return std::any_of(c.items.begin(), c.items.end(), [&](const Item& it) { return it.category == category; });
  };
  struct Filter {
    json::object req;
    std::function<bool(const Case&)> match;
  };
  const std::vector<Filter> filters = {
      {{{"town", town}}, [&](const Case& c) { return c.hukou_town == town; }},
      {{{"town", town}, {"category", "dibao"}}, [&](const Case& c) { return c.hukou_town == town && has(c, "dibao"); }},
  };
  for (const auto& f : filters) {
    json::object req = f.req;
    req["actor"] = actor("district", "officer");
    req["limit"] = 37;
    INFO("case.list " << json::serialize(req));
    std::vector<std::string> want, got;
    for (const Case& c : cases)
      if (f.match(c)) want.push_back(c.id);
    REQUIRE(!want.empty());
    int empty_pages = 0, pages = 0;
    for (;; ++pages) {
      REQUIRE(pages < 100);
      Result r = call(*e, "case.list", req);
      REQUIRE(r.status == OD_OK);
      const auto& rows = r.body.at("cases").as_array();
      CHECK(rows.size() <= 37);
      for (const auto& row : rows) got.push_back(std::string(row.at("id").as_string()));
      if (!r.body.as_object().contains("next")) break;
      if (rows.empty()) ++empty_pages;
      req["after"] = r.body.at("next");
    }
    CHECK(got == want);
    // the first page's walk ends among the 13,000 rows that match nothing; two more walks
    // of 4,096 return no case and a cursor; the last one reaches the end
    CHECK(empty_pages == 2);
  }
}
