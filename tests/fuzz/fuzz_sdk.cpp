// Fuzzes the plugin SDK where it reads what it did not write: a job body (JSON pointer
// reads, dump, copy through the writer), a job struct of any size from any host, and a
// department's answer to a POST or a poll, with libcurl replaced by fake_curl.cpp. The
// first input byte picks the part. Whatever comes in, what the SDK writes (payloads,
// reports, result texts) must be valid UTF-8 JSON or valid UTF-8 text.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "check.hpp"
#include "fake_curl.h"
#include <onedoor/od_plugin_sdk.h>
#include "plugin_harness.hpp"

namespace {

// NUL-terminated inside its field of `cap` bytes, and valid UTF-8.
bool utf8_text(const char* s, size_t cap) {
  size_t n = strnlen(s, cap);
  if (n == cap) return false;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > n) return false;
    for (size_t k = 1; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

void check_result(const od_delivery_result& r) {
  if (r.outcome != OD_DELIVERY_DELIVERED && r.outcome != OD_DELIVERY_RETRY && r.outcome != OD_DELIVERY_REJECTED)
    fuzzcheck::violated("deliver left no outcome", "");
  if (!utf8_text(r.reason, sizeof r.reason)) fuzzcheck::violated("result reason is not UTF-8 text", r.reason);
  if (!utf8_text(r.reference, sizeof r.reference)) fuzzcheck::violated("result reference is not UTF-8 text", "");
  if (r.retry_after_ms < 0) fuzzcheck::violated("negative retry_after_ms", "");
}

void read_body(std::string_view in) {
  od_sdk_json* doc = od_sdk_json_parse(in.data(), in.size(), nullptr, 0);
  if (!doc) return;
  for (const char* ptr : {"", "/case/id", "/case/applicant/name", "/case/household", "/item/category", "/a", "/0"}) {
    const char* s = od_sdk_json_string(doc, ptr);
    if (s) (void)std::strlen(s);
    double d;
    int64_t i;
    int b;
    od_sdk_json_number(doc, ptr, &d);
    od_sdk_json_int(doc, ptr, &i);
    od_sdk_json_bool(doc, ptr, &b);
    od_sdk_json_size(doc, ptr);
    if (char* dump = od_sdk_json_dump(doc, ptr)) {
      fuzzcheck::strict_json(dump, "od_sdk_json_dump wrote invalid JSON");
      od_sdk_free(dump);
    }
  }
  od_sdk_writer* w = od_sdk_writer_new();
  od_sdk_w_begin_object(w, nullptr);
  od_sdk_w_copy(w, "copy", doc, "");
  od_sdk_w_string(w, "name", od_sdk_json_string(doc, "/case/applicant/name"));
  od_sdk_w_end_object(w);
  if (const char* out = od_sdk_writer_finish(w, nullptr, 0)) fuzzcheck::strict_json(out, "the writer wrote invalid JSON");
  od_sdk_writer_free(w);
  od_sdk_json_free(doc);
}

// A host and a client per input: the fake host keeps every log line and report.
struct Client {
  odtest::FakeHost host{R"({"url":"http://dept.invalid/in","secret":")" + std::string(odtest::kSecret) +
                            R"(","poll_url":"http://dept.invalid/results","timeout_ms":1000})",
                        "dept.test"};
  od_sdk_client* c = nullptr;
  Client() {
    char err[256] = {0};
    c = od_sdk_client_create(host.host(), err, sizeof err);
    if (!c) fuzzcheck::violated("client_create failed", err);
  }
  ~Client() { od_sdk_client_destroy(c); }
};

// [status: 2 bytes][curl code: 1 byte][header lines]\n\n[body]
void department_answers(std::string_view in) {
  if (in.size() < 3) return;
  fakecurl::Response r;
  r.status = (static_cast<uint8_t>(in[0]) << 8 | static_cast<uint8_t>(in[1])) % 1000;
  r.code = static_cast<uint8_t>(in[2]) % 8 == 0 ? static_cast<uint8_t>(in[2]) % 100 : 0;
  in.remove_prefix(3);
  size_t end = in.find("\n\n");
  std::string_view head = in.substr(0, end);
  r.body = end == std::string_view::npos ? std::string() : std::string(in.substr(end + 2));
  for (size_t at = 0; at < head.size();) {
    size_t nl = head.find('\n', at);
    r.headers.emplace_back(head.substr(at, nl == std::string_view::npos ? head.size() - at : nl - at));
    at = nl == std::string_view::npos ? head.size() : nl + 1;
  }
  fakecurl::set_response(r);
  std::string body = odtest::sample_body("job-000000001-0123456789abcdef");
  od_delivery_job job{};
  job.struct_size = sizeof job;
  job.job_id = "job-000000001-0123456789abcdef";
  job.kind = "notice";
  job.case_id = "C371502-2026-000001";
  job.item_id = "C371502-2026-000001-1";
  job.unit = "dept.test";
  job.body_json = body.c_str();
  job.attempt = 1;
  od_delivery_result res{};
  res.struct_size = sizeof res;
  Client client;
  od_sdk_client_deliver(client.c, &job, nullptr, nullptr, &res);
  check_result(res);
  size_t before = client.host.reports().size();
  int32_t n = od_sdk_client_poll(client.c, nullptr, nullptr);
  if (n < -1) fuzzcheck::violated("poll returned less than -1", "");
  auto reports = client.host.reports();
  for (size_t i = before; i < reports.size(); ++i) {
    boost::json::value v = fuzzcheck::strict_json(reports[i], "a poll report is not valid JSON");
    if (!v.is_object()) fuzzcheck::violated("a poll report is not an object", reports[i]);
  }
  if (n >= 0 && reports.size() - before != static_cast<size_t>(n)) fuzzcheck::violated("poll miscounted", "");
}

// A host of another version: any struct_size, any job id text.
void job_struct(std::string_view in) {
  if (in.size() < 2) return;
  std::string id(in.substr(2));
  if (id.find('\0') != std::string::npos) id.resize(id.find('\0'));
  std::string body = odtest::sample_body("x");
  od_delivery_job job{};
  job.struct_size = static_cast<uint8_t>(in[0]) % (sizeof job + 8);
  job.job_id = id.c_str();
  job.kind = "notice";
  job.case_id = "C1";
  job.item_id = "";
  job.unit = "dept.test";
  job.body_json = body.c_str();
  od_delivery_job out;
  od_sdk_job_read(&job, &out);
  if (!out.job_id || !out.kind || !out.case_id || !out.item_id || !out.unit || !out.body_json)
    fuzzcheck::violated("job_read left a NULL string", "");
  fakecurl::set_response(fakecurl::Response{});
  od_delivery_result res{};
  res.struct_size = static_cast<uint8_t>(in[1]) % 2 ? sizeof res : offsetof(od_delivery_result, reason);
  Client client;
  od_sdk_client_deliver(client.c, &job, nullptr, nullptr, &res);
  if (res.struct_size == sizeof res) check_result(res);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: read_body(in); break;
    case 1: department_answers(in); break;
    default: job_struct(in); break;
  }
  return 0;
}
