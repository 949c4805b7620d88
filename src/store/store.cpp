#include "store/store.h"

#include <boost/json.hpp>

#include "util/failure.h"

namespace od {
namespace {

// Forward-only migrations; PRAGMA user_version is the index of the last one applied.
const char* const kMigrations[] = {
    // 1: the first schema
    R"sql(
CREATE TABLE cases(
  seq INTEGER PRIMARY KEY,          -- the case id is derived from it: C<district>-<year>-<seq>
  id TEXT NOT NULL,
  state TEXT NOT NULL,
  window TEXT NOT NULL,
  town TEXT NOT NULL,
  applicant_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  closed_at INTEGER,
  due_at INTEGER,                   -- the case's earliest open obligation (NULL: none)
  doc TEXT NOT NULL);
-- a portal's idempotency key -> the case it created or was answered with
CREATE TABLE idempotency(key TEXT PRIMARY KEY, case_seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE items(
  case_seq INTEGER NOT NULL,
  id TEXT NOT NULL,
  case_id TEXT NOT NULL,
  category TEXT NOT NULL,
  state TEXT NOT NULL,
  outcome TEXT NOT NULL,
  holder TEXT NOT NULL,
  due_kind TEXT,
  due_at INTEGER,
  valid_until INTEGER,
  PRIMARY KEY(case_seq, id)) WITHOUT ROWID;
CREATE INDEX items_due ON items(due_at) WHERE due_at IS NOT NULL;
-- who a case concerns and who may see it, one b-tree: 'p:<resident id>' for the
-- applicant and household members, 'u:<unit or @town:code>' for visibility
CREATE TABLE case_keys(
  key TEXT NOT NULL,
  case_seq INTEGER NOT NULL,
  PRIMARY KEY(key, case_seq)) WITHOUT ROWID;
CREATE TABLE events(
  case_seq INTEGER NOT NULL,
  n INTEGER NOT NULL,               -- order within the case
  case_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY(case_seq, n)) WITHOUT ROWID;
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  case_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  delivered_at INTEGER,
  dead_at INTEGER);
CREATE INDEX outbox_pending ON outbox(state, next_at) WHERE state = 'pending';
-- bodies are written once and never change; kept apart so that the small, often
-- updated delivery state packs densely
CREATE TABLE outbox_bodies(seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE INDEX outbox_case ON outbox(case_id, unit, seq);
-- the event log and archived cases are append-only / immutable, also for SQL clients
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER cases_archived_immutable BEFORE UPDATE ON cases WHEN OLD.state = 'archived'
  BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END;
CREATE TRIGGER cases_archived_no_delete BEFORE DELETE ON cases WHEN OLD.state = 'archived'
  BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END;
CREATE TRIGGER items_archived_no_update BEFORE UPDATE ON items
  WHEN (SELECT state FROM cases WHERE seq = OLD.case_seq) = 'archived'
  BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END;
CREATE TRIGGER items_archived_no_delete BEFORE DELETE ON items
  WHEN (SELECT state FROM cases WHERE seq = OLD.case_seq) = 'archived'
  BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END;
CREATE TRIGGER case_keys_archived_no_delete BEFORE DELETE ON case_keys
  WHEN (SELECT state FROM cases WHERE seq = OLD.case_seq) = 'archived'
  BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END;
)sql",
};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);



JobRow read_job(Statement& s) {
  JobRow j;
  j.seq = s.int64(0);
  j.id = s.text(1);
  j.case_id = s.text(2);
  j.item_id = s.text(3);
  j.unit = s.text(4);
  j.kind = s.text(5);
  j.body = s.text(6);
  j.state = s.text(7);
  j.attempts = s.int64(8);
  j.created_at = s.int64(9);
  j.next_at = s.int64(10);
  j.lease_until = s.opt_int64(11);
  j.last_error = s.text(12);
  j.reference = s.text(13);
  j.delivered_at = s.opt_int64(14);
  j.dead_at = s.opt_int64(15);
  return j;
}

// Case ids end in their sequence number; -1 when the text is not a case id.
int64_t seq_of_case_id(const std::string& id) {
  auto dash = id.rfind('-');
  if (dash == std::string::npos || dash + 1 >= id.size() || id.size() - dash > 19) return -1;
  int64_t n = 0;
  for (size_t i = dash + 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return -1;
    n = n * 10 + (id[i] - '0');
  }
  return n;
}

}  // namespace

Store::Store(const std::string& path) : owner_(path), db_(path) {
  db_.exec("PRAGMA journal_mode=WAL");
  db_.exec("PRAGMA synchronous=FULL");
  db_.exec("PRAGMA foreign_keys=ON");
  migrate();
}

void Store::migrate() {
  int version = 0;
  {
    Statement s = db_.prepare("PRAGMA user_version");
    if (s.step()) version = static_cast<int>(s.int64(0));
  }
  if (version > kSchemaVersion)
    fail(OD_ERR_STORAGE, "database schema version " + std::to_string(version) +
                             " is newer than this library knows (" + std::to_string(kSchemaVersion) + ")",
         "database");
  while (version < kSchemaVersion) {
    Transaction tx(db_);
    db_.exec(kMigrations[version]);
    ++version;
    db_.exec(("PRAGMA user_version=" + std::to_string(version)).c_str());
    tx.commit();
  }
  schema_version_ = version;
}

int64_t Store::next_counter(const std::string& name) {
  Statement s = db_.prepare(
      "INSERT INTO counters(name, value) VALUES(?1, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 "
      "RETURNING value");
  s.bind(1, name);
  if (!s.step()) fail(OD_ERR_STORAGE, "counter " + name);
  return s.int64(0);
}

int64_t Store::next_case_seq() {
  Statement s = db_.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM cases");
  s.step();
  return s.int64(0);
}

void Store::write_index(const Case& c, const std::vector<std::optional<std::pair<std::string, Millis>>>& due) {
  db_.prepare("DELETE FROM items WHERE case_seq = ?1").bind(1, c.seq).run();
  for (size_t i = 0; i < c.items.size(); ++i) {
    const Item& it = c.items[i];
    Statement s = db_.prepare(
        "INSERT INTO items(case_seq, id, case_id, category, state, outcome, holder, due_kind, due_at, valid_until) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    s.bind(1, c.seq).bind(2, it.id).bind(3, c.id).bind(4, it.category).bind(5, name(it.state));
    s.bind(6, name(it.feedback ? it.feedback->outcome : Outcome::None)).bind(7, it.holder);
    if (i < due.size() && due[i]) s.bind(8, due[i]->first).bind(9, due[i]->second);
    else s.bind_null(8).bind_null(9);
    s.bind(10, it.valid_until);
    s.run();
  }
  for (const auto& u : c.units)
    db_.prepare("INSERT OR IGNORE INTO case_keys(key, case_seq) VALUES('u:' || ?1, ?2)").bind(1, u).bind(2, c.seq).run();
}

void Store::insert_case(const Case& c, const std::string& doc,
                        const std::vector<std::optional<std::pair<std::string, Millis>>>& due,
                        std::optional<Millis> case_due) {
  Statement s = db_.prepare(
      "INSERT INTO cases(seq, id, state, window, town, applicant_id, received_at, closed_at, doc, due_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  s.bind(1, c.seq).bind(2, c.id).bind(3, name(c.state)).bind(4, c.window).bind(5, c.hukou_town);
  s.bind(6, c.applicant.id_number).bind(7, c.received_at).bind(8, c.closed_at);
  s.bind(9, doc);
  s.bind(10, case_due);
  s.run();
  if (!c.idempotency_key.empty()) remember_idempotency_key(c.idempotency_key, c.seq);
  auto subject = [&](const std::string& id) {
    if (!id.empty())
      db_.prepare("INSERT OR IGNORE INTO case_keys(key, case_seq) VALUES('p:' || ?1, ?2)").bind(1, id).bind(2, c.seq).run();
  };
  subject(c.applicant.id_number);
  for (const auto& p : c.household) subject(p.id_number);
  write_index(c, due);
}

void Store::update_case(const Case& c, const std::string& doc,
                        const std::vector<std::optional<std::pair<std::string, Millis>>>& due,
                        std::optional<Millis> case_due) {
  // the index rows first: once the case row says archived, triggers freeze them
  write_index(c, due);
  Statement s = db_.prepare("UPDATE cases SET state = ?2, closed_at = ?3, doc = ?4, due_at = ?5 WHERE seq = ?1");
  s.bind(1, c.seq).bind(2, name(c.state)).bind(3, c.closed_at).bind(4, doc).bind(5, case_due);
  s.run();
  if (db_.changes() != 1) fail(OD_ERR_NOT_FOUND, "case " + c.id + " not found", "case_id");
}

std::optional<std::string> Store::case_doc(const std::string& id) {
  Statement s = db_.prepare("SELECT doc FROM cases WHERE seq = ?1 AND id = ?2");
  s.bind(1, seq_of_case_id(id)).bind(2, id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void Store::remember_idempotency_key(const std::string& key, int64_t case_seq) {
  db_.prepare("INSERT INTO idempotency(key, case_seq) VALUES(?1, ?2)").bind(1, key).bind(2, case_seq).run();
}

std::optional<std::string> Store::case_by_idempotency_key(const std::string& key) {
  Statement s = db_.prepare("SELECT c.id FROM idempotency k JOIN cases c ON c.seq = k.case_seq WHERE k.key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::vector<SubjectItem> Store::items_of_person(const std::string& id_number) {
  Statement s = db_.prepare(
      "SELECT i.case_id, i.id, i.category, i.state, i.outcome, i.valid_until, c.applicant_id "
      "FROM case_keys k JOIN items i ON i.case_seq = k.case_seq JOIN cases c ON c.seq = k.case_seq "
      "WHERE k.key = 'p:' || ?1 ORDER BY k.case_seq");
  s.bind(1, id_number);
  std::vector<SubjectItem> out;
  while (s.step())
    out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.opt_int64(5), s.text(6)});
  return out;
}

std::vector<std::string> Store::list_case_docs(const CaseFilter& f) {
  Statement s = db_.prepare(
      "SELECT c.doc FROM cases c WHERE c.seq > ?1 "
      "AND (?2 IS NULL OR c.state = ?2) "
      "AND (?3 IS NULL OR EXISTS(SELECT 1 FROM items i WHERE i.case_seq = c.seq AND i.outcome = ?3)) "
      "AND (?4 IS NULL OR c.town = ?4) "
      "AND (?5 IS NULL OR EXISTS(SELECT 1 FROM items i WHERE i.case_seq = c.seq AND i.category = ?5)) "
      "AND (?6 IS NULL OR EXISTS(SELECT 1 FROM case_keys k WHERE k.key = 'u:' || ?6 AND k.case_seq = c.seq)) "
      "AND (?7 IS NULL OR EXISTS(SELECT 1 FROM case_keys k WHERE k.key = 'p:' || ?7 AND k.case_seq = c.seq)) "
      "AND (?8 IS NULL OR c.due_at < ?8) "
      "AND (?9 IS NULL OR EXISTS(SELECT 1 FROM case_keys k WHERE k.key = 'u:' || ?9 AND k.case_seq = c.seq)) "
      "AND (?10 IS NULL OR c.window = ?10) "
      "ORDER BY c.seq LIMIT ?11");
  auto opt = [&](int i, const std::optional<std::string>& v) {
    if (v) s.bind(i, *v);
    else s.bind_null(i);
  };
  s.bind(1, f.after_seq);
  opt(2, f.state);
  opt(3, f.outcome);
  opt(4, f.town);
  opt(5, f.category);
  opt(6, f.unit);
  opt(7, f.applicant_id);
  s.bind(8, f.overdue_at);
  opt(9, f.visible_to);
  opt(10, f.window);
  s.bind(11, f.limit);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<std::string> Store::closed_case_docs_with_obligations() {
  Statement s = db_.prepare("SELECT doc FROM cases WHERE state = 'closed' AND due_at IS NOT NULL ORDER BY seq");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void Store::append_event(const EventRow& e) {
  Statement s = db_.prepare(
      "INSERT INTO events(case_seq, n, case_id, item_id, type, at, actor, before, after, data) "
      "VALUES(?9, COALESCE((SELECT MAX(n) FROM events WHERE case_seq = ?9), 0) + 1, "
      "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s.bind(1, e.case_id).bind(2, e.item_id).bind(3, e.type).bind(4, e.at).bind(5, e.actor_json);
  s.bind(6, e.before).bind(7, e.after).bind(8, e.data_json).bind(9, seq_of_case_id(e.case_id));
  s.run();
}

std::vector<EventRow> Store::events_of_case(const std::string& case_id) {
  Statement s = db_.prepare(
      "SELECT n, case_id, item_id, type, at, actor, before, after, data FROM events WHERE case_seq = ?1 "
      "ORDER BY n");
  s.bind(1, seq_of_case_id(case_id));
  std::vector<EventRow> out;
  while (s.step())
    out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.int64(4), s.text(5), s.text(6), s.text(7), s.text(8)});
  return out;
}

void Store::add_job(const JobRow& j) {
  Statement s = db_.prepare(
      "INSERT INTO outbox(id, case_id, item_id, unit, kind, state, created_at, next_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7)");
  s.bind(1, j.id).bind(2, j.case_id).bind(3, j.item_id).bind(4, j.unit).bind(5, j.kind);
  s.bind(6, j.created_at).bind(7, j.next_at);
  s.run();
  db_.prepare("INSERT INTO outbox_bodies(seq, body) VALUES(last_insert_rowid(), ?1)").bind(1, j.body).run();
}

std::vector<JobRow> Store::claim_jobs(Millis now, Millis wall_now, int limit, Millis lease_ms,
                                      const std::vector<std::string>& skip_units) {
  // Candidates: pending, due, not leased by someone alive, and first in line for
  // their (case, unit): no earlier job for the same pair is still undelivered.
  Statement s = db_.prepare(
      "SELECT seq, id, case_id, item_id, unit, kind, (SELECT body FROM outbox_bodies b WHERE b.seq = o.seq), "
      "state, attempts, created_at, next_at, lease_until, "
      "last_error, reference, delivered_at, dead_at FROM outbox o "
      "WHERE o.state = 'pending' AND o.next_at <= ?1 AND (o.lease_until IS NULL OR o.lease_until <= ?3) "
      "AND (?4 IS NULL OR o.unit NOT IN (SELECT value FROM json_each(?4))) "
      "AND NOT EXISTS(SELECT 1 FROM outbox p WHERE p.case_id = o.case_id AND p.unit = o.unit "
      "AND p.seq < o.seq AND p.state <> 'delivered') "
      "ORDER BY o.next_at, o.seq LIMIT ?2");
  // units whose plugin is disabled are left out in SQL, so their waiting jobs never
  // crowd out the jobs of units that can be delivered
  s.bind(1, now).bind(2, static_cast<int64_t>(limit)).bind(3, wall_now);
  if (skip_units.empty()) {
    s.bind_null(4);
  } else {
    boost::json::array skip;
    for (const auto& u : skip_units) skip.push_back(boost::json::value(u));
    s.bind(4, boost::json::serialize(skip));
  }
  std::vector<JobRow> out;
  while (s.step()) out.push_back(read_job(s));
  for (auto& j : out) {
    db_.prepare("UPDATE outbox SET attempts = attempts + 1, lease_until = ?2 WHERE id = ?1")
        .bind(1, j.id)
        .bind(2, wall_now + lease_ms)
        .run();
    j.attempts += 1;
    j.lease_until = wall_now + lease_ms;
  }
  return out;
}

void Store::job_delivered(const std::string& id, const std::string& reference, Millis at) {
  db_.prepare(
         "UPDATE outbox SET state = 'delivered', reference = ?2, delivered_at = ?3, lease_until = NULL, "
         "last_error = '' WHERE id = ?1 AND state = 'pending'")
      .bind(1, id)
      .bind(2, reference)
      .bind(3, at)
      .run();
}

void Store::job_retry(const std::string& id, Millis next_at, const std::string& error) {
  db_.prepare("UPDATE outbox SET next_at = ?2, last_error = ?3, lease_until = NULL WHERE id = ?1 AND state = 'pending'")
      .bind(1, id)
      .bind(2, next_at)
      .bind(3, error)
      .run();
}

void Store::job_dead(const std::string& id, const std::string& error, Millis at) {
  db_.prepare(
         "UPDATE outbox SET state = 'dead', last_error = ?2, dead_at = ?3, lease_until = NULL WHERE id = ?1 "
         "AND state = 'pending'")
      .bind(1, id)
      .bind(2, error)
      .bind(3, at)
      .run();
}

bool Store::job_revive(const std::string& id, Millis now) {
  db_.prepare(
         "UPDATE outbox SET state = 'pending', attempts = 0, next_at = ?2, created_at = ?2, dead_at = NULL, "
         "lease_until = NULL WHERE id = ?1 AND state = 'dead'")
      .bind(1, id)
      .bind(2, now)
      .run();
  return db_.changes() == 1;
}

std::optional<JobRow> Store::job(const std::string& id) {
  Statement s = db_.prepare(
      "SELECT seq, id, case_id, item_id, unit, kind, (SELECT body FROM outbox_bodies b WHERE b.seq = o.seq), "
      "state, attempts, created_at, next_at, lease_until, "
      "last_error, reference, delivered_at, dead_at FROM outbox o WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_job(s);
}

std::vector<JobRow> Store::jobs(const std::optional<std::string>& case_id, const std::optional<std::string>& state,
                                int64_t limit, bool with_body) {
  Statement s = db_.prepare(
      "SELECT seq, id, case_id, item_id, unit, kind, "
      "CASE WHEN ?4 THEN (SELECT body FROM outbox_bodies b WHERE b.seq = o.seq) ELSE '' END, "
      "state, attempts, created_at, next_at, lease_until, "
      "last_error, reference, delivered_at, dead_at FROM outbox o WHERE (?1 IS NULL OR case_id = ?1) "
      "AND (?2 IS NULL OR state = ?2) ORDER BY seq LIMIT ?3");
  if (case_id) s.bind(1, *case_id);
  else s.bind_null(1);
  if (state) s.bind(2, *state);
  else s.bind_null(2);
  s.bind(3, limit).bind(4, with_body ? 1 : 0);
  std::vector<JobRow> out;
  while (s.step()) out.push_back(read_job(s));
  return out;
}

std::vector<JobRow> Store::jobs_of_case(const std::string& case_id) { return jobs(case_id, std::nullopt, 100000, false); }

}  // namespace od
