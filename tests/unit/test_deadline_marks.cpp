// domain/deadline_marks.h: every deadline field counted into a year without data is marked.
#include <catch2/catch.hpp>

#include "domain/deadline_marks.h"
#include "support.hpp"

using namespace od;
namespace json = boost::json;

namespace {
Millis at(const char* iso) { return *parse_instant(iso); }
}  // namespace

TEST_CASE("deadline marks: a job body's answer_due and a notice's opinion_due into 2027", "[deadline_marks]") {
  const Calendar& cal = odtest::sample().calendar;  // 2026 only
  json::value body = json::parse(R"({"kind":"notice","notice":{"issued_at":"2026-12-30T09:00:00+08:00",
      "opinion_due":"2027-01-04T23:59:59+08:00","answer_due":"2027-01-27T23:59:59+08:00"},
      "grant":{"paperwork_due":"2027-01-13T23:59:59+08:00"},
      "cooperations":[{"requested_at":"2026-12-30T09:00:00+08:00","due":"2027-01-04T23:59:59+08:00"}]})");
  mark_provisional_deadlines(cal, at("2026-12-30T09:00:00+08:00"), body);
  CHECK(body.at_pointer("/notice/opinion_due_provisional") == true);
  CHECK(body.at_pointer("/notice/answer_due_provisional") == true);
  CHECK(body.at_pointer("/grant/paperwork_due_provisional") == true);
  CHECK(body.at_pointer("/cooperations/0/due_provisional") == true);
  // the deadline itself is unchanged
  CHECK(body.at_pointer("/notice/opinion_due") == "2027-01-04T23:59:59+08:00");
}

TEST_CASE("deadline marks: deadlines inside a year with data are not marked", "[deadline_marks]") {
  const Calendar& cal = odtest::sample().calendar;
  json::value v = json::parse(R"({"notice":{"issued_at":"2026-03-02T09:00:00+08:00",
      "opinion_due":"2026-03-05T23:59:59+08:00"},"due":"2026-04-01T23:59:59+08:00","text_due":42,"note":"x"})");
  mark_provisional_deadlines(cal, at("2026-03-02T09:00:00+08:00"), v);
  CHECK(v.at_pointer("/notice").as_object().if_contains("opinion_due_provisional") == nullptr);
  CHECK(v.as_object().if_contains("due_provisional") == nullptr);
  CHECK(v.as_object().if_contains("text_due_provisional") == nullptr);
  CHECK(v.as_object().size() == 4);  // notice, due, text_due, note: nothing added
}
