// The declared contract (src/engine/operations.cpp, util/field_spec.h): requests and
// configurations are checked against their declarations, the `operations` operation
// answers a JSON Schema per operation, and the code cannot read what is not declared.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <onedoor/onedoor.h>

#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "engine/operations.h"
#include "schema_check.hpp"
#include "util/failure.h"
#include "util/json_fields.h"

namespace json = boost::json;
using namespace od;

namespace {

const std::string kDistrict = ONEDOOR_SOURCE_DIR "/config/dongchangfu.json";
const std::string kActor = R"("actor":{"officer":"T-1","unit":"district","role":"supervisor"})";

std::string temp_db() {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() / ("od-contract-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / ("db" + std::to_string(n++) + ".sqlite")).string();
}

struct Result {
  int32_t status;
  json::value doc;
  std::string field() const {
    const json::value* f = doc.is_object() && doc.as_object().contains("error") ? doc.at("error").as_object().if_contains("field") : nullptr;
    return f ? std::string(f->as_string()) : "";
  }
  std::string message() const { return std::string(doc.at("error").at("message").as_string()); }
};

Result open_with(const std::string& extra, od_engine** out = nullptr) {
  std::string config = R"({"database":")" + temp_db() + R"(","district_file":")" + kDistrict + R"(","clock":"manual")" + extra + "}";
  od_engine* e = nullptr;
  char* err = nullptr;
  int32_t st = od_open(config.c_str(), &e, &err);
  Result r{st, err ? json::parse(err) : json::value()};
  od_free(err);
  if (out) *out = e;
  else if (e) od_close(e);
  return r;
}

struct TestEngine {
  od_engine* e = nullptr;
  TestEngine() { REQUIRE(open_with("", &e).status == OD_OK); }
  ~TestEngine() { od_close(e); }
  Result call(const char* op, const std::string& req) {
    char* out = nullptr;
    int32_t st = od_call(e, op, req.c_str(), &out);
    Result r{st, json::parse(out)};
    od_free(out);
    return r;
  }
};

}  // namespace

TEST_CASE("an undeclared field is INVALID naming its path") {
  TestEngine e;
  Result r = e.call("intake", "{" + kActor + R"(,"applicant":{"nmae":"王小明","hukou_town":"gulou"},"hardship":"x"})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "applicant.nmae");
  r = e.call("intake", "{" + kActor + R"(,"household":[{"name":"a"},{"name":"b","relatoin":"子"}]})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "household[1].relatoin");
  r = e.call("case.list", "{" + kActor + R"(,"stat":"open"})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "stat");
  CHECK(r.message().find("state") != std::string::npos);  // the known fields are listed
  // an engine operation has no actor
  r = e.call("engine.status", "{" + kActor + "}");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "actor");
}

TEST_CASE("a wrong type, a value out of range or not allowed is INVALID before the operation runs") {
  TestEngine e;
  Result r = e.call("case.list", "{" + kActor + R"(,"limit":"10"})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "limit");
  r = e.call("case.list", "{" + kActor + R"(,"limit":501})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "limit");
  r = e.call("case.list", "{" + kActor + R"(,"state":"shut"})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "state");
  // checked before the case is looked up: not NOT_FOUND
  r = e.call("archive", "{" + kActor + R"(,"case_id":"C-none","summary":7})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "summary");
  r = e.call("clock.advance", R"({"days":-1})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "days");
}

TEST_CASE("an old spelling is INVALID naming the new one") {
  TestEngine e;
  Result r = e.call("due.list", "{" + kActor + R"(,"overdue_only":true})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "overdue_only");
  CHECK(r.message() == "is now called 'overdue'");
  r = e.call("disclosure.publications", "{" + kActor + R"(,"id":"PUB-2026-000001"})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.message() == "is now called 'publication'");
  r = e.call("due.list", "{" + kActor + R"(,"overdue":true})");
  CHECK(r.status == OD_OK);
}

TEST_CASE("an unknown configuration key is CONFIG naming it") {
  Result r = open_with(R"(,"clok":"manual")");
  CHECK(r.status == OD_ERR_CONFIG);
  CHECK(r.field() == "clok");
  r = open_with(R"(,"delivery":{"worker":0})");
  CHECK(r.status == OD_ERR_CONFIG);
  CHECK(r.field() == "delivery.worker");
  r = open_with(R"(,"delivery":{"workers":"2"})");
  CHECK(r.status == OD_ERR_CONFIG);
  CHECK(r.field() == "delivery.workers");
  Result ok = open_with(R"(,"log_level":"warn","delivery":{"workers":0})");
  CHECK(ok.status == OD_OK);
}

TEST_CASE("an unknown key in the district is CONFIG naming it") {
  json::object d = json::parse(R"({"code":"1","name":"d","towns":[{"code":"a","name":"A","nmae":"x"}],
    "units":[{"id":"district","name":"w","kind":"district_window"},{"id":"gov","name":"g","kind":"government"},
             {"id":"dept","name":"d","kind":"department"}],
    "categories":[{"code":"c","name":"C","owner":"dept"}]})").as_object();
  auto with = [&](const json::object& district) {
    std::string config = R"({"database":")" + temp_db() + R"(","district":)" + json::serialize(district) + "}";
    od_engine* e = nullptr;
    char* err = nullptr;
    int32_t st = od_open(config.c_str(), &e, &err);
    Result r{st, err ? json::parse(err) : json::value()};
    od_free(err);
    if (e) od_close(e);
    return r;
  };
  Result r = with(d);
  CHECK(r.status == OD_ERR_CONFIG);
  CHECK(r.field() == "district.towns[0].nmae");
  d["towns"].as_array()[0].as_object().erase("nmae");
  CHECK(with(d).status == OD_OK);
  d["calendar"] = json::parse(R"({"2026":{"holidays":["2026-01-01"],"workday":[]}})");
  r = with(d);
  CHECK(r.status == OD_ERR_CONFIG);
  CHECK(r.field() == "district.calendar.2026.workday");
  d.erase("calendar");
  d["disclosure"] = json::parse(R"({"colums":["name"]})");
  r = with(d);
  CHECK(r.status == OD_ERR_CONFIG);
  CHECK(r.field() == "district.disclosure.colums");
}

TEST_CASE("operations answers every declared operation with a JSON Schema of its request") {
  TestEngine e;
  Result r = e.call("operations", "{}");
  REQUIRE(r.status == OD_OK);
  const json::array& ops = r.doc.at("operations").as_array();
  CHECK(ops.size() == operations().size());
  for (const char* name : {"intake", "engine.status", "clock.set", "clock.advance", "delivery.run", "plugins.poll",
                           "operations", "render", "verify"}) {
    bool found = false;
    for (const auto& o : ops) found = found || o.at("name").as_string() == name;
    CHECK(found);
  }
  const json::value* intake = nullptr;
  for (const auto& o : ops)
    if (o.at("name").as_string() == "intake") intake = &o;
  REQUIRE(intake);
  CHECK(intake->at("writes").as_bool());
  CHECK(intake->at("actor").as_bool());
  CHECK(intake->at("roles").as_array().size() == 1);  // the role matrix's row: at a window
  const json::value& schema = intake->at("request");
  CHECK(schema.at("$schema").as_string() == "https://json-schema.org/draft/2020-12/schema");
  json::value good = json::parse(R"({"actor":{"officer":"a","unit":"town.gulou","role":"officer"},
    "applicant":{"name":"王小明","id_number":"371502198001010018","hukou_town":"gulou"},"hardship":"x",
    "categories":["dibao"],"household":[{"name":"b","id_number":"371502201001010011"}],"received_at":"2026-03-02"})");
  CHECK(schema_problem(schema, good) == "");
  // the schema refuses what the engine refuses
  json::value typo = good;
  typo.at("applicant").as_object()["nmae"] = "x";
  CHECK(schema_problem(schema, typo) == "$.applicant.nmae: is not allowed (additionalProperties)");
  json::value bad_enum = good;
  bad_enum.as_object()["urgency"] = "urgent";
  CHECK(schema_problem(schema, bad_enum) != "");
  json::value bad_time = good;
  bad_time.as_object()["received_at"] = "yesterday";
  CHECK(schema_problem(schema, bad_time) != "");
  json::value no_actor = good;
  no_actor.as_object().erase("actor");
  CHECK(schema_problem(schema, no_actor) == "$.actor: is required");
}

TEST_CASE("the code cannot read what its declaration lacks, nor read it otherwise") {
  FieldSpecs specs = {f_str("name", 64, ""), f_int("n", 1, 10, ""), f_obj("o", {f_bool("b", "")}, "")};
  json::object obj = json::parse(R"({"name":"x","n":3,"o":{"b":true}})").as_object();
  ReadLog log;
  Fields f(obj, "", &specs, &log);
  CHECK(f.str("name", 64) == "x");
  CHECK(*f.opt_integer("n", 1, 10) == 3);
  CHECK(*f.obj("o").opt_bool("b"));
  CHECK(log.paths == std::set<std::string>{"name", "n", "o", "o.b"});
  auto status_of = [](auto fn) {
    try {
      fn();
    } catch (const Failure& e) {
      return e.status();
    }
    return OD_OK;
  };
  CHECK(status_of([&] { f.opt_str("nmae", 64); }) == OD_ERR_INTERNAL);
  CHECK(status_of([&] { f.str("name", 128); }) == OD_ERR_INTERNAL);     // other limits
  CHECK(status_of([&] { f.opt_integer("n", 0, 10); }) == OD_ERR_INTERNAL);
  CHECK(status_of([&] { f.opt_str("n", 64); }) == OD_ERR_INTERNAL);     // another type
  CHECK(status_of([&] { f.obj("o").opt_str("c", 64); }) == OD_ERR_INTERNAL);
}

TEST_CASE("every operation of the table is declared once, with its function") {
  std::set<std::string> names;
  for (const OpDecl& op : operations()) {
    CHECK(names.insert(op.name).second);
    CHECK(!op.summary.empty());
    if (op.mode == OpMode::Engine) {
      CHECK(op.engine_fn != nullptr);
      CHECK(find_spec(op.fields, "actor") == nullptr);
    } else {
      CHECK(op.fn != nullptr);
      CHECK(find_spec(op.fields, "actor") != nullptr);
    }
  }
}

TEST_CASE("verify and the list of publications answer on a new database") {
  // (also the contract coverage's only callers of these two with these fields)
  TestEngine e;
  Result r = e.call("verify", "{" + kActor + "}");
  REQUIRE(r.status == OD_OK);
  CHECK(r.doc.at("ok").as_bool());
  CHECK(r.doc.at("cases").as_int64() == 0);
  r = e.call("disclosure.publications", "{" + kActor + R"(,"limit":5})");
  REQUIRE(r.status == OD_OK);
  CHECK(r.doc.at("publications").as_array().empty());
  r = e.call("disclosure.publications", "{" + kActor + R"(,"limit":0})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(r.field() == "limit");
}
