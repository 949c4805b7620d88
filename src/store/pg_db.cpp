#include "store/pg_db.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <regex>

#include "util/failure.h"

namespace od {
namespace {

constexpr unsigned kInt8Oid = 20, kTextOid = 25, kFloat8Oid = 701;

// Whole-text rewrites of SQLite idioms the store's SQL uses, applied before placeholders.
struct Rewrite {
  std::regex from;
  const char* to;
};
const std::vector<Rewrite>& rewrites() {
  static const std::vector<Rewrite> r = {
      // JSON array of strings -> rows named value
      {std::regex(R"(json_each\((\?\d+)\))"), "json_array_elements_text(CAST($1 AS json))"},
      // an integer flag used as a condition
      {std::regex(R"(CASE WHEN (\?\d+) THEN)"), "CASE WHEN $1 <> 0 THEN"},
      // the file check has no PostgreSQL counterpart (the server checksums its pages)
      {std::regex(R"(^PRAGMA integrity_check$)"), "SELECT 'ok'"},
      // a SQLite planner hint; PostgreSQL's planner picks the index itself
      {std::regex(R"( INDEXED BY \w+)"), ""},
  };
  return r;
}

}  // namespace

std::string PgDb::rewrite(std::string_view in, std::vector<bool>& used) {
  std::string sql(in);
  for (const auto& r : rewrites()) sql = std::regex_replace(sql, r.from, r.to);
  bool or_ignore = false;
  if (sql.rfind("INSERT OR IGNORE INTO ", 0) == 0) {
    sql = "INSERT INTO " + sql.substr(22);
    or_ignore = true;
  }
  std::string out;
  out.reserve(sql.size() + 16);
  int bare = 0;
  used.assign(1, false);
  auto mark = [&](int n) {
    if (static_cast<int>(used.size()) <= n) used.resize(n + 1, false);
    used[n] = true;
  };
  for (size_t i = 0; i < sql.size();) {
    char ch = sql[i];
    if (ch == '\'' || ch == '"') {  // a literal or a quoted name: as it is
      size_t j = sql.find(ch, i + 1);
      j = j == std::string::npos ? sql.size() : j + 1;
      out.append(sql, i, j - i);
      i = j;
    } else if (ch == '?') {
      size_t j = i + 1;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      int n = j > i + 1 ? std::atoi(sql.c_str() + i + 1) : ++bare;
      mark(n);
      out += '$' + std::to_string(n);
      i = j;
    } else if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      size_t j = i;
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
      std::string_view word(sql.data() + i, j - i);
      // a column named like a reserved word of PostgreSQL
      if (word == "window") out += "\"window\"";
      else out.append(word);
      i = j;
    } else {
      out += ch;
      ++i;
    }
  }
  if (or_ignore) out += " ON CONFLICT DO NOTHING";
  return out;
}

// ---- statements -------------------------------------------------------------------

PgStmt::Param& PgStmt::at(int i) {
  if (i < 1) fail(OD_ERR_STORAGE, "bind: no parameter " + std::to_string(i));
  if (static_cast<int>(params_.size()) < i) params_.resize(i);
  return params_[i - 1];
}
void PgStmt::bind_text(int i, std::string_view v) {
  Param& p = at(i);
  p.null = false, p.type = 0, p.value.assign(v);
}
void PgStmt::bind_int(int i, int64_t v) {
  Param& p = at(i);
  p.null = false, p.type = kInt8Oid, p.value = std::to_string(v);
}
void PgStmt::bind_real(int i, double v) {
  Param& p = at(i);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  p.null = false, p.type = kFloat8Oid, p.value = buf;
}
void PgStmt::bind_null(int i) {
  Param& p = at(i);
  p.null = true, p.value.clear();
}

void PgStmt::clear() {
  if (res_) PQclear(res_);
  res_ = nullptr;
  row_ = -1;
  rows_ = 0;
}

void PgStmt::reset() {
  clear();
  params_.clear();
}

std::vector<const char*> PgStmt::values(bool queued) {
  const int n = static_cast<int>(used_.size()) - 1;
  if (static_cast<int>(params_.size()) < n) params_.resize(n);
  if (!prepared_) {
    // the types of the first binding; a $n the SQL does not name is text (the server
    // cannot infer it), an unbound or text one is inferred from the SQL
    std::vector<Oid> types(n, 0);
    for (int i = 0; i < n; ++i) types[i] = !used_[i + 1] ? kTextOid : params_[i].null ? 0 : params_[i].type;
    if (queued) db_.queued(this, &sql_, PQsendPrepare(db_.conn_, name_.c_str(), sql_.c_str(), n, types.data()));
    else db_.check(PQprepare(db_.conn_, name_.c_str(), sql_.c_str(), n, types.data()), "prepare " + sql_);
    prepared_ = true;
  }
  std::vector<const char*> v(n);
  for (int i = 0; i < n; ++i) v[i] = params_[i].null ? nullptr : params_[i].value.c_str();
  return v;
}

void PgStmt::send() {
  db_.queue_begin();
  std::vector<const char*> v = values(true);
  const int n = static_cast<int>(v.size());
  db_.queued(nullptr, &sql_, PQsendQueryPrepared(db_.conn_, name_.c_str(), n, v.data(), nullptr, nullptr, 0));
}

bool PgStmt::step() {
  if (!res_) {
    PGresult* r;
    if (!db_.queue_.empty()) {
      // behind queued writes: at the end of the queue, read with them
      send();
      r = db_.drain(true, true);
    } else {
      std::vector<const char*> v = values(false);
      r = PQexecPrepared(db_.conn_, name_.c_str(), static_cast<int>(v.size()), v.data(), nullptr, nullptr, 0);
      db_.check(r, sql_);
    }
    res_ = r;
    rows_ = PQntuples(r);
    const char* t = PQcmdTuples(r);
    db_.changes_ = t && *t ? std::atoll(t) : 0;
  }
  return ++row_ < rows_;
}

int64_t PgStmt::int64(int col) const {
  const char* v = PQgetvalue(res_, row_, col);
  return std::strtoll(v, nullptr, 10);
}
double PgStmt::real(int col) const { return std::strtod(PQgetvalue(res_, row_, col), nullptr); }
std::string PgStmt::text(int col) const {
  return std::string(PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col)));
}
bool PgStmt::is_null(int col) const { return PQgetisnull(res_, row_, col) != 0; }

// ---- the connection ---------------------------------------------------------------

PgDb::PgDb(const std::string& conninfo, const std::string& password, bool for_writes) : for_writes_(for_writes) {
  // defaults first, then the conninfo (expanded from dbname), then the password, so a
  // password given by reference wins over one written into the conninfo
  std::vector<const char*> keys = {"connect_timeout", "application_name", "client_encoding", "dbname"};
  std::vector<const char*> values = {"10", "onedoor", "UTF8", conninfo.c_str()};
  if (!password.empty()) keys.push_back("password"), values.push_back(password.c_str());
  keys.push_back(nullptr), values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    fail(OD_ERR_CONFIG, "cannot connect to PostgreSQL: " + msg, "database.conninfo");
  }
  // the server's notices ("relation ... already exists, skipping") are not the portal's
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  // OK means durable whatever the server's or the role's default; reads never write.
  // Writes look rows up by key only, and their prepared statements keep one generic
  // plan: left to choose, the server planned the duplicate-aid join again on every
  // execution (0.27 ms a time, half the server's work per intake; pg_stat_statements).
  exec_raw(for_writes ? "SET synchronous_commit = on; SET plan_cache_mode = force_generic_plan"
                      : "SET default_transaction_read_only = on");
}

PgDb::~PgDb() {
  cache_.clear();
  PQfinish(conn_);
}

void PgDb::check(PGresult* r, const std::string& what) {
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
    sqlstate_.clear();
    return;
  }
  const char* code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  sqlstate_ = code ? code : (broken() ? "08006" : "");
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (r) PQclear(r);
  fail(OD_ERR_STORAGE, "database: " + msg + (what.empty() ? "" : " (" + what.substr(0, 120) + ")"));
}

namespace {
// A COMMIT of a transaction an earlier error left aborted succeeds with the tag ROLLBACK:
// nothing was written, and OK would not mean durable. Never seen from the store's own
// paths (each error rolls back first); checked so that no path can make it so silently.
const std::string kCommit = "COMMIT";
bool rolled_back_at_commit(PGresult* r) { return std::strcmp(PQcmdStatus(r), "COMMIT") != 0; }
constexpr const char* kRolledBack = "the transaction was rolled back at COMMIT: an earlier statement failed";
}  // namespace

std::optional<std::string> PgDb::exec_raw(const std::string& sql) {
  flush();
  PGresult* r = PQexec(conn_, sql.c_str());
  check(r, "");
  if (sql == kCommit && rolled_back_at_commit(r)) {
    PQclear(r);
    sqlstate_.clear();
    fail(OD_ERR_STORAGE, std::string("database: ") + kRolledBack);
  }
  const char* t = PQcmdTuples(r);
  changes_ = t && *t ? std::atoll(t) : 0;
  std::optional<std::string> value;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0 && !PQgetisnull(r, 0, 0))
    value.emplace(PQgetvalue(r, 0, 0), static_cast<size_t>(PQgetlength(r, 0, 0)));
  PQclear(r);
  return value;
}

// ---- the pipeline -----------------------------------------------------------------

namespace {
// Beyond this many queued commands the queue is drained, so that neither side's socket
// buffer fills while the other waits.
constexpr size_t kMaxQueued = 256;
}  // namespace

void PgDb::queue_begin() {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && !PQenterPipelineMode(conn_))
    fail(OD_ERR_STORAGE, std::string("database: cannot enter pipeline mode: ") + PQerrorMessage(conn_));
}

void PgDb::queued(PgStmt* preparing, const std::string* what, int sent) {
  if (!sent) {
    // nothing was queued (the connection is gone): what was queued before is lost with it
    queue_.clear();
    sqlstate_ = broken() ? "08006" : "";
    std::string msg = PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    fail(OD_ERR_STORAGE, "database: " + msg + " (" + what->substr(0, 120) + ")");
  }
  queue_.push_back({preparing, what});
  if (queue_.size() >= kMaxQueued && !preparing) flush();
}

void PgDb::send_raw(const char* sql) {
  static const std::string what = "a queued command";
  queue_begin();
  queued(nullptr, sql == kCommit ? &kCommit : &what,
         PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0));
}

PGresult* PgDb::drain(bool keep_last, bool throw_error) {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) return nullptr;
  std::string error, state;
  const std::string* error_in = nullptr;
  PGresult* last = nullptr;
  if (!queue_.empty() && !PQpipelineSync(conn_)) error = PQerrorMessage(conn_);
  for (size_t i = 0; error.empty() && i < queue_.size(); ++i) {
    PGresult* r = PQgetResult(conn_);
    if (!r) {
      error = PQerrorMessage(conn_);
      if (error.empty()) error = "the server's results ended early";
      break;
    }
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK && queue_[i].what == &kCommit && rolled_back_at_commit(r) && error.empty()) {
      error = kRolledBack;
      error_in = queue_[i].what;
    }
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      if (queue_[i].preparing) queue_[i].preparing->prepared_ = false;  // prepare it again next time
      if (st == PGRES_FATAL_ERROR && error.empty() && !error_in) {
        const char* code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        state = code ? code : "";
        error = PQresultErrorMessage(r);
        error_in = queue_[i].what;
      }
    }
    if (keep_last && i + 1 == queue_.size() && error.empty()) last = r;
    else PQclear(r);
    while ((r = PQgetResult(conn_))) PQclear(r);  // the end of this command's results
    if (!error.empty() && error_in) {
      // the rest were aborted: read them (each PGRES_PIPELINE_ABORTED) up to the sync
      for (size_t j = i + 1; j < queue_.size(); ++j) {
        if (queue_[j].preparing) queue_[j].preparing->prepared_ = false;
        if (!(r = PQgetResult(conn_))) break;
        PQclear(r);
        while ((r = PQgetResult(conn_))) PQclear(r);
      }
      break;
    }
  }
  const bool had_queue = !queue_.empty();
  queue_.clear();
  if (had_queue && !broken()) {
    PGresult* r = PQgetResult(conn_);  // PGRES_PIPELINE_SYNC
    if (r) PQclear(r);
  }
  if (!broken()) PQexitPipelineMode(conn_);
  // Still in pipeline mode (results the server never sent): PQexec would refuse every
  // later command with an error that does not say the connection is gone, and a writer
  // that kept it would fail forever. Found by faults.pg under load.
  if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) {
    stuck_ = true;
    if (error.empty()) error = "the connection could not leave pipeline mode";
  }
  if (error.empty()) {
    sqlstate_.clear();
    return last;
  }
  if (last) PQclear(last);
  sqlstate_ = !state.empty() ? state : (broken() ? "08006" : "");
  while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
  if (throw_error)
    fail(OD_ERR_STORAGE, "database: " + error + (error_in ? " (" + error_in->substr(0, 120) + ")" : ""));
  return nullptr;
}

void PgDb::flush() { drain(false, true); }
void PgDb::discard() { drain(false, false); }

void PgDb::exec(const char* sql) {
  std::vector<bool> used;
  exec_raw(rewrite(sql, used));
}

Statement PgDb::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    std::vector<bool> used;
    std::string pg = rewrite(sql, used);
    auto st = std::make_unique<PgStmt>(*this, "od" + std::to_string(++next_name_), std::move(pg), std::move(used));
    it = cache_.emplace(std::string(sql), std::move(st)).first;
  }
  return Statement(it->second.get());
}

}  // namespace od
