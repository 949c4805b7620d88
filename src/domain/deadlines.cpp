#include "domain/deadlines.h"

#include <algorithm>

namespace od {

int paused_working_days(const Calendar& cal, const Item& item, Millis from) {
  int n = 0;
  for (const Pause& p : item.pauses)
    if (p.to && p.from >= from) n += cal.working_days_between(local_day(p.from), local_day(*p.to));
  return n;
}

namespace {

void item_obligations(const District& d, const Case& c, const Item& it, std::vector<Obligation>& out) {
  const Calendar& cal = d.calendar;
  auto add = [&](const char* kind, const std::string& unit, Millis since, int days) {
    out.push_back({kind, unit, c.id, it.id, since, cal.deadline(since, days + paused_working_days(cal, it, since))});
  };
  if (it.emergency && !it.emergency->paperwork_done_at)
    out.push_back({"paperwork", it.emergency->unit, c.id, it.id, it.emergency->granted_at, it.emergency->paperwork_due});
  const Notice* n = it.current_notice();
  switch (it.state) {
    case ItemState::AtWindow:
      add("route", it.holder, it.since, d.deadlines.route);
      break;
    case ItemState::Notified:
    case ItemState::Handling: {
      if (!n) break;
      if (!it.opinion_at) add("opinion", it.holder, n->issued_at, d.deadlines.opinion);
      if (n->type == NoticeType::Transfer) {
        const Category* cat = d.category(it.category);
        add("complete", it.holder, n->issued_at, cat ? cat->policy_days : d.deadlines.feedback);
      } else if (it.opinion_at) {
        add("feedback", it.holder, *it.opinion_at, d.deadlines.feedback);
      } else {
        add("feedback", it.holder, n->issued_at, d.deadlines.opinion + d.deadlines.feedback);
      }
      break;
    }
    case ItemState::AwaitingDecision:
      if (it.decision) out.push_back({"decision", d.government(), c.id, it.id, it.decision->requested_at, it.decision->due});
      break;
    case ItemState::AwaitingMaterial:  // the clock is paused
    case ItemState::Answered:
      break;
  }
}

}  // namespace

std::vector<Obligation> obligations(const District& d, const Case& c) {
  std::vector<Obligation> out;
  if (c.state == CaseState::Archived) return out;
  if (c.items.empty() && c.state == CaseState::Open)
    out.push_back({"inquiry", c.window, c.id, "", c.received_at, d.calendar.deadline(c.received_at, d.deadlines.inquiry)});
  for (const Item& it : c.items) item_obligations(d, c, it, out);
  return out;
}

std::optional<Obligation> next_obligation(const District& d, const Case& c, const Item& item) {
  std::vector<Obligation> out;
  item_obligations(d, c, item, out);
  if (out.empty()) return std::nullopt;
  return *std::min_element(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
}

}  // namespace od
