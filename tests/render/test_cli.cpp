// The onedoor command on the database render_fixture built: what it prints, what it
// writes, its exit statuses, that it says plainly when a running engine (the portal)
// holds the database, and that `verify` catches an event row deleted behind the
// triggers' back with the sqlite3 shell.
#define CATCH_CONFIG_MAIN
#include <sys/wait.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "onedoor/onedoor.h"

#if !defined(OD_CLI) || !defined(OD_FIXTURE_DIR) || !defined(OD_DISTRICT)
#error "OD_CLI, OD_FIXTURE_DIR and OD_DISTRICT must be defined"
#endif

namespace json = boost::json;

namespace {

struct Run {
  int status;
  std::string out, err;
};

// Runs a shell command line; stdout and stderr captured apart.
Run run(const std::string& cmd) {
  std::string err_file = std::string(OD_FIXTURE_DIR) + "/cli-stderr.txt";
  FILE* p = popen((cmd + " 2>" + err_file).c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  std::ifstream e(err_file);
  std::stringstream ss;
  ss << e.rdbuf();
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out, ss.str()};
}

std::string db() { return std::string(OD_FIXTURE_DIR) + "/district.db"; }
std::string cli(const std::string& database) {
  return std::string(OD_CLI) + " --no-progress --db " + database + " --district " + OD_DISTRICT + " ";
}

// A copy of the fixture's database to spoil.
std::string copy_db(const std::string& name) {
  std::string to = std::string(OD_FIXTURE_DIR) + "/" + name;
  REQUIRE(run("rm -f " + to + "* && sqlite3 " + db() + " \".backup " + to + "\"").status == 0);
  return to;
}

}  // namespace

TEST_CASE("stats as JSON are the library's stats; XLSX goes to a file") {
  Run r = run(cli(db()) + "stats --format json");
  REQUIRE(r.status == 0);
  json::value v = json::parse(r.out);
  CHECK(v.at("cases").as_int64() == 6);
  CHECK(v.at("by").at("town").at("gulou").as_int64() == 5);
  std::string x = std::string(OD_FIXTURE_DIR) + "/cli-ledger.xlsx";
  r = run(cli(db()) + "ledger --format xlsx --out " + x);
  REQUIRE(r.status == 0);
  std::ifstream f(x, std::ios::binary);
  char magic[2] = {0, 0};
  f.read(magic, 2);
  CHECK(std::string(magic, 2) == "PK");
  CHECK(r.err.find("wrote") != std::string::npos);
}

TEST_CASE("documents and errors") {
  Run r = run(cli(db()) + "render receipt --case C371502-2026-000001");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("受理回执") != std::string::npos);
  r = run(cli(db()) + "render receipt --case C371502-2026-999999");
  CHECK(r.status == 1);
  CHECK(r.err.find("NOT_FOUND") != std::string::npos);
  CHECK(r.err.find("case_id") != std::string::npos);
  r = run(cli(db()) + "render receipt --case C371502-2026-000001 --format csv");
  CHECK(r.status == 1);
  CHECK(r.err.find("(format)") != std::string::npos);
  r = run(std::string(OD_CLI) + " --db " + OD_FIXTURE_DIR + "/missing.db status");
  CHECK(r.status == 2);
  CHECK(r.err.find("no database") != std::string::npos);
  r = run(cli(db()) + "due --format csv");
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("\xEF\xBB\xBFoverdue,kind,unit", 0) == 0);
  CHECK(r.out.find("inquiry") != std::string::npos);  // the unanswered inquiry is owed
}

TEST_CASE("the command reads beside a running portal and publishes beside it") {
  std::string held = copy_db("held.db");
  std::string cfg = "{\"database\":\"" + held + "\",\"district_file\":\"" + OD_DISTRICT + "\",\"delivery\":{\"workers\":0}}";
  od_engine* e = nullptr;
  char* err = nullptr;
  REQUIRE(od_open(cfg.c_str(), &e, &err) == OD_OK);  // the portal, shared as by default
  Run r = run(cli(held) + "status");
  CHECK(r.status == 0);
  CHECK(r.out.find("cases: 6") != std::string::npos);
  r = run(cli(held) + "disclosure --publish website --format json");
  CHECK(r.status == 0);
  CHECK(r.err.find("published PUB-2026-000002") != std::string::npos);
  // the portal sees the publication at once
  char* out = nullptr;
  REQUIRE(od_call(e, "disclosure.publications", R"({"actor":{"officer":"T","unit":"district","role":"officer"}})", &out) == OD_OK);
  CHECK(json::parse(out).at("publications").as_array().size() == 2);
  od_free(out);
  od_close(e);
}

TEST_CASE("verify passes a sound database and names a case whose event was deleted") {
  Run r = run(cli(db()) + "verify");
  CHECK(r.status == 0);
  CHECK(r.out.rfind("ok: 6 cases", 0) == 0);
  std::string spoiled = copy_db("spoiled.db");
  REQUIRE(run("sqlite3 " + spoiled + " \"DROP TRIGGER events_no_delete; DELETE FROM events WHERE case_id = 'C371502-2026-000002' AND n = 2;\"").status == 0);
  r = run(cli(spoiled) + "verify");
  CHECK(r.status == 4);
  CHECK(r.out.find("C371502-2026-000002: event 2 is missing") != std::string::npos);
}

TEST_CASE("verify finds an event row edited with the sqlite3 shell, and a forged seal") {
  std::string edited = copy_db("edited.db");
  // the forward of case 1 rewritten to look like a distribute, behind the trigger's back
  REQUIRE(run("sqlite3 " + edited + " \"DROP TRIGGER events_no_update; UPDATE events SET after = 'notified' "
              "WHERE case_id = 'C371502-2026-000001' AND n = 3;\"").status == 0);
  Run r = run(cli(edited) + "verify");
  CHECK(r.status == 4);
  CHECK(r.out.find("C371502-2026-000001 event 3") != std::string::npos);
  CHECK(r.out.find("does not match its hash") != std::string::npos);

  // rewriting the hash too leaves the next event and the district chain broken
  std::string rehashed = copy_db("rehashed.db");
  REQUIRE(run("sqlite3 " + rehashed + " \"DROP TRIGGER events_no_update; UPDATE events SET hash = 'f00d' "
              "WHERE case_id = 'C371502-2026-000001' AND n = 3;\"").status == 0);
  r = run(cli(rehashed) + "verify");
  CHECK(r.status == 4);
  CHECK(r.out.find("district chain link") != std::string::npos);

  std::string forged = copy_db("forged.db");
  REQUIRE(run("sqlite3 " + forged + " \"DROP TRIGGER case_seals_no_update; UPDATE case_seals SET hash = 'beef';\"").status == 0);
  r = run(cli(forged) + "verify");
  CHECK(r.status == 4);
  CHECK(r.out.find("seal") != std::string::npos);
}

namespace {
struct Reply {
  int32_t status;
  json::value body;
};
Reply call(od_engine* e, const char* op, const std::string& req) {
  char* out = nullptr;
  int32_t st = od_call(e, op, req.c_str(), &out);
  Reply r{st, json::parse(out ? out : "{}")};
  od_free(out);
  return r;
}
std::string field_of(const Reply& r) {
  const json::value* f = r.body.as_object().contains("error") ? r.body.at("error").as_object().if_contains("field") : nullptr;
  return f ? std::string(f->as_string()) : std::string();
}
}  // namespace

TEST_CASE("bad requests to the render operations name the field and change nothing") {
  std::string copy = copy_db("ops.db");
  std::string cfg = "{\"database\":\"" + copy + "\",\"district_file\":\"" + OD_DISTRICT + "\",\"delivery\":{\"workers\":0}}";
  od_engine* e = nullptr;
  char* err = nullptr;
  REQUIRE(od_open(cfg.c_str(), &e, &err) == OD_OK);
  const std::string district = R"("actor":{"officer":"T","unit":"district","role":"officer"})";
  const std::string town = R"("actor":{"officer":"T","unit":"town.gulou","role":"officer"})";

  Reply r = call(e, "render", "{" + district + R"(,"document":"poster"})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(field_of(r) == "document");
  r = call(e, "render", "{" + district + R"(,"document":"stats","format":"pdf"})");
  CHECK(field_of(r) == "format");
  r = call(e, "render", "{" + district + R"(,"document":"notice","item_id":"C371502-2026-000001-1","notice":"TRF-2026-999999"})");
  CHECK(r.status == OD_ERR_NOT_FOUND);
  CHECK(field_of(r) == "notice");
  r = call(e, "render", "{" + town + R"(,"document":"ledger","window":"district"})");
  CHECK(r.status == OD_ERR_FORBIDDEN);
  CHECK(field_of(r) == "window");
  r = call(e, "render", "{" + town + R"(,"document":"receipt","case_id":"C371502-2026-000001"})");
  CHECK(r.status == OD_ERR_NOT_FOUND);  // case 1 was received at 新区 for 侯营: not 古楼's, and not probed
  CHECK(field_of(r) == "case_id");

  r = call(e, "disclosure.publications", "{" + district + "}");
  REQUIRE(r.status == OD_OK);
  size_t before = r.body.at("publications").as_array().size();
  r = call(e, "disclosure.publish", "{" + district + R"(,"place":"wall"})");
  CHECK(r.status == OD_ERR_INVALID);
  CHECK(field_of(r) == "place");
  r = call(e, "disclosure.publish", "{" + district + R"(,"place":"website","from":"2026-04-01","to":"2026-03-01"})");
  CHECK(field_of(r) == "to");
  r = call(e, "disclosure.publish", "{" + district + R"(,"place":"website","town":"atlantis"})");
  CHECK(field_of(r) == "town");
  r = call(e, "disclosure.publish", "{" + town + R"(,"place":"website"})");
  CHECK(r.status == OD_ERR_FORBIDDEN);
  r = call(e, "disclosure.publications", "{" + district + "}");
  CHECK(r.body.at("publications").as_array().size() == before);  // nothing changed

  r = call(e, "names", "{" + town + "}");
  REQUIRE(r.status == OD_OK);
  bool found = false;
  for (const auto& c : r.body.at("categories").as_array())
    if (c.at("code") == "tekun") found = c.at("name") == "特困人员供养" && c.at("owner_name") == "区民政局";
  CHECK(found);
  od_close(e);
}
