// The channel to social forces (信息发送渠道): a window sends a masked help request to
// the charities, volunteer groups, associations and industry associations that serve the
// item's need; they offer help or decline (through this operation, or their plugin's
// poll); the window accepts one offer, which becomes a referral (转介通知单) with its
// deadline. Organisations asked do not see the case: the request names no one.
#include <algorithm>

#include "domain/case_json.h"
#include "domain/masking.h"
#include "engine/item_steps.h"

namespace od {
namespace json = boost::json;

namespace {

Broadcast* find_broadcast(Item& it, const std::string& number) {
  for (Broadcast& b : it.broadcasts)
    if (b.number == number) return &b;
  return nullptr;
}

}  // namespace

json::value op_help_broadcast(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  op.require_holder(it, "item_id");
  op.require_allowed(it, ItemAction::Route, "item_id");
  std::string text = op.req.str("text", kMaxTextString);
  std::string masking = mask_problem(c, text);
  if (!masking.empty()) invalid("text", masking);
  std::vector<std::string> to = op.req.strs("to", 50, 64);
  if (to.empty() && op.req.has("to"))
    invalid("to", "names no organisation: name at least one, or leave it out to ask those serving the need");
  if (to.empty()) {
    to = op.d.orgs_serving(it.category);
    if (to.empty()) fail(OD_ERR_CONFLICT, "no social organisation serves '" + it.category + "'", "item_id");
  }
  check_receivers(op, to, "to", {UnitKind::SocialOrg}, "a social organisation (help requests go to society)");
  Broadcast b;
  b.number = document_number(op, "HLP");
  b.window = op.actor.unit;
  b.text = text;
  b.to = to;
  b.at = op.now;
  b.officer = op.actor.officer;
  it.broadcasts.push_back(b);
  json::object doc = broadcast_to_json(b, TimeStyle::Iso);
  op.event(c, it.id, "help_broadcast", name(it.state), name(it.state), doc);
  const Category* cat = op.d.category(it.category);
  const Town* town = op.d.town(c.hukou_town);
  for (const std::string& org : to) {
    // no case, no applicant: what is needed, where, and whom to call back (the window)
    json::object body;
    body["kind"] = "help_request";
    body["job_id"] = "";
    body["district"] = op.d.code;
    body["at"] = format_instant(op.now);
    body["help_request"] = json::object{{"number", b.number},
                                        {"item_id", it.id},
                                        {"category", it.category},
                                        {"category_name", cat ? cat->name : it.category},
                                        {"town", town ? town->name : c.hukou_town},
                                        {"household_size", static_cast<int64_t>(c.household.size() + 1)},
                                        {"text", text},
                                        {"window", op.actor.unit}};
    op.job_with_body(c, &it, "help_request", org, std::move(body));
  }
  op.save(c);
  json::object o = item_response(op, c, item_id);
  o["broadcast"] = std::move(doc);
  return o;
}

json::value op_help_offer(Op& op) {
  // The organisation never saw the case: it names the item and the request it got, and
  // anyone who was not asked is told exactly what a wrong number would tell.
  auto [c, item_id] = op.load_item_for_write("item_id", false);
  Item& it = *c.item(item_id);
  // an organisation never asked about this item, and that may not see its case, gets
  // exactly the answer a missing item gives
  bool asked = std::any_of(it.broadcasts.begin(), it.broadcasts.end(), [&](const Broadcast& x) {
    return std::find(x.to.begin(), x.to.end(), op.actor.unit) != x.to.end();
  });
  if (!asked && !can_see(op.actor, c)) fail(OD_ERR_NOT_FOUND, "no item '" + item_id + "'", "item_id");
  std::string number = op.req.str("broadcast", 64);
  Broadcast* b = find_broadcast(it, number);
  if (!b || std::find(b->to.begin(), b->to.end(), op.actor.unit) == b->to.end())
    fail(OD_ERR_NOT_FOUND, "no help request '" + number + "' to " + op.actor.unit + " for item " + item_id, "broadcast");
  op.require_not_archived(c, "item_id");
  std::string answer = op.req.one_of("answer", {"offer", "decline"});
  for (const Offer& f : b->offers)
    if (f.org == op.actor.unit) fail(OD_ERR_CONFLICT, op.actor.unit + " already answered " + number, "broadcast");
  Offer f{op.actor.unit, answer == "decline", op.req.str("text", kMaxTextString), op.now, op.actor.officer, std::nullopt};
  b->offers.push_back(f);
  json::object data{{"broadcast", number}, {"org", f.org}, {"answer", answer}, {"text", f.text}};
  op.event(c, it.id, f.declined ? "help_declined" : "help_offered", name(it.state), name(it.state), data);
  op.save(c);
  return data;
}

json::value op_help_accept(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  op.require_holder(it, "item_id");
  op.require_allowed(it, ItemAction::Route, "item_id");
  std::string number = op.req.str("broadcast", 64);
  Broadcast* b = find_broadcast(it, number);
  if (!b) fail(OD_ERR_NOT_FOUND, "no help request '" + number + "' on item " + it.id, "broadcast");
  std::string org = op.req.str("org", 64);
  Offer* f = nullptr;
  for (Offer& x : b->offers)
    if (x.org == org) f = &x;
  if (!f) fail(OD_ERR_NOT_FOUND, org + " has not answered " + number, "org");
  if (f->declined) fail(OD_ERR_CONFLICT, org + " declined " + number, "org");
  std::string problem = route_problem(op.d, c, it, NoticeType::Refer, op.actor.unit, org);
  if (!problem.empty()) invalid("org", problem);
  f->accepted_at = op.now;
  op.event(c, it.id, "help_accepted", name(it.state), name(it.state),
           json::object{{"broadcast", number}, {"org", org}, {"offer", f->text}});
  std::string note = op.req.opt_str("note", kMaxTextString).value_or("accepted offer of help, " + number);
  Notice n = issue_notice(op, c, it, NoticeType::Refer, org, note);
  op.save(c);
  json::object o = item_response(op, c, item_id);
  o["notice"] = notice_to_json(n, TimeStyle::Iso);
  return o;
}

}  // namespace od
