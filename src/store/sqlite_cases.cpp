// Cases, the index rows they contribute, the event log and the counters.
#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <variant>

#include "store/case_codec.h"
#include "store/event_chain.h"
#include "store/sqlite_tx.h"
#include "store/store_keys.h"
#include "util/failure.h"

namespace od {
namespace json = boost::json;

// ---- the index a case row remembers ------------------------------------------------

std::string encode_index(const CaseIndex& ix) {
  json::object o;
  json::array k, d, s, c, g;
  for (const auto& key : ix.keys) k.push_back(json::value(key));
  for (const auto& x : ix.dues) d.push_back(json::array{json::value(x.kind), json::value(x.unit), json::value(x.item_id), x.since, x.due});
  for (const auto& x : ix.scopes) s.push_back(json::value(x));
  for (const auto& x : ix.tallies) {
    json::array t{json::value(x.key)};
    for (int64_t v : x.m) t.push_back(v);
    c.push_back(std::move(t));
  }
  for (const auto& [item, at] : ix.grants) g.push_back(json::array{json::value(item), at});
  o["k"] = std::move(k);
  o["d"] = std::move(d);
  o["s"] = std::move(s);
  o["c"] = std::move(c);
  o["g"] = std::move(g);
  return json::serialize(o);
}

CaseIndex decode_index(const std::string& text) {
  CaseIndex ix;
  if (text.empty()) return ix;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) fail(OD_ERR_STORAGE, "a case's index record is damaged");
  const json::object& o = v.get_object();
  auto str = [](const json::value& x) { return std::string(x.as_string()); };
  for (const auto& x : o.at("k").as_array()) ix.keys.push_back(str(x));
  for (const auto& x : o.at("d").as_array()) {
    const auto& a = x.as_array();
    ix.dues.push_back({str(a[0]), str(a[1]), str(a[2]), a[3].as_int64(), a[4].as_int64()});
  }
  for (const auto& x : o.at("s").as_array()) ix.scopes.push_back(str(x));
  for (const auto& x : o.at("c").as_array()) {
    const auto& a = x.as_array();
    Tally t;
    t.key = str(a[0]);
    for (size_t i = 0; i < t.m.size() && i + 1 < a.size(); ++i) t.m[i] = a[i + 1].as_int64();
    ix.tallies.push_back(std::move(t));
  }
  for (const auto& x : o.at("g").as_array()) {
    const auto& a = x.as_array();
    ix.grants.emplace_back(str(a[0]), a[1].as_int64());
  }
  return ix;
}

namespace {

std::optional<Millis> earliest_due(const CaseIndex& ix) {
  std::optional<Millis> out;
  for (const auto& d : ix.dues)
    if (!out || d.due < *out) out = d.due;
  return out;
}

// A due row under every scope that lists it.
using DueRowKey = std::tuple<std::string, Millis, std::string, std::string, std::string, Millis>;  // scope, due, item, kind, unit, since
std::set<DueRowKey> due_rows(const CaseIndex& ix) {
  std::set<DueRowKey> out;
  for (const auto& d : ix.dues) {
    for (const auto& s : ix.scopes) out.insert({s, d.due, d.item_id, d.kind, d.unit, d.since});
    out.insert({"o:" + d.unit, d.due, d.item_id, d.kind, d.unit, d.since});
  }
  return out;
}

// One INSERT of many rows (up to kBatchRows a statement; the text is cached per row
// count): the server runs one statement instead of one per row, SQLite steps once.
// Rows must not repeat a conflict key (PostgreSQL refuses to update a row twice in one
// statement).
using SqlValue = std::variant<int64_t, std::string>;
constexpr size_t kBatchRows = 16;
void insert_rows(SqlDb& db, std::string_view head, size_t cols, std::string_view tail, const std::vector<SqlValue>& v) {
  for (size_t start = 0; start < v.size(); start += kBatchRows * cols) {
    const size_t n = std::min(v.size() - start, kBatchRows * cols);
    std::string sql(head);
    sql += " VALUES";
    for (size_t i = 0; i < n; ++i) {
      sql += i % cols == 0 ? (i ? "), (" : "(") : ", ";
      sql += '?' + std::to_string(i + 1);
    }
    sql += ") ";
    sql += tail;
    Statement st = db.prepare(sql);
    for (size_t i = 0; i < n; ++i) {
      const int at = static_cast<int>(i + 1);
      if (const auto* x = std::get_if<int64_t>(&v[start + i])) st.bind(at, *x);
      else st.bind(at, std::get<std::string>(v[start + i]));
    }
    st.send();
  }
}

}  // namespace

void SqliteTx::apply_index_diff(int64_t seq, Millis received_at, const CaseIndex& before, const CaseIndex& after,
                                bool fresh) {
  // keys
  std::set<std::string> kb(before.keys.begin(), before.keys.end()), ka(after.keys.begin(), after.keys.end());
  for (const auto& k : kb)
    if (!ka.count(k)) db_.prepare("DELETE FROM case_keys WHERE key = ?1 AND case_seq = ?2").bind(1, k).bind(2, seq).send();
  json::array added;
  for (const auto& k : ka)
    if (!kb.count(k)) added.push_back(json::value(k));
  if (!added.empty())  // one statement for all of them (a new case has about ten)
    db_.prepare(fresh ? "INSERT INTO case_keys(key, case_seq) SELECT value, ?2 FROM json_each(?1)"
                      : "INSERT OR IGNORE INTO case_keys(key, case_seq) SELECT value, ?2 FROM json_each(?1)")
        .bind(1, json::serialize(added))
        .bind(2, seq)
        .send();

  // obligations, and the per-unit counts under each scope
  auto db = due_rows(before), da = due_rows(after);
  std::map<std::tuple<std::string, std::string, Millis>, int64_t> count_delta;  // scope, unit, due
  for (const auto& r : db) {
    if (da.count(r)) continue;
    const auto& [scope, due, item, kind, unit, since] = r;
    db_.prepare("DELETE FROM dues WHERE scope = ?1 AND due = ?2 AND case_seq = ?3 AND item_id = ?4 AND kind = ?5")
        .bind(1, scope).bind(2, due).bind(3, seq).bind(4, item).bind(5, kind).send();
    if (scope.rfind("o:", 0) != 0) count_delta[{scope, unit, due}] -= 1;
  }
  std::map<std::tuple<std::string, Millis, std::string, std::string>, std::pair<std::string, Millis>> added_dues;
  for (const auto& r : da) {
    if (db.count(r)) continue;
    const auto& [scope, due, item, kind, unit, since] = r;
    added_dues[{scope, due, item, kind}] = {unit, since};  // the last of a key, as one upsert each would leave
    if (scope.rfind("o:", 0) != 0) count_delta[{scope, unit, due}] += 1;
  }
  std::vector<SqlValue> rows;
  for (const auto& [k, v] : added_dues) {
    const auto& [scope, due, item, kind] = k;
    rows.insert(rows.end(), {scope, due, seq, item, kind, v.first, v.second});
  }
  insert_rows(db_, "INSERT INTO dues(scope, due, case_seq, item_id, kind, unit, since)", 7,
              fresh ? ""
                    : "ON CONFLICT(scope, due, case_seq, item_id, kind) DO UPDATE SET unit = excluded.unit, "
                      "since = excluded.since",
              rows);
  rows.clear();
  for (const auto& [key, delta] : count_delta) {
    if (delta == 0) continue;
    const auto& [scope, unit, due] = key;
    rows.insert(rows.end(), {scope, unit, due, delta});
  }
  insert_rows(db_, "INSERT INTO due_counts(scope, unit, due, n)", 4,
              "ON CONFLICT(scope, unit, due) DO UPDATE SET n = due_counts.n + excluded.n", rows);
  for (const auto& [key, delta] : count_delta) {
    if (delta >= 0) continue;
    const auto& [scope, unit, due] = key;
    db_.prepare("DELETE FROM due_counts WHERE scope = ?1 AND unit = ?2 AND due = ?3 AND n = 0")
        .bind(1, scope).bind(2, unit).bind(3, due).send();
  }

  // statistics: what the case counted before comes off, what it counts now goes on,
  // in its received day's and month's cells
  using Cell = std::tuple<std::string, std::string>;  // scope, key
  std::map<Cell, std::array<int64_t, Tally::kMetrics>> roll;
  auto add = [&](const CaseIndex& ix, int64_t sign) {
    for (const auto& s : ix.scopes)
      for (const auto& t : ix.tallies) {
        auto& v = roll[{s, t.key}];
        for (size_t i = 0; i < v.size(); ++i) v[i] += sign * t.m[i];
      }
  };
  add(before, -1);
  add(after, +1);
  const Day day = local_day(received_at);
  int y, mo, dd;
  ymd_from_day(day, y, mo, dd);
  const int64_t periods[2] = {day, static_cast<int64_t>(y) * 12 + mo - 1};
  rows.clear();
  for (const auto& [cell, v] : roll) {
    if (std::all_of(v.begin(), v.end(), [](int64_t x) { return x == 0; })) continue;
    const auto& [scope, key] = cell;
    for (int level = 0; level < 2; ++level) {
      rows.insert(rows.end(), {scope, int64_t{level}, periods[level], key});
      rows.insert(rows.end(), v.begin(), v.end());
    }
  }
  insert_rows(db_,
              "INSERT INTO rollup(scope, level, period, key, n, open, answered, late, on_time, opinions_late, days_ms, "
              "amount_fen)",
              4 + Tally::kMetrics,
              "ON CONFLICT(scope, level, period, key) DO UPDATE SET n = rollup.n + excluded.n, "
              "open = rollup.open + excluded.open, answered = rollup.answered + excluded.answered, "
              "late = rollup.late + excluded.late, on_time = rollup.on_time + excluded.on_time, "
              "opinions_late = rollup.opinions_late + excluded.opinions_late, days_ms = rollup.days_ms + excluded.days_ms, "
              "amount_fen = rollup.amount_fen + excluded.amount_fen",
              rows);
  // A cell that a tally left may now count nothing (every tally adds 1 to N): dropped, so
  // that cells a case passes through (an owing item's due day, a state) do not pile up
  // in every month's rollup and slow every `stats` over it.
  for (const auto& [cell, v] : roll) {
    const auto& [scope, key] = cell;
    if (v[Tally::N] >= 0) continue;
    db_.prepare("DELETE FROM rollup WHERE scope = ?1 AND key = ?2 AND n = 0 AND ((level = 0 AND period = ?3) OR "
                "(level = 1 AND period = ?4))")
        .bind(1, scope).bind(2, key).bind(3, periods[0]).bind(4, periods[1])
        .send();
  }

  // granted items, under the district and the applicant's town
  auto grants = [](const CaseIndex& ix) {
    std::set<std::tuple<std::string, Millis, std::string>> out;  // scope, at, item
    for (const auto& [item, at] : ix.grants) {
      out.insert({"*", at, item});
      for (const auto& k : ix.keys)
        if (k.rfind("t:", 0) == 0) out.insert({k, at, item});
    }
    return out;
  };
  auto gb = grants(before), ga = grants(after);
  for (const auto& [scope, at, item] : gb)
    if (!ga.count({scope, at, item}))
      db_.prepare("DELETE FROM grants WHERE scope = ?1 AND at = ?2 AND case_seq = ?3 AND item_id = ?4")
          .bind(1, scope).bind(2, at).bind(3, seq).bind(4, item).send();
  for (const auto& [scope, at, item] : ga)
    if (!gb.count({scope, at, item}))
      db_.prepare("INSERT OR IGNORE INTO grants(scope, at, case_seq, item_id) VALUES(?1, ?2, ?3, ?4)")
          .bind(1, scope).bind(2, at).bind(3, seq).bind(4, item).send();
}

// ---- cases ---------------------------------------------------------------------------

int64_t SqliteTx::next_counter(const std::string& name) {
  Statement s = db_.prepare(
      "INSERT INTO counters(name, value) VALUES(?1, 1) ON CONFLICT(name) DO UPDATE SET value = counters.value + 1 "
      "RETURNING value");
  s.bind(1, name);
  if (!s.step()) fail(OD_ERR_STORAGE, "counter " + name);
  return s.int64(0);
}

int64_t SqliteTx::next_case_seq() {
  if (db_.locks_for_writes()) {
    // other processes write too: the number comes from a counters row, locked until
    // this transaction ends (gapless: a rollback gives it back)
    Statement s = db_.prepare(
        "INSERT INTO counters(name, value) SELECT 'cases.seq', COALESCE(MAX(seq), 0) + 1 FROM cases "
        "ON CONFLICT(name) DO UPDATE SET value = counters.value + 1 RETURNING value");
    if (!s.step()) fail(OD_ERR_STORAGE, "counter cases.seq");
    last_event_[s.int64(0)] = {0, std::string()};  // a new case has no events yet
    return s.int64(0);
  }
  Statement s = db_.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM cases");
  s.step();
  last_event_[s.int64(0)] = {0, std::string()};
  return s.int64(0);
}

// The items' rows (duplicate detection reads them): only the rows that changed.
void SqliteTx::write_items(const Case& c, const CaseIndex& ix, bool fresh) {
  struct Row {
    std::string category, state, outcome, holder;
    std::optional<std::string> due_kind;
    std::optional<Millis> due_at, valid_until;
    bool operator==(const Row&) const = default;
  };
  std::map<std::string, Row> now;
  for (const Item& it : c.items)
    now[it.id] = {it.category, name(it.state), name(it.feedback ? it.feedback->outcome : Outcome::None), it.holder,
                  std::nullopt, std::nullopt, it.valid_until};
  for (const auto& d : ix.dues) {
    auto r = now.find(d.item_id);
    if (r != now.end() && (!r->second.due_at || d.due < *r->second.due_at)) {
      r->second.due_at = d.due;
      r->second.due_kind = d.kind;
    }
  }
  std::map<std::string, Row> old;
  if (!fresh) {
    Statement s = db_.prepare(
        "SELECT id, category, state, outcome, holder, due_kind, due_at, valid_until FROM items WHERE case_seq = ?1");
    s.bind(1, c.seq);
    while (s.step()) {
      Row r{s.text(1), s.text(2), s.text(3), s.text(4), std::nullopt, s.opt_int64(6), s.opt_int64(7)};
      if (!s.is_null(5)) r.due_kind = s.text(5);
      old[s.text(0)] = std::move(r);
    }
  }
  for (const auto& [id, r] : now) {
    auto o = old.find(id);
    if (o != old.end() && o->second == r) continue;
    Statement s = db_.prepare(
        "INSERT INTO items(case_seq, id, case_id, category, state, outcome, holder, due_kind, due_at, valid_until) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(case_seq, id) DO UPDATE SET "
        "case_id = excluded.case_id, category = excluded.category, state = excluded.state, outcome = excluded.outcome, "
        "holder = excluded.holder, due_kind = excluded.due_kind, due_at = excluded.due_at, "
        "valid_until = excluded.valid_until");
    s.bind(1, c.seq).bind(2, id).bind(3, c.id).bind(4, r.category).bind(5, r.state).bind(6, r.outcome).bind(7, r.holder);
    if (r.due_kind) s.bind(8, *r.due_kind);
    else s.bind_null(8);
    s.bind(9, r.due_at).bind(10, r.valid_until);
    s.send();
  }
}

void SqliteTx::insert_case(const Case& c) {
  CaseIndex ix = indexer_(c);
  apply_index_diff(c.seq, c.received_at, CaseIndex{}, ix, true);
  write_items(c, ix, true);
  Statement s = db_.prepare(
      "INSERT INTO cases(seq, id, state, window, town, applicant_id, received_at, closed_at, doc, due_at, idx) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  s.bind(1, c.seq).bind(2, c.id).bind(3, name(c.state)).bind(4, c.window).bind(5, c.hukou_town);
  s.bind(6, c.applicant.id_number).bind(7, c.received_at).bind(8, c.closed_at);
  s.bind(9, encode_case(c)).bind(10, earliest_due(ix)).bind(11, encode_index(ix));
  s.send();
  if (!c.idempotency_key.empty()) remember_idempotency_key(c.window, c.idempotency_key, c.seq);
}

void SqliteTx::update_case(const Case& c) {
  std::string old_idx;
  {
    Statement s = db_.prepare("SELECT idx FROM cases WHERE seq = ?1 AND id = ?2");
    s.bind(1, c.seq).bind(2, c.id);
    if (!s.step()) fail(OD_ERR_NOT_FOUND, "case " + c.id + " not found", "case_id");
    old_idx = s.text(0);
  }
  CaseIndex ix = indexer_(c);
  // the index rows first: once the case row says archived, triggers freeze them
  apply_index_diff(c.seq, c.received_at, decode_index(old_idx), ix);
  write_items(c, ix, false);
  Statement s = db_.prepare("UPDATE cases SET state = ?2, closed_at = ?3, doc = ?4, due_at = ?5, idx = ?6 WHERE seq = ?1");
  s.bind(1, c.seq).bind(2, name(c.state)).bind(3, c.closed_at).bind(4, encode_case(c)).bind(5, earliest_due(ix));
  s.bind(6, encode_index(ix));
  s.send();
}

void SqliteTx::reindex_case(int64_t seq) {
  Statement s = db_.prepare("SELECT doc, idx FROM cases WHERE seq = ?1");
  s.bind(1, seq);
  if (!s.step()) return;
  Case c = decode_case(s.text(0));
  std::string old_idx = s.text(1);
  CaseIndex ix = indexer_(c);
  apply_index_diff(seq, c.received_at, decode_index(old_idx), ix);
  db_.prepare("UPDATE cases SET idx = ?2 WHERE seq = ?1").bind(1, seq).bind(2, encode_index(ix)).send();
  if (c.state != CaseState::Archived) {
    write_items(c, ix, false);
    db_.prepare("UPDATE cases SET due_at = ?2 WHERE seq = ?1").bind(1, seq).bind(2, earliest_due(ix)).send();
  }
}

void SqliteTx::reindex_cases(bool owing_only) {
  Statement s = db_.prepare(owing_only ? "SELECT seq FROM cases WHERE due_at IS NOT NULL ORDER BY seq"
                                       : "SELECT seq FROM cases ORDER BY seq");
  std::vector<int64_t> seqs;
  while (s.step()) seqs.push_back(s.int64(0));
  for (int64_t seq : seqs) reindex_case(seq);
}

std::optional<Case> SqliteTx::find_case(const std::string& id) {
  // a writer beside other processes locks the case it read until it commits: what it
  // writes back was computed from the newest version (no lost update)
  Statement s = db_.prepare(db_.locks_for_writes() ? "SELECT doc FROM cases WHERE seq = ?1 AND id = ?2 FOR UPDATE"
                                                   : "SELECT doc FROM cases WHERE seq = ?1 AND id = ?2");
  s.bind(1, seq_of_case_id(id)).bind(2, id);
  if (!s.step()) return std::nullopt;
  return decode_case(s.text(0));
}

namespace {
// The row key: the window and the key, apart by a character no unit id has. Rows written
// before keys were per window hold the bare key; they are still found (second).
std::string window_key(const std::string& window, const std::string& key) { return window + '\x1f' + key; }
}  // namespace

void SqliteTx::remember_idempotency_key(const std::string& window, const std::string& key, int64_t case_seq) {
  db_.prepare("INSERT INTO idempotency(key, case_seq) VALUES(?1, ?2)")
      .bind(1, window_key(window, key))
      .bind(2, case_seq)
      .send();
}

std::optional<std::string> SqliteTx::case_by_idempotency_key(const std::string& window, const std::string& key) {
  for (const std::string& k : {window_key(window, key), key}) {
    Statement s = db_.prepare("SELECT c.id FROM idempotency k JOIN cases c ON c.seq = k.case_seq WHERE k.key = ?1");
    s.bind(1, k);
    if (s.step()) return s.text(0);
  }
  return std::nullopt;
}

std::vector<SubjectItem> SqliteTx::items_of_people(const std::vector<std::string>& id_numbers) {
  if (id_numbers.empty()) return {};
  // Duplicate detection beside other processes: one writer per person at a time, so two
  // applications of the same person cannot both find no live item (the lock is held
  // until commit; in READ COMMITTED the reads below then see what the last holder wrote).
  // The locks go in the same round trip as the read. The keys are parameters of their
  // own (a statement per count of people): a set-returning function of one parameter
  // left PostgreSQL's one generic plan guessing 100 people, and it hashed the whole
  // items table.
  std::vector<std::string> keys;
  std::string in;
  for (const auto& id : id_numbers) {
    if (db_.locks_for_writes()) db_.prepare("SELECT pg_advisory_xact_lock(1, hashtext(?1))").bind(1, id).send();
    keys.push_back("p:" + id);
    in += (in.empty() ? "?" : ", ?") + std::to_string(keys.size());
  }
  Statement s = db_.prepare(
      "SELECT i.case_id, i.id, i.category, i.state, i.outcome, i.valid_until, c.applicant_id, k.key "
      "FROM case_keys k JOIN items i ON i.case_seq = k.case_seq JOIN cases c ON c.seq = k.case_seq "
      "WHERE k.key IN (" + in + ") ORDER BY k.key, k.case_seq, i.id");
  for (size_t i = 0; i < keys.size(); ++i) s.bind(static_cast<int>(i + 1), keys[i]);
  std::map<std::string, std::vector<SubjectItem>> by_key;
  while (s.step())
    by_key[s.text(7)].push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.opt_int64(5), s.text(6)});
  std::vector<SubjectItem> out;
  for (const auto& key : keys) {
    auto it = by_key.find(key);
    if (it == by_key.end()) continue;
    out.insert(out.end(), it->second.begin(), it->second.end());
    by_key.erase(it);  // a person named twice in one request: their items once
  }
  return out;
}

// ---- events --------------------------------------------------------------------------

void SqliteTx::append_event(const EventRow& e) {
  int64_t case_seq = seq_of_case_id(e.case_id);
  auto last = last_event_.find(case_seq);
  if (last == last_event_.end()) {
    Statement s = db_.prepare("SELECT n, hash FROM events WHERE case_seq = ?1 ORDER BY n DESC LIMIT 1");
    s.bind(1, case_seq);
    last = last_event_.emplace(case_seq, s.step() ? std::pair(s.int64(0), s.text(1)) : std::pair(int64_t{0}, std::string()))
               .first;
  }
  EventRow row = e;
  row.seq = last->second.first + 1;
  row.hash = event_hash(last->second.second, row);
  if (!chain_head_) {
    // the district chain is one sequence over all processes: one appender at a time
    // (SQLite: the write lock; PostgreSQL: the group took the district lock at BEGIN,
    // pg_store.cpp), so its head is this writer's to know until the commit
    chain_head_ = district_head();
  }
  Statement s = db_.prepare(
      "INSERT INTO events(case_seq, n, case_id, item_id, type, at, actor, before, after, data, hash) "
      "VALUES(?9, ?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?11)");
  s.bind(1, row.case_id).bind(2, row.item_id).bind(3, row.type).bind(4, row.at).bind(5, row.actor_json);
  s.bind(6, row.before).bind(7, row.after).bind(8, row.data_json).bind(9, case_seq).bind(10, row.seq).bind(11, row.hash);
  s.send();
  // seq spelled out (what SQLite's rowid would be): a server's sequence would leave gaps
  // where a transaction rolled back, and the integrity check reads a gap as a lost link
  std::string head = district_link(*chain_head_, row.case_id, row.seq, row.hash);
  Statement link = db_.prepare(
      "INSERT INTO event_chain(seq, case_seq, n, head) "
      "VALUES((SELECT COALESCE(MAX(seq), 0) + 1 FROM event_chain), ?1, ?2, ?3)");
  link.bind(1, case_seq).bind(2, row.seq).bind(3, head).send();
  chain_head_ = std::move(head);
  last->second = {row.seq, row.hash};
  if (row.type == "archived") {
    Statement seal = db_.prepare("INSERT INTO case_seals(case_seq, n, hash) VALUES(?1, ?2, ?3)");
    seal.bind(1, case_seq).bind(2, row.seq).bind(3, row.hash).send();
  }
}

std::vector<EventRow> SqliteTx::events_of_case(const std::string& case_id) {
  Statement s = db_.prepare(
      "SELECT n, case_id, item_id, type, at, actor, before, after, data, hash FROM events WHERE case_seq = ?1 "
      "ORDER BY n");
  s.bind(1, seq_of_case_id(case_id));
  std::vector<EventRow> out;
  while (s.step())
    out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.int64(4), s.text(5), s.text(6), s.text(7), s.text(8),
                   s.text(9)});
  return out;
}

}  // namespace od
