#include "delivery/job_body.h"

#include "domain/case_json.h"

namespace od {
namespace json = boost::json;

json::object job_body(const District& d, const Case& c, const Item* item, const std::string& kind,
                      const std::string& job_id, Millis at, const char* extra_key, json::object extra) {
  json::object b;
  b["kind"] = kind;
  b["job_id"] = job_id;
  b["district"] = d.code;
  b["at"] = format_instant(at);
  json::object cj;
  cj["id"] = c.id;
  cj["channel"] = name(c.channel);
  cj["urgency"] = name(c.urgency);
  cj["window"] = c.window;
  cj["received_at"] = format_instant(c.received_at);
  json::object a;
  a["name"] = c.applicant.name;
  a["id_number"] = c.applicant.id_number;
  a["phone"] = c.phone;
  a["hukou_town"] = c.hukou_town;
  a["address"] = c.address;
  cj["applicant"] = std::move(a);
  json::array hh;
  for (const auto& p : c.household) {
    json::object m;
    m["name"] = p.name;
    m["id_number"] = p.id_number;
    m["relation"] = p.relation;
    hh.push_back(std::move(m));
  }
  cj["household"] = std::move(hh);
  cj["hardship"] = c.hardship;
  b["case"] = std::move(cj);
  if (item) {
    json::object ij;
    ij["id"] = item->id;
    ij["category"] = item->category;
    if (const Category* cat = d.category(item->category)) ij["category_name"] = cat->name;
    b["item"] = std::move(ij);
  }
  if (extra_key) b[extra_key] = std::move(extra);
  return b;
}

}  // namespace od
