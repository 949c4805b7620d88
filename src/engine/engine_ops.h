// Operations on the engine itself rather than on cases: no actor, no store transaction
// (they call into plugins and workers, which must not run under the store lock).
#pragma once
#include <boost/json.hpp>

#include "engine/engine.h"
#include "util/json_fields.h"

namespace od {

boost::json::value op_engine_status(Engine&, const Fields&);
boost::json::value op_clock_set(Engine&, const Fields&);
boost::json::value op_clock_advance(Engine&, const Fields&);
boost::json::value op_delivery_run(Engine&, const Fields&);
boost::json::value op_plugins_poll(Engine&, const Fields&);
boost::json::value op_operations(Engine&, const Fields&);

}  // namespace od
