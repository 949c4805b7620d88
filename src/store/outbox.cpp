// The transactional outbox: delivery jobs written in the same transaction as the change
// that causes them, claimed by the dispatcher, and their results.
#include <boost/json.hpp>

#include "store/sqlite_tx.h"
#include "store/store_keys.h"
#include "util/failure.h"

namespace od {
namespace {

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

}  // namespace

void SqliteTx::add_job(const JobRow& j) {
  Statement s = db_.prepare(
      "INSERT INTO outbox(id, case_id, item_id, unit, kind, state, created_at, next_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7)");
  s.bind(1, j.id).bind(2, j.case_id).bind(3, j.item_id).bind(4, j.unit).bind(5, j.kind);
  s.bind(6, j.created_at).bind(7, j.next_at);
  s.run();
  db_.prepare("INSERT INTO outbox_bodies(seq, body) VALUES(last_insert_rowid(), ?1)").bind(1, j.body).run();
}

std::vector<JobRow> SqliteTx::claim_jobs(Millis now, Millis wall_now, int limit, Millis lease_ms,
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

void SqliteTx::job_delivered(const std::string& id, const std::string& reference, Millis at) {
  db_.prepare(
         "UPDATE outbox SET state = 'delivered', reference = ?2, delivered_at = ?3, lease_until = NULL, "
         "last_error = '' WHERE id = ?1 AND state = 'pending'")
      .bind(1, id)
      .bind(2, reference)
      .bind(3, at)
      .run();
}

void SqliteTx::job_retry(const std::string& id, Millis next_at, const std::string& error) {
  db_.prepare("UPDATE outbox SET next_at = ?2, last_error = ?3, lease_until = NULL WHERE id = ?1 AND state = 'pending'")
      .bind(1, id)
      .bind(2, next_at)
      .bind(3, error)
      .run();
}

void SqliteTx::job_dead(const std::string& id, const std::string& error, Millis at) {
  db_.prepare(
         "UPDATE outbox SET state = 'dead', last_error = ?2, dead_at = ?3, lease_until = NULL WHERE id = ?1 "
         "AND state = 'pending'")
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
  Statement s = db_.prepare(
      "SELECT seq, id, case_id, item_id, unit, kind, (SELECT body FROM outbox_bodies b WHERE b.seq = o.seq), "
      "state, attempts, created_at, next_at, lease_until, "
      "last_error, reference, delivered_at, dead_at FROM outbox o WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_job(s);
}

std::vector<JobRow> SqliteTx::jobs(const std::optional<std::string>& case_id, const std::optional<std::string>& state,
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

std::vector<JobRow> SqliteTx::jobs_of_case(const std::string& case_id) { return jobs(case_id, std::nullopt, 100000, false); }

std::map<std::string, int64_t> SqliteTx::job_counts() {
  std::map<std::string, int64_t> out;
  Statement s = db_.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
  while (s.step()) out[s.text(0)] = s.int64(1);
  return out;
}

void SqliteTx::release_leases() {
  db_.prepare("UPDATE outbox SET lease_until = NULL WHERE state = 'pending' AND lease_until IS NOT NULL").run();
}

}  // namespace od
