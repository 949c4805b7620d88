// The context of one operation: the request, the actor, the moment, and helpers that
// every operation shares (load a case the actor may see, check a transition, append
// an event, write a delivery job, save the case with its deadlines).
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "domain/case.h"
#include "domain/item_machine.h"
#include "engine/access.h"
#include "engine/engine.h"
#include "util/failure.h"
#include "util/json_fields.h"

namespace od {

struct Op {
  Engine& engine;
  const District& d;
  StoreTx& store;  // this call's transaction
  Fields req;
  Actor actor;
  Millis now;
  bool wrote_jobs = false;
  std::string_view operation = {};  // as the caller named it ("help.broadcast"); "" for the engine's own

  // Loads the case named by request field `field`; NOT_FOUND / FORBIDDEN name it.
  Case load_case(const std::string& field);
  // The same, for a change: an archived case is refused with OD_ERR_ARCHIVED.
  Case load_case_for_write(const std::string& field);
  // Loads the case of the item named by `field` and finds the item in it.
  // check_visibility = false leaves the access decision to the operation, and so the
  // archived check too (a stranger must not learn that the case exists): the operation
  // calls require_not_archived once it has decided.
  std::pair<Case, std::string> load_item_for_write(const std::string& field, bool check_visibility = true);

  // The item named by "item_id", which the actor's unit must hold and on which
  // `action` must be legal now.
  std::pair<Case, std::string> load_held_item(ItemAction action);
  // OD_ERR_ARCHIVED when the case is archived.
  void require_not_archived(const Case& c, const std::string& field) const;
  // The actor's unit must hold the item.
  void require_holder(const Item& it, const std::string& field) const;
  // The action must be legal in the item's state (CONFLICT otherwise).
  void require_allowed(const Item& it, ItemAction a, const std::string& field) const;

  void event(const Case& c, const std::string& item_id, const std::string& type, const std::string& before,
             const std::string& after, boost::json::object data = {});
  // Writes a delivery job for `unit` when it has a plugin configured.
  void job(const Case& c, const Item* it, const std::string& kind, const std::string& unit, const char* extra_key,
           boost::json::object extra);
  // The same with a body the caller built (a masked help request carries no case);
  // "job_id" is set in it.
  void job_with_body(const Case& c, const Item* it, const std::string& kind, const std::string& unit,
                     boost::json::object body);
  void insert(Case& c);
  void save(Case& c);
  // Closes the case when every item has a final answer.
  void close_if_done(Case& c);
};

using OpFn = boost::json::value (*)(Op&);

// intake_ops.cpp
boost::json::value op_intake(Op&);
boost::json::value op_item_add(Op&);
boost::json::value op_inquiry_answer(Op&);
// handling_ops.cpp
boost::json::value op_route(Op&);
boost::json::value op_acknowledge(Op&);
boost::json::value op_opinion(Op&);
boost::json::value op_material_request(Op&);
boost::json::value op_material_receive(Op&);
boost::json::value op_emergency_grant(Op&);
boost::json::value op_paperwork_complete(Op&);
boost::json::value op_decision_request(Op&);
boost::json::value op_decision_record(Op&);
boost::json::value op_feedback(Op&);
boost::json::value op_archive(Op&);
// cooperation_ops.cpp
boost::json::value op_cooperation_request(Op&);
boost::json::value op_cooperation_answer(Op&);
boost::json::value op_handler_change(Op&);
// help_ops.cpp
boost::json::value op_help_broadcast(Op&);
boost::json::value op_help_offer(Op&);
boost::json::value op_help_accept(Op&);
// query_ops.cpp
boost::json::value op_case_get(Op&);
boost::json::value op_case_file(Op&);
boost::json::value op_case_list(Op&);
boost::json::value op_due_list(Op&);
boost::json::value op_stats(Op&);
boost::json::value op_disclosure(Op&);
// delivery_ops.cpp
boost::json::value op_delivery_list(Op&);
boost::json::value op_delivery_retry(Op&);

// Shared by responses: a case as the API shows it (with deadlines and delivery status).
boost::json::object case_view(Op& op, const Case& c);
// A delivery job as the API shows it (delivery_ops.cpp).
boost::json::object job_json(const JobRow& j, bool with_body);
std::string item_case_id(const std::string& item_id);

}  // namespace od
