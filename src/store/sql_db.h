// The one seam between the store's SQL and a database driver: a connection that prepares
// statements (cached by their text), and a statement with typed binding and row access.
// SqliteTx and its files are written against this, so the same SQL text runs on SQLite
// (sqlite_db.h) and on PostgreSQL (pg_db.h, which rewrites the few dialect differences:
// ?N placeholders to $N, INSERT OR IGNORE, a reserved column name). Errors are
// Failure(OD_ERR_STORAGE). Only src/store/ includes this.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace od {

enum class Dialect { Sqlite, Postgres };

// One prepared statement of a driver; owned by its connection's cache.
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_int(int i, int64_t v) = 0;
  virtual void bind_real(int i, double v) = 0;
  virtual void bind_null(int i) = 0;
  virtual bool step() = 0;  // true while a row is available
  virtual int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  virtual void reset() = 0;  // ready for its next use, bindings cleared
  // Runs a statement whose rows and change count nobody reads. A driver may queue it with
  // the statements that follow (PostgreSQL's pipeline: one round trip for many writes);
  // its error then surfaces at the next statement that returns rows, or at flush().
  virtual void send() {
    while (step()) {
    }
  }
};

class Statement {
 public:
  explicit Statement(StmtImpl* s) : s_(s) {}
  ~Statement() { s_->reset(); }  // resets the cached statement for its next use
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view v) { return s_->bind_text(i, v), *this; }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, int64_t v) { return s_->bind_int(i, v), *this; }
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, std::optional<int64_t> v) { return v ? bind(i, *v) : bind_null(i); }
  Statement& bind(int i, double v) { return s_->bind_real(i, v), *this; }
  Statement& bind_null(int i) { return s_->bind_null(i), *this; }

  bool step() { return s_->step(); }
  // A write whose result is not needed: may be queued (StmtImpl::send); call
  // SqlDb::flush() where its error must be known.
  void send() { s_->send(); }
  void run() {
    while (step()) {
    }
  }
  int64_t int64(int col) const { return s_->int64(col); }
  std::optional<int64_t> opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
  }
  double real(int col) const { return s_->real(col); }
  std::string text(int col) const { return s_->text(col); }
  bool is_null(int col) const { return s_->is_null(col); }

 private:
  StmtImpl* s_;
};

class SqlDb {
 public:
  virtual ~SqlDb() = default;
  virtual void exec(const char* sql) = 0;
  virtual Statement prepare(std::string_view sql) = 0;  // cached by its text
  virtual int64_t changes() const = 0;                   // rows the last run() changed
  // Waits for every statement queued by Statement::send(); throws the first one's error.
  virtual void flush() {}
  virtual Dialect dialect() const = 0;
  // A write connection of a server database shared with other processes: reads that
  // decide a write lock what they read (rows FOR UPDATE, advisory locks).
  virtual bool locks_for_writes() const { return false; }
};

}  // namespace od
