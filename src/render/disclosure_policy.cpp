#include "render/disclosure_policy.h"

#include <algorithm>
#include <set>

#include "util/failure.h"
#include "util/json_fields.h"

namespace od {

bool DisclosurePolicy::shows(const std::string& column) const {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

DisclosurePolicy parse_disclosure_policy(const boost::json::value& v, const std::string& path) {
  if (!v.is_object()) fail(OD_ERR_CONFIG, "must be an object", path);
  DisclosurePolicy p;
  static const FieldSpecs kFields = {f_strs("columns", kDisclosureColumns.size(), 32, ""),
                                     f_enum("measures", {"masked", "category"}, ""), f_strs("places", 16, 64, "")};
  Fields f(v.get_object(), path, &kFields, nullptr);
  try {
    validate_fields(v.get_object(), kFields, path);
    if (f.has("columns")) {
      p.columns = f.strs("columns", kDisclosureColumns.size(), 32);
      std::set<std::string> seen;
      for (size_t i = 0; i < p.columns.size(); ++i) {
        const std::string& c = p.columns[i];
        std::string at = f.path("columns") + "[" + std::to_string(i) + "]";
        if (std::find(kDisclosureColumns.begin(), kDisclosureColumns.end(), c) == kDisclosureColumns.end())
          fail(OD_ERR_CONFIG, "unknown column '" + c + "'", at);
        if (!seen.insert(c).second) fail(OD_ERR_CONFIG, "column '" + c + "' is listed twice", at);
      }
      if (p.columns.empty()) fail(OD_ERR_CONFIG, "must list at least one column", f.path("columns"));
    }
    p.measures = f.opt_one_of("measures", {"masked", "category"}).value_or(p.measures);
    if (f.has("places")) {
      p.places = f.strs("places", 16, 64);
      if (p.places.empty()) fail(OD_ERR_CONFIG, "must list at least one place", f.path("places"));
    }
  } catch (const Failure& fl) {
    if (fl.status() == OD_ERR_CONFIG) throw;
    throw Failure(OD_ERR_CONFIG, fl.what(), fl.field());
  }
  return p;
}

const char* disclosure_column_zh(const std::string& column) {
  if (column == "name") return "姓名";
  if (column == "id_number") return "身份证号";
  if (column == "town") return "镇(街道)";
  if (column == "category") return "救助类别";
  if (column == "measures") return "救助措施";
  if (column == "amount") return "金额(元)";
  if (column == "household_size") return "家庭人口";
  if (column == "granted_on") return "批准日期";
  return "?";
}

std::string place_zh(const std::string& place) {
  if (place == "notice_board") return "村(居)务公开栏";
  if (place == "website") return "区政府门户网站";
  if (place == "service_hall") return "社会救助综合服务大厅";
  return place;
}

}  // namespace od
