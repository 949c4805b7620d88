#include "engine/case_index.h"

#include <cmath>
#include <map>
#include <set>

#include "domain/deadlines.h"
#include "engine/access.h"

namespace od {
namespace {

// Tally keys: a case cell "c" town window channel state urgency, an item cell "i" town
// category department holder outcome, the parts joined by a unit separator.
constexpr char kSep = '\x1f';

std::string cell(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += kSep;
    out += p;
  }
  return out;
}

std::vector<std::string_view> parts_of(std::string_view key) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= key.size(); ++i)
    if (i == key.size() || key[i] == kSep) {
      out.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

}  // namespace

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

  // the district window reads "*" and needs no scope of its own
  std::set<std::string> scopes{"*"};
  for (const auto& u : c.units) {
    const Unit* unit = d.unit(u);
    if (!unit || unit->kind != UnitKind::DistrictWindow) scopes.insert(scope_of(d, u));
  }
  ix.scopes.assign(scopes.begin(), scopes.end());

  for (const Obligation& ob : obligations(d, c)) ix.dues.push_back({ob.kind, ob.unit, ob.item_id, ob.since, ob.due});
  if (!ix.dues.empty()) keys.insert("d:");

  // Each open item that owes something is counted under the day its earliest obligation
  // falls due, so `stats` counts what is overdue from the tallies (every day before
  // today) instead of walking the district's open work.
  std::map<std::string, Millis> item_due;
  for (const auto& ob : ix.dues) {
    auto [at, fresh] = item_due.try_emplace(ob.item_id, ob.due);
    if (!fresh && ob.due < at->second) at->second = ob.due;
  }
  for (const Item& it : c.items) {
    auto due = item_due.find(it.id);
    if (it.final() || due == item_due.end()) continue;
    Tally t;
    t.key = cell({"d", std::to_string(local_day(due->second))});
    t.m[Tally::N] = 1;
    ix.tallies.push_back(std::move(t));
  }

  Tally whole;
  whole.key = cell({"c", c.hukou_town, c.window, name(c.channel), name(c.state), name(c.urgency)});
  whole.m[Tally::N] = 1;
  ix.tallies.push_back(std::move(whole));
  for (const Item& it : c.items) {
    key("c:", it.category);
    Outcome oc = it.feedback ? it.feedback->outcome : Outcome::None;
    key("o:", name(oc));
    const Category* cat = d.category(it.category);
    Tally t;
    t.key = cell({"i", c.hukou_town, it.category, cat ? cat->owner : "?", it.holder, name(oc)});
    t.m[Tally::N] = 1;
    t.m[Tally::OpinionsLate] = it.opinion_late;
    if (!it.final()) {
      t.m[Tally::Open] = 1;
    } else if (it.feedback && oc != Outcome::Merged) {
      t.m[Tally::Answered] = 1;
      t.m[it.feedback->late ? Tally::Late : Tally::OnTime] = 1;
      t.m[Tally::DaysMs] = it.feedback->recorded_at - c.received_at;
    }
    if (oc == Outcome::Granted && it.feedback) {
      ix.grants.emplace_back(it.id, it.feedback->recorded_at);
      if (it.feedback->amount) t.m[Tally::AmountFen] = amount_fen(*it.feedback->amount);
    }
    ix.tallies.push_back(std::move(t));
  }
  ix.keys.assign(keys.begin(), keys.end());
  return ix;
}

void Totals::add(const Tally& t) {
  auto p = parts_of(t.key);
  const int64_t n = t.m[Tally::N];
  if (p.size() == 6 && p[0] == "c") {
    cases += n;
    by["town"][std::string(p[1])] += n;
    by["window"][std::string(p[2])] += n;
    by["channel"][std::string(p[3])] += n;
    by["state"][std::string(p[4])] += n;
    auto urgency = parse_urgency(p[5]);
    if (urgency == Urgency::Emergency) emergencies += n;
    if (urgency == Urgency::Major) majors += n;
  } else if (p.size() == 2 && p[0] == "d") {
    if (n != 0) owing_by_due_day[std::stoll(std::string(p[1]))] += n;
  } else if (p.size() == 6 && p[0] == "i") {
    items += n;
    by["category"][std::string(p[2])] += n;
    by["department"][std::string(p[3])] += n;
    by["holder"][std::string(p[4])] += n;
    by["outcome"][std::string(p[5])] += n;
    open_items += t.m[Tally::Open];
    answered += t.m[Tally::Answered];
    answered_late += t.m[Tally::Late];
    answered_on_time += t.m[Tally::OnTime];
    opinions_late += t.m[Tally::OpinionsLate];
    days_ms += t.m[Tally::DaysMs];
    auto outcome = parse_outcome(p[5]);
    if (outcome == Outcome::Merged) duplicates += n;
    if (outcome == Outcome::Granted) {
      auto& c = granted_by_category[std::string(p[2])];
      c.first += n;
      c.second += t.m[Tally::AmountFen];
      auto& w = granted_by_town[std::string(p[1])];
      w.first += n;
      w.second += t.m[Tally::AmountFen];
    }
  }
}

}  // namespace od
