// The operations of the render module: `names`, `render` (documents, ledger, statistics
// and disclosure list as HTML, CSV or XLSX), `disclosure.publish` and
// `disclosure.publications`. See docs/api.md.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <functional>

#include "domain/case.h"
#include "store/store.h"

namespace od {

struct Op;

boost::json::value op_names(Op&);
boost::json::value op_render(Op&);
boost::json::value op_disclosure_publish(Op&);
boost::json::value op_disclosure_publications(Op&);

// Called every so many cases while a render walks many of them (done, total), so that
// a tool can show progress. One hook per process; set it before the call, from the
// thread that calls (the `onedoor` command does).
using WalkProgress = std::function<void(int64_t done, int64_t total)>;
void set_walk_progress(WalkProgress fn);

// Calls fn for every case matching f that the actor may see (every case when
// `whole_district`), a page at a time in order, reporting progress to the hook.
void walk_cases(Op& op, CaseQuery q, const std::function<void(const Case&)>& fn, bool whole_district = false);

}  // namespace od

namespace od {
// `verify`: the database's integrity, every case's event chain and the district chain;
// district window only. Response: {ok, cases, events, district_head, problems[]}.
boost::json::value op_verify(Op&);
}  // namespace od
