// StoreTx over one SQLite connection that is inside a transaction (BEGIN IMMEDIATE for
// a write, a deferred read snapshot for a read). Its methods live in files by subject:
// sqlite_cases.cpp (cases, their index, events, counters), sqlite_queries.cpp (lists
// and statistics), outbox.cpp (delivery jobs).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "store/sql_db.h"
#include "store/store.h"

namespace od {

class SqliteTx final : public StoreTx {
 public:
  SqliteTx(SqlDb& db, const Indexer& indexer) : db_(db), indexer_(indexer) {}

  int64_t next_counter(const std::string& name) override;
  int64_t next_case_seq() override;

  void insert_case(const Case& c) override;
  void update_case(const Case& c) override;
  std::optional<Case> find_case(const std::string& case_id) override;
  std::optional<std::string> case_by_idempotency_key(const std::string& window, const std::string& key) override;
  void remember_idempotency_key(const std::string& window, const std::string& key, int64_t case_seq) override;
  std::vector<SubjectItem> items_of_people(const std::vector<std::string>& id_numbers) override;

  CasePage list_cases(const CaseQuery& q) override;
  DuePage list_due(const DueQuery& q) override;
  GrantPage list_grants(const GrantQuery& q) override;
  std::vector<Tally> rollup(const std::string& scope, RollupLevel level, int64_t from, int64_t to) override;
  std::vector<Case> cases_received(const std::string& scope, Millis from, Millis to, int64_t limit) override;
  int64_t overdue_items(const std::string& scope, Millis due_from, Millis due_to, Millis from, Millis to) override;

  void append_event(const EventRow& e) override;
  std::vector<EventRow> events_of_case(const std::string& case_id) override;

  void add_publication(const PublicationRow& p) override;
  std::optional<PublicationRow> publication(const std::string& id) override;
  std::vector<PublicationRow> publications(int64_t limit) override;
  std::vector<std::string> integrity_problems(std::string& head, int64_t& links) override;
  std::string district_head() override;

  void add_job(const JobRow& j) override;
  std::vector<JobRow> claim_jobs(Millis now, Millis wall_now, int limit, Millis lease_ms,
                                 const std::vector<std::string>& skip_units) override;
  void job_delivered(const std::string& id, const std::string& reference, Millis at) override;
  void job_retry(const std::string& id, Millis next_at, const std::string& error) override;
  void job_dead(const std::string& id, const std::string& error, Millis at) override;
  bool job_revive(const std::string& id, Millis now) override;
  std::optional<JobRow> job(const std::string& id) override;
  std::vector<std::string> renew_leases(const std::vector<std::pair<std::string, Millis>>& held,
                                        Millis until) override;
  void release_lease(const std::string& id, Millis held) override;
  std::vector<JobRow> jobs(const JobQuery& q) override;
  std::vector<JobRow> jobs_of_case(const std::string& case_id) override;
  std::vector<JobRow> held_jobs(int64_t limit) override;
  std::map<std::string, int64_t> job_counts() override;
  void release_leases() override;

  // Writes the index rows of case `seq` that differ between `before` and `after`
  // (before is empty for a new case). Also used by the migration that builds the
  // index of an existing database.
  // fresh: a case just inserted, whose rows no index table can hold yet: plain INSERTs
  // (an upsert costs PostgreSQL a conflict probe of each row's key first)
  void apply_index_diff(int64_t seq, Millis received_at, const CaseIndex& before, const CaseIndex& after,
                        bool fresh = false);
  // Recomputes the index of a stored case (after a migration, or when the rules behind
  // its deadlines changed) and writes what differs.
  void reindex_case(int64_t seq);
  // reindex_case for every stored case, or only for those that owe something (what a
  // migration that adds a tally of open work needs: archived cases owe nothing).
  void reindex_cases(bool owing_only);

  // The district chain's head as this transaction knows it (nothing until it is read or
  // written). A write group hands it from one writer's SqliteTx to the next, so that only
  // the group's first appender reads it (PostgreSQL: read already with BEGIN).
  const std::optional<std::string>& chain_head() const { return chain_head_; }
  void set_chain_head(std::optional<std::string> head) { chain_head_ = std::move(head); }

 private:
  void write_items(const Case& c, const CaseIndex& ix, bool fresh);
  SqlDb& db_;
  const Indexer& indexer_;
  // What this transaction wrote last, so that its next event needs no read: per case the
  // last event's number and hash, and the district chain's head once it holds the chain.
  // A SqliteTx lives for one writer: a rollback to its savepoint forgets these with it.
  std::map<int64_t, std::pair<int64_t, std::string>> last_event_;
  std::optional<std::string> chain_head_;
};

// The index a case row remembers it wrote ("" gives an empty index).
std::string encode_index(const CaseIndex& ix);
CaseIndex decode_index(const std::string& text);

}  // namespace od
