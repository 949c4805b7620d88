#include "domain/case.h"

#include <array>
#include <utility>

namespace od {
namespace {
template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char*>, N>& table, std::string_view s) {
  for (const auto& [e, n] : table)
    if (s == n) return e;
  return std::nullopt;
}
template <typename E, size_t N>
const char* lookup(const std::array<std::pair<E, const char*>, N>& table, E e) {
  for (const auto& [v, n] : table)
    if (v == e) return n;
  return "?";
}

constexpr std::array<std::pair<CaseState, const char*>, 3> kCaseStates{{
    {CaseState::Open, "open"}, {CaseState::Closed, "closed"}, {CaseState::Archived, "archived"}}};
constexpr std::array<std::pair<ItemState, const char*>, 6> kItemStates{{
    {ItemState::AtWindow, "at_window"},
    {ItemState::Notified, "notified"},
    {ItemState::Handling, "handling"},
    {ItemState::AwaitingMaterial, "awaiting_material"},
    {ItemState::AwaitingDecision, "awaiting_decision"},
    {ItemState::Answered, "answered"}}};
constexpr std::array<std::pair<NoticeType, const char*>, 5> kNoticeTypes{{
    {NoticeType::Distribute, "distribute"},
    {NoticeType::Forward, "forward"},
    {NoticeType::HandOver, "hand_over"},
    {NoticeType::Transfer, "transfer"},
    {NoticeType::Refer, "refer"}}};
constexpr std::array<std::pair<Outcome, const char*>, 6> kOutcomes{{
    {Outcome::None, "none"},
    {Outcome::Granted, "granted"},
    {Outcome::Refused, "refused"},
    {Outcome::Referred, "referred"},
    {Outcome::Withdrawn, "withdrawn"},
    {Outcome::Merged, "merged"}}};
}  // namespace

const char* name(CaseState s) { return lookup(kCaseStates, s); }
const char* name(ItemState s) { return lookup(kItemStates, s); }
const char* name(NoticeType t) { return lookup(kNoticeTypes, t); }
const char* name(Outcome o) { return lookup(kOutcomes, o); }
std::optional<CaseState> parse_case_state(std::string_view s) { return lookup(kCaseStates, s); }
std::optional<ItemState> parse_item_state(std::string_view s) { return lookup(kItemStates, s); }
std::optional<NoticeType> parse_notice_type(std::string_view s) { return lookup(kNoticeTypes, s); }
std::optional<Outcome> parse_outcome(std::string_view s) { return lookup(kOutcomes, s); }

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
