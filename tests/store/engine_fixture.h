// An engine on a fresh database of either backend (tests/common/test_database.h), for
// tests that drive the store interface directly.
#pragma once
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/engine.h"
#include "test_database.h"

namespace od {

struct EngineFixture {
  std::string dir;
  std::unique_ptr<Engine> e;
  explicit EngineFixture(const char* name) {
    std::string tmpl = std::string("/tmp/") + name + "_XXXXXX";
    dir = mkdtemp(tmpl.data());
    char* db = od_test_database_json((dir + "/district.db").c_str());
    boost::json::object c{{"database", boost::json::parse(db)},
                          {"district_file", ONEDOOR_SOURCE_DIR "/config/dongchangfu.json"},
                          {"delivery", boost::json::object{{"workers", 0}}}};
    std::free(db);
    e = Engine::open(boost::json::serialize(c));
  }
  ~EngineFixture() {
    e.reset();
    std::filesystem::remove_all(dir);
  }
};

}  // namespace od
