// Stage 1 and 2: intake and registration (申请受理, 分类登记), and the guard against aid
// given twice for the same need (多头救助, 重复救助).
#include <algorithm>
#include <set>

#include "domain/case_json.h"
#include "domain/resident_id.h"
#include "engine/op.h"

namespace od {
namespace json = boost::json;

namespace {


std::string valid_id(const Op& op, const Fields& f, const char* key) {
  std::string id = normalize_resident_id(f.str(key, 32));
  std::string problem = resident_id_problem(id, local_day(op.now));
  if (!problem.empty()) invalid(f.path(key), "is not a valid resident ID number: " + problem);
  return id;
}

void check_phone(const Fields& f, const std::string& phone) {
  bool ok = phone.size() >= 7 && phone.size() <= 20 &&
            std::all_of(phone.begin(), phone.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+'; });
  if (!ok) invalid(f.path("phone"), "must be a phone number (digits, '-' or '+', 7 to 20 characters)");
}

// An earlier item that a new request for `category` by these people would duplicate.
struct Clash {
  std::string category;
  std::string case_id;
  std::string item_id;
  std::string reason;  // "open" | "granted" | "resubmission"
};

// Whether an item blocks a new request of the same need: still open, or granted and
// in force.
bool blocks(ItemState state, Outcome outcome, std::optional<Millis> valid_until, Millis now) {
  if (outcome == Outcome::Merged || outcome == Outcome::Withdrawn || outcome == Outcome::Refused) return false;
  if (state != ItemState::Answered) return true;
  return outcome == Outcome::Granted && valid_until && *valid_until > now;
}

// A stored item's state and outcome (the store's rows carry their names); an unknown
// state counts as open, so it blocks rather than lets a duplicate through.
ItemState state_of(const SubjectItem& s) { return parse_item_state(s.state).value_or(ItemState::AtWindow); }
Outcome outcome_of(const SubjectItem& s) { return parse_outcome(s.outcome).value_or(Outcome::None); }

// Every item of every case the applicant or a household member is on, read once per
// request and shared by the resubmission check and each category's duplicate check.
std::vector<SubjectItem> items_of_people(Op& op, const Case& c) {
  std::vector<std::string> ids;
  if (!c.applicant.id_number.empty()) ids.push_back(c.applicant.id_number);
  for (const auto& p : c.household)
    if (!p.id_number.empty()) ids.push_back(p.id_number);
  return op.store.items_of_people(ids);
}

std::optional<Clash> find_clash(Op& op, const Case& c, const std::vector<SubjectItem>& known,
                                const std::string& category) {
  // the case itself, including items added earlier in this same request
  for (const Item& e : c.items) {
    Outcome oc = e.feedback ? e.feedback->outcome : Outcome::None;
    if (op.d.same_need(e.category, category) && blocks(e.state, oc, e.valid_until, op.now))
      return Clash{category, c.id, e.id, "same case"};
  }
  const std::string& applicant = c.applicant.id_number;
  const std::string& skip_case = c.id;
  for (const SubjectItem& s : known) {
    if (s.case_id == skip_case || !op.d.same_need(s.category, category)) continue;
    if (!blocks(state_of(s), outcome_of(s), s.valid_until, op.now)) continue;
    bool open = state_of(s) != ItemState::Answered;
    std::string reason = !open ? "granted" : (s.applicant_id == applicant && s.category == category ? "resubmission" : "open");
    return Clash{category, s.case_id, s.item_id, reason};
  }
  return std::nullopt;
}

json::object clash_json(const Clash& c) {
  json::object o;
  o["category"] = c.category;
  o["existing_case"] = c.case_id;
  o["existing_item"] = c.item_id;
  o["reason"] = c.reason;
  return o;
}

// Adds one item per category to a case, linking (merging) the ones that duplicate an
// earlier open item or grant in force unless a supervisor overrode; returns the clashes.
json::array add_items(Op& op, Case& c, const std::vector<std::string>& categories, const std::string& holder,
                      Millis since, const std::optional<std::string>& override_reason,
                      const std::vector<SubjectItem>& known) {
  json::array clashes;
  for (const std::string& cat : categories) {
    Item it;
    it.id = c.id + "-" + std::to_string(c.items.size() + 1);
    it.category = cat;
    it.state = ItemState::AtWindow;
    it.holder = holder;
    it.since = since;
    auto clash = find_clash(op, c, known, cat);
    if (clash && override_reason) {
      it.override_reason = *override_reason;
      it.linked_case = clash->case_id;
      it.linked_item = clash->item_id;
      json::object data = clash_json(*clash);
      data["override_reason"] = *override_reason;
      c.items.push_back(it);
      op.event(c, it.id, "duplicate_overridden", "", name(it.state), data);
      json::object cj = clash_json(*clash);
      cj["overridden"] = true;
      clashes.push_back(std::move(cj));
      continue;
    }
    if (clash) {
      it.state = ItemState::Answered;
      it.linked_case = clash->case_id;
      it.linked_item = clash->item_id;
      Feedback f;
      f.outcome = Outcome::Merged;
      f.unit = holder;
      f.note = "linked to " + clash->item_id + " (" + clash->reason + ")";
      f.recorded_at = op.now;
      f.officer = op.actor.officer;
      it.feedback = f;
      c.items.push_back(it);
      op.event(c, it.id, "merged", "", name(it.state), clash_json(*clash));
      clashes.push_back(clash_json(*clash));
      continue;
    }
    c.items.push_back(it);
    op.event(c, it.id, "item_registered", "", name(it.state), json::object{{"category", cat}});
  }
  return clashes;
}


// 情况重大: the case is reported to the district government at once.
void report_to_government(Op& op, Case& c) {
  std::string gov = op.d.government();
  c.reported_at = op.now;
  touch(c, op.d, gov);
  json::object rep;
  rep["summary"] = c.hardship;
  rep["reported_by"] = c.window;
  op.event(c, "", "reported_to_government", name(c.state), name(c.state), json::object{{"government", gov}});
  op.job(c, nullptr, "major_report", gov, "report", rep);
}

// A situation that became more urgent raises the case's urgency (never lowers it).
void escalate(Op& op, Case& c, Urgency urgency) {
  if (urgency <= c.urgency) return;  // Urgency is in rising order
  op.event(c, "", "urgency_raised", name(c.state), name(c.state),
           json::object{{"from", name(c.urgency)}, {"to", name(urgency)}});
  c.urgency = urgency;
  if (urgency == Urgency::Major && !c.reported_at) report_to_government(op, c);
}

std::vector<std::string> parse_categories(Op& op, const Fields& f) {
  auto cats = f.strs("categories", 20, 64);
  if (cats.size() > static_cast<size_t>(op.d.max_items_per_case))
    fail(OD_ERR_TOO_LARGE, "has more than " + std::to_string(op.d.max_items_per_case) + " entries", f.path("categories"));
  std::set<std::string> seen;
  for (size_t i = 0; i < cats.size(); ++i) {
    std::string p = f.path("categories") + "[" + std::to_string(i) + "]";
    if (!op.d.category(cats[i])) invalid(p, "unknown category '" + cats[i] + "'");
    if (!seen.insert(cats[i]).second) invalid(p, "category '" + cats[i] + "' is listed twice");
  }
  return cats;
}

std::optional<std::string> parse_override(Op& op) {
  auto ov = op.req.opt_obj("override");
  if (!ov) return std::nullopt;
  if (!op.actor.is_district_window() || op.actor.role != "supervisor")
    fail(OD_ERR_FORBIDDEN, "only a district-window supervisor may override duplicate detection", "override");
  return ov->str("reason", kMaxTextString);
}

// Kept small on purpose: intake is the hot path. case.get returns the whole case.
json::object intake_response(const Case& c, json::array clashes, bool created) {
  json::object o;
  o["case_id"] = c.id;
  o["created"] = created;
  o["state"] = name(c.state);
  o["received_at"] = format_instant(c.received_at);
  json::array items;
  for (const Item& it : c.items) items.push_back(item_summary(it));
  o["items"] = std::move(items);
  o["duplicates"] = std::move(clashes);
  return o;
}

// An application as read from the request, before it is a case.
struct Application {
  Case c;
  std::vector<std::string> categories;
  std::optional<std::string> override_reason;
  std::optional<std::string> key;
};

// A retry of a request this window already took (the same idempotency key): the case
// as it stands, marked replayed.
std::optional<json::object> replay(Op& op, const std::optional<std::string>& key) {
  if (!key) return std::nullopt;
  // a key is the window's own; one of a case this window may not see (a key written
  // before keys were per window) is, for it, a key never used
  auto existing = op.store.case_by_idempotency_key(op.actor.unit, *key);
  if (!existing) return std::nullopt;
  Case c = *op.store.find_case(*existing);
  if (!can_see(op.actor, c)) return std::nullopt;
  json::object o = intake_response(c, {}, false);
  o["replayed"] = true;
  return o;
}

void read_applicant(Op& op, const Fields& r, Application& app) {
  Case& c = app.c;
  Fields a = r.obj("applicant");
  c.applicant.name = a.str("name", 128);
  app.categories = parse_categories(op, r);  // whether an ID is required depends on them
  bool asks_for_aid = !app.categories.empty();  // an inquiry that names a need is an application
  if (c.channel == Channel::Inquiry && !asks_for_aid && !a.has("id_number")) {
    c.applicant.id_number = "";
  } else {
    c.applicant.id_number = valid_id(op, a, "id_number");
  }
  if (auto phone = a.opt_str("phone", 32)) {
    check_phone(a, *phone);
    c.phone = *phone;
  }
  c.hukou_town = a.str("hukou_town", 64);
  if (!op.d.town(c.hukou_town)) invalid(a.path("hukou_town"), "unknown town '" + c.hukou_town + "'");
  c.address = a.opt_str("address", 512).value_or("");
}

void read_household(Op& op, const Fields& r, Case& c) {
  std::set<std::string> ids{c.applicant.id_number};
  for (const Fields& m : r.objs("household", 30)) {
    Person p{m.str("name", 128), valid_id(op, m, "id_number"), m.opt_str("relation", 32).value_or("")};
    if (!ids.insert(p.id_number).second) invalid(m.path("id_number"), "is listed twice in the application");
    c.household.push_back(p);
  }
}

Application read_application(Op& op, std::optional<std::string> key) {
  const Fields& r = op.req;
  Application app;
  app.key = std::move(key);
  Case& c = app.c;
  c.channel = parse_channel(r.opt_one_of("channel", channels().names()).value_or("")).value_or(Channel::InPerson);
  c.urgency = parse_urgency(r.opt_one_of("urgency", urgencies().names()).value_or("")).value_or(Urgency::Normal);
  c.window = op.actor.unit;
  c.received_at = r.opt_instant("received_at").value_or(op.now);
  if (c.received_at > op.now + 60'000) invalid("received_at", "must not be more than a minute in the future");
  if (c.received_at < op.d.start_date)
    invalid("received_at", "must not be before the district's start date " + format_instant(op.d.start_date));
  c.first_officer = r.opt_str("first_officer", 64).value_or(op.actor.officer);
  if (c.channel == Channel::Committee) c.committee = r.str("committee");
  read_applicant(op, r, app);
  read_household(op, r, c);
  bool asks_for_aid = !app.categories.empty();
  c.hardship = c.channel == Channel::Inquiry && !asks_for_aid ? r.opt_str("hardship", kMaxTextString).value_or("")
                                                       : r.str("hardship", kMaxTextString);
  app.override_reason = parse_override(op);
  if (app.key) c.idempotency_key = *app.key;
  return app;
}

// The case this applicant applied in that holds an open item of every requested
// category, if there is one.
std::optional<std::string> open_case_for_all(const Application& app, const std::vector<SubjectItem>& known) {
  const Case& c = app.c;
  if (app.categories.empty() || app.override_reason || c.applicant.id_number.empty()) return std::nullopt;
  std::optional<std::string> same;
  for (const auto& cat : app.categories) {
    auto open = std::find_if(known.begin(), known.end(), [&](const SubjectItem& s) {
      return s.applicant_id == c.applicant.id_number && s.category == cat && state_of(s) != ItemState::Answered;
    });
    if (open == known.end() || (same && *same != open->case_id)) return std::nullopt;
    same = open->case_id;
  }
  return same;
}

// The same applicant asking again for what is still open never becomes a second case:
// the existing case records the resubmission (and may become more urgent). Nothing when
// the case, read again now that this transaction holds it, no longer has every category
// open: another process answered it after the applicant's items were read.
std::optional<json::object> resubmit(Op& op, const Application& app, const std::string& case_id) {
  const Case& c = app.c;
  Case existing = *op.store.find_case(case_id);
  for (const auto& cat : app.categories)
    if (std::none_of(existing.items.begin(), existing.items.end(),
                     [&](const Item& it) { return it.category == cat && it.state != ItemState::Answered; }))
      return std::nullopt;
  // The window only gets to see the case when the applicant is who the case says.
  if (existing.applicant.name != c.applicant.name)
    invalid("applicant.name", "does not match the name registered with this resident ID number in an open case");
  json::object data;
  data["window"] = op.actor.unit;
  data["urgency"] = name(c.urgency);
  data["hardship"] = c.hardship;
  json::array cats;
  for (const auto& cat : app.categories) cats.push_back(json::value(cat));
  data["categories"] = std::move(cats);
  op.event(existing, "", "resubmitted", name(existing.state), name(existing.state), data);
  // the window the applicant came back to answers them, so it may see the case
  touch(existing, op.d, op.actor.unit);
  escalate(op, existing, c.urgency);
  op.save(existing);
  if (app.key) op.store.remember_idempotency_key(op.actor.unit, *app.key, existing.seq);  // a retry replays
  json::array clashes;
  for (const auto& cat : app.categories) {
    json::object cl;
    cl["category"] = cat;
    cl["existing_case"] = existing.id;
    cl["reason"] = "resubmission";
    clashes.push_back(std::move(cl));
  }
  json::object o;
  o["case_id"] = existing.id;
  o["created"] = false;
  o["resubmission"] = true;
  o["state"] = name(existing.state);
  o["duplicates"] = std::move(clashes);
  return o;
}

// A new case: numbered, received, its items registered (merged where they duplicate).
json::object register_case(Op& op, Application& app, const std::vector<SubjectItem>& known) {
  Case& c = app.c;
  c.seq = op.store.next_case_seq();
  char id[48];
  int y, m, dd;
  ymd_from_day(local_day(c.received_at), y, m, dd);
  std::snprintf(id, sizeof id, "C%s-%04d-%06lld", op.d.code.c_str(), y, static_cast<long long>(c.seq));
  c.id = id;
  touch(c, op.d, c.window);
  touch(c, op.d, op.d.town_window(c.hukou_town));

  json::object data;
  data["channel"] = name(c.channel);
  data["urgency"] = name(c.urgency);
  data["first_officer"] = c.first_officer;
  op.event(c, "", "received", "", name(CaseState::Open), data);
  // the window has had the items since receipt
  json::array clashes = add_items(op, c, app.categories, c.window, c.received_at, app.override_reason, known);

  if (c.urgency == Urgency::Major) report_to_government(op, c);
  op.close_if_done(c);
  op.insert(c);
  return intake_response(c, std::move(clashes), true);
}

}  // namespace

json::value op_intake(Op& op) {
  if (!op.actor.is_window()) fail(OD_ERR_FORBIDDEN, "only a town window or the district window takes applications", "actor.unit");
  auto key = op.req.opt_str("idempotency_key", 128);
  if (auto replayed = replay(op, key)) return *replayed;
  Application app = read_application(op, key);
  std::vector<SubjectItem> known = items_of_people(op, app.c);
  for (int reads = 1; auto open = open_case_for_all(app, known); ++reads) {
    if (auto o = resubmit(op, app, *open)) return *o;
    // answered meanwhile by another process (an item row read before its answer was
    // committed): read the applicant's items again, as they are now
    if (reads == 3) fail(OD_ERR_STORAGE, "the applicant's cases kept changing while this application was read; try again");
    known = items_of_people(op, app.c);
  }
  return register_case(op, app, known);
}

json::value op_item_add(Op& op) {
  Case c = op.load_case_for_write("case_id");
  if (!op.actor.is_window() || (op.actor.unit != c.window && !op.actor.is_district_window()))
    fail(OD_ERR_FORBIDDEN, "only the receiving window or the district window adds items", "actor.unit");
  if (c.state != CaseState::Open) fail(OD_ERR_CONFLICT, "case " + c.id + " is " + name(c.state), "case_id");
  std::string cat = op.req.str("category", 64);
  if (!op.d.category(cat)) invalid("category", "unknown category '" + cat + "'");
  for (const auto& it : c.items) {
    if (it.category == cat && !it.final()) fail(OD_ERR_CONFLICT, "case already has an open " + cat + " item", "category");
    // asking again for a need the case already has open would only pile up merged items
    if (!it.final() && op.d.same_need(it.category, cat))
      fail(OD_ERR_CONFLICT, "case already has an open item of the same need: " + it.id + " (" + it.category + ")",
           "category");
  }
  if (static_cast<int>(c.items.size()) >= op.d.max_items_per_case)
    fail(OD_ERR_TOO_LARGE, "case " + c.id + " already holds " + std::to_string(c.items.size()) +
                               " items, the most a case may (max_items_per_case)", "category");
  auto override_reason = parse_override(op);
  json::array clashes = add_items(op, c, {cat}, op.actor.unit, op.now, override_reason, items_of_people(op, c));
  touch(c, op.d, op.actor.unit);
  op.close_if_done(c);
  op.save(c);
  json::object o;
  o["case_id"] = c.id;
  o["item_id"] = c.items.back().id;
  o["duplicates"] = std::move(clashes);
  o["case"] = case_view(op, c);
  return o;
}

json::value op_inquiry_answer(Op& op) {
  Case c = op.load_case_for_write("case_id");
  if (op.actor.unit != c.window && !op.actor.is_district_window())
    fail(OD_ERR_FORBIDDEN, "only the receiving window answers an inquiry", "actor.unit");
  if (!c.items.empty()) fail(OD_ERR_CONFLICT, "case " + c.id + " has items: answer them with feedback", "case_id");
  if (c.state != CaseState::Open) fail(OD_ERR_CONFLICT, "case " + c.id + " is " + name(c.state), "case_id");
  c.reply = op.req.str("reply", kMaxTextString);
  std::string channel = op.req.one_of("channel", tell_channels().names());
  c.state = CaseState::Closed;
  c.closed_at = op.now;
  op.event(c, "", "inquiry_answered", name(CaseState::Open), name(CaseState::Closed), json::object{{"reply", c.reply}, {"channel", channel}});
  op.save(c);
  return case_view(op, c);
}

}  // namespace od
