#include "engine/engine_ops.h"

#include "engine/operations.h"
#include "util/failure.h"

namespace od {
namespace json = boost::json;

namespace {

void require_manual(Engine& e) {
  if (!e.clock().manual()) fail(OD_ERR_FORBIDDEN, "the clock is the system clock; open with \"clock\": \"manual\"", "clock");
}

json::value now_json(Engine& e) {
  e.dispatcher().wake();
  return json::object{{"now", format_instant(e.clock().now())}};
}

}  // namespace

json::value op_engine_status(Engine& e, const Fields&) {
  const District& d = e.district();
  Millis now = e.clock().now();
  json::object o;
  o["version"] = OD_VERSION_STRING;
  o["database"] = e.database_path();
  o["backend"] = e.database_backend();
  o["schema_version"] = e.store().schema_version();
  o["clock"] = e.clock().manual() ? "manual" : "system";
  o["now"] = format_instant(now);
  o["district"] = d.code;
  o["workers"] = e.dispatcher().config().workers;
  o["plugins"] = e.plugins().status();
  json::array years;
  for (int y : d.calendar.years()) years.push_back(y);
  o["calendar_years"] = std::move(years);
  // deadlines counted into a year without holiday data are provisional: say so
  json::array warnings;
  int y, m, dd;
  for (Day day : {local_day(now), local_day(now + 60 * kMsPerDay)}) {
    ymd_from_day(day, y, m, dd);
    std::string w = "no holiday calendar for " + std::to_string(y) +
                    ": deadlines in it count weekends only and are marked provisional";
    bool listed = false;
    for (const auto& x : warnings) listed = listed || x.as_string() == w;
    if (!d.calendar.covers(day) && !listed) warnings.push_back(json::value(w));
  }
  o["calendar_warnings"] = std::move(warnings);
  o["log"] = e.recent_log();
  return o;
}

json::value op_clock_set(Engine& e, const Fields& req) {
  require_manual(e);
  e.clock().set(req.instant("at"));
  return now_json(e);
}

json::value op_clock_advance(Engine& e, const Fields& req) {
  require_manual(e);
  Millis t = e.clock().now();
  if (auto wd = req.opt_integer("working_days", 0, 3650)) {
    Day day = e.district().calendar.add_working_days(local_day(t), static_cast<int>(*wd));
    t += static_cast<Millis>(day - local_day(t)) * kMsPerDay;
  }
  t += req.opt_integer("days", 0, 3650).value_or(0) * kMsPerDay;
  t += req.opt_integer("hours", 0, 24 * 3650).value_or(0) * 3'600'000;
  t += req.opt_integer("minutes", 0, 60 * 24 * 3650).value_or(0) * 60'000;
  e.clock().set(t);
  return now_json(e);
}

json::value op_delivery_run(Engine& e, const Fields& req) {
  int max = static_cast<int>(req.opt_integer("max", 1, 100000).value_or(1000));
  return json::object{{"attempted", e.dispatcher().run_once(max)}};
}

json::value op_plugins_poll(Engine& e, const Fields&) { return json::object{{"reported", e.plugins().poll_all()}}; }

json::value op_operations(Engine&, const Fields&) {
  json::array ops;
  for (const OpDecl& d : operations()) ops.push_back(operation_json(d));
  return json::object{{"operations", std::move(ops)}};
}

}  // namespace od
