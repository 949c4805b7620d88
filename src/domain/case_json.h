// The API's view of a case: responses show instants as ISO-8601 +08:00 text
// (TimeStyle::Iso; Millis gives Unix ms). What is kept on disk is written by the store's
// own codec (store/case_codec.h), so this view can change without touching stored data.
#pragma once
#include <boost/json.hpp>

#include "domain/case.h"

namespace od {

enum class TimeStyle { Millis, Iso };

boost::json::object case_to_json(const Case& c, TimeStyle style);
boost::json::object item_to_json(const Item& it, TimeStyle style);
// The few fields a list shows of an item: id, category, state, holder, outcome, link.
boost::json::object item_summary(const Item& it);
boost::json::object notice_to_json(const Notice& n, TimeStyle style);
boost::json::object cooperation_to_json(const Cooperation& k, TimeStyle style);
boost::json::object broadcast_to_json(const Broadcast& b, TimeStyle style);

boost::json::value time_value(Millis t, TimeStyle style);
// Money: a whole amount as an integer (800, not 8E2), otherwise as a number.
boost::json::value amount_value(double v);

}  // namespace od
