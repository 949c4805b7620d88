// The engine's storage, behind one abstract interface in domain terms (LevelDB's DB):
// cases with the index rows and statistics their queries need, the append-only event
// log, counters for numbering, and the transactional outbox. Nothing outside src/store/
// sees SQL, a connection or a transaction statement.
//
// Every change runs inside Store::write(durability, fn): fn gets a StoreTx, and what it
// did commits together when fn returns (and is durable when write returns, for
// Durability::Full) or not at all when fn throws. Concurrent writers share one commit
// (group commit). Reads run inside Store::read(fn) on a snapshot of their own and never
// wait for writers.
//
// The store keeps a case's index rows itself: on every insert or update it asks the
// Indexer (given at open; pure, from the district's rules) what the case contributes,
// compares that with what the stored case contributed before, and writes only the
// difference, in the same transaction as the case.
#pragma once
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"

namespace od {

enum class Durability {
  Full,     // on disk before write() returns: every API call
  Relaxed,  // may be lost in a power cut (delivery bookkeeping, which at-least-once
            // delivery makes safe to repeat); the next Full commit syncs it too
};

struct EventRow {
  int64_t seq = 0;  // order within its case, from 1
  std::string case_id;
  std::string item_id;
  std::string type;
  Millis at = 0;
  std::string actor_json;
  std::string before;
  std::string after;
  std::string data_json;
  std::string hash{};  // SHA-256 chained to the case's previous event (event_chain.h); "" before the chain
};

// A disclosure list as published (公示): frozen once written.
struct PublicationRow {
  int64_t seq = 0;
  std::string id;  // "PUB-2026-000001"
  std::optional<Millis> period_from, period_to;
  std::string town;  // "" = the whole district
  std::string place;
  std::string title;
  std::string actor_json;
  Millis published_at = 0;
  int64_t row_count = 0;
  std::string rows_json;  // the published rows, as published
};

struct JobRow {
  int64_t seq = 0;
  std::string id;
  std::string case_id;
  std::string item_id;
  std::string unit;
  std::string kind;
  std::string body;
  std::string state;  // pending | delivered | dead
  int64_t attempts = 0;
  Millis created_at = 0;
  Millis next_at = 0;
  std::optional<Millis> lease_until;
  std::string last_error;
  std::string reference;
  std::optional<Millis> delivered_at;
  std::optional<Millis> dead_at;
  // for a pending job with an earlier undelivered job of the same case and unit:
  // "waiting behind job-... (a dead letter)" or "waiting behind job-..."
  std::string held_reason;
};

// What duplicate detection needs to know of the items a person is on.
struct SubjectItem {
  std::string case_id;
  std::string item_id;
  std::string category;
  std::string state;
  std::string outcome;
  std::optional<Millis> valid_until;
  std::string applicant_id;
};

// A statistics tally: what one cell of a rollup holds. `key` names the cell (its
// coordinates, as the Indexer writes them); the metrics add up. Every tally counts 1 in
// N, so a cell whose N is 0 holds nothing (the store drops it).
struct Tally {
  enum Metric { N, Open, Answered, Late, OnTime, OpinionsLate, DaysMs, AmountFen, kMetrics };
  std::string key;
  std::array<int64_t, kMetrics> m{};
};

// What one case contributes to the indexes. Computed by the Indexer from the case
// alone, so the same case always gives the same rows.
struct CaseIndex {
  // Keys a list can be driven by: "p:<resident id>", "u:<visibility scope>",
  // "s:<state>", "t:<town>", "w:<window>", "c:<category>", "o:<outcome>", "d:" (owes
  // something now).
  std::vector<std::string> keys;
  // Open obligations, as due.list shows them.
  struct Due {
    std::string kind, unit, item_id;
    Millis since = 0, due = 0;
  };
  std::vector<Due> dues;
  // The scopes the case is counted under: "*" (the district) and each visibility scope.
  std::vector<std::string> scopes;
  // Statistics: tallies keyed by their coordinates (one for the case, one per item),
  // counted on the received day and month under every scope.
  std::vector<Tally> tallies;
  // Granted items, for the disclosure list: item id -> when the grant was recorded.
  std::vector<std::pair<std::string, Millis>> grants;
};
using Indexer = std::function<CaseIndex(const Case&)>;

// case.list: every given filter must match. Cases come in seq order.
struct CaseQuery {
  std::optional<std::string> state, outcome, town, category, unit, person, window;
  std::optional<std::string> visible_to;  // a visibility scope; none: the whole district
  std::optional<Millis> overdue_at;       // only cases owing something due before this
  bool owing = false;                     // only cases that owe something (any state)
  std::optional<Millis> received_from, received_to;  // [from, to)
  int64_t after = 0;  // the last seq of the previous page
  int64_t limit = 50;
};
struct CasePage {
  std::vector<Case> cases;
  // Where the next page starts; none when the walk reached the end. A page can hold
  // fewer than `limit` cases and still have a next: the store walks a bounded number of
  // rows per call, so that no call's cost grows with the district's history.
  std::optional<int64_t> next;
};

// due.list: open obligations in due order.
struct DueQuery {
  std::optional<std::string> visible_to;  // none: the whole district
  std::optional<std::string> unit;        // only what this unit owes
  Millis at = 0;
  bool overdue_only = false;
  std::string after;  // cursor of the previous page ("" for the first)
  int64_t limit = 100;
};
struct DueRow {
  int64_t case_seq = 0;
  std::string case_id, kind, unit, item_id;
  Millis since = 0, due = 0;
};
struct DuePage {
  std::vector<DueRow> rows;
  std::string next;  // "" at the end
  std::map<std::string, std::pair<int64_t, int64_t>> per_unit;  // unit -> (due, overdue)
};

// disclosure: granted items recorded in [from, to), in the order they were recorded.
struct GrantQuery {
  std::optional<std::string> town;
  Millis from = 0, to = 0;
  std::string after;
  int64_t limit = 100;
};
struct GrantPage {
  std::vector<std::pair<Case, std::string>> rows;  // the case and the granted item's id
  std::string next;
};

// The granularity of a rollup: periods are day numbers (local days since 1970-01-01) or
// month numbers (year * 12 + month - 1).
enum class RollupLevel { Day = 0, Month = 1 };

// One transaction. Reads see one snapshot (and, in a write, what this transaction
// wrote). In a read transaction every write method fails with OD_ERR_STORAGE.
class StoreTx {
 public:
  virtual ~StoreTx() = default;

  // Numbering, gapless inside the transaction.
  virtual int64_t next_counter(const std::string& name) = 0;
  virtual int64_t next_case_seq() = 0;

  // Cases. The store encodes the case (with its format version) and keeps its index.
  virtual void insert_case(const Case& c) = 0;
  virtual void update_case(const Case& c) = 0;
  virtual std::optional<Case> find_case(const std::string& case_id) = 0;
  // A portal's idempotency key is the submitting window's own: the same key from another
  // window is another request (and tells nothing about the first window's case).
  virtual std::optional<std::string> case_by_idempotency_key(const std::string& window, const std::string& key) = 0;
  virtual void remember_idempotency_key(const std::string& window, const std::string& key, int64_t case_seq) = 0;
  // Every item of every case each person is on (applicant or household member), the
  // first person's first, each person's in case order; a case two of them are on comes
  // once per person. One statement for all of them (one round trip on PostgreSQL).
  virtual std::vector<SubjectItem> items_of_people(const std::vector<std::string>& id_numbers) = 0;

  // Queries, each an index walk that reads at most a page's worth of cases.
  virtual CasePage list_cases(const CaseQuery& q) = 0;
  virtual DuePage list_due(const DueQuery& q) = 0;
  virtual GrantPage list_grants(const GrantQuery& q) = 0;
  // The tallies of cases received in periods [from, to) as seen from `scope` ("*": all),
  // summed per key.
  virtual std::vector<Tally> rollup(const std::string& scope, RollupLevel level, int64_t from, int64_t to) = 0;
  // Cases received in [from, to) as seen from `scope`, for the partial days at the edges
  // of a statistics period; at most `limit`.
  virtual std::vector<Case> cases_received(const std::string& scope, Millis from, Millis to, int64_t limit) = 0;
  // Open items whose earliest obligation is due in [due_from, due_to), on cases received
  // in [from, to) as seen from `scope`. A walk over those dues: keep the range short.
  virtual int64_t overdue_items(const std::string& scope, Millis due_from, Millis due_to, Millis from, Millis to) = 0;

  // Events, append-only, each chained to the case's previous event and to the district
  // chain (event_chain.h); an `archived` event seals its case.
  virtual void append_event(const EventRow& e) = 0;
  virtual std::vector<EventRow> events_of_case(const std::string& case_id) = 0;

  // Disclosure publications (publications.cpp), append-only.
  virtual void add_publication(const PublicationRow& p) = 0;
  virtual std::optional<PublicationRow> publication(const std::string& id) = 0;
  // Newest first, without their rows.
  virtual std::vector<PublicationRow> publications(int64_t limit) = 0;
  // What SQLite's integrity check finds wrong with the file, and the first broken link
  // of every case's event chain and of the district chain (empty when sound;
  // integrity.cpp). `head` receives the district chain's head ("" without events).
  virtual std::vector<std::string> integrity_problems(std::string& head, int64_t& links) = 0;
  // The district chain's head as stored now ("" without events).
  virtual std::string district_head() = 0;

  // The outbox: jobs still owed (pending, dead) in a small hot table, delivered ones in
  // a history that only grows at its end. Every lookup below is an index walk.
  virtual void add_job(const JobRow& j) = 0;
  // Claims up to `limit` jobs that are due at `now` (the engine's clock), due order:
  // pending, not leased, first in line for their (case, unit) (no earlier job for the same
  // pair is undelivered), their unit not in `skip_units`. Each is leased until wall_now +
  // lease_ms (its lease_until: the claimer's proof of the lease, below); the caller renews
  // the leases of the jobs still waiting (renew_leases), so a lease always covers a job's
  // own send. Leases run on the real clock, so moving a manual engine clock never frees a
  // job that is still in flight. Claiming is not an attempt.
  virtual std::vector<JobRow> claim_jobs(Millis now, Millis wall_now, int limit, Millis lease_ms,
                                         const std::vector<std::string>& skip_units) = 0;
  // Extends to `until` the leases the caller still holds: each job is given with the
  // lease_until its claim or last renewal set, and is renewed only while that is still
  // its lease. Returns the ids renewed. A job left out was claimed by someone else after
  // its lease ran out (a later claim always sets a later lease_until), or recorded: the
  // caller must not send it.
  virtual std::vector<std::string> renew_leases(const std::vector<std::pair<std::string, Millis>>& held,
                                                Millis until) = 0;
  // A claimed job that was not sent (the dispatcher is stopping) is due again at once,
  // if `held` is still its lease (never another claimer's).
  virtual void release_lease(const std::string& id, Millis held) = 0;
  // The result of one send: each counts one attempt (attempts = sends made).
  virtual void job_delivered(const std::string& id, const std::string& reference, Millis at) = 0;
  virtual void job_retry(const std::string& id, Millis next_at, const std::string& error) = 0;
  virtual void job_dead(const std::string& id, const std::string& error, Millis at) = 0;
  virtual bool job_revive(const std::string& id, Millis now) = 0;
  virtual std::optional<JobRow> job(const std::string& id) = 0;

  struct JobQuery {
    std::optional<std::string> case_id;
    std::optional<std::string> state;  // pending | delivered | dead
    int64_t after_seq = 0;             // keyset: only jobs with a larger seq
    int64_t limit = 100;
    bool with_body = false;
  };
  // Jobs in seq order; bodies are read only when asked for.
  virtual std::vector<JobRow> jobs(const JobQuery& q) = 0;
  virtual std::vector<JobRow> jobs_of_case(const std::string& case_id) = 0;
  // Pending jobs held behind a dead letter of the same case and unit, in seq order.
  virtual std::vector<JobRow> held_jobs(int64_t limit) = 0;
  // How many jobs are in each state ("pending", "delivered", "dead"; absent when none).
  virtual std::map<std::string, int64_t> job_counts() = 0;
  // Gives back every lease (a previous owner of the database died with jobs leased).
  virtual void release_leases() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs fn in one write transaction; commits when fn returns, rolls back when it
  // throws (the exception propagates). Thread-safe; callers are serialised, and
  // callers that arrive together share one commit. fn may run more than once (a group
  // that met a deadlock on PostgreSQL runs again from BEGIN): it must take its inputs
  // from outside and only assign its outputs, never build on what an earlier run left.
  virtual void write(Durability d, const std::function<void(StoreTx&)>& fn) = 0;
  // Runs fn on a read snapshot. Thread-safe; never waits for a writer.
  virtual void read(const std::function<void(StoreTx&)>& fn) = 0;
  virtual int schema_version() const = 0;
};

struct StoreOptions {
  // Reads only: every write fails with OD_ERR_FORBIDDEN naming "read_only", and the
  // schema is never migrated (a database that needs it is refused).
  bool read_only = false;
  // One writing engine per database file (an opt-in): an flock on "<real path>.lock"
  // refuses a second writer, shared or exclusive, in this process or another (and it is
  // refused while shared writers are open), and the engine gives back every lease at
  // open. Without it (the default) any number of engines and processes share the file
  // and a dead process's leases expire on their own. Read-only engines open beside either.
  bool exclusive = false;
  // SQLite only, for tests: the file may grow to this many pages (PRAGMA max_page_count),
  // so that a full disk can be tried without filling one. 0: no limit.
  int64_t max_pages = 0;
};

// The SQLite store (WAL, synchronous=FULL, BEGIN IMMEDIATE, migrations by
// PRAGMA user_version). A writer waits up to 5 s for another process's write
// transaction, three times (so at most about 15 s), before it fails with OD_ERR_STORAGE. Throws
// Failure(OD_ERR_STORAGE) when the file cannot be opened or is newer than this library.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, Indexer indexer, StoreOptions options = {});

// The PostgreSQL store (pg_store.cpp; docs/storage.md): libpq, one write connection with
// group commit and synchronous_commit on, read-only REPEATABLE READ snapshots on pooled
// connections, migrations in od_schema. `password` (may be empty) overrides one in the
// conninfo. Throws Failure(OD_ERR_CONFIG, "database.conninfo") when the server cannot be
// reached at open; a connection lost later fails the calls in flight with OD_ERR_STORAGE
// and the next call connects again. StoreOptions::exclusive does not apply.
std::unique_ptr<Store> open_pg_store(const std::string& conninfo, const std::string& password, Indexer indexer,
                                     StoreOptions options = {});
// The conninfo without its password, for engine.status and logs.
std::string redacted_conninfo(const std::string& conninfo);

// Which database an engine opens (the "database" configuration, parsed by the engine).
struct DatabaseConfig {
  enum class Backend { Sqlite, Postgres } backend = Backend::Sqlite;
  std::string path;      // SQLite: the file
  std::string conninfo;  // PostgreSQL: a libpq connection string
  std::string password;  // PostgreSQL: resolved from password_env / password_file; never shown
  int64_t max_pages = 0;  // SQLite: StoreOptions::max_pages (tests only)
};
// Opens the configured backend; the engine does not know which one it has.
std::unique_ptr<Store> open_store(const DatabaseConfig& db, Indexer indexer, StoreOptions options = {});

}  // namespace od
