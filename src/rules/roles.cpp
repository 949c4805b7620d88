#include "rules/roles.h"

namespace od {

Place place_of(UnitKind k) {
  switch (k) {
    case UnitKind::DistrictWindow:
    case UnitKind::TownWindow: return Place::Window;
    case UnitKind::Government: return Place::Government;
    default: return Place::Handling;
  }
}

const char* place_name(Place p) {
  switch (p) {
    case Place::Window: return "window";
    case Place::Handling: return "handling unit";
    case Place::Government: return "government";
  }
  return "?";
}

const std::vector<RoleRule>& role_matrix() {
  static const std::vector<std::string> kWindowStaff = {"officer", "supervisor"};
  static const std::vector<std::string> kHandlers = {"handler", "head"};
  static const std::vector<std::string> kHead = {"head"};
  static const std::vector<std::string> kNobody = {};
  static const std::vector<RoleRule> rules = {
      {"intake", Place::Window, kWindowStaff},
      {"item.add", Place::Window, kWindowStaff},
      {"inquiry.answer", Place::Window, kWindowStaff},
      {"route", Place::Window, kWindowStaff},
      {"help.broadcast", Place::Window, kWindowStaff},
      {"help.accept", Place::Window, kWindowStaff},
      {"archive", Place::Window, kWindowStaff},
      {"delivery.retry", Place::Window, kWindowStaff},
      {"acknowledge", Place::Handling, kHandlers},
      {"opinion", Place::Handling, kHandlers},
      {"material.request", Place::Handling, kHandlers},
      {"material.receive", Place::Handling, kHandlers},
      {"cooperation.request", Place::Window, kWindowStaff},
      {"cooperation.request", Place::Handling, kHandlers},
      {"cooperation.answer", Place::Handling, kHandlers},
      {"help.offer", Place::Handling, kHandlers},
      {"handler.change", Place::Handling, kHead},
      {"emergency.grant", Place::Window, kWindowStaff},
      {"emergency.grant", Place::Handling, kHandlers},
      // 由相关社会救助管理部门会同镇(街道)先行给予紧急救助: the department and the
      // town's window or office grant; a government decides, it does not grant
      {"emergency.grant", Place::Government, kNobody},
      {"paperwork.complete", Place::Window, kWindowStaff},
      {"paperwork.complete", Place::Handling, kHandlers},
      {"paperwork.complete", Place::Government, kNobody},
      // 承办部门负责人签字并加盖单位公章: the head signs and seals; at a window only a
      // withdrawal is recorded, by its staff.
      {"feedback", Place::Window, kWindowStaff},
      {"feedback", Place::Handling, kHead},
      // decisions: a window's supervisor or a unit's head raises the matter, the
      // government's head decides
      {"decision.request", Place::Window, {"supervisor"}},
      {"decision.request", Place::Handling, kHead},
      {"decision.record", Place::Government, kHead},
  };
  return rules;
}

namespace {
// "a head", "an officer"
std::string with_article(std::string_view word) {
  const bool vowel = !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(word);
}
}  // namespace

std::string role_problem(std::string_view operation, UnitKind kind, const std::string& role) {
  Place place = place_of(kind);
  for (const RoleRule& r : role_matrix()) {
    if (r.operation != operation || r.place != place) continue;
    for (const auto& ok : r.roles)
      if (ok == role) return {};
    const std::string at = "at " + with_article(place_name(place)) + ", " + std::string(operation);
    if (r.roles.empty()) return at + " is done by no one (" + with_article(role) + " asked)";
    std::string list;
    for (const auto& ok : r.roles) list += list.empty() ? with_article(ok) : " or " + with_article(ok);
    return at + " is done by " + list + ", not by " + with_article(role);
  }
  return {};
}

}  // namespace od
