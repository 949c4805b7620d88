// Faults of the storage under a running engine: a PostgreSQL server that restarts (and
// one that cannot be reached at open), a SQLite file that is full, and one that is read
// only. Each time the calls concerned fail with OD_ERR_STORAGE (or CONFIG at open),
// nothing is half-written, and the engine works again once the fault is gone.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "engine_client.hpp"

using namespace odtest;
namespace fs = std::filesystem;

namespace {

const std::string kDistrict = std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json";

std::string config(json::value database) {
  return json::serialize(json::object{{"database", std::move(database)},
                                      {"district_file", kDistrict},
                                      {"delivery", json::object{{"workers", 0}}}});
}

json::object intake_request(unsigned n) {
  return json::object{{"actor", actor("district")},
                      {"applicant", json::object{{"name", "测试" + std::to_string(n)},
                                                 {"id_number", synthetic_id(n)},
                                                 {"phone", "13800000001"},
                                                 {"hukou_town", "gulou"},
                                                 {"address", "示例路1号"}}},
                      {"hardship", "因病致贫"},
                      {"categories", json::array{"temporary"}}};
}

// How many cases the district holds, page by page.
int64_t case_count(const EngineClient& e) {
  int64_t n = 0;
  json::object req{{"actor", actor("district")}, {"limit", 100}};
  for (;;) {
    json::value page = e.ok("case.list", req);
    n += page.at("count").as_int64();
    if (!page.as_object().contains("next")) return n;
    req["after"] = page.at("next");
  }
}

// Every case's event chain and the district chain are whole.
void check_whole(const EngineClient& e) {
  json::value v = e.ok("verify", json::object{{"actor", actor("district")}});
  INFO(json::serialize(v));
  CHECK(v.at("ok").as_bool());
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  REQUIRE(pclose(p) == 0);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/od-faults-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("a PostgreSQL server restarted mid-run: calls in flight fail with STORAGE, later ones succeed", "[pg]") {
  TempDir dir;
  fs::permissions(dir.path, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);  // the server's user passes
  const std::string cluster = (dir.path / "pg").string();
  const std::string script = std::string(ONEDOOR_SOURCE_DIR) + "/scripts/pg-cluster.sh";
  const std::string conninfo = run(script + " start " + cluster);
  struct Stop {
    std::string cmd;
    ~Stop() { (void)std::system(cmd.c_str()); }
  } stop{script + " stop " + cluster + " >/dev/null 2>&1"};
  const json::value db{{"backend", "postgresql"}, {"conninfo", conninfo}};

  std::vector<std::string> acked;  // case ids of intakes that returned OK
  int storage = 0, other = 0;
  std::string other_body;
  {
    EngineClient e(config(db));
    std::atomic<bool> done{false};
    std::atomic<int> oks{0};
    std::thread caller([&] {
      for (unsigned n = 1; !done; ++n) {
        Reply r = e.call("intake", intake_request(n));
        if (r.status == OD_OK) {
          acked.push_back(std::string(r.at("/case_id").as_string()));
          ++oks;
        } else if (r.status == OD_ERR_STORAGE) {
          ++storage;
        } else {
          ++other;
          other_body = json::serialize(r.body);
        }
      }
    });
    auto wait_for = [&](int n) {
      for (int i = 0; i < 3000 && oks < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
    wait_for(20);
    run(script + " halt " + cluster);  // the server dies under the calls
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const int before = oks;
    run(script + " restart " + cluster);
    wait_for(before + 20);  // the same engine, not reopened, works again
    done = true;
    caller.join();
    CHECK(oks >= before + 20);
    CHECK(storage >= 1);  // while the server was down
    INFO(other_body);
    CHECK(other == 0);  // nothing else than OK or STORAGE

    // every acknowledged intake is there, whole; a call that failed left nothing half
    // (at most a commit whose answer was lost is there too)
    for (const std::string& id : acked) {
      INFO(id);
      CHECK(e.call("case.get", json::object{{"actor", actor("district")}, {"case_id", id}}).status == OD_OK);
    }
    int64_t n = case_count(e);
    CHECK(n >= static_cast<int64_t>(acked.size()));
    CHECK(n <= static_cast<int64_t>(acked.size()) + storage);
    check_whole(e);
  }

  // a server that cannot be reached at open is the configuration's fault, named
  run(script + " halt " + cluster);
  od_engine* x = nullptr;
  char* err = nullptr;
  CHECK(od_open(config(db).c_str(), &x, &err) == OD_ERR_CONFIG);
  REQUIRE(err != nullptr);
  CHECK(std::string(err).find("\"field\":\"database.conninfo\"") != std::string::npos);
  od_free(err);
}

TEST_CASE("a full SQLite file: the write fails with STORAGE and leaves nothing half-written", "[sqlite]") {
  TempDir dir;
  const std::string path = (dir.path / "full.db").string();
  std::vector<std::string> acked;
  int32_t failed = OD_OK;
  {
    // a file that may not grow past 120 pages of 4 KiB: a disk that fills up
    EngineClient e(config(json::object{{"backend", "sqlite"}, {"path", path}, {"max_pages", 120}}));
    for (unsigned n = 1; n < 5000; ++n) {
      Reply r = e.call("intake", intake_request(n));
      if (r.status != OD_OK) {
        failed = r.status;
        INFO(json::serialize(r.body));
        break;
      }
      acked.push_back(std::string(r.at("/case_id").as_string()));
    }
  }
  CHECK(failed == OD_ERR_STORAGE);
  CHECK(acked.size() >= 5);
  // room again: everything acknowledged is there, the failed intake is not, and new
  // calls succeed
  EngineClient e(config(json::value(path)));
  CHECK(case_count(e) == static_cast<int64_t>(acked.size()));
  for (const std::string& id : acked)
    CHECK(e.call("case.get", json::object{{"actor", actor("district")}, {"case_id", id}}).status == OD_OK);
  check_whole(e);
  e.ok("intake", intake_request(9000));
  CHECK(case_count(e) == static_cast<int64_t>(acked.size()) + 1);
}

TEST_CASE("a read-only SQLite file: STORAGE, and the file is unchanged", "[sqlite]") {
  TempDir dir;
  const std::string path = (dir.path / "ro.db").string();
  {
    EngineClient e(config(json::value(path)));
    for (unsigned n = 1; n <= 3; ++n) e.ok("intake", intake_request(n));
  }
  REQUIRE(chmod(path.c_str(), 0444) == 0);
  REQUIRE(chmod(dir.path.c_str(), 0555) == 0);
  // root writes through file modes: the attempt runs as nobody then
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
    od_engine* e = nullptr;
    char* err = nullptr;
    int32_t st = od_open(config(json::value(path)).c_str(), &e, &err);
    od_free(err);
    if (st == OD_OK) {
      char* resp = nullptr;
      st = od_call(e, "intake", json::serialize(intake_request(4)).c_str(), &resp);
      od_free(resp);
      od_close(e);
    }
    _exit(st == OD_ERR_STORAGE ? 0 : 10 + (st < 0 ? -st : st) % 100);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // 0: STORAGE at open or at the write
  REQUIRE(chmod(dir.path.c_str(), 0700) == 0);
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  EngineClient e(config(json::value(path)));
  CHECK(case_count(e) == 3);
  check_whole(e);
}

TEST_CASE("the same person applying from six processes at once on PostgreSQL: one case, one live item", "[pg]") {
  REQUIRE(od_test_on_pg());  // runs on the suite's cluster (ONEDOOR_TEST_PG)
  TempDir dir;
  const std::string db = json::serialize(test_database((dir.path / "same.db").string()));
  auto cfg = [&] {
    return json::serialize(json::object{{"database", json::parse(db)},
                                        {"district_file", kDistrict},
                                        {"exclusive", false},
                                        {"delivery", json::object{{"workers", 0}}}});
  };
  { EngineClient first(cfg()); }  // the schema, once
  int go[2];
  REQUIRE(pipe(go) == 0);
  std::vector<pid_t> kids;
  for (int k = 0; k < 6; ++k) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(go[1]);
      od_engine* e = nullptr;
      char* err = nullptr;
      if (od_open(cfg().c_str(), &e, &err) != OD_OK) _exit(20);
      char c;
      if (read(go[0], &c, 1) != 0) _exit(21);  // all start when the pipe closes
      char* resp = nullptr;
      int32_t st = od_call(e, "intake", json::serialize(intake_request(77)).c_str(), &resp);
      int code = 22;
      if (st == OD_OK) code = json::parse(resp).at("created").as_bool() ? 0 : 1;
      od_free(resp);
      od_close(e);
      _exit(code);
    }
    kids.push_back(pid);
  }
  close(go[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let them open
  close(go[1]);
  int created = 0, again = 0;
  for (pid_t pid : kids) {
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    INFO("child exit " << WEXITSTATUS(status));
    CHECK(WEXITSTATUS(status) <= 1);
    created += WEXITSTATUS(status) == 0;
    again += WEXITSTATUS(status) == 1;
  }
  CHECK(created == 1);
  CHECK(again == 5);
  EngineClient e(cfg());
  CHECK(case_count(e) == 1);
  check_whole(e);
}
