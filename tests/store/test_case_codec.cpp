// The storage codec on its own. This executable is linked from src/store/case_codec.cpp,
// src/domain/case.cpp and src/util/time.cpp only (see CMakeLists.txt), not from the core
// library: the API's response view (domain/case_json.cpp) is not in it, so no change to
// that view can change what these tests see on disk, and a codec that called the view
// would fail to link here.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "case_samples.h"
#include "store/case_codec.h"
#include "util/failure.h"

using namespace od;
namespace json = boost::json;

namespace {

std::string golden_text() {
  std::ifstream in(ONEDOOR_SOURCE_DIR "/tests/store/golden/case_v1.json", std::ios::binary);
  REQUIRE(in);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!s.empty() && s.back() == '\n') s.pop_back();  // the file ends with a newline, the document does not
  return s;
}

int32_t status_of(std::string_view doc) {
  try {
    decode_case(doc);
  } catch (const Failure& f) {
    return f.status();
  }
  return OD_OK;
}

const char* state_name(const Case& c) { return name(c.state); }

}  // namespace

TEST_CASE("the golden v1 document (written by the codec before the split) reads as the expected case") {
  Case got = decode_case(golden_text());
  Case want = samples::golden_case();
  CHECK(got.id == want.id);
  REQUIRE(got.items.size() == 3);
  CHECK(got.items[0] == want.items[0]);
  CHECK(got.items[1] == want.items[1]);
  CHECK(got.items[2] == want.items[2]);
  CHECK(got.applicant == want.applicant);
  CHECK(got.household == want.household);
  CHECK(got == want);
}

TEST_CASE("encoding the golden case gives the golden document back byte for byte") {
  const std::string golden = golden_text();
  const std::string doc = encode_case(samples::golden_case());
  CHECK(doc == golden);
  // and key for key, so a failure above says which member moved
  CHECK(json::parse(doc) == json::parse(golden));
}

TEST_CASE("every state of a case and of an item survives encode then decode") {
  std::mt19937_64 rng(20261201);
  std::set<std::string> case_states, item_states;
  for (unsigned long n = 0; n < 3000; ++n) {
    Case c = samples::random_case(rng, n);
    std::string doc = encode_case(c);
    Case back = decode_case(doc);
    INFO("case " << n << ": " << doc);
    REQUIRE(back == c);
    REQUIRE(encode_case(back) == doc);  // and writing it again changes nothing
    case_states.insert(state_name(c));
    for (const auto& it : c.items) item_states.insert(name(it.state));
  }
  CHECK(case_states.size() == 3);
  CHECK(item_states.size() == 6);
}

TEST_CASE("the document carries its format version, and a newer format is refused") {
  json::object o = json::parse(encode_case(samples::golden_case())).as_object();
  CHECK(o.at("v").as_int64() == kCaseFormat);
  o["v"] = kCaseFormat + 1;
  CHECK(status_of(json::serialize(o)) == OD_ERR_STORAGE);
  o["v"] = "1";
  CHECK(status_of(json::serialize(o)) == OD_ERR_STORAGE);
  o.erase("v");  // documents from before the version was written are format 1
  CHECK(decode_case(json::serialize(o)) == samples::golden_case());
}

TEST_CASE("a damaged document is a storage error, not a crash") {
  CHECK(status_of("") == OD_ERR_STORAGE);
  CHECK(status_of("{\"id\":\"GL-1\",") == OD_ERR_STORAGE);
  CHECK(status_of("[1,2]") == OD_ERR_STORAGE);
  CHECK(status_of("{\"id\":\"GL-1\",\"items\":[7]}") == OD_ERR_STORAGE);
  CHECK(status_of("{\"id\":\"GL-1\",\"units\":[7]}") == OD_ERR_STORAGE);
  CHECK(status_of("{\"id\":\"GL-1\",\"items\":[{\"notices\":[\"x\"]}]}") == OD_ERR_STORAGE);
}

TEST_CASE("instants are Unix milliseconds on disk; very early ISO texts still read") {
  Case c = samples::golden_case();
  json::object o = json::parse(encode_case(c)).as_object();
  CHECK(o.at("received_at").as_int64() == samples::kT0);
  o["received_at"] = "2026-01-01T09:00:00+08:00";
  CHECK(decode_case(json::serialize(o)).received_at == samples::kT0);
}
