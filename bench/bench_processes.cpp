// Durable intakes/s from several processes on one database, beside a raw baseline doing
// the same number of durable one-row commits from the same number of processes, in the
// same run (the disk's fsync time drifts on shared machines: pairs alternate which goes
// first, and medians are printed).
//
//   bench_processes [N=400] [DIR=.] [PAIRS=5] [--pg CONNINFO]
//
// SQLite: each process opens its own engine on DIR/bench_procs.db (shared, the default)
// and takes its share of N applications; the baseline's processes each insert the same
// request text into a one-column table of DIR/bench_raw.db, one BEGIN IMMEDIATE ...
// COMMIT per row, at synchronous=FULL in WAL mode.
//
// PostgreSQL (--pg CONNINFO, or ONEDOOR_BENCH_PG): NEEDS THE POSTGRESQL STORE BACKEND
// (engine "database": {"backend":"postgresql","conninfo":...}); the baseline is raw
// libpq, one INSERT of the same text per transaction with synchronous_commit=on. Built
// only when libpq was found (ONEDOOR_HAVE_LIBPQ).
//
// Processes 1, 2 and 4. Target for each backend: aggregate >= 0.5 of its raw baseline
// at every process count (and on PostgreSQL, more processes faster than one).
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#ifdef ONEDOOR_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

#include "onedoor/onedoor.h"
#include "bench_util.h"

namespace {
using namespace od::bench;

enum class Kind { Engine, RawSqlite, RawPg };

struct Run {
  Kind kind;
  std::string target;  // SQLite path or conninfo
  std::string district;
  bool pg = false;     // the engine on PostgreSQL
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_processes: %s\n", what.c_str());
  std::_Exit(1);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string engine_config(const Run& r) {
  std::string db = r.pg ? "{\"backend\":\"postgresql\",\"conninfo\":" + quoted(r.target) + "}" : quoted(r.target);
  return "{\"database\":" + db + ",\"district_file\":" + quoted(r.district) + ",\"delivery\":{\"workers\":0}}";
}

// One process's share: open, say ready, wait for the go, do [first, first + count).
void child(const Run& r, long first, long count, int ready_fd, int go_fd) {
  std::vector<std::string> reqs;
  for (long i = first; i < first + count; ++i) reqs.push_back(intake_request(i));
  char byte = 1;
  if (r.kind == Kind::Engine) {
    od_engine* e = nullptr;
    char* err = nullptr;
    if (od_open(engine_config(r).c_str(), &e, &err) != OD_OK) die(std::string("open: ") + (err ? err : "?"));
    if (write(ready_fd, &byte, 1) != 1 || read(go_fd, &byte, 1) != 1) die("barrier");
    for (const auto& q : reqs) {
      char* resp = nullptr;
      if (od_call(e, "intake", q.c_str(), &resp) != OD_OK) die(std::string("intake: ") + (resp ? resp : "?"));
      od_free(resp);
    }
    od_close(e);
  } else if (r.kind == Kind::RawSqlite) {
    sqlite3* h = nullptr;
    if (sqlite3_open(r.target.c_str(), &h) != SQLITE_OK) die("raw open");
    sqlite3_busy_timeout(h, 60000);
    sqlite3_exec(h, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(h, "INSERT INTO t(doc) VALUES(?1)", -1, &ins, nullptr);
    if (write(ready_fd, &byte, 1) != 1 || read(go_fd, &byte, 1) != 1) die("barrier");
    for (const auto& q : reqs) {
      if (sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) die(sqlite3_errmsg(h));
      sqlite3_bind_text(ins, 1, q.data(), static_cast<int>(q.size()), SQLITE_STATIC);
      if (sqlite3_step(ins) != SQLITE_DONE) die(sqlite3_errmsg(h));
      sqlite3_reset(ins);
      if (sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) die(sqlite3_errmsg(h));
    }
    sqlite3_finalize(ins);
    sqlite3_close(h);
  } else {
#ifdef ONEDOOR_HAVE_LIBPQ
    PGconn* c = PQconnectdb(r.target.c_str());
    if (PQstatus(c) != CONNECTION_OK) die(PQerrorMessage(c));
    PQclear(PQexec(c, "SET synchronous_commit = on"));
    PQclear(PQprepare(c, "ins", "INSERT INTO bench_raw(doc) VALUES($1)", 1, nullptr));
    if (write(ready_fd, &byte, 1) != 1 || read(go_fd, &byte, 1) != 1) die("barrier");
    for (const auto& q : reqs) {
      const char* v[1] = {q.c_str()};
      PGresult* res = PQexecPrepared(c, "ins", 1, v, nullptr, nullptr, 0);  // autocommit: one transaction
      if (PQresultStatus(res) != PGRES_COMMAND_OK) die(PQerrorMessage(c));
      PQclear(res);
    }
    PQfinish(c);
#endif
  }
}

void prepare(const Run& r) {
  if (r.kind == Kind::RawSqlite) {
    for (const char* s : {"", "-wal", "-shm"}) std::remove((r.target + s).c_str());
    sqlite3* h = nullptr;
    sqlite3_open(r.target.c_str(), &h);
    sqlite3_exec(h, "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, doc TEXT NOT NULL)", nullptr,
                 nullptr, nullptr);
    sqlite3_close(h);
  } else if (r.kind == Kind::RawPg) {
#ifdef ONEDOOR_HAVE_LIBPQ
    PGconn* c = PQconnectdb(r.target.c_str());
    if (PQstatus(c) != CONNECTION_OK) die(PQerrorMessage(c));
    PQclear(PQexec(c, "DROP TABLE IF EXISTS bench_raw"));
    PQclear(PQexec(c, "CREATE TABLE bench_raw(id bigserial PRIMARY KEY, doc text NOT NULL)"));
    PQfinish(c);
#endif
  } else if (!r.pg) {
    for (const char* s : {"", "-wal", "-shm"}) std::remove((r.target + s).c_str());
  }
}

// N operations split over `procs` forked processes; returns operations per second from
// the go to the last process's end. `base` keeps people of different runs apart (a
// PostgreSQL database is not emptied between runs).
double run(const Run& r, long n, int procs, long base) {
  prepare(r);
  if (r.kind == Kind::Engine) {  // create (and migrate) the database before the clock starts
    pid_t pid = fork();
    if (pid == 0) {
      od_engine* e = nullptr;
      char* err = nullptr;
      if (od_open(engine_config(r).c_str(), &e, &err) != OD_OK) die(std::string("open: ") + (err ? err : "?"));
      od_close(e);
      std::_Exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) die("creating the database failed");
  }
  int ready[2], go[2];
  if (pipe(ready) != 0 || pipe(go) != 0) die("pipe");
  std::vector<pid_t> pids;
  for (int p = 0; p < procs; ++p) {
    long first = base + n * p / procs, count = base + n * (p + 1) / procs - first;
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      close(ready[0]);
      close(go[1]);
      child(r, first, count, ready[1], go[0]);
      std::_Exit(0);
    }
    pids.push_back(pid);
  }
  close(ready[1]);
  close(go[0]);
  char byte;
  for (int p = 0; p < procs; ++p)
    if (read(ready[0], &byte, 1) != 1) die("a process failed before the start");
  auto t0 = std::chrono::steady_clock::now();
  std::string gos(static_cast<size_t>(procs), '\1');
  if (write(go[1], gos.data(), gos.size()) != static_cast<ssize_t>(gos.size())) die("go");
  bool ok = true;
  for (pid_t pid : pids) {
    int st = 0;
    waitpid(pid, &st, 0);
    ok = ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  close(ready[0]);
  close(go[1]);
  if (!ok) die("a process failed");
  return static_cast<double>(n) / secs;
}

void compare(const char* backend, Run engine, Run raw, long n, int pairs, long& base) {
  std::printf("%s: %ld intakes per run, %d alternating pairs, medians\n", backend, n, pairs);
  double one = 0;
  bool all_met = true;
  for (int procs : {1, 2, 4}) {
    std::vector<double> e, w;
    for (int p = 0; p < pairs; ++p) {
      if (p % 2 == 0) {
        e.push_back(run(engine, n, procs, base));
        w.push_back(run(raw, n, procs, base));
      } else {
        w.push_back(run(raw, n, procs, base));
        e.push_back(run(engine, n, procs, base));
      }
      base += n;
    }
    double me = median(e), mw = median(w), ratio = me / mw;
    if (procs == 1) one = me;
    all_met = all_met && ratio >= 0.5;
    char scale[48] = "";
    if (procs > 1) std::snprintf(scale, sizeof scale, "   onedoor x%.2f of 1 process", me / one);
    std::printf("  %d process%s: onedoor %8.1f intakes/s   raw %8.1f commits/s   ratio %.2f (target >= 0.5)%s\n",
                procs, procs > 1 ? "es" : "  ", me, mw, ratio, scale);
  }
  std::printf("  %s: target %s\n", backend, all_met ? "met at every process count" : "NOT met at every process count");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> pos;
  std::string pg = std::getenv("ONEDOOR_BENCH_PG") ? std::getenv("ONEDOOR_BENCH_PG") : "";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--pg" && i + 1 < argc) pg = argv[++i];
    else pos.push_back(a);
  }
  const char* usage = "bench_processes [N=400] [DIR=.] [PAIRS=5] [--pg CONNINFO]";
  long n = pos.size() > 0 ? count_arg(pos[0], usage) : 400;
  std::string dir = pos.size() > 1 ? pos[1] : ".";
  int pairs = pos.size() > 2 ? static_cast<int>(count_arg(pos[2], usage)) : 5;
  const std::string district = ONEDOOR_SOURCE_DIR "/config/dongchangfu.json";
  signal(SIGPIPE, SIG_IGN);
  long base = 0;

  compare("SQLite", Run{Kind::Engine, dir + "/bench_procs.db", district, false},
          Run{Kind::RawSqlite, dir + "/bench_raw.db", district, false}, n, pairs, base);
  if (!pg.empty()) {
#ifdef ONEDOOR_HAVE_LIBPQ
    base = 1'000'000 + static_cast<long>(getpid() % 1000) * 10'000;  // people no earlier run used
    compare("PostgreSQL", Run{Kind::Engine, pg, district, true}, Run{Kind::RawPg, pg, district, false}, n, pairs,
            base);
#else
    std::printf("PostgreSQL: skipped, this bench_processes was built without libpq\n");
#endif
  }
  for (const char* f : {"bench_procs.db", "bench_raw.db"})
    for (const char* s : {"", "-wal", "-shm"}) std::remove((dir + "/" + f + s).c_str());
  return 0;
}
