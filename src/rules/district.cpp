#include "rules/district.h"

#include "render/disclosure_policy.h"
#include "util/failure.h"
#include "util/json_fields.h"

namespace od {
namespace json = boost::json;

const Unit* District::unit(const std::string& id) const {
  auto it = units.find(id);
  return it == units.end() ? nullptr : &it->second;
}
const Unit* District::window(const std::string& id) const {
  const Unit* u = unit(id);
  return u && (u->kind == UnitKind::TownWindow || u->kind == UnitKind::DistrictWindow) ? u : nullptr;
}
const Town* District::town(const std::string& code) const {
  for (const auto& t : towns)
    if (t.code == code) return &t;
  return nullptr;
}
const Category* District::category(const std::string& code) const {
  auto it = categories.find(code);
  return it == categories.end() ? nullptr : &it->second;
}
std::string District::district_window() const {
  for (const auto& [id, u] : units)
    if (u.kind == UnitKind::DistrictWindow) return id;
  return {};
}
std::string District::town_window(const std::string& town) const {
  for (const auto& [id, u] : units)
    if (u.kind == UnitKind::TownWindow && u.town == town) return id;
  return {};
}
std::string District::government() const {
  for (const auto& [id, u] : units)
    if (u.kind == UnitKind::Government && u.town.empty()) return id;
  return {};
}
std::string District::local_government(const std::string& id) const {
  const Unit* u = unit(id);
  if (u && !u->town.empty())
    for (const auto& [gid, g] : units)
      if (g.kind == UnitKind::Government && g.town == u->town) return gid;
  return government();
}
std::vector<std::string> District::orgs_serving(const std::string& code) const {
  const Category* cat = category(code);
  std::vector<std::string> out;
  for (const auto& [id, u] : units)
    if (u.kind == UnitKind::SocialOrg && (u.serves.count(code) || (cat && u.serves.count(cat->need))))
      out.push_back(id);
  return out;
}

const std::vector<std::string> kOrgKinds = {"charity", "volunteer", "association", "industry"};
bool District::same_need(const std::string& held, const std::string& wanted) const {
  const Category* a = category(held);
  const Category* b = category(wanted);
  if (!a || !b) return held == wanted;
  if (held != wanted && allowed_together.count({held, wanted})) return false;
  return a->need == b->need;
}

namespace {

UnitKind parse_kind(const Fields& f, std::string_view key) {
  return *parse_unit_kind(f.one_of(key, unit_kinds().names()));
}

// "2026-02-15" or a range "2026-02-15..2026-02-23"
void add_days(const std::string& path, const std::string& text, std::set<Day>& out, std::set<int>& years) {
  auto dots = text.find("..");
  auto first = parse_day(text.substr(0, dots));
  auto last = dots == std::string::npos ? first : parse_day(text.substr(dots + 2));
  if (!first || !last || *last < *first)
    invalid(path, "must be a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD");
  for (Day d = *first; d <= *last; ++d) {
    out.insert(d);
    int y, m, dd;
    ymd_from_day(d, y, m, dd);
    years.insert(y);
  }
}

// {"2026": {"holidays": [...], "workdays": [...]}, ...}
Calendar parse_calendar_fields(const Fields& calf) {
  const Fields* cal = &calf;
  std::set<Day> holidays, workdays;
  std::set<int> years;
  {
    for (const auto& kv : cal->object()) {
      std::string year(kv.key());
      std::string yp = cal->path(year);
      if (year.size() != 4 || year.find_first_not_of("0123456789") != std::string::npos)
        invalid(yp, "calendar keys must be years like \"2026\"");
      if (!kv.value().is_object()) invalid(yp, "must be an object with holidays and workdays");
      validate_fields(kv.value().get_object(), calendar_year_fields(), yp);
      Fields yf(kv.value().get_object(), yp, &calendar_year_fields(), nullptr);
      std::set<int> seen;
      auto hs = yf.strs("holidays", 400, 32);
      for (size_t i = 0; i < hs.size(); ++i)
        add_days(yf.path("holidays") + "[" + std::to_string(i) + "]", hs[i], holidays, seen);
      auto ws = yf.strs("workdays", 400, 32);
      for (size_t i = 0; i < ws.size(); ++i) {
        std::string p = yf.path("workdays") + "[" + std::to_string(i) + "]";
        std::set<Day> these;
        add_days(p, ws[i], these, seen);
        for (Day w : these) {
          if (holidays.count(w)) invalid(p, format_day(w) + " is also listed as a holiday");
          workdays.insert(w);
        }
      }
      int y = std::stoi(year);
      for (int sy : seen)
        if (sy != y) invalid(yp, "lists a date outside " + year);
      years.insert(y);
    }
  }
  return Calendar(std::move(holidays), std::move(workdays), std::move(years));
}

// Towns, each with its window, its government and its offices.
void parse_towns(const Fields& f, District& d) {
  for (const Fields& t : f.objs("towns", 1000)) {
    Town town{t.str("code", 64), t.str("name"), t.opt_one_of("kind", {"town", "subdistrict"}).value_or("town")};
    if (d.town(town.code)) invalid(t.path("code"), "duplicate town code '" + town.code + "'");
    d.towns.push_back(town);
    // every town has a window and, unless it lists its own, one handling office
    Unit w{"town." + town.code, town.name + "社会救助服务窗口", UnitKind::TownWindow, town.code, "", {}};
    d.units[w.id] = w;
    // and its local government (镇政府 / 街道办事处), which decides the town's special matters
    Unit g{"town." + town.code + ".gov", town.name + (town.kind == "subdistrict" ? "办事处" : "人民政府"),
           UnitKind::Government, town.code, "", {}};
    d.units[g.id] = g;
    auto offices = t.objs("offices", 100);
    if (offices.empty()) {
      Unit o{"town." + town.code + ".office", town.name + "社会事务办", UnitKind::TownOffice, town.code, "", {}};
      d.units[o.id] = o;
    }
    for (const Fields& of : offices) {
      Unit o{of.str("id", 64), of.str("name"), UnitKind::TownOffice, town.code, "", {}};
      if (d.units.count(o.id)) invalid(of.path("id"), "duplicate unit id '" + o.id + "'");
      d.units[o.id] = o;
    }
  }
  if (d.towns.empty()) invalid(f.path("towns"), "must list at least one town");
}

// The other units; exactly one district window and one government each.
void parse_units(const Fields& f, District& d) {
  for (const Fields& u : f.objs("units", 1000)) {
    Unit unit{u.str("id", 64), u.str("name"), parse_kind(u, "kind"), "", "", {}};
    if (unit.kind == UnitKind::TownWindow || unit.kind == UnitKind::TownOffice)
      invalid(u.path("kind"), "town windows and offices are declared under towns");
    if (unit.kind == UnitKind::SocialOrg) {
      unit.org_kind = u.one_of("org_kind", kOrgKinds);
      for (const std::string& s : u.strs("serves", 100, 64)) unit.serves.insert(s);
    } else {
      for (const char* key : {"org_kind", "serves"})
        if (u.has(key)) invalid(u.path(key), "only a social_org has this");
    }
    if (d.units.count(unit.id)) invalid(u.path("id"), "duplicate unit id '" + unit.id + "'");
    d.units[unit.id] = unit;
  }
  int windows = 0, governments = 0;
  for (const auto& [id, u] : d.units) {
    windows += u.kind == UnitKind::DistrictWindow;
    governments += u.kind == UnitKind::Government;
  }
  if (windows != 1) invalid(f.path("units"), "must contain exactly one district_window");
  if (governments != 1 + static_cast<int>(d.towns.size()))
    invalid(f.path("units"), "must contain exactly one government (town governments come with the towns)");

}

// Categories, each owned by a department, and what social organisations serve.
void parse_categories(const Fields& f, District& d) {
  for (const Fields& c : f.objs("categories", 200)) {
    Category cat;
    cat.code = c.str("code", 64);
    cat.name = c.str("name");
    cat.owner = c.str("owner", 64);
    const Unit* owner = d.unit(cat.owner);
    if (!owner) invalid(c.path("owner"), "unknown unit '" + cat.owner + "'");
    if (owner->kind != UnitKind::Department) invalid(c.path("owner"), "must be a department");
    cat.town_can_handle = c.opt_bool("town_can_handle").value_or(false);
    cat.policy_days = static_cast<int>(c.opt_integer("policy_days", 1, 365).value_or(30));
    cat.need = c.opt_str("need", 64).value_or(cat.code);
    cat.grant_valid_days = static_cast<int>(c.opt_integer("grant_valid_days", 0, 3660).value_or(0));
    auto coop = c.strs("cooperating", 20, 64);
    for (size_t i = 0; i < coop.size(); ++i) {
      std::string p = c.path("cooperating") + "[" + std::to_string(i) + "]";
      const Unit* cu = d.unit(coop[i]);
      if (!cu) invalid(p, "unknown unit '" + coop[i] + "'");
      if (cu->kind != UnitKind::Department && cu->kind != UnitKind::SocialOrg)
        invalid(p, "must be a department or a social organisation");
    }
    cat.cooperating = coop;
    if (d.categories.count(cat.code)) invalid(c.path("code"), "duplicate category '" + cat.code + "'");
    d.categories[cat.code] = cat;
  }
  if (d.categories.empty()) invalid(f.path("categories"), "must list at least one category");
  for (const auto& [id, u] : d.units)
    for (const std::string& need : u.serves) {
      bool known = d.categories.count(need) > 0;
      for (const auto& [code, cat] : d.categories) known = known || cat.need == need;
      if (!known) invalid(f.path("units"), id + " serves '" + need + "', which is no category or need");
    }

}

// Pairs of categories of one need that are not duplicates of each other.
void parse_allowed_together(const Fields& f, District& d) {
  if (f.has("allowed_together")) {
    const json::value& v = f.object().at("allowed_together");
    if (!v.is_array()) invalid(f.path("allowed_together"), "must be an array of [category, category]");
    const auto& arr = v.get_array();
    for (size_t i = 0; i < arr.size(); ++i) {
      std::string p = f.path("allowed_together") + "[" + std::to_string(i) + "]";
      if (!arr[i].is_array() || arr[i].get_array().size() != 2 || !arr[i].get_array()[0].is_string() ||
          !arr[i].get_array()[1].is_string())
        invalid(p, "must be a pair of category codes");
      std::string a(arr[i].get_array()[0].get_string()), b(arr[i].get_array()[1].get_string());
      if (!d.category(a)) invalid(p, "unknown category '" + a + "'");
      if (!d.category(b)) invalid(p, "unknown category '" + b + "'");
      d.allowed_together.insert({a, b});
      d.allowed_together.insert({b, a});
    }
  }

}

void parse_deadlines(const Fields& f, District& d) {
  if (auto dl = f.opt_obj("deadlines")) {
    auto get = [&](const char* key, int& out) {
      if (auto n = dl->opt_integer(key, 1, 365)) out = static_cast<int>(*n);
    };
    get("route", d.deadlines.route);
    get("opinion", d.deadlines.opinion);
    get("feedback", d.deadlines.feedback);
    get("paperwork", d.deadlines.paperwork);
    get("decision", d.deadlines.decision);
    get("inquiry", d.deadlines.inquiry);
  }

}

// {unit: {file, config}}: relative files under base_dir.
void parse_plugins(const Fields& f, District& d, const std::string& base_dir) {
  if (auto pl = f.opt_obj("plugins")) {
    for (const auto& kv : pl->object()) {
      std::string unit(kv.key());
      std::string pp = pl->path(unit);
      if (!d.unit(unit)) invalid(pp, "unknown unit '" + unit + "'");
      if (!kv.value().is_object()) invalid(pp, "must be an object with file and config");
      validate_fields(kv.value().get_object(), plugin_spec_fields(), pp);
      Fields pf(kv.value().get_object(), pp, &plugin_spec_fields(), nullptr);
      PluginSpec spec;
      spec.unit = unit;
      spec.file = pf.str("file", 4096);
      if (!spec.file.empty() && spec.file[0] != '/' && !base_dir.empty()) spec.file = base_dir + "/" + spec.file;
      if (auto c = pf.opt_obj("config")) spec.config = c->object();
      d.plugins[unit] = spec;
    }
  }
}

void parse_statistics_readers(const Fields& f, District& d) {
  auto readers = f.strs("statistics_readers", 64, 64);
  for (size_t i = 0; i < readers.size(); ++i) {
    if (!d.unit(readers[i])) invalid(f.path("statistics_readers") + "[" + std::to_string(i) + "]", "unknown unit '" + readers[i] + "'");
    d.statistics_readers.insert(readers[i]);
  }
}

District parse_fields(const Fields& f, const std::string& base_dir) {
  District d;
  d.code = f.str("code", 32);
  d.name = f.str("name");
  parse_towns(f, d);
  parse_units(f, d);
  parse_categories(f, d);
  // Applications are received from this date on; earlier receipt times are typing errors.
  std::string start = f.opt_str("start_date", 10).value_or("2000-01-01");
  auto start_day = parse_day(start);
  if (!start_day || start.size() != 10) invalid(f.path("start_date"), "must be a date YYYY-MM-DD");
  d.start_date = day_start(*start_day);
  d.max_items_per_case = static_cast<int>(f.opt_integer("max_items_per_case", 1, 100).value_or(20));

  parse_allowed_together(f, d);
  parse_deadlines(f, d);
  if (auto cal = f.opt_obj("calendar")) d.calendar = parse_calendar_fields(*cal);
  parse_plugins(f, d, base_dir);
  if (f.has("disclosure")) d.disclosure = parse_disclosure_policy(f.object().at("disclosure"), f.path("disclosure"));
  d.supervision_phone = f.opt_str("supervision_phone", 64).value_or("");
  parse_statistics_readers(f, d);
  return d;
}

}  // namespace

Calendar parse_calendar(const json::value& v, const std::string& path) {
  if (!v.is_object()) fail(OD_ERR_CONFIG, "must be an object of years", path);
  try {
    return parse_calendar_fields(Fields(v.get_object(), path));
  } catch (const Failure& f) {
    throw Failure(OD_ERR_CONFIG, f.what(), f.field());
  }
}

District parse_district(const json::value& v, const std::string& base_dir) {
  if (!v.is_object()) fail(OD_ERR_CONFIG, "must be an object", "district");
  try {
    validate_fields(v.get_object(), district_fields(), "district");
    return parse_fields(Fields(v.get_object(), "district", &district_fields(), nullptr), base_dir);
  } catch (const Failure& f) {
    throw Failure(OD_ERR_CONFIG, f.what(), f.field());
  }
}

}  // namespace od
