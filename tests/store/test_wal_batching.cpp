// The WAL-batching VFS (src/store/wal_batching_vfs.cpp) below a counting VFS that
// stands in for the platform's: how many writes reach the WAL file, whether another
// connection (on the plain VFS) sees every committed row, and what a failed write leaves.
// And the background checkpointer (src/store/wal_checkpointer.cpp): the WAL stays bounded.
// Its own executable: the counting VFS must be the default before the batching VFS is
// first used, since the batching VFS wraps whatever the default was then.
#define CATCH_CONFIG_MAIN
#include <sqlite3.h>

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

int counting_write(sqlite3_file* f, const void* data, int amt, sqlite3_int64 off) {
  if (g_fail_after == 0) return SQLITE_FULL;
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
    CHECK(checkpointer.background_runs() >= 1);
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
