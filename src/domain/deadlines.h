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
  std::string kind;     // route | opinion | feedback | complete | decision | paperwork | inquiry | cooperation
  std::string unit;     // who owes it
  std::string case_id;
  std::string item_id;  // "" for case-level obligations
  Millis since = 0;     // the starting point
  Millis due = 0;       // 23:59:59 local on the last working day
  // Counted through a year without holiday data (weekends only): the date may move
  // when that year's calendar is loaded.
  bool provisional = false;
};

// Whether a deadline from `since` to `due` was counted through a year without holiday
// data (the index keeps since and due; this tells it from them).
bool is_provisional(const Calendar& cal, Millis since, Millis due);

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

// One due date a case stores (notices, decisions, emergency paperwork, cooperation
// requests) that a calendar change moved.
struct DueChange {
  std::string what;  // "notice DST-2026-000001 opinion_due", "cooperation COO-2026-000002", ...
  std::string item_id;
  Millis before = 0;
  Millis after = 0;
};

// Recomputes the due dates a case stores from the district's calendar as it is now
// (after a holiday year was loaded) and returns those that moved. Only open things
// move: an acknowledged, answered or decided step keeps the date it was judged by.
std::vector<DueChange> restate_due_dates(const District& d, Case& c);

// The earliest obligation of one item, if any (used to index items by due time).
std::optional<Obligation> next_obligation(const District& d, const Case& c, const Item& item);

}  // namespace od
