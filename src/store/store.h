// The engine's storage, behind one narrow interface: cases as whole documents with the
// index rows queries need, the append-only event log, counters for numbering, and the
// transactional outbox. Everything a call writes goes through one Transaction, so a
// call that returned OK is durable and a call that failed changed nothing.
//
// This is the SQLite implementation (WAL, synchronous=FULL, BEGIN IMMEDIATE, schema
// versioned with PRAGMA user_version, forward-only migrations). The methods speak in
// domain terms, not SQL, so a PostgreSQL backend can implement the same set.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "store/owner_lock.h"
#include "store/sqlite_db.h"

namespace od {

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

struct CaseFilter {
  std::optional<std::string> state, outcome, town, category, unit, applicant_id, window;
  std::optional<Millis> overdue_at;  // only cases with an item due before this instant
  std::optional<std::string> visible_to;  // only cases this unit may see (not the district)
  int64_t after_seq = 0;
  int64_t limit = 50;
};

class Store {
 public:
  explicit Store(const std::string& path);

  SqliteDb& db() { return db_; }
  int schema_version() const { return schema_version_; }

  int64_t next_counter(const std::string& name);
  int64_t next_case_seq();

  // Cases. Writes the document and refreshes its index rows; `due` gives each item's
  // next deadline (parallel to c.items), case_due the case's earliest obligation.
  using ItemDues = std::vector<std::optional<std::pair<std::string, Millis>>>;
  void insert_case(const Case& c, const std::string& doc, const ItemDues& due, std::optional<Millis> case_due);
  void update_case(const Case& c, const std::string& doc, const ItemDues& due, std::optional<Millis> case_due);
  std::optional<std::string> case_doc(const std::string& case_id);
  std::optional<std::string> case_by_idempotency_key(const std::string& key);
  void remember_idempotency_key(const std::string& key, int64_t case_seq);
  std::vector<SubjectItem> items_of_person(const std::string& id_number);
  std::vector<std::string> list_case_docs(const CaseFilter& f);
  // Closed cases that still owe something (emergency paperwork), oldest first.
  std::vector<std::string> closed_case_docs_with_obligations();

  // Events, append-only.
  void append_event(const EventRow& e);
  std::vector<EventRow> events_of_case(const std::string& case_id);

  // The outbox.
  void add_job(const JobRow& j);
  // Claims up to `limit` jobs that are due at `now` (the engine's clock), oldest first,
  // skipping any job with an earlier undelivered job for the same case and unit (order
  // per case), and any unit in `skip_units`. A claim increments attempts and leases the
  // job until wall_now + lease_ms before the caller delivers it. Leases run on the real
  // clock, so moving a manual engine clock never frees a job that is still in flight.
  std::vector<JobRow> claim_jobs(Millis now, Millis wall_now, int limit, Millis lease_ms,
                                 const std::vector<std::string>& skip_units);
  void job_delivered(const std::string& id, const std::string& reference, Millis at);
  void job_retry(const std::string& id, Millis next_at, const std::string& error);
  void job_dead(const std::string& id, const std::string& error, Millis at);
  bool job_revive(const std::string& id, Millis now);
  std::optional<JobRow> job(const std::string& id);
  // Jobs in order; bodies are read only when asked for.
  std::vector<JobRow> jobs(const std::optional<std::string>& case_id, const std::optional<std::string>& state,
                           int64_t limit, bool with_body);
  std::vector<JobRow> jobs_of_case(const std::string& case_id);

 private:
  void migrate();
  void write_index(const Case& c, const std::vector<std::optional<std::pair<std::string, Millis>>>& due);
  OwnerLock owner_;  // before the connection: nothing is touched unless this engine owns the file
  SqliteDb db_;
  int schema_version_ = 0;
};

}  // namespace od
