#include "calendar/calendar.h"

namespace od {

Calendar::Calendar(std::set<Day> holidays, std::set<Day> workdays, std::set<int> years)
    : holidays_(std::move(holidays)), workdays_(std::move(workdays)), years_(std::move(years)) {}

bool Calendar::is_working_day(Day d) const {
  if (workdays_.count(d)) return true;
  if (holidays_.count(d)) return false;
  return weekday(d) <= 5;
}

bool Calendar::covers(Day d) const {
  int y, m, dd;
  ymd_from_day(d, y, m, dd);
  return years_.count(y) > 0;
}

Day Calendar::add_working_days(Day d, int n) const {
  while (n > 0) {
    ++d;
    if (is_working_day(d)) --n;
  }
  return d;
}

int Calendar::working_days_between(Day after, Day through) const {
  int n = 0;
  for (Day d = after + 1; d <= through; ++d)
    if (is_working_day(d)) ++n;
  return n;
}

Millis Calendar::deadline(Millis from, int n) const {
  return day_start(add_working_days(local_day(from), n) + 1) - 1000;
}

}  // namespace od
