// The stored case document, format 1. Keys, shapes and key order are those the store has
// always written (instants as Unix ms, empty texts and absent options left out, "v" last),
// so existing databases read back unchanged; tests/store/golden/case_v1.json pins them.
// Nothing here may call the API's view (domain/case_json.h): the codec test links
// without it.
#include "store/case_codec.h"

#include <boost/json.hpp>

#include "util/failure.h"

namespace od {
namespace json = boost::json;

namespace {

// ---- writing -------------------------------------------------------------------------
void put_time(json::object& o, const char* key, std::optional<Millis> t) {
  if (t) o[key] = *t;
}
void put_str(json::object& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}
// Money: a whole amount as an integer (800, not 8E2), otherwise as a number in its
// shortest exact form. Amounts come from requests (yuan and fen), which read back bit
// for bit; a 16-17 digit amount may come back one ulp off with Boost.JSON < 1.83.
void put_amount(json::object& o, const char* key, std::optional<double> v) {
  if (!v) return;
  if (*v == static_cast<double>(static_cast<int64_t>(*v)) && *v > -9e15 && *v < 9e15)
    o[key] = static_cast<int64_t>(*v);
  else
    o[key] = *v;
}

json::object person_doc(const Person& p) {
  json::object o;
  o["name"] = p.name;
  o["id_number"] = p.id_number;
  put_str(o, "relation", p.relation);
  return o;
}

json::object notice_doc(const Notice& n) {
  json::object o;
  o["number"] = n.number;
  o["type"] = name(n.type);
  o["sender"] = n.sender;
  o["receiver"] = n.receiver;
  o["issued_at"] = n.issued_at;
  o["opinion_due"] = n.opinion_due;
  put_time(o, "complete_due", n.complete_due);
  put_time(o, "acknowledged_at", n.acknowledged_at);
  put_str(o, "note", n.note);
  put_str(o, "officer", n.officer);
  put_str(o, "handler", n.handler);
  return o;
}

json::object cooperation_doc(const Cooperation& k) {
  json::object o;
  o["number"] = k.number;
  o["from"] = k.from;
  o["to"] = k.to;
  o["question"] = k.question;
  o["requested_at"] = k.requested_at;
  o["due"] = k.due;
  put_str(o, "officer", k.officer);
  put_time(o, "answered_at", k.answered_at);
  put_str(o, "answer", k.answer);
  put_str(o, "answered_by", k.answered_by);
  return o;
}

json::object broadcast_doc(const Broadcast& b) {
  json::object o;
  o["number"] = b.number;
  o["window"] = b.window;
  o["text"] = b.text;
  json::array to;
  for (const auto& u : b.to) to.emplace_back(u);
  o["to"] = std::move(to);
  o["at"] = b.at;
  put_str(o, "officer", b.officer);
  json::array offers;
  for (const Offer& f : b.offers) {
    json::object fo;
    fo["org"] = f.org;
    fo["answer"] = f.declined ? "decline" : "offer";
    put_str(fo, "text", f.text);
    fo["at"] = f.at;
    put_str(fo, "officer", f.officer);
    put_time(fo, "accepted_at", f.accepted_at);
    offers.push_back(std::move(fo));
  }
  o["offers"] = std::move(offers);
  return o;
}

json::object item_doc(const Item& it) {
  json::object o;
  o["id"] = it.id;
  o["category"] = it.category;
  o["state"] = name(it.state);
  // kept only while it matters: where a waiting item returns
  if (it.state == ItemState::AwaitingMaterial || it.state == ItemState::AwaitingDecision)
    o["resume_state"] = name(it.resume_state);
  o["holder"] = it.holder;
  o["since"] = it.since;
  json::array notices;
  for (const auto& n : it.notices) notices.push_back(notice_doc(n));
  o["notices"] = std::move(notices);
  put_time(o, "opinion_at", it.opinion_at);
  put_str(o, "opinion", it.opinion);
  if (it.opinion_late) o["opinion_late"] = true;
  if (!it.pauses.empty()) {
    json::array ps;
    for (const auto& p : it.pauses) {
      json::object po;
      po["from"] = p.from;
      put_time(po, "to", p.to);
      put_str(po, "what", p.what);
      ps.push_back(std::move(po));
    }
    o["pauses"] = std::move(ps);
  }
  if (const auto& e = it.emergency) {
    json::object g;
    g["granted_at"] = e->granted_at;
    g["unit"] = e->unit;
    put_str(g, "measures", e->measures);
    put_amount(g, "amount", e->amount);
    g["paperwork_due"] = e->paperwork_due;
    put_time(g, "paperwork_done_at", e->paperwork_done_at);
    put_str(g, "paperwork_note", e->paperwork_note);
    o["emergency"] = std::move(g);
  }
  if (const auto& d = it.decision) {
    json::object g;
    g["requested_at"] = d->requested_at;
    g["from_unit"] = d->from_unit;
    put_str(g, "to", d->to);
    g["question"] = d->question;
    g["due"] = d->due;
    put_time(g, "decided_at", d->decided_at);
    put_str(g, "decision", d->decision);
    o["decision"] = std::move(g);
  }
  if (const auto& f = it.feedback) {
    json::object g;
    g["outcome"] = name(f->outcome);
    g["unit"] = f->unit;
    put_str(g, "measures", f->measures);
    put_amount(g, "amount", f->amount);
    put_str(g, "signer", f->signer);
    put_str(g, "seal", f->seal);
    if (f->told_at) g["told_at"] = f->told_at;
    if (f->channel) g["channel"] = name(*f->channel);
    put_str(g, "reported_to", f->reported_to);
    put_str(g, "note", f->note);
    g["recorded_at"] = f->recorded_at;
    put_str(g, "officer", f->officer);
    put_str(g, "handler", f->handler);
    g["late"] = f->late;
    o["feedback"] = std::move(g);
  }
  // derived from the feedback and never read back; kept because format 1 has it
  o["outcome"] = name(it.feedback ? it.feedback->outcome : Outcome::None);
  put_time(o, "valid_until", it.valid_until);
  put_str(o, "linked_case", it.linked_case);
  put_str(o, "linked_item", it.linked_item);
  put_str(o, "override_reason", it.override_reason);
  put_str(o, "handler", it.handler);
  if (!it.cooperations.empty()) {
    json::array a;
    for (const auto& k : it.cooperations) a.push_back(cooperation_doc(k));
    o["cooperations"] = std::move(a);
  }
  if (!it.broadcasts.empty()) {
    json::array a;
    for (const auto& b : it.broadcasts) a.push_back(broadcast_doc(b));
    o["broadcasts"] = std::move(a);
  }
  return o;
}

// ---- reading -------------------------------------------------------------------------
// Format 1 is read leniently, as it always was: a missing or mistyped member reads as
// empty. A member that must be an object or a text and is not throws (caught below).
struct Reader {
  const json::object& o;
  std::string s(const char* k) const {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
  }
  std::optional<Millis> t(const char* k) const {
    auto it = o.find(k);
    if (it == o.end()) return std::nullopt;
    if (it->value().is_int64()) return it->value().get_int64();
    if (it->value().is_string()) return parse_instant(it->value().get_string());  // very early documents
    return std::nullopt;
  }
  Millis tt(const char* k) const { return t(k).value_or(0); }
  std::optional<double> num(const char* k) const {
    auto it = o.find(k);
    if (it == o.end() || !it->value().is_number()) return std::nullopt;
    return it->value().to_number<double>();
  }
  bool flag(const char* k) const {
    auto it = o.find(k);
    return it != o.end() && it->value().is_bool() && it->value().get_bool();
  }
  const json::object* obj(const char* k) const {
    auto it = o.find(k);
    return it != o.end() && it->value().is_object() ? &it->value().get_object() : nullptr;
  }
  const json::array* arr(const char* k) const {
    auto it = o.find(k);
    return it != o.end() && it->value().is_array() ? &it->value().get_array() : nullptr;
  }
};

Person person_from(const json::object& o) {
  Reader r{o};
  return {r.s("name"), r.s("id_number"), r.s("relation")};
}

Notice notice_from(const json::object& o) {
  Reader r{o};
  Notice n;
  n.number = r.s("number");
  n.type = parse_notice_type(r.s("type")).value_or(NoticeType::Distribute);
  n.sender = r.s("sender");
  n.receiver = r.s("receiver");
  n.issued_at = r.tt("issued_at");
  n.opinion_due = r.tt("opinion_due");
  n.complete_due = r.t("complete_due");
  n.acknowledged_at = r.t("acknowledged_at");
  n.note = r.s("note");
  n.officer = r.s("officer");
  n.handler = r.s("handler");
  return n;
}

Cooperation cooperation_from(const json::object& o) {
  Reader r{o};
  return {r.s("number"), r.s("from"), r.s("to"), r.s("question"), r.tt("requested_at"), r.tt("due"),
          r.s("officer"), r.t("answered_at"), r.s("answer"), r.s("answered_by")};
}

Broadcast broadcast_from(const json::object& o) {
  Reader r{o};
  Broadcast b{r.s("number"), r.s("window"), r.s("text"), {}, r.tt("at"), r.s("officer"), {}};
  if (auto* a = r.arr("to"))
    for (const auto& v : *a) b.to.emplace_back(v.as_string());
  if (auto* a = r.arr("offers"))
    for (const auto& v : *a) {
      Reader f{v.as_object()};
      b.offers.push_back({f.s("org"), f.s("answer") == "decline", f.s("text"), f.tt("at"), f.s("officer"),
                          f.t("accepted_at")});
    }
  return b;
}

Item item_from(const json::object& o) {
  Reader r{o};
  Item it;
  it.id = r.s("id");
  it.category = r.s("category");
  it.state = parse_item_state(r.s("state")).value_or(ItemState::AtWindow);
  it.resume_state = parse_item_state(r.s("resume_state")).value_or(ItemState::Handling);
  it.holder = r.s("holder");
  it.since = r.tt("since");
  if (auto* a = r.arr("notices"))
    for (const auto& v : *a) it.notices.push_back(notice_from(v.as_object()));
  it.opinion_at = r.t("opinion_at");
  it.opinion = r.s("opinion");
  it.opinion_late = r.flag("opinion_late");
  if (auto* a = r.arr("pauses"))
    for (const auto& v : *a) {
      Reader p{v.as_object()};
      it.pauses.push_back({p.tt("from"), p.t("to"), p.s("what")});
    }
  if (auto* e = r.obj("emergency")) {
    Reader g{*e};
    it.emergency = EmergencyGrant{g.tt("granted_at"), g.s("unit"), g.s("measures"), g.num("amount"),
                                  g.tt("paperwork_due"), g.t("paperwork_done_at"), g.s("paperwork_note")};
  }
  if (auto* e = r.obj("decision")) {
    Reader g{*e};
    it.decision = DecisionRequest{g.tt("requested_at"), g.s("from_unit"), g.s("to"), g.s("question"),
                                  g.tt("due"), g.t("decided_at"), g.s("decision")};
  }
  if (auto* e = r.obj("feedback")) {
    Reader g{*e};
    Feedback f;
    f.outcome = parse_outcome(g.s("outcome")).value_or(Outcome::None);
    f.unit = g.s("unit");
    f.measures = g.s("measures");
    f.amount = g.num("amount");
    f.signer = g.s("signer");
    f.seal = g.s("seal");
    f.told_at = g.tt("told_at");
    f.channel = parse_tell_channel(g.s("channel"));
    f.reported_to = g.s("reported_to");
    f.note = g.s("note");
    f.recorded_at = g.tt("recorded_at");
    f.officer = g.s("officer");
    f.handler = g.s("handler");
    f.late = g.flag("late");
    it.feedback = std::move(f);
  }
  it.valid_until = r.t("valid_until");
  it.linked_case = r.s("linked_case");
  it.linked_item = r.s("linked_item");
  it.override_reason = r.s("override_reason");
  it.handler = r.s("handler");
  if (auto* a = r.arr("cooperations"))
    for (const auto& v : *a) it.cooperations.push_back(cooperation_from(v.as_object()));
  if (auto* a = r.arr("broadcasts"))
    for (const auto& v : *a) it.broadcasts.push_back(broadcast_from(v.as_object()));
  return it;
}

Case case_from(const json::object& o) {
  Reader r{o};
  Case c;
  c.id = r.s("id");
  if (auto it = o.find("seq"); it != o.end() && it->value().is_int64()) c.seq = it->value().get_int64();
  c.state = parse_case_state(r.s("state")).value_or(CaseState::Open);
  c.channel = parse_channel(r.s("channel")).value_or(Channel::InPerson);
  c.urgency = parse_urgency(r.s("urgency")).value_or(Urgency::Normal);
  c.window = r.s("window");
  c.received_at = r.tt("received_at");
  c.first_officer = r.s("first_officer");
  c.committee = r.s("committee");
  if (auto* a = r.obj("applicant")) {
    c.applicant = person_from(*a);
    Reader ar{*a};
    c.phone = ar.s("phone");
    c.hukou_town = ar.s("hukou_town");
    c.address = ar.s("address");
  }
  if (auto* a = r.arr("household"))
    for (const auto& v : *a) c.household.push_back(person_from(v.as_object()));
  c.hardship = r.s("hardship");
  if (auto* a = r.arr("items"))
    for (const auto& v : *a) c.items.push_back(item_from(v.as_object()));
  if (auto* a = r.arr("units"))
    for (const auto& v : *a) c.units.emplace(v.as_string());
  c.reported_at = r.t("reported_at");
  c.reply = r.s("reply");
  c.closed_at = r.t("closed_at");
  c.archived_at = r.t("archived_at");
  c.archive_summary = r.s("archive_summary");
  c.idempotency_key = r.s("idempotency_key");
  return c;
}

}  // namespace

std::string encode_case(const Case& c) {
  json::object o;
  o["id"] = c.id;
  o["seq"] = c.seq;
  o["state"] = name(c.state);
  o["channel"] = name(c.channel);
  o["urgency"] = name(c.urgency);
  o["window"] = c.window;
  o["received_at"] = c.received_at;
  o["first_officer"] = c.first_officer;
  put_str(o, "committee", c.committee);
  json::object a = person_doc(c.applicant);  // the applicant's contact details sit beside the name
  put_str(a, "phone", c.phone);
  put_str(a, "hukou_town", c.hukou_town);
  put_str(a, "address", c.address);
  o["applicant"] = std::move(a);
  json::array hh;
  for (const auto& p : c.household) hh.push_back(person_doc(p));
  o["household"] = std::move(hh);
  o["hardship"] = c.hardship;
  json::array items;
  for (const auto& it : c.items) items.push_back(item_doc(it));
  o["items"] = std::move(items);
  json::array units;
  for (const auto& u : c.units) units.emplace_back(u);
  o["units"] = std::move(units);
  put_time(o, "reported_at", c.reported_at);
  put_str(o, "reply", c.reply);
  put_time(o, "closed_at", c.closed_at);
  put_time(o, "archived_at", c.archived_at);
  put_str(o, "archive_summary", c.archive_summary);
  put_str(o, "idempotency_key", c.idempotency_key);
  o["v"] = kCaseFormat;
  return json::serialize(o);
}

Case decode_case(std::string_view doc) {
  boost::system::error_code ec;
  json::value v = json::parse(doc, ec);
  if (ec || !v.is_object()) fail(OD_ERR_STORAGE, "a stored case document is damaged");
  const json::object& o = v.get_object();
  // documents written before the format was versioned are format 1
  if (auto it = o.find("v"); it != o.end() && (!it->value().is_int64() || it->value().get_int64() > kCaseFormat))
    fail(OD_ERR_STORAGE, "a stored case is in a newer format than this library reads");
  try {
    return case_from(o);
  } catch (const std::exception& e) {  // a member of the wrong kind where an object or text must be
    fail(OD_ERR_STORAGE, std::string("a stored case document is damaged: ") + e.what());
  }
}

}  // namespace od
