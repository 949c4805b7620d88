#include "store/sqlite_db.h"

#include "store/wal_batching_vfs.h"
#include "util/failure.h"

namespace od {

void storage_failure(sqlite3* db, const std::string& what) {
  fail(OD_ERR_STORAGE, what + ": " + (db ? sqlite3_errmsg(db) : "cannot open database"));
}

void SqliteStmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void SqliteStmt::bind_text(int i, std::string_view v) {
  if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    storage_failure(db_, "bind");
}
void SqliteStmt::bind_int(int i, int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) storage_failure(db_, "bind");
}
void SqliteStmt::bind_real(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) storage_failure(db_, "bind");
}
void SqliteStmt::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) storage_failure(db_, "bind");
}

bool SqliteStmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  storage_failure(db_, "step");
}
std::string SqliteStmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
}

SqliteDb::SqliteDb(const std::string& path, bool read_only) {
  // a read-only engine never creates a database: it reads one a writer made
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (read_only ? 0 : SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, wal_batching_vfs());
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    fail(OD_ERR_STORAGE, "cannot open database '" + path + "': " + msg, "database");
  }
  sqlite3_busy_timeout(db_, 5000);
  sqlite3_extended_result_codes(db_, 1);
  if (read_only) exec("PRAGMA query_only=1");
}

SqliteDb::~SqliteDb() {
  cache_.clear();
  sqlite3_close(db_);
}

void SqliteDb::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    fail(OD_ERR_STORAGE, std::string("database: ") + msg);
  }
}

Statement SqliteDb::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    std::string key(sql);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, key.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
      storage_failure(db_, "prepare " + key);
    it = cache_.emplace(std::move(key), std::make_unique<SqliteStmt>(db_, stmt)).first;
  }
  return Statement(it->second.get());
}

}  // namespace od
