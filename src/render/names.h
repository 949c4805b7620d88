// What people read instead of codes: the Chinese names of units, towns, categories,
// states, outcomes and channels, taken from the district file where they are data and
// from fixed tables where they are the system's own words. Pure.
#pragma once
#include <boost/json.hpp>
#include <string>

#include "domain/case.h"
#include "rules/district.h"

namespace od {

// The name of a unit, town or category; the code itself only when the district does
// not know it (a document must still say something).
std::string unit_name(const District& d, const std::string& unit);
std::string town_name(const District& d, const std::string& town);
std::string category_name(const District& d, const std::string& category);
// A window as a dense table shows it: 古楼街道窗口, 区窗口.
std::string window_short_name(const District& d, const std::string& unit);

// The labels of the domain's codes (domain/codes.h), as documents print them.
const char* case_state_zh(CaseState s);   // 办理中, 已办结, 已归档
const char* item_state_zh(ItemState s);   // 待分办, 已通知, 办理中, ...
const char* outcome_zh(Outcome o);        // 给予救助, 不予救助, ...
const char* notice_kind_zh(NoticeType t); // 分办, 转送, 转交, 转办, 转介
const char* channel_zh(Channel c);        // 当面, 村(居)委会代为申请, 主动发现, 咨询
const char* channel_zh(TellChannel c);    // 当面, 电话, 短信, ...
const char* urgency_zh(Urgency u);        // 一般, 情况紧急, 情况重大
std::string unit_kind_zh(UnitKind k);
// A channel code as stored in a statistics key: either kind; unknown codes as given.
std::string channel_zh(const std::string& channel);

// The `names` operation's answer: {district:{code,name}, towns[], units[], categories[]},
// each with its code, name and kind.
boost::json::object names_json(const District& d);

}  // namespace od

namespace od {
// The Chinese name of an event type of the case file ("notice_issued" -> 发出通知单).
std::string event_type_zh(const std::string& type);
}  // namespace od
