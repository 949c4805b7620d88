// The transactional outbox: delivery jobs written in the same transaction as the change
// that causes them, claimed by the dispatcher with a lease each, and their results.
//
// Two tables: `outbox` holds the jobs still owed (pending and dead letters) and stays
// small; a delivered job moves to `outbox_history`, which only grows at its end. Claims
// and the order check per (case, unit) walk the small table; case views walk both by
// case; lists page both by seq. SQL is fixed text per filter (the statement cache is
// keyed by the literal), never "(?1 IS NULL OR ...)", which SQLite cannot answer from an
// index.
#include <boost/json.hpp>

#include "store/sqlite_tx.h"
#include "store/store_keys.h"
#include "util/failure.h"

namespace od {
namespace {

// The columns read_job() expects, for a job still owed (BODY: the body or '').
#define OD_HOT_COLUMNS(BODY)                                                                              \
  "o.seq, o.id, o.case_id, o.item_id, o.unit, o.kind, " BODY ", o.state, o.attempts, o.created_at, "      \
  "o.next_at, o.lease_until, o.last_error, o.reference, o.delivered_at, o.dead_at, "                      \
  "CASE WHEN o.state = 'pending' THEN (SELECT p.id || CASE p.state WHEN 'dead' THEN ' (a dead letter)' "  \
  "ELSE '' END FROM outbox p WHERE p.case_id = o.case_id AND p.unit = o.unit AND p.seq < o.seq "          \
  "ORDER BY p.seq LIMIT 1) END "
// ... and for a delivered one.
#define OD_HISTORY_COLUMNS(BODY)                                                                          \
  "o.seq, o.id, o.case_id, o.item_id, o.unit, o.kind, " BODY ", 'delivered', o.attempts, o.created_at, "  \
  "o.created_at, NULL, '', o.reference, o.delivered_at, NULL, NULL "
#define OD_BODY "(SELECT body FROM outbox_bodies b WHERE b.seq = o.seq)"
#define OD_BODY_IF "CASE WHEN ?9 THEN (SELECT body FROM outbox_bodies b WHERE b.seq = o.seq) ELSE '' END"

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
  if (!s.is_null(16)) j.held_reason = "waiting behind " + s.text(16);
  return j;
}

// Runs a statement whose parameters follow the convention of jobs(): ?1 case id,
// ?2 state, ?3 after seq, ?4 limit, ?9 with body.
std::vector<JobRow> run_query(SqlDb& db, const char* sql, const StoreTx::JobQuery& q) {
  Statement s = db.prepare(sql);
  if (q.case_id) s.bind(1, *q.case_id);
  if (q.state) s.bind(2, *q.state);
  s.bind(3, q.after_seq).bind(4, q.limit).bind(9, q.with_body ? 1 : 0);
  std::vector<JobRow> out;
  while (s.step()) out.push_back(read_job(s));
  return out;
}

}  // namespace

void SqliteTx::add_job(const JobRow& j) {
  // seq is unique over both tables (a delivered job's seq must never be reused, and
  // the hot table's largest row may have moved to the history): both maxima are reads
  // of the last entry of a b-tree
  if (db_.dialect() == Dialect::Postgres) {
    // a sequence: unique over both tables and over processes (gaps do not matter here)
    Statement s = db_.prepare(
        "INSERT INTO outbox(seq, id, case_id, item_id, unit, kind, state, created_at, next_at) "
        "VALUES(nextval('outbox_seq'), ?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7)");
    s.bind(1, j.id).bind(2, j.case_id).bind(3, j.item_id).bind(4, j.unit).bind(5, j.kind);
    s.bind(6, j.created_at).bind(7, j.next_at);
    s.send();
    db_.prepare("INSERT INTO outbox_bodies(seq, body) VALUES(currval('outbox_seq'), ?1)").bind(1, j.body).send();
    return;
  }
  Statement s = db_.prepare(
      "INSERT INTO outbox(seq, id, case_id, item_id, unit, kind, state, created_at, next_at) "
      "VALUES(max(COALESCE((SELECT MAX(seq) FROM outbox), 0), COALESCE((SELECT MAX(seq) FROM outbox_history), 0)) + 1, "
      "?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7)");
  s.bind(1, j.id).bind(2, j.case_id).bind(3, j.item_id).bind(4, j.unit).bind(5, j.kind);
  s.bind(6, j.created_at).bind(7, j.next_at);
  s.run();
  db_.prepare("INSERT INTO outbox_bodies(seq, body) VALUES(last_insert_rowid(), ?1)").bind(1, j.body).run();
}

std::vector<JobRow> SqliteTx::claim_jobs(Millis now, Millis wall_now, int limit, Millis lease_ms,
                                      const std::vector<std::string>& skip_units) {
  // Walks outbox_pending in due order; the order check is a walk of outbox_case.
  // Units whose plugin is disabled are left out in SQL, so their waiting jobs never
  // crowd out the jobs of units that can be delivered.
  static const char* const kSql[2] = {
      "SELECT " OD_HOT_COLUMNS(OD_BODY) "FROM outbox o "
      "WHERE o.state = 'pending' AND o.next_at <= ?1 AND (o.lease_until IS NULL OR o.lease_until <= ?2) "
      "AND NOT EXISTS(SELECT 1 FROM outbox p WHERE p.case_id = o.case_id AND p.unit = o.unit AND p.seq < o.seq) "
      "ORDER BY o.next_at, o.seq LIMIT ?4",
      "SELECT " OD_HOT_COLUMNS(OD_BODY) "FROM outbox o "
      "WHERE o.state = 'pending' AND o.next_at <= ?1 AND (o.lease_until IS NULL OR o.lease_until <= ?2) "
      "AND o.unit NOT IN (SELECT value FROM json_each(?3)) "
      "AND NOT EXISTS(SELECT 1 FROM outbox p WHERE p.case_id = o.case_id AND p.unit = o.unit AND p.seq < o.seq) "
      "ORDER BY o.next_at, o.seq LIMIT ?4",
  };
  // beside other processes, the rows claimed stay locked until the lease is written, and
  // rows another claimer holds are passed over
  std::string sql = kSql[skip_units.empty() ? 0 : 1];
  if (db_.locks_for_writes()) sql += " FOR UPDATE OF o SKIP LOCKED";
  Statement s = db_.prepare(sql);
  s.bind(1, now).bind(2, wall_now).bind(4, static_cast<int64_t>(limit));
  if (!skip_units.empty()) {
    boost::json::array skip;
    for (const auto& u : skip_units) skip.push_back(boost::json::value(u));
    s.bind(3, boost::json::serialize(skip));
  }
  std::vector<JobRow> out;
  while (s.step()) out.push_back(read_job(s));
  for (auto& j : out) {
    j.lease_until = wall_now + lease_ms;
    db_.prepare("UPDATE outbox SET lease_until = ?2 WHERE id = ?1").bind(1, j.id).bind(2, *j.lease_until).send();
  }
  return out;
}

// A lease is renewed or given back only by the claimer whose lease it still is: one whose
// lease ran out while it waited (a lock, a slow disk, a paused process) finds another
// claimer's later lease_until and leaves it alone, instead of extending it and sending
// the job beside the new claimer (two POSTs at once, found by nodes.pg).
std::vector<std::string> SqliteTx::renew_leases(const std::vector<std::pair<std::string, Millis>>& held,
                                                Millis until) {
  std::vector<std::string> renewed;
  for (const auto& [id, lease] : held) {
    db_.prepare("UPDATE outbox SET lease_until = ?2 WHERE id = ?1 AND state = 'pending' AND lease_until = ?3")
        .bind(1, id)
        .bind(2, until)
        .bind(3, lease)
        .run();
    if (db_.changes() == 1) renewed.push_back(id);
  }
  return renewed;
}

void SqliteTx::release_lease(const std::string& id, Millis held) {
  db_.prepare("UPDATE outbox SET lease_until = NULL WHERE id = ?1 AND state = 'pending' AND lease_until = ?2")
      .bind(1, id)
      .bind(2, held)
      .run();
}

void SqliteTx::job_delivered(const std::string& id, const std::string& reference, Millis at) {
  Statement s = db_.prepare(
      "INSERT INTO outbox_history(seq, id, case_id, item_id, unit, kind, attempts, created_at, reference, delivered_at) "
      "SELECT seq, id, case_id, item_id, unit, kind, attempts + 1, created_at, ?2, ?3 FROM outbox "
      "WHERE id = ?1 AND state = 'pending'");
  s.bind(1, id).bind(2, reference).bind(3, at);
  s.run();
  if (db_.changes() != 1) return;  // no longer pending: someone else recorded it
  db_.prepare("DELETE FROM outbox WHERE id = ?1").bind(1, id).run();
  db_.prepare("UPDATE counters SET value = value + 1 WHERE name = 'outbox.delivered'").run();
}

void SqliteTx::job_retry(const std::string& id, Millis next_at, const std::string& error) {
  db_.prepare(
         "UPDATE outbox SET attempts = attempts + 1, next_at = ?2, last_error = ?3, lease_until = NULL "
         "WHERE id = ?1 AND state = 'pending'")
      .bind(1, id)
      .bind(2, next_at)
      .bind(3, error)
      .run();
}

void SqliteTx::job_dead(const std::string& id, const std::string& error, Millis at) {
  db_.prepare(
         "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?2, dead_at = ?3, "
         "lease_until = NULL WHERE id = ?1 AND state = 'pending'")
      .bind(1, id)
      .bind(2, error)
      .bind(3, at)
      .run();
}

bool SqliteTx::job_revive(const std::string& id, Millis now) {
  db_.prepare(
         "UPDATE outbox SET state = 'pending', attempts = 0, next_at = ?2, created_at = ?2, dead_at = NULL, "
         "lease_until = NULL WHERE id = ?1 AND state = 'dead'")
      .bind(1, id)
      .bind(2, now)
      .run();
  return db_.changes() == 1;
}

std::optional<JobRow> SqliteTx::job(const std::string& id) {
  {
    Statement s = db_.prepare("SELECT " OD_HOT_COLUMNS(OD_BODY) "FROM outbox o WHERE o.id = ?1");
    s.bind(1, id);
    if (s.step()) return read_job(s);
  }
  Statement s = db_.prepare("SELECT " OD_HISTORY_COLUMNS(OD_BODY) "FROM outbox_history o WHERE o.id = ?1");
  s.bind(1, id);
  if (s.step()) return read_job(s);
  return std::nullopt;
}

std::vector<JobRow> SqliteTx::jobs(const JobQuery& q) {
  // One fixed statement per filter: [case given][state given] for the hot table,
  // [case given] for the history.
  static const char* const kHot[2][2] = {
      {"SELECT " OD_HOT_COLUMNS(OD_BODY_IF) "FROM outbox o WHERE o.seq > ?3 ORDER BY o.seq LIMIT ?4",
       "SELECT " OD_HOT_COLUMNS(OD_BODY_IF) "FROM outbox o WHERE o.state = ?2 AND o.seq > ?3 ORDER BY o.seq LIMIT ?4"},
      {"SELECT " OD_HOT_COLUMNS(OD_BODY_IF) "FROM outbox o WHERE o.case_id = ?1 AND o.seq > ?3 ORDER BY o.seq LIMIT ?4",
       "SELECT " OD_HOT_COLUMNS(OD_BODY_IF)
       "FROM outbox o WHERE o.case_id = ?1 AND o.state = ?2 AND o.seq > ?3 ORDER BY o.seq LIMIT ?4"},
  };
  static const char* const kHistory[2] = {
      "SELECT " OD_HISTORY_COLUMNS(OD_BODY_IF) "FROM outbox_history o WHERE o.seq > ?3 ORDER BY o.seq LIMIT ?4",
      "SELECT " OD_HISTORY_COLUMNS(OD_BODY_IF)
      "FROM outbox_history o WHERE o.case_id = ?1 AND o.seq > ?3 ORDER BY o.seq LIMIT ?4",
  };
  bool by_case = q.case_id.has_value();
  if (q.state && parse_job_state(*q.state) == JobState::Delivered) {
    JobQuery h = q;
    h.state.reset();
    return run_query(db_, kHistory[by_case], h);
  }
  std::vector<JobRow> hot = run_query(db_, kHot[by_case][q.state ? 1 : 0], q);
  if (q.state) return hot;
  // both tables: merge the two seq-ordered pages and keep the first `limit`
  std::vector<JobRow> done = run_query(db_, kHistory[by_case], q);
  std::vector<JobRow> out;
  out.reserve(std::min<size_t>(static_cast<size_t>(q.limit), hot.size() + done.size()));
  size_t a = 0, b = 0;
  while (static_cast<int64_t>(out.size()) < q.limit && (a < hot.size() || b < done.size())) {
    if (b == done.size() || (a < hot.size() && hot[a].seq < done[b].seq)) out.push_back(std::move(hot[a++]));
    else out.push_back(std::move(done[b++]));
  }
  return out;
}

std::vector<JobRow> SqliteTx::jobs_of_case(const std::string& case_id) {
  JobQuery q;
  q.case_id = case_id;
  q.limit = 100000;
  return jobs(q);
}

std::vector<JobRow> SqliteTx::held_jobs(int64_t limit) {
  // from each dead letter (outbox_dead) to the pending jobs behind it (outbox_case)
  Statement s = db_.prepare(
      "SELECT " OD_HOT_COLUMNS("''") "FROM outbox o WHERE o.state = 'pending' AND o.seq IN ("
      "SELECT p.seq FROM outbox d JOIN outbox p ON p.case_id = d.case_id AND p.unit = d.unit AND p.seq > d.seq "
      "WHERE d.state = 'dead') ORDER BY o.seq LIMIT ?1");
  s.bind(1, limit);
  std::vector<JobRow> out;
  while (s.step()) out.push_back(read_job(s));
  return out;
}

std::map<std::string, int64_t> SqliteTx::job_counts() {
  // delivered jobs are counted as they move to the history (counters), so stats never
  // walks the history; absent when none
  std::map<std::string, int64_t> out;
  auto count = [&](const char* state, const char* sql) {
    Statement s = db_.prepare(sql);
    if (s.step() && s.int64(0) > 0) out[state] = s.int64(0);
  };
  count("dead", "SELECT COUNT(*) FROM outbox WHERE state = 'dead'");
  count("delivered", "SELECT COALESCE((SELECT value FROM counters WHERE name = 'outbox.delivered'), 0)");
  count("pending", "SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
  return out;
}

void SqliteTx::release_leases() {
  db_.prepare("UPDATE outbox SET lease_until = NULL WHERE state = 'pending' AND lease_until IS NOT NULL").run();
}

}  // namespace od
