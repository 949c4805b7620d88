// A thin RAII layer over one SQLite connection: prepared statements cached by SQL text,
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

namespace od {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();  // resets the cached statement for its next use
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, std::optional<int64_t> v);
  Statement& bind(int i, double v);
  Statement& bind_null(int i);

  bool step();  // true while a row is available
  void run();   // step to completion
  int64_t int64(int col) const;
  std::optional<int64_t> opt_int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // read_only: the connection refuses every write (PRAGMA query_only).
  SqliteDb(const std::string& path, bool read_only);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const char* sql);
  Statement prepare(std::string_view sql);  // cached by its text
  int64_t changes() const { return sqlite3_changes64(db_); }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  // looked up by string_view without building a string (SQL texts are long)
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
};

[[noreturn]] void storage_failure(sqlite3* db, const std::string& what);

}  // namespace od
