// Fuzzes each shipped plugin's mapping from a job body to its department's payload: the
// first input byte picks the plugin, the rest is the job body. libcurl is replaced by
// fake_curl.cpp (the plugins, loaded with dlopen, find its definitions first), which
// records what would have been POSTed. A job is either refused with a reason or posted
// as valid UTF-8 JSON; the result's texts are valid UTF-8.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "check.hpp"
#include "fake_curl.h"
#include "plugin_harness.hpp"

namespace {

struct Shipped {
  const char* file;
  const char* unit;
};
const Shipped kPlugins[] = {
    {"libod_webhook.so", "dept.test"},      {"libod_civil.so", "dept.civil"},   {"libod_education.so", "dept.education"},
    {"libod_housing.so", "dept.housing"},   {"libod_hrss.so", "dept.hrss"},     {"libod_socialorg.so", "org.charity"},
};
constexpr size_t kCount = sizeof kPlugins / sizeof kPlugins[0];

struct Loaded {
  std::unique_ptr<odtest::LoadedPlugin> plugin;
  std::unique_ptr<odtest::FakeHost> host;
  std::unique_ptr<odtest::Instance> instance;
};
Loaded loaded[kCount];

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string cfg = R"({"url":"http://dept.invalid/in","secret":")" + std::string(odtest::kSecret) + R"(","timeout_ms":1000})";
  for (size_t i = 0; i < kCount; ++i) {
    loaded[i].plugin = std::make_unique<odtest::LoadedPlugin>(std::string(ONEDOOR_PLUGIN_DIR) + "/" + kPlugins[i].file);
    loaded[i].host = std::make_unique<odtest::FakeHost>(cfg, kPlugins[i].unit);
    loaded[i].instance = std::make_unique<odtest::Instance>(*loaded[i].plugin, *loaded[i].host);
  }
  fakecurl::set_response(fakecurl::Response{});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (body.find('\0') != std::string::npos) body.resize(body.find('\0'));
  const Loaded& p = loaded[data[0] % kCount];
  int before = fakecurl::transfers();
  od_delivery_result r = p.instance->deliver("job-000000001-0123456789abcdef", body);
  // the host promises a UTF-8 JSON object; for anything else only the outcome is checked
  boost::system::error_code ec;
  bool honest_body = boost::json::parse(body, ec).is_object() && !ec;
  if (r.outcome == OD_DELIVERY_DELIVERED) {
    if (fakecurl::transfers() == before) fuzzcheck::violated("delivered without posting", body);
    if (honest_body) fuzzcheck::strict_json(fakecurl::last_request_body(), "a plugin posted invalid JSON");
  } else if (r.outcome != OD_DELIVERY_REJECTED && r.outcome != OD_DELIVERY_RETRY) {
    fuzzcheck::violated("no outcome", body);
  }
  if (strnlen(r.reason, sizeof r.reason) == sizeof r.reason) fuzzcheck::violated("reason not terminated", body);
  fuzzcheck::strict_json(boost::json::serialize(boost::json::value(std::string(r.reason))), "reason");
  return 0;
}
