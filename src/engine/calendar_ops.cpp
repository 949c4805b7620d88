// Calendars that outlive a release. The State Council publishes each year's holidays in
// November; a district drops the year's file into its calendar directory and loads it
// (read at the next open) without rebuilding. Deadlines counted into a year
// without data are provisional (deadlines.cpp); once the year is loaded, every open
// case's deadlines are computed again, saved (so the due index follows) and the change
// is recorded as an event.
#include <algorithm>

#include "domain/case_json.h"
#include "domain/deadlines.h"
#include "engine/calendar_ops.h"

namespace od {
namespace json = boost::json;

namespace {

std::string obligation_key(const Obligation& ob) { return ob.kind + "|" + ob.unit + "|" + ob.item_id; }

// What moved between two lists of obligations of one case.
json::array obligation_changes(const std::vector<Obligation>& before, const std::vector<Obligation>& after) {
  json::array out;
  for (const Obligation& a : after)
    for (const Obligation& b : before)
      if (obligation_key(a) == obligation_key(b) && a.due != b.due) {
        json::object o{{"kind", a.kind}, {"unit", a.unit}, {"before", format_instant(b.due)}, {"after", format_instant(a.due)}};
        if (!a.item_id.empty()) o["item_id"] = a.item_id;
        out.push_back(std::move(o));
      }
  return out;
}

void restate_case(Op& op, const District* before, Case c, const std::set<int>& years, int64_t& changed) {
  std::vector<Obligation> old_obs = obligations(*before, c);
  std::vector<DueChange> dates = restate_due_dates(op.d, c);
  json::array moved = obligation_changes(old_obs, obligations(op.d, c));
  if (dates.empty() && moved.empty()) return;
  json::array stored;
  for (const DueChange& ch : dates)
    stored.push_back(json::object{{"what", ch.what}, {"item_id", ch.item_id}, {"before", format_instant(ch.before)},
                                  {"after", format_instant(ch.after)}});
  json::array ys;
  for (int y : years) ys.push_back(y);
  op.event(c, "", "deadlines_recomputed", name(c.state), name(c.state),
           json::object{{"years", std::move(ys)}, {"obligations", std::move(moved)}, {"dates", std::move(stored)}});
  op.save(c);
  ++changed;
}

}  // namespace

std::vector<std::string> calendar_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

int64_t restate_open_cases(Op& op, const District* before, const std::set<int>& years) {
  int64_t changed = 0;
  // open cases, and closed ones that still owe something (emergency paperwork)
  CaseQuery open, owing;
  open.state = name(CaseState::Open);
  owing.state = name(CaseState::Closed);
  owing.owing = true;
  for (CaseQuery q : {open, owing}) {
    q.limit = 500;
    for (;;) {
      CasePage page = op.store.list_cases(q);
      for (Case& c : page.cases) restate_case(op, before, std::move(c), years, changed);
      if (!page.next) break;
      q.after = *page.next;
    }
  }
  return changed;
}

std::set<int> years_new_to_database(StoreTx& store, const std::set<int>& years) {
  std::set<int> out;
  for (int y : years)
    if (store.next_counter("calendar-year:" + std::to_string(y)) == 1) out.insert(y);
  return out;
}

}  // namespace od
