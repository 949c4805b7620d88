// The district configuration: towns, units, assistance categories and who owns them,
// deadlines, the working-day calendar and the department plugins. All of it is data:
// another district has other towns, owners and categories. Pure: parsing takes a JSON
// value and returns the rules or throws a Failure(OD_ERR_CONFIG) naming the field.
#pragma once
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "domain/codes.h"
#include "render/disclosure_policy.h"
#include "util/field_spec.h"

namespace od {

inline const char* unit_kind_name(UnitKind k) { return name(k); }

struct Unit {
  std::string id;    // "district", "town.gulou", "town.gulou.office", "dept.civil", ...
  std::string name;
  UnitKind kind;
  std::string town;  // town code for town windows, offices and governments, else ""
  // Social organisations: what kind (慈善公益组织 charity, 志愿服务组织 volunteer,
  // 社会团体 association, 产业协会 industry) and which needs they serve (category
  // codes or needs), for help requests broadcast to society.
  std::string org_kind;
  std::set<std::string> serves;
};

struct Town {
  std::string code;  // "gulou"
  std::string name;  // "古楼街道"
  std::string kind;  // "town" | "subdistrict"
};

struct Category {
  std::string code;   // "dibao"
  std::string name;
  std::string owner;  // unit id of the owning district department
  bool town_can_handle = false;
  int policy_days = 30;       // working days a department has to finish a transfer
  std::string need;           // categories sharing a need must not be aided twice
  int grant_valid_days = 0;   // how long a grant stays in force (0: one-off)
  // Units usually asked for a cooperating opinion (征求意见) on this category, e.g.
  // medical aid -> the health bureau.
  std::vector<std::string> cooperating;
};

struct Deadlines {
  int route = 3;      // a window routes a received or forwarded item
  int opinion = 3;    // a unit gives its handling opinion on a notice
  int feedback = 3;   // a unit tells the applicant and reports to the window
  int paperwork = 10; // emergency aid paperwork is completed
  int decision = 5;   // the local government decides an undecidable matter
  int inquiry = 3;    // a bare inquiry is answered
};

struct PluginSpec {
  std::string unit;
  std::string file;
  boost::json::object config;
};

struct District {
  std::string code;  // division code, "371502"
  std::string name;
  std::vector<Town> towns;
  std::map<std::string, Unit> units;
  std::map<std::string, Category> categories;
  std::set<std::pair<std::string, std::string>> allowed_together;  // both orders stored
  Deadlines deadlines;
  Calendar calendar;
  Millis start_date = 0;         // no application is received before this
  int max_items_per_case = 20;   // items one case may hold, merged ones included
  std::map<std::string, PluginSpec> plugins;  // by unit id
  DisclosurePolicy disclosure;    // what the disclosure list publishes (公示)
  std::string supervision_phone;  // printed on receipts (监督电话); "" when not given
  std::set<std::string> statistics_readers;  // units that read district-wide statistics (区财政局)

  const Unit* unit(const std::string& id) const;
  const Unit* window(const std::string& id) const;  // the unit when it is a town or the district window
  const Town* town(const std::string& code) const;
  const Category* category(const std::string& code) const;
  std::string district_window() const;                 // the district window's unit id
  std::string town_window(const std::string& town) const;  // "" if none
  std::string government() const;                      // the district government's id
  // The local government that decides a special matter raised by `unit`: its town's
  // government for a town's units, the district government otherwise.
  std::string local_government(const std::string& unit) const;
  // Social organisations serving the need of `category` (by category code or need).
  std::vector<std::string> orgs_serving(const std::string& category) const;
  // Whether a grant or open item of `held` blocks a new request for `wanted`.
  bool same_need(const std::string& held, const std::string& wanted) const;
};

// The social organisations' kinds (信息发送渠道 names these four).
extern const std::vector<std::string> kOrgKinds;

// A calendar file: {"2027": {"holidays": [...], "workdays": [...]}}, the same shape as
// the district's "calendar". `path` names it in errors (OD_ERR_CONFIG).
Calendar parse_calendar(const boost::json::value& v, const std::string& path);

// base_dir resolves relative plugin file names.
District parse_district(const boost::json::value& v, const std::string& base_dir);

// The district file's declared keys (district_fields.cpp): an unknown key is CONFIG
// naming it; docs/api.md lists them.
const FieldSpecs& district_fields();
const FieldSpecs& calendar_year_fields();
const FieldSpecs& plugin_spec_fields();

}  // namespace od
