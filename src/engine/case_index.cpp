#include "engine/case_index.h"

#include <cmath>
#include <set>

#include "domain/deadlines.h"
#include "engine/access.h"

namespace od {

int64_t amount_fen(double yuan) { return static_cast<int64_t>(std::llround(yuan * 100.0)); }

CaseIndex index_case(const District& d, const Case& c) {
  CaseIndex ix;
  std::set<std::string> keys;
  auto key = [&](const char* prefix, const std::string& v) {
    if (!v.empty()) keys.insert(prefix + v);
  };
  key("p:", c.applicant.id_number);
  for (const auto& p : c.household) key("p:", p.id_number);
  for (const auto& u : c.units) key("u:", u);
  key("s:", name(c.state));
  key("t:", c.hukou_town);
  key("w:", c.window);

  std::set<std::string> scopes{"*"};
  for (const auto& u : c.units) scopes.insert(scope_of(d, u));
  ix.scopes.assign(scopes.begin(), scopes.end());

  for (const Obligation& ob : obligations(d, c)) ix.dues.push_back({ob.kind, ob.unit, ob.item_id, ob.since, ob.due});
  if (!ix.dues.empty()) keys.insert("d:");

  auto count = [&](const char* dim, const std::string& k, int64_t sum = 0) { ix.counts.push_back({dim, k, 1, sum}); };
  count("m", "cases");
  count("state", name(c.state));
  count("town", c.hukou_town);
  count("window", c.window);
  count("channel", c.channel);
  if (c.urgency == "emergency") count("m", "emergencies");
  if (c.urgency == "major") count("m", "major_cases");
  for (const Item& it : c.items) {
    key("c:", it.category);
    Outcome oc = it.feedback ? it.feedback->outcome : Outcome::None;
    key("o:", name(oc));
    count("m", "items");
    count("category", it.category);
    const Category* cat = d.category(it.category);
    count("department", cat ? cat->owner : "?");
    count("holder", it.holder);
    count("outcome", name(oc));
    if (it.opinion_late) count("m", "opinions_late");
    if (oc == Outcome::Merged) count("m", "duplicates_caught");
    if (!it.final()) {
      count("m", "open_items");
    } else if (it.feedback && oc != Outcome::Merged) {
      count("m", "answered", it.feedback->recorded_at - c.received_at);
      count("m", it.feedback->late ? "answered_late" : "answered_on_time");
    }
    if (oc == Outcome::Granted && it.feedback) {
      ix.grants.emplace_back(it.id, it.feedback->recorded_at);
      int64_t fen = it.feedback->amount ? amount_fen(*it.feedback->amount) : 0;
      count("granted_by_category", it.category, fen);
      count("granted_by_town", c.hukou_town, fen);
    }
  }
  ix.keys.assign(keys.begin(), keys.end());
  return ix;
}

}  // namespace od
