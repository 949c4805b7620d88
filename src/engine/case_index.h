// What a case contributes to the store's indexes: the keys lists are driven by, its open
// obligations, the scopes it is counted under, its statistics and its grants. Pure:
// from the case and the district's rules only, so the store can recompute it at any
// time and write just the difference.
#pragma once
#include "domain/case.h"
#include "rules/district.h"
#include "store/store.h"

namespace od {

CaseIndex index_case(const District& d, const Case& c);

// Amounts are counted in fen (1/100 yuan), so sums stay exact.
int64_t amount_fen(double yuan);

}  // namespace od
