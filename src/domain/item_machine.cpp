#include "domain/item_machine.h"

namespace od {

const char* name(ItemAction a) {
  switch (a) {
    case ItemAction::Route: return "route";
    case ItemAction::Acknowledge: return "acknowledge";
    case ItemAction::Opinion: return "opinion";
    case ItemAction::RequestMaterial: return "material.request";
    case ItemAction::ReceiveMaterial: return "material.receive";
    case ItemAction::RequestDecision: return "decision.request";
    case ItemAction::RecordDecision: return "decision.record";
    case ItemAction::Feedback: return "feedback";
    case ItemAction::Withdraw: return "withdraw";
  }
  return "?";
}

bool allowed(ItemState s, ItemAction a) {
  using S = ItemState;
  using A = ItemAction;
  switch (a) {
    case A::Route:
    case A::Withdraw: return s == S::AtWindow;
    case A::Acknowledge: return s == S::Notified;
    case A::Opinion:
    case A::RequestMaterial: return s == S::Notified || s == S::Handling;
    case A::ReceiveMaterial: return s == S::AwaitingMaterial;
    case A::RequestDecision: return s == S::Handling || s == S::AtWindow;
    case A::RecordDecision: return s == S::AwaitingDecision;
    case A::Feedback: return s == S::Handling;
  }
  return false;
}

ItemState next_state(const Item& item, ItemAction a, NoticeType notice) {
  using S = ItemState;
  switch (a) {
    case ItemAction::Route:
      return notice == NoticeType::Forward || notice == NoticeType::HandOver ? S::AtWindow : S::Notified;
    case ItemAction::Acknowledge:
    case ItemAction::Opinion: return S::Handling;
    case ItemAction::RecordDecision: return item.resume_state;  // back where it was asked
    case ItemAction::RequestMaterial: return S::AwaitingMaterial;
    case ItemAction::ReceiveMaterial: return item.resume_state;
    case ItemAction::RequestDecision: return S::AwaitingDecision;
    case ItemAction::Feedback:
    case ItemAction::Withdraw: return S::Answered;
  }
  return item.state;
}

std::string default_receiver(const District& d, const Case& c, const Item& item, NoticeType type,
                             const std::string& sender) {
  const Unit* from = d.unit(sender);
  switch (type) {
    case NoticeType::Distribute: {
      if (!from) return {};
      std::string only;
      int n = 0;
      for (const auto& [id, u] : d.units)
        if (u.kind == UnitKind::TownOffice && u.town == from->town) only = id, ++n;
      return n == 1 ? only : std::string();
    }
    case NoticeType::Forward: return d.district_window();
    case NoticeType::HandOver: return d.town_window(c.hukou_town);
    case NoticeType::Transfer: {
      const Category* cat = d.category(item.category);
      return cat ? cat->owner : std::string();
    }
    case NoticeType::Refer: return {};
  }
  return {};
}

std::string route_problem(const District& d, const Case& c, const Item& item, NoticeType type,
                          const std::string& sender, const std::string& receiver) {
  const Unit* from = d.unit(sender);
  const Unit* to = d.unit(receiver);
  const Category* cat = d.category(item.category);
  if (!from) return "unknown sending unit '" + sender + "'";
  if (!to) return "unknown receiving unit '" + receiver + "'";
  if (!cat) return "unknown category '" + item.category + "'";
  switch (type) {
    case NoticeType::Distribute:
      if (from->kind != UnitKind::TownWindow) return "only a town window distributes (分办)";
      if (to->kind != UnitKind::TownOffice || to->town != from->town)
        return "a distribute notice goes to one of the town's own handling units";
      if (!cat->town_can_handle)
        return "a town cannot handle '" + cat->code + "': forward it to the district window";
      return {};
    case NoticeType::Forward:
      if (from->kind != UnitKind::TownWindow) return "only a town window forwards (转送)";
      if (to->kind != UnitKind::DistrictWindow) return "a forward notice goes to the district window";
      return {};
    case NoticeType::HandOver:
      if (from->kind != UnitKind::DistrictWindow) return "only the district window hands over (转交)";
      if (to->kind != UnitKind::TownWindow || to->town != c.hukou_town)
        return "a hand-over goes to the window of the applicant's household-registration town (" +
               d.town_window(c.hukou_town) + ")";
      if (!cat->town_can_handle)
        return "a town cannot handle '" + cat->code + "': transfer it to " + cat->owner;
      return {};
    case NoticeType::Transfer:
      if (from->kind != UnitKind::DistrictWindow) return "only the district window transfers (转办)";
      if (to->kind != UnitKind::Department) return "a transfer notice goes to a district department";
      if (to->id != cat->owner) return "'" + cat->code + "' is handled by " + cat->owner;
      return {};
    case NoticeType::Refer:
      if (from->kind != UnitKind::TownWindow && from->kind != UnitKind::DistrictWindow)
        return "only a town window or the district window refers (转介)";
      if (to->kind != UnitKind::SocialOrg) return "a referral goes to a social organisation";
      return {};
  }
  return "unknown notice type";
}

}  // namespace od
