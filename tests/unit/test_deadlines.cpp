// domain/deadlines.h: what each unit owes per item state, paused working days, the
// answer owed to a bare inquiry.
#include <catch2/catch.hpp>

#include "domain/deadlines.h"
#include "support.hpp"

using namespace od;
using odtest::end_of;
using odtest::local;

namespace {

Case base_case() {
  Case c;
  c.id = "C371502-2026-000009";
  c.window = "town.gulou";
  c.hukou_town = "gulou";
  c.received_at = local(2026, 3, 2, 9, 0);  // Monday
  return c;
}

Item base_item(ItemState s, const std::string& holder, Millis since) {
  Item it;
  it.id = "C371502-2026-000009-1";
  it.category = "dibao";
  it.state = s;
  it.holder = holder;
  it.since = since;
  return it;
}

Notice notice(NoticeType t, const std::string& from, const std::string& to, Millis at) {
  Notice n;
  n.number = "X-2026-000001";
  n.type = t;
  n.sender = from;
  n.receiver = to;
  n.issued_at = at;
  return n;
}

const Obligation* find(const std::vector<Obligation>& obs, const std::string& kind) {
  for (const auto& o : obs)
    if (o.kind == kind) return &o;
  return nullptr;
}

}  // namespace

TEST_CASE("deadlines: an inquiry with no items owes an answer", "[deadlines]") {
  const District& d = odtest::sample();
  Case c = base_case();
  auto obs = obligations(d, c);
  REQUIRE(obs.size() == 1);
  CHECK(obs[0].kind == "inquiry");
  CHECK(obs[0].unit == "town.gulou");
  CHECK(obs[0].case_id == c.id);
  CHECK(obs[0].item_id == "");
  CHECK(obs[0].since == c.received_at);
  CHECK(obs[0].due == end_of(2026, 3, 5));
  // answered (closed): nothing is owed any more
  c.state = CaseState::Closed;
  CHECK(obligations(d, c).empty());
  // an inquiry received just before Qingming
  Case q = base_case();
  q.received_at = local(2026, 4, 2, 16, 0);
  REQUIRE(obligations(d, q).size() == 1);
  CHECK(obligations(d, q)[0].due == end_of(2026, 4, 8));
}

TEST_CASE("deadlines: obligations per item state", "[deadlines]") {
  const District& d = odtest::sample();
  Millis t0 = local(2026, 3, 2, 10, 0);  // Monday

  SECTION("at a window: route within 3 working days") {
    Case c = base_case();
    c.items.push_back(base_item(ItemState::AtWindow, "town.gulou", t0));
    auto obs = obligations(d, c);
    REQUIRE(obs.size() == 1);
    CHECK(obs[0].kind == "route");
    CHECK(obs[0].unit == "town.gulou");
    CHECK(obs[0].item_id == c.items[0].id);
    CHECK(obs[0].due == end_of(2026, 3, 5));
  }
  SECTION("notified: opinion in 3 and feedback in 3 + 3") {
    Case c = base_case();
    Item it = base_item(ItemState::Notified, "town.gulou.office", t0);
    it.notices.push_back(notice(NoticeType::Distribute, "town.gulou", "town.gulou.office", t0));
    c.items.push_back(it);
    auto obs = obligations(d, c);
    REQUIRE(obs.size() == 2);
    REQUIRE(find(obs, "opinion"));
    CHECK(find(obs, "opinion")->unit == "town.gulou.office");
    CHECK(find(obs, "opinion")->due == end_of(2026, 3, 5));
    REQUIRE(find(obs, "feedback"));
    CHECK(find(obs, "feedback")->due == end_of(2026, 3, 10));
    auto next = next_obligation(d, c, c.items[0]);
    REQUIRE(next);
    CHECK(next->kind == "opinion");
  }
  SECTION("handling after the opinion: feedback within 3 working days of it") {
    Case c = base_case();
    Item it = base_item(ItemState::Handling, "town.gulou.office", t0);
    it.notices.push_back(notice(NoticeType::Distribute, "town.gulou", "town.gulou.office", t0));
    it.opinion_at = local(2026, 3, 4, 15, 0);  // Wednesday
    it.opinion = "符合条件";
    c.items.push_back(it);
    auto obs = obligations(d, c);
    REQUIRE(obs.size() == 1);
    CHECK(obs[0].kind == "feedback");
    CHECK(obs[0].since == *it.opinion_at);
    CHECK(obs[0].due == end_of(2026, 3, 9));
  }
  SECTION("transfer: opinion and completion within the category's policy days") {
    Case c = base_case();
    Item it = base_item(ItemState::Notified, "dept.education", t0);
    it.category = "education";  // policy_days 20
    it.notices.push_back(notice(NoticeType::Transfer, "district", "dept.education", t0));
    c.items.push_back(it);
    auto obs = obligations(d, c);
    REQUIRE(find(obs, "opinion"));
    REQUIRE(find(obs, "complete"));
    CHECK(find(obs, "feedback") == nullptr);
    CHECK(find(obs, "complete")->due == d.calendar.deadline(t0, 20));
    CHECK(find(obs, "complete")->due == end_of(2026, 3, 30));
  }
  SECTION("awaiting a decision: the local government asked owes it") {
    Case c = base_case();
    Item it = base_item(ItemState::AwaitingDecision, "town.gulou.office", t0);
    it.notices.push_back(notice(NoticeType::Distribute, "town.gulou", "town.gulou.office", t0));
    it.decision = DecisionRequest{t0, "town.gulou.office", "town.gulou.gov", "特殊事项", d.calendar.deadline(t0, 5),
                                  std::nullopt, ""};
    c.items.push_back(it);
    auto obs = obligations(d, c);
    REQUIRE(obs.size() == 1);
    CHECK(obs[0].kind == "decision");
    CHECK(obs[0].unit == "town.gulou.gov");
    CHECK(obs[0].due == end_of(2026, 3, 9));
    // a request stored before local governments named none: the district government
    c.items[0].decision->to.clear();
    CHECK(obligations(d, c)[0].unit == "gov.district");
  }
  SECTION("awaiting material: the clock is paused") {
    Case c = base_case();
    Item it = base_item(ItemState::AwaitingMaterial, "town.gulou.office", t0);
    it.notices.push_back(notice(NoticeType::Distribute, "town.gulou", "town.gulou.office", t0));
    it.pauses.push_back({t0, std::nullopt, "收入证明"});
    c.items.push_back(it);
    CHECK(obligations(d, c).empty());
    CHECK_FALSE(next_obligation(d, c, c.items[0]).has_value());
  }
  SECTION("answered: nothing, unless emergency paperwork is pending") {
    Case c = base_case();
    Item it = base_item(ItemState::Answered, "town.gulou.office", t0);
    c.items.push_back(it);
    c.state = CaseState::Closed;
    CHECK(obligations(d, c).empty());
    c.items[0].emergency = EmergencyGrant{t0, "town.gulou", "临时生活费", 500.0, d.calendar.deadline(t0, 10), std::nullopt, ""};
    auto obs = obligations(d, c);
    REQUIRE(obs.size() == 1);
    CHECK(obs[0].kind == "paperwork");
    CHECK(obs[0].unit == "town.gulou");
    CHECK(obs[0].due == end_of(2026, 3, 16));
    c.items[0].emergency->paperwork_done_at = t0 + 3'600'000;
    CHECK(obligations(d, c).empty());
  }
  SECTION("an archived case owes nothing") {
    Case c = base_case();
    c.items.push_back(base_item(ItemState::AtWindow, "town.gulou", t0));
    c.state = CaseState::Archived;
    CHECK(obligations(d, c).empty());
  }
}

TEST_CASE("deadlines: paused working days extend the deadline", "[deadlines]") {
  const District& d = odtest::sample();
  const Calendar& cal = d.calendar;

  // the opinion on Tuesday 29 Sep: feedback due at the close of 9 Oct (30 Sep, 8 Oct, 9 Oct)
  Millis opinion = local(2026, 9, 29, 10, 0);
  Case c = base_case();
  Item it = base_item(ItemState::Handling, "town.gulou.office", local(2026, 9, 28, 9, 0));
  it.notices.push_back(notice(NoticeType::Distribute, "town.gulou", "town.gulou.office", local(2026, 9, 28, 9, 0)));
  it.opinion_at = opinion;
  c.items.push_back(it);
  REQUIRE(obligations(d, c).size() == 1);
  CHECK(obligations(d, c)[0].due == end_of(2026, 10, 9));

  // paused from Wednesday 30 Sep to Saturday 10 Oct: across National Day (off) and the
  // adjusted working Saturday 10 Oct (on): 8, 9, 10 Oct = 3 working days paused
  c.items[0].pauses.push_back({local(2026, 9, 30, 11, 0), local(2026, 10, 10, 9, 0), "户口簿复印件"});
  CHECK(paused_working_days(cal, c.items[0], opinion) == 3);
  REQUIRE(obligations(d, c).size() == 1);
  CHECK(obligations(d, c)[0].kind == "feedback");
  CHECK(obligations(d, c)[0].due == end_of(2026, 10, 13));  // 6 working days: ..., 10, 12, 13 Oct

  // a second pause across Spring-Festival-like gap is added up
  Item two = it;
  two.pauses.push_back({local(2026, 2, 13, 9, 0), local(2026, 2, 24, 9, 0), "a"});  // 14 Feb (Sat, on), 24 Feb
  two.pauses.push_back({local(2026, 4, 3, 9, 0), local(2026, 4, 7, 9, 0), "b"});    // Qingming: only 7 Apr
  CHECK(paused_working_days(cal, two, local(2026, 1, 5)) == 3);
  // pauses before the deadline's starting point do not count
  CHECK(paused_working_days(cal, two, local(2026, 3, 1)) == 1);
  CHECK(paused_working_days(cal, two, local(2026, 5, 1)) == 0);
  // an open pause counts nothing yet
  Item open = it;
  open.pauses.push_back({local(2026, 3, 2, 9, 0), std::nullopt, "c"});
  CHECK(paused_working_days(cal, open, local(2026, 1, 5)) == 0);
  // a pause within one day counts nothing
  Item sameday = it;
  sameday.pauses.push_back({local(2026, 3, 2, 9, 0), local(2026, 3, 2, 17, 0), "d"});
  CHECK(paused_working_days(cal, sameday, local(2026, 1, 5)) == 0);
}

TEST_CASE("deadlines: a paused notified item gets its opinion deadline moved too", "[deadlines]") {
  const District& d = odtest::sample();
  Millis issued = local(2026, 4, 2, 9, 0);  // Thursday before Qingming
  Case c = base_case();
  Item it = base_item(ItemState::Handling, "town.gulou.office", issued);
  it.notices.push_back(notice(NoticeType::Distribute, "town.gulou", "town.gulou.office", issued));
  c.items.push_back(it);
  auto obs = obligations(d, c);
  REQUIRE(find(obs, "opinion"));
  CHECK(find(obs, "opinion")->due == end_of(2026, 4, 8));  // 3 Apr, 7 Apr, 8 Apr
  // paused Thursday 2 Apr -> Thursday 9 Apr: 3, 7, 8, 9 Apr = 4 working days
  c.items[0].pauses.push_back({local(2026, 4, 2, 15, 0), local(2026, 4, 9, 10, 0), "医疗费用票据"});
  obs = obligations(d, c);
  REQUIRE(find(obs, "opinion"));
  CHECK(find(obs, "opinion")->due == end_of(2026, 4, 14));
}
