#include "domain/codes.h"

namespace od {

// Function-local statics: built on first use, so no order-of-initialisation question
// between translation units.

const EnumTable<CaseState>& case_states() {
  static const EnumTable<CaseState> t{{CaseState::Open, "open", "办理中"},
                                      {CaseState::Closed, "closed", "已办结"},
                                      {CaseState::Archived, "archived", "已归档"}};
  return t;
}

const EnumTable<ItemState>& item_states() {
  static const EnumTable<ItemState> t{{ItemState::AtWindow, "at_window", "待分办"},
                                      {ItemState::Notified, "notified", "已通知承办单位"},
                                      {ItemState::Handling, "handling", "办理中"},
                                      {ItemState::AwaitingMaterial, "awaiting_material", "待补充材料"},
                                      {ItemState::AwaitingDecision, "awaiting_decision", "待政府决定"},
                                      {ItemState::Answered, "answered", "已答复"}};
  return t;
}

const EnumTable<NoticeType>& notice_types() {
  static const EnumTable<NoticeType> t{{NoticeType::Distribute, "distribute", "分办"},
                                       {NoticeType::Forward, "forward", "转送"},
                                       {NoticeType::HandOver, "hand_over", "转交"},
                                       {NoticeType::Transfer, "transfer", "转办"},
                                       {NoticeType::Refer, "refer", "转介"}};
  return t;
}

const EnumTable<Outcome>& outcomes() {
  static const EnumTable<Outcome> t{{Outcome::None, "none", "尚无结果"},
                                    {Outcome::Granted, "granted", "给予救助"},
                                    {Outcome::Refused, "refused", "不予救助"},
                                    {Outcome::Referred, "referred", "转介社会力量"},
                                    {Outcome::Withdrawn, "withdrawn", "申请人撤回"},
                                    {Outcome::Merged, "merged", "重复申请，并入原件"}};
  return t;
}

const EnumTable<UnitKind>& unit_kinds() {
  static const EnumTable<UnitKind> t{{UnitKind::DistrictWindow, "district_window", "区社会救助服务窗口"},
                                     {UnitKind::TownWindow, "town_window", "镇(街道)社会救助服务窗口"},
                                     {UnitKind::TownOffice, "town_office", "镇(街道)承办机构"},
                                     {UnitKind::Department, "department", "区直部门"},
                                     {UnitKind::SocialOrg, "social_org", "社会组织"},
                                     {UnitKind::Government, "government", "区政府"}};
  return t;
}

const EnumTable<Channel>& channels() {
  static const EnumTable<Channel> t{{Channel::InPerson, "in_person", "当面"},
                                    {Channel::Committee, "committee", "村(居)委会代为申请"},
                                    {Channel::Discovery, "discovery", "主动发现"},
                                    {Channel::Inquiry, "inquiry", "咨询"}};
  return t;
}

const EnumTable<TellChannel>& tell_channels() {
  static const EnumTable<TellChannel> t{{TellChannel::InPerson, "in_person", "当面"},
                                        {TellChannel::Phone, "phone", "电话"},
                                        {TellChannel::Sms, "sms", "短信"},
                                        {TellChannel::Letter, "letter", "书面信函"},
                                        {TellChannel::Visit, "visit", "上门"},
                                        {TellChannel::Online, "online", "网上"}};
  return t;
}

const EnumTable<Urgency>& urgencies() {
  static const EnumTable<Urgency> t{{Urgency::Normal, "normal", "一般"},
                                    {Urgency::Emergency, "emergency", "情况紧急"},
                                    {Urgency::Major, "major", "情况重大"}};
  return t;
}

const EnumTable<JobState>& job_states() {
  static const EnumTable<JobState> t{{JobState::Pending, "pending"},
                                     {JobState::Delivered, "delivered"},
                                     {JobState::Dead, "dead"}};
  return t;
}

}  // namespace od
