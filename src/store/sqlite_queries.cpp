// The queries: each walks an index in its order and stops after a page, so that no
// call's cost grows with the number of cases the district has ever had.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "store/case_codec.h"
#include "store/sqlite_tx.h"
#include "util/failure.h"

namespace od {
namespace {

// Rows a list call examines at most before it returns what it has with a cursor.
constexpr int kMaxWalk = 4096;

// The cursor of a due or grant page: "<instant>|<case seq>|<item id>|<kind>".
struct Cursor {
  Millis at = INT64_MIN;
  int64_t seq = 0;
  std::string item, kind;
};
std::string encode_cursor(Millis at, int64_t seq, const std::string& item, const std::string& kind) {
  return std::to_string(at) + "|" + std::to_string(seq) + "|" + item + "|" + kind;
}
Cursor decode_cursor(const std::string& text, const char* field) {
  Cursor c;
  if (text.empty()) return c;
  auto bad = [&] { invalid(field, "is not a cursor this list returned"); };
  size_t a = text.find('|'), b = a == std::string::npos ? a : text.find('|', a + 1),
         k = b == std::string::npos ? b : text.find('|', b + 1);
  if (k == std::string::npos) bad();
  char* end = nullptr;
  c.at = std::strtoll(text.c_str(), &end, 10);
  if (end != text.c_str() + a) bad();
  c.seq = std::strtoll(text.c_str() + a + 1, &end, 10);
  if (end != text.c_str() + b) bad();
  c.item = text.substr(b + 1, k - b - 1);
  c.kind = text.substr(k + 1);
  return c;
}

}  // namespace

CasePage SqliteTx::list_cases(const CaseQuery& q) {
  // Every filter that is a key; the most selective one drives the walk (a person has a
  // handful of cases; open and overdue cases are few; a category or a granted outcome
  // covers much of the district), the others are point lookups of each row walked.
  std::vector<std::string> keys;
  auto add = [&](const std::optional<std::string>& v, const char* prefix) {
    if (v) keys.push_back(prefix + *v);
  };
  add(q.person, "p:");
  if (q.overdue_at || q.owing) keys.push_back("d:");
  if (q.state && *q.state != "archived") add(q.state, "s:");
  if (q.outcome && *q.outcome != "granted") add(q.outcome, "o:");
  add(q.window, "w:");
  add(q.unit, "u:");
  add(q.town, "t:");
  add(q.visible_to, "u:");
  add(q.category, "c:");
  if (q.state && *q.state == "archived") add(q.state, "s:");
  if (q.outcome && *q.outcome == "granted") add(q.outcome, "o:");

  // One statement walks the driving key in seq order and brings, per row, whether the
  // other keys hold too and, only then, the case's columns: a round trip per chunk on
  // PostgreSQL, where a point lookup per row was one each (a 50-case page, 3.6 ms).
  // PostgreSQL also computes a statement's whole result before the first row arrives
  // (without a bound: a town's every case, each call), so the walk goes in chunks, the
  // first as long as a page, each next one twice as long.
  // The columns: the seq walked, received_at, due_at, and the document only where every
  // other key holds too (NULL where one does not, or where no case row is).
  std::string sql;
  if (keys.empty()) {
    sql = "SELECT c.seq, c.received_at, c.due_at, c.doc FROM cases c WHERE c.seq > ?1 ORDER BY c.seq LIMIT ?2";
  } else {
    // each other key is a point lookup per row walked, written as a scalar subquery
    // (one row at most: the key's primary key): PostgreSQL may answer an EXISTS by
    // hashing every row of its key first (a generic plan did, 16,639 rows for a town
    // office at 100k cases, 18 ms a call), a scalar subquery never
    std::string all = "1 = 1";
    for (size_t i = 1; i < keys.size(); ++i)
      all += " AND (SELECT 1 FROM case_keys x WHERE x.key = ?" + std::to_string(i + 3) +
             " AND x.case_seq = k.case_seq) IS NOT NULL";
    sql = "SELECT k.case_seq, c.received_at, c.due_at, CASE WHEN " + all + " THEN c.doc END "
          "FROM case_keys k LEFT JOIN cases c ON c.seq = k.case_seq "
          "WHERE k.key = ?3 AND k.case_seq > ?1 ORDER BY k.case_seq LIMIT ?2";
  }

  CasePage page;
  int walked = 0;
  int64_t last = q.after;
  auto consider = [&](Statement& s) -> bool {  // false: stop
    last = s.int64(0);
    if (s.is_null(3)) return ++walked < kMaxWalk;  // another key does not hold, or no case row
    Millis received = s.int64(1);
    bool match = (!q.received_from || received >= *q.received_from) && (!q.received_to || received < *q.received_to) &&
                 (!q.overdue_at || (!s.is_null(2) && s.int64(2) < *q.overdue_at));
    if (match) page.cases.push_back(decode_case(s.text(3)));
    if (static_cast<int64_t>(page.cases.size()) >= q.limit) return false;
    return ++walked < kMaxWalk;
  };
  // each chunk asks for one row more than it considers: that row says whether the walk
  // stopped with more behind it, or where the next chunk goes on
  int64_t want = std::clamp<int64_t>(q.limit, 1, kMaxWalk);  // a limit below 1 (no caller passes one) would never advance
  bool more = false;
  for (;;) {
    Statement s = db_.prepare(sql);
    s.bind(1, last).bind(2, want + 1);
    for (size_t i = 0; i < keys.size(); ++i) s.bind(static_cast<int>(i + 3), keys[i]);
    int64_t rows = 0;
    bool stop = false;
    while (!stop && rows < want && s.step()) ++rows, stop = !consider(s);
    if (stop) {
      more = s.step();
      break;
    }
    if (rows < want || !s.step()) break;  // the driving key has no more rows
    want = std::min<int64_t>(want * 2, kMaxWalk - walked);  // never past the walk's bound
  }
  if (more) page.next = last;
  return page;
}

DuePage SqliteTx::list_due(const DueQuery& q) {
  DuePage page;
  const std::string scope = q.unit ? "o:" + *q.unit : q.visible_to.value_or("*");
  const bool probe_visibility = q.unit && q.visible_to;
  Cursor from = decode_cursor(q.after, "after");
  Statement s = db_.prepare(
      "SELECT d.due, d.case_seq, d.item_id, d.kind, d.unit, d.since, c.id FROM dues d JOIN cases c ON c.seq = d.case_seq "
      "WHERE d.scope = ?1 AND (d.due, d.case_seq, d.item_id, d.kind) > (?2, ?3, ?4, ?5) AND d.due < ?6 "
      "ORDER BY d.due, d.case_seq, d.item_id, d.kind LIMIT ?7");
  s.bind(1, scope).bind(2, from.at).bind(3, from.seq).bind(4, from.item).bind(5, from.kind);
  s.bind(6, q.overdue_only ? q.at : INT64_MAX);
  // as in list_cases: the rows the loop below can use, a page (or the walk's bound when
  // rows are probed for visibility) and the one row that says there is more
  s.bind(7, static_cast<int64_t>(probe_visibility ? kMaxWalk : std::min<int64_t>(q.limit, kMaxWalk)) + 1);
  int walked = 0;
  DueRow last;
  bool stopped = false;
  while (s.step()) {
    DueRow r{s.int64(1), s.text(6), s.text(3), s.text(4), s.text(2), s.int64(5), s.int64(0)};
    if (stopped) {  // one row past the page: there is more
      page.next = encode_cursor(last.due, last.case_seq, last.item_id, last.kind);
      break;
    }
    last = r;
    bool visible = true;
    if (probe_visibility) {
      Statement p = db_.prepare("SELECT 1 FROM case_keys WHERE key = 'u:' || ?1 AND case_seq = ?2");
      p.bind(1, *q.visible_to).bind(2, r.case_seq);
      visible = p.step();
    }
    if (visible) page.rows.push_back(std::move(r));
    if (static_cast<int64_t>(page.rows.size()) >= q.limit || ++walked >= kMaxWalk) stopped = true;
  }
  // the counts per unit, from the per-deadline tallies (a row per unit and deadline day)
  Statement c = db_.prepare(
      "SELECT unit, SUM(CASE WHEN due < ?2 THEN n ELSE 0 END), SUM(n) FROM due_counts WHERE scope = ?1 "
      "GROUP BY unit ORDER BY unit");
  c.bind(1, q.visible_to.value_or("*")).bind(2, q.at);
  while (c.step()) {
    std::string unit = c.text(0);
    if (q.unit && unit != *q.unit) continue;
    int64_t overdue = c.int64(1), all = c.int64(2);
    if (all > 0) page.per_unit[unit] = {all - overdue, overdue};
  }
  return page;
}

GrantPage SqliteTx::list_grants(const GrantQuery& q) {
  GrantPage page;
  Cursor from = decode_cursor(q.after, "after");
  if (q.after.empty()) from.at = q.from, from.seq = -1;
  Statement s = db_.prepare(
      "SELECT g.at, g.case_seq, g.item_id, c.doc FROM grants g JOIN cases c ON c.seq = g.case_seq "
      "WHERE g.scope = ?1 AND (g.at, g.case_seq, g.item_id) > (?2, ?3, ?4) AND g.at < ?5 "
      "ORDER BY g.at, g.case_seq, g.item_id LIMIT ?6");
  s.bind(1, q.town ? "t:" + *q.town : std::string("*")).bind(2, from.at).bind(3, from.seq).bind(4, from.item);
  s.bind(5, q.to).bind(6, q.limit + 1);
  Millis at = 0;
  int64_t seq = 0;
  std::string item;
  while (s.step()) {
    if (static_cast<int64_t>(page.rows.size()) == q.limit) {
      page.next = encode_cursor(at, seq, item, "");
      break;
    }
    at = s.int64(0);
    seq = s.int64(1);
    item = s.text(2);
    page.rows.emplace_back(decode_case(s.text(3)), item);
  }
  return page;
}

std::vector<Tally> SqliteTx::rollup(const std::string& scope, RollupLevel level, int64_t from, int64_t to) {
  std::vector<Tally> out;
  if (from >= to) return out;
  Statement s = db_.prepare(
      "SELECT key, SUM(n), SUM(open), SUM(answered), SUM(late), SUM(on_time), SUM(opinions_late), SUM(days_ms), "
      "SUM(amount_fen) FROM rollup WHERE scope = ?1 AND level = ?2 AND period >= ?3 AND period < ?4 GROUP BY key");
  s.bind(1, scope).bind(2, static_cast<int64_t>(level)).bind(3, from).bind(4, to);
  while (s.step()) {
    Tally t;
    t.key = s.text(0);
    for (size_t i = 0; i < t.m.size(); ++i) t.m[i] = s.int64(static_cast<int>(1 + i));
    out.push_back(std::move(t));
  }
  return out;
}

// The visibility checks below are scalar subqueries for the reason list_cases gives.
std::vector<Case> SqliteTx::cases_received(const std::string& scope, Millis from, Millis to, int64_t limit) {
  std::vector<Case> out;
  Statement s = db_.prepare(
      "SELECT c.doc FROM cases c WHERE c.received_at >= ?1 AND c.received_at < ?2 "
      "AND (?3 = '*' OR (SELECT 1 FROM case_keys k WHERE k.key = 'u:' || ?3 AND k.case_seq = c.seq) IS NOT NULL) "
      "ORDER BY c.received_at LIMIT ?4");
  s.bind(1, from).bind(2, to).bind(3, scope).bind(4, limit);
  while (s.step()) out.push_back(decode_case(s.text(0)));
  return out;
}

int64_t SqliteTx::overdue_items(const std::string& scope, Millis due_from, Millis due_to, Millis from, Millis to) {
  // Walk the items by due time (the caller keeps the range to a day), never the cases
  // received in the period (as many as the period's history).
  Statement s = db_.prepare(
      "SELECT COUNT(*) FROM items i INDEXED BY items_due JOIN cases c ON c.seq = i.case_seq "
      "WHERE i.due_at >= ?1 AND i.due_at < ?2 AND i.state <> 'answered' AND c.received_at >= ?3 AND c.received_at < ?4 "
      "AND (?5 = '*' OR (SELECT 1 FROM case_keys k WHERE k.key = 'u:' || ?5 AND k.case_seq = i.case_seq) IS NOT NULL)");
  s.bind(1, due_from).bind(2, due_to).bind(3, from).bind(4, to).bind(5, scope);
  s.step();
  return s.int64(0);
}

}  // namespace od
