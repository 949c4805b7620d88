// What a case contributes to the store's indexes: the keys lists are driven by, its open
// obligations, the scopes it is counted under, its statistics and its grants. Pure:
// from the case and the district's rules only, so the store can recompute it at any
// time and write just the difference.
#pragma once
#include <map>
#include <string>

#include "domain/case.h"
#include "rules/district.h"
#include "store/store.h"

namespace od {

CaseIndex index_case(const District& d, const Case& c);

// What statistics a set of tallies adds up to (the tallies index_case writes).
struct Totals {
  int64_t cases = 0, items = 0, open_items = 0, answered = 0, answered_late = 0, answered_on_time = 0,
          opinions_late = 0, duplicates = 0, emergencies = 0, majors = 0, days_ms = 0;
  std::map<std::string, std::map<std::string, int64_t>> by;  // dimension -> key -> count
  // granted items and amounts (fen), by category and by the applicant's town
  std::map<std::string, std::pair<int64_t, int64_t>> granted_by_category, granted_by_town;
  // open items that owe something, by the local day their earliest obligation falls due
  std::map<int64_t, int64_t> owing_by_due_day;
  void add(const Tally& t);
};

// Amounts are counted in fen (1/100 yuan), so sums stay exact.
int64_t amount_fen(double yuan);

}  // namespace od
