// Stages 3 to 5: handling with the five notices (分类处置), feedback (意见反馈) and the
// archive (资料归档). Each operation loads the case, asks the pure rules whether the
// actor may do this now, changes the item, appends its events and delivery jobs, and
// saves: all in the caller's one transaction.
#include <algorithm>
#include <set>

#include "domain/case_json.h"
#include "domain/deadlines.h"
#include "engine/item_steps.h"

namespace od {
namespace json = boost::json;

namespace {
}  // namespace

std::string document_number(Op& op, const char* prefix) {
  char number[48];
  int y, m, dd;
  ymd_from_day(local_day(op.now), y, m, dd);
  std::snprintf(number, sizeof number, "%s-%04d-%06lld", prefix, y,
                static_cast<long long>(op.store.next_counter(std::string("notice:") + prefix + ":" + std::to_string(y))));
  return number;
}

void check_receivers(const Op& op, const std::vector<std::string>& units, const std::string& field,
                     std::initializer_list<UnitKind> kinds, const std::string& kinds_text) {
  std::set<std::string> seen;
  for (size_t i = 0; i < units.size(); ++i) {
    std::string path = field + "[" + std::to_string(i) + "]";
    const Unit* u = op.d.unit(units[i]);
    if (!u) invalid(path, "unknown unit '" + units[i] + "'");
    if (std::find(kinds.begin(), kinds.end(), u->kind) == kinds.end()) invalid(path, "must be " + kinds_text);
    if (!seen.insert(units[i]).second) invalid(path, units[i] + " is listed twice");
  }
}

namespace {

// A unit that acts on a notice before acknowledging it has received it: that is its
// acknowledgement, and the officer acting (or the one named) is the handler.
void acknowledge_implicitly(Op& op, Item& it) {
  if (it.notices.empty() || it.notices.back().acknowledged_at) return;
  it.notices.back().acknowledged_at = op.now;
  if (it.handler.empty()) {
    it.handler = op.req.opt_str("handler", 64).value_or(op.actor.officer);
    it.notices.back().handler = it.handler;
  }
}

}  // namespace

json::object item_response(Op& op, const Case& c, const std::string& item_id) {
  json::object o;
  o["case_id"] = c.id;
  o["case_state"] = name(c.state);
  o["item"] = item_to_json(*c.item(item_id), TimeStyle::Iso);
  return o;
}

json::value op_route(Op& op) {
  auto [c, item_id] = op.load_held_item(ItemAction::Route);
  Item& it = *c.item(item_id);
  auto type = parse_notice_type(op.req.one_of("type", notice_types().names()));
  std::string receiver = op.req.opt_str("to", 64).value_or("");
  if (receiver.empty()) receiver = default_receiver(op.d, c, it, *type, op.actor.unit);
  if (receiver.empty()) invalid("to", std::string("a ") + name(*type) + " notice must name its receiving unit");
  if (!op.d.unit(receiver)) invalid("to", "unknown unit '" + receiver + "'");
  std::string problem = route_problem(op.d, c, it, *type, op.actor.unit, receiver);
  if (!problem.empty()) invalid(op.req.has("to") ? "to" : "type", problem);
  Notice n = issue_notice(op, c, it, *type, receiver, op.req.opt_str("note", kMaxTextString).value_or(""));
  op.save(c);
  json::object o = item_response(op, c, item_id);
  o["notice"] = notice_to_json(n, TimeStyle::Iso);
  return o;
}

Notice issue_notice(Op& op, Case& c, Item& it, NoticeType type, const std::string& receiver, const std::string& note) {
  Notice n;
  n.number = document_number(op, notice_prefix(type));
  n.type = type;
  n.sender = op.actor.unit;
  n.receiver = receiver;
  n.issued_at = op.now;
  bool to_window = type == NoticeType::Forward || type == NoticeType::HandOver;
  n.opinion_due = op.d.calendar.deadline(op.now, to_window ? op.d.deadlines.route : op.d.deadlines.opinion);
  if (type == NoticeType::Transfer) n.complete_due = op.d.calendar.deadline(op.now, op.d.category(it.category)->policy_days);
  n.note = note;
  n.officer = op.actor.officer;

  std::string before = name(it.state);
  it.state = next_state(it, ItemAction::Route, type);
  it.holder = receiver;
  it.since = op.now;
  it.handler.clear();  // the receiver names its own
  it.opinion_at.reset();
  it.opinion.clear();
  it.notices.push_back(n);
  touch(c, op.d, receiver);
  op.event(c, it.id, "notice_issued", before, name(it.state), notice_to_json(n, TimeStyle::Iso));
  // The receiver is told by when it must answer, by the district's calendar.
  json::object notice_doc = notice_to_json(n, TimeStyle::Iso);
  for (const Obligation& ob : item_obligations(op.d, c, it))
    if (ob.kind == "feedback" || ob.kind == "complete") notice_doc["answer_due"] = format_instant(ob.due);
  op.job(c, &it, "notice", receiver, "notice", std::move(notice_doc));
  return n;
}

json::value op_acknowledge(Op& op) {
  auto [c, item_id] = op.load_held_item(ItemAction::Acknowledge);
  Item& it = *c.item(item_id);
  // 承办人: the staff member answerable for the item from now until its feedback; the
  // officer who acknowledges unless another is named
  std::string handler = op.req.opt_str("handler", 64).value_or(op.actor.officer);
  it.state = next_state(it, ItemAction::Acknowledge);
  it.notices.back().acknowledged_at = op.now;
  it.notices.back().handler = handler;
  it.handler = handler;
  op.event(c, it.id, "acknowledged", name(ItemState::Notified), name(it.state),
           json::object{{"notice", it.notices.back().number}, {"handler", handler}});
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_opinion(Op& op) {
  auto [c, item_id] = op.load_held_item(ItemAction::Opinion);
  Item& it = *c.item(item_id);
  std::string before = name(it.state);
  acknowledge_implicitly(op, it);
  it.opinion = op.req.str("opinion", kMaxTextString);
  it.opinion_at = op.now;
  it.opinion_late = opinion_late(op.d, it);
  it.state = next_state(it, ItemAction::Opinion);
  op.event(c, it.id, "opinion_given", before, name(it.state),
           json::object{{"opinion", it.opinion}, {"late", it.opinion_late}, {"handler", it.handler}});
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_material_request(Op& op) {
  auto [c, item_id] = op.load_held_item(ItemAction::RequestMaterial);
  Item& it = *c.item(item_id);
  std::string what = op.req.str("what", kMaxTextString);
  std::string before = name(it.state);
  it.resume_state = it.state == ItemState::Notified ? ItemState::Handling : it.state;
  acknowledge_implicitly(op, it);
  it.state = next_state(it, ItemAction::RequestMaterial);
  it.pauses.push_back({op.now, std::nullopt, what});
  op.event(c, it.id, "material_requested", before, name(it.state), json::object{{"what", what}, {"handler", it.handler}});
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_material_receive(Op& op) {
  auto [c, item_id] = op.load_held_item(ItemAction::ReceiveMaterial);
  Item& it = *c.item(item_id);
  it.pauses.back().to = op.now;
  it.state = next_state(it, ItemAction::ReceiveMaterial);
  int paused = op.d.calendar.working_days_between(local_day(it.pauses.back().from), local_day(op.now));
  json::object data{{"note", op.req.opt_str("note", kMaxTextString).value_or("")},
                    {"paused_working_days", paused},
                    {"handler", it.handler}};
  op.event(c, it.id, "material_received", name(ItemState::AwaitingMaterial), name(it.state), data);
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_emergency_grant(Op& op) {
  // The category's owner may grant before the item ever reaches it (先行给予紧急救助).
  auto [c, item_id] = op.load_item_for_write("item_id", false);
  Item& it = *c.item(item_id);
  const Category* cat = op.d.category(it.category);
  bool may = op.actor.unit == it.holder || op.actor.unit == c.window || (cat && op.actor.unit == cat->owner) ||
             op.actor.is_district_window() || (!op.actor.town.empty() && op.actor.town == c.hukou_town);
  // a stranger learns nothing about the case, not even that it exists or whether it is
  // an emergency: the owner that does not see the case yet acts only on an emergency
  bool sees = can_see(op.actor, c) || (may && c.urgency == Urgency::Emergency);
  if (!sees) fail(OD_ERR_NOT_FOUND, "no item '" + item_id + "'", "item_id");
  if (!may) fail(OD_ERR_FORBIDDEN, "emergency aid is granted by the responsible department or the town", "actor.unit");
  op.require_not_archived(c, "item_id");
  if (c.urgency != Urgency::Emergency) fail(OD_ERR_CONFLICT, "case " + c.id + " is not an emergency", "item_id");
  if (it.emergency) fail(OD_ERR_CONFLICT, "emergency aid was already granted for " + it.id, "item_id");
  if (it.final()) fail(OD_ERR_CONFLICT, "item " + it.id + " is already answered", "item_id");
  EmergencyGrant g;
  g.granted_at = op.now;
  g.unit = op.actor.unit;
  g.measures = op.req.str("measures", kMaxTextString);
  g.amount = op.req.opt_number("amount", 0, 1e9);
  g.paperwork_due = op.d.calendar.deadline(op.now, op.d.deadlines.paperwork);
  it.emergency = g;
  touch(c, op.d, op.actor.unit);
  json::object data{{"measures", g.measures}, {"paperwork_due", format_instant(g.paperwork_due)}};
  if (g.amount) data["amount"] = amount_value(*g.amount);
  op.event(c, it.id, "emergency_aid_granted", name(it.state), name(it.state), data);
  if (cat && cat->owner != op.actor.unit) op.job(c, &it, "emergency_grant", cat->owner, "grant", data);
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_paperwork_complete(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  if (!it.emergency) fail(OD_ERR_CONFLICT, "no emergency aid was granted for " + it.id, "item_id");
  if (it.emergency->paperwork_done_at) fail(OD_ERR_CONFLICT, "the paperwork of " + it.id + " is already complete", "item_id");
  if (op.actor.unit != it.emergency->unit && op.actor.unit != it.holder && op.actor.unit != c.window)
    fail(OD_ERR_FORBIDDEN, "the paperwork is completed by the unit that granted the aid", "actor.unit");
  it.emergency->paperwork_done_at = op.now;
  it.emergency->paperwork_note = op.req.opt_str("note", kMaxTextString).value_or("");
  bool late = op.now > it.emergency->paperwork_due;
  op.event(c, it.id, "paperwork_completed", name(it.state), name(it.state), json::object{{"late", late}});
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_decision_request(Op& op) {
  auto [c, item_id] = op.load_held_item(ItemAction::RequestDecision);
  Item& it = *c.item(item_id);
  // 不能决定的特殊事项应上报当地政府: a town's units ask their town's government, the
  // district window and departments the district government.
  std::string gov = op.d.local_government(op.actor.unit);
  DecisionRequest dr;
  dr.requested_at = op.now;
  dr.from_unit = op.actor.unit;
  dr.to = gov;
  dr.question = op.req.str("question", kMaxTextString);
  dr.due = op.d.calendar.deadline(op.now, op.d.deadlines.decision);
  it.decision = dr;
  std::string before = name(it.state);
  it.resume_state = it.state;
  it.state = next_state(it, ItemAction::RequestDecision);
  touch(c, op.d, gov);
  json::object data{{"question", dr.question}, {"from_unit", dr.from_unit}, {"to", gov},
                    {"due", format_instant(dr.due)}, {"handler", it.handler}};
  op.event(c, it.id, "decision_requested", before, name(it.state), data);
  op.job(c, &it, "decision_request", gov, "request", data);
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_decision_record(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  if (op.actor.kind != UnitKind::Government) fail(OD_ERR_FORBIDDEN, "only the local government decides", "actor.unit");
  op.require_allowed(it, ItemAction::RecordDecision, "item_id");
  std::string asked = it.decision->to.empty() ? op.d.government() : it.decision->to;
  if (op.actor.unit != asked)
    fail(OD_ERR_FORBIDDEN, "the matter was put to " + asked + ", not " + op.actor.unit, "actor.unit");
  it.decision->decided_at = op.now;
  it.decision->decision = op.req.str("decision", kMaxTextString);
  it.state = next_state(it, ItemAction::RecordDecision);
  json::object data{{"decision", it.decision->decision}};
  op.event(c, it.id, "decision_recorded", name(ItemState::AwaitingDecision), name(it.state), data);
  op.job(c, &it, "decision", it.holder, "decision", data);
  op.save(c);
  return item_response(op, c, item_id);
}

namespace {

// Before routing, the window can only record that the applicant withdrew.
ItemAction feedback_action(Op& op, const Item& it, Outcome outcome) {
  ItemAction action = ItemAction::Feedback;
  if (it.state == ItemState::AtWindow) {
    if (outcome != Outcome::Withdrawn)
      fail(OD_ERR_CONFLICT, "item " + it.id + " has not been routed: only 'withdrawn' can be recorded", "outcome");
    action = ItemAction::Withdraw;
  }
  op.require_allowed(it, action == ItemAction::Feedback && it.state == ItemState::Notified ? ItemAction::Acknowledge : action,
                     "item_id");
  return action;
}

// The answer as the request gives it, checked; valid_until is returned apart (it is the
// item's, not the feedback's).
Feedback read_feedback(Op& op, const Case& c, const Item& it, Outcome outcome, ItemAction action,
                       std::optional<Millis>& valid_until) {
  Feedback f;
  f.outcome = outcome;
  f.unit = op.actor.unit;
  f.measures = op.req.opt_str("measures", kMaxTextString).value_or("");
  f.amount = op.req.opt_number("amount", 0, 1e9);
  if (outcome == Outcome::Granted && f.measures.empty() && !f.amount)
    invalid("measures", "a grant states its measures or its amount");
  f.told_at = op.req.instant("told_at");
  if (f.told_at > op.now + 60'000) invalid("told_at", "must not be in the future");
  if (f.told_at < c.received_at) invalid("told_at", "must not be before the application was received");
  valid_until = op.req.opt_instant("valid_until");
  if (valid_until && outcome != Outcome::Granted) invalid("valid_until", "only a grant has a period of validity");
  if (valid_until && *valid_until <= op.now) invalid("valid_until", "must be later than now");
  f.channel = parse_tell_channel(op.req.one_of("channel", tell_channels().names()));
  f.note = op.req.opt_str("note", kMaxTextString).value_or("");
  if (action == ItemAction::Feedback) {
    // 承办部门、单位负责人签字并加盖单位公章
    f.signer = op.req.str("signer", 128);
    f.seal = op.req.str("seal", 128);
    f.reported_to = it.notices.empty() ? c.window : it.notices.back().sender;
  } else {
    f.reported_to = c.window;
  }
  f.recorded_at = op.now;
  f.officer = op.actor.officer;
  return f;
}

// 办理意见 first: a notice that asked for an opinion gets it before (or with) the
// answer, so that the archived file always has it.
std::optional<std::string> read_opinion(Op& op, const Item& it, ItemAction action) {
  auto opinion = op.req.opt_str("opinion", kMaxTextString);
  bool asks = action == ItemAction::Feedback && !it.notices.empty() && notice_asks_opinion(it.notices.back().type);
  if (opinion && (!asks || it.opinion_at))
    invalid("opinion", it.opinion_at ? "was already given for item " + it.id : "is not asked for on item " + it.id);
  if (asks && !it.opinion_at && !opinion)
    invalid("opinion", "is required: notice " + it.notices.back().number +
                           " asked for a handling opinion (办理意见); give it first or with the feedback");
  return opinion;
}

// Was it on time? Judged against the answer's own deadline in force before it; an
// opinion never given on time is recorded as a late opinion.
bool judge_late(Op& op, const Case& c, Item& it) {
  bool late = false;
  for (const Obligation& ob : item_obligations(op.d, c, it)) {
    if ((ob.kind == "feedback" || ob.kind == "complete" || ob.kind == "route") && op.now > ob.due) late = true;
    if (ob.kind == "opinion" && op.now > ob.due) it.opinion_late = true;
  }
  return late;
}

// The implicit acknowledgement and the opinion given with the answer, as events.
void record_before_answer(Op& op, Case& c, Item& it, const std::optional<std::string>& opinion) {
  if (it.state == ItemState::Notified) {
    // A department that answers straight away (often from its own system, through its
    // plugin) has received the notice: that is its acknowledgement.
    it.state = next_state(it, ItemAction::Acknowledge);
    acknowledge_implicitly(op, it);
    op.event(c, it.id, "acknowledged", name(ItemState::Notified), name(it.state),
             json::object{{"notice", it.notices.back().number}, {"handler", it.handler}});
  }
  if (opinion) {
    it.opinion = *opinion;
    it.opinion_at = op.now;
    it.opinion_late = opinion_late(op.d, it);
    op.event(c, it.id, "opinion_given", name(it.state), name(it.state),
             json::object{{"opinion", it.opinion}, {"late", it.opinion_late}, {"handler", it.handler}, {"with_feedback", true}});
  }
}

// The answer on the item, its events, and the jobs telling the category's owning
// department and the window that sent the notice, unless they are who answered.
void record_answer(Op& op, Case& c, Item& it, Feedback f, ItemAction action, std::optional<Millis> valid_until) {
  f.handler = it.handler;
  std::string before = name(it.state);
  it.feedback = f;
  it.state = next_state(it, action);
  if (f.outcome == Outcome::Granted) {
    const Category* cat = op.d.category(it.category);
    if (valid_until) it.valid_until = *valid_until;
    else if (cat && cat->grant_valid_days > 0) it.valid_until = op.now + cat->grant_valid_days * kMsPerDay;
  }
  json::object data = item_to_json(it, TimeStyle::Iso)["feedback"].as_object();
  data["late"] = f.late;
  op.event(c, it.id, "feedback_recorded", before, name(it.state), data);
  op.event(c, it.id, "reported_to_window", name(it.state), name(it.state), json::object{{"window", f.reported_to}});
  std::set<std::string> tell;
  if (const Category* cat = op.d.category(it.category)) tell.insert(cat->owner);
  tell.insert(f.reported_to);
  tell.erase(op.actor.unit);
  for (const auto& unit : tell) op.job(c, &it, "feedback", unit, "feedback", data);
}

}  // namespace

json::value op_feedback(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  op.require_holder(it, "item_id");
  Outcome outcome = *parse_outcome(
      op.req.one_of("outcome", names_of({Outcome::Granted, Outcome::Refused, Outcome::Referred, Outcome::Withdrawn})));
  ItemAction action = feedback_action(op, it, outcome);
  std::optional<Millis> valid_until;
  Feedback f = read_feedback(op, c, it, outcome, action, valid_until);
  auto opinion = read_opinion(op, it, action);
  f.late = judge_late(op, c, it);
  record_before_answer(op, c, it, opinion);
  record_answer(op, c, it, std::move(f), action, valid_until);
  op.close_if_done(c);
  op.save(c);
  json::object o = item_response(op, c, item_id);
  o["late"] = it.feedback->late;
  return o;
}

json::value op_archive(Op& op) {
  Case c = op.load_case_for_write("case_id");
  if (op.actor.unit != c.window && !op.actor.is_district_window())
    fail(OD_ERR_FORBIDDEN, "only the receiving window or the district window archives a case", "actor.unit");
  if (c.state != CaseState::Closed) fail(OD_ERR_CONFLICT, "case " + c.id + " is " + name(c.state) + ", not closed", "case_id");
  for (const auto& it : c.items)
    if (it.emergency && !it.emergency->paperwork_done_at)
      fail(OD_ERR_CONFLICT, "the emergency paperwork of " + it.id + " is not complete", "case_id");
  for (const auto& j : op.store.jobs_of_case(c.id))
    if (parse_job_state(j.state) != JobState::Delivered)
      fail(OD_ERR_CONFLICT, "delivery " + j.id + " to " + j.unit + " is " + j.state + ": the file is not complete", "case_id");
  c.archive_summary = op.req.opt_str("summary", kMaxTextString).value_or("");
  op.event(c, "", "archived", name(CaseState::Closed), name(CaseState::Archived), json::object{{"summary", c.archive_summary}});
  c.state = CaseState::Archived;
  c.archived_at = op.now;
  op.save(c);
  return case_view(op, c);
}

}  // namespace od
