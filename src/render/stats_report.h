// The statistics report (自动统计汇总): the `stats` operation's counts, with names for
// codes, plus what the finance bureau and the district office read from the same cases:
// answers on time, late and overdue per unit; a weekly trend of cases received;
// working days to answer; emergency grants; granted amounts by category, town and month.
// Pure: the stats document and the cases in, sheets and HTML out.
#pragma once
#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "domain/case.h"
#include "render/sheet.h"
#include "rules/district.h"

namespace od {

class StatsExtras {
 public:
  StatsExtras(const District& d, Millis now, Millis from, Millis to);
  // Counts the case when it was received in [from, to), as `stats` does.
  void add(const Case& c);

  struct UnitTimes {
    int64_t on_time = 0, late = 0, overdue = 0;
  };
  std::map<std::string, UnitTimes> per_unit;            // unit -> answers and open overdue items
  std::map<Day, int64_t> weekly;                        // Monday of the week -> cases received
  std::map<std::string, double> amount_by_category, amount_by_town;
  std::map<std::string, double> amount_by_month;        // "2026-03"
  int64_t emergency_grants = 0;
  double emergency_amount = 0, granted_amount = 0;
  int64_t granted_items = 0;
  int64_t answered = 0, working_days = 0;                // for the average

 private:
  const District& d_;
  Millis now_, from_, to_;
};

// Sheets: 概况, then by town, category, department, outcome, per unit, week, and amounts.
std::vector<Sheet> stats_sheets(const District& d, const boost::json::object& stats, const StatsExtras& x);
std::string render_stats_html(const District& d, const boost::json::object& stats, const StatsExtras& x,
                              const std::string& period);

}  // namespace od
