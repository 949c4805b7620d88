// The body of a delivery job (docs/delivery.md): the case and item a department needs,
// plus what happened. Pure.
#pragma once
#include <boost/json.hpp>
#include <string>

#include "domain/case.h"
#include "rules/district.h"

namespace od {

boost::json::object job_body(const District& d, const Case& c, const Item* item, const std::string& kind,
                             const std::string& job_id, Millis at, const char* extra_key,
                             boost::json::object extra);

}  // namespace od
