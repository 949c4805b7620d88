// Fuzzes od_call: the input's first line picks the operation (a name from the
// documented list, or "!<bytes>" for any name at all, or else its first byte picks one
// from the list), the rest is the request. One engine on a database that holds cases in
// every state serves every input, so requests reach deep into each operation.
// Every response must be valid UTF-8 JSON with a documented status.
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "onedoor/onedoor.h"

namespace {

const char* const kOperations[] = {
    "intake", "item.add", "inquiry.answer", "route", "acknowledge", "opinion", "material.request",
    "material.receive", "emergency.grant", "paperwork.complete", "decision.request", "decision.record",
    "feedback", "archive", "case.get", "case.file", "case.list", "due.list", "stats", "disclosure",
    "delivery.list", "delivery.run", "delivery.retry", "plugins.poll", "engine.status", "clock.set",
    "clock.advance",
    // landed on main after issue 11 was written (cooperation, help, roles, render, audit)
    "cooperation.request", "cooperation.answer", "handler.change", "help.broadcast", "help.offer", "help.accept",
    "names", "render", "disclosure.publish", "disclosure.publications", "verify"};
constexpr size_t kOperationCount = sizeof kOperations / sizeof kOperations[0];

od_engine* engine = nullptr;
std::string config_json, db_path, pristine_path;
// Every input may add cases, and stats or due.list read every open case: the database
// goes back to its seeded state every so often, so that a long run stays fast.
constexpr uint64_t kInputsPerDatabase = 20000;
uint64_t inputs = 0;

void open_engine() {
  char* err = nullptr;
  if (od_open(config_json.c_str(), &engine, &err) != OD_OK) {
    std::fprintf(stderr, "fuzz_call: od_open failed: %s\n", err ? err : "?");
    std::abort();
  }
}

void copy_file(const std::string& from, const std::string& to) {
  std::FILE* in = std::fopen(from.c_str(), "rb");
  std::FILE* out = std::fopen(to.c_str(), "wb");
  if (!in || !out) std::abort();
  char buf[1 << 16];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) std::fwrite(buf, 1, n, out);
  std::fclose(in);
  std::fclose(out);
}

std::string call(const char* op, const std::string& req) {
  char* resp = nullptr;
  int32_t rc = od_call(engine, op, req.c_str(), &resp);
  fuzzcheck::check_response(rc, resp);
  std::string out = resp ? resp : "";
  od_free(resp);
  if (rc != OD_OK) {
    std::fprintf(stderr, "fuzz_call setup: %s failed: %s\n", op, out.c_str());
    std::abort();
  }
  return out;
}

std::string actor(const char* unit, const char* role = "officer") {
  return std::string(R"("actor":{"officer":"F-1","unit":")") + unit + R"(","role":")" + role + "\"}";
}

// Cases in every state, through the API: at the window, notified, handling, awaiting
// material, awaiting a decision, with an emergency grant, closed, archived, an inquiry.
void seed_cases() {
  const char* ids[] = {"371502198001010018", "371502198504121238", "371502198709032343", "371502201206203459",
                       "371502195001014568"};
  std::string c[5];
  for (int i = 0; i < 5; ++i) {
    std::string r = call("intake", "{" + actor("town.gulou") + R"(,"applicant":{"name":"测试)" + std::to_string(i) +
                                         R"(","id_number":")" + ids[i] +
                                         R"(","hukou_town":"gulou"},"hardship":"因病致贫","categories":["dibao"],)"
                                         R"("urgency":")" + (i == 3 ? "emergency" : "normal") + "\"}");
    c[i] = r.substr(r.find("C371502-"), 19);
  }
  auto item = [&](int i) { return R"("item_id":")" + c[i] + "-1\""; };
  for (int i = 1; i < 5; ++i) call("route", "{" + actor("town.gulou") + "," + item(i) + R"(,"type":"distribute"})");
  for (int i = 2; i < 5; ++i) call("acknowledge", "{" + actor("town.gulou.office", "handler") + "," + item(i) + "}");
  call("material.request", "{" + actor("town.gulou.office", "handler") + "," + item(2) + R"(,"what":"收入证明"})");
  call("emergency.grant", "{" + actor("town.gulou.office", "handler") + "," + item(3) + R"(,"measures":"临时救助","amount":500})");
  call("decision.request", "{" + actor("town.gulou.office", "head") + "," + item(3) + R"(,"question":"由谁承办"})");
  call("feedback", "{" + actor("town.gulou.office", "head") + "," + item(4) +
                       R"(,"opinion":"经核查","outcome":"granted","amount":800,"signer":"主任","seal":"章","told_at":"2026-03-02T09:00:00+08:00","channel":"phone"})");
  call("archive", "{" + actor("town.gulou") + R"(,"case_id":")" + c[4] + R"(","summary":"办结"})");
  call("intake", "{" + actor("district") + R"(,"channel":"inquiry","applicant":{"name":"咨询人","hukou_town":"liuyuan"},"hardship":"咨询低保政策"})");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // tmpfs when there is one: every write syncs, and a fuzzer writes a lot
  std::string tmpl = access("/dev/shm", W_OK) == 0 ? "/dev/shm/od-fuzz-call-XXXXXX" : "/tmp/od-fuzz-call-XXXXXX";
  const char* dir = mkdtemp(tmpl.data());
  if (!dir) std::abort();
  db_path = std::string(dir) + "/f.db";
  pristine_path = std::string(dir) + "/seeded.db";
  config_json = R"({"database":")" + db_path + R"(","district_file":")" ONEDOOR_SOURCE_DIR
                R"(/config/dongchangfu.json","clock":"manual","clock_start":"2026-03-02T09:00:00+08:00",)"
                R"("delivery":{"workers":0}})";
  open_engine();
  seed_cases();
  od_close(engine);  // checkpoints the WAL into the file
  copy_file(db_path, pristine_path);
  open_engine();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (++inputs % kInputsPerDatabase == 0) {
    od_close(engine);
    copy_file(pristine_path, db_path);
    open_engine();
  }
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view first = in.substr(0, nl);
  std::string request(nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1));
  std::string op;
  for (const char* known : kOperations)
    if (first == known) op = known;
  if (op.empty()) {
    if (!first.empty() && first[0] == '!') op = std::string(first.substr(1));
    else op = kOperations[(first.empty() ? 0 : static_cast<uint8_t>(first[0])) % kOperationCount];
  }
  if (op.find('\0') != std::string::npos) op.resize(op.find('\0'));  // a C string ends there
  if (request.find('\0') != std::string::npos) request.resize(request.find('\0'));
  char* resp = nullptr;
  int32_t rc = od_call(engine, op.c_str(), request.c_str(), &resp);
  fuzzcheck::check_response(rc, resp);
  od_free(resp);
  return 0;
}
