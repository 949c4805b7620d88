// What the delivery tests share: a temporary database, the shipped plugins pointed at
// the loopback simulator, an engine configuration, and short-hands for the calls that
// make delivery jobs.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "dept_sim.hpp"
#include "engine_client.hpp"

namespace odtest {

namespace fs = std::filesystem;

inline const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
inline const std::string kPlugins = ONEDOOR_PLUGIN_DIR;
inline const std::string kDistrict = std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json";

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/od-delivery-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string db() const { return (path / "district.db").string(); }
};

inline json::object plugin(const od::sim::DeptSim& sim, const std::string& file, const std::string& path,
                    int timeout_ms = 2000) {
  json::object cfg{{"url", sim.url(path)}, {"secret", kSecret}, {"timeout_ms", timeout_ms},
                   {"poll_url", sim.url(path + "/results")}};
  return json::object{{"file", kPlugins + "/" + file}, {"config", cfg}};
}

// Every unit a notice or report can go to, each with the plugin its department ships.
inline json::object all_plugins(const od::sim::DeptSim& sim) {
  return json::object{
      {"district", plugin(sim, "libod_webhook.so", "/district")},
      {"town.gulou", plugin(sim, "libod_webhook.so", "/town/gulou")},
      {"town.liuyuan", plugin(sim, "libod_webhook.so", "/town/liuyuan")},
      {"town.gulou.office", plugin(sim, "libod_webhook.so", "/town/gulou/office")},
      {"dept.civil", plugin(sim, "libod_civil.so", "/civil")},
      {"dept.education", plugin(sim, "libod_education.so", "/education")},
      {"dept.housing", plugin(sim, "libod_housing.so", "/housing")},
      {"dept.hrss", plugin(sim, "libod_hrss.so", "/hrss")},
      {"org.charity", plugin(sim, "libod_socialorg.so", "/charity")},
      {"gov.district", plugin(sim, "libod_webhook.so", "/gov")},
  };
}

inline std::string config(const TempDir& dir, json::object plugins, int workers, json::object extra_delivery = {}) {
  json::object delivery{{"workers", workers}, {"backoff_base_ms", 1000}, {"backoff_cap_ms", 8000},
                        {"max_attempts", 5}, {"idle_ms", 20}};
  for (auto& kv : extra_delivery) delivery[kv.key()] = kv.value();
  json::object cfg{{"database", test_database(dir.db())}, {"district_file", kDistrict}, {"clock", "manual"},
                   {"clock_start", "2026-03-02T09:00:00+08:00"}, {"plugins", std::move(plugins)},
                   {"delivery", std::move(delivery)}};
  return json::serialize(cfg);
}

inline json::object applicant(unsigned n, const std::string& town) {
  return json::object{{"name", "测试" + std::to_string(n)}, {"id_number", synthetic_id(n)}, {"phone", "13800000001"},
                      {"hukou_town", town}, {"address", "示例路1号"}};
}

inline std::string intake(const EngineClient& e, const std::string& window, unsigned n, const std::string& town,
                   json::array categories, const std::string& urgency = "normal") {
  json::value r = e.ok("intake", json::object{{"actor", actor(window)}, {"applicant", applicant(n, town)},
                                              {"hardship", "因病致贫"}, {"categories", std::move(categories)},
                                              {"urgency", urgency}});
  return std::string(r.at("case_id").as_string());
}

inline json::value route(const EngineClient& e, const std::string& unit, const std::string& item, const std::string& type,
                  const std::string& to = "") {
  json::object req{{"actor", actor(unit)}, {"item_id", item}, {"type", type}};
  if (!to.empty()) req["to"] = to;
  return e.ok("route", req);
}

inline int settle(const EngineClient& e) {
  int total = 0;
  for (int i = 0; i < 50; ++i) {
    int n = static_cast<int>(e.ok("delivery.run", {}).at("attempted").as_int64());
    if (n == 0) break;
    total += n;
  }
  return total;
}

inline json::array jobs(const EngineClient& e, const std::string& state = "") {
  json::object req{{"actor", actor("district")}};
  if (!state.empty()) req["state"] = state;
  return e.ok("delivery.list", req).at("jobs").as_array();
}

inline bool wait_for(const std::function<bool()>& pred, int ms) {
  for (int waited = 0; waited < ms; waited += 10) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}


}  // namespace odtest
