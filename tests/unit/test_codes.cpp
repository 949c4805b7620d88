// domain/codes.h: every code's table. Each name round-trips to its value and back, names
// are distinct, anything else is refused, and the stored names are the ones on disk and
// in the API (a renamed code would silently break stored cases and clients).
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "domain/codes.h"

using namespace od;

namespace {

template <typename E>
void round_trips(const EnumTable<E>& t, std::initializer_list<const char*> stored, bool labelled) {
  REQUIRE(t.rows().size() == stored.size());
  REQUIRE(t.names() == std::vector<std::string>(stored.begin(), stored.end()));
  std::set<std::string> names, labels;
  for (const auto& r : t.rows()) {
    CAPTURE(r.name);
    CHECK(t.parse(r.name) == r.value);
    CHECK(std::string(t.name(r.value)) == r.name);
    CHECK(std::string(t.label(r.value)) == r.label);
    CHECK(names.insert(r.name).second);
    if (labelled) {
      CHECK(std::string(r.label) != "");
      CHECK(labels.insert(r.label).second);
    }
  }
  // unknown names, near misses and other spellings are refused
  for (const char* bad : {"", "?", "unknown", " open", "open ", "OPEN", "In_Person", "in-person", "0"}) {
    CAPTURE(bad);
    CHECK_FALSE(t.parse(bad).has_value());
  }
}

}  // namespace

TEST_CASE("codes: every name round-trips, unknown names are refused") {
  round_trips(case_states(), {"open", "closed", "archived"}, true);
  round_trips(item_states(),
              {"at_window", "notified", "handling", "awaiting_material", "awaiting_decision", "answered"}, true);
  round_trips(notice_types(), {"distribute", "forward", "hand_over", "transfer", "refer"}, true);
  round_trips(outcomes(), {"none", "granted", "refused", "referred", "withdrawn", "merged"}, true);
  round_trips(unit_kinds(), {"district_window", "town_window", "town_office", "department", "social_org", "government"},
              true);
  round_trips(channels(), {"in_person", "committee", "discovery", "inquiry"}, true);
  round_trips(tell_channels(), {"in_person", "phone", "sms", "letter", "visit", "online"}, true);
  round_trips(urgencies(), {"normal", "emergency", "major"}, true);
  round_trips(job_states(), {"pending", "delivered", "dead"}, false);
}

TEST_CASE("codes: the free functions read the same tables") {
  CHECK(std::string(name(Channel::Inquiry)) == "inquiry");
  CHECK(std::string(label(Channel::Committee)) == "村(居)委会代为申请");
  CHECK(std::string(label(TellChannel::Letter)) == "书面信函");
  CHECK(std::string(name(Urgency::Major)) == "major");
  CHECK(std::string(label(Urgency::Emergency)) == "情况紧急");
  CHECK(std::string(label(CaseState::Archived)) == "已归档");
  CHECK(std::string(label(NoticeType::HandOver)) == "转交");
  CHECK(std::string(name(UnitKind::SocialOrg)) == "social_org");
  CHECK(std::string(name(JobState::Dead)) == "dead");
  CHECK(parse_channel("committee") == Channel::Committee);
  CHECK_FALSE(parse_channel("phone").has_value());  // a way of telling, not of applying
  CHECK(parse_tell_channel("phone") == TellChannel::Phone);
  CHECK(parse_urgency("emergency") == Urgency::Emergency);
  CHECK(parse_job_state("delivered") == JobState::Delivered);
  CHECK(parse_unit_kind("government") == UnitKind::Government);
  CHECK(names_of({Outcome::Granted, Outcome::Refused}) == std::vector<std::string>{"granted", "refused"});
}

TEST_CASE("codes: urgency is in rising order, so raising it compares values") {
  CHECK(Urgency::Normal < Urgency::Emergency);
  CHECK(Urgency::Emergency < Urgency::Major);
}
