#include "store/store.h"

#include <boost/json.hpp>

#include "store/store_keys.h"
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

}  // namespace od
