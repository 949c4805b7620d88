// The WAL-batching VFS (src/store/wal_batching_vfs.cpp) below a counting VFS that
// stands in for the platform's: how many writes reach the WAL file, whether another
// connection (on the plain VFS) sees every committed row, and what a failed write leaves.
// And the background checkpointer (src/store/wal_checkpointer.cpp): the WAL stays bounded.
// Its own executable: the counting VFS must be the default before the batching VFS is
// first used, since the batching VFS wraps whatever the default was then.
#define CATCH_CONFIG_MAIN
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "store/wal_batching_vfs.h"
#include "store/wal_checkpointer.h"

namespace {

// ---- the counting VFS: the platform's files, with WAL writes counted and failable -----
sqlite3_vfs* g_platform = nullptr;
sqlite3_vfs g_counting;
const sqlite3_io_methods* g_platform_methods = nullptr;
sqlite3_io_methods g_counting_methods;
int g_wal_writes = 0;
long g_wal_bytes = 0;
int g_fail_after = -1;  // >= 0: the WAL write after this many more fails as a full disk

int g_failed_writes = 0;

int counting_write(sqlite3_file* f, const void* data, int amt, sqlite3_int64 off) {
  if (g_fail_after == 0) return ++g_failed_writes, SQLITE_FULL;
  if (g_fail_after > 0) --g_fail_after;
  ++g_wal_writes;
  g_wal_bytes += amt;
  return g_platform_methods->xWrite(f, data, amt, off);
}

int counting_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
  int rc = g_platform->xOpen(g_platform, name, f, flags, out);
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && f->pMethods) {
    // the platform's file as it is, with only xWrite counted
    if (!g_platform_methods) {
      g_platform_methods = f->pMethods;
      g_counting_methods = *f->pMethods;
      g_counting_methods.xWrite = counting_write;
    }
    REQUIRE(f->pMethods == g_platform_methods);
    f->pMethods = &g_counting_methods;
  }
  return rc;
}

struct CountingDefault {
  CountingDefault() {
    g_platform = sqlite3_vfs_find(nullptr);
    g_counting = *g_platform;
    g_counting.zName = "counting";
    g_counting.pNext = nullptr;
    g_counting.xOpen = counting_open;
    sqlite3_vfs_register(&g_counting, 1);
  }
};
const CountingDefault g_counting_default;

struct TempDb {
  std::string path;
  TempDb() {
    char tmpl[] = "/tmp/od-walbatch-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    path = std::string(tmpl) + "/t.db";
  }
  ~TempDb() { std::filesystem::remove_all(std::filesystem::path(path).parent_path()); }
};

sqlite3* open_db(const std::string& path, const char* vfs, int page_size = 4096) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, ("PRAGMA page_size=" + std::to_string(page_size)).c_str(), nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  return db;
}

int exec(sqlite3* db, const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }

// One transaction of `rows` rows of `size` bytes each, row ids from `first`.
int insert_rows(sqlite3* db, int first, int rows, int size) {
  return exec(db, "BEGIN; WITH RECURSIVE n(i) AS (SELECT " + std::to_string(first) + " UNION ALL SELECT i + 1 FROM n WHERE i < " +
                      std::to_string(first + rows - 1) + ") INSERT INTO t(id, v) SELECT i, randomblob(" +
                      std::to_string(size) + ") FROM n; COMMIT");
}

std::string text(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
      sqlite3_column_text(s, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  else
    out = std::string("error: ") + sqlite3_errmsg(db);
  sqlite3_finalize(s);
  return out;
}

long long scalar(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  long long v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return v;
}

}  // namespace

TEST_CASE("a commit's WAL frames reach the file in one write, not two per page") {
  const char* batching = od::wal_batching_vfs();
  for (const char* vfs : {batching, "counting"}) {
    TempDb t;
    sqlite3* db = open_db(t.path, vfs);
    REQUIRE(exec(db, "PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)") == SQLITE_OK);
    REQUIRE(insert_rows(db, 1, 1, 10) == SQLITE_OK);
    g_wal_writes = 0;
    g_wal_bytes = 0;
    REQUIRE(insert_rows(db, 2, 20, 3000) == SQLITE_OK);  // about 20 pages: 20 frames
    const long frames = g_wal_bytes / (24 + 4096);
    CHECK(frames >= 20);
    if (vfs == batching) CHECK(g_wal_writes == 1);
    else CHECK(g_wal_writes == 2 * frames);  // what the platform's VFS does: the reason for the shim
    sqlite3_close(db);
  }
}

TEST_CASE("another connection sees every committed row, with no sync to flush the WAL") {
  for (int page_size : {4096, 65536}) {
    TempDb t;
    sqlite3* db = open_db(t.path, od::wal_batching_vfs(), page_size);
    // synchronous=OFF: the WAL is never synced, so only the commit frame's write puts the
    // held frames into the file before the commit becomes visible
    REQUIRE(exec(db, "PRAGMA synchronous=OFF; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)") == SQLITE_OK);
    sqlite3* reader = nullptr;
    REQUIRE(sqlite3_open_v2(t.path.c_str(), &reader, SQLITE_OPEN_READONLY, "counting") == SQLITE_OK);
    int next = 1;
    // small commits, one of several 128 KiB pieces, and one above the megabyte held at most
    for (auto [rows, size] : {std::pair{1, 10}, {3, 500}, {60, 3000}, {400, 4000}, {2, 70000}}) {
      REQUIRE(insert_rows(db, next, rows, size) == SQLITE_OK);
      next += rows;
      CHECK(scalar(reader, "SELECT count(*) FROM t") == next - 1);
      const std::string sum = "SELECT sum(length(v)) FROM t WHERE id >= " + std::to_string(next - rows);
      CHECK(scalar(reader, sum.c_str()) == static_cast<long long>(rows) * size);
    }
    sqlite3_close(reader);
    sqlite3_close(db);
    // and from the file alone, as after a crash: the WAL is replayed on open
    sqlite3* again = nullptr;
    REQUIRE(sqlite3_open_v2(t.path.c_str(), &again, SQLITE_OPEN_READONLY, "counting") == SQLITE_OK);
    CHECK(scalar(again, "SELECT count(*) FROM t") == next - 1);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(again, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "ok");
    sqlite3_finalize(s);
    sqlite3_close(again);
  }
}

TEST_CASE("a write that fails leaves the transaction out and the database whole") {
  TempDb t;
  sqlite3* db = open_db(t.path, od::wal_batching_vfs());
  REQUIRE(exec(db, "PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)") == SQLITE_OK);
  REQUIRE(insert_rows(db, 1, 10, 1000) == SQLITE_OK);
  // the first piece of a 400-row commit reaches the file, the second fails
  g_fail_after = 1;
  CHECK(insert_rows(db, 11, 400, 4000) == SQLITE_FULL);
  g_fail_after = -1;
  exec(db, "ROLLBACK");
  CHECK(scalar(db, "SELECT count(*) FROM t") == 10);
  REQUIRE(insert_rows(db, 11, 5, 1000) == SQLITE_OK);
  sqlite3_close(db);
  sqlite3* again = nullptr;
  REQUIRE(sqlite3_open_v2(t.path.c_str(), &again, SQLITE_OPEN_READONLY, "counting") == SQLITE_OK);
  CHECK(scalar(again, "SELECT count(*) FROM t") == 15);
  CHECK(scalar(again, "SELECT max(id) FROM t") == 15);
  sqlite3_close(again);
}

// The three below were found in review (round 9), each a way for held bytes to outlive
// the write that should have ended them; each failed before the fix.

TEST_CASE("pages a rolled-back transaction spilled never land on another writer's commit") {
  TempDb t;
  sqlite3* a = open_db(t.path, od::wal_batching_vfs());
  REQUIRE(exec(a, "PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)") == SQLITE_OK);
  REQUIRE(insert_rows(a, 1, 1, 100) == SQLITE_OK);
  sqlite3* b = nullptr;  // another process's connection, on the platform's VFS
  REQUIRE(sqlite3_open_v2(t.path.c_str(), &b, SQLITE_OPEN_READWRITE, "unix") == SQLITE_OK);
  // a small cache makes the big transaction spill pages into the WAL before its commit;
  // a caught-up checkpoint makes them go where the next commit's frames will go
  REQUIRE(exec(a, "PRAGMA cache_size=10; PRAGMA wal_checkpoint(TRUNCATE)") == SQLITE_OK);
  REQUIRE(exec(a, "BEGIN") == SQLITE_OK);
  REQUIRE(exec(a, "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 101) "
                  "INSERT INTO t SELECT i, randomblob(3000) FROM n") == SQLITE_OK);
  REQUIRE(exec(a, "ROLLBACK") == SQLITE_OK);
  REQUIRE(exec(b, "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 1199) "
                  "INSERT INTO t SELECT i, zeroblob(3000) FROM n; COMMIT") == SQLITE_OK);
  CHECK(text(a, "SELECT count(*) FROM t") == "201");  // a's next read, which used to write the stale pages
  CHECK(text(b, "PRAGMA integrity_check") == "ok");
  sqlite3_close(a);
  sqlite3_close(b);
  sqlite3* again = nullptr;
  REQUIRE(sqlite3_open_v2(t.path.c_str(), &again, SQLITE_OPEN_READONLY, "unix") == SQLITE_OK);
  CHECK(text(again, "PRAGMA integrity_check") == "ok");
  CHECK(text(again, "SELECT sum(length(v)) FROM t WHERE id >= 1000") == "600000");
  sqlite3_close(again);
}

TEST_CASE("a commit whose last frame crosses the held megabyte is all in the file before it is visible") {
  // at synchronous=NORMAL no sync writes the held bytes out: the commit frame must. With
  // 4 KiB pages a commit of 255 frames (253 rows here) put its commit frame's page past the
  // megabyte held, and that page stayed in memory (64 KiB pages: the 16th frame).
  for (auto [page_size, rows] : {std::pair{4096, 253}, {4096, 254}, {65536, 14}, {65536, 29}}) {
    TempDb t;
    sqlite3* db = open_db(t.path, od::wal_batching_vfs(), page_size);
    REQUIRE(exec(db, "PRAGMA synchronous=NORMAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)") == SQLITE_OK);
    REQUIRE(exec(db, "PRAGMA wal_checkpoint(TRUNCATE)") == SQLITE_OK);
    REQUIRE(insert_rows(db, 1, rows, page_size - 1000) == SQLITE_OK);
    sqlite3* reader = nullptr;
    REQUIRE(sqlite3_open_v2(t.path.c_str(), &reader, SQLITE_OPEN_READONLY, "unix") == SQLITE_OK);
    INFO("page size " << page_size << ", rows " << rows);
    CHECK(text(reader, "PRAGMA integrity_check") == "ok");
    CHECK(text(reader, "SELECT count(*) FROM t") == std::to_string(rows));
    sqlite3_close(reader);
    sqlite3_close(db);
  }
}

TEST_CASE("a commit at synchronous=NORMAL survives the process's death after a spill and a page written twice") {
  // also with locking_mode=EXCLUSIVE set before the WAL opened: SQLite then keeps the
  // wal-index in heap memory and calls no barrier or lock that would write held bytes
  for (const char* mode : {"NORMAL", "EXCLUSIVE"}) {
    TempDb t;
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // the child commits, then dies as a killed portal process would: no close, no exit
      // handlers. SQLite rewrites a spilled page in place and every frame header after it
      // (walRewriteChecksums); the commit frame's rewritten header used to stay held.
      sqlite3* db = nullptr;
      bool ok = sqlite3_open_v2(t.path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                od::wal_batching_vfs()) == SQLITE_OK &&
                exec(db, std::string("PRAGMA locking_mode=") + mode) == SQLITE_OK &&
                exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                         "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB); INSERT INTO t VALUES(0, 'x')") == SQLITE_OK &&
                exec(db, "PRAGMA cache_size=10") == SQLITE_OK &&
                exec(db, "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
                         "INSERT INTO t SELECT i, randomblob(3000) FROM n; UPDATE t SET v = 'y' WHERE id = 0; "
                         "COMMIT") == SQLITE_OK;
      if (!ok) _exit(3);
      kill(getpid(), SIGKILL);
      _exit(4);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    sqlite3* again = nullptr;
    REQUIRE(sqlite3_open_v2(t.path.c_str(), &again, SQLITE_OPEN_READONLY, "unix") == SQLITE_OK);
    INFO("locking_mode " << mode);
    CHECK(text(again, "SELECT count(*) FROM t") == "201");
    CHECK(text(again, "SELECT v FROM t WHERE id = 0") == "y");
    CHECK(text(again, "PRAGMA integrity_check") == "ok");
    sqlite3_close(again);
  }
}

TEST_CASE("held frames that cannot be written end the whole transaction, not a statement") {
  // A page the transaction spilled is read back; writing the held frames first fails (a
  // full disk). SQLite, told of a failed read, rolled back only the statement, and a later
  // COMMIT published frames that never reached the file; an I/O error ends the transaction.
  TempDb t;
  sqlite3* db = open_db(t.path, od::wal_batching_vfs());
  REQUIRE(exec(db, "PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB NOT NULL)") == SQLITE_OK);
  REQUIRE(insert_rows(db, 1, 10, 100) == SQLITE_OK);
  REQUIRE(exec(db, "PRAGMA cache_size=10; BEGIN") == SQLITE_OK);
  REQUIRE(exec(db, "WITH RECURSIVE n(i) AS (SELECT 11 UNION ALL SELECT i + 1 FROM n WHERE i < 110) "
                   "INSERT INTO t SELECT i, randomblob(3000) FROM n") == SQLITE_OK);
  g_failed_writes = 0;
  g_fail_after = 0;
  CHECK(exec(db, "UPDATE t SET v = zeroblob(10) WHERE id > 5") != SQLITE_OK);
  g_fail_after = -1;
  CHECK(g_failed_writes > 0);  // the held frames' write was the one that failed
  CHECK(sqlite3_get_autocommit(db) == 1);  // the transaction is over
  exec(db, "COMMIT");
  CHECK(scalar(db, "SELECT count(*) FROM t") == 10);
  sqlite3* plain = nullptr;
  REQUIRE(sqlite3_open_v2(t.path.c_str(), &plain, SQLITE_OPEN_READONLY, "unix") == SQLITE_OK);
  CHECK(text(plain, "PRAGMA integrity_check") == "ok");
  CHECK(text(plain, "SELECT count(*) FROM t") == "10");
  sqlite3_close(plain);
  sqlite3_close(db);
}

TEST_CASE("a thread of its own checkpoints the WAL, which stays bounded") {
  TempDb t;
  sqlite3* db = open_db(t.path, od::wal_batching_vfs());
  REQUIRE(exec(db, "PRAGMA synchronous=OFF; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)") == SQLITE_OK);
  const long frame = 24 + 4096;
  long most = 0;
  int next = 1;
  {
    od::WalCheckpointer checkpointer(t.path, db);
    // about 12,000 frames in commits of about 20: three times the bound, so the WAL must
    // have started again from its beginning, after the thread or the writer caught up
    for (int i = 0; i < 600; ++i) {
      REQUIRE(insert_rows(db, next, 20, 3000) == SQLITE_OK);
      next += 20;
      std::error_code ec;
      most = std::max<long>(most, static_cast<long>(std::filesystem::file_size(t.path + "-wal", ec)));
    }
    for (int waited = 0; checkpointer.background_runs() == 0 && waited < 1000; ++waited)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // a run counts only when it copied frames; and copied they are: the database file
    // grew while the writer's connection was still open (its close checkpoints anyway)
    CHECK(checkpointer.background_runs() >= 1);
    std::error_code ec;
    CHECK(static_cast<long>(std::filesystem::file_size(t.path, ec)) > 1000 * 4096);
    INFO("background " << checkpointer.background_runs() << ", inline " << checkpointer.inline_runs());
    CHECK(most <= 32 + (od::WalCheckpointer::kInlinePages + 100) * frame);
    CHECK(most >= od::WalCheckpointer::kBackgroundPages * frame);  // it did grow as far as the first wake-up
  }
  CHECK(scalar(db, "SELECT count(*) FROM t") == next - 1);
  sqlite3_close(db);
  sqlite3* again = nullptr;
  REQUIRE(sqlite3_open_v2(t.path.c_str(), &again, SQLITE_OPEN_READONLY, "counting") == SQLITE_OK);
  CHECK(scalar(again, "SELECT count(*) FROM t") == next - 1);
  sqlite3_close(again);
}
