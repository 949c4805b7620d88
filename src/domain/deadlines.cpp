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
void item_obligations(const District& d, const Case& c, const Item& it, std::vector<Obligation>& out);
}  // namespace

Millis opinion_due(const District& d, const Item& it) {
  const Notice* n = it.current_notice();
  if (!n) return 0;
  const Calendar& cal = d.calendar;
  return cal.deadline(n->issued_at, d.deadlines.opinion + paused_working_days(cal, it, n->issued_at));
}

bool opinion_late(const District& d, const Item& it) {
  return it.opinion_at && it.current_notice() && *it.opinion_at > opinion_due(d, it);
}

void mark_provisional(const Calendar& cal, std::vector<Obligation>& out, size_t from);

std::vector<Obligation> item_obligations(const District& d, const Case& c, const Item& it) {
  std::vector<Obligation> out;
  item_obligations(d, c, it, out);
  mark_provisional(d.calendar, out, 0);
  return out;
}

namespace {

void item_obligations(const District& d, const Case& c, const Item& it, std::vector<Obligation>& out) {
  const Calendar& cal = d.calendar;
  auto add = [&](const char* kind, const std::string& unit, Millis since, int days) {
    out.push_back({kind, unit, c.id, it.id, since, cal.deadline(since, days + paused_working_days(cal, it, since))});
  };
  if (it.emergency && !it.emergency->paperwork_done_at)
    out.push_back({"paperwork", it.emergency->unit, c.id, it.id, it.emergency->granted_at, it.emergency->paperwork_due});
  // A unit asked for a cooperating opinion owes it while the item is open.
  if (!it.final())
    for (const Cooperation& k : it.cooperations)
      if (!k.answered_at) add("cooperation", k.to, k.requested_at, d.deadlines.opinion);
  const Notice* n = it.current_notice();
  switch (it.state) {
    case ItemState::AtWindow:
      add("route", it.holder, it.since, d.deadlines.route);
      break;
    case ItemState::Notified:
    case ItemState::Handling: {
      if (!n) break;
      Millis op_due = opinion_due(d, it);
      // A referral has one deadline: the organisation reports back (no separate opinion).
      if (!it.opinion_at && notice_asks_opinion(n->type))
        out.push_back({"opinion", it.holder, c.id, it.id, n->issued_at, op_due});
      if (n->type == NoticeType::Transfer) {
        const Category* cat = d.category(it.category);
        add("complete", it.holder, n->issued_at, cat ? cat->policy_days : d.deadlines.feedback);
      } else if (n->type == NoticeType::Refer) {
        // a social organisation reports back within 3 working days of the referral
        add("feedback", it.holder, n->issued_at, d.deadlines.feedback);
      } else {
        // 3 working days from the opinion; a late opinion does not buy more time
        Millis base = it.opinion_at ? std::min(*it.opinion_at, op_due) : op_due;
        add("feedback", it.holder, base, d.deadlines.feedback);
      }
      break;
    }
    case ItemState::AwaitingDecision:
      if (it.decision)
        out.push_back({"decision", it.decision->to.empty() ? d.government() : it.decision->to, c.id, it.id,
                       it.decision->requested_at, it.decision->due});
      break;
    case ItemState::AwaitingMaterial:  // the clock is paused
    case ItemState::Answered:
      break;
  }
}

}  // namespace

bool is_provisional(const Calendar& cal, Millis since, Millis due) {
  return !cal.covers_range(local_day(since), local_day(due));
}

void mark_provisional(const Calendar& cal, std::vector<Obligation>& out, size_t from) {
  for (size_t i = from; i < out.size(); ++i) out[i].provisional = is_provisional(cal, out[i].since, out[i].due);
}

std::vector<Obligation> obligations(const District& d, const Case& c) {
  std::vector<Obligation> out;
  if (c.state == CaseState::Archived) return out;
  if (c.items.empty() && c.state == CaseState::Open)
    out.push_back({"inquiry", c.window, c.id, "", c.received_at, d.calendar.deadline(c.received_at, d.deadlines.inquiry)});
  for (const Item& it : c.items) item_obligations(d, c, it, out);
  mark_provisional(d.calendar, out, 0);
  return out;
}

std::optional<Obligation> next_obligation(const District& d, const Case& c, const Item& item) {
  std::vector<Obligation> out = item_obligations(d, c, item);
  if (out.empty()) return std::nullopt;
  return *std::min_element(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
}

std::vector<DueChange> restate_due_dates(const District& d, Case& c) {
  std::vector<DueChange> out;
  if (c.state == CaseState::Archived) return out;
  const Calendar& cal = d.calendar;
  auto restate = [&](Millis& due, Millis from, int days, const std::string& what, const std::string& item) {
    Millis now_due = cal.deadline(from, days);
    if (now_due != due) out.push_back({what, item, due, now_due}), due = now_due;
  };
  for (Item& it : c.items) {
    if (it.emergency && !it.emergency->paperwork_done_at)
      restate(it.emergency->paperwork_due, it.emergency->granted_at, d.deadlines.paperwork, "emergency paperwork_due", it.id);
    if (it.final()) continue;
    if (!it.notices.empty()) {
      Notice& n = it.notices.back();
      bool to_window = n.type == NoticeType::Forward || n.type == NoticeType::HandOver;
      if (!it.opinion_at)
        restate(n.opinion_due, n.issued_at, to_window ? d.deadlines.route : d.deadlines.opinion,
                "notice " + n.number + " opinion_due", it.id);
      const Category* cat = d.category(it.category);
      if (n.complete_due && cat) restate(*n.complete_due, n.issued_at, cat->policy_days, "notice " + n.number + " complete_due", it.id);
    }
    if (it.decision && !it.decision->decided_at)
      restate(it.decision->due, it.decision->requested_at, d.deadlines.decision, "decision due", it.id);
    for (Cooperation& k : it.cooperations)
      if (!k.answered_at) restate(k.due, k.requested_at, d.deadlines.opinion, "cooperation " + k.number + " due", it.id);
  }
  return out;
}

}  // namespace od
