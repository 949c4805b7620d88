// Issue 10's pure parts: the role matrix, duplicate keys, one deadline per referral,
// cooperation deadlines, provisional deadlines, restating due dates after a calendar
// year is loaded, birth dates in the future.
#include <catch2/catch.hpp>

#include "domain/deadlines.h"
#include "rules/roles.h"
#include "support.hpp"
#include "util/json_duplicates.h"

using namespace od;
using odtest::end_of;
using odtest::local;

namespace {

Case open_case(ItemState s, const std::string& holder, NoticeType t, Millis at) {
  Case c;
  c.id = "C371502-2026-000010";
  c.window = "district";
  c.hukou_town = "gulou";
  c.received_at = at;
  Item it;
  it.id = c.id + "-1";
  it.category = "charity";
  it.state = s;
  it.holder = holder;
  it.since = at;
  Notice n;
  n.number = "REF-2026-000001";
  n.type = t;
  n.sender = "district";
  n.receiver = holder;
  n.issued_at = at;
  it.notices.push_back(n);
  c.items.push_back(it);
  return c;
}

}  // namespace

TEST_CASE("roles: the matrix answers per operation, place and role", "[roles]") {
  CHECK(role_problem("intake", UnitKind::TownWindow, "officer").empty());
  CHECK(role_problem("intake", UnitKind::DistrictWindow, "supervisor").empty());
  CHECK(role_problem("intake", UnitKind::TownWindow, "handler") ==
        "at a window, intake is done by an officer or a supervisor, not by a handler");
  CHECK_FALSE(role_problem("feedback", UnitKind::Department, "handler").empty());
  CHECK(role_problem("feedback", UnitKind::SocialOrg, "head").empty());
  CHECK(role_problem("feedback", UnitKind::TownWindow, "officer").empty());  // a withdrawal
  CHECK_FALSE(role_problem("decision.record", UnitKind::Government, "officer").empty());
  // nothing said: the operation decides (a department taking an intake is refused there)
  CHECK(role_problem("intake", UnitKind::Department, "handler").empty());
  CHECK(role_problem("case.get", UnitKind::Government, "officer").empty());
  // every rule names only known roles
  for (const RoleRule& r : role_matrix())
    for (const auto& role : r.roles)
      CHECK((role == "officer" || role == "handler" || role == "head" || role == "supervisor"));
}

TEST_CASE("duplicate keys: found with their path, after unescaping", "[json]") {
  CHECK_FALSE(first_duplicate_key(R"({"a":1,"b":{"a":2},"c":[{"a":1},{"a":1}]})"));
  CHECK(first_duplicate_key(R"({"a":1,"a":2})") == std::optional<std::string>("a"));
  CHECK(first_duplicate_key(R"({"x":{"y":1,"y":2}})") == std::optional<std::string>("x.y"));
  CHECK(first_duplicate_key(R"({"x":[1,{"y":1},{"z":1,"z":1}]})") == std::optional<std::string>("x[2].z"));
  CHECK(first_duplicate_key(R"({"a\u0062":1,"ab":2})") == std::optional<std::string>("ab"));
  // keys inside string values and escaped quotes do not confuse it
  CHECK_FALSE(first_duplicate_key(R"({"a":"\"a\":1,","b":"{\"a\":1}"})"));
  CHECK(first_duplicate_key(R"([{"k":1},{"k":2,"k":3}])") == std::optional<std::string>("[1].k"));
}

TEST_CASE("deadlines: a referral owes one deadline, the report back", "[deadlines]") {
  const District& d = odtest::sample();
  Millis t0 = local(2026, 3, 2, 9, 0);
  Case c = open_case(ItemState::Notified, "org.charity", NoticeType::Refer, t0);
  auto obs = obligations(d, c);
  REQUIRE(obs.size() == 1);
  CHECK(obs[0].kind == "feedback");
  CHECK(obs[0].unit == "org.charity");
  CHECK(obs[0].due == end_of(2026, 3, 5));
  // a distribute notice still owes the opinion and the feedback
  Case c2 = open_case(ItemState::Notified, "town.gulou.office", NoticeType::Distribute, t0);
  CHECK(obligations(d, c2).size() == 2);
}

TEST_CASE("deadlines: a cooperation request owes its answer while the item is open", "[deadlines]") {
  const District& d = odtest::sample();
  Millis t0 = local(2026, 3, 2, 9, 0);
  Case c = open_case(ItemState::Handling, "town.gulou.office", NoticeType::Distribute, t0);
  c.items[0].opinion_at = t0;
  c.items[0].cooperations.push_back({"COO-2026-000001", "town.gulou.office", "dept.health", "q", t0, 0, "o", {}, "", ""});
  auto obs = obligations(d, c);
  const Obligation* k = nullptr;
  for (const auto& o : obs)
    if (o.kind == "cooperation") k = &o;
  REQUIRE(k);
  CHECK(k->unit == "dept.health");
  CHECK(k->due == end_of(2026, 3, 5));
  c.items[0].cooperations[0].answered_at = t0;
  for (const auto& o : obligations(d, c)) CHECK(o.kind != "cooperation");
  c.items[0].cooperations[0].answered_at.reset();
  c.items[0].state = ItemState::Answered;
  CHECK(obligations(d, c).empty());
}

TEST_CASE("deadlines: counted into a year without data, provisional; restated when it loads", "[deadlines]") {
  District d = odtest::sample();
  Millis t0 = local(2026, 12, 30, 9, 0);  // Wednesday
  Case c = open_case(ItemState::Notified, "org.charity", NoticeType::Refer, t0);
  c.items[0].notices[0].opinion_due = d.calendar.deadline(t0, d.deadlines.opinion);
  auto obs = obligations(d, c);
  REQUIRE(obs.size() == 1);
  CHECK(obs[0].due == end_of(2027, 1, 4));  // 1 Jan 2027 counted as a working day
  CHECK(obs[0].provisional);
  CHECK(restate_due_dates(d, c).empty());  // nothing moved yet

  Calendar y2027({odtest::day(2027, 1, 1)}, {}, {2027});
  CHECK(d.calendar.merge(y2027) == std::set<int>{2027});
  CHECK(d.calendar.merge(y2027).empty());  // a year already there is kept
  CHECK_FALSE(d.calendar.is_working_day(odtest::day(2027, 1, 1)));
  obs = obligations(d, c);
  CHECK(obs[0].due == end_of(2027, 1, 5));
  CHECK_FALSE(obs[0].provisional);
  auto moved = restate_due_dates(d, c);
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].what == "notice REF-2026-000001 opinion_due");
  CHECK(moved[0].before == end_of(2027, 1, 4));
  CHECK(moved[0].after == end_of(2027, 1, 5));
  CHECK(c.items[0].notices[0].opinion_due == end_of(2027, 1, 5));
  CHECK(restate_due_dates(d, c).empty());
  // and without the year again: weekends only there, other years untouched
  Calendar back = d.calendar.without({2027});
  CHECK(back.is_working_day(odtest::day(2027, 1, 1)));
  CHECK_FALSE(back.covers(odtest::day(2027, 6, 1)));
  CHECK_FALSE(back.is_working_day(odtest::day(2026, 10, 1)));  // National Day 2026 kept
  CHECK(back.covers(odtest::day(2026, 6, 1)));
}

TEST_CASE("resident IDs: a birth date after today is refused", "[resident_id]") {
  std::string first17 = "37150220260303001";
  std::string id = first17 + resident_id_check_char(first17);
  CHECK(resident_id_problem(id).empty());
  CHECK(resident_id_problem(id, odtest::day(2026, 3, 3)).empty());
  CHECK(resident_id_problem(id, odtest::day(2026, 3, 2)) == "the birth date 2026-03-03 is in the future");
}
