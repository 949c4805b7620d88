// Cooperation (征求意见 / 协办) and the answerable handler (承办人).
//
// The district asks health, justice, finance and the others to cooperate within their
// remit: the unit holding an item asks one or more of them for an opinion. Each request
// is numbered, delivered through the asked unit's plugin, owes its answer within the
// opinion deadline (deadlines.cpp, kind "cooperation"), and lets the asked unit see that
// one case. The handler named at acknowledgement answers for the item to its feedback;
// a change of handler is recorded.
#include "domain/case_json.h"
#include "domain/deadlines.h"
#include "engine/item_steps.h"

namespace od {
namespace json = boost::json;

json::value op_cooperation_request(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  op.require_holder(it, "item_id");
  if (it.state != ItemState::AtWindow && it.state != ItemState::Notified && it.state != ItemState::Handling)
    fail(OD_ERR_CONFLICT, "cooperation is not asked while item " + it.id + " is " + name(it.state), "item_id");
  std::vector<std::string> asked = op.req.strs("to", 20, 64);
  if (asked.empty() && op.req.has("to"))
    invalid("to", "names no unit: name at least one, or leave it out to ask the category's usual units");
  if (asked.empty()) {
    // the district's usual cooperating units for this category
    const Category* cat = op.d.category(it.category);
    if (cat) asked = cat->cooperating;
    if (asked.empty()) invalid("to", "is required: no unit usually cooperates on '" + it.category + "'");
  }
  std::string question = op.req.str("question", kMaxTextString);
  check_receivers(op, asked, "to", {UnitKind::Department, UnitKind::SocialOrg}, "a department or a social organisation");
  for (size_t i = 0; i < asked.size(); ++i) {
    std::string path = "to[" + std::to_string(i) + "]";
    if (asked[i] == op.actor.unit) invalid(path, "a unit does not ask itself");
    for (const Cooperation& k : it.cooperations)
      if (k.to == asked[i] && !k.answered_at)
        fail(OD_ERR_CONFLICT, asked[i] + " has not yet answered " + k.number, path);
  }
  json::array made;
  for (const std::string& unit : asked) {
    Cooperation k;
    k.number = document_number(op, "COO");
    k.from = op.actor.unit;
    k.to = unit;
    k.question = question;
    k.requested_at = op.now;
    k.due = op.d.calendar.deadline(op.now, op.d.deadlines.opinion);
    k.officer = op.actor.officer;
    it.cooperations.push_back(k);
    touch(c, op.d, unit);  // the asked unit sees this case, and only through this
    json::object doc = cooperation_to_json(k, TimeStyle::Iso);
    op.event(c, it.id, "cooperation_requested", name(it.state), name(it.state), doc);
    op.job(c, &it, "cooperation_request", unit, "cooperation", doc);
    made.push_back(std::move(doc));
  }
  op.save(c);
  json::object o = item_response(op, c, item_id);
  o["cooperations"] = std::move(made);
  return o;
}

json::value op_cooperation_answer(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  std::string number = op.req.str("cooperation", 64);
  Cooperation* k = nullptr;
  for (Cooperation& x : it.cooperations)
    if (x.number == number) k = &x;
  if (!k) fail(OD_ERR_NOT_FOUND, "no cooperation request '" + number + "' on item " + it.id, "cooperation");
  if (k->to != op.actor.unit) fail(OD_ERR_FORBIDDEN, number + " asked " + k->to + ", not " + op.actor.unit, "actor.unit");
  if (k->answered_at) fail(OD_ERR_CONFLICT, number + " was already answered", "cooperation");
  k->answer = op.req.str("answer", kMaxTextString);
  k->answered_at = op.now;
  k->answered_by = op.actor.officer;
  json::object doc = cooperation_to_json(*k, TimeStyle::Iso);
  doc["late"] = op.now > k->due;
  op.event(c, it.id, "cooperation_answered", name(it.state), name(it.state), doc);
  op.job(c, &it, "cooperation_answer", k->from, "cooperation", doc);
  op.save(c);
  return item_response(op, c, item_id);
}

json::value op_handler_change(Op& op) {
  auto [c, item_id] = op.load_item_for_write("item_id");
  Item& it = *c.item(item_id);
  op.require_holder(it, "item_id");
  if (it.final()) fail(OD_ERR_CONFLICT, "item " + it.id + " is already answered", "item_id");
  if (it.handler.empty())
    fail(OD_ERR_CONFLICT, "item " + it.id + " has no handler yet: acknowledge it naming one", "item_id");
  std::string handler = op.req.str("handler", 64);
  if (handler == it.handler) invalid("handler", handler + " already handles item " + it.id);
  json::object data{{"from", it.handler}, {"to", handler},
                    {"reason", op.req.str("reason", kMaxTextString)}};
  it.handler = handler;
  op.event(c, it.id, "handler_changed", name(it.state), name(it.state), data);
  op.save(c);
  return item_response(op, c, item_id);
}

}  // namespace od
