#include "domain/case.h"

namespace od {

const char* notice_prefix(NoticeType t) {
  switch (t) {
    case NoticeType::Distribute: return "DST";
    case NoticeType::Forward: return "FWD";
    case NoticeType::HandOver: return "HND";
    case NoticeType::Transfer: return "TRF";
    case NoticeType::Refer: return "REF";
  }
  return "?";
}

const char* notice_title_zh(NoticeType t) {
  switch (t) {
    case NoticeType::Distribute: return "救助事项分办通知单";
    case NoticeType::Forward: return "救助事项转送通知单";
    case NoticeType::HandOver: return "救助事项转交通知单";
    case NoticeType::Transfer: return "救助事项转办通知单";
    case NoticeType::Refer: return "救助事项转介通知单";
  }
  return "?";
}

bool notice_asks_opinion(NoticeType t) { return t == NoticeType::Distribute || t == NoticeType::Transfer; }

Item* Case::item(const std::string& id) {
  for (auto& i : items)
    if (i.id == id) return &i;
  return nullptr;
}
const Item* Case::item(const std::string& id) const {
  for (const auto& i : items)
    if (i.id == id) return &i;
  return nullptr;
}
bool Case::all_final() const {
  for (const auto& i : items)
    if (!i.final()) return false;
  return true;
}

}  // namespace od
