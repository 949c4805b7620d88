// The codes of the domain, each an enum with one table (domain/enum_table.h): case and
// item states, outcomes, notice kinds, unit kinds, intake channels, how an applicant was
// told, urgency and delivery job states. The names are the stored format and the API's
// words (changing one is a data migration); the labels are what documents print. Pure.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enum_table.h"

namespace od {

enum class CaseState { Open, Closed, Archived };
enum class ItemState { AtWindow, Notified, Handling, AwaitingMaterial, AwaitingDecision, Answered };
enum class NoticeType { Distribute, Forward, HandOver, Transfer, Refer };
enum class Outcome { None, Granted, Refused, Referred, Withdrawn, Merged };
enum class UnitKind { DistrictWindow, TownWindow, TownOffice, Department, SocialOrg, Government };
// How a case came in: at a window, through a village or residents' committee, found by
// staff (主动发现), or a bare inquiry.
enum class Channel { InPerson, Committee, Discovery, Inquiry };
// How an applicant was told an answer.
enum class TellChannel { InPerson, Phone, Sms, Letter, Visit, Online };
// In rising order: a case's urgency is only ever raised.
enum class Urgency { Normal, Emergency, Major };
// An outbox job: waiting (or leased), delivered, or a dead letter.
enum class JobState { Pending, Delivered, Dead };

const EnumTable<CaseState>& case_states();
const EnumTable<ItemState>& item_states();
const EnumTable<NoticeType>& notice_types();
const EnumTable<Outcome>& outcomes();
const EnumTable<UnitKind>& unit_kinds();
const EnumTable<Channel>& channels();
const EnumTable<TellChannel>& tell_channels();
const EnumTable<Urgency>& urgencies();
const EnumTable<JobState>& job_states();

inline const char* name(CaseState v) { return case_states().name(v); }
inline const char* name(ItemState v) { return item_states().name(v); }
inline const char* name(NoticeType v) { return notice_types().name(v); }
inline const char* name(Outcome v) { return outcomes().name(v); }
inline const char* name(UnitKind v) { return unit_kinds().name(v); }
inline const char* name(Channel v) { return channels().name(v); }
inline const char* name(TellChannel v) { return tell_channels().name(v); }
inline const char* name(Urgency v) { return urgencies().name(v); }
inline const char* name(JobState v) { return job_states().name(v); }

inline const char* label(CaseState v) { return case_states().label(v); }      // 办理中, 已办结, 已归档
inline const char* label(ItemState v) { return item_states().label(v); }      // 待分办, 已通知承办单位, ...
inline const char* label(NoticeType v) { return notice_types().label(v); }    // 分办, 转送, 转交, 转办, 转介
inline const char* label(Outcome v) { return outcomes().label(v); }          // 给予救助, 不予救助, ...
inline const char* label(UnitKind v) { return unit_kinds().label(v); }       // 区社会救助服务窗口, ...
inline const char* label(Channel v) { return channels().label(v); }          // 当面, 主动发现, ...
inline const char* label(TellChannel v) { return tell_channels().label(v); } // 电话, 短信, ...
inline const char* label(Urgency v) { return urgencies().label(v); }         // 一般, 情况紧急, 情况重大

inline std::optional<CaseState> parse_case_state(std::string_view s) { return case_states().parse(s); }
inline std::optional<ItemState> parse_item_state(std::string_view s) { return item_states().parse(s); }
inline std::optional<NoticeType> parse_notice_type(std::string_view s) { return notice_types().parse(s); }
inline std::optional<Outcome> parse_outcome(std::string_view s) { return outcomes().parse(s); }
inline std::optional<UnitKind> parse_unit_kind(std::string_view s) { return unit_kinds().parse(s); }
inline std::optional<Channel> parse_channel(std::string_view s) { return channels().parse(s); }
inline std::optional<TellChannel> parse_tell_channel(std::string_view s) { return tell_channels().parse(s); }
inline std::optional<Urgency> parse_urgency(std::string_view s) { return urgencies().parse(s); }
inline std::optional<JobState> parse_job_state(std::string_view s) { return job_states().parse(s); }

// The names of some values, in the order given: a request that allows only these.
template <typename E>
std::vector<std::string> names_of(std::initializer_list<E> values) {
  std::vector<std::string> out;
  for (E v : values) out.emplace_back(name(v));
  return out;
}

}  // namespace od
