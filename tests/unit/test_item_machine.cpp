// domain/item_machine.h: every (state, action) pair, next states, and the routing rules
// of the five notices (domain.md's table).
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <vector>

#include "domain/item_machine.h"
#include "support.hpp"

using namespace od;
using S = ItemState;
using A = ItemAction;

namespace {

const std::vector<S> kStates = {S::AtWindow, S::Notified, S::Handling, S::AwaitingMaterial, S::AwaitingDecision, S::Answered};
const std::vector<A> kActions = {A::Route,          A::Acknowledge,     A::Opinion,
                                 A::RequestMaterial, A::ReceiveMaterial, A::RequestDecision,
                                 A::RecordDecision,  A::Feedback,        A::Withdraw};

// The intended table: the states in which each action is legal.
const std::map<A, std::set<S>>& intended() {
  static const std::map<A, std::set<S>> t = {
      {A::Route, {S::AtWindow}},
      {A::Acknowledge, {S::Notified}},
      {A::Opinion, {S::Notified, S::Handling}},
      {A::RequestMaterial, {S::Notified, S::Handling}},
      {A::ReceiveMaterial, {S::AwaitingMaterial}},
      {A::RequestDecision, {S::Handling, S::AtWindow}},
      {A::RecordDecision, {S::AwaitingDecision}},
      {A::Feedback, {S::Handling}},
      {A::Withdraw, {S::AtWindow}},
  };
  return t;
}

Case make_case(const std::string& hukou) {
  Case c;
  c.id = "C371502-2026-000001";
  c.hukou_town = hukou;
  c.window = "town." + hukou;
  return c;
}

Item make_item(const std::string& category, S state = S::AtWindow) {
  Item it;
  it.id = "C371502-2026-000001-1";
  it.category = category;
  it.state = state;
  return it;
}

}  // namespace

TEST_CASE("item machine: allowed() is exactly the intended table", "[machine]") {
  int legal = 0;
  for (S s : kStates) {
    for (A a : kActions) {
      bool want = intended().at(a).count(s) > 0;
      INFO("state " << name(s) << ", action " << name(a));
      CHECK(allowed(s, a) == want);
      legal += want;
    }
  }
  CHECK(legal == 12);
  // an answered item accepts nothing
  for (A a : kActions) CHECK_FALSE(allowed(S::Answered, a));
}

TEST_CASE("item machine: action names", "[machine]") {
  CHECK(std::string(name(A::Route)) == "route");
  CHECK(std::string(name(A::RequestMaterial)) == "material.request");
  CHECK(std::string(name(A::ReceiveMaterial)) == "material.receive");
  CHECK(std::string(name(A::RequestDecision)) == "decision.request");
  CHECK(std::string(name(A::RecordDecision)) == "decision.record");
  CHECK(std::string(name(A::Withdraw)) == "withdraw");
}

TEST_CASE("item machine: next_state for each legal action", "[machine]") {
  Item it = make_item("dibao");
  // route: forward and hand-over land at a window again, the others at the receiving unit
  CHECK(next_state(it, A::Route, NoticeType::Distribute) == S::Notified);
  CHECK(next_state(it, A::Route, NoticeType::Transfer) == S::Notified);
  CHECK(next_state(it, A::Route, NoticeType::Refer) == S::Notified);
  CHECK(next_state(it, A::Route, NoticeType::Forward) == S::AtWindow);
  CHECK(next_state(it, A::Route, NoticeType::HandOver) == S::AtWindow);
  CHECK(next_state(it, A::Withdraw) == S::Answered);

  it.state = S::Notified;
  CHECK(next_state(it, A::Acknowledge) == S::Handling);
  CHECK(next_state(it, A::Opinion) == S::Handling);
  CHECK(next_state(it, A::RequestMaterial) == S::AwaitingMaterial);

  it.state = S::Handling;
  CHECK(next_state(it, A::Opinion) == S::Handling);
  CHECK(next_state(it, A::RequestMaterial) == S::AwaitingMaterial);
  CHECK(next_state(it, A::RequestDecision) == S::AwaitingDecision);
  CHECK(next_state(it, A::Feedback) == S::Answered);

  it.state = S::AwaitingDecision;
  CHECK(next_state(it, A::RecordDecision) == S::Handling);
  // a window that asked its local government gets the item back at the window
  it.resume_state = S::AtWindow;
  CHECK(next_state(it, A::RecordDecision) == S::AtWindow);
  it.resume_state = S::Handling;

  // material received: back to where the item was when it paused
  it.state = S::AwaitingMaterial;
  it.resume_state = S::Handling;
  CHECK(next_state(it, A::ReceiveMaterial) == S::Handling);
  it.resume_state = S::Notified;
  CHECK(next_state(it, A::ReceiveMaterial) == S::Notified);
}

TEST_CASE("item machine: default receivers", "[machine]") {
  const District& d = odtest::sample();
  Case c = make_case("liuyuan");
  Item dibao = make_item("dibao");
  Item edu = make_item("education");
  CHECK(default_receiver(d, c, dibao, NoticeType::Distribute, "town.gulou") == "town.gulou.office");
  CHECK(default_receiver(d, c, dibao, NoticeType::Forward, "town.gulou") == "district");
  CHECK(default_receiver(d, c, dibao, NoticeType::HandOver, "district") == "town.liuyuan");
  CHECK(default_receiver(d, c, edu, NoticeType::Transfer, "district") == "dept.education");
  CHECK(default_receiver(d, c, dibao, NoticeType::Transfer, "district") == "dept.civil");
  CHECK(default_receiver(d, c, dibao, NoticeType::Refer, "district") == "");
  CHECK(default_receiver(d, c, dibao, NoticeType::Distribute, "nowhere") == "");
}

TEST_CASE("item machine: distribute (分办) town window -> its own handling units", "[machine][route]") {
  const District& d = odtest::sample();
  Case c = make_case("gulou");
  Item dibao = make_item("dibao");
  Item housing = make_item("housing");
  CHECK(route_problem(d, c, dibao, NoticeType::Distribute, "town.gulou", "town.gulou.office") == "");
  // another town's office
  CHECK(route_problem(d, c, dibao, NoticeType::Distribute, "town.gulou", "town.liuyuan.office") != "");
  // not a town office
  CHECK(route_problem(d, c, dibao, NoticeType::Distribute, "town.gulou", "dept.civil") != "");
  CHECK(route_problem(d, c, dibao, NoticeType::Distribute, "town.gulou", "town.gulou") != "");
  // a category the town cannot handle
  CHECK(route_problem(d, c, housing, NoticeType::Distribute, "town.gulou", "town.gulou.office") != "");
  CHECK(route_problem(d, c, make_item("charity"), NoticeType::Distribute, "town.gulou", "town.gulou.office") != "");
  // only a town window distributes
  CHECK(route_problem(d, c, dibao, NoticeType::Distribute, "district", "town.gulou.office") != "");
  CHECK(route_problem(d, c, dibao, NoticeType::Distribute, "town.gulou.office", "town.gulou.office") != "");
  // every town-handleable category is fine from every town to its own office
  for (const auto& t : d.towns)
    for (const auto& [code, cat] : d.categories) {
      INFO(t.code << " " << code);
      bool ok = route_problem(d, c, make_item(code), NoticeType::Distribute, "town." + t.code, "town." + t.code + ".office").empty();
      CHECK(ok == cat.town_can_handle);
    }
}

TEST_CASE("item machine: forward (转送) only town window -> district window", "[machine][route]") {
  const District& d = odtest::sample();
  Case c = make_case("gulou");
  Item housing = make_item("housing");
  Item dibao = make_item("dibao");
  CHECK(route_problem(d, c, housing, NoticeType::Forward, "town.gulou", "district") == "");
  CHECK(route_problem(d, c, dibao, NoticeType::Forward, "town.gulou", "district") == "");
  CHECK(route_problem(d, c, housing, NoticeType::Forward, "town.liuyuan", "district") == "");
  CHECK(route_problem(d, c, housing, NoticeType::Forward, "town.gulou", "dept.housing") != "");
  CHECK(route_problem(d, c, housing, NoticeType::Forward, "town.gulou", "town.liuyuan") != "");
  CHECK(route_problem(d, c, housing, NoticeType::Forward, "district", "district") != "");
  CHECK(route_problem(d, c, housing, NoticeType::Forward, "town.gulou.office", "district") != "");
  CHECK(route_problem(d, c, housing, NoticeType::Forward, "dept.housing", "district") != "");
}

TEST_CASE("item machine: hand over (转交) only district -> the household-registration town window", "[machine][route]") {
  const District& d = odtest::sample();
  Case c = make_case("houying");
  Item dibao = make_item("dibao");
  CHECK(route_problem(d, c, dibao, NoticeType::HandOver, "district", "town.houying") == "");
  CHECK(route_problem(d, c, dibao, NoticeType::HandOver, "district", "town.gulou") != "");  // not the 户籍地
  CHECK(route_problem(d, c, dibao, NoticeType::HandOver, "district", "town.houying.office") != "");
  CHECK(route_problem(d, c, dibao, NoticeType::HandOver, "town.gulou", "town.houying") != "");
  CHECK(route_problem(d, c, dibao, NoticeType::HandOver, "dept.civil", "town.houying") != "");
  // a category no town can handle is transferred, not handed over
  CHECK(route_problem(d, c, make_item("education"), NoticeType::HandOver, "district", "town.houying") != "");
}

TEST_CASE("item machine: transfer (转办) only district -> the category's owner department", "[machine][route]") {
  const District& d = odtest::sample();
  Case c = make_case("gulou");
  for (const auto& [code, cat] : d.categories) {
    INFO(code);
    CHECK(route_problem(d, c, make_item(code), NoticeType::Transfer, "district", cat.owner) == "");
    for (const auto& [uid, u] : d.units) {
      if (uid == cat.owner) continue;
      CHECK(route_problem(d, c, make_item(code), NoticeType::Transfer, "district", uid) != "");
    }
  }
  CHECK(route_problem(d, c, make_item("education"), NoticeType::Transfer, "town.gulou", "dept.education") != "");
  CHECK(route_problem(d, c, make_item("education"), NoticeType::Transfer, "dept.civil", "dept.education") != "");
  CHECK(route_problem(d, c, make_item("education"), NoticeType::Transfer, "district", "dept.finance") != "");
}

TEST_CASE("item machine: refer (转介) only a window -> a social organisation", "[machine][route]") {
  const District& d = odtest::sample();
  Case c = make_case("gulou");
  Item charity = make_item("charity");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "district", "org.charity") == "");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "town.gulou", "org.volunteer") == "");
  CHECK(route_problem(d, c, make_item("dibao"), NoticeType::Refer, "town.liuyuan", "org.socialwork") == "");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "district", "dept.civil") != "");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "district", "gov.district") != "");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "town.gulou", "town.gulou.office") != "");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "town.gulou.office", "org.charity") != "");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "dept.civil", "org.charity") != "");
  CHECK(route_problem(d, c, charity, NoticeType::Refer, "org.volunteer", "org.charity") != "");
}

TEST_CASE("item machine: unknown units and categories are problems", "[machine][route]") {
  const District& d = odtest::sample();
  Case c = make_case("gulou");
  CHECK(route_problem(d, c, make_item("dibao"), NoticeType::Distribute, "nowhere", "town.gulou.office") != "");
  CHECK(route_problem(d, c, make_item("dibao"), NoticeType::Distribute, "town.gulou", "nowhere") != "");
  CHECK(route_problem(d, c, make_item("lottery"), NoticeType::Forward, "town.gulou", "district") != "");
}
