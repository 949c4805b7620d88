// The PostgreSQL driver's pipeline (src/store/pg_db.*): writes queued by Statement::send()
// go to the server with the next read or flush(), in order; a queued write's error is
// thrown there, with its SQLSTATE, and leaves the connection usable after a rollback; a
// statement whose PREPARE was aborted in a failed pipeline is prepared again next time.
// Runs on the cluster named by ONEDOOR_TEST_PG (registered only when one is given).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "store/pg_db.h"
#include "util/failure.h"

namespace {

std::unique_ptr<od::PgDb> connect() {
  const char* conninfo = std::getenv("ONEDOOR_TEST_PG");
  REQUIRE(conninfo);
  auto db = std::make_unique<od::PgDb>(conninfo, "", true);
  db->exec_raw("CREATE TEMP TABLE t(k bigint PRIMARY KEY, v text NOT NULL)");
  return db;
}

int64_t count(od::PgDb& db) {
  od::Statement s = db.prepare("SELECT COUNT(*) FROM t");
  REQUIRE(s.step());
  return s.int64(0);
}

}  // namespace

TEST_CASE("queued writes reach the server, in order, with the next read") {
  auto db = connect();
  db->exec_raw("BEGIN");
  for (int64_t k = 1; k <= 600; ++k)  // more than one queue's worth (kMaxQueued)
    db->prepare("INSERT INTO t(k, v) VALUES(?1, ?2)").bind(1, k).bind(2, "v" + std::to_string(k)).send();
  db->prepare("UPDATE t SET v = 'changed' WHERE k = ?1").bind(1, int64_t{600}).send();
  od::Statement s = db->prepare("SELECT v FROM t WHERE k = ?1");
  s.bind(1, int64_t{600});
  REQUIRE(s.step());
  CHECK(s.text(0) == "changed");  // the UPDATE ran after the INSERT it follows
  CHECK(count(*db) == 600);
  db->exec_raw("COMMIT");
  CHECK(count(*db) == 600);
}

TEST_CASE("a queued write's error is thrown at flush, and a rollback recovers") {
  auto db = connect();
  db->exec_raw("BEGIN");
  db->prepare("INSERT INTO t(k, v) VALUES(?1, ?2)").bind(1, int64_t{1}).bind(2, "a").send();
  db->prepare("INSERT INTO t(k, v) VALUES(?1, ?2)").bind(1, int64_t{1}).bind(2, "again").send();  // duplicate key
  // first used after the failure: its PREPARE is aborted with the rest of the pipeline
  db->prepare("INSERT INTO t(v, k) VALUES(?2, ?1)").bind(1, int64_t{2}).bind(2, "b").send();
  try {
    db->flush();
    FAIL("flush did not throw");
  } catch (const od::Failure& f) {
    CHECK(f.status() == OD_ERR_STORAGE);
    CHECK(std::string(f.what()).find("duplicate key") != std::string::npos);
    CHECK(std::string(f.what()).find("INSERT INTO t") != std::string::npos);  // names the statement
  }
  CHECK(db->last_sqlstate() == "23505");
  CHECK_FALSE(db->retryable());
  db->exec_raw("ROLLBACK");
  CHECK(count(*db) == 0);  // nothing of the failed transaction
  // the statement whose PREPARE was aborted is prepared again, queued or not
  db->exec_raw("BEGIN");
  db->prepare("INSERT INTO t(v, k) VALUES(?2, ?1)").bind(1, int64_t{2}).bind(2, "b").send();
  db->flush();
  db->exec_raw("COMMIT");
  CHECK(count(*db) == 1);
}

TEST_CASE("a read behind a failed queued write throws instead of answering") {
  auto db = connect();
  db->exec_raw("INSERT INTO t(k, v) VALUES(7, 'x')");
  db->exec_raw("BEGIN");
  db->prepare("INSERT INTO t(k, v) VALUES(?1, ?2)").bind(1, int64_t{7}).bind(2, "dup").send();
  od::Statement s = db->prepare("SELECT v FROM t WHERE k = ?1");
  s.bind(1, int64_t{7});
  CHECK_THROWS_AS(s.step(), od::Failure);
  CHECK(db->last_sqlstate() == "23505");
  db->discard();  // nothing queued is left; a no-op
  db->exec_raw("ROLLBACK");
  CHECK(count(*db) == 1);
}

TEST_CASE("discard forgets queued work without throwing and keeps a deadlock's SQLSTATE") {
  auto db = connect();
  db->exec_raw("BEGIN");
  db->prepare("INSERT INTO t(k, v) VALUES(?1, ?2)").bind(1, int64_t{1}).bind(2, "a").send();
  // a serialization failure raised on purpose: the store's group commit reruns on these
  db->prepare("SELECT CASE WHEN ?1 > 0 THEN pg_sleep(0) END").bind(1, int64_t{1}).send();
  db->send_raw("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$");
  db->discard();
  CHECK(db->retryable());
  db->exec_raw("ROLLBACK");
  CHECK(count(*db) == 0);
}

TEST_CASE("a connection whose server went away with work queued counts as broken, and says so") {
  auto db = connect();
  auto other = std::make_unique<od::PgDb>(std::getenv("ONEDOOR_TEST_PG"), "", true);
  const int pid = PQbackendPID(db->handle());
  REQUIRE(pid > 0);
  REQUIRE_FALSE(db->broken());
  db->exec_raw("BEGIN");
  for (int64_t k = 1; k <= 50; ++k)
    db->prepare("INSERT INTO t(k, v) VALUES(?1, ?2)").bind(1, k).bind(2, "queued").send();
  // the server ends this connection's backend while its writes wait in the pipeline
  other->exec_raw("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  for (int i = 0; i < 500; ++i) {  // up to 5 s for the backend to be gone
    od::Statement s = other->prepare("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?1");
    s.bind(1, int64_t{pid});
    REQUIRE(s.step());
    if (s.int64(0) == 0) break;
    usleep(10000);
  }
  db->discard();  // what a writer does after a failure, before it gives the connection up
  CHECK(db->broken());  // the store then opens a new one instead of failing forever
  CHECK(db->last_sqlstate() != "");
  // any later use fails at once with STORAGE, never hangs or answers
  try {
    od::Statement s = db->prepare("SELECT COUNT(*) FROM t");
    s.step();
    FAIL("a read on a lost connection answered");
  } catch (const od::Failure& f) {
    CHECK(f.status() == OD_ERR_STORAGE);
  }
  CHECK(db->broken());
}

TEST_CASE("a COMMIT the server turned into a ROLLBACK is an error, never OK") {
  auto db = connect();
  for (bool queued : {false, true}) {
    INFO((queued ? "COMMIT queued in the pipeline" : "COMMIT run at once"));
    db->exec_raw("BEGIN");
    db->prepare("INSERT INTO t(k, v) VALUES(?1, ?2)").bind(1, int64_t{1}).bind(2, "a").send();
    db->send_raw("SELECT 1 / 0");  // fails: the transaction is aborted from here on
    db->discard();                  // and the failure forgotten, as a careless path would
    try {
      if (queued) {
        db->send_raw("COMMIT");
        db->flush();
      } else {
        db->exec_raw("COMMIT");
      }
      FAIL("the COMMIT of an aborted transaction returned OK");
    } catch (const od::Failure& f) {
      CHECK(f.status() == OD_ERR_STORAGE);
      CHECK(std::string(f.what()).find("rolled back at COMMIT") != std::string::npos);
    }
    CHECK_FALSE(db->retryable());
    CHECK(count(*db) == 0);  // nothing was written, and the connection is usable again
  }
}
