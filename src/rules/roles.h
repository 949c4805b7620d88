// The role matrix: which role may do which operation at which kind of unit. Data, not
// code: one row per operation, documented as a table in docs/domain.md and tested
// pair by pair (tests/capi/t_roles.c). Pure.
//
// Roles: officer (a window's staff: takes, registers and routes), handler (承办人 at a
// handling unit: acknowledges, gives opinions, asks for material and cooperation),
// head (单位负责人: signs and seals the feedback, asks for and records decisions),
// supervisor (a window's senior: everything an officer does, and overrides).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "rules/district.h"

namespace od {

// Where an operation is done: at a window (district or town), at a handling unit (a
// town office, a department, a social organisation) or at a government.
enum class Place { Window, Handling, Government };
Place place_of(UnitKind k);
const char* place_name(Place p);

struct RoleRule {
  std::string operation;
  Place place;
  std::vector<std::string> roles;  // who may, there
};

// Every rule. An operation without a rule for a place is not done there (the operation
// itself says why); an operation with no rule at all (reading) is open to every role.
const std::vector<RoleRule>& role_matrix();

// Empty when `role` may do `operation` at a unit of kind `kind` (or when the matrix has
// nothing to say about that place); otherwise the reason.
std::string role_problem(std::string_view operation, UnitKind kind, const std::string& role);

}  // namespace od
