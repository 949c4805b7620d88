// Durable intakes per second through the C API, against a raw SQLite insert of the
// same request payload with the same durability (WAL, synchronous=FULL, one
// transaction per row), measured in the same run on the same file system.
// Prints both rates and their ratio (target: at least 0.5).
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "onedoor/onedoor.h"
#include "synthetic.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<std::string> make_requests(int n) {
  static const char* towns[] = {"gulou", "liuyuan", "xinqu", "houying", "shazhen", "tangyi"};
  static const char* cats[] = {"dibao", "medical", "education", "housing", "employment", "temporary"};
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    char id[19], mid[19], name[32];
    od_synthetic_id(100000 + i * 2, id);
    od_synthetic_id(100001 + i * 2, mid);
    od_synthetic_name(i, name, sizeof name);
    char buf[2048];
    std::snprintf(buf, sizeof buf,
                  "{\"actor\":{\"officer\":\"O-%03d\",\"unit\":\"town.%s\",\"role\":\"officer\"},"
                  "\"channel\":\"in_person\",\"applicant\":{\"name\":\"%s\",\"id_number\":\"%s\",\"phone\":\"138%08d\","
                  "\"hukou_town\":\"%s\",\"address\":\"示例路%d号\"},\"household\":[{\"name\":\"%s\",\"id_number\":\"%s\","
                  "\"relation\":\"spouse\"}],\"hardship\":\"因病致贫，家庭收入低于当地最低生活保障标准\","
                  "\"categories\":[\"%s\"]}",
                  i % 50, towns[i % 6], name, id, i, towns[i % 6], i, name, mid, cats[i % 6]);
    out.emplace_back(buf);
  }
  return out;
}

double bench_engine(const std::string& dir, const std::vector<std::string>& reqs, const char* district) {
  std::string db = dir + "/bench_engine.db";
  std::remove(db.c_str());
  std::string cfg = "{\"database\":\"" + db + "\",\"district_file\":\"" + district + "\",\"delivery\":{\"workers\":0}}";
  od_engine* e = nullptr;
  char* err = nullptr;
  if (od_open(cfg.c_str(), &e, &err) != OD_OK) {
    std::fprintf(stderr, "open failed: %s\n", err ? err : "?");
    std::exit(1);
  }
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& r : reqs) {
    char* resp = nullptr;
    if (od_call(e, "intake", r.c_str(), &resp) != OD_OK) {
      std::fprintf(stderr, "intake failed: %s\n", resp);
      std::exit(1);
    }
    od_free(resp);
  }
  double s = seconds_since(t0);
  od_close(e);
  return reqs.size() / s;
}

double bench_raw(const std::string& dir, const std::vector<std::string>& reqs) {
  std::string db = dir + "/bench_raw.db";
  std::remove(db.c_str());
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE t(id INTEGER PRIMARY KEY, doc TEXT NOT NULL)", nullptr, nullptr, nullptr);
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

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 2000;
  std::string dir = argc > 2 ? argv[2] : ".";
  const char* district = argc > 3 ? argv[3] : ONEDOOR_SOURCE_DIR "/config/dongchangfu.json";
  auto reqs = make_requests(n);
  // alternate the two so that machine noise hits both alike
  double e1 = bench_engine(dir, reqs, district);
  double r1 = bench_raw(dir, reqs);
  double e2 = bench_engine(dir, reqs, district);
  double r2 = bench_raw(dir, reqs);
  double engine = (e1 + e2) / 2, raw = (r1 + r2) / 2;
  std::printf("intakes: %d per run, database in %s\n", n, dir.c_str());
  std::printf("onedoor intake (durable):     %9.1f /s\n", engine);
  std::printf("raw SQLite insert (same sync): %9.1f /s\n", raw);
  std::printf("ratio onedoor/raw: %.2f (target >= 0.5)\n", engine / raw);
  return 0;
}
