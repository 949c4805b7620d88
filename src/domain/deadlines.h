// What each unit owes on an item or a case, and by when, in working days. Pure: takes
// the case and the district's calendar and deadlines; no clock (the caller compares).
//
// Paused time (waiting for the applicant's material) never counts against a unit: a
// deadline is moved by the working days the item spent paused after the deadline's
// starting point, recomputed from the stored pauses every time, so it is never lost.
#pragma once
#include <string>
#include <vector>

#include "domain/case.h"
#include "rules/district.h"

namespace od {

struct Obligation {
  std::string kind;     // route | opinion | feedback | complete | decision | paperwork | inquiry
  std::string unit;     // who owes it
  std::string case_id;
  std::string item_id;  // "" for case-level obligations
  Millis since = 0;     // the starting point
  Millis due = 0;       // 23:59:59 local on the last working day
};

// Working days the item was paused at or after `from`.
int paused_working_days(const Calendar& cal, const Item& item, Millis from);

// When the holder of an item's current notice owes its opinion (paused time added).
Millis opinion_due(const District& d, const Item& it);
// Whether the opinion on the current notice came after that.
bool opinion_late(const District& d, const Item& it);

// The open obligations of one item.
std::vector<Obligation> item_obligations(const District& d, const Case& c, const Item& it);

// Every open obligation of a case (empty for a closed case with no paperwork pending).
std::vector<Obligation> obligations(const District& d, const Case& c);

// The earliest obligation of one item, if any (used to index items by due time).
std::optional<Obligation> next_obligation(const District& d, const Case& c, const Item& item);

}  // namespace od
