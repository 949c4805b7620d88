// How every query's cost grows with the district's history: builds (or reuses) districts
// of 10k, 100k and 1M cases through the C API, with a department plugin configured so
// that the outbox grows as in real use, then measures p50/p99/max over repeated calls of
// each query, od_open time, peak RSS and bytes on disk per case, and prints the growth
// from the smallest to the largest district. Then a mixed load: intakes on one thread,
// alone and with stats and due.list looping on another.
//
//   bench_queries [--sizes 10000,100000,1000000] [--dir DIR] [--calls 1000] [--threads 4]
//                 [--pg CONNINFO]
//
// --pg: the districts live in PostgreSQL databases odq_<size> on the server CONNINFO
// names (created there; CONNINFO's own database is only used to create them), the
// case ids in DIR as for SQLite; "bytes on disk" is pg_database_size. Built only when
// libpq was found.
//
// Loading: each case is received on its day (ten years, spread evenly; the last month's
// cases are left at every stage), routed, answered and archived (the last month's are
// not), with the engine's own deliveries run in between: the rows are those a portal
// leaves. Databases are kept in DIR (default: bench-data/ here) and reused by later runs.
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#ifdef ONEDOOR_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

#include "onedoor/onedoor.h"
#include "synthetic.h"

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Options {
  std::vector<long> sizes{10000, 100000, 1000000};
  std::string dir = "bench-data";
  int calls = 1000;
  int threads = 4;
  std::string pg;  // conninfo: the districts in PostgreSQL
};
std::string g_pg;  // Options::pg, for the database of a district

// Where the district of n cases is kept in DIR: its SQLite file, or with --pg the name
// its case ids go under (the cases are in the PostgreSQL database pg_database(n)).
std::string district_db(const std::string& dir, long n) {
  return dir + (g_pg.empty() ? "/queries-" : "/pg-queries-") + std::to_string(n) + ".db";
}
std::string pg_database(long n) { return "odq_" + std::to_string(n); }

// The engine's "database" value for the district kept at `db` (district_db): the file,
// or with --pg the PostgreSQL database named for its size.
std::string database_of(const std::string& db) {
  if (g_pg.empty()) return "\"" + db + "\"";
  const size_t dash = db.rfind('-'), dot = db.rfind('.');
  const std::string name = pg_database(std::atol(db.substr(dash + 1, dot - dash - 1).c_str()));
  return "{\"backend\":\"postgresql\",\"conninfo\":\"" + g_pg + " dbname=" + name + "\"}";
}

#ifdef ONEDOOR_HAVE_LIBPQ
// One statement on the server (its maintenance database, or `dbname`); the first value.
std::string pg_exec(const std::string& sql, const std::string& dbname = "") {
  PGconn* c = PQconnectdb((g_pg + (dbname.empty() ? "" : " dbname=" + dbname)).c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::fprintf(stderr, "bench_queries: %s", PQerrorMessage(c));
    std::exit(1);
  }
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "bench_queries: %s: %s", sql.c_str(), PQerrorMessage(c));
    std::exit(1);
  }
  std::string v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
  PQclear(r);
  PQfinish(c);
  return v;
}
#endif

const char* kTowns[] = {"gulou", "liuyuan", "xinqu", "huxi", "dongcheng", "houying"};
const char* kTownCats[] = {"dibao", "tekun", "medical", "temporary"};
const char* kDistrictCats[] = {"dibao", "medical", "education", "housing", "employment", "charity"};

std::string call(od_engine* e, const char* op, const std::string& req, bool must = true) {
  char* resp = nullptr;
  int32_t st = od_call(e, op, req.c_str(), &resp);
  std::string out = resp ? resp : "";
  od_free(resp);
  if (st != OD_OK && must) {
    std::fprintf(stderr, "%s failed (%d): %s\nrequest: %s\n", op, st, out.c_str(), req.c_str());
    std::exit(1);
  }
  return out;
}

// The value of "key":"..." in a flat response (the bench parses nothing else).
std::string field(const std::string& doc, const char* key) {
  std::string pat = std::string("\"") + key + "\":\"";
  auto p = doc.find(pat);
  if (p == std::string::npos) return "";
  p += pat.size();
  return doc.substr(p, doc.find('"', p) - p);
}

std::string actor(const std::string& unit, const char* role) {
  return "\"actor\":{\"officer\":\"B-1\",\"unit\":\"" + unit + "\",\"role\":\"" + role + "\"}";
}

od_engine* open_engine(const std::string& db, const char* district, const std::string& plugin) {
  std::string cfg = "{\"database\":" + database_of(db) + ",\"district_file\":\"" + district +
                    "\",\"clock\":\"manual\",\"clock_start\":\"2017-01-02T09:00:00+08:00\",\"delivery\":{\"workers\":0},"
                    "\"plugins\":{\"dept.civil\":{\"file\":\"" + plugin + "\"}}}";
  od_engine* e = nullptr;
  char* err = nullptr;
  if (od_open(cfg.c_str(), &e, &err) != OD_OK) {
    std::fprintf(stderr, "od_open failed: %s\n", err ? err : "?");
    std::exit(1);
  }
  return e;
}

// One case through its life, as far as `stage` (5 = archived).
void lifecycle(od_engine* e, long n, int stage, std::string& id_out) {
  char id[19], hid[19], name[32];
  od_synthetic_id(2 * n + 7, id);
  od_synthetic_id(2 * n + 8, hid);
  od_synthetic_name(n, name, sizeof name);
  const char* town = kTowns[n % 6];
  bool at_town = n % 2 == 0;
  std::string window = at_town ? std::string("town.") + town : "district";
  const char* cat = at_town ? kTownCats[(n / 2) % 4] : kDistrictCats[(n / 2) % 6];
  std::string holder = at_town ? std::string("town.") + town + ".office" : "";
  char req[1024];
  std::snprintf(req, sizeof req,
                "{%s,\"applicant\":{\"name\":\"%s\",\"id_number\":\"%s\",\"hukou_town\":\"%s\"},"
                "\"household\":[{\"name\":\"%s\",\"id_number\":\"%s\",\"relation\":\"spouse\"}],"
                "\"hardship\":\"因病致贫\",\"categories\":[\"%s\"],\"urgency\":\"%s\"}",
                actor(window, "officer").c_str(), name, id, town, name, hid, cat, n % 50 == 0 ? "emergency" : "normal");
  std::string r = call(e, "intake", req);
  std::string case_id = field(r, "case_id");
  id_out = case_id;
  if (stage < 1) return;
  std::string item = case_id + "-1";
  r = call(e, "route", "{" + actor(window, "officer") + ",\"item_id\":\"" + item + "\",\"type\":\"" +
                           (at_town ? "distribute" : "transfer") + "\"}");
  if (!at_town) holder = field(r, "holder");
  if (stage < 2) return;
  call(e, "opinion", "{" + actor(holder, "handler") + ",\"item_id\":\"" + item + "\",\"opinion\":\"符合条件\"}");
  if (stage < 3) return;
  std::string now = field(call(e, "engine.status", "{}"), "now");
  std::snprintf(req, sizeof req,
                "{%s,\"item_id\":\"%s\",\"outcome\":\"%s\",\"told_at\":\"%s\",\"channel\":\"phone\","
                "\"signer\":\"王主任\",\"seal\":\"公章\",\"measures\":\"按月发放\",\"amount\":%ld}",
                actor(holder, "head").c_str(), item.c_str(), n % 5 == 0 ? "refused" : "granted", now.c_str(),
                300 + (n % 7) * 50);
  call(e, "feedback", req);
}

bool exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}
long long file_size(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
}

// Loads n cases over ten years (2017-2026), `threads` callers at once. Returns seconds.
double load(const std::string& db, long n, int threads, const char* district, const std::string& plugin) {
  od_engine* e = open_engine(db, district, plugin);
  auto t0 = Clock::now();
  const int days = 3650;
  // Case ids go to DB.ids a day at a time (renamed into place once the load is whole): the
  // bench holds one day's ids, not a million, so its peak RSS is the library's.
  const std::string ids_file = db + ".ids";
  std::ofstream out(ids_file + ".tmp", std::ios::trunc);
  long done = 0;
  for (int d = 0; d < days && done < n; ++d) {
    long today = (n * (d + 1)) / days - done;
    // 2017-01-02 plus d days, at 09:00
    call(e, "clock.set", "{\"at\":\"2017-01-02T09:00:00+08:00\"}");
    if (d > 0) call(e, "clock.advance", "{\"days\":" + std::to_string(d) + "}");
    bool recent = d >= days - 30;
    std::vector<std::string> ids(static_cast<size_t>(today));  // ids[i - done]
    std::atomic<long> next{done};
    auto worker = [&] {
      for (long i = next++; i < done + today; i = next++) {
        int stage = recent ? static_cast<int>(i % 5) : 4;
        lifecycle(e, i, stage, ids[static_cast<size_t>(i - done)]);
      }
    };
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t) ts.emplace_back(worker);
    for (auto& t : ts) t.join();
    call(e, "delivery.run", "{\"max\":100000}");
    if (!recent) {
      std::atomic<long> k{done};
      auto archiver = [&] {
        for (long i = k++; i < done + today; i = k++) {
          std::string window = i % 2 == 0 ? std::string("town.") + kTowns[i % 6] : "district";
          call(e, "archive", "{" + actor(window, "officer") + ",\"case_id\":\"" + ids[static_cast<size_t>(i - done)] + "\"}");
        }
      };
      std::vector<std::thread> as;
      for (int t = 0; t < threads; ++t) as.emplace_back(archiver);
      for (auto& t : as) t.join();
    }
    for (const auto& id : ids) out << id << "\n";
    done += today;
    if (d % 73 == 72) std::fprintf(stderr, "  loaded %ld cases (%.0f s)\n", done, ms_since(t0) / 1000);
  }
  od_close(e);
  out.close();
  std::rename((ids_file + ".tmp").c_str(), ids_file.c_str());
  return ms_since(t0) / 1000;
}

struct Stat {
  double p50, p99, max;
};
Stat measure(int calls, const std::function<void(int)>& fn) {
  std::vector<double> t;
  t.reserve(static_cast<size_t>(calls));
  for (int i = 0; i < calls; ++i) {
    auto t0 = Clock::now();
    fn(i);
    t.push_back(ms_since(t0));
  }
  std::sort(t.begin(), t.end());
  return {t[t.size() / 2], t[std::min(t.size() - 1, t.size() * 99 / 100)], t.back()};
}

long peak_rss_kib() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--sizes") {
      o.sizes.clear();
      for (size_t p = 0; p < v.size();) {
        size_t c = v.find(',', p);
        o.sizes.push_back(std::atol(v.substr(p, c - p).c_str()));
        p = c == std::string::npos ? v.size() : c + 1;
      }
    } else if (k == "--dir") o.dir = v;
    else if (k == "--calls") o.calls = std::atoi(v.c_str());
    else if (k == "--threads") o.threads = std::atoi(v.c_str());
    else if (k == "--pg") o.pg = v;
    else {
      std::fprintf(stderr, "usage: bench_queries [--sizes N,N] [--dir DIR] [--calls N] [--threads N] [--pg CONNINFO]\n");
      return 2;
    }
  }
  const std::string plugin = ONEDOOR_BENCH_PLUGIN;
  mkdir(o.dir.c_str(), 0755);
  g_pg = o.pg;
#ifndef ONEDOOR_HAVE_LIBPQ
  if (!g_pg.empty()) {
    std::fprintf(stderr, "bench_queries: built without libpq, --pg is not available\n");
    return 2;
  }
#endif
  // The shipped district starts on 2025-01-01 and refuses earlier intakes; the bench
  // loads ten years from 2017, so it runs on a copy whose start date comes first.
  const std::string district_copy = o.dir + "/district.json";
  {
    std::ifstream in(ONEDOOR_SOURCE_DIR "/config/dongchangfu.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string key = "\"start_date\": \"";
    auto p = text.find(key);
    if (p == std::string::npos) {
      std::fprintf(stderr, "config/dongchangfu.json has no start_date\n");
      return 1;
    }
    text.replace(p + key.size(), 10, "2017-01-01");
    // written aside and renamed: another bench run may be opening it from the same DIR
    const std::string tmp = district_copy + "." + std::to_string(getpid());
    std::ofstream(tmp) << text;
    std::rename(tmp.c_str(), district_copy.c_str());
  }
  const char* district = district_copy.c_str();

  struct Row {
    std::string name;
    std::vector<Stat> at;  // per size
  };
  std::vector<Row> rows;
  auto row = [&](const std::string& name) -> Row& {
    for (auto& r : rows)
      if (r.name == name) return r;
    rows.push_back({name, {}});
    return rows.back();
  };
  std::vector<double> open_ms, per_case, load_s;

  for (long n : o.sizes) {
    std::string db = district_db(o.dir, n);
    double loaded = 0;
    if (!exists(db + ".ids")) {
      std::remove(db.c_str());
#ifdef ONEDOOR_HAVE_LIBPQ
      if (!g_pg.empty()) {
        pg_exec("DROP DATABASE IF EXISTS " + pg_database(n));
        pg_exec("CREATE DATABASE " + pg_database(n));
      }
#endif
      std::fprintf(stderr, "building a district of %ld cases in %s ...\n", n, db.c_str());
      loaded = load(db, n, o.threads, district, plugin);
      std::fprintf(stderr, "  %ld cases in %.0f s\n", n, loaded);
    }
    load_s.push_back(loaded);
    // every k-th case id, at most 20,000 of them spread over the whole history: enough
    // for 1,000 random case.get calls without holding a million strings
    std::vector<std::string> ids;
    {
      const long k = std::max(1L, n / 20000);
      std::ifstream in(db + ".ids");
      long line = 0;
      for (std::string l; std::getline(in, l); ++line)
        if (line % k == 0) ids.push_back(l);
    }
    // od_open: median of 5
    std::vector<double> opens;
    for (int i = 0; i < 5; ++i) {
      auto t0 = Clock::now();
      od_engine* e = open_engine(db, district, plugin);
      opens.push_back(ms_since(t0));
      od_close(e);
    }
    std::sort(opens.begin(), opens.end());
    open_ms.push_back(opens[2]);
    long long bytes = file_size(db) + file_size(db + "-wal");
#ifdef ONEDOOR_HAVE_LIBPQ
    if (!g_pg.empty()) bytes = std::atoll(pg_exec("SELECT pg_database_size(current_database())", pg_database(n)).c_str());
#endif
    per_case.push_back(static_cast<double>(bytes) / static_cast<double>(n));

    od_engine* e = open_engine(db, district, plugin);
    call(e, "clock.set", "{\"at\":\"2026-12-31T16:00:00+08:00\"}");
    std::mt19937 rng(42);
    auto any_id = [&] { return ids[rng() % ids.size()]; };
    auto person = [&](int k) {
      char id[19];
      long i = static_cast<long>(rng() % static_cast<unsigned long>(n));
      od_synthetic_id(2 * i + 7 + (k % 2), id);  // applicant or household member
      return std::string(id);
    };
    const std::string district_actor = actor("district", "officer");
    const std::string office_actor = actor("town.gulou.office", "handler");
    auto q = [&](const std::string& name, const char* op, const std::function<std::string(int)>& req) {
      row(name).at.push_back(measure(o.calls, [&](int i) { call(e, op, req(i)); }));
    };
    q("case.get", "case.get", [&](int) { return "{" + district_actor + ",\"case_id\":\"" + any_id() + "\"}"; });
    q("case.list town", "case.list", [&](int i) { return "{" + district_actor + ",\"town\":\"" + kTowns[i % 6] + "\"}"; });
    q("case.list category", "case.list", [&](int i) { return "{" + district_actor + ",\"category\":\"" + kDistrictCats[i % 6] + "\"}"; });
    q("case.list state=open", "case.list", [&](int) { return "{" + district_actor + ",\"state\":\"open\"}"; });
    q("case.list outcome=refused", "case.list", [&](int) { return "{" + district_actor + ",\"outcome\":\"refused\"}"; });
    q("case.list overdue", "case.list", [&](int) { return "{" + district_actor + ",\"overdue\":true}"; });
    q("case.list as a town office", "case.list", [&](int) { return "{" + office_actor + ",\"state\":\"open\"}"; });
    q("case.list applicant/household", "case.list", [&](int i) { return "{" + district_actor + ",\"applicant_id\":\"" + person(i) + "\"}"; });
    q("due.list district", "due.list", [&](int) { return "{" + district_actor + "}"; });
    q("due.list town office", "due.list", [&](int) { return "{" + office_actor + "}"; });
    q("due.list unit=dept.civil", "due.list", [&](int) { return "{" + district_actor + ",\"unit\":\"dept.civil\"}"; });
    q("delivery.list case", "delivery.list", [&](int) { return "{" + district_actor + ",\"case_id\":\"" + any_id() + "\",\"limit\":50}"; });
    q("delivery.list district", "delivery.list", [&](int) { return "{" + district_actor + ",\"limit\":50}"; });
    q("stats district, a year", "stats", [&](int) { return "{" + district_actor + ",\"from\":\"2025-01-01\",\"to\":\"2026-01-01\"}"; });
    q("stats town office, a year", "stats", [&](int) { return "{" + office_actor + ",\"from\":\"2025-01-01\",\"to\":\"2026-01-01\"}"; });
    q("stats district, a month", "stats", [&](int) { return "{" + district_actor + ",\"from\":\"2025-06-01\",\"to\":\"2025-07-01\"}"; });
    // the year that holds the open month: its overdue count is the one that walks open work
    q("stats district, the open year", "stats", [&](int) { return "{" + district_actor + ",\"from\":\"2026-01-01\",\"to\":\"2027-01-01\"}"; });
    q("stats town office, the open year", "stats", [&](int) { return "{" + office_actor + ",\"from\":\"2026-01-01\",\"to\":\"2027-01-01\"}"; });
    q("disclosure, a month", "disclosure", [&](int) { return "{" + district_actor + ",\"from\":\"2025-06-01\",\"to\":\"2025-07-01\",\"limit\":100}"; });
    od_close(e);
    std::fprintf(stderr, "measured %ld\n", n);
  }

  // ---- the table ----
  std::printf("\nquery latency in ms, p50 / p99 / max over %d calls each\n", o.calls);
  std::printf("%-32s", "call");
  for (long n : o.sizes) std::printf(" | %22ld", n);
  std::printf(" | p50 growth | p99 growth\n");
  for (const auto& r : rows) {
    std::printf("%-32s", r.name.c_str());
    for (const auto& s : r.at) std::printf(" | %6.2f / %6.2f / %6.1f", s.p50, s.p99, s.max);
    std::printf(" | %9.2fx | %9.2fx\n", r.at.back().p50 / std::max(r.at.front().p50, 1e-3),
                r.at.back().p99 / std::max(r.at.front().p99, 1e-3));
  }
  std::printf("%-32s", "od_open (median of 5)");
  for (double v : open_ms) std::printf(" | %19.1f ms", v);
  std::printf(" | %5.2fx\n", open_ms.back() / std::max(open_ms.front(), 1e-3));
  std::printf("%-32s", "bytes on disk per case");
  for (double v : per_case) std::printf(" | %22.0f", v);
  std::printf("\n%-32s", "load time (0: reused)");
  for (double v : load_s) std::printf(" | %20.0f s", v);

  // ---- mixed load on the largest district ----
  {
    std::string db = district_db(o.dir, o.sizes.back());
    od_engine* e = open_engine(db, district, plugin);
    call(e, "clock.set", "{\"at\":\"2026-12-31T16:00:00+08:00\"}");
    std::atomic<long> serial{50'000'000 + static_cast<long>(std::random_device{}() % 1'000'000) * 8};
    auto intakes = [&](int calls) {
      return measure(calls, [&](int) {
        long n = serial++;
        char id[19], name[32];
        od_synthetic_id(static_cast<unsigned long>(2 * n), id);
        od_synthetic_name(static_cast<unsigned long>(n), name, sizeof name);
        std::string req = "{" + actor("town.gulou", "officer") + ",\"applicant\":{\"name\":\"" + name +
                          "\",\"id_number\":\"" + id + "\",\"hukou_town\":\"gulou\"},\"hardship\":\"困难\",\"categories\":[\"dibao\"]}";
        call(e, "intake", req, false);
      });
    };
    Stat alone = intakes(o.calls);
    std::atomic<bool> stop{false};
    std::atomic<long> reads{0};
    std::thread reader([&] {
      const std::string a = actor("district", "officer");
      while (!stop) {
        call(e, "stats", "{" + a + ",\"from\":\"2025-01-01\",\"to\":\"2026-01-01\"}");
        call(e, "due.list", "{" + a + "}");
        reads += 2;
      }
    });
    Stat mixed = intakes(o.calls);
    stop = true;
    reader.join();
    od_close(e);
    std::printf("\n\nmixed load on %ld cases: intake p50/p99 alone %.2f / %.2f ms; with stats and due.list looping "
                "(%ld reads) %.2f / %.2f ms; p99 ratio %.2f (target <= 2)\n",
                o.sizes.back(), alone.p50, alone.p99, reads.load(), mixed.p50, mixed.p99, mixed.p99 / alone.p99);
  }
  std::printf("peak RSS of this process: %.1f MiB (target <= 64)\n", peak_rss_kib() / 1024.0);
  return 0;
}
