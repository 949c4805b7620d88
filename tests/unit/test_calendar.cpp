// calendar/calendar.h built from the sample district: the State Council's 2026
// schedule (notice of 2025-11-04), adjusted working weekends, the receipt-day
// convention, deadlines at 23:59:59 local.
#include <catch2/catch.hpp>
#include <set>
#include <utility>

#include "calendar/calendar.h"
#include "support.hpp"

using namespace od;
using odtest::day;
using odtest::end_of;
using odtest::local;

namespace {
const Calendar& cal() { return odtest::sample().calendar; }

// The 2026 schedule, written out here independently of the config file.
std::set<Day> holidays_2026() {
  std::set<Day> s;
  auto range = [&](int m1, int d1, int m2, int d2) {
    for (Day d = day(2026, m1, d1); d <= day(2026, m2, d2); ++d) s.insert(d);
  };
  range(1, 1, 1, 3);
  range(2, 15, 2, 23);
  range(4, 4, 4, 6);
  range(5, 1, 5, 5);
  range(6, 19, 6, 21);
  range(9, 25, 9, 27);
  range(10, 1, 10, 7);
  return s;
}
std::set<Day> workdays_2026() {
  return {day(2026, 1, 4), day(2026, 2, 14), day(2026, 2, 28), day(2026, 5, 9), day(2026, 9, 20), day(2026, 10, 10)};
}
}  // namespace

TEST_CASE("calendar: 2026 public holidays are off", "[calendar]") {
  for (Day d : holidays_2026()) {
    INFO(format_day(d));
    CHECK_FALSE(cal().is_working_day(d));
  }
  // a few named ones, including holidays that fall on weekdays
  CHECK_FALSE(cal().is_working_day(day(2026, 1, 1)));
  CHECK_FALSE(cal().is_working_day(day(2026, 2, 16)));  // Monday of Spring Festival
  CHECK_FALSE(cal().is_working_day(day(2026, 2, 23)));  // last day, a Monday
  CHECK_FALSE(cal().is_working_day(day(2026, 4, 6)));   // Qingming Monday
  CHECK_FALSE(cal().is_working_day(day(2026, 5, 5)));   // Tuesday
  CHECK_FALSE(cal().is_working_day(day(2026, 6, 19)));  // Dragon Boat Friday
  CHECK_FALSE(cal().is_working_day(day(2026, 9, 25)));  // Mid-Autumn Friday
  CHECK_FALSE(cal().is_working_day(day(2026, 10, 7)));  // Wednesday
}

TEST_CASE("calendar: 2026 adjusted working weekends are on", "[calendar]") {
  for (Day d : workdays_2026()) {
    INFO(format_day(d));
    CHECK(weekday(d) >= 6);
    CHECK(cal().is_working_day(d));
  }
}

TEST_CASE("calendar: ordinary weekends are off, ordinary weekdays are on", "[calendar]") {
  CHECK_FALSE(cal().is_working_day(day(2026, 3, 7)));  // Saturday
  CHECK_FALSE(cal().is_working_day(day(2026, 3, 8)));  // Sunday
  CHECK(cal().is_working_day(day(2026, 3, 9)));        // Monday
  CHECK(cal().is_working_day(day(2026, 12, 31)));      // Thursday
  CHECK_FALSE(cal().is_working_day(day(2026, 1, 10))); // Saturday after the 4 Jan workday

  // every day of 2026 against the schedule written out above
  auto hol = holidays_2026();
  auto wd = workdays_2026();
  int working = 0;
  for (Day d = day(2026, 1, 1); d <= day(2026, 12, 31); ++d) {
    bool want = wd.count(d) || (weekday(d) <= 5 && !hol.count(d));
    INFO(format_day(d));
    CHECK(cal().is_working_day(d) == want);
    working += cal().is_working_day(d);
  }
  CHECK(working == 248);
}

TEST_CASE("calendar: years covered", "[calendar]") {
  CHECK(cal().covers(day(2026, 6, 1)));
  CHECK_FALSE(cal().covers(day(2027, 1, 1)));
  CHECK(cal().years() == std::set<int>{2026});
  // outside the data only the weekend rule applies
  CHECK(cal().is_working_day(day(2027, 1, 1)));  // a Friday, no holiday data for 2027
  CHECK_FALSE(cal().is_working_day(day(2027, 1, 2)));
}

TEST_CASE("calendar: add_working_days, receipt day not counted", "[calendar]") {
  // ordinary week
  CHECK(cal().add_working_days(day(2026, 3, 2), 0) == day(2026, 3, 2));
  CHECK(cal().add_working_days(day(2026, 3, 2), 1) == day(2026, 3, 3));
  CHECK(cal().add_working_days(day(2026, 3, 2), 3) == day(2026, 3, 5));
  CHECK(cal().add_working_days(day(2026, 3, 5), 3) == day(2026, 3, 10));  // over a weekend
  CHECK(cal().add_working_days(day(2026, 3, 7), 1) == day(2026, 3, 9));   // received on a Saturday

  // Spring Festival: 14 Feb (Sat) is a working day, 15-23 Feb off
  CHECK(cal().add_working_days(day(2026, 2, 12), 1) == day(2026, 2, 13));
  CHECK(cal().add_working_days(day(2026, 2, 12), 2) == day(2026, 2, 14));
  CHECK(cal().add_working_days(day(2026, 2, 12), 3) == day(2026, 2, 24));
  CHECK(cal().add_working_days(day(2026, 2, 13), 1) == day(2026, 2, 14));
  CHECK(cal().add_working_days(day(2026, 2, 14), 1) == day(2026, 2, 24));
  CHECK(cal().add_working_days(day(2026, 2, 16), 3) == day(2026, 2, 26));  // received during the holiday
  CHECK(cal().add_working_days(day(2026, 2, 26), 2) == day(2026, 2, 28));  // 28 Feb Sat is a working day
  CHECK(cal().add_working_days(day(2026, 2, 27), 2) == day(2026, 3, 2));

  // National Day: 1-7 Oct off, 10 Oct (Sat) on
  CHECK(cal().add_working_days(day(2026, 9, 29), 3) == day(2026, 10, 9));
  CHECK(cal().add_working_days(day(2026, 9, 30), 1) == day(2026, 10, 8));
  CHECK(cal().add_working_days(day(2026, 9, 30), 3) == day(2026, 10, 10));
  CHECK(cal().add_working_days(day(2026, 9, 30), 4) == day(2026, 10, 12));
  // Mid-Autumn just before: 20 Sep (Sun) on, 25-27 Sep off
  CHECK(cal().add_working_days(day(2026, 9, 18), 1) == day(2026, 9, 20));
  CHECK(cal().add_working_days(day(2026, 9, 24), 1) == day(2026, 9, 28));

  // Qingming 4-6 Apr; May Day 1-5 May with 9 May (Sat) on
  CHECK(cal().add_working_days(day(2026, 4, 3), 1) == day(2026, 4, 7));
  CHECK(cal().add_working_days(day(2026, 4, 2), 3) == day(2026, 4, 8));
  CHECK(cal().add_working_days(day(2026, 4, 30), 1) == day(2026, 5, 6));
  CHECK(cal().add_working_days(day(2026, 5, 8), 1) == day(2026, 5, 9));

  // New Year: 4 Jan (Sun) on
  CHECK(cal().add_working_days(day(2025, 12, 31), 1) == day(2026, 1, 4));
}

TEST_CASE("calendar: deadline is 23:59:59 local of the n-th working day", "[calendar]") {
  CHECK(cal().deadline(local(2026, 3, 2, 9, 30), 3) == end_of(2026, 3, 5));
  CHECK(format_instant(cal().deadline(local(2026, 3, 2, 9, 30), 3)) == "2026-03-05T23:59:59+08:00");
  CHECK(cal().deadline(local(2026, 9, 30, 10, 0), 3) == end_of(2026, 10, 10));
  CHECK(cal().deadline(local(2026, 9, 29, 10, 0), 3) == end_of(2026, 10, 9));
  CHECK(cal().deadline(local(2026, 2, 13, 16, 0), 3) == end_of(2026, 2, 25));
  CHECK(cal().deadline(local(2026, 4, 3, 17, 0), 3) == end_of(2026, 4, 9));
  // n = 0: the close of the day of receipt
  CHECK(cal().deadline(local(2026, 3, 2, 9, 30), 0) == end_of(2026, 3, 2));
}

TEST_CASE("calendar: receipt late in the evening versus just after midnight (time zone)", "[calendar]") {
  // 23:30 local Monday 2 March = 15:30 UTC 2 March
  Millis late = *parse_instant("2026-03-02T15:30:00Z");
  // 00:30 local Tuesday 3 March = 16:30 UTC 2 March: the UTC date is still the 2nd
  Millis early = *parse_instant("2026-03-02T16:30:00Z");
  CHECK(cal().deadline(late, 3) == end_of(2026, 3, 5));
  CHECK(cal().deadline(early, 3) == end_of(2026, 3, 6));
  CHECK(format_instant(cal().deadline(early, 3)) == "2026-03-06T23:59:59+08:00");
  // Friday 23:30 local vs Saturday 00:30 local: both count from Monday
  Millis fri = local(2026, 3, 6, 23, 30);
  Millis sat = local(2026, 3, 7, 0, 30);
  CHECK(cal().deadline(fri, 1) == end_of(2026, 3, 9));
  CHECK(cal().deadline(sat, 1) == end_of(2026, 3, 9));
  // the evening before National Day
  CHECK(cal().deadline(*parse_instant("2026-09-30T15:30:00Z"), 1) == end_of(2026, 10, 8));
  CHECK(cal().deadline(*parse_instant("2026-09-30T16:30:00Z"), 1) == end_of(2026, 10, 8));  // 1 Oct 00:30
  CHECK(cal().deadline(*parse_instant("2026-09-30T16:30:00Z"), 3) == end_of(2026, 10, 10));
}

TEST_CASE("calendar: working_days_between counts after < w <= through", "[calendar]") {
  CHECK(cal().working_days_between(day(2026, 3, 2), day(2026, 3, 2)) == 0);
  CHECK(cal().working_days_between(day(2026, 3, 2), day(2026, 3, 3)) == 1);
  CHECK(cal().working_days_between(day(2026, 3, 2), day(2026, 3, 9)) == 5);
  CHECK(cal().working_days_between(day(2026, 2, 13), day(2026, 2, 24)) == 2);   // 14 Feb and 24 Feb
  CHECK(cal().working_days_between(day(2026, 2, 14), day(2026, 2, 23)) == 0);   // the whole holiday
  CHECK(cal().working_days_between(day(2026, 9, 30), day(2026, 10, 10)) == 3);  // 8, 9, 10 Oct
  CHECK(cal().working_days_between(day(2026, 4, 3), day(2026, 4, 7)) == 1);
  CHECK(cal().working_days_between(day(2025, 12, 31), day(2026, 12, 31)) == 248);
  CHECK(cal().working_days_between(day(2026, 3, 9), day(2026, 3, 2)) == 0);  // reversed: none
  // consistency with add_working_days
  for (int n = 0; n <= 40; ++n) {
    Day from = day(2026, 9, 10);
    CHECK(cal().working_days_between(from, cal().add_working_days(from, n)) == n);
  }
}

TEST_CASE("calendar: a default calendar has only the weekend rule", "[calendar]") {
  Calendar empty;
  CHECK(empty.is_working_day(day(2026, 1, 1)));
  CHECK_FALSE(empty.is_working_day(day(2026, 1, 4)));
  CHECK(empty.add_working_days(day(2026, 1, 2), 1) == day(2026, 1, 5));
  CHECK_FALSE(empty.covers(day(2026, 1, 1)));
}
