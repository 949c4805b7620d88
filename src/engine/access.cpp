#include "engine/access.h"

#include "util/failure.h"

namespace od {

boost::json::object Actor::to_json() const {
  boost::json::object o;
  o["officer"] = officer;
  o["unit"] = unit;
  o["role"] = role;
  return o;
}

Actor parse_actor(const Fields& request, const District& d) {
  Fields f = request.obj("actor");
  Actor a;
  a.officer = f.str("officer", 64);
  a.unit = f.str("unit", 64);
  a.role = f.one_of("role", {"officer", "handler", "head", "supervisor"});
  const Unit* u = d.unit(a.unit);
  if (!u) invalid(f.path("unit"), "unknown unit '" + a.unit + "'");
  a.kind = u->kind;
  a.town = u->town;
  return a;
}

std::string scope_of(const District& d, const std::string& unit) {
  const Unit* u = d.unit(unit);
  if (u && !u->town.empty()) return "@town:" + u->town;
  return unit;
}

void touch(Case& c, const District& d, const std::string& unit) {
  c.units.insert(unit);
  c.units.insert(scope_of(d, unit));
}

std::optional<std::string> visibility_scope(const Actor& a) {
  if (a.kind == UnitKind::DistrictWindow) return std::nullopt;
  return a.town.empty() ? a.unit : "@town:" + a.town;
}

bool can_see(const Actor& a, const Case& c) {
  if (a.kind == UnitKind::DistrictWindow) return true;
  if (!a.town.empty()) return c.units.count("@town:" + a.town) > 0;
  return c.units.count(a.unit) > 0;
}

}  // namespace od
