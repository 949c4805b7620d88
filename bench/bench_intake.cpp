// Durable writes through the C API against raw SQLite doing the same work, measured in
// the same run on the same file system (WAL, synchronous=FULL, one transaction each).
//
//   bench_intake [N=2000] [DIR=.] [PAIRS=7]
//
// 1. Intakes, one caller, alternated PAIRS times with two baselines (the disk's fsync
//    time drifts a lot on shared machines, so medians are printed):
//    - same rows: the rows one intake wrote (its case, items, keys, events, obligations,
//      and the statistics cells it added to), copied from the engine's own database and
//      inserted raw, one transaction per case, with prepared statements;
//    - one row: the request text inserted into a one-column table.
//    Target: intake >= 0.8 of the same-rows baseline.
// 2. Intakes with 1 and 4 callers on one engine (group commit): target 4 >= 2 x 1.
// 3. Lifecycles (intake, route, acknowledge, opinion, feedback, archive) with 1 and 4
//    callers, beside raw SQLite making the same number of one-row transactions with the
//    same number of callers. Target: >= 1,000 cases/s with 4 callers.
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "onedoor/onedoor.h"
#include "bench_util.h"

namespace {
namespace json = boost::json;
using namespace od::bench;

std::string call(od_engine* e, const char* op, const std::string& req) {
  char* resp = nullptr;
  int32_t st = od_call(e, op, req.c_str(), &resp);
  std::string out = resp ? resp : "";
  od_free(resp);
  if (st != OD_OK) {
    std::fprintf(stderr, "%s failed: %s\n", op, out.c_str());
    std::exit(1);
  }
  return out;
}

// A manual clock stands still at 2026-03-02 09:00, so an answer can be told "now".
od_engine* open_engine(const std::string& db, const char* district) {
  std::remove(db.c_str());
  std::string cfg = "{\"database\":\"" + db + "\",\"district_file\":\"" + district +
                    "\",\"clock\":\"manual\",\"clock_start\":\"2026-03-02T09:00:00+08:00\",\"delivery\":{\"workers\":0}}";
  od_engine* e = nullptr;
  char* err = nullptr;
  if (od_open(cfg.c_str(), &e, &err) != OD_OK) {
    std::fprintf(stderr, "open failed: %s\n", err ? err : "?");
    std::exit(1);
  }
  return e;
}

// Runs fn(i) for i in [0, n) on `callers` threads; returns calls per second.
double run_callers(long n, int callers, const std::function<void(long)>& fn) {
  std::atomic<long> next{0};
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> ts;
  for (int c = 0; c < callers; ++c)
    ts.emplace_back([&] {
      for (long i = next++; i < n; i = next++) fn(i);
    });
  for (auto& t : ts) t.join();
  return static_cast<double>(n) / seconds_since(t0);
}

double bench_engine(const std::string& db, const std::vector<std::string>& reqs, const char* district, int callers) {
  od_engine* e = open_engine(db, district);
  double rate = run_callers(static_cast<long>(reqs.size()), callers, [&](long i) { call(e, "intake", reqs[i]); });
  od_close(e);
  return rate;
}

sqlite3* open_raw(const std::string& db) {
  std::remove(db.c_str());
  std::remove((db + "-wal").c_str());
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_busy_timeout(h, 10000);
  sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  return h;
}

double bench_one_row(const std::string& db, const std::vector<std::string>& reqs) {
  sqlite3* h = open_raw(db);
  sqlite3_exec(h, "CREATE TABLE t(id INTEGER PRIMARY KEY, doc TEXT NOT NULL)", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(h, "INSERT INTO t(doc) VALUES(?1)", -1, &ins, nullptr);
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& r : reqs) {
    sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_text(ins, 1, r.data(), static_cast<int>(r.size()), SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) std::exit(1);
    sqlite3_reset(ins);
    sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
  }
  double s = seconds_since(t0);
  sqlite3_finalize(ins);
  sqlite3_close(h);
  return reqs.size() / s;
}

// ---- the same rows -----------------------------------------------------------------

struct Row {
  size_t table;
  std::vector<sqlite3_value*> values;
};
struct Upsert {
  std::string scope, key;
  int64_t level, period;
  std::vector<int64_t> m;
};
struct CaseRows {
  std::vector<Row> rows;
  std::vector<Upsert> rollup;
  std::vector<std::array<std::string, 2>> due_counts;  // scope, unit (+ due below)
  std::vector<int64_t> due_at;
};
struct Capture {
  std::vector<std::string> schema;
  std::vector<std::string> inserts;  // per table
  std::vector<CaseRows> cases;
};

// Reads back, case by case, every row an engine run wrote.
Capture capture(const std::string& db) {
  Capture c;
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
                     -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) c.schema.push_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  // tables with one row set per case, and the column naming the case
  const std::pair<const char*, const char*> tables[] = {{"cases", "seq"},       {"items", "case_seq"}, {"case_keys", "case_seq"},
                                                        {"events", "case_seq"}, {"dues", "case_seq"},  {"grants", "case_seq"},
                                                        {"idempotency", "case_seq"}};
  int64_t n = 0;
  sqlite3_prepare_v2(h, "SELECT MAX(seq) FROM cases", -1, &s, nullptr);
  if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  c.cases.resize(static_cast<size_t>(n));
  for (size_t t = 0; t < std::size(tables); ++t) {
    std::string sql = std::string("SELECT * FROM ") + tables[t].first + " ORDER BY " + tables[t].second;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) continue;
    int cols = sqlite3_column_count(s);
    std::string ins = std::string("INSERT INTO ") + tables[t].first + " VALUES(";
    for (int i = 0; i < cols; ++i) ins += i ? ",?" : "?";
    c.inserts.push_back(ins + ")");
    int key_col = 0;
    for (int i = 0; i < cols; ++i)
      if (std::string(sqlite3_column_name(s, i)) == tables[t].second) key_col = i;
    while (sqlite3_step(s) == SQLITE_ROW) {
      int64_t seq = sqlite3_column_int64(s, key_col);
      Row r{t, {}};
      for (int i = 0; i < cols; ++i) r.values.push_back(sqlite3_value_dup(sqlite3_column_value(s, i)));
      if (seq >= 1 && seq <= n) c.cases[static_cast<size_t>(seq - 1)].rows.push_back(std::move(r));
    }
    sqlite3_finalize(s);
  }
  // the statistics cells and due tallies each case added to, from its index record
  sqlite3_prepare_v2(h, "SELECT seq, received_at, idx FROM cases ORDER BY seq", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) {
    CaseRows& cr = c.cases[static_cast<size_t>(sqlite3_column_int64(s, 0) - 1)];
    int64_t received = sqlite3_column_int64(s, 1);
    json::object ix = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(s, 2))).as_object();
    int64_t day = (received + 8 * 3600000LL) / 86400000LL;
    time_t secs = static_cast<time_t>(day * 86400);
    struct tm tmv;
    gmtime_r(&secs, &tmv);
    int64_t month = (tmv.tm_year + 1900) * 12LL + tmv.tm_mon;
    for (const auto& scope : ix.at("s").as_array())
      for (const auto& t : ix.at("c").as_array())
        for (int64_t level = 0; level < 2; ++level) {
          Upsert u{std::string(scope.as_string()), std::string(t.as_array()[0].as_string()), level, level ? month : day, {}};
          for (size_t i = 1; i < t.as_array().size(); ++i) u.m.push_back(t.as_array()[i].as_int64());
          cr.rollup.push_back(std::move(u));
        }
    for (const auto& scope : ix.at("s").as_array())
      for (const auto& d : ix.at("d").as_array()) {
        cr.due_counts.push_back({std::string(scope.as_string()), std::string(d.as_array()[1].as_string())});
        cr.due_at.push_back(d.as_array()[4].as_int64());
      }
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return c;
}

double bench_same_rows(const std::string& db, const Capture& c) {
  sqlite3* h = open_raw(db);
  for (const auto& sql : c.schema) sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr);
  std::vector<sqlite3_stmt*> ins;
  for (const auto& sql : c.inserts) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v3(h, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    ins.push_back(s);
  }
  sqlite3_stmt *roll = nullptr, *due = nullptr;
  sqlite3_prepare_v3(h,
                     "INSERT INTO rollup VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                     "ON CONFLICT(scope, level, period, key) DO UPDATE SET n = n + excluded.n, open = open + excluded.open, "
                     "answered = answered + excluded.answered, late = late + excluded.late, on_time = on_time + "
                     "excluded.on_time, opinions_late = opinions_late + excluded.opinions_late, days_ms = days_ms + "
                     "excluded.days_ms, amount_fen = amount_fen + excluded.amount_fen",
                     -1, SQLITE_PREPARE_PERSISTENT, &roll, nullptr);
  sqlite3_prepare_v3(h,
                     "INSERT INTO due_counts VALUES(?1, ?2, ?3, 1) ON CONFLICT(scope, unit, due) DO UPDATE SET n = n + 1",
                     -1, SQLITE_PREPARE_PERSISTENT, &due, nullptr);
  auto t0 = std::chrono::steady_clock::now();
  for (const CaseRows& cr : c.cases) {
    sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (const Row& r : cr.rows) {
      sqlite3_stmt* s = ins[r.table];
      for (size_t i = 0; i < r.values.size(); ++i) sqlite3_bind_value(s, static_cast<int>(i + 1), r.values[i]);
      sqlite3_step(s);
      sqlite3_reset(s);
    }
    for (const Upsert& u : cr.rollup) {
      sqlite3_bind_text(roll, 1, u.scope.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(roll, 2, u.level);
      sqlite3_bind_int64(roll, 3, u.period);
      sqlite3_bind_text(roll, 4, u.key.c_str(), -1, SQLITE_STATIC);
      for (size_t i = 0; i < 8; ++i) sqlite3_bind_int64(roll, static_cast<int>(5 + i), i < u.m.size() ? u.m[i] : 0);
      sqlite3_step(roll);
      sqlite3_reset(roll);
    }
    for (size_t i = 0; i < cr.due_counts.size(); ++i) {
      sqlite3_bind_text(due, 1, cr.due_counts[i][0].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(due, 2, cr.due_counts[i][1].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(due, 3, cr.due_at[i]);
      sqlite3_step(due);
      sqlite3_reset(due);
    }
    sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
  }
  double s = seconds_since(t0);
  for (auto* st : ins) sqlite3_finalize(st);
  sqlite3_finalize(roll);
  sqlite3_finalize(due);
  sqlite3_close(h);
  return c.cases.size() / s;
}

// ---- lifecycles ----------------------------------------------------------------------

double bench_lifecycles(const std::string& db, long n, const char* district, int callers) {
  od_engine* e = open_engine(db, district);
  const std::string now = "2026-03-02T09:00:00+08:00";
  double rate = run_callers(n, callers, [&](long i) {
    const long j = i + 5000000;  // people the intake runs did not use
    std::string town = kTowns[j % 6];
    std::string window = "town." + town, office = "town." + town + ".office";
    auto a = [](const std::string& unit, const char* role) {
      return "\"actor\":{\"officer\":\"B\",\"unit\":\"" + unit + "\",\"role\":\"" + role + "\"}";
    };
    std::string r = call(e, "intake", intake_request(j));
    auto p = r.find("\"case_id\":\"") + 11;
    std::string case_id = r.substr(p, r.find('"', p) - p), item = case_id + "-1";
    call(e, "route", "{" + a(window, "officer") + ",\"item_id\":\"" + item + "\",\"type\":\"distribute\"}");
    call(e, "acknowledge", "{" + a(office, "handler") + ",\"item_id\":\"" + item + "\"}");
    call(e, "opinion", "{" + a(office, "handler") + ",\"item_id\":\"" + item + "\",\"opinion\":\"符合条件\"}");
    call(e, "feedback", "{" + a(office, "head") + ",\"item_id\":\"" + item +
                            "\",\"outcome\":\"granted\",\"told_at\":\"" + now +
                            "\",\"channel\":\"phone\",\"signer\":\"王主任\",\"seal\":\"公章\",\"measures\":\"按月发放\",\"amount\":500}");
    call(e, "archive", "{" + a(window, "officer") + ",\"case_id\":\"" + case_id + "\"}");
  });
  od_close(e);
  return rate;
}

double bench_raw_transactions(const std::string& db, long n, int per_case, int callers) {
  sqlite3* h = open_raw(db);
  sqlite3_exec(h, "CREATE TABLE t(id INTEGER PRIMARY KEY, doc TEXT NOT NULL)", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  const std::string doc = intake_request(1);
  double rate = run_callers(n, callers, [&](long) {
    thread_local sqlite3* c = nullptr;
    thread_local sqlite3_stmt* ins = nullptr;
    thread_local std::string opened;
    if (opened != db) {
      sqlite3_open(db.c_str(), &c);
      sqlite3_busy_timeout(c, 60000);
      sqlite3_exec(c, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
      sqlite3_prepare_v2(c, "INSERT INTO t(doc) VALUES(?1)", -1, &ins, nullptr);
      opened = db;
    }
    for (int k = 0; k < per_case; ++k) {
      sqlite3_exec(c, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      sqlite3_bind_text(ins, 1, doc.data(), static_cast<int>(doc.size()), SQLITE_STATIC);
      sqlite3_step(ins);
      sqlite3_reset(ins);
      sqlite3_exec(c, "COMMIT", nullptr, nullptr, nullptr);
    }
  });
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage = "bench_intake [N=2000] [DIR=.] [PAIRS=7]";
  long n = argc > 1 ? count_arg(argv[1], usage) : 2000;
  std::string dir = argc > 2 ? argv[2] : ".";
  int pairs = argc > 3 ? static_cast<int>(count_arg(argv[3], usage)) : 7;
  const char* district = ONEDOOR_SOURCE_DIR "/config/dongchangfu.json";
  std::vector<std::string> reqs;
  for (long i = 0; i < n; ++i) reqs.push_back(intake_request(i));

  std::vector<double> eng, same, one;
  for (int p = 0; p < pairs; ++p) {
    eng.push_back(bench_engine(dir + "/bench_engine.db", reqs, district, 1));
    Capture c = capture(dir + "/bench_engine.db");
    same.push_back(bench_same_rows(dir + "/bench_same.db", c));
    one.push_back(bench_one_row(dir + "/bench_one.db", reqs));
    for (auto& cr : c.cases)
      for (auto& r : cr.rows)
        for (auto* v : r.values) sqlite3_value_free(v);
  }
  std::printf("intakes: %ld per run, %d alternating runs each, medians, database in %s\n", n, pairs, dir.c_str());
  std::printf("onedoor intake (durable, 1 caller): %9.1f /s\n", median(eng));
  std::printf("raw SQLite, the same rows:         %9.1f /s   ratio %.2f (target >= 0.8)\n", median(same),
              median(eng) / median(same));
  std::printf("raw SQLite, one row:               %9.1f /s   ratio %.2f\n", median(one), median(eng) / median(one));

  std::vector<double> c1, c4;
  for (int p = 0; p < 3; ++p) {
    c1.push_back(bench_engine(dir + "/bench_engine.db", reqs, district, 1));
    c4.push_back(bench_engine(dir + "/bench_engine.db", reqs, district, 4));
  }
  std::printf("intakes with 1 caller: %9.1f /s; with 4 callers: %9.1f /s; ratio %.2f (target >= 2)\n", median(c1),
              median(c4), median(c4) / median(c1));

  long cases = std::max(200L, n / 4);
  for (int callers : {1, 4}) {
    std::vector<double> life, raw;
    for (int p = 0; p < 3; ++p) {
      life.push_back(bench_lifecycles(dir + "/bench_life.db", cases, district, callers));
      raw.push_back(bench_raw_transactions(dir + "/bench_rawtx.db", cases, 6, callers));
    }
    std::printf("lifecycles (6 calls each), %d caller%s: %8.1f cases/s; raw SQLite, 6 one-row transactions each: "
                "%8.1f cases/s; ratio %.2f%s\n",
                callers, callers > 1 ? "s" : " ", median(life), median(raw), median(life) / median(raw),
                callers == 4 ? " (target >= 1000 cases/s)" : "");
  }
  for (const char* f : {"bench_engine.db", "bench_same.db", "bench_one.db", "bench_life.db", "bench_rawtx.db"})
    for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::remove((dir + "/" + f + suffix).c_str());
  return 0;
}
