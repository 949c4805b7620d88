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

const char* case_state_zh(CaseState s) {
  switch (s) {
    case CaseState::Open: return "办理中";
    case CaseState::Closed: return "已办结";
    case CaseState::Archived: return "已归档";
  }
  return "?";
}

const char* item_state_zh(ItemState s) {
  switch (s) {
    case ItemState::AtWindow: return "待分办";
    case ItemState::Notified: return "已通知承办单位";
    case ItemState::Handling: return "办理中";
    case ItemState::AwaitingMaterial: return "待补充材料";
    case ItemState::AwaitingDecision: return "待政府决定";
    case ItemState::Answered: return "已答复";
  }
  return "?";
}

const char* outcome_zh(Outcome o) {
  switch (o) {
    case Outcome::None: return "尚无结果";
    case Outcome::Granted: return "给予救助";
    case Outcome::Refused: return "不予救助";
    case Outcome::Referred: return "转介社会力量";
    case Outcome::Withdrawn: return "申请人撤回";
    case Outcome::Merged: return "重复申请，并入原件";
  }
  return "?";
}

const char* notice_kind_zh(NoticeType t) {
  switch (t) {
    case NoticeType::Distribute: return "分办";
    case NoticeType::Forward: return "转送";
    case NoticeType::HandOver: return "转交";
    case NoticeType::Transfer: return "转办";
    case NoticeType::Refer: return "转介";
  }
  return "?";
}

namespace {
std::string lookup(const std::map<std::string, std::string>& table, const std::string& code) {
  auto it = table.find(code);
  return it == table.end() ? code : it->second;
}
}  // namespace

std::string channel_zh(const std::string& channel) {
  static const std::map<std::string, std::string> table = {
      {"in_person", "当面"},   {"committee", "村(居)委会代为申请"}, {"discovery", "主动发现"},
      {"inquiry", "咨询"},     {"phone", "电话"},                   {"sms", "短信"},
      {"letter", "书面信函"},  {"visit", "上门"},               {"online", "网上"}};
  return lookup(table, channel);
}

std::string urgency_zh(const std::string& urgency) {
  static const std::map<std::string, std::string> table = {
      {"normal", "一般"}, {"emergency", "情况紧急"}, {"major", "情况重大"}};
  return lookup(table, urgency);
}

std::string unit_kind_zh(UnitKind k) {
  switch (k) {
    case UnitKind::DistrictWindow: return "区社会救助服务窗口";
    case UnitKind::TownWindow: return "镇(街道)社会救助服务窗口";
    case UnitKind::TownOffice: return "镇(街道)承办机构";
    case UnitKind::Department: return "区直部门";
    case UnitKind::SocialOrg: return "社会组织";
    case UnitKind::Government: return "区政府";
  }
  return "?";
}

json::object names_json(const District& d) {
  json::object o;
  o["district"] = json::object{{"code", d.code}, {"name", d.name}};
  json::array towns;
  for (const Town& t : d.towns) towns.push_back(json::object{{"code", t.code}, {"name", t.name}, {"kind", t.kind}});
  o["towns"] = std::move(towns);
  json::array units;
  for (const auto& [id, u] : d.units) {
    json::object e{{"id", id}, {"name", u.name}, {"kind", unit_kind_name(u.kind)}, {"kind_name", unit_kind_zh(u.kind)}};
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
