// Who may see and do what (pure). Every request names an actor: an officer, the unit
// they work for, and their role. A town's staff see cases received at or routed to
// their town; a department or social organisation sees cases with an item routed to
// it; the district window sees the whole district. Acting on an item is for the unit
// that holds it.
#pragma once
#include <optional>
#include <string>

#include "domain/case.h"
#include "rules/district.h"
#include "util/json_fields.h"

namespace od {

struct Actor {
  std::string officer;
  std::string unit;
  std::string role;  // officer | handler | head | supervisor
  UnitKind kind = UnitKind::DistrictWindow;
  std::string town;  // for town units

  boost::json::object to_json() const;
  bool is_window() const { return kind == UnitKind::DistrictWindow || kind == UnitKind::TownWindow; }
  bool is_district_window() const { return kind == UnitKind::DistrictWindow; }
};

// Reads request.actor; INVALID names the field when it is missing or unknown.
Actor parse_actor(const Fields& request, const District& d);

// The scope key a unit's visibility is recorded under ("@town:gulou" for every unit
// of a town, the unit id otherwise).
std::string scope_of(const District& d, const std::string& unit);

// Records that a case reached a unit (for visibility).
void touch(Case& c, const District& d, const std::string& unit);

bool can_see(const Actor& a, const Case& c);

// The scope key a list query filters by so that the actor sees only its cases
// (nullopt for the district window, which sees all).
std::optional<std::string> visibility_scope(const Actor& a);

}  // namespace od
