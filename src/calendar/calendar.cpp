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

bool Calendar::covers_range(Day first, Day last) const {
  int y0, y1, m, dd;
  ymd_from_day(first, y0, m, dd);
  ymd_from_day(last, y1, m, dd);
  for (int y = y0; y <= y1; ++y)
    if (!years_.count(y)) return false;
  return true;
}

std::set<int> Calendar::merge(const Calendar& more) {
  std::set<int> added;
  for (int y : more.years_)
    if (years_.insert(y).second) added.insert(y);
  auto in_added = [&](Day d) {
    int y, m, dd;
    ymd_from_day(d, y, m, dd);
    return added.count(y) > 0;
  };
  for (Day d : more.holidays_)
    if (in_added(d)) holidays_.insert(d);
  for (Day d : more.workdays_)
    if (in_added(d)) workdays_.insert(d);
  return added;
}

Calendar Calendar::without(const std::set<int>& years) const {
  auto keep = [&](Day d) {
    int y, m, dd;
    ymd_from_day(d, y, m, dd);
    return years.count(y) == 0;
  };
  Calendar out;
  for (Day d : holidays_)
    if (keep(d)) out.holidays_.insert(d);
  for (Day d : workdays_)
    if (keep(d)) out.workdays_.insert(d);
  for (int y : years_)
    if (!years.count(y)) out.years_.insert(y);
  return out;
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
