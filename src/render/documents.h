// The documents of one case, as self-contained printable HTML (A4): the acceptance
// receipt (受理回执), each of the five notices (分办/转送/转交/转办/转介通知单), the
// feedback form (办理结果反馈单) and the archived case file (cover, index, every
// document, the event log). Names, never codes. Pure: the case, the district and the
// events in, HTML out.
#pragma once
#include <boost/json.hpp>
#include <string>

#include "domain/case.h"
#include "rules/district.h"

namespace od {

// The date by which the applicant is promised an answer: the receipt's 承诺答复日期.
// An inquiry: deadlines.inquiry; an item a town can handle: route + opinion +
// feedback; otherwise the window's route, the district's route and the owner's
// policy days (or opinion + feedback if longer). The latest over all items.
Millis promised_answer(const District& d, const Case& c);

std::string render_receipt(const District& d, const Case& c);
std::string render_notice(const District& d, const Case& c, const Item& it, const Notice& n);
// The item must have a feedback (the caller checks).
std::string render_feedback(const District& d, const Case& c, const Item& it);
// events: the `events` array of the case.file operation.
std::string render_case_file(const District& d, const Case& c, const boost::json::array& events);

}  // namespace od
