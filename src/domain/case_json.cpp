#include "domain/case_json.h"

namespace od {
namespace json = boost::json;

json::value time_value(Millis t, TimeStyle style) {
  if (style == TimeStyle::Iso) return json::value(format_instant(t));
  return json::value(t);
}

json::value amount_value(double v) {
  if (v == static_cast<double>(static_cast<int64_t>(v)) && v > -9e15 && v < 9e15) return json::value(static_cast<int64_t>(v));
  return json::value(v);
}

namespace {

void put_time(json::object& o, const char* key, std::optional<Millis> t, TimeStyle s) {
  if (t) o[key] = time_value(*t, s);
}
void put_str(json::object& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}
void put_amount(json::object& o, const char* key, std::optional<double> v) {
  if (v) o[key] = amount_value(*v);
}

json::object person_json(const Person& p) {
  json::object o;
  o["name"] = p.name;
  o["id_number"] = p.id_number;
  put_str(o, "relation", p.relation);
  return o;
}

}  // namespace

json::object notice_to_json(const Notice& n, TimeStyle s) {
  json::object o;
  o["number"] = n.number;
  o["type"] = name(n.type);
  if (s == TimeStyle::Iso) o["title"] = notice_title_zh(n.type);
  o["sender"] = n.sender;
  o["receiver"] = n.receiver;
  o["issued_at"] = time_value(n.issued_at, s);
  o["opinion_due"] = time_value(n.opinion_due, s);
  put_time(o, "complete_due", n.complete_due, s);
  put_time(o, "acknowledged_at", n.acknowledged_at, s);
  put_str(o, "note", n.note);
  put_str(o, "officer", n.officer);
  put_str(o, "handler", n.handler);
  return o;
}

json::object cooperation_to_json(const Cooperation& k, TimeStyle s) {
  json::object o;
  o["number"] = k.number;
  if (s == TimeStyle::Iso) o["title"] = "征求意见函";
  o["from"] = k.from;
  o["to"] = k.to;
  o["question"] = k.question;
  o["requested_at"] = time_value(k.requested_at, s);
  o["due"] = time_value(k.due, s);
  put_str(o, "officer", k.officer);
  put_time(o, "answered_at", k.answered_at, s);
  put_str(o, "answer", k.answer);
  put_str(o, "answered_by", k.answered_by);
  return o;
}

json::object broadcast_to_json(const Broadcast& b, TimeStyle s) {
  json::object o;
  o["number"] = b.number;
  if (s == TimeStyle::Iso) o["title"] = "社会求助信息";
  o["window"] = b.window;
  o["text"] = b.text;
  json::array to;
  for (const auto& u : b.to) to.push_back(json::value(u));
  o["to"] = std::move(to);
  o["at"] = time_value(b.at, s);
  put_str(o, "officer", b.officer);
  json::array offers;
  for (const Offer& f : b.offers) {
    json::object fo;
    fo["org"] = f.org;
    fo["answer"] = f.declined ? "decline" : "offer";
    put_str(fo, "text", f.text);
    fo["at"] = time_value(f.at, s);
    put_str(fo, "officer", f.officer);
    put_time(fo, "accepted_at", f.accepted_at, s);
    offers.push_back(std::move(fo));
  }
  o["offers"] = std::move(offers);
  return o;
}

json::object item_to_json(const Item& it, TimeStyle s) {
  json::object o;
  o["id"] = it.id;
  o["category"] = it.category;
  o["state"] = name(it.state);
  // where the item returns when the material arrives or the government decides
  if (it.state == ItemState::AwaitingMaterial || it.state == ItemState::AwaitingDecision)
    o["resume_state"] = name(it.resume_state);
  o["holder"] = it.holder;
  o["since"] = time_value(it.since, s);
  json::array notices;
  for (const auto& n : it.notices) notices.push_back(notice_to_json(n, s));
  o["notices"] = std::move(notices);
  put_time(o, "opinion_at", it.opinion_at, s);
  put_str(o, "opinion", it.opinion);
  if (it.opinion_late) o["opinion_late"] = true;
  if (!it.pauses.empty()) {
    json::array ps;
    for (const auto& p : it.pauses) {
      json::object po;
      po["from"] = time_value(p.from, s);
      put_time(po, "to", p.to, s);
      put_str(po, "what", p.what);
      ps.push_back(std::move(po));
    }
    o["pauses"] = std::move(ps);
  }
  if (it.emergency) {
    json::object g;
    g["granted_at"] = time_value(it.emergency->granted_at, s);
    g["unit"] = it.emergency->unit;
    put_str(g, "measures", it.emergency->measures);
    put_amount(g, "amount", it.emergency->amount);
    g["paperwork_due"] = time_value(it.emergency->paperwork_due, s);
    put_time(g, "paperwork_done_at", it.emergency->paperwork_done_at, s);
    put_str(g, "paperwork_note", it.emergency->paperwork_note);
    o["emergency"] = std::move(g);
  }
  if (it.decision) {
    json::object g;
    g["requested_at"] = time_value(it.decision->requested_at, s);
    g["from_unit"] = it.decision->from_unit;
    put_str(g, "to", it.decision->to);
    g["question"] = it.decision->question;
    g["due"] = time_value(it.decision->due, s);
    put_time(g, "decided_at", it.decision->decided_at, s);
    put_str(g, "decision", it.decision->decision);
    o["decision"] = std::move(g);
  }
  if (it.feedback) {
    const Feedback& f = *it.feedback;
    json::object g;
    g["outcome"] = name(f.outcome);
    g["unit"] = f.unit;
    put_str(g, "measures", f.measures);
    put_amount(g, "amount", f.amount);
    put_str(g, "signer", f.signer);
    put_str(g, "seal", f.seal);
    if (f.told_at) g["told_at"] = time_value(f.told_at, s);
    if (f.channel) g["channel"] = name(*f.channel);
    put_str(g, "reported_to", f.reported_to);
    put_str(g, "note", f.note);
    g["recorded_at"] = time_value(f.recorded_at, s);
    put_str(g, "officer", f.officer);
    put_str(g, "handler", f.handler);
    g["late"] = f.late;
    o["feedback"] = std::move(g);
  }
  o["outcome"] = name(it.feedback ? it.feedback->outcome : Outcome::None);
  put_time(o, "valid_until", it.valid_until, s);
  put_str(o, "linked_case", it.linked_case);
  put_str(o, "linked_item", it.linked_item);
  put_str(o, "override_reason", it.override_reason);
  put_str(o, "handler", it.handler);
  if (!it.cooperations.empty()) {
    json::array a;
    for (const auto& k : it.cooperations) a.push_back(cooperation_to_json(k, s));
    o["cooperations"] = std::move(a);
  }
  if (!it.broadcasts.empty()) {
    json::array a;
    for (const auto& b : it.broadcasts) a.push_back(broadcast_to_json(b, s));
    o["broadcasts"] = std::move(a);
  }
  return o;
}

json::object item_summary(const Item& it) {
  json::object o;
  o["id"] = it.id;
  o["category"] = it.category;
  o["state"] = name(it.state);
  o["holder"] = it.holder;
  o["outcome"] = name(it.feedback ? it.feedback->outcome : Outcome::None);
  put_str(o, "linked_item", it.linked_item);
  return o;
}

json::object case_to_json(const Case& c, TimeStyle s) {
  json::object o;
  o["id"] = c.id;
  o["seq"] = c.seq;
  o["state"] = name(c.state);
  o["channel"] = name(c.channel);
  o["urgency"] = name(c.urgency);
  o["window"] = c.window;
  o["received_at"] = time_value(c.received_at, s);
  o["first_officer"] = c.first_officer;
  put_str(o, "committee", c.committee);
  json::object a = person_json(c.applicant);
  put_str(a, "phone", c.phone);
  put_str(a, "hukou_town", c.hukou_town);
  put_str(a, "address", c.address);
  o["applicant"] = std::move(a);
  json::array hh;
  for (const auto& p : c.household) hh.push_back(person_json(p));
  o["household"] = std::move(hh);
  o["hardship"] = c.hardship;
  json::array items;
  for (const auto& it : c.items) items.push_back(item_to_json(it, s));
  o["items"] = std::move(items);
  json::array units;
  for (const auto& u : c.units)
    if (u.rfind('@', 0) != 0) units.push_back(json::value(u));  // '@town:<code>' marks visibility, not a unit
  o["units"] = std::move(units);
  put_time(o, "reported_at", c.reported_at, s);
  put_str(o, "reply", c.reply);
  put_time(o, "closed_at", c.closed_at, s);
  put_time(o, "archived_at", c.archived_at, s);
  put_str(o, "archive_summary", c.archive_summary);
  put_str(o, "idempotency_key", c.idempotency_key);
  return o;
}

}  // namespace od
