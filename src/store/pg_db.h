// The PostgreSQL driver of sql_db.h over libpq: one connection, statements prepared on the
// server (once per connection, cached by their text), parameters sent as text with their
// types. The store's SQL is written for SQLite; prepare() rewrites the few differences
// (pg_db.cpp: kRewrites). Errors are Failure(OD_ERR_STORAGE); the SQLSTATE of the last
// one is kept, so the store can retry serialization failures and deadlocks, and broken()
// tells a lost connection. Only src/store/ includes this.
#pragma once
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql_db.h"

namespace od {

class PgDb;

class PgStmt final : public StmtImpl {
 public:
  PgStmt(PgDb& db, std::string name, std::string sql, std::vector<bool> used)
      : db_(db), name_(std::move(name)), sql_(std::move(sql)), used_(std::move(used)) {}
  ~PgStmt() override { clear(); }
  void bind_text(int i, std::string_view v) override;
  void bind_int(int i, int64_t v) override;
  void bind_real(int i, double v) override;
  void bind_null(int i) override;
  bool step() override;
  void send() override;  // queued in the connection's pipeline
  int64_t int64(int col) const override;
  double real(int col) const override;
  std::string text(int col) const override;
  bool is_null(int col) const override;
  void reset() override;

 private:
  friend class PgDb;  // its pipeline marks a statement unprepared when the PREPARE failed
  struct Param {
    bool null = true;
    unsigned type = 0;  // an Oid; 0 lets the server infer it from the SQL
    std::string value;
  };
  Param& at(int i);
  void clear();
  // The parameters' values (nullptr for NULL); prepares the statement first, at once or
  // queued in the pipeline, when this connection has not yet.
  std::vector<const char*> values(bool queued);
  PgDb& db_;
  std::string name_, sql_;
  std::vector<bool> used_;  // which $n the SQL names (1-based)
  bool prepared_ = false;
  std::vector<Param> params_;
  PGresult* res_ = nullptr;
  int row_ = -1, rows_ = 0;
};

class PgDb final : public SqlDb {
 public:
  // read_only: every transaction on it is READ ONLY. Throws Failure(OD_ERR_CONFIG, field
  // "database.conninfo") when the server cannot be reached or refuses the login.
  PgDb(const std::string& conninfo, const std::string& password, bool for_writes);
  ~PgDb() override;
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;

  void exec(const char* sql) override;
  Statement prepare(std::string_view sql) override;
  void flush() override;
  int64_t changes() const override { return changes_; }
  Dialect dialect() const override { return Dialect::Postgres; }
  bool locks_for_writes() const override { return for_writes_; }

  // Runs `sql` as it is (no rewriting), for the schema and transaction control. Returns
  // the first value of the last command's result, if it has one.
  std::optional<std::string> exec_raw(const std::string& sql);
  // Queues `sql` (one command, as it is) in the pipeline, as Statement::send() does.
  void send_raw(const char* sql);
  // Waits for what is queued and forgets it: after a failure, before a rollback. The
  // first error's SQLSTATE is kept (retryable() tells a deadlock among them).
  void discard();
  // The connection is lost, or is stuck in pipeline mode (the server went away with
  // results pending): either way only a new connection helps.
  bool broken() const { return stuck_ || PQstatus(conn_) != CONNECTION_OK; }
  const std::string& last_sqlstate() const { return sqlstate_; }
  // 40001 (serialization failure) or 40P01 (deadlock): the transaction may be run again
  bool retryable() const { return sqlstate_ == "40001" || sqlstate_ == "40P01"; }
  PGconn* handle() { return conn_; }

  // The SQL as PostgreSQL takes it; `used` receives which $n it names.
  static std::string rewrite(std::string_view sql, std::vector<bool>& used);

 private:
  friend class PgStmt;
  // Checks a result; on error records the SQLSTATE and throws (the result is cleared).
  void check(PGresult* r, const std::string& what);
  // Pipeline mode: writes whose results nobody reads are queued and sent together; the
  // next statement that returns rows goes at the end of the queue and its result is the
  // last one read (one round trip for all of them).
  struct Queued {
    PgStmt* preparing;  // a PQsendPrepare of this statement, or nullptr for an execution
    const std::string* what;
  };
  void queue_begin();
  void queued(PgStmt* preparing, const std::string* what, int sent);
  // Syncs and reads every queued result; returns the last one when keep_last (the caller
  // clears it); the first error is thrown (throw_error) or only recorded.
  PGresult* drain(bool keep_last, bool throw_error);
  std::vector<Queued> queue_;
  PGconn* conn_ = nullptr;
  bool for_writes_;
  int64_t changes_ = 0;
  bool stuck_ = false;  // could not leave pipeline mode: every later command would fail
  std::string sqlstate_;
  int next_name_ = 0;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<PgStmt>, TextHash, std::equal_to<>> cache_;
};

}  // namespace od
