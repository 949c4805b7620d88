// Loading holiday years after a release, and what that does to open deadlines. The
// years are read at od_open (the district is fixed while the engine runs, so calls need
// no lock on it); a year new to the database is restated there.
#pragma once
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "engine/op.h"

namespace od {

// The *.json files of a calendar directory, in name order ("" or no directory: none).
std::vector<std::string> calendar_files(const std::string& dir);

// Computes every open case's deadlines again with op.d (whose calendar has the new
// `years`); a case whose stored due dates or, against `before` (the district as it was),
// whose obligations moved is saved with a "deadlines_recomputed" event. Returns the number of cases changed. Runs in the
// caller's transaction.
int64_t restate_open_cases(Op& op, const District* before, const std::set<int>& years);

// Of `years`, those this database has not had deadlines computed with before (recorded
// in the same transaction, so each year is restated once, by the first open that finds
// its file).
std::set<int> years_new_to_database(StoreTx& store, const std::set<int>& years);

}  // namespace od
