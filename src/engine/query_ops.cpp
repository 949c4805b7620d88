// Reading: one case, the whole archived file, lists, what is due, statistics and the
// public disclosure (公示). Nothing here writes.
#include <functional>
#include <map>

#include "domain/case_json.h"
#include "domain/deadlines.h"
#include "domain/resident_id.h"
#include "engine/op.h"

namespace od {
namespace json = boost::json;

namespace {

Case parse_case(const std::string& doc) { return case_from_json(json::parse(doc).as_object()); }

json::object job_json(const JobRow& j, bool with_body) {
  json::object o;
  o["id"] = j.id;
  o["case_id"] = j.case_id;
  if (!j.item_id.empty()) o["item_id"] = j.item_id;
  o["unit"] = j.unit;
  o["kind"] = j.kind;
  o["state"] = j.state;
  o["attempts"] = j.attempts;
  o["created_at"] = format_instant(j.created_at);
  if (j.state == "pending") o["next_at"] = format_instant(j.next_at);
  if (!j.last_error.empty()) o["last_error"] = j.last_error;
  if (!j.reference.empty()) o["reference"] = j.reference;
  if (j.delivered_at) o["delivered_at"] = format_instant(*j.delivered_at);
  if (j.dead_at) o["dead_at"] = format_instant(*j.dead_at);
  if (with_body) o["body"] = json::parse(j.body);
  return o;
}

json::object obligation_json(const Obligation& ob, Millis now) {
  json::object o;
  o["kind"] = ob.kind;
  o["unit"] = ob.unit;
  o["case_id"] = ob.case_id;
  if (!ob.item_id.empty()) o["item_id"] = ob.item_id;
  o["since"] = format_instant(ob.since);
  o["due"] = format_instant(ob.due);
  o["overdue"] = now > ob.due;
  return o;
}

// "sent" when every destination has it, "failed" when one is a dead letter, "pending"
// while any is on its way, "none" when no department needed to hear of it.
std::string delivery_status(const std::vector<JobRow>& jobs) {
  if (jobs.empty()) return "none";
  bool pending = false;
  for (const auto& j : jobs) {
    if (j.state == "dead") return "failed";
    if (j.state == "pending") pending = true;
  }
  return pending ? "pending" : "sent";
}

std::optional<std::string> opt_filter(const Fields& f, const char* key) { return f.opt_str(key, 64); }

// Calls fn for every case matching f that the actor may see (every case when
// `whole_district`), a page at a time, in order.
void for_each_case(Op& op, CaseFilter f, const std::function<void(const Case&)>& fn, bool whole_district = false) {
  if (!whole_district) f.visible_to = visibility_scope(op.actor);
  f.limit = 500;
  for (;;) {
    auto docs = op.store.list_case_docs(f);
    for (const auto& doc : docs) {
      Case c = parse_case(doc);
      f.after_seq = c.seq;
      fn(c);
    }
    if (static_cast<int64_t>(docs.size()) < f.limit) return;
  }
}

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
  application["title"] = c.channel == "inquiry" ? "咨询登记" : "社会救助申请登记";
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
  CaseFilter f;
  f.state = r.opt_one_of("state", {"open", "closed", "archived"});
  f.outcome = r.opt_one_of("outcome", {"none", "granted", "refused", "referred", "withdrawn", "merged"});
  f.town = opt_filter(r, "town");
  if (f.town && !op.d.town(*f.town)) invalid("town", "unknown town '" + *f.town + "'");
  f.category = opt_filter(r, "category");
  if (f.category && !op.d.category(*f.category)) invalid("category", "unknown category '" + *f.category + "'");
  f.unit = opt_filter(r, "unit");
  if (f.unit && !op.d.unit(*f.unit)) invalid("unit", "unknown unit '" + *f.unit + "'");
  f.window = opt_filter(r, "window");
  if (auto id = r.opt_str("applicant_id", 32)) f.applicant_id = normalize_resident_id(*id);
  if (r.opt_bool("overdue").value_or(false)) f.overdue_at = op.now;
  f.after_seq = r.opt_integer("after", 0, INT64_MAX).value_or(0);
  f.limit = r.opt_integer("limit", 1, 500).value_or(50);
  f.visible_to = visibility_scope(op.actor);
  json::array cases;
  int64_t last = 0;
  auto docs = op.store.list_case_docs(f);
  for (const auto& doc : docs) {
    Case c = parse_case(doc);
    last = c.seq;
    json::object s;
    s["id"] = c.id;
    s["seq"] = c.seq;
    s["state"] = name(c.state);
    s["urgency"] = c.urgency;
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
  o["cases"] = std::move(cases);
  o["count"] = static_cast<int64_t>(docs.size());
  if (static_cast<int64_t>(docs.size()) == f.limit) o["next"] = last;  // pass as "after"
  return o;
}

json::value op_due_list(Op& op) {
  const Fields& r = op.req;
  Millis at = r.opt_instant("at").value_or(op.now);
  auto unit = r.opt_str("unit", 64);
  if (unit && !op.d.unit(*unit)) invalid("unit", "unknown unit '" + *unit + "'");
  bool only_overdue = r.opt_bool("overdue_only").value_or(false);
  json::array due, overdue;
  std::map<std::string, std::pair<int, int>> per_unit;  // unit -> (due, overdue)
  auto collect = [&](const Case& c) {
    for (const auto& ob : obligations(op.d, c)) {
      if (unit && ob.unit != *unit) continue;
      bool late = at > ob.due;
      auto& counts = per_unit[ob.unit];
      (late ? counts.second : counts.first)++;
      if (late) overdue.push_back(obligation_json(ob, at));
      else if (!only_overdue) due.push_back(obligation_json(ob, at));
    }
  };
  // Every open case: nothing received may be forgotten, so this walks them all.
  CaseFilter open;
  open.state = "open";
  for_each_case(op, open, collect);
  // Closed cases can still owe emergency paperwork.
  for (const std::string& doc : op.store.closed_case_docs_with_obligations()) {
    Case c = parse_case(doc);
    if (can_see(op.actor, c)) collect(c);
  }
  auto by_due = [](const json::value& a, const json::value& b) {
    return a.at("due").as_string() < b.at("due").as_string();
  };
  std::sort(due.begin(), due.end(), by_due);
  std::sort(overdue.begin(), overdue.end(), by_due);
  json::array dead;
  for (const auto& j : op.store.jobs(std::nullopt, std::string("dead"), 10000, false)) {
    if (unit && j.unit != *unit) continue;
    if (!op.actor.is_district_window()) {
      auto doc = op.store.case_doc(j.case_id);
      if (!doc || !can_see(op.actor, parse_case(*doc))) continue;
    }
    dead.push_back(job_json(j, false));
  }
  json::object units;
  for (const auto& [u, counts] : per_unit) units[u] = json::object{{"due", counts.first}, {"overdue", counts.second}};
  json::object o;
  o["at"] = format_instant(at);
  o["due"] = std::move(due);
  o["overdue"] = std::move(overdue);
  o["dead_letters"] = std::move(dead);
  o["units"] = std::move(units);
  return o;
}

json::value op_stats(Op& op) {
  Millis from = op.req.opt_instant("from").value_or(0);
  Millis to = op.req.opt_instant("to").value_or(INT64_MAX);
  std::map<std::string, std::map<std::string, int64_t>> by;  // dimension -> key -> count
  int64_t cases = 0, items = 0, open_items = 0, overdue_items = 0, late_answers = 0, on_time_answers = 0,
          duplicates = 0, emergencies = 0, majors = 0, late_opinions = 0;
  double total_days = 0;
  int64_t answered = 0;
  // every count is over the cases received in [from, to) that the actor may see
  for_each_case(op, CaseFilter{}, [&](const Case& c) {
    if (c.received_at < from || c.received_at >= to) return;
    ++cases;
    by["state"][name(c.state)]++;
    by["town"][c.hukou_town]++;
    by["window"][c.window]++;
    by["channel"][c.channel]++;
    emergencies += c.urgency == "emergency";
    majors += c.urgency == "major";
    for (const Item& it : c.items) {
      ++items;
      by["category"][it.category]++;
      const Category* cat = op.d.category(it.category);
      by["department"][cat ? cat->owner : "?"]++;
      by["holder"][it.holder]++;
      Outcome oc = it.feedback ? it.feedback->outcome : Outcome::None;
      late_opinions += it.opinion_late;
      by["outcome"][name(oc)]++;
      if (oc == Outcome::Merged) ++duplicates;
      if (!it.final()) {
        ++open_items;
        if (auto ob = next_obligation(op.d, c, it); ob && op.now > ob->due) ++overdue_items;
      } else if (it.feedback && oc != Outcome::Merged) {
        ++answered;
        (it.feedback->late ? late_answers : on_time_answers)++;
        total_days += static_cast<double>(it.feedback->recorded_at - c.received_at) / kMsPerDay;
      }
    }
  });
  json::object o;
  o["cases"] = cases;
  o["items"] = items;
  o["open_items"] = open_items;
  o["overdue_items"] = overdue_items;
  o["answered_on_time"] = on_time_answers;
  o["answered_late"] = late_answers;
  o["opinions_late"] = late_opinions;
  o["duplicates_caught"] = duplicates;
  o["emergencies"] = emergencies;
  o["major_cases"] = majors;
  o["average_days_to_answer"] = answered ? total_days / static_cast<double>(answered) : 0.0;
  json::object dims;
  for (const auto& [dim, counts] : by) {
    json::object d;
    for (const auto& [k, v] : counts) d[k] = v;
    dims[dim] = std::move(d);
  }
  o["by"] = std::move(dims);
  if (op.actor.is_district_window()) {  // the outbox spans the district
    json::object deliveries;
    Statement s = op.store.db().prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
    while (s.step()) deliveries[s.text(0)] = s.int64(1);
    o["deliveries"] = std::move(deliveries);
  }
  return o;
}

json::value op_disclosure(Op& op) {
  Millis from = op.req.opt_instant("from").value_or(0);
  Millis to = op.req.opt_instant("to").value_or(INT64_MAX);
  auto town = op.req.opt_str("town", 64);
  if (town && !op.d.town(*town)) invalid("town", "unknown town '" + *town + "'");
  json::array rows;
  CaseFilter granted;
  granted.outcome = "granted";
  granted.town = town;
  for_each_case(op, granted, [&](const Case& c) {
    for (const Item& it : c.items) {
      if (!it.feedback || it.feedback->outcome != Outcome::Granted) continue;
      if (it.feedback->recorded_at < from || it.feedback->recorded_at >= to) continue;
      json::object r;
      r["name"] = mask_name(c.applicant.name);
      r["id_number"] = mask_resident_id(c.applicant.id_number);
      const Town* t = op.d.town(c.hukou_town);
      r["town"] = t ? t->name : c.hukou_town;
      const Category* cat = op.d.category(it.category);
      r["category"] = cat ? cat->name : it.category;
      r["measures"] = it.feedback->measures;
      if (it.feedback->amount) r["amount"] = amount_value(*it.feedback->amount);
      r["household_size"] = static_cast<int64_t>(c.household.size() + 1);
      r["granted_on"] = format_day(local_day(it.feedback->recorded_at));
      rows.push_back(std::move(r));
    }
  }, /*whole_district=*/true);  // published to the public anyway, masked
  json::object o;
  o["district"] = op.d.name;
  o["count"] = static_cast<int64_t>(rows.size());
  o["rows"] = std::move(rows);
  return o;
}

json::value op_delivery_list(Op& op) {
  auto case_id = op.req.opt_str("case_id", 64);
  auto state = op.req.opt_one_of("state", {"pending", "delivered", "dead"});
  if (case_id) op.load_case("case_id");  // visibility
  else if (!op.actor.is_district_window())
    fail(OD_ERR_FORBIDDEN, "only the district window lists every delivery; name a case_id", "case_id");
  json::array out;
  bool with_body = op.req.opt_bool("with_body").value_or(false);
  for (const auto& j : op.store.jobs(case_id, state, op.req.opt_integer("limit", 1, 100000).value_or(1000), with_body))
    out.push_back(job_json(j, with_body));
  json::object o;
  o["jobs"] = std::move(out);
  return o;
}

json::value op_delivery_retry(Op& op) {
  std::string id = op.req.str("job_id", 64);
  auto j = op.store.job(id);
  if (!j) fail(OD_ERR_NOT_FOUND, "no delivery job '" + id + "'", "job_id");
  auto doc = op.store.case_doc(j->case_id);
  Case c = parse_case(*doc);
  if (!op.actor.is_window() || (!op.actor.is_district_window() && op.actor.unit != c.window))
    fail(OD_ERR_FORBIDDEN, "only the case's window or the district window retries a delivery", "actor.unit");
  std::string reason = op.req.str("reason", kMaxTextString);
  if (!op.store.job_revive(id, op.now)) fail(OD_ERR_CONFLICT, "job " + id + " is " + j->state + ", not dead", "job_id");
  op.event(c, j->item_id, "delivery_retried", "dead", "pending", json::object{{"job_id", id}, {"reason", reason}});
  op.wrote_jobs = true;
  return job_json(*op.store.job(id), false);
}

}  // namespace od
