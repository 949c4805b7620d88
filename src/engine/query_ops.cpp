// Reading: one case, the whole archived file, lists, what is due, statistics and the
// public disclosure (公示). Nothing here writes.
#include <functional>
#include <map>

#include "domain/case_json.h"
#include "domain/deadlines.h"
#include "domain/resident_id.h"
#include "engine/case_index.h"
#include "engine/op.h"
#include "render/disclosure.h"

namespace od {
namespace json = boost::json;

namespace {

json::object obligation_json(const Obligation& ob, Millis now) {
  json::object o;
  o["kind"] = ob.kind;
  o["unit"] = ob.unit;
  o["case_id"] = ob.case_id;
  if (!ob.item_id.empty()) o["item_id"] = ob.item_id;
  o["since"] = format_instant(ob.since);
  o["due"] = format_instant(ob.due);
  o["overdue"] = now > ob.due;
  if (ob.provisional) o["provisional"] = true;
  return o;
}

// "sent" when every destination has it, "failed" when one is a dead letter, "pending"
// while any is on its way, "none" when no department needed to hear of it.
std::string delivery_status(const std::vector<JobRow>& jobs) {
  if (jobs.empty()) return "none";
  bool pending = false;
  for (const auto& j : jobs) {
    auto state = parse_job_state(j.state);
    if (state == JobState::Dead) return "failed";
    if (state == JobState::Pending) pending = true;
  }
  return pending ? "pending" : "sent";
}

std::optional<std::string> opt_filter(const Fields& f, const char* key) { return f.opt_str(key, 64); }

// The scope whose rows a query reads for the actor: "*" for the district window.
std::string scope_for(const Actor& a) { return visibility_scope(a).value_or("*"); }

}  // namespace

json::object case_view(Op& op, const Case& c) {
  json::object o = case_to_json(c, TimeStyle::Iso);
  json::array obs;
  for (const auto& ob : obligations(op.d, c)) obs.push_back(obligation_json(ob, op.now));
  o["obligations"] = std::move(obs);
  auto jobs = op.store.jobs_of_case(c.id);
  json::array js;
  for (const auto& j : jobs) js.push_back(job_json(j, false));
  o["deliveries"] = std::move(js);
  o["delivery_status"] = delivery_status(jobs);
  return o;
}

json::value op_case_get(Op& op) { return case_view(op, op.load_case("case_id")); }

json::value op_case_file(Op& op) {
  Case c = op.load_case("case_id");
  json::object o;
  o["case"] = case_view(op, c);
  // every document of the case in order: the application, each notice, each feedback
  json::array docs;
  json::object application;
  application["type"] = "application";
  application["title"] = c.channel == Channel::Inquiry ? "咨询登记" : "社会救助申请登记";
  application["at"] = format_instant(c.received_at);
  application["window"] = c.window;
  application["first_officer"] = c.first_officer;
  docs.push_back(std::move(application));
  struct Doc {
    Millis at;
    json::object body;
  };
  std::vector<Doc> later;
  for (const Item& it : c.items) {
    for (const Notice& n : it.notices) {
      json::object d = notice_to_json(n, TimeStyle::Iso);
      d["type"] = "notice";
      d["notice_type"] = name(n.type);
      d["item_id"] = it.id;
      d["category"] = it.category;
      later.push_back({n.issued_at, std::move(d)});
    }
    if (it.feedback) {
      json::object d = item_to_json(it, TimeStyle::Iso)["feedback"].as_object();
      d["type"] = "feedback";
      d["title"] = "救助事项办理结果反馈";
      d["item_id"] = it.id;
      d["category"] = it.category;
      later.push_back({it.feedback->recorded_at, std::move(d)});
    }
  }
  std::stable_sort(later.begin(), later.end(), [](const Doc& a, const Doc& b) { return a.at < b.at; });
  for (auto& d : later) docs.push_back(std::move(d.body));
  o["documents"] = std::move(docs);
  json::array events;
  for (const EventRow& e : op.store.events_of_case(c.id)) {
    json::object ev;
    ev["seq"] = e.seq;
    ev["type"] = e.type;
    if (!e.item_id.empty()) ev["item_id"] = e.item_id;
    ev["at"] = format_instant(e.at);
    ev["actor"] = json::parse(e.actor_json);
    ev["before"] = e.before;
    ev["after"] = e.after;
    ev["data"] = json::parse(e.data_json);
    events.push_back(std::move(ev));
  }
  o["events"] = std::move(events);
  return o;
}

json::value op_case_list(Op& op) {
  const Fields& r = op.req;
  CaseQuery q;
  q.state = r.opt_one_of("state", case_states().names());
  q.outcome = r.opt_one_of("outcome", outcomes().names());
  q.town = opt_filter(r, "town");
  if (q.town && !op.d.town(*q.town)) invalid("town", "unknown town '" + *q.town + "'");
  q.category = opt_filter(r, "category");
  if (q.category && !op.d.category(*q.category)) invalid("category", "unknown category '" + *q.category + "'");
  q.unit = opt_filter(r, "unit");
  if (q.unit && !op.d.unit(*q.unit)) invalid("unit", "unknown unit '" + *q.unit + "'");
  q.window = opt_filter(r, "window");
  if (q.window && !op.d.window(*q.window)) invalid("window", "'" + *q.window + "' is not a window of the district");
  if (auto id = r.opt_str("applicant_id", 32)) q.person = normalize_resident_id(*id);
  if (r.opt_bool("overdue").value_or(false)) q.overdue_at = op.now;
  q.received_from = r.opt_instant("received_from");
  q.received_to = r.opt_instant("received_to");
  q.after = r.opt_integer("after", 0, INT64_MAX).value_or(0);
  q.limit = r.opt_integer("limit", 1, 500).value_or(50);
  q.visible_to = visibility_scope(op.actor);
  CasePage page = op.store.list_cases(q);
  json::array cases;
  for (const Case& c : page.cases) {
    json::object s;
    s["id"] = c.id;
    s["seq"] = c.seq;
    s["state"] = name(c.state);
    s["urgency"] = name(c.urgency);
    s["window"] = c.window;
    s["town"] = c.hukou_town;
    s["received_at"] = format_instant(c.received_at);
    s["applicant"] = c.applicant.name;
    json::array items;
    for (const auto& it : c.items) items.push_back(item_summary(it));
    s["items"] = std::move(items);
    cases.push_back(std::move(s));
  }
  json::object o;
  o["count"] = static_cast<int64_t>(cases.size());
  o["cases"] = std::move(cases);
  if (page.next) o["next"] = *page.next;  // pass as "after"
  return o;
}

json::value op_due_list(Op& op) {
  const Fields& r = op.req;
  DueQuery q;
  q.at = r.opt_instant("at").value_or(op.now);
  q.unit = r.opt_str("unit", 64);
  if (q.unit && !op.d.unit(*q.unit)) invalid("unit", "unknown unit '" + *q.unit + "'");
  q.overdue_only = r.opt_bool("overdue").value_or(false);
  q.visible_to = visibility_scope(op.actor);
  q.after = r.opt_str("after", 256).value_or("");
  q.limit = r.opt_integer("limit", 1, 1000).value_or(200);
  DuePage page = op.store.list_due(q);
  json::array due, overdue;
  for (const DueRow& row : page.rows) {
    Obligation ob{row.kind, row.unit, row.case_id, row.item_id, row.since, row.due,
                  is_provisional(op.d.calendar, row.since, row.due)};
    (q.at > ob.due ? overdue : due).push_back(obligation_json(ob, q.at));
  }
  // dead letters, and the jobs held behind them ("waiting behind job-...")
  auto visible_jobs = [&](const std::vector<JobRow>& jobs) {
    json::array out;
    for (const auto& j : jobs) {
      if (q.unit && j.unit != *q.unit) continue;
      if (!op.actor.is_district_window()) {
        auto c = op.store.find_case(j.case_id);
        if (!c || !can_see(op.actor, *c)) continue;
      }
      out.push_back(job_json(j, false));
    }
    return out;
  };
  StoreTx::JobQuery dead_q;
  dead_q.state = name(JobState::Dead);
  dead_q.limit = 10000;
  json::array dead = visible_jobs(op.store.jobs(dead_q));
  json::array held = visible_jobs(op.store.held_jobs(10000));
  json::object units;
  for (const auto& [u, counts] : page.per_unit) units[u] = json::object{{"due", counts.first}, {"overdue", counts.second}};
  json::object o;
  o["at"] = format_instant(q.at);
  o["due"] = std::move(due);
  o["overdue"] = std::move(overdue);
  o["dead_letters"] = std::move(dead);
  o["held"] = std::move(held);
  o["units"] = std::move(units);
  if (!page.next.empty()) o["next"] = page.next;  // pass as "after"
  return o;
}

namespace {

// A statistics period: whole months and whole days read from the rollup, and the
// partial days at its edges, whose cases are counted one by one.
struct Period {
  int64_t from_day = INT32_MIN, to_day = INT32_MIN;  // whole days [from_day, to_day)
  std::vector<std::pair<Millis, Millis>> edges;
};
Period period_of(std::optional<Millis> from, std::optional<Millis> to) {
  // a period without a start or an end reaches past any case a district can hold
  const Day kFirst = day_from_ymd(1900, 1, 1), kLast = day_from_ymd(2999, 12, 31);
  Period p;
  Day fd = from ? local_day(*from) : kFirst;
  p.from_day = !from ? kFirst : day_start(fd) == *from ? fd : fd + 1;
  p.to_day = to ? local_day(*to) : kLast;
  if (from && to && *from >= *to) {
    p.to_day = p.from_day;
    return p;
  }
  if (p.from_day >= p.to_day) {  // within one day: no whole day at all
    p.to_day = p.from_day;
    p.edges.emplace_back(from.value_or(INT64_MIN), to.value_or(INT64_MAX));
    return p;
  }
  if (from && *from < day_start(static_cast<Day>(p.from_day)))
    p.edges.emplace_back(*from, day_start(static_cast<Day>(p.from_day)));
  if (to && day_start(static_cast<Day>(p.to_day)) < *to) p.edges.emplace_back(day_start(static_cast<Day>(p.to_day)), *to);
  return p;
}

int64_t month_of(Day d) {
  int y, m, dd;
  ymd_from_day(d, y, m, dd);
  return static_cast<int64_t>(y) * 12 + m - 1;
}
Day first_day_of_month(int64_t month) { return day_from_ymd(static_cast<int>(month / 12), static_cast<int>(month % 12) + 1, 1); }

// Adds up the statistics of cases received in the period as seen from `scope`: whole
// months from the monthly rollup, the days around them from the daily one, the partial
// days at the edges case by case.
Totals totals_of(Op& op, const std::string& scope, const Period& p) {
  Totals t;
  auto add_all = [&](const std::vector<Tally>& ts) {
    for (const Tally& x : ts) t.add(x);
  };
  if (p.from_day < p.to_day) {
    int64_t m1 = month_of(static_cast<Day>(p.from_day));
    if (first_day_of_month(m1) < p.from_day) ++m1;  // the first whole month
    int64_t m2 = month_of(static_cast<Day>(p.to_day));  // the month holding to_day: not whole
    if (m1 < m2) {
      add_all(op.store.rollup(scope, RollupLevel::Month, m1, m2));
      add_all(op.store.rollup(scope, RollupLevel::Day, p.from_day, first_day_of_month(m1)));
      add_all(op.store.rollup(scope, RollupLevel::Day, first_day_of_month(m2), p.to_day));
    } else {
      add_all(op.store.rollup(scope, RollupLevel::Day, p.from_day, p.to_day));
    }
  }
  for (const auto& [a, b] : p.edges)
    for (const Case& c : op.store.cases_received(scope, a, b, INT64_MAX)) add_all(index_case(op.d, c).tallies);
  return t;
}

json::object granted_json(const std::map<std::string, std::pair<int64_t, int64_t>>& rows) {
  json::object o;
  for (const auto& [k, v] : rows)
    if (v.first != 0) o[k] = json::object{{"items", v.first}, {"amount", amount_value(static_cast<double>(v.second) / 100.0)}};
  return o;
}

}  // namespace

json::value op_stats(Op& op) {
  auto from = op.req.opt_instant("from");
  auto to = op.req.opt_instant("to");
  // the whole district for the units the district file names (the finance bureau)
  const std::string scope = op.d.statistics_readers.count(op.actor.unit) ? std::string("*") : scope_for(op.actor);
  Totals t = totals_of(op, scope, period_of(from, to));
  json::object o;
  o["cases"] = t.cases;
  o["items"] = t.items;
  o["open_items"] = t.open_items;
  // Overdue: every item whose earliest obligation fell due on a day before today, from the
  // tallies; of those due today, the ones due before now, walked (at most a day's dues).
  const Day today = local_day(op.now);
  int64_t overdue = 0;
  for (const auto& [day, n] : t.owing_by_due_day)
    if (day < today) overdue += n;
  if (auto due_today = t.owing_by_due_day.find(today); due_today != t.owing_by_due_day.end() && due_today->second > 0)
    overdue += op.store.overdue_items(scope, day_start(today), op.now, from.value_or(INT64_MIN), to.value_or(INT64_MAX));
  o["overdue_items"] = overdue;
  o["answered_on_time"] = t.answered_on_time;
  o["answered_late"] = t.answered_late;
  o["opinions_late"] = t.opinions_late;
  o["duplicates_caught"] = t.duplicates;
  o["emergencies"] = t.emergencies;
  o["major_cases"] = t.majors;
  o["average_days_to_answer"] =
      t.answered ? static_cast<double>(t.days_ms) / kMsPerDay / static_cast<double>(t.answered) : 0.0;
  json::object dims;
  for (const auto& [dim, counts] : t.by) {
    json::object d;
    for (const auto& [k, v] : counts)
      if (v != 0) d[k] = v;
    if (!d.empty()) dims[dim] = std::move(d);
  }
  o["by"] = std::move(dims);
  // granted items and amounts, for the finance bureau
  o["granted"] = json::object{{"by_category", granted_json(t.granted_by_category)},
                              {"by_town", granted_json(t.granted_by_town)}};
  if (op.actor.is_district_window()) {  // the outbox spans the district
    json::object deliveries;
    for (const auto& [state, n] : op.store.job_counts()) deliveries[state] = n;
    o["deliveries"] = std::move(deliveries);
  }
  return o;
}

json::value op_disclosure(Op& op) {
  GrantQuery q;
  q.from = op.req.opt_instant("from").value_or(INT64_MIN);
  q.to = op.req.opt_instant("to").value_or(INT64_MAX);
  q.town = op.req.opt_str("town", 64);
  if (q.town && !op.d.town(*q.town)) invalid("town", "unknown town '" + *q.town + "'");
  q.after = op.req.opt_str("after", 256).value_or("");
  q.limit = op.req.opt_integer("limit", 1, 1000).value_or(200);
  // published to the public anyway, masked: the whole district
  GrantPage page = op.store.list_grants(q);
  json::array rows;
  for (const auto& [c, item_id] : page.rows) {
    const Item* it = c.item(item_id);
    if (!it || !it->feedback) continue;
    rows.push_back(disclosure_row(op.d, op.d.disclosure, c, *it));  // masked per the district's policy
  }
  json::object o;
  o["district"] = op.d.name;
  o["count"] = static_cast<int64_t>(rows.size());
  o["rows"] = std::move(rows);
  if (!page.next.empty()) o["next"] = page.next;  // pass as "after"
  return o;
}

}  // namespace od
