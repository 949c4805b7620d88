// The tamper-evident audit trail: every event carries the SHA-256 of its content chained
// to the previous event of its case, and every event also extends one district-wide
// chain (append order over all cases). An archived case is sealed with the hash of its
// `archived` event. Changing, inserting or removing a row breaks a link that `verify`
// names; rewriting every later hash as well changes the district head, which is printed
// on the ledger so that a copy outside the database can be compared. Pure.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace od {

// Hex SHA-256 of `prev` and every field of the event (length-prefixed, so that no two
// different events serialise alike). e.seq is the event's number within its case.
std::string event_hash(const std::string& prev, const EventRow& e);
// The next district-wide head after an event.
std::string district_link(const std::string& prev_head, const std::string& case_id, int64_t n,
                          const std::string& event_hash);

struct ChainLink {  // one row of the district chain
  int64_t seq = 0;
  std::string case_id;
  int64_t n = 0;
  std::string head;
};

// The first broken link of one case's events (in order, with their stored hashes), or
// nullopt. `seal`: the hash the case was sealed with at archiving (the hash of its
// `archived` event), if any.
std::optional<std::string> first_break_in_case(const std::vector<EventRow>& events,
                                               const std::optional<std::string>& seal);
// The first broken link of the district chain, given every event's stored hash by
// (case id, n) through `hash_of` (nullopt when the event is gone).
template <typename HashOf>
std::optional<std::string> first_break_in_district(const std::vector<ChainLink>& links, HashOf hash_of) {
  std::string head;
  int64_t expect = 0;
  for (const ChainLink& l : links) {
    if (expect && l.seq != expect + 1)
      return "district chain: link " + std::to_string(expect + 1) + " is missing";
    expect = l.seq;
    std::optional<std::string> h = hash_of(l.case_id, l.n);
    if (!h) return "district chain link " + std::to_string(l.seq) + ": event " + std::to_string(l.n) + " of " + l.case_id + " is gone";
    head = district_link(head, l.case_id, l.n, *h);
    if (head != l.head)
      return "district chain link " + std::to_string(l.seq) + " (" + l.case_id + " event " + std::to_string(l.n) +
             ") does not match";
  }
  return std::nullopt;
}

}  // namespace od
