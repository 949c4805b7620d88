// Steps the handling operations share: numbering a document, issuing a notice (route
// and an accepted offer of help both do), and the item response.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/op.h"

namespace od {

// "<prefix>-<year>-<n>": notices (DST, TRF, ...), cooperation requests (COO) and help
// requests (HLP), numbered per prefix and year.
std::string document_number(Op& op, const char* prefix);

// Issues a notice of `type` from the actor's unit to `receiver` for the item: the item
// moves to the receiver, the event and the receiver's delivery job are written. The
// caller has checked that the route is allowed, and saves.
Notice issue_notice(Op& op, Case& c, Item& it, NoticeType type, const std::string& receiver, const std::string& note);

// Checks a list of receiving units given in request field `field` ("to"): each known,
// of one of `kinds` (`kinds_text` says which, for the error), listed once. Errors name
// "to[i]".
void check_receivers(const Op& op, const std::vector<std::string>& units, const std::string& field,
                     std::initializer_list<UnitKind> kinds, const std::string& kinds_text);

// {"case_id", "case_state", "item"}
boost::json::object item_response(Op& op, const Case& c, const std::string& item_id);

}  // namespace od
