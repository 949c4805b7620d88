// Cases for the storage codec's tests, built field by field (never through a JSON view):
// one fixed case that sets every field the stored document carries, and random cases in
// every case and item state. Synthetic residents only (bench/synthetic.h).
#pragma once
#include <random>
#include <string>
#include <tuple>

#include "domain/case.h"
#include "synthetic.h"

namespace od {

// ---- equality over every field (the domain structs declare none) ----------------------
inline auto fields(const Person& p) { return std::tie(p.name, p.id_number, p.relation); }
inline auto fields(const Notice& n) {
  return std::tie(n.number, n.type, n.sender, n.receiver, n.issued_at, n.opinion_due, n.complete_due,
                  n.acknowledged_at, n.note, n.officer, n.handler);
}
inline auto fields(const Pause& p) { return std::tie(p.from, p.to, p.what); }
inline auto fields(const EmergencyGrant& g) {
  return std::tie(g.granted_at, g.unit, g.measures, g.amount, g.paperwork_due, g.paperwork_done_at, g.paperwork_note);
}
inline auto fields(const DecisionRequest& d) {
  return std::tie(d.requested_at, d.from_unit, d.to, d.question, d.due, d.decided_at, d.decision);
}
inline auto fields(const Feedback& f) {
  return std::tie(f.outcome, f.unit, f.measures, f.amount, f.signer, f.seal, f.told_at, f.channel, f.reported_to,
                  f.note, f.recorded_at, f.officer, f.handler, f.late);
}
inline auto fields(const Cooperation& k) {
  return std::tie(k.number, k.from, k.to, k.question, k.requested_at, k.due, k.officer, k.answered_at, k.answer,
                  k.answered_by);
}
inline auto fields(const Offer& f) { return std::tie(f.org, f.declined, f.text, f.at, f.officer, f.accepted_at); }
inline auto fields(const Broadcast& b) { return std::tie(b.number, b.window, b.text, b.to, b.at, b.officer, b.offers); }
inline auto fields(const Item& it) {
  return std::tie(it.id, it.category, it.state, it.resume_state, it.holder, it.since, it.notices, it.opinion_at,
                  it.opinion, it.opinion_late, it.pauses, it.emergency, it.decision, it.feedback, it.valid_until,
                  it.linked_case, it.linked_item, it.override_reason, it.handler, it.cooperations, it.broadcasts);
}
inline auto fields(const Case& c) {
  return std::tie(c.id, c.seq, c.state, c.channel, c.urgency, c.window, c.received_at, c.first_officer, c.committee,
                  c.applicant, c.phone, c.hukou_town, c.address, c.household, c.hardship, c.items, c.units,
                  c.reported_at, c.reply, c.closed_at, c.archived_at, c.archive_summary, c.idempotency_key);
}
inline bool operator==(const Person& a, const Person& b) { return fields(a) == fields(b); }
inline bool operator==(const Notice& a, const Notice& b) { return fields(a) == fields(b); }
inline bool operator==(const Pause& a, const Pause& b) { return fields(a) == fields(b); }
inline bool operator==(const EmergencyGrant& a, const EmergencyGrant& b) { return fields(a) == fields(b); }
inline bool operator==(const DecisionRequest& a, const DecisionRequest& b) { return fields(a) == fields(b); }
inline bool operator==(const Feedback& a, const Feedback& b) { return fields(a) == fields(b); }
inline bool operator==(const Cooperation& a, const Cooperation& b) { return fields(a) == fields(b); }
inline bool operator==(const Offer& a, const Offer& b) { return fields(a) == fields(b); }
inline bool operator==(const Broadcast& a, const Broadcast& b) { return fields(a) == fields(b); }
inline bool operator==(const Item& a, const Item& b) { return fields(a) == fields(b); }
inline bool operator==(const Case& a, const Case& b) { return fields(a) == fields(b); }

namespace samples {

inline std::string id_number(unsigned long n) {
  char id[19];
  od_synthetic_id(n, id);
  return id;
}
inline std::string person_name(unsigned long n) {
  char name[32];
  od_synthetic_name(n, name, sizeof name);
  return name;
}

constexpr Millis kT0 = 1767229200000;  // 2026-01-01T09:00:00+08:00

// Every field set at least once, across three items; text with quotes, a backslash, a
// newline and CJK characters, whole and fractional amounts.
inline Case golden_case() {
  Case c;
  c.id = "GL-2026-000042";
  c.seq = 42;
  c.state = CaseState::Archived;
  c.channel = Channel::Committee;
  c.urgency = Urgency::Emergency;
  c.window = "town.gulou";
  c.received_at = kT0;
  c.first_officer = "G-007";
  c.committee = "committee.gulou.dongjie";
  c.applicant = {person_name(11), id_number(11), ""};
  c.phone = "13800000000";
  c.hukou_town = "gulou";
  c.address = "东街 \"3号\" 楼\\2单元\n101";
  c.household = {{person_name(12), id_number(12), "spouse"}, {person_name(13), id_number(13), "child"}};
  c.hardship = "因病致贫";
  c.units = {"district", "dept.civil", "town.gulou", "town.gulou.office"};
  c.reported_at = kT0 + 3'600'000;
  c.reply = "已告知办理渠道";
  c.closed_at = kT0 + 30 * kMsPerDay;
  c.archived_at = kT0 + 31 * kMsPerDay;
  c.archive_summary = "三项均已答复";
  c.idempotency_key = "key-42";

  Item a;  // distributed, answered with an emergency grant, a pause and a decision
  a.id = c.id + "-1";
  a.category = "dibao";
  a.state = ItemState::Answered;
  a.holder = "town.gulou.office";
  a.since = kT0 + 60'000;
  a.notices.push_back({"DST-2026-000001", NoticeType::Distribute, "town.gulou", "town.gulou.office", kT0 + 60'000,
                       kT0 + 5 * kMsPerDay, kT0 + 20 * kMsPerDay, kT0 + 120'000, "请尽快办理", "G-007", "H-1"});
  a.opinion_at = kT0 + 2 * kMsPerDay;
  a.opinion = "符合条件";
  a.opinion_late = true;
  a.pauses = {{kT0 + 3 * kMsPerDay, kT0 + 4 * kMsPerDay, "收入证明"}, {kT0 + 6 * kMsPerDay, std::nullopt, ""}};
  a.emergency = EmergencyGrant{kT0 + 1000, "town.gulou.office", "临时救助", 800.0, kT0 + 10 * kMsPerDay,
                               kT0 + 9 * kMsPerDay, "补齐材料"};
  a.decision = DecisionRequest{kT0 + 7 * kMsPerDay, "town.gulou.office", "town.gulou", "是否纳入低保",
                               kT0 + 12 * kMsPerDay, kT0 + 8 * kMsPerDay, "同意"};
  Feedback f;
  f.outcome = Outcome::Granted;
  f.unit = "town.gulou.office";
  f.measures = "按月发放";
  f.amount = 612.5;
  f.signer = "王主任";
  f.seal = "公章";
  f.told_at = kT0 + 15 * kMsPerDay;
  f.channel = TellChannel::Phone;
  f.reported_to = "town.gulou";
  f.note = "首次";
  f.recorded_at = kT0 + 15 * kMsPerDay + 5000;
  f.officer = "H-2";
  f.handler = "H-1";
  f.late = true;
  a.feedback = f;
  a.valid_until = kT0 + 365 * kMsPerDay;
  a.override_reason = "户籍迁入，非重复";
  a.handler = "H-1";
  a.cooperations.push_back({"COO-2026-000001", "town.gulou.office", "health", "是否重病", kT0 + 2 * kMsPerDay,
                            kT0 + 7 * kMsPerDay, "H-1", kT0 + 3 * kMsPerDay, "确诊", "Y-9"});
  a.cooperations.push_back({"COO-2026-000002", "town.gulou.office", "justice", "有无诉讼", kT0 + 2 * kMsPerDay,
                            kT0 + 7 * kMsPerDay, "", std::nullopt, "", ""});
  a.broadcasts.push_back({"HLP-2026-000001", "town.gulou", "某户 需 助学", {"org.redcross", "org.charity"},
                          kT0 + 4 * kMsPerDay, "G-007",
                          {{"org.redcross", false, "助学金 2000 元", kT0 + 5 * kMsPerDay, "R-1", kT0 + 6 * kMsPerDay},
                           {"org.charity", true, "不在服务范围", kT0 + 5 * kMsPerDay, "", std::nullopt}}});
  c.items.push_back(a);

  Item b;  // transferred, refused, nothing optional beyond the feedback
  b.id = c.id + "-2";
  b.category = "medical";
  b.state = ItemState::Answered;
  b.holder = "dept.civil";
  b.since = kT0 + 90'000;
  b.notices.push_back({"TRF-2026-000003", NoticeType::Transfer, "town.gulou", "dept.civil", kT0 + 90'000,
                       kT0 + 5 * kMsPerDay, std::nullopt, std::nullopt, "", "", ""});
  Feedback g;
  g.outcome = Outcome::Refused;
  g.unit = "dept.civil";
  g.amount = 300.0;
  g.recorded_at = kT0 + 10 * kMsPerDay;
  b.feedback = g;
  c.items.push_back(b);

  Item m;  // merged into another case, waiting for material
  m.id = c.id + "-3";
  m.category = "temporary";
  m.state = ItemState::AwaitingMaterial;
  m.resume_state = ItemState::Notified;
  m.holder = "town.gulou";
  m.since = kT0;
  m.linked_case = "GL-2025-000007";
  m.linked_item = "GL-2025-000007-1";
  c.items.push_back(m);
  return c;
}

// A random case in any case state, its items in any item state, optional parts present
// or not. resume_state is only kept while an item waits (awaiting material or a
// decision): elsewhere it is not stored, so the generator leaves it at its default.
inline Case random_case(std::mt19937_64& rng, unsigned long n) {
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned long>(k)); };
  auto coin = [&] { return rng() % 2 == 0; };
  auto when = [&] { return kT0 - 400 * kMsPerDay + static_cast<Millis>(rng() % (800ULL * kMsPerDay)); };
  auto maybe_when = [&]() -> std::optional<Millis> { return coin() ? std::optional<Millis>(when()) : std::nullopt; };
  auto text = [&] {
    static const char* pool[] = {"", "符合条件", "a \"quoted\" word", "back\\slash", "line\nbreak", "tab\there",
                                 "按月发放", "ctl\x01", "emoji \xF0\x9F\x98\x80"};
    return std::string(pool[pick(9)]);
  };
  // Money as the API takes it: yuan and fen up to 1e9 (handling_ops.cpp's bound). Boost.JSON
  // before 1.83 parses 16-17 digit numbers to within one ulp only, so a computed amount
  // such as 1/61 may not read back bit for bit; no request can carry one in fewer digits.
  auto amount = [&]() -> std::optional<double> {
    switch (pick(4)) {
      case 0: return std::nullopt;
      case 1: return static_cast<double>(pick(5000));
      case 2: return pick(500000) / 100.0;
      default: return static_cast<double>(rng() % 100'000'000'001ULL) / 100.0;
    }
  };
  static const CaseState kCaseStates[] = {CaseState::Open, CaseState::Closed, CaseState::Archived};
  static const ItemState kItemStates[] = {ItemState::AtWindow, ItemState::Notified, ItemState::Handling,
                                          ItemState::AwaitingMaterial, ItemState::AwaitingDecision,
                                          ItemState::Answered};
  static const NoticeType kTypes[] = {NoticeType::Distribute, NoticeType::Forward, NoticeType::HandOver,
                                      NoticeType::Transfer, NoticeType::Refer};
  static const Outcome kOutcomes[] = {Outcome::None, Outcome::Granted, Outcome::Refused,
                                      Outcome::Referred, Outcome::Withdrawn, Outcome::Merged};

  Case c;
  c.id = "RC-2026-" + std::to_string(100000 + n);
  c.seq = static_cast<int64_t>(n) + 1;
  c.state = kCaseStates[pick(3)];
  c.channel = coin() ? Channel::InPerson : Channel::Inquiry;
  c.urgency = coin() ? Urgency::Normal : Urgency::Major;
  c.window = coin() ? "district" : "town.huxi";
  c.received_at = when();
  c.first_officer = coin() ? "B-1" : "";
  c.committee = coin() ? "" : "committee.huxi.1";
  c.applicant = {person_name(n), id_number(3 * n), ""};
  c.phone = coin() ? "" : "13900000001";
  c.hukou_town = coin() ? "huxi" : "";
  c.address = text();
  for (int k = pick(4); k > 0; --k)
    c.household.push_back({person_name(n + 7 * k), id_number(3 * n + k), coin() ? "child" : ""});
  c.hardship = text();
  for (int k = pick(4); k > 0; --k) c.units.insert("unit." + std::to_string(pick(10)));
  c.reported_at = maybe_when();
  c.reply = text();
  c.closed_at = maybe_when();
  c.archived_at = maybe_when();
  c.archive_summary = text();
  c.idempotency_key = coin() ? "" : "k" + std::to_string(rng());

  for (int i = pick(4); i >= 0; --i) {
    Item it;
    it.id = c.id + "-" + std::to_string(c.items.size() + 1);
    it.category = coin() ? "dibao" : "housing";
    it.state = kItemStates[pick(6)];
    if (it.state == ItemState::AwaitingMaterial || it.state == ItemState::AwaitingDecision)
      it.resume_state = kItemStates[pick(6)];
    it.holder = coin() ? "dept.civil" : "";
    it.since = when();
    for (int k = pick(3); k > 0; --k)
      it.notices.push_back({"N-" + std::to_string(k), kTypes[pick(5)], "town.huxi", "dept.civil", when(), when(),
                            maybe_when(), maybe_when(), text(), text(), text()});
    it.opinion_at = maybe_when();
    it.opinion = text();
    it.opinion_late = coin();
    for (int k = pick(3); k > 0; --k) it.pauses.push_back({when(), maybe_when(), text()});
    if (coin()) it.emergency = EmergencyGrant{when(), "dept.civil", text(), amount(), when(), maybe_when(), text()};
    if (coin()) it.decision = DecisionRequest{when(), "dept.civil", text(), text(), when(), maybe_when(), text()};
    if (coin()) {
      Feedback f;
      f.outcome = kOutcomes[pick(6)];
      f.unit = "dept.civil";
      f.measures = text();
      f.amount = amount();
      f.signer = text();
      f.seal = text();
      f.told_at = coin() ? when() : 0;
      if (coin()) f.channel = coin() ? TellChannel::Letter : TellChannel::Online;
      f.reported_to = text();
      f.note = text();
      f.recorded_at = when();
      f.officer = text();
      f.handler = text();
      f.late = coin();
      it.feedback = f;
    }
    it.valid_until = maybe_when();
    it.linked_case = coin() ? "" : "RC-2026-000001";
    it.linked_item = coin() ? "" : "RC-2026-000001-1";
    it.override_reason = text();
    it.handler = text();
    for (int k = pick(3); k > 0; --k)
      it.cooperations.push_back({"COO-" + std::to_string(k), "dept.civil", "health", text(), when(), when(), text(),
                                 maybe_when(), text(), text()});
    for (int k = pick(3); k > 0; --k) {
      Broadcast b{"HLP-" + std::to_string(k), "town.huxi", text(), {}, when(), text(), {}};
      for (int t = pick(3); t > 0; --t) b.to.push_back("org." + std::to_string(t));
      for (int t = pick(3); t > 0; --t) b.offers.push_back({"org." + std::to_string(t), coin(), text(), when(), text(), maybe_when()});
      it.broadcasts.push_back(b);
    }
    c.items.push_back(it);
  }
  return c;
}

}  // namespace samples
}  // namespace od
