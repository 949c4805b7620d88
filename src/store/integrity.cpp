// Checking the file: SQLite's own integrity check, every case's event chain (each
// event's hash against its content and its predecessor, numbering without gaps, the
// reception first, the seal of an archived case), and the district-wide chain.
#include <map>

#include "store/event_chain.h"
#include "store/sqlite_tx.h"
#include "store/store_keys.h"

namespace od {

std::vector<std::string> SqliteTx::integrity_problems(std::string& head, int64_t& links) {
  std::vector<std::string> out;
  {
    Statement s = db_.prepare("PRAGMA integrity_check");
    while (s.step()) {
      std::string line = s.text(0);
      if (line != "ok") out.push_back("sqlite: " + line);
    }
  }
  std::map<std::pair<std::string, int64_t>, std::string> hashes;  // (case id, n) -> stored hash
  std::map<int64_t, std::string> seals;
  {
    Statement s = db_.prepare("SELECT case_seq, hash FROM case_seals");
    while (s.step()) seals[s.int64(0)] = s.text(1);
  }
  Statement cases = db_.prepare("SELECT seq, id FROM cases ORDER BY seq");
  while (cases.step()) {
    int64_t seq = cases.int64(0);
    std::string id = cases.text(1);
    std::vector<EventRow> events = events_of_case(id);
    if (events.empty() || events[0].type != "received") {
      out.push_back(id + ": the event log does not begin with the reception");
      continue;
    }
    auto seal = seals.find(seq);
    if (auto broken = first_break_in_case(events, seal == seals.end() ? std::nullopt : std::optional(seal->second)))
      out.push_back(*broken);
    for (const EventRow& e : events) hashes[{id, e.seq}] = e.hash;
  }
  std::vector<ChainLink> chain;
  {
    Statement s = db_.prepare("SELECT seq, case_seq, n, head FROM event_chain ORDER BY seq");
    std::map<int64_t, std::string> ids;  // case_seq -> id, from the events read above
    for (const auto& [key, h] : hashes) ids[seq_of_case_id(key.first)] = key.first;
    while (s.step()) {
      auto it = ids.find(s.int64(1));
      chain.push_back({s.int64(0), it == ids.end() ? "case #" + std::to_string(s.int64(1)) : it->second, s.int64(2), s.text(3)});
    }
  }
  links = static_cast<int64_t>(chain.size());
  head = chain.empty() ? "" : chain.back().head;
  if (auto broken = first_break_in_district(chain, [&](const std::string& id, int64_t n) -> std::optional<std::string> {
        auto it = hashes.find({id, n});
        if (it == hashes.end()) return std::nullopt;
        return it->second;
      }))
    out.push_back(*broken);
  return out;
}

std::string SqliteTx::district_head() {
  Statement s = db_.prepare("SELECT head FROM event_chain ORDER BY seq DESC LIMIT 1");
  return s.step() ? s.text(0) : std::string();
}

}  // namespace od
