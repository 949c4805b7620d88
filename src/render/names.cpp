#include "render/names.h"

#include <map>

namespace od {
namespace json = boost::json;

std::string unit_name(const District& d, const std::string& unit) {
  const Unit* u = d.unit(unit);
  return u ? u->name : unit;
}

std::string town_name(const District& d, const std::string& town) {
  const Town* t = d.town(town);
  return t ? t->name : town;
}

std::string category_name(const District& d, const std::string& category) {
  const Category* c = d.category(category);
  return c ? c->name : category;
}

std::string window_short_name(const District& d, const std::string& unit) {
  const Unit* u = d.unit(unit);
  if (u && u->kind == UnitKind::TownWindow) return town_name(d, u->town) + "窗口";
  if (u && u->kind == UnitKind::DistrictWindow) return "区窗口";
  return unit_name(d, unit);
}

const char* case_state_zh(CaseState s) { return label(s); }
const char* item_state_zh(ItemState s) { return label(s); }
const char* outcome_zh(Outcome o) { return label(o); }
const char* notice_kind_zh(NoticeType t) { return label(t); }
const char* channel_zh(Channel c) { return label(c); }
const char* channel_zh(TellChannel c) { return label(c); }
const char* urgency_zh(Urgency u) { return label(u); }

std::string channel_zh(const std::string& channel) {
  if (auto c = parse_channel(channel)) return label(*c);
  if (auto c = parse_tell_channel(channel)) return label(*c);
  return channel;
}

std::string unit_kind_zh(UnitKind k) { return label(k); }

json::object names_json(const District& d) {
  json::object o;
  o["district"] = json::object{{"code", d.code}, {"name", d.name}};
  json::array towns;
  for (const Town& t : d.towns) towns.push_back(json::object{{"code", t.code}, {"name", t.name}, {"kind", t.kind}});
  o["towns"] = std::move(towns);
  json::array units;
  for (const auto& [id, u] : d.units) {
    json::object e{{"id", id}, {"name", u.name}, {"kind", name(u.kind)}, {"kind_name", unit_kind_zh(u.kind)}};
    if (!u.town.empty()) e["town"] = u.town;
    units.push_back(std::move(e));
  }
  o["units"] = std::move(units);
  json::array cats;
  for (const auto& [code, c] : d.categories)
    cats.push_back(json::object{{"code", code},
                                {"name", c.name},
                                {"owner", c.owner},
                                {"owner_name", unit_name(d, c.owner)},
                                {"need", c.need},
                                {"town_can_handle", c.town_can_handle}});
  o["categories"] = std::move(cats);
  return o;
}

}  // namespace od

namespace od {
std::string event_type_zh(const std::string& type) {
  static const std::map<std::string, std::string> table = {
      {"received", "受理登记"},
      {"item_registered", "登记救助事项"},
      {"merged", "重复申请，并入原件"},
      {"duplicate_overridden", "经批准重复登记"},
      {"resubmitted", "再次申请"},
      {"urgency_raised", "紧急程度提高"},
      {"reported_to_government", "报告区政府"},
      {"notice_issued", "发出通知单"},
      {"acknowledged", "承办单位签收"},
      {"opinion_given", "提出办理意见"},
      {"material_requested", "要求补充材料"},
      {"material_received", "收到补充材料"},
      {"emergency_aid_granted", "先行给予紧急救助"},
      {"paperwork_completed", "补齐手续"},
      {"decision_requested", "提请政府决定"},
      {"decision_recorded", "政府作出决定"},
      {"feedback_recorded", "反馈办理结果"},
      {"reported_to_window", "结果报告窗口"},
      {"case_closed", "办结"},
      {"inquiry_answered", "答复咨询"},
      {"archived", "归档"},
      {"delivery_retried", "重新投递"}};
  auto it = table.find(type);
  return it == table.end() ? type : it->second;
}
}  // namespace od
