#include "domain/deadline_marks.h"

#include <algorithm>
#include <string>
#include <vector>

namespace od {
namespace json = boost::json;

namespace {

bool is_deadline_key(std::string_view k) {
  return k == "due" || (k.size() > 4 && k.substr(k.size() - 4) == "_due");
}

Millis set_at(const json::object& o, Millis now) {
  for (const char* k : {"since", "issued_at", "requested_at", "granted_at"})
    if (auto* s = o.if_contains(k); s && s->is_string())
      if (auto t = parse_instant(s->as_string())) return *t;
  return now;
}

}  // namespace

void mark_provisional_deadlines(const Calendar& cal, Millis now, json::value& v) {
  if (auto* a = v.if_array()) {
    for (auto& x : *a) mark_provisional_deadlines(cal, now, x);
    return;
  }
  auto* o = v.if_object();
  if (!o) return;
  std::vector<std::string> marks;
  for (auto& [k, x] : *o) {
    if (x.is_string() && is_deadline_key(k)) {
      auto due = parse_instant(x.as_string());
      if (!due) continue;
      Millis from = std::min(set_at(*o, now), *due);
      if (!cal.covers_range(local_day(from), local_day(*due))) marks.push_back(std::string(k) + "_provisional");
    } else {
      mark_provisional_deadlines(cal, now, x);
    }
  }
  for (const auto& m : marks) (*o)[m] = true;
}

}  // namespace od
