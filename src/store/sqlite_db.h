// The SQLite driver of sql_db.h: one connection, prepared statements cached by SQL text,
// typed binding, and errors as Failure(OD_ERR_STORAGE). Not thread-safe by itself: the
// store gives each connection to one thread at a time. Only src/store/ includes this.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/sql_db.h"

namespace od {

// A cached sqlite3_stmt.
class SqliteStmt final : public StmtImpl {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStmt() override { sqlite3_finalize(stmt_); }
  void bind_text(int i, std::string_view v) override;
  void bind_int(int i, int64_t v) override;
  void bind_real(int i, double v) override;
  void bind_null(int i) override;
  bool step() override;
  int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const override;
  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  void reset() override;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb final : public SqlDb {
 public:
  // read_only: the connection refuses every write (PRAGMA query_only).
  SqliteDb(const std::string& path, bool read_only);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const char* sql) override;
  Statement prepare(std::string_view sql) override;  // cached by its text
  int64_t changes() const override { return sqlite3_changes64(db_); }
  Dialect dialect() const override { return Dialect::Sqlite; }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  // looked up by string_view without building a string (SQL texts are long)
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<SqliteStmt>, TextHash, std::equal_to<>> cache_;
};

[[noreturn]] void storage_failure(sqlite3* db, const std::string& what);

}  // namespace od
