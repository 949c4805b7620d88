// Deadlines in a year without holiday data are provisional (docs/domain.md): every
// response and delivery body says so next to each deadline field. Pure.
#pragma once
#include <boost/json.hpp>

#include "calendar/calendar.h"
#include "util/time.h"

namespace od {

// For every field named "due" or ending in "_due" (an instant) anywhere in `v`, adds the
// sibling "<field>_provisional": true when the deadline was counted through a year the
// calendar has no data for: from the object's "since", "issued_at", "requested_at" or
// "granted_at" (the moment the deadline was set; `now` when it has none) to the due.
void mark_provisional_deadlines(const Calendar& cal, Millis now, boost::json::value& v);

}  // namespace od
