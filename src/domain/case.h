// A case (one application, inquiry or proactive discovery) and its items (one per
// assistance category). Plain data: the rules that change it live in item_machine.h
// and the engine's operations; the API's view in case_json.h, the stored document in
// store/case_codec.cpp.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/codes.h"
#include "util/time.h"

namespace od {

const char* notice_prefix(NoticeType t);      // "DST", "FWD", "HND", "TRF", "REF"
const char* notice_title_zh(NoticeType t);    // "救助事项分办通知单", ...
// Whether the receiver of such a notice owes a handling opinion (办理意见) before its
// answer: distribute and transfer do; a referral has one deadline, the report back;
// forward and hand-over go to a window, which routes.
bool notice_asks_opinion(NoticeType t);

struct Notice {
  std::string number;  // "TRF-2026-000007"
  NoticeType type = NoticeType::Distribute;
  std::string sender;
  std::string receiver;
  Millis issued_at = 0;
  Millis opinion_due = 0;
  std::optional<Millis> complete_due;  // transfers: the category's policy limit
  std::optional<Millis> acknowledged_at;
  std::string note;
  std::string officer;  // who issued it
  std::string handler;  // 承办人 named by the receiver when it acknowledged
};

struct Pause {
  Millis from = 0;
  std::optional<Millis> to;
  std::string what;  // the material asked for
};

struct EmergencyGrant {
  Millis granted_at = 0;
  std::string unit;
  std::string measures;
  std::optional<double> amount;
  Millis paperwork_due = 0;
  std::optional<Millis> paperwork_done_at;
  std::string paperwork_note;
};

struct DecisionRequest {
  Millis requested_at = 0;
  std::string from_unit;
  std::string to;  // the local government asked (town or district)
  std::string question;
  Millis due = 0;
  std::optional<Millis> decided_at;
  std::string decision;
};

struct Feedback {
  Outcome outcome = Outcome::None;
  std::string unit;
  std::string measures;
  std::optional<double> amount;
  std::string signer;   // head of unit who signed
  std::string seal;     // seal reference (公章)
  Millis told_at = 0;   // when the applicant was told
  std::optional<TellChannel> channel;  // how; none on a merged duplicate
  std::string reported_to;  // the window that sent the notice
  std::string note;
  Millis recorded_at = 0;
  std::string officer;
  std::string handler;  // 承办人 answerable for the item at the answering unit
  bool late = false;  // answered after the feedback (or completion) deadline
};

// 征求意见 / 协办: the holder asks a unit that owns no part of the item (health,
// justice, ...) for its opinion within its remit.
struct Cooperation {
  std::string number;  // "COO-2026-000001"
  std::string from;    // the unit that asked (the holder then)
  std::string to;      // the unit asked
  std::string question;
  Millis requested_at = 0;
  Millis due = 0;
  std::string officer;
  std::optional<Millis> answered_at;
  std::string answer;
  std::string answered_by;  // officer of the asked unit
};

// An organisation's answer to a help request.
struct Offer {
  std::string org;
  bool declined = false;
  std::string text;  // what it offers, or why it declines
  Millis at = 0;
  std::string officer;
  std::optional<Millis> accepted_at;
};

// 社会求助信息: a masked help request a window sent to the organisations serving the
// need, and what came back.
struct Broadcast {
  std::string number;  // "HLP-2026-000001"
  std::string window;
  std::string text;    // masked summary sent
  std::vector<std::string> to;
  Millis at = 0;
  std::string officer;
  std::vector<Offer> offers;
};

struct Item {
  std::string id;  // "<case id>-<n>"
  std::string category;
  ItemState state = ItemState::AtWindow;
  ItemState resume_state = ItemState::Handling;  // where material.receive returns to
  std::string holder;  // the unit answerable for the next step
  Millis since = 0;    // when the holder got it
  std::vector<Notice> notices;  // the routing history, oldest first
  std::optional<Millis> opinion_at;
  std::string opinion;
  bool opinion_late = false;
  std::vector<Pause> pauses;
  std::optional<EmergencyGrant> emergency;
  std::optional<DecisionRequest> decision;
  std::optional<Feedback> feedback;
  std::optional<Millis> valid_until;  // a grant in force until
  std::string linked_case;  // merged into / duplicate of this case...
  std::string linked_item;  // ...and item
  std::string override_reason;  // a supervisor let a duplicate through
  std::string handler;  // 承办人 at the holder: named at acknowledgement, answerable to feedback
  std::vector<Cooperation> cooperations;
  std::vector<Broadcast> broadcasts;

  const Notice* current_notice() const { return notices.empty() ? nullptr : &notices.back(); }
  bool final() const { return state == ItemState::Answered; }
};

struct Person {
  std::string name;
  std::string id_number;
  std::string relation;  // household members: spouse, child, parent, ...
};

struct Case {
  std::string id;
  int64_t seq = 0;
  CaseState state = CaseState::Open;
  Channel channel = Channel::InPerson;
  Urgency urgency = Urgency::Normal;
  std::string window;    // unit that received it
  Millis received_at = 0;
  std::string first_officer;
  std::string committee;  // the committee that submitted on the applicant's behalf
  Person applicant;
  std::string phone;
  std::string hukou_town;
  std::string address;
  std::vector<Person> household;
  std::string hardship;
  std::vector<Item> items;
  std::set<std::string> units;  // every unit the case was received at or routed to
  std::optional<Millis> reported_at;  // major: reported to the district government
  std::string reply;                  // the answer to a bare inquiry
  std::optional<Millis> closed_at;
  std::optional<Millis> archived_at;
  std::string archive_summary;
  std::string idempotency_key;

  Item* item(const std::string& id);
  const Item* item(const std::string& id) const;
  bool all_final() const;
};

}  // namespace od
