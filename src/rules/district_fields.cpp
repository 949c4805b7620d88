// The declaration of the district file (see util/field_spec.h): read by parse_district,
// which refuses keys not declared here, and printed in docs/api.md.
#include "rules/district.h"

namespace od {

const FieldSpecs& district_fields() {
  static const FieldSpecs specs = {
      f_str("code", 32, "the district's code (the first part of case numbers)").req(),
      f_str("name", 256, "").req(),
      f_objs("towns", 1000,
             {f_str("code", 64, "").req(), f_str("name", 256, "").req(),
              f_enum("kind", {"town", "subdistrict"}, "default `town`"),
              f_objs("offices", 100, {f_str("id", 64, "").req(), f_str("name", 256, "").req()},
                     "handling offices; default one, `town.<code>.office`")},
             "every town comes with its window and government").req(),
      f_objs("units", 1000,
             {f_str("id", 64, "").req(), f_str("name", 256, "").req(),
              f_enum("kind", {"district_window", "town_window", "town_office", "department", "social_org", "government"},
                     "towns' windows and offices are declared under towns").req(),
              f_enum("org_kind", {"charity", "volunteer", "association", "industry"}, "a social_org's"),
              f_strs("serves", 100, 64, "a social_org's: category codes or needs")},
             "the district window, departments, social organisations and the district government"),
      f_objs("categories", 200,
             {f_str("code", 64, "").req(), f_str("name", 256, "").req(), f_str("owner", 64, "a department").req(),
              f_bool("town_can_handle", "default false"), f_int("policy_days", 1, 365, "default 30"),
              f_str("need", 64, "default the code: categories of one need are duplicates of each other"),
              f_int("grant_valid_days", 0, 3660, "default 0: a grant does not expire"),
              f_strs("cooperating", 20, 64, "units usually asked to cooperate")},
             "").req(),
      f_str("start_date", 10, "YYYY-MM-DD, default 2000-01-01: no receipt before it"),
      f_int("max_items_per_case", 1, 100, "default 20"),
      f_array("allowed_together", "pairs `[category, category]` of one need that are not duplicates"),
      f_obj("deadlines",
            {f_int("route", 1, 365, ""), f_int("opinion", 1, 365, ""), f_int("feedback", 1, 365, ""),
             f_int("paperwork", 1, 365, ""), f_int("decision", 1, 365, ""), f_int("inquiry", 1, 365, "")},
            "working days"),
      f_map("calendar", "`{\"2026\": {holidays, workdays}}`"),
      f_map("plugins", "`{unit: {file, config}}`"),
      f_map("disclosure", "`{columns, measures, places}`"),
      f_str("supervision_phone", 64, "printed on receipts"),
      f_strs("statistics_readers", 64, 64, "units reading district-wide `stats`"),
  };
  return specs;
}

const FieldSpecs& calendar_year_fields() {
  static const FieldSpecs specs = {
      f_strs("holidays", 400, 32, "dates or ranges `YYYY-MM-DD..YYYY-MM-DD`"),
      f_strs("workdays", 400, 32, "weekend days worked"),
  };
  return specs;
}

const FieldSpecs& plugin_spec_fields() {
  static const FieldSpecs specs = {
      f_str("file", 4096, "the plugin's shared object").req(),
      f_map("config", "the plugin's own configuration"),
  };
  return specs;
}

}  // namespace od
