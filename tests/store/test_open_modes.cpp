// How a database may be opened: shared (the default: several engines write one file,
// numbering stays gapless), exclusively (the opt-in: one engine per file, also through a
// symlink), and
// read-only (a report beside a running portal: every query works, every write is
// refused and changes nothing).
#include <catch2/catch.hpp>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <thread>

#include "engine/engine.h"
#include "onedoor/onedoor.h"
#include "synthetic.h"
#include "util/failure.h"

namespace json = boost::json;
using namespace od;

namespace {

const std::string kDistrict = std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json";

struct Dir {
  std::string path;
  Dir() {
    char tmpl[] = "/tmp/od_modes_XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~Dir() { std::filesystem::remove_all(path); }
};

std::string config(const std::string& db, json::object extra = {}) {
  json::object c{{"database", db}, {"district_file", kDistrict}, {"delivery", json::object{{"workers", 0}}}};
  for (auto& kv : extra) c[kv.key()] = kv.value();
  return json::serialize(c);
}

int32_t open_status(const std::string& cfg, std::string* message = nullptr) {
  try {
    Engine::open(cfg);
    return OD_OK;
  } catch (const Failure& f) {
    if (message) *message = f.what();
    return f.status();
  }
}

std::string intake(Engine& e, long n, int32_t* status = nullptr) {
  char id[19], name[32];
  od_synthetic_id(static_cast<unsigned long>(n), id);
  od_synthetic_name(static_cast<unsigned long>(n), name, sizeof name);
  json::object req{{"actor", json::object{{"officer", "O-1"}, {"unit", "town.gulou"}, {"role", "officer"}}},
                   {"applicant", json::object{{"name", name}, {"id_number", id}, {"hukou_town", "gulou"}}},
                   {"hardship", "困难"},
                   {"categories", json::array{"dibao"}}};
  auto [st, text] = e.call("intake", json::serialize(req));
  if (status) *status = st;
  json::value v = json::parse(text);
  return st == OD_OK ? std::string(v.at("case_id").as_string()) : text;
}

json::object district_actor() { return json::object{{"officer", "D-1"}, {"unit", "district"}, {"role", "officer"}}; }

}  // namespace

TEST_CASE("an exclusive engine refuses a second one, also through a symlink") {
  Dir d;
  std::string db = d.path + "/district.db", link = d.path + "/alias.db";
  auto first = Engine::open(config(db, {{"exclusive", true}}));
  std::filesystem::create_symlink(db, link);
  std::string msg;
  CHECK(open_status(config(db), &msg) == OD_ERR_STORAGE);
  CHECK(msg.find("already open") != std::string::npos);
  CHECK(open_status(config(link)) == OD_ERR_STORAGE);
  // a report may still read beside it
  CHECK(open_status(config(db, {{"read_only", true}})) == OD_OK);
}

TEST_CASE("an exclusive engine is refused while shared engines have the file open") {
  Dir d;
  std::string db = d.path + "/district.db";
  auto shared = Engine::open(config(db));
  auto also_shared = Engine::open(config(db));
  std::string msg;
  CHECK(open_status(config(db, {{"exclusive", true}}), &msg) == OD_ERR_STORAGE);
  CHECK(msg.find("already open") != std::string::npos);
  shared.reset();
  also_shared.reset();
  CHECK(open_status(config(db, {{"exclusive", true}})) == OD_OK);  // closed: free again
}

TEST_CASE("shared engines write one file at once and case numbers stay unique and gapless") {
  Dir d;
  std::string db = d.path + "/district.db";
  auto a = Engine::open(config(db, {{"exclusive", false}}));
  auto b = Engine::open(config(db, {{"exclusive", false}}));
  std::set<std::string> ids;
  std::mutex mu;
  auto run = [&](Engine& e, long base) {
    for (long i = 0; i < 40; ++i) {
      int32_t st = -1;
      std::string id = intake(e, base + i, &st);
      REQUIRE(st == OD_OK);
      std::lock_guard<std::mutex> g(mu);
      ids.insert(id);
    }
  };
  std::thread t1(run, std::ref(*a), 1000), t2(run, std::ref(*b), 2000);
  t1.join();
  t2.join();
  REQUIRE(ids.size() == 80);
  std::set<int64_t> seqs;
  for (const auto& id : ids) seqs.insert(std::stoll(id.substr(id.rfind('-') + 1)));
  CHECK(*seqs.begin() == 1);
  CHECK(*seqs.rbegin() == 80);
}

TEST_CASE("a read-only engine beside a writer: every query works, every write is refused") {
  Dir d;
  std::string db = d.path + "/district.db";
  auto writer = Engine::open(config(db, {{"exclusive", false}}));
  std::string case_id = intake(*writer, 7);
  auto reader = Engine::open(config(db, {{"read_only", true}, {"exclusive", false}}));

  auto call = [&](Engine& e, const char* op, json::object req) {
    auto [st, text] = e.call(op, json::serialize(req));
    return std::make_pair(st, json::parse(text));
  };
  for (const char* op : {"case.get", "case.file"}) {
    auto [st, v] = call(*reader, op, {{"actor", district_actor()}, {"case_id", case_id}});
    CHECK(st == OD_OK);
  }
  for (const char* op : {"case.list", "due.list", "stats", "disclosure"}) {
    auto [st, v] = call(*reader, op, {{"actor", district_actor()}});
    INFO(op);
    CHECK(st == OD_OK);
  }
  // what the writer adds next is seen by the reader's next query
  std::string later = intake(*writer, 8);
  CHECK(call(*reader, "case.get", {{"actor", district_actor()}, {"case_id", later}}).first == OD_OK);

  int32_t st = -1;
  std::string refused = intake(*reader, 9, &st);
  CHECK(st == OD_ERR_FORBIDDEN);
  CHECK(json::parse(refused).at("error").at("field") == "read_only");
  auto [ast, av] = call(*reader, "archive", {{"actor", district_actor()}, {"case_id", case_id}});
  CHECK(ast == OD_ERR_FORBIDDEN);
  CHECK(call(*reader, "delivery.run", {}).first == OD_ERR_FORBIDDEN);
  auto [lst, list] = call(*writer, "case.list", {{"actor", district_actor()}});
  CHECK(list.at("count").as_int64() == 2);  // the refused intake left nothing
}

TEST_CASE("a read-only engine never creates a database") {
  Dir d;
  std::string msg;
  CHECK(open_status(config(d.path + "/missing.db", {{"read_only", true}}), &msg) == OD_ERR_STORAGE);
  CHECK(!std::filesystem::exists(d.path + "/missing.db"));
}
