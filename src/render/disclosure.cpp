#include "render/disclosure.h"

#include "domain/case_json.h"
#include "domain/resident_id.h"
#include "render/names.h"
#include "render/redact.h"

namespace od {
namespace json = boost::json;

namespace {
KnownPersonalData personal_data_of(const Case& c) {
  KnownPersonalData k;
  k.names.push_back(c.applicant.name);
  for (const Person& p : c.household) k.names.push_back(p.name);
  if (!c.address.empty()) k.addresses.push_back(c.address);
  return k;
}
}  // namespace

json::object disclosure_row(const District& d, const DisclosurePolicy& policy, const Case& c, const Item& it) {
  json::object r;
  for (const std::string& col : policy.columns) {
    if (col == "name") r["name"] = public_name(c.applicant.name);
    else if (col == "id_number") r["id_number"] = mask_resident_id(c.applicant.id_number);
    else if (col == "town") r["town"] = town_name(d, c.hukou_town);
    else if (col == "category") r["category"] = category_name(d, it.category);
    else if (col == "measures") {
      if (policy.measures == "category" || it.feedback->measures.empty())
        r["measures"] = "按政策给予" + category_name(d, it.category);
      else
        r["measures"] = redact_text(it.feedback->measures, personal_data_of(c));
    } else if (col == "amount") {
      if (it.feedback->amount) r["amount"] = amount_value(*it.feedback->amount);
    } else if (col == "household_size") r["household_size"] = static_cast<int64_t>(c.household.size() + 1);
    else if (col == "granted_on") r["granted_on"] = format_day(local_day(it.feedback->recorded_at));
  }
  return r;
}

void append_disclosure_rows(const District& d, const DisclosurePolicy& policy, const Case& c, Millis from,
                            Millis to, json::array& rows) {
  for (const Item& it : c.items) {
    if (!it.feedback || it.feedback->outcome != Outcome::Granted) continue;
    if (it.feedback->recorded_at < from || it.feedback->recorded_at >= to) continue;
    rows.push_back(disclosure_row(d, policy, c, it));
  }
}

}  // namespace od
