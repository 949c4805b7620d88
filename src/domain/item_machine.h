// The rules of an item's life, as pure functions: which action is legal in which state,
// which state it leads to, and which unit may route an item where with which notice.
// No I/O: the engine loads the case, asks these, and stores the result.
#pragma once
#include <string>

#include "domain/case.h"
#include "rules/district.h"

namespace od {

enum class ItemAction {
  Route,             // issue a notice (the holder window)
  Acknowledge,       // the receiving unit acknowledges the notice
  Opinion,           // the receiving unit gives its handling opinion
  RequestMaterial,   // ask the applicant for more material: the clock pauses
  ReceiveMaterial,   // the material arrived: the clock runs again
  RequestDecision,   // an undecidable matter goes to the local government (from a
                     // window holding the item, or from a handling unit)
  RecordDecision,    // the government decided: back to where it was asked
  Feedback,          // the final answer
  Withdraw,          // the applicant withdrew, or the item merged, before routing
};

const char* name(ItemAction a);

// Whether `action` is legal in `state`.
bool allowed(ItemState state, ItemAction action);

// The state an allowed action leads to. For Route it depends on the notice type
// (forward and hand-over land at a window again); for ReceiveMaterial and
// RecordDecision on where the item was when it paused (item.resume_state).
ItemState next_state(const Item& item, ItemAction action, NoticeType notice = NoticeType::Distribute);

// The default receiver of a notice of `type` for this item, or "" when the sender
// must name one (distribute with several town offices, refer).
std::string default_receiver(const District& d, const Case& c, const Item& item, NoticeType type,
                             const std::string& sender);

// Empty when `sender` may route `item` to `receiver` with a notice of `type`;
// otherwise the reason (domain.md's table of the five notices).
std::string route_problem(const District& d, const Case& c, const Item& item, NoticeType type,
                          const std::string& sender, const std::string& receiver);

}  // namespace od
