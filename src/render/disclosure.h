// The published rows of the disclosure list (公示), built only from structured fields
// of a case and from free text masked by redact.h, in the columns the district's policy
// names. Pure: op_disclosure and the publish act call it; renderers read its rows.
#pragma once
#include <boost/json.hpp>

#include "domain/case.h"
#include "render/disclosure_policy.h"
#include "rules/district.h"

namespace od {

// The published row of one granted item of `c`.
boost::json::object disclosure_row(const District& d, const DisclosurePolicy& policy, const Case& c, const Item& it);

// Appends one row per item of `c` granted (feedback recorded) in [from, to) to `rows`.
// Each row has only the policy's columns: name (王*国, one character: *), id_number
// (371502********0018), town and category (names), measures (masked or the category's
// description), amount (when given), household_size, granted_on (date).
void append_disclosure_rows(const District& d, const DisclosurePolicy& policy, const Case& c, Millis from,
                            Millis to, boost::json::array& rows);

}  // namespace od
