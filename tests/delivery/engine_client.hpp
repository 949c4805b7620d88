// A small C++ wrapper over the public C API for the delivery tests: opens an engine,
// calls operations, parses responses. Only <onedoor/onedoor.h> is used.
#pragma once
#include <boost/json.hpp>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "onedoor/onedoor.h"
#include "test_database.h"

namespace odtest {

// The "database" member for a SQLite path, or its PostgreSQL database under
// ONEDOOR_TEST_PG (tests/common/test_database.h).
inline boost::json::value test_database(const std::string& path) {
  char* text = od_test_database_json(path.c_str());
  boost::json::value v = boost::json::parse(text);
  std::free(text);
  return v;
}

namespace json = boost::json;

struct Reply {
  int32_t status = -1;
  json::value body;
  const json::value& at(const char* path) const { return body.at_pointer(path); }
};

class EngineClient {
 public:
  explicit EngineClient(const std::string& config) {
    char* err = nullptr;
    if (od_open(config.c_str(), &engine_, &err) != OD_OK) {
      std::string msg = err ? err : "?";
      od_free(err);
      throw std::runtime_error("od_open failed: " + msg);
    }
  }
  ~EngineClient() { od_close(engine_); }
  EngineClient(const EngineClient&) = delete;
  EngineClient& operator=(const EngineClient&) = delete;

  Reply call(const std::string& op, const json::object& req) const {
    char* resp = nullptr;
    Reply r;
    r.status = od_call(engine_, op.c_str(), json::serialize(req).c_str(), &resp);
    r.body = json::parse(resp ? resp : "null");
    od_free(resp);
    return r;
  }
  // Calls and requires OD_OK.
  json::value ok(const std::string& op, const json::object& req) const {
    Reply r = call(op, req);
    if (r.status != OD_OK) throw std::runtime_error(op + " failed: " + json::serialize(r.body));
    return r.body;
  }
  od_engine* handle() const { return engine_; }

 private:
  od_engine* engine_ = nullptr;
};

inline json::object actor(const std::string& unit, const std::string& role = "officer") {
  return json::object{{"officer", "T-" + unit}, {"unit", unit}, {"role", role}};
}

// A synthetic resident ID with a valid GB 11643 check character.
inline std::string synthetic_id(unsigned n) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char buf[20];
  std::snprintf(buf, sizeof buf, "371502%04u%02u%02u%03u", 1950 + n % 50, 1 + (n / 50) % 12, 1 + (n / 600) % 28,
                (n / 16800) % 1000);
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (buf[i] - '0') * w[i];
  buf[17] = "10X98765432"[sum % 11];
  buf[18] = '\0';
  return buf;
}

}  // namespace odtest
