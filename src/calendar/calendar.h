// The district's working-day calendar: weekends are off, public holidays are off, and
// adjusted working days (调休上班) on a weekend are on. Pure: no I/O, no clock.
//
// Convention (domain.md): the day of receipt is not counted; "within N working days"
// ends at the close (23:59:59 local) of the N-th working day after the day of receipt.
#pragma once
#include <set>
#include <vector>

#include "util/time.h"

namespace od {

class Calendar {
 public:
  Calendar() = default;
  // holidays: days off that would otherwise be working days; workdays: weekend days
  // that are working days. years: the years this data covers (outside them only the
  // weekend rule applies).
  Calendar(std::set<Day> holidays, std::set<Day> workdays, std::set<int> years);

  bool is_working_day(Day d) const;
  bool covers(Day d) const;  // whether d's year has holiday data
  bool covers_range(Day first, Day last) const;  // every year from first's to last's
  const std::set<int>& years() const { return years_; }
  // Adds the data of years this calendar does not have (a year it has is kept).
  // Returns the years added.
  std::set<int> merge(const Calendar& more);
  // This calendar without the data of `years` (weekends only there).
  Calendar without(const std::set<int>& years) const;

  // The n-th working day strictly after d (n >= 0; n = 0 returns d).
  Day add_working_days(Day d, int n) const;
  // Working days w with after < w <= through.
  int working_days_between(Day after, Day through) const;
  // The last instant of a deadline of n working days from instant `from`: 23:59:59
  // local on the n-th working day after from's local date. Overdue means now > this.
  Millis deadline(Millis from, int n) const;

 private:
  std::set<Day> holidays_;
  std::set<Day> workdays_;
  std::set<int> years_;
};

}  // namespace od
