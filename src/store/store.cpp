// The SQLite store: one write connection shared by group commit, a pool of read-only
// connections that read WAL snapshots, and the schema's migrations.
#include <algorithm>
#include <sqlite3.h>

#include <mutex>
#include <optional>

#include "store/owner_lock.h"
#include "store/sqlite_db.h"
#include "store/wal_checkpointer.h"
#include "store/group_commit.h"
#include "store/idle_connections.h"
#include "store/sqlite_tx.h"
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
    // 2: the index every query walks (each row kept in the transaction that changes its
    // case, from the case's CaseIndex; cases.idx remembers what a case contributed, so an
    // update writes only the rows that differ). Filled for existing cases by the store.
    R"sql(
ALTER TABLE cases ADD COLUMN idx TEXT NOT NULL DEFAULT '';
-- an archived case stays frozen; only the index bookkeeping column may be written
DROP TRIGGER cases_archived_immutable;
CREATE TRIGGER cases_archived_immutable
  BEFORE UPDATE OF seq, id, state, window, town, applicant_id, received_at, closed_at, due_at, doc ON cases
  WHEN OLD.state = 'archived'
  BEGIN SELECT RAISE(ABORT, 'archived cases are immutable'); END;
CREATE INDEX cases_received ON cases(received_at);
-- open obligations, once per scope that may list them: '*' (the district), each
-- visibility scope of the case, and 'o:<unit>' for what a unit owes
CREATE TABLE dues(
  scope TEXT NOT NULL,
  due INTEGER NOT NULL,
  case_seq INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY(scope, due, case_seq, item_id, kind)) WITHOUT ROWID;
-- how many obligations each unit owes per deadline, per scope: due.list's counts
CREATE TABLE due_counts(
  scope TEXT NOT NULL,
  unit TEXT NOT NULL,
  due INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY(scope, unit, due)) WITHOUT ROWID;
-- statistics: tallies per scope, per received day (level 0) and month (level 1), per
-- cell (the tally's key); a period's statistics sum whole months and the days around them
CREATE TABLE rollup(
  scope TEXT NOT NULL,
  level INTEGER NOT NULL,
  period INTEGER NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL, open INTEGER NOT NULL, answered INTEGER NOT NULL, late INTEGER NOT NULL,
  on_time INTEGER NOT NULL, opinions_late INTEGER NOT NULL, days_ms INTEGER NOT NULL, amount_fen INTEGER NOT NULL,
  PRIMARY KEY(scope, level, period, key)) WITHOUT ROWID;
-- granted items by when the grant was recorded, per scope ('*' and 't:<town>')
CREATE TABLE grants(
  scope TEXT NOT NULL,
  at INTEGER NOT NULL,
  case_seq INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  PRIMARY KEY(scope, at, case_seq, item_id)) WITHOUT ROWID;
)sql",
    // 3: disclosure publications (公示): the period, place and publisher of each list
    // published, and the rows as published, frozen (src/store/publications.cpp)
    R"sql(
CREATE TABLE publications(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  period_from INTEGER,
  period_to INTEGER,
  town TEXT NOT NULL,
  place TEXT NOT NULL,
  title TEXT NOT NULL,
  actor TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  rows TEXT NOT NULL);
CREATE TRIGGER publications_frozen BEFORE UPDATE ON publications
  BEGIN SELECT RAISE(ABORT, 'a published list is frozen'); END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
  BEGIN SELECT RAISE(ABORT, 'a published list is frozen'); END;
)sql",
    // 4: the tamper-evident audit trail (src/store/event_chain.h): each event's hash,
    // chained per case; the district-wide chain in append order; the seal of each
    // archived case. Events written before this migration keep an empty hash.
    R"sql(
ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE TABLE event_chain(
  seq INTEGER PRIMARY KEY,
  case_seq INTEGER NOT NULL,
  n INTEGER NOT NULL,
  head TEXT NOT NULL);
CREATE TABLE case_seals(case_seq INTEGER PRIMARY KEY, n INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER event_chain_no_update BEFORE UPDATE ON event_chain BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE TRIGGER event_chain_no_delete BEFORE DELETE ON event_chain BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE TRIGGER case_seals_no_update BEFORE UPDATE ON case_seals BEGIN SELECT RAISE(ABORT, 'a seal never changes'); END;
CREATE TRIGGER case_seals_no_delete BEFORE DELETE ON case_seals BEGIN SELECT RAISE(ABORT, 'a seal never changes'); END;
)sql",
    // 5: the outbox keeps only the jobs still owed (pending, dead); delivered jobs move
    // to outbox_history, so claims, case views and archives do not slow down with every
    // job ever delivered. outbox_bodies keeps the bodies of both, by seq.
    R"sql(
CREATE TABLE outbox_history(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  case_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  reference TEXT NOT NULL,
  delivered_at INTEGER NOT NULL);
CREATE INDEX outbox_history_case ON outbox_history(case_id, seq);
INSERT INTO outbox_history(seq, id, case_id, item_id, unit, kind, attempts, created_at, reference, delivered_at)
  SELECT seq, id, case_id, item_id, unit, kind, attempts, created_at, reference, COALESCE(delivered_at, created_at)
  FROM outbox WHERE state = 'delivered';
DELETE FROM outbox WHERE state = 'delivered';
-- dead letters by seq (due.list, delivery.list); pending ones already have outbox_pending
CREATE INDEX outbox_dead ON outbox(seq) WHERE state = 'dead';
-- how many jobs were ever delivered, kept as the history grows (stats)
INSERT INTO counters(name, value) SELECT 'outbox.delivered', COUNT(*) FROM outbox_history WHERE true
  ON CONFLICT(name) DO UPDATE SET value = excluded.value;
)sql",
    // 6: stats counts overdue items from a tally per due day (case_index.cpp): the cases
    // that owe something are indexed again (in code, below), and the empty rollup cells
    // earlier versions left behind go
    R"sql(
DELETE FROM rollup WHERE n = 0;
)sql",
};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);
// The first version with the query index; a database migrated past it from below has
// its index built from the stored cases in the same transaction.
constexpr int kIndexedSince = 2;
constexpr int kOwingTalliedSince = 6;

// At most this many writers share one commit; the rest wait for the next.
// Idle read connections kept for reuse.

// How often a writer that timed out waiting for another process's write tries again.
constexpr int kBeginAttempts = 3;

// Writers hold the owner lock (exclusive or shared, owner_lock.h); readers need none.
std::optional<OwnerLock> owner_lock(const StoreOptions& options, const std::string& path) {
  if (options.read_only) return std::nullopt;
  return std::optional<OwnerLock>(std::in_place, path, options.exclusive);
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, Indexer indexer, StoreOptions options)
      : path_(path), indexer_(std::move(indexer)), options_(options), owner_(owner_lock(options, path)),
        wdb_(path, options.read_only) {
    if (options_.read_only) {
      check_version_readable();
      return;
    }
    turn_.emplace(path);
    wdb_.exec("PRAGMA journal_mode=WAL");
    wdb_.exec("PRAGMA synchronous=FULL");
    wdb_.exec("PRAGMA foreign_keys=ON");
    migrate();
    // A group's writers each run under a savepoint, whose journal of the pages it
    // changed spilled to a temporary file past 64 KiB: an open, writes and an unlink
    // every few intakes with four callers (strace), half their writes. Kept in memory
    // (a group's pages, a few MB at most), four callers without fsync went from 2,627
    // to 4,030 intakes/s. Set after the migrations, whose one-off sorts may be large.
    wdb_.exec("PRAGMA temp_store=MEMORY");
    if (options_.max_pages > 0)
      wdb_.exec(("PRAGMA max_page_count=" + std::to_string(options_.max_pages)).c_str());
    checkpointer_ = std::make_unique<WalCheckpointer>(path_, wdb_.handle());
  }

  ~SqliteStore() override {
    readers_.clear();
  }

  void write(Durability d, const std::function<void(StoreTx&)>& fn) override {
    if (options_.read_only) fail(OD_ERR_FORBIDDEN, "this engine was opened read-only: nothing can change", "read_only");
    writers_.write(d, fn, [this](const GroupCommit::Group& group) { commit_group(group); });
  }

  void read(const std::function<void(StoreTx&)>& fn) override {
    std::unique_ptr<SqliteDb> conn = readers_.take();
    if (!conn) conn = std::make_unique<SqliteDb>(path_, true);
    conn->exec("BEGIN");
    try {
      SqliteTx tx(*conn, indexer_);
      fn(tx);
      conn->exec("COMMIT");
    } catch (...) {
      sqlite3_exec(conn->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
      readers_.give_back(std::move(conn));
      throw;
    }
    readers_.give_back(std::move(conn));
  }

  int schema_version() const override { return schema_version_; }

 private:
  void set_durability(Durability d) {
    if (d == durability_) return;
    wdb_.exec(d == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    durability_ = d;
  }

  void rollback() { sqlite3_exec(wdb_.handle(), "ROLLBACK", nullptr, nullptr, nullptr); }

  // Another process may hold the write lock (one that is not a onedoor engine, since
  // engines take turns first: WriteTurn): the busy timeout waits for it, and a writer
  // that still finds it busy tries again a few times before it gives up.
  void begin_immediate() {
    for (int attempt = 1;; ++attempt) {
      int rc = sqlite3_exec(wdb_.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) return;
      if ((rc & 0xff) != SQLITE_BUSY || attempt == kBeginAttempts) storage_failure(wdb_.handle(), "begin a write");
    }
  }

  void check_version_readable() {
    Statement s = wdb_.prepare("PRAGMA user_version");
    int version = s.step() ? static_cast<int>(s.int64(0)) : 0;
    if (version != kSchemaVersion)
      fail(OD_ERR_STORAGE,
           "database schema version " + std::to_string(version) + " is not this library's (" +
               std::to_string(kSchemaVersion) + "); open it once without read_only to upgrade it",
           "database");
    schema_version_ = version;
  }

  // One transaction for the whole group; if the commit itself fails, every writer of the
  // group gets that failure. A writer that fails ends the transaction, and the others run
  // again from BEGIN without it (a writer only reads and writes the database, so running
  // it again is safe; PgStore does the same after a deadlock). Not savepoints: SQLite
  // 3.40 (Debian 12's) keeps, across ROLLBACK TO, where a transaction that spilled pages
  // into the WAL must rewrite frame checksums from, and the commit then leaves frames
  // whose checksums recovery rejects: a crash afterwards lost committed transactions
  // (found in review, round 9, with Python's sqlite3 and no onedoor code involved).
  void commit_group(const GroupCommit::Group& group) {
    const bool full = GroupCommit::any_full(group);
    std::optional<WriteTurn::Hold> turn;  // other processes' writers wait in the kernel, not in SQLite's polling
    auto fail_rest = [&](std::exception_ptr e) {
      for (GroupCommit::Writer* w : group)
        if (!w->error) w->error = e;
    };
    try {
      turn.emplace(*turn_);
      set_durability(full ? Durability::Full : Durability::Relaxed);
    } catch (...) {
      fail_rest(std::current_exception());
      return;
    }
    for (;;) {
      try {
        begin_immediate();
      } catch (...) {
        fail_rest(std::current_exception());
        return;
      }
      std::optional<std::string> head;  // the chain's head, once a writer knew it (SqliteTx::chain_head)
      bool failed = false;
      for (GroupCommit::Writer* w : group) {
        if (w->error) continue;  // failed in an earlier round
        try {
          SqliteTx tx(wdb_, indexer_);  // per writer: what it remembers dies with a rollback
          tx.set_chain_head(head);
          (*w->fn)(tx);
          head = tx.chain_head();
        } catch (...) {
          w->error = std::current_exception();
          failed = true;
          break;
        }
      }
      if (failed) {
        rollback();
        if (std::none_of(group.begin(), group.end(), [](const GroupCommit::Writer* w) { return !w->error; })) return;
        continue;  // the rest again, without the one that failed
      }
      try {
        wdb_.exec("COMMIT");
      } catch (...) {
        rollback();
        fail_rest(std::current_exception());
      }
      return;
    }
  }

  int user_version() {
    Statement s = wdb_.prepare("PRAGMA user_version");
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
  }

  void migrate() {
    int version = user_version();
    if (version > kSchemaVersion)
      fail(OD_ERR_STORAGE, "database schema version " + std::to_string(version) +
                               " is newer than this library knows (" + std::to_string(kSchemaVersion) + ")",
           "database");
    int from = version;
    if (version < kSchemaVersion) {
      WriteTurn::Hold turn(*turn_);
      begin_immediate();
      try {
        // Another process opening the same file at once may have migrated it while this
        // one waited for the write lock: read the version again under the lock.
        from = version = user_version();
        if (version > kSchemaVersion)
          fail(OD_ERR_STORAGE, "database schema version " + std::to_string(version) +
                                   " is newer than this library knows", "database");
        while (version < kSchemaVersion) wdb_.exec(kMigrations[version++]);
        if (from > 0 && from < kIndexedSince) build_index();
        else if (from > 0 && from < kOwingTalliedSince) SqliteTx(wdb_, indexer_).reindex_cases(true);
        wdb_.exec(("PRAGMA user_version=" + std::to_string(version)).c_str());
        wdb_.exec("COMMIT");
      } catch (...) {
        rollback();
        throw;
      }
    }
    schema_version_ = version;
  }

  // A database from before the index: every stored case contributes its rows.
  void build_index() { SqliteTx(wdb_, indexer_).reindex_cases(false); }

  std::string path_;
  Indexer indexer_;
  StoreOptions options_;
  std::optional<OwnerLock> owner_;  // before the connection: with it, nothing is touched unless this engine owns the file
  SqliteDb wdb_;
  std::optional<WriteTurn> turn_;  // writers only, after the connection made the file
  Durability durability_ = Durability::Full;
  int schema_version_ = 0;
  GroupCommit writers_;
  IdleConnections<SqliteDb> readers_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // writers only; stopped before wdb_ closes
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, Indexer indexer, StoreOptions options) {
  return std::make_unique<SqliteStore>(path, std::move(indexer), options);
}

}  // namespace od
