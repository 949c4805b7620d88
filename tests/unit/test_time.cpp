// util/time.h: local dates in Asia/Shanghai (+08:00), ISO parsing and formatting.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace od;
using odtest::day;
using odtest::local;

TEST_CASE("time: day arithmetic and weekdays", "[time]") {
  CHECK(day_from_ymd(1970, 1, 1) == 0);
  CHECK(day_from_ymd(2026, 1, 1) == 20454);
  int y, m, d;
  ymd_from_day(day(2026, 2, 28) + 1, y, m, d);
  CHECK((y == 2026 && m == 3 && d == 1));
  ymd_from_day(day(2028, 2, 28) + 1, y, m, d);  // leap year
  CHECK((y == 2028 && m == 2 && d == 29));
  CHECK(weekday(day(2026, 1, 1)) == 4);   // Thursday
  CHECK(weekday(day(2026, 1, 4)) == 7);   // Sunday
  CHECK(weekday(day(2026, 2, 14)) == 6);  // Saturday
  CHECK(weekday(day(2026, 10, 10)) == 6); // Saturday
  CHECK(weekday(day(2026, 3, 2)) == 1);   // Monday
  CHECK(format_day(day(2026, 3, 2)) == "2026-03-02");
}

TEST_CASE("time: local day versus UTC day", "[time]") {
  // 00:30 local on 3 March is still 2 March in UTC
  Millis t = *parse_instant("2026-03-02T16:30:00Z");
  CHECK(local_day(t) == day(2026, 3, 3));
  CHECK(format_instant(t) == "2026-03-03T00:30:00+08:00");
  // 23:30 local on 2 March is 15:30 UTC the same date
  Millis u = *parse_instant("2026-03-02T15:30:00Z");
  CHECK(local_day(u) == day(2026, 3, 2));
  CHECK(format_instant(u) == "2026-03-02T23:30:00+08:00");
  CHECK(day_start(day(2026, 3, 3)) == *parse_instant("2026-03-02T16:00:00Z"));
  // the last millisecond of a local day and the first of the next
  CHECK(local_day(day_start(day(2026, 3, 3)) - 1) == day(2026, 3, 2));
  CHECK(local_day(day_start(day(2026, 3, 3))) == day(2026, 3, 3));
  // before the epoch, floor division keeps dates right
  CHECK(local_day(-1) == 0);  // 1970-01-01T07:59:59.999+08:00
  CHECK(local_day(-kLocalOffsetMs - 1) == -1);
}

TEST_CASE("time: parse_instant accepts Z, offsets, no offset and plain dates", "[time]") {
  Millis want = local(2026, 3, 2, 9, 30, 0);
  CHECK(parse_instant("2026-03-02T09:30:00+08:00") == want);
  CHECK(parse_instant("2026-03-02T01:30:00Z") == want);
  CHECK(parse_instant("2026-03-02T09:30:00") == want);  // no offset: local time
  CHECK(parse_instant("2026-03-02T09:30") == want);     // seconds optional
  CHECK(parse_instant("2026-03-02 09:30:00") == want);  // space separator
  CHECK(parse_instant("2026-03-01T20:30:00-05:00") == want);
  CHECK(parse_instant("2026-03-02T01:30:00+00:00") == want);
  CHECK(parse_instant("2026-03-02") == local(2026, 3, 2));
  CHECK(parse_instant("2026-03-02T09:30:00.5+08:00") == want + 500);
  CHECK(parse_instant("2026-03-02T01:30:00.123Z") == want + 123);
  CHECK(parse_instant("2026-03-02T09:30:00.123Z") == want + 8 * 3'600'000 + 123);  // Z is UTC, not local
  CHECK(parse_instant("2026-03-02T09:30:00.123") == want + 123);
  // round trip
  CHECK(format_instant(want) == "2026-03-02T09:30:00+08:00");
  CHECK(parse_instant(format_instant(want)) == want);
  CHECK(format_instant(want + 999) == "2026-03-02T09:30:00+08:00");  // milliseconds are dropped
}

TEST_CASE("time: parse_instant refuses bad texts", "[time]") {
  const char* bad[] = {
      "",
      "2026",
      "2026-3-2",
      "2026/03/02",
      "abcd-ef-gh",
      "2026-13-01",
      "2026-00-10",
      "2026-02-29",  // 2026 is not a leap year
      "2026-02-30",
      "2026-04-31",
      "1899-12-31",  // before 1900
      "2201-01-01",  // after 2200
      "2026-03-02T",
      "2026-03-02T9:30",
      "2026-03-02T24:00",
      "2026-03-02T25:00:00Z",
      "2026-03-02T10:60",
      "2026-03-02T10:30:61",
      "2026-03-02X10:30",
      "2026-03-02T10:30:00+0800",
      "2026-03-02T10:30:00+8:00",
      "2026-03-02T10:30:00+15:00",
      "2026-03-02T10:30:00+08:60",
      "2026-03-02T10:30:00Zjunk",
      "2026-03-02T10:30:00 Z",
      "2026-03-02T10:30:00.",
      "2026-03-02T10:30:00.Z",
      "2026-03-02junk",
      "2026-03-02T10:30:00+08:00 ",
  };
  for (const char* s : bad) {
    INFO("text: '" << s << "'");
    CHECK_FALSE(parse_instant(s).has_value());
  }
  CHECK_FALSE(parse_day("2026-02-29").has_value());
  CHECK(parse_day("2028-02-29") == day(2028, 2, 29));
  CHECK_FALSE(parse_day("2026-03-02T00:00").has_value());
}
